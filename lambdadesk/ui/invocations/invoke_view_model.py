"""Invoke for the window: a deployed function called directly with an event (typed, a service's template filled in
for the function, or one saved earlier), through the same Session.invoke as `lambdadesk invoke`, so it is kept as
an invocation; events saved by name beside the saved requests."""

from __future__ import annotations

import asyncio
import json

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.safe_json import typed_json
from lambdadesk.ui.common.operation_vm import OperationViewModel
from lambdadesk.ui.common.session_access import SessionSource

TEMPLATE, SAVED = "template", "saved"  # where an event comes from


class InvokeViewModel(OperationViewModel):
    functions_listed = Signal(list)  # list[str]
    payloads_listed = Signal(list)  # the saved events' names
    event_filled = Signal(str)  # the event as JSON text, for the editor
    invoked = Signal(str, object)  # the function, its InvokeResult
    saved = Signal(str)  # the name it was saved under
    copied = Signal(str, str)  # the text, and what it is ("aws", "boto3")

    def __init__(self, session: SessionSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session

    @asyncSlot()
    async def refresh_requested(self) -> None:
        await self.refresh()

    @asyncSlot(str, str, str)
    async def fill_requested(self, source: str, name: str, function: str) -> None:
        await self.fill(source, name, function)

    @asyncSlot(str, str)
    async def invoke_requested(self, function: str, text: str) -> None:
        await self.invoke(function, text)

    @asyncSlot(str, str)
    async def save_requested(self, name: str, text: str) -> None:
        await self.save(name, text)

    @asyncSlot(str, str, str)
    async def copy_as_requested(self, kind: str, function: str, text: str) -> None:
        await self.copy_as(kind, function, text)

    async def copy_as(self, kind: str, function: str, text: str) -> None:
        """The invoke as the aws CLI or a boto3 script, to run outside lambdadesk."""
        async def work() -> None:
            self.copied.emit((await self._session()).invoke_as(function, _event(text), kind), kind)

        await self._look(f"copy the invoke as {kind}", work())

    async def refresh(self) -> None:
        """The deployed functions and the saved events' names."""
        async def work() -> None:
            session = await self._session()
            self.payloads_listed.emit(await asyncio.to_thread(session.requests.payload_names))
            self.functions_listed.emit([summary.name for summary in await session.functions()])

        await self._look("list the functions to invoke", work())

    async def fill(self, source: str, name: str, function: str) -> None:
        """The editor gets a template's event for `function` (its API's stage), or a saved event."""
        async def work() -> None:
            session = await self._session()
            if source == SAVED:
                event = await asyncio.to_thread(session.requests.load_payload, name)
            else:
                event = await session.event_template(name, function)
            self.event_filled.emit(json.dumps(event, indent=2))

        await self._look(f"fill in the {name} event", work())

    async def invoke(self, function: str, text: str) -> None:
        async def work() -> None:
            if not function:
                raise LambdadeskError("No function is chosen.", "Deploy one (Deploy tab), then choose it here.")
            event = _event(text)
            self.invoked.emit(function, await (await self._session()).invoke(function, event))

        await self._operate(f"invoke {function or 'a function'}", work(), f"Invoking {function}")

    async def save(self, name: str, text: str) -> None:
        async def work() -> None:
            session = await self._session()
            await asyncio.to_thread(session.requests.save_payload, name.strip(), _event(text))
            self.saved.emit(name.strip())
            self.payloads_listed.emit(await asyncio.to_thread(session.requests.payload_names))

        await self._look("save the event", work())


def _event(text: str) -> object:
    return typed_json(text or "{}", "The event", "Fix it, or choose a template to start from.")
