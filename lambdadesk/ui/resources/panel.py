"""The Resources panel: what the emulator holds, service by service (a topic's subscriptions under it), a
subscription that leads nowhere in red with why; the chosen resource's details as the emulator gives them
beside the tree; Delete after a question that names what goes with it."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.core.resource import Resource, ServiceListing, count_text
from lambdadesk.resources.resource_delete import deletion_question
from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.json_highlighter import JsonHighlighter
from lambdadesk.ui.common.message_label import ERROR_COLOUR, MessageLabel
from lambdadesk.ui.common.widgets import mono_viewer, split
from lambdadesk.ui.resources.view_model import ResourcesViewModel

EMPTY = ("What the emulator holds shows here once the environment is up: functions, REST APIs, SNS topics and their "
         "subscriptions, SQS queues, S3 buckets, log groups and IAM roles.")
COLUMNS = ["Name", "Kind", "Summary"]
RESOURCE = Qt.ItemDataRole.UserRole


class ResourcesPanel(QWidget):
    def __init__(self, view_model: ResourcesViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter by name, kind or summary")
        self.filter.setClearButtonEnabled(True)
        self.refresh_button = QPushButton("Refresh")
        set_icon(self.refresh_button, "refresh")
        self.delete_button = QPushButton("Delete…")
        set_icon(self.delete_button, "cancel")
        self.delete_button.setToolTip("Delete the chosen resource from the emulator (asks first)")
        self.delete_button.setEnabled(False)
        self.status = QLabel(EMPTY)
        self.status.setWordWrap(True)
        self.message = MessageLabel()
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(COLUMNS)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 300)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.details = mono_viewer("Choose a resource to see its details as the emulator gives them.")
        self._highlighter = JsonHighlighter(self.details.document())
        self.delete_question: QMessageBox | None = None
        self._layout()

        self.refresh_button.clicked.connect(self.vm.refresh_requested)
        self.delete_button.clicked.connect(self.ask_delete)
        self.filter.textChanged.connect(self._apply_filter)
        self.tree.currentItemChanged.connect(lambda *_: self._show_chosen())
        view_model.listed.connect(self._on_vm_listed)
        view_model.deleted.connect(lambda done: self.message.say(done, error=False))
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.error_raised.connect(self.message.error)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(self.filter, 1)
        bar.addWidget(self.refresh_button)
        bar.addWidget(self.delete_button)
        column = QVBoxLayout(self)
        column.addLayout(bar)
        column.addWidget(self.status)
        column.addWidget(self.message)
        column.addWidget(split(self.tree, self.details), 1)

    def showEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.vm.shown = True
        super().showEvent(event)  # type: ignore[arg-type]

    def hideEvent(self, event: object) -> None:  # noqa: N802 - Qt's name
        self.vm.shown = False
        super().hideEvent(event)  # type: ignore[arg-type]

    def chosen(self) -> Resource | None:
        item = self.tree.currentItem()
        resource = item.data(0, RESOURCE) if item is not None else None
        return resource if isinstance(resource, Resource) else None

    def ask_delete(self) -> None:
        """A question naming what goes with it; only Delete deletes (the box is not modal)."""
        resource = self.chosen()
        if resource is None:
            return
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete from the emulator?", deletion_question(resource),
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        box.buttonClicked.connect(lambda button: self._on_answer(button is delete, resource))
        self.delete_question = box
        box.open()

    def _on_answer(self, confirmed: bool, resource: Resource) -> None:
        self.delete_question = None
        if confirmed:
            self.message.clear()
            self.vm.delete_requested(resource)

    def _on_vm_listed(self, listings: list[ServiceListing]) -> None:
        before = self.chosen()
        self.tree.clear()
        count = dangling = 0
        again: QTreeWidgetItem | None = None
        for listing in listings:
            service = QTreeWidgetItem([listing.service, "", (listing.error and f"not listed: {listing.error}")
                                       or count_text(len(listing.resources), "resource")])
            service.setToolTip(2, service.text(2))
            self.tree.addTopLevelItem(service)
            parents: dict[str, QTreeWidgetItem] = {}
            for resource in listing.resources:
                item = _item(resource)
                parents.get(resource.parent, service).addChild(item)
                parents[resource.arn] = item
                count += 1
                dangling += bool(resource.problem)
                if before is not None and (resource.kind, resource.arn) == (before.kind, before.arn):
                    again = item
        for item in _all_items(self.tree):
            item.setExpanded(True)
        said = f"{count_text(count, 'resource')} in the emulator"
        if dangling:
            said += f"; {count_text(dangling, 'subscription')} leading nowhere (in red: delete them, or start " \
                    "their endpoint again)"
        self.status.setText(said + "." if count or dangling else EMPTY)
        self._apply_filter(self.filter.text())
        if again is not None:
            self.tree.setCurrentItem(again)
        self._show_chosen()

    def _show_chosen(self) -> None:
        resource = self.chosen()
        if resource is None:
            self.details.setPlainText("")
        else:
            problem = f"! {resource.problem}\n\n" if resource.problem else ""
            self.details.setPlainText(problem + json.dumps({"arn": resource.arn, **resource.details}, indent=2,
                                                           default=str))
        self.delete_button.setEnabled(resource is not None and not self.vm.busy)

    def _apply_filter(self, text: str) -> None:
        wanted = text.strip().lower()
        for service in _children(self.tree.invisibleRootItem()):
            shown = sum(_filter(child, wanted) for child in _children(service))
            service.setHidden(bool(wanted) and not shown)

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.refresh_button.setEnabled(not busy)
        self._show_chosen()


def _item(resource: Resource) -> QTreeWidgetItem:
    summary = f"{resource.summary} — {resource.problem}" if resource.problem else resource.summary
    item = QTreeWidgetItem([resource.name, resource.kind, summary])
    item.setData(0, RESOURCE, resource)
    item.setToolTip(0, resource.arn)
    item.setToolTip(2, summary)
    if resource.problem:
        for column in range(len(COLUMNS)):
            item.setForeground(column, QColor(ERROR_COLOUR))
            item.setToolTip(column, resource.problem)
    return item


def _filter(item: QTreeWidgetItem, wanted: str) -> bool:
    """Hides the item unless it or one of its children matches; returns whether it stays."""
    children = sum(_filter(child, wanted) for child in _children(item))
    matches = not wanted or any(wanted in item.text(column).lower() for column in range(len(COLUMNS)))
    item.setHidden(not (matches or children))
    return matches or bool(children)


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    return [child for child in (item.child(row) for row in range(item.childCount())) if child is not None]


def _all_items(tree: QTreeWidget) -> list[QTreeWidgetItem]:
    found, waiting = [], _children(tree.invisibleRootItem())
    while waiting:
        item = waiting.pop()
        found.append(item)
        waiting.extend(_children(item))
    return found
