"""An HTTP endpoint for SNS subscriptions: confirms them, keeps notifications (bounded, in order), and answers
anything else with 400 and a logged reason. It accepts messages only for the topics it subscribed to (and, once
known, only from that subscription): anything else is refused with 403 and counted. Bound to one address, never
0.0.0.0; where that address is shared with containers (a Docker network's gateway), only the emulator's address
may post."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import web

from lambdadesk.capture.connection_guard import MAX_CONNECTION_S, MAX_CONNECTIONS, GuardedSite
from lambdadesk.core.sns_message import SnsMessage, SnsPostError, parse_sns_post

LOG = logging.getLogger(__name__)
Confirm = Callable[[SnsMessage], Awaitable[None]]
MessageListener = Callable[[SnsMessage], None]
Peers = Callable[[], Awaitable[frozenset[str]]]  # the addresses that may post (the emulator's), read again on a miss
PEERS_READ_EVERY_S = 1.0  # a sender not allowed makes the addresses be read again, at most this often


def api_confirmer(sns_client: Any) -> Confirm:
    """Confirms subscriptions through the emulator's API with the token, never by following a URL from a message."""
    async def confirm(message: SnsMessage) -> None:
        await asyncio.to_thread(sns_client.confirm_subscription, TopicArn=message.topic_arn, Token=message.token)

    return confirm


