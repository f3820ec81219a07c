"""Requests for the window: the wired APIs to pick from, Send (kept in the history), saved requests, and Copy as
(curl, a Python script)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from PySide6.QtCore import QObject, Signal, Slot
from qasync import asyncSlot

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.http_request import RequestSpec, check_request, parse_header_lines
from lambdadesk.ui.common.operation_vm import OperationViewModel
from lambdadesk.ui.common.session_access import SessionSource


@dataclass(frozen=True)
class RequestForm:
    method: str = "GET"
    api: str = ""
    path: str = "/"
    query: str = ""
    headers_text: str = ""  # "Name: value" per line
    body: str = ""
    body_is_json: bool = False

    def spec(self) -> RequestSpec:
        """Raises RequestInputError naming the bad header line or the JSON error."""
        return check_request(RequestSpec(self.method, self.path.strip() or "/", self.query.strip(),
                                         parse_header_lines(self.headers_text), self.body, self.body_is_json,
                                         self.api))

    @classmethod
    def of(cls, spec: RequestSpec) -> RequestForm:
        headers = "\n".join(f"{name}: {value}" for name, value in spec.headers)
        return cls(spec.method, spec.api, spec.path, spec.query, headers, spec.body, spec.body_is_json)


class RequestsViewModel(OperationViewModel):
    routes_listed = Signal(list)  # list[ApiRoute]
    response_received = Signal(object)  # HttpResponse
    history_listed = Signal(list)  # list[dict]: newest first, as the request store keeps them
    saved_listed = Signal(list)  # list[str]
    form_loaded = Signal(object)  # RequestForm
    saved = Signal(str)  # name
    copied = Signal(str, str)  # the text, and what it is ("curl", "python")

    def __init__(self, session: SessionSource, store: RequestStore, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.store = store
        self._cut_off = ""  # why the emulator was replaced under the request being sent ("reset", "restart")

    @asyncSlot(object)
    async def send_requested(self, form: RequestForm) -> None:
        await self.send(form)

    @asyncSlot()
    async def routes_requested(self) -> None:
        await self.refresh_routes()

    @asyncSlot()
    async def lists_requested(self) -> None:
        await self.refresh_lists()

    @asyncSlot(str, object)
    async def save_requested(self, name: str, form: RequestForm) -> None:
        await self.save(name, form)

    @asyncSlot(str)
    async def saved_chosen(self, name: str) -> None:
        await self._look("open the saved request", self._load(name))

    @asyncSlot(str, object)
    async def copy_as_requested(self, kind: str, form: RequestForm) -> None:
        await self.copy_as(kind, form)

    async def copy_as(self, kind: str, form: RequestForm) -> None:
        """The form's request as `kind` (curl, python) to the API it would go to, for the clipboard."""
        async def work() -> None:
            self.copied.emit(await (await self._session()).request_as(form.spec(), kind), kind)

        await self._look(f"copy the request as {kind}", work())

    @Slot(str)
    def emulator_replacing(self, why: str) -> None:
        if self.busy:
            self._cut_off = why

    async def send(self, form: RequestForm) -> None:
        async def work() -> None:
            spec = form.spec()
            self.response_received.emit(await (await self._session()).send(spec))

        self._cut_off = ""
        await self._operate("send the request", work(), f"Sending {form.method} /{form.path.lstrip('/')}")
        if self._cut_off:
            self.error_raised.emit(
                f"The environment's {self._cut_off} began while this request was under way: the function and the "
                "API it went through were taken away under it, so this answer says nothing about your code.",
                "Send it again once the reset is done (after a reset, deploy the function again first).")
        await self.refresh_lists()

    async def refresh_routes(self) -> None:
        async def work() -> None:
            self.routes_listed.emit(await (await self._session()).routes())

        await self._look("list the wired APIs", work())

    async def refresh_lists(self) -> None:
        history = await asyncio.to_thread(self.store.history)
        self.history_listed.emit(history)
        if self.store.problems:
            self.error_raised.emit("\n".join(self.store.problems), "Look at the files set aside; the rest of the "
                                   "history is listed.")
            self.store.problems.clear()
        self.saved_listed.emit(await asyncio.to_thread(self.store.saved_names))

    async def save(self, name: str, form: RequestForm) -> None:
        async def work() -> None:
            await asyncio.to_thread(self.store.save, name.strip(), form.spec())
            self.saved.emit(name.strip())

        await self._operate("save the request", work())
        await self.refresh_lists()

    def history_chosen(self, entry: dict[str, object]) -> None:
        request = entry.get("request")
        if isinstance(request, dict):
            try:
                spec = RequestSpec.from_dict(request)
            except LambdadeskError as exc:  # a history file edited by hand
                self.error_raised.emit(exc.message, exc.next_step)
                return
            self.form_loaded.emit(RequestForm.of(spec))

    async def _load(self, name: str) -> None:
        self.form_loaded.emit(RequestForm.of(await asyncio.to_thread(self.store.load, name)))
