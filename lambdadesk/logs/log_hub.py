"""Follows the logs of every container a profile owns, as one stream, and picks up containers that start later
(the Lambda containers the emulator starts), on the host engine and, with dind, on the inner daemon too. An emulator
that runs its Lambdas in no container (MiniStack), or one lambdadesk did not start (attach), has their logs read from
its CloudWatch Logs instead."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import docker
from docker.errors import DockerException
from docker.models.containers import Container

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.dind_client import dind_client
from lambdadesk.adapters.docker.streams import cancel_stream, release_stream
from lambdadesk.adapters.readiness_probe import probe
from lambdadesk.adapters.store import dind_certificate_store, secrets
from lambdadesk.core import labels
from lambdadesk.core.events import LogLine
from lambdadesk.core.profile import EmulatorKind, Profile
from lambdadesk.core.readiness import Readiness, ReadinessKind
from lambdadesk.core.topology import LOOPBACK, addresses
from lambdadesk.logs.cloudwatch_follower import CloudWatchFollower, function_logs_client
from lambdadesk.logs.log_stream import LineQueue, LogFollower, each_line


class LogHub:
    def __init__(self, clients: list[docker.DockerClient], profile: str, service: str | None = None, *,
                 follow: bool = True, tail: int | str = 100, secrets: tuple[str, ...] = (),
                 owned_clients: list[docker.DockerClient] | None = None,
                 function_logs: CloudWatchFollower | None = None) -> None:
        self._clients = clients
        self._profile = profile
        self._service = service
        self._follow = follow
        self._tail = tail
        self._secrets = secrets
        self._owned_clients = owned_clients or []  # clients the hub made and closes (the dind daemon's)
        self._queue = LineQueue()
        self._followers: dict[str, LogFollower | CloudWatchFollower] = {}
        self._function_logs = function_logs
        self._pumps: set[asyncio.Task[None]] = set()
        self._event_streams: list[Any] = []
        self._watchers: list[threading.Thread] = []
        self._closed = False
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def sources(self) -> list[str]:
        return sorted(self._followers)

    async def start(self) -> None:
        """Follow what exists now; with follow=True also watch for owned containers that start later."""
        self._loop = asyncio.get_running_loop()
        if self._function_logs is not None:
            self._add(self._function_logs)
        for client in self._clients:
            for container in await asyncio.to_thread(owned_objects.containers, client, self._profile, self._service):
                self._attach(container, self._tail)
            if self._follow:
                watcher = threading.Thread(target=self._watch, args=(client,), name="logs-events", daemon=True)
                watcher.start()
                self._watchers.append(watcher)
        if not self._follow and not self._followers:
            self._queue.end()

    async def batches(self) -> AsyncIterator[list[LogLine]]:
        """The lines of every followed container, in batches as each was read."""
        async for batch in self._queue.batches():
            yield batch

    def lines(self) -> AsyncIterator[LogLine]:
        return each_line(self.batches())

    def close(self) -> None:
        """Stop every stream and watcher; blocking (joins threads), so call it off the GUI thread."""
        self._closed = True
        for stream in list(self._event_streams):
            cancel_stream(stream)
        for follower in list(self._followers.values()):
            follower.close()
        for watcher in self._watchers:
            watcher.join(timeout=5)
        for client in self._owned_clients:
            client.close()
        if self._loop is not None and not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._queue.end)

    @property
    def alive(self) -> bool:
        return any(w.is_alive() for w in self._watchers) or any(f.alive for f in self._followers.values())

    def _attach(self, container: Container, tail: int | str) -> None:
        if self._closed or container.id in self._followers:
            return
        self._add(LogFollower(container, follow=self._follow, tail=tail, secrets=self._secrets))

    def _add(self, follower: LogFollower | CloudWatchFollower) -> None:
        self._followers[follower.container_id] = follower
        follower.start()
        pump = asyncio.get_running_loop().create_task(self._pump(follower))
        self._pumps.add(pump)
        pump.add_done_callback(self._pump_done)

    async def _pump(self, follower: LogFollower | CloudWatchFollower) -> None:
        async for batch in follower.batches():
            self._queue.put_batch(batch)
        # a container that stopped: said, and followed again if it restarts (CloudWatch Logs end only when closed)
        if self._follow and not self._closed and isinstance(follower, LogFollower):
            if self._followers.get(follower.container_id) is follower:
                del self._followers[follower.container_id]
            stamp = datetime.now(UTC).isoformat().replace("+00:00", "Z")
            self._queue.put(LogLine(follower.source, stamp, "[the container stopped: its log ends here]", ended=True))

    def _pump_done(self, pump: asyncio.Task[None]) -> None:
        self._pumps.discard(pump)
        if not self._follow and not self._pumps:
            self._queue.end()  # history only: done when every container's history is read

    def _watch(self, client: docker.DockerClient) -> None:
        """Runs in its own thread: Docker's event stream for owned containers starting."""
        filters = {"type": "container", "event": "start", **labels.owned_filter(self._profile, self._service)}
        stream = None
        try:
            stream = client.events(decode=True, filters=filters)
            self._event_streams.append(stream)
            if self._closed:  # close() ran before the stream existed
                cancel_stream(stream)
            for event in stream:
                if self._closed:
                    break
                container = owned_objects.find_container(client, event["id"])
                if container is None:
                    continue  # a short-lived container already gone: the watch goes on
                if labels.is_owned(container.labels, self._profile) and self._loop is not None:
                    self._loop.call_soon_threadsafe(self._attach, container, "all")
        except (DockerException, OSError, ValueError):
            pass  # the stream was closed, or the daemon went away (dind stopped): nothing more will start there
        finally:
            release_stream(stream)


async def profile_log_hub(profile: Profile, host: docker.DockerClient | None, service: str | None = None, *,
                          follow: bool = True, tail: int | str = 100) -> LogHub:
    """A hub over the profile's containers on the host engine and, when its dind daemon answers, inside it. An
    attached profile (no engine: `host` None) has no container of lambdadesk's: its functions' CloudWatch Logs only."""
    clients = [host] if host is not None else []
    dind_url = addresses(profile).host.dind_url
    client_dir = str(dind_certificate_store.client_dir(profile.name))
    if dind_url and (await probe(Readiness(ReadinessKind.DOCKER, LOOPBACK, profile.dind_port, tls_dir=client_dir)))[0]:
        clients.append(dind_client(dind_url, client_dir))
    token = secrets.auth_token()
    masked = (token,) if token else ()
    function_logs = None
    no_lambda_containers = profile.emulator is EmulatorKind.MINISTACK or profile.attached is not None
    if no_lambda_containers and service in (None, labels.LAMBDA_SERVICE):
        logs = function_logs_client(addresses(profile).host.emulator_url, profile.region)
        function_logs = CloudWatchFollower(logs, profile.name, follow=follow, tail=tail, secrets=masked)
    return LogHub(clients, profile.name, service, follow=follow, tail=tail, secrets=masked,
                  owned_clients=clients[1:], function_logs=function_logs)
