"""Brings a profile's environment up and stops it. Every object it creates carries lambdadesk's
labels, and every destructive call selects by them: the user's other containers are never touched."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterable
from typing import Any

from docker.errors import APIError
from docker.models.containers import Container

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.adapters.docker.dind_client import dind_client
from lambdadesk.adapters.docker.docker_connection import DockerConnection
from lambdadesk.adapters.docker.image_puller import ensure_image
from lambdadesk.adapters.docker.podman_network import resolves_names
from lambdadesk.adapters.host.port_check import port_holder
from lambdadesk.adapters.readiness_probe import ServiceBrokenError, probe
from lambdadesk.adapters.store import dind_certificate_store
from lambdadesk.core import labels
from lambdadesk.core.emulator_image import choose_emulator_image
from lambdadesk.core.engine import EngineReach, profile_reach, unreachable_engine
from lambdadesk.core.errors import (
    AuthTokenMissingError,
    ContainerExitedError,
    LambdadeskError,
    PortInUseError,
    StartTimeoutError,
)
from lambdadesk.core.events import (
    Event,
    EventSink,
    Notice,
    ServiceState,
    ServiceStatus,
    StateChanged,
    ignore_events,
)
from lambdadesk.core.profile import Profile, Topology
from lambdadesk.core.redaction import redact
from lambdadesk.core.topology import DIND, EMULATOR, REDIS, addresses, network_name
from lambdadesk.environment import dind_preload, environment_status
from lambdadesk.environment.container_create import create_container
from lambdadesk.environment.container_spec import ContainerSpec
from lambdadesk.environment.container_specs import build_specs
from lambdadesk.environment.down_report import DownReport, container_data
from lambdadesk.environment.emulator_warmup import BackgroundWarmUp, abandon_warm_ups
from lambdadesk.environment.name_resolution import NoNameResolutionError

_STOP_ORDER = (EMULATOR, labels.LAMBDA_SERVICE, REDIS, DIND)


class Lifecycle:
    def __init__(self, profile: Profile, connection: DockerConnection, auth_token: str | None = None,
                 on_event: EventSink = ignore_events) -> None:
        self.profile = profile
        self.connection = connection
        self._client = connection.client
        self._auth_token = auth_token
        self._on_event = on_event
        self._loop: asyncio.AbstractEventLoop | None = None
        self._warm_up: BackgroundWarmUp | None = None

    def specs(self, emulator_image: str | None = None) -> list[ContainerSpec]:
        image = emulator_image or self._image_to_inspect()
        dind_tls = dind_certificate_store.ensure(self.profile.name) if self.profile.dind else None
        return build_specs(self.profile, image, self._reach(), self._auth_token, dind_tls)

    def _reach(self) -> EngineReach:
        return profile_reach(self.connection.reach, self.connection.base_url, self.profile)

    def _image_to_inspect(self) -> str:
        """The image a start would run, for stop and status, which need no token: a token-only image whose
        token is gone is still named (`up` is what refuses it)."""
        try:
            return choose_emulator_image(self.profile, self._auth_token is not None).image
        except AuthTokenMissingError:
            return self.profile.emulator_image

    async def up(self) -> list[str]:
        """Create what is missing, start what is stopped, and wait until every service is really ready. Returns the
        services it (re)started: a (re)started emulator has lost what was deployed in it."""
        self._loop = asyncio.get_running_loop()
        choice = choose_emulator_image(self.profile, self._auth_token is not None)
        if choice.notice:
            self.emit(Notice(choice.notice))
        problem = unreachable_engine(self._reach(), self.connection.base_url, self.profile)
        if problem is not None:
            raise problem
        specs = self.specs(choice.image)
        existing = await asyncio.to_thread(self._existing_containers, specs)
        if self.profile.topology is Topology.BRIDGE:
            network = network_name(self.profile)
            await asyncio.to_thread(owned_objects.ensure_network, self._client, self.profile, network)
            if not self.profile.dind and not await asyncio.to_thread(resolves_names, self._client, network):
                raise NoNameResolutionError(network)
        to_start = [s for s in specs if not _is_current_and_running(existing.get(s.name), s)]
        await asyncio.gather(*(asyncio.to_thread(self._pull, s) for s in to_start))
        # a running container about to be recreated still holds its ports: checked once it is gone (_bring_up)
        self._check_ports(s for s in to_start if existing.get(s.name) is None or existing[s.name].status != "running")
        for wave in _waves(specs):
            await _all_or_first_error(self._bring_up(spec, existing.get(spec.name)) for spec in wave)
            if self.profile.preload_images and any(s.service == DIND for s in wave):
                await asyncio.to_thread(self._preload)  # before the emulator, which starts Lambdas in dind
        return [s.service for s in to_start]

    async def warmed_up(self) -> None:
        """Until the emulator's flow services (lambda, apigateway, sns) have answered once after its start."""
        if self._warm_up is not None:
            await self._warm_up.wait()

    async def down(self, remove_volumes: bool = False) -> DownReport:
        """Stop gracefully (the emulator first, so it removes its Lambda containers), then remove containers
        (with the volumes Docker made for their images) and networks; the named volumes only when asked."""
        self._loop = asyncio.get_running_loop()
        abandon_warm_ups(self.profile.name)  # its calls would only fail now, whoever started it
        containers = await asyncio.to_thread(owned_objects.containers, self._client, self.profile.name)
        named = await asyncio.to_thread(owned_objects.volume_names, self._client, self.profile.name)
        named_set = frozenset(named)
        report = DownReport(sorted(c.name for c in containers if c.labels.get(labels.SERVICE) != labels.LAMBDA_SERVICE),
                            [data for c in containers for data in container_data(c, named_set)])
        by_service: dict[str, list[Container]] = {}
        for container in containers:
            by_service.setdefault(container.labels.get(labels.SERVICE, ""), []).append(container)
        timeouts = {spec.service: spec.stop_timeout_s for spec in self.specs()}
        for service in (*_STOP_ORDER, *sorted(set(by_service) - set(_STOP_ORDER))):
            group = by_service.get(service, [])
            if group:
                self.emit(StateChanged(service, ServiceState.STOPPING))
                await asyncio.gather(*(asyncio.to_thread(owned_objects.stop_and_remove, c, timeouts.get(service, 10))
                                       for c in group))
                self.emit(StateChanged(service, ServiceState.ABSENT))
        report.networks = await asyncio.to_thread(owned_objects.remove_networks, self._client, self.profile.name)
        if remove_volumes:
            report.volumes_removed = await asyncio.to_thread(owned_objects.remove_volumes, self._client,
                                                             self.profile.name)
        report.volumes_kept = [name for name in named if name not in report.volumes_removed]
        report.lambda_containers = len(containers) - len(report.containers)
        return report

    async def status(self) -> list[ServiceStatus]:
        return await environment_status.collect(self._client, self.profile.name, self.specs())

    async def _bring_up(self, spec: ContainerSpec, container: Container | None) -> None:
        if container is not None and _spec_changed(container, spec):
            self.emit(StateChanged(spec.service, ServiceState.STOPPING, "settings changed: recreating"))
            await asyncio.to_thread(owned_objects.stop_and_remove, container, spec.stop_timeout_s)
            self._check_ports([spec])
            container = None
        if container is None:
            self.emit(StateChanged(spec.service, ServiceState.CREATING))
            for volume in spec.volumes:
                await asyncio.to_thread(owned_objects.ensure_volume, self._client, self.profile.name, volume)
            container = await asyncio.to_thread(create_container, self._client, spec)
        assert container is not None
        started = container.status != "running"
        # its services load on first use: once it is ready they are called, unwaited (the clients made meanwhile)
        warm_up = BackgroundWarmUp(self.profile) if started and spec.service == EMULATOR else None
        try:
            if started:
                await self._start(spec, container)
            await self._wait_ready(spec, container)
        except BaseException:
            if warm_up is not None:
                warm_up.abandon()
            raise
        if warm_up is not None:
            warm_up.begin()
            self._warm_up = warm_up
        self.emit(StateChanged(spec.service, ServiceState.READY))

    async def _start(self, spec: ContainerSpec, container: Container) -> None:
        self.emit(StateChanged(spec.service, ServiceState.STARTING))
        try:
            await asyncio.to_thread(container.start)
        except APIError as exc:
            self.emit(StateChanged(spec.service, ServiceState.FAILED, str(exc.explanation)))
            raise ContainerExitedError(
                f"{spec.service} ({spec.image}) could not start: {exc.explanation}",
                f"Check the {spec.service} image in the profile; it must be one that runs as {spec.service}.",
            ) from exc

    async def _wait_ready(self, spec: ContainerSpec, container: Container) -> None:
        deadline = time.monotonic() + self.profile.start_timeout_s
        delay = 0.05
        said = ""
        while True:
            try:
                ready, reason = await probe(spec.readiness)
            except ServiceBrokenError as exc:
                self.emit(StateChanged(spec.service, ServiceState.FAILED, exc.message))
                raise
            if ready:
                return
            if reason != said:  # tell what it still waits for, each time that changes
                said = reason
                self.emit(StateChanged(spec.service, ServiceState.STARTING, reason))
            await asyncio.to_thread(container.reload)
            if container.status in ("exited", "dead"):
                logs = await self._last_logs(container)
                raise ContainerExitedError(
                    f"{spec.service} ({spec.image}) stopped while starting. Its last log lines:\n{logs}",
                    f"Read lambdadesk logs {spec.service}, fix the cause, then run lambdadesk up again.")
            if time.monotonic() > deadline:
                logs = await self._last_logs(container)
                self.emit(StateChanged(spec.service, ServiceState.FAILED, reason))
                raise StartTimeoutError(spec.service, self.profile.start_timeout_s, reason, logs)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.1)  # a tenth of a second from ready to noticed, at most

    def _existing_containers(self, specs: list[ContainerSpec]) -> dict[str, Container]:
        found = {}
        for spec in specs:
            container = owned_objects.find_container(self._client, spec.name)
            if container is None:
                continue
            if not labels.is_owned(container.labels, self.profile.name):
                raise LambdadeskError(
                    f"A container named {spec.name} exists and was not created by lambdadesk for profile "
                    f"{self.profile.name!r}; lambdadesk will not touch it.",
                    "Rename or remove that container yourself, or use another profile name.")
            found[spec.name] = container
        return found

    def _pull(self, spec: ContainerSpec) -> None:
        if ensure_image(self._client, spec.image, spec.service, self._emit_threadsafe):
            self._emit_threadsafe(StateChanged(spec.service, ServiceState.CREATING, f"pulled {spec.image}"))

    def _check_ports(self, specs: Iterable[ContainerSpec]) -> None:
        for spec in specs:
            for port in spec.host_ports():
                holder = port_holder(port)
                if holder is not None:
                    raise PortInUseError(port, spec.service, holder)

    def _preload(self) -> None:
        dind_url = addresses(self.profile).host.dind_url
        assert dind_url is not None
        client_dir = dind_certificate_store.client_dir(self.profile.name)
        for line in dind_preload.preload(self._client, dind_client(dind_url, client_dir, timeout_s=600),
                                         self.profile.preload_images):
            self._emit_threadsafe(StateChanged(DIND, ServiceState.READY, line))

    async def _last_logs(self, container: Container) -> str:
        """For a start-failure message: a container that prints the auth token must not put it on screen."""
        logs = await asyncio.to_thread(owned_objects.last_logs, container)
        return redact(logs, (self._auth_token,) if self._auth_token else ())

    def emit(self, event: Event) -> None:
        self._on_event(event)

    def _emit_threadsafe(self, event: Event) -> None:
        if self._loop is None:
            self._on_event(event)
        else:
            self._loop.call_soon_threadsafe(self._on_event, event)