class SnsCaptureServer:
    def __init__(self, host: str, port: int = 0, *, confirm: Confirm, max_body: int = 256 * 1024,
                 keep: int = 1000, most_connections: int = MAX_CONNECTIONS,
                 connection_lifetime_s: float = MAX_CONNECTION_S, peers: Peers | None = None) -> None:
        if host in ("0.0.0.0", "::", ""):
            raise ValueError("the capture endpoint binds to one address, never to all of them")
        self._host, self._port = host, port
        self._peers = peers  # None: any sender that reaches the address (the loopback: this machine's own)
        self._allowed: frozenset[str] = frozenset()
        self._peers_read_at = -PEERS_READ_EVERY_S
        self._max_body = max_body
        self._most, self._lifetime_s = most_connections, connection_lifetime_s
        self.limits: Any = None  # the connection guard's counts, once started
        self._confirm = confirm
        self.messages: deque[SnsMessage] = deque(maxlen=keep)
        self.rejected: deque[str] = deque(maxlen=100)
        self.refused = 0  # posts answered 403: for a topic or subscription that is not this endpoint's
        self._topics: dict[str, str] = {}  # topic ARN subscribed to -> its subscription ARN ("" until known)
        self.listeners: list[MessageListener] = []
        self._confirmed: dict[str, asyncio.Event] = {}
        self._unsubscribed: dict[str, asyncio.Event] = {}
        self._arrived = asyncio.Condition()
        self._app = web.Application(client_max_size=max_body)
        self._app.router.add_post("/{tail:.*}", self._on_post)
        self._runner = web.AppRunner(self._app, access_log=None)
        self.url = ""

    async def start(self) -> str:
        await self._runner.setup()
        site = GuardedSite(self._runner, self._host, self._port, self._most, self._lifetime_s)
        await site.start()
        self.limits = site.limits
        host, port = self._runner.addresses[0][:2]
        self.url = f"http://{host}:{port}/sns"
        return self.url

    async def stop(self) -> None:
        await self._runner.cleanup()
        await asyncio.sleep(0.1)  # the handlers of kept-alive connections end, and close them, on later turns

    def expect(self, topic_arn: str, subscription_arn: str = "") -> None:
        """Accept messages of `topic_arn`; notifications only from `subscription_arn` when it is given."""
        self._topics[topic_arn] = subscription_arn

    def forget(self, topic_arn: str) -> None:
        self._topics.pop(topic_arn, None)

    async def wait_confirmed(self, topic_arn: str, timeout_s: float) -> None:
        await asyncio.wait_for(self._confirmed.setdefault(topic_arn, asyncio.Event()).wait(), timeout_s)

    async def wait_unsubscribed(self, topic_arn: str, timeout_s: float) -> None:
        """Until SNS has posted the UnsubscribeConfirmation for `topic_arn`."""
        await asyncio.wait_for(self._unsubscribed.setdefault(topic_arn, asyncio.Event()).wait(), timeout_s)

    async def next_notification(self, after: int, timeout_s: float, topic_arn: str | None = None) -> SnsMessage:
        """The first notification (of `topic_arn`, if given) beyond the first `after` kept messages."""
        async def arrived() -> SnsMessage:
            async with self._arrived:
                while True:
                    for message in list(self.messages)[after:]:
                        if message.message_type == "Notification" and topic_arn in (None, message.topic_arn):
                            return message
                    await self._arrived.wait()

        return await asyncio.wait_for(arrived(), timeout_s)

    async def _on_post(self, request: web.Request) -> web.Response:
        stranger = await self._stranger(request.remote or "")
        if stranger:
            self.refused += 1
            return self._reject(stranger, 403)
        try:
            body = await request.read()
            message = parse_sns_post(dict(request.headers), body)
        except web.HTTPRequestEntityTooLarge:
            return self._reject(f"body over {self._max_body} bytes", 413)
        except SnsPostError as exc:
            return self._reject(str(exc), 400)
        foreign = self._foreign(message, request.headers.get("x-amz-sns-subscription-arn", ""))
        if foreign:
            self.refused += 1
            return self._reject(foreign, 403)
        if message.message_type == "SubscriptionConfirmation":
            try:
                await self._confirm(message)
            except Exception as exc:  # the emulator refused or is gone: the sender hears why, the server lives on
                return self._reject(f"could not confirm the subscription to {message.topic_arn}: {exc}", 400)
            self._confirmed.setdefault(message.topic_arn, asyncio.Event()).set()
        elif message.message_type == "UnsubscribeConfirmation":
            self._unsubscribed.setdefault(message.topic_arn, asyncio.Event()).set()
        async with self._arrived:
            self.messages.append(message)
            self._arrived.notify_all()
        for listener in self.listeners:
            try:
                listener(message)
            except Exception:  # kept already: a 5xx now would make SNS send it again, a duplicate
                LOG.exception("a capture listener failed on message %s", message.message_id)
        return web.Response(text="ok")

    async def _stranger(self, remote: str) -> str:
        """Why `remote` may not post here, or "". The emulator's address is read again when an unknown sender
        comes (the emulator may have restarted with another one), at most every PEERS_READ_EVERY_S."""
        if self._peers is None or remote in self._allowed:
            return ""
        if time.monotonic() - self._peers_read_at >= PEERS_READ_EVERY_S:
            self._peers_read_at = time.monotonic()
            try:
                self._allowed = await self._peers()
            except Exception as exc:  # Docker not answering: nobody new gets in, the endpoint lives on
                LOG.warning("could not read the emulator's address: %s", exc)
            if remote in self._allowed:
                return ""
        allowed = ", ".join(sorted(self._allowed)) or "none known now"
        return f"only the emulator's container may post here ({allowed}), not {remote[:60]}"

    def _foreign(self, message: SnsMessage, subscription: str) -> str:
        """Why the message is not for this endpoint, or ""."""
        if message.topic_arn not in self._topics:
            return f"this endpoint is not subscribed to {message.topic_arn[:200]}"
        known = self._topics[message.topic_arn]
        if message.message_type == "Notification" and subscription and known and subscription != known:
            return f"subscription {subscription[:200]} is not this endpoint's"
        return ""

    def _reject(self, reason: str, status: int) -> web.Response:
        LOG.warning("capture endpoint rejected a POST: %s", reason)
        self.rejected.append(reason)
        return web.Response(status=status, text=f"rejected: {reason}\n")
