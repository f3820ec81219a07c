"""The emulator's DEBUG logging on or off. LocalStack reads DEBUG only at start, so the toggle recreates the
emulator container (and what was deployed in it is gone: the session re-applies it)."""

from __future__ import annotations

from lambdadesk.core.events import Notice
from lambdadesk.environment.lifecycle import Lifecycle


async def set_debug(lifecycle: Lifecycle, enabled: bool) -> None:
    lifecycle.emit(Notice("Changing DEBUG restarts the emulator (a few seconds) and clears what was deployed in it."
                          + (" DEBUG output is several times larger and slows busy flows." if enabled else "")))
    lifecycle.profile = lifecycle.profile.replace(debug=enabled)
    await lifecycle.up()
