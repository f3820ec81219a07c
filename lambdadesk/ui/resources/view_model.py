"""Resources for the window: what the emulator holds (listed when the tab is shown, after lambdadesk's own
changes while it is, and on Refresh), and Delete of the chosen one once the user confirmed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from qasync import asyncSlot

from lambdadesk.ui.common.operation_vm import OperationViewModel
from lambdadesk.ui.common.session_access import SessionSource

if TYPE_CHECKING:
    from lambdadesk.core.resource import Resource


class ResourcesViewModel(OperationViewModel):
    listed = Signal(list)  # list[ServiceListing], in SERVICES order
    deleted = Signal(str)  # what was done, in words

    def __init__(self, session: SessionSource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.shown = False  # the tab is on screen: changes made elsewhere refresh it at once

    @asyncSlot()
    async def refresh_requested(self) -> None:
        await self.refresh()

    @asyncSlot()
    async def changed_elsewhere(self) -> None:
        """A deploy, a flow, a reset: the list is read again if anyone is looking at it."""
        if self.shown:
            await self.refresh()

    @asyncSlot(object)
    async def delete_requested(self, resource: Resource) -> None:
        await self.delete(resource)

    async def refresh(self) -> None:
        async def work() -> None:
            self.listed.emit(await (await self._session()).resources())

        await self._look("list what the emulator holds", work())

    async def delete(self, resource: Resource) -> None:
        async def work() -> None:
            self.deleted.emit(await (await self._session()).delete_resource(resource))

        await self._operate(f"delete the {resource.kind} {resource.name}", work(), f"Deleting {resource.name}")
        await self.refresh()
