"""Debug, as both front ends do it: a Python function deployed so that it waits for a debugger on 127.0.0.1:PORT
(debugpy, put in by lambdadesk, so any emulator that runs Lambda containers will do), the attach configuration
for the editor, and the function restored when debugging stops, or when no debugger attached in time. What
happens is told through `on_event` in words."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from lambdadesk.adapters.host.port_check import port_holder
from lambdadesk.core.errors import LambdadeskError, PortInUseError
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.core.profile import EmulatorKind, Profile, Topology
from lambdadesk.deploy.debug_forwarder import DebugForwarder
from lambdadesk.deploy.debug_package import CODE_ROOT, MARK, debug_spec

FOLLOW_EVERY_S = 1.0


class DebugDeployer(Protocol):
    @property
    def profile(self) -> Profile: ...
    async def deploy(self, spec: FunctionSpec, wire: bool = False) -> tuple[Deployment, Any]: ...
    async def deploy_unrecorded(self, spec: FunctionSpec) -> Deployment: ...
    async def function_log(self, name: str, since_ms: int) -> str: ...
    async def lambda_address(self, function: str) -> str | None: ...


class FunctionDebugger:
    def __init__(self, deployer: DebugDeployer, spec: FunctionSpec, source: Path | None,
                 on_event: Callable[[str], None], port: int = 5678, wait_s: float = 60) -> None:
        self._deployer = deployer
        self.spec = spec  # as the user deployed it: what is put back
        self.source = source  # the folder the editor has open, for its path mappings
        self.port = port
        self.wait_s = wait_s
        self._on_event = on_event
        self._follow: asyncio.Task[None] | None = None
        self._forwarder: DebugForwarder | None = None  # the bridge topology's way in to the Lambda container
        self.restored = asyncio.Event()

    async def start(self) -> str:
        """Deploy the function waiting for a debugger; the words to show (where to attach)."""
        self._check()
        holder = await asyncio.to_thread(port_holder, self.port)
        if holder is not None:
            raise PortInUseError(self.port, "the debugger", holder)
        since_ms = int(time.time() * 1000)
        on_bridge = self._deployer.profile.topology is Topology.BRIDGE
        if on_bridge:
            self._forwarder = DebugForwarder(self.port, lambda: self._deployer.lambda_address(self.spec.name),
                                             self._on_event, self.spec.name, hold_s=self.wait_s)
            await self._forwarder.start()
        spec = await asyncio.to_thread(debug_spec, self.spec, self.port, self.wait_s, on_bridge)
        try:
            await self._deployer.deploy_unrecorded(spec)
        except BaseException:
            await self._close_forwarder()
            raise
        self._follow = asyncio.ensure_future(self._follow_log(since_ms))
        return (f"{self.spec.name} waits for a debugger on 127.0.0.1:{self.port}: send it a request, then attach "
                f"within {self.wait_s:.0f} s (the configuration below). Stop debugging puts the function back.")

    async def stop(self) -> None:
        """Put the function back as the user deployed it (handler, timeout, code)."""
        if self._follow is not None and self._follow is not asyncio.current_task():
            self._follow.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._follow
        await self._close_forwarder()
        if not self.restored.is_set():
            await self._deployer.deploy(self.spec)
            self.restored.set()
            self._on_event(f"{self.spec.name} is back to normal (handler {self.spec.handler}, timeout "
                           f"{self.spec.timeout_s} s).")

    async def forget(self) -> None:
        """Debugging is over without putting anything back: the emulator lost the function (a reset) or got it back
        as recorded (a restart re-applies the user's own deploy, not this one)."""
        if self._follow is not None and self._follow is not asyncio.current_task():
            self._follow.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._follow
        await self._close_forwarder()
        self.restored.set()

    async def _close_forwarder(self) -> None:
        if self._forwarder is not None:
            await self._forwarder.close()
            self._forwarder = None

    def attach_configuration(self) -> dict[str, Any]:
        """VS Code's launch.json entry (the debugpy extension); PyCharm's 'Python Debug Server' cannot attach to
        debugpy, which listens, so it has none."""
        mapping = {"localRoot": str(self.source.resolve()) if self.source else "${workspaceFolder}",
                   "remoteRoot": CODE_ROOT}
        return {"name": f"lambdadesk: {self.spec.name}", "type": "debugpy", "request": "attach",
                "connect": {"host": "127.0.0.1", "port": self.port}, "pathMappings": [mapping], "justMyCode": False}

    def _check(self) -> None:
        if not self.spec.runtime.startswith("python"):
            raise LambdadeskError(f"Debug works for Python functions; {self.spec.name} runs {self.spec.runtime}.",
                                  "Deploy it with a python runtime, or debug it with your runtime's own tools.")
        if self._deployer.profile.emulator is EmulatorKind.MINISTACK:
            raise LambdadeskError(
                f"Debug needs an emulator that runs {self.spec.name} in a Lambda container of its own; MiniStack runs "
                f"it as a process of its own, from a temporary folder where breakpoints set in {CODE_ROOT} would not "
                "bind.", "Choose LocalStack as the profile's emulator to debug, or debug with print lines and the Logs "
                "tab.")
        profile = self._deployer.profile
        if profile.dind and profile.topology is Topology.BRIDGE:
            raise LambdadeskError(
                f"Debug cannot reach {self.spec.name}'s Lambda container inside the dind daemon of profile "
                f"{profile.name!r} (bridge topology) at 127.0.0.1:{self.port}.",
                "Debug on a profile without dind (bridge or host topology), or with dind on the host topology.")
        if profile.attached is not None:
            raise LambdadeskError(
                f"Debug needs the Lambda containers of an environment lambdadesk runs; profile {profile.name!r} is "
                "attached to an emulator started outside lambdadesk, whose Lambda containers it cannot reach.",
                "Debug on a profile of lambdadesk's own, or with your emulator's own debug mode.")

    async def _follow_log(self, since_ms: int) -> None:
        """Says what the function's waits came to; a wait that ended with no debugger puts the function back."""
        told: set[str] = set()
        while True:
            await asyncio.sleep(FOLLOW_EVERY_S)
            lines = (await self._deployer.function_log(self.spec.name, since_ms)).splitlines()
            for line in (line for line in lines if MARK in line and line not in told):
                told.add(line)
                said = line.split(MARK, 1)[1].strip()
                if said.startswith("no debugger attached"):
                    self._on_event(f"No debugger attached: {said.removeprefix('no debugger attached ')}. "
                                   f"The request failed; {self.spec.name} is put back.")
                    await self.stop()
                    return
                if said.startswith("attached"):
                    self._on_event(f"A debugger attached to {self.spec.name} on 127.0.0.1:{self.port}.")
