"""The environment feature's face: one profile's containers brought up, stopped, reset and restarted with or
without DEBUG. The jobs live apart (lifecycle.py, reset.py, debug.py); this class only puts them side by side.
The session (lambdadesk/session.py) adds what follows from them: the profile lock, the desired state."""

from __future__ import annotations

from lambdadesk.environment import debug
from lambdadesk.environment import reset as resetting
from lambdadesk.environment.lifecycle import Lifecycle
from lambdadesk.environment.reset import ResetReport

__all__ = ["EnvironmentService", "ResetReport"]


class EnvironmentService(Lifecycle):
    async def reset(self, full: bool = False) -> ResetReport:
        """Back to a clean environment: in place when it is up (fast), else everything recreated (full)."""
        return await resetting.reset(self, full)

    async def set_debug(self, enabled: bool) -> None:
        """Recreate the emulator with DEBUG on or off."""
        await debug.set_debug(self, enabled)