async def _all_or_first_error(coroutines: Iterable[Coroutine[Any, Any, None]]) -> None:
    """Run together; if one fails, cancel the others and raise that failure itself (not an ExceptionGroup)."""
    try:
        async with asyncio.TaskGroup() as group:
            for coroutine in coroutines:
                group.create_task(coroutine)
    except BaseExceptionGroup as failures:
        raise failures.exceptions[0] from None


def _spec_changed(container: Container, spec: ContainerSpec) -> bool:
    return bool(container.labels.get(labels.SPEC_HASH) != spec.spec_hash())


def _is_current_and_running(container: Container | None, spec: ContainerSpec) -> bool:
    return container is not None and container.status == "running" and not _spec_changed(container, spec)


def _waves(specs: list[ContainerSpec]) -> list[list[ContainerSpec]]:
    """Groups specs so that each starts after what it depends on; independent ones start together."""
    names = {s.service for s in specs}
    done: set[str] = set()
    waves = []
    remaining = list(specs)
    while remaining:
        wave = [s for s in remaining if all(d in done or d not in names for d in s.depends_on)]
        if not wave:
            raise LambdadeskError("Container dependencies form a cycle.", "Report this as a lambdadesk bug.")
        waves.append(wave)
        done.update(s.service for s in wave)
        remaining = [s for s in remaining if s not in wave]
    return waves
