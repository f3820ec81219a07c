"""A capture endpoint subscribed to SNS topics for as long as the user wants: topics are created if missing and
recorded in the desired state, every subscription is confirmed before it counts, and closing unsubscribes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.capture.capture_address import capture_host, emulator_addresses
from lambdadesk.core.profile import Profile, Topology
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.core.topology import addresses

if TYPE_CHECKING:  # the endpoint's server (aiohttp) loads when an endpoint first starts, not with every session
    import docker

    from lambdadesk.capture.sns_capture import MessageListener, Peers, SnsCaptureServer

CONFIRM_TIMEOUT_S = 30
UNSUBSCRIBE_WAIT_S = 2.0


class CaptureSession:
    def __init__(self, profile: Profile, client: Callable[[], docker.DockerClient | None]) -> None:
        """`client`: the engine's client when it is needed (the bridge topology's gateway), None when there is none
        (an attached profile)."""
        self._profile = profile
        self._client = client
        self._sns: Any = emulator_client("sns", addresses(profile).host.emulator_url, profile.region)
        self._server: SnsCaptureServer | None = None
        self._listeners: list[MessageListener] = []
        self.subscriptions: dict[str, str] = {}  # topic ARN -> subscription ARN
        self.topics: dict[str, str] = {}  # topic ARN -> name

    @property
    def url(self) -> str:
        return self._server.url if self._server else ""

    @property
    def messages(self) -> list[SnsMessage]:
        return list(self._server.messages) if self._server else []

    def add_listener(self, listener: MessageListener) -> None:
        """Called on the event loop for every message the endpoint accepts, confirmations included."""
        self._listeners.append(listener)
        if self._server is not None:
            self._server.listeners.append(listener)

    async def subscribe(self, topic: str, remember: bool = True, timeout_s: float = CONFIRM_TIMEOUT_S) -> str:
        """Create the topic if needed (recorded in the desired state unless not to `remember`: a topic someone else
        made), subscribe the endpoint and await the confirmation; returns the topic ARN."""
        server = await self._started()
        arn = await self.create_topic(topic, remember)
        if arn not in self.subscriptions:
            server.expect(arn)  # before subscribing: the confirmation may arrive before subscribe returns
            subscribed = await asyncio.to_thread(self._sns.subscribe, TopicArn=arn, Protocol="http",
                                                 Endpoint=server.url, ReturnSubscriptionArn=True)
            await server.wait_confirmed(arn, timeout_s=timeout_s)
            self.subscriptions[arn] = str(subscribed["SubscriptionArn"])
            server.expect(arn, self.subscriptions[arn])
            self.topics[arn] = topic
        return arn

    async def create_topic(self, topic: str, remember: bool = True) -> str:
        """The topic's ARN, created if missing and recorded in the desired state (a restart brings it back)."""
        arn = str((await asyncio.to_thread(self._sns.create_topic, Name=topic))["TopicArn"])
        if remember:
            await asyncio.to_thread(DesiredStateStore(self._profile.name).record_topic, topic)
        return arn

    async def topic_names(self) -> list[str]:
        """Every topic the emulator has now (its first 100)."""
        listed = await asyncio.to_thread(self._sns.list_topics)
        return [str(topic["TopicArn"]).rsplit(":", 1)[-1] for topic in listed.get("Topics", [])][:100]

    async def publish(self, topic_arn: str, message: str, subject: str | None = None,
                      attributes: dict[str, str] | None = None) -> str:
        """Publish to a topic (string attributes); returns the message id."""
        extra: dict[str, Any] = {"Subject": subject} if subject else {}
        if attributes:
            extra["MessageAttributes"] = {name: {"DataType": "String", "StringValue": value}
                                          for name, value in attributes.items()}
        published = await asyncio.to_thread(self._sns.publish, TopicArn=topic_arn, Message=message, **extra)
        return str(published["MessageId"])

    async def start(self) -> str:
        """Start the endpoint (subscribe does it too); returns its URL."""
        return (await self._started()).url

    async def next_notification(self, after: int, timeout_s: float, topic_arn: str | None = None) -> SnsMessage:
        """The first notification (of `topic_arn`, if given) beyond the first `after` kept messages."""
        return await (await self._started()).next_notification(after, timeout_s, topic_arn)

    async def lost(self) -> list[str]:
        """The topics captured without a live subscription: the emulator no longer has it (a reset or a restart
        took it), or subscribing again has not succeeded yet."""
        gone = []
        for topic_arn, name in list(self.topics.items()):
            subscription = self.subscriptions.get(topic_arn)
            try:
                if subscription is not None:
                    await asyncio.to_thread(self._sns.get_subscription_attributes, SubscriptionArn=subscription)
                    continue
            except self._sns.exceptions.NotFoundException:
                pass
            gone.append(name)
        return gone

    async def renew(self) -> list[str]:
        """Subscribe again to every topic after the emulator lost its state (a reset, a restart). A topic whose
        subscribing fails stays known, so the next renewal tries it again."""
        names = list(self.topics.values())
        self.subscriptions.clear()
        return [await self.subscribe(name) for name in names]

    def _emulator_peers(self) -> Peers | None:
        """BRIDGE: only the emulator's container may post to the gateway address every container reaches. HOST: the
        endpoint is on the loopback, which only this machine's own processes reach."""
        if self._profile.topology is not Topology.BRIDGE or self._profile.attached is not None:
            return None  # attached: the emulator is not lambdadesk's container, its address is not known

        async def peers() -> frozenset[str]:
            return await asyncio.to_thread(lambda: emulator_addresses(self._profile, self._client()))

        return peers

    async def close(self) -> None:
        """Unsubscribe (the emulator may already be gone: nothing to undo then) and stop the endpoint."""
        for topic_arn, subscription in self.subscriptions.items():
            with contextlib.suppress(Exception):
                await asyncio.to_thread(self._sns.unsubscribe, SubscriptionArn=subscription)
                if self._server is not None:  # SNS says goodbye with a POST: let it land before the endpoint closes
                    await self._server.wait_unsubscribed(topic_arn, UNSUBSCRIBE_WAIT_S)
            if self._server is not None:
                self._server.forget(topic_arn)
        self.subscriptions.clear()
        if self._server is not None:
            await self._server.stop()
            self._server = None

    async def _started(self) -> SnsCaptureServer:
        if self._server is None:
            from lambdadesk.capture.sns_capture import SnsCaptureServer, api_confirmer

            host = await asyncio.to_thread(lambda: capture_host(self._profile, self._client()))
            server = SnsCaptureServer(host, confirm=api_confirmer(self._sns), peers=self._emulator_peers())
            server.listeners.extend(self._listeners)
            await server.start()
            self._server = server
        return self._server
