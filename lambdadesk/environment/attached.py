"""An environment lambdadesk did not start (a profile with `attach`, core/attach.py): the same face as
EnvironmentService, but it only looks. `up` checks that the emulator (and Redis) answer; `status` says whether they
do; stop, reset and DEBUG refuse in words, since lambdadesk never touches containers it does not own."""

from __future__ import annotations

import asyncio
import time
import urllib.parse

from lambdadesk.adapters.readiness_probe import probe
from lambdadesk.core.attach import AttachedError, AttachTarget
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import EventSink, Notice, ServiceState, ServiceStatus, StateChanged, ignore_events
from lambdadesk.core.profile import Profile
from lambdadesk.core.readiness import Readiness, ReadinessKind
from lambdadesk.core.topology import EMULATOR, REDIS
from lambdadesk.environment.down_report import DownReport
from lambdadesk.environment.reset import ResetReport

POLL_S = 0.5
ATTACHED = "attached: "  # before the address, where a container's name would be: none of lambdadesk's


class AttachedEnvironment:
    def __init__(self, profile: Profile, on_event: EventSink = ignore_events) -> None:
        target = profile.attached
        if target is None:
            raise ValueError(f"profile {profile.name!r} does not attach")
        self.profile = profile
        self.target: AttachTarget = target
        self._on_event = on_event

    def _readiness(self) -> dict[str, Readiness]:
        emulator = urllib.parse.urlsplit(self.target.emulator_url)
        port = emulator.port or (443 if emulator.scheme == "https" else 80)
        checks = {EMULATOR: Readiness(ReadinessKind.AWS_API, emulator.hostname or "", port, self.profile.aws_services)}
        if self.target.redis is not None:
            checks[REDIS] = Readiness(ReadinessKind.REDIS, self.target.redis.host, self.target.redis.port)
        return checks

    async def up(self) -> list[str]:
        """Nothing is started: the attached services are asked whether they answer, again and again until the
        profile's start_timeout_s (a CI job's services may still be starting); one that never does is said, with
        where it was looked for. Returns no service (none was started)."""
        deadline = time.monotonic() + self.profile.start_timeout_s
        while True:
            rows = await self.status()
            missing = [row for row in rows if row.state is not ServiceState.READY]
            waiting = bool(missing) and time.monotonic() < deadline
            for row in rows:
                state = ServiceState.STARTING if waiting and row in missing else row.state
                self._on_event(StateChanged(row.service, state, row.detail))
            if not waiting:
                break
            await asyncio.sleep(POLL_S)
        if missing:
            said = "; ".join(f"{row.service} at {row.container.removeprefix(ATTACHED)} ({row.detail})"
                             for row in missing)
            raise LambdadeskError(f"The environment this profile attaches to does not answer: {said}.",
                                  "Start it where you run it (lambdadesk does not start what it did not create), "
                                  "or correct the addresses under 'attach' in the profile.")
        self._on_event(Notice(f"Connected to {self.target.where()}: it answers. It was started outside lambdadesk, "
                              "which does not stop, reset or restart it."))
        return []

    async def warmed_up(self) -> None:
        """The attached emulator's services answered in `up`."""

    async def status(self) -> list[ServiceStatus]:
        rows = []
        for service, readiness in self._readiness().items():
            ready, detail = await probe(readiness)
            address = self.target.emulator_url if service == EMULATOR else f"redis://{readiness.host}:{readiness.port}"
            rows.append(ServiceStatus(service, ATTACHED + address, ServiceState.READY if ready else ServiceState.ABSENT,
                                      "", detail=detail))
        return rows

    async def down(self, remove_volumes: bool = False) -> DownReport:
        raise AttachedError("stop", self.target)

    async def reset(self, full: bool = False) -> ResetReport:
        raise AttachedError("reset", self.target)

    async def set_debug(self, enabled: bool) -> None:
        raise AttachedError("restart (for DEBUG)", self.target)
