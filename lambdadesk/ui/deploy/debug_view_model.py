"""Debug for the window, over the same FunctionDebugger as `lambdadesk deploy SRC --debug`: the form's function
deployed as it is (so that is what is put back), then made to wait for a debugger; the attach configuration;
what each wait came to; Stop debugging (or no debugger in time) puts the function back."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.deploy.function_debugger import FunctionDebugger
from lambdadesk.ui.common.operation_vm import OperationViewModel
from lambdadesk.ui.common.session_access import SessionSource
from lambdadesk.ui.deploy.view_model import DeployForm, read_form_code, spec_from_form


class DebugViewModel(OperationViewModel):
    waiting = Signal(str, str)  # what to do now, the VS Code attach configuration (launch.json entry)
    said = Signal(str)  # what a wait came to: attached, or no debugger in time
    stopped = Signal(str)  # the function is back as deployed
    replaced = Signal(str)  # a reset or restart of the emulator ended debugging, or what was said is out of date

    def __init__(self, session: SessionSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.debugger: FunctionDebugger | None = None
        self._ended: asyncio.Future[None] | None = None

    @asyncSlot(object, int, int)
    async def debug_requested(self, form: DeployForm, port: int, wait_s: int) -> None:
        await self.start(form, port, wait_s)

    @asyncSlot()
    async def stop_requested(self) -> None:
        await self.stop()

    async def start(self, form: DeployForm, port: int, wait_s: float) -> bool:
        """True when the function waits for a debugger."""
        async def work() -> bool:
            package = await asyncio.to_thread(read_form_code, form)
            spec = spec_from_form(form, package.code)
            session = await self._session()
            await session.deploy(spec, wire=form.wire)  # what Stop debugging puts back
            folder = Path(form.zip_path) if await asyncio.to_thread(Path(form.zip_path).is_dir) else None
            debugger = FunctionDebugger(session, spec, folder, self.said.emit, port, wait_s)
            text = await debugger.start()
            self.debugger = debugger
            self._ended = asyncio.ensure_future(self._until_restored(debugger))
            self.waiting.emit(text, json.dumps(debugger.attach_configuration(), indent=2))
            return True

        await self.stop()
        return bool(await self._operate(f"debug {form.name or 'the function'}", work(),
                                        f"Deploying {form.name or 'the function'} to wait for a debugger"))

    async def stop(self) -> None:
        """Put the function back (nothing to do when not debugging)."""
        debugger = self.debugger
        if debugger is not None:
            await self._operate(f"put {debugger.spec.name} back", debugger.stop(), f"Putting {debugger.spec.name} back")

    @asyncSlot(str)
    async def emulator_replaced(self, why: str) -> None:
        await self.forget(why)

    async def forget(self, why: str) -> None:
        """After a reset ("reset") or a restart ("restart"): a function waiting for a debugger is no more (gone, or
        back as recorded), so nothing is put back, which would bring back what a reset removed."""
        debugger, self.debugger = self.debugger, None
        if debugger is None:
            self.replaced.emit("")
            return
        await debugger.forget()
        name = debugger.spec.name
        self.replaced.emit(f"The {why} ended debugging: {name} is "
                           f"{'gone' if why == 'reset' else 'back as deployed'}.")

    async def _until_restored(self, debugger: FunctionDebugger) -> None:
        await debugger.restored.wait()
        if self.debugger is debugger:
            self.debugger = None
            self.stopped.emit(f"{debugger.spec.name} is back as deployed: not debugging.")
