"""The Capture panel: captured SNS messages, each beside the Redis value it points to, filling in live (a burst is
added as one batch, so thousands of messages keep the window responsive); the chosen message's detail and value
side by side; below, a Redis key browser (pattern, type, TTL, value)."""

from __future__ import annotations

import html
import json
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.core.display import pretty_json, ttl_text
from lambdadesk.ui.capture import messages_model
from lambdadesk.ui.capture.messages_model import CapturedMessagesModel
from lambdadesk.ui.capture.view_model import KEYS_SHOWN, CapturedMessage, CaptureViewModel
from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.json_highlighter import JsonHighlighter
from lambdadesk.ui.common.message_label import MessageLabel
from lambdadesk.ui.common.widgets import split

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.capture.redis_inspector import RedisValue

DEFAULT_TOPIC = "lambdadesk-seed"
BATCH_MS = 50  # messages that arrive within this are added to the table together


class CapturePanel(QWidget):
    def __init__(self, view_model: CaptureViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.topic = QLineEdit(DEFAULT_TOPIC)
        self.topic.setToolTip("Created if missing; functions deployed afterwards get its ARN (SNS_TOPIC_ARN…)")
        self.subscribe_button = QPushButton("Subscribe")
        set_icon(self.subscribe_button, "subscribe")
        self.status = QLabel("Not capturing yet: subscribe the endpoint to a topic.")
        self.status.setWordWrap(True)  # beside the count and Clear, it wraps rather than widen the window
        self.count = QLabel()
        self.clear_button = QPushButton("Clear")
        self.clear_button.setToolTip("Empty the table; capturing goes on")
        self.message = MessageLabel()
        self.model = CapturedMessagesModel(self)
        self.messages = QTableView()
        self.messages.setModel(self.model)
        header = self.messages.horizontalHeader()
        digits = self.messages.fontMetrics().horizontalAdvance("00:00:00")
        header.resizeSection(0, digits + 24)  # fixed widths: sizing to contents would read every row per insert
        header.resizeSection(1, 140)
        header.resizeSection(2, 220)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.messages.setWordWrap(False)
        rows = self.messages.verticalHeader()
        rows.setVisible(False)
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.messages.fontMetrics().height() + 8)
        self.messages.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        self.messages.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.messages.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self._arriving: list[CapturedMessage] = []
        self._batch = QTimer(self, singleShot=True, interval=BATCH_MS)
        self._batch.timeout.connect(self._add_arrived)
        self.detail = QPlainTextEdit()
        self.value = QPlainTextEdit()
        self.pattern = QLineEdit("*")
        self.scan_button = QPushButton("Scan")
        set_icon(self.scan_button, "refresh")
        self.keys = QListWidget()
        self.key_value = QPlainTextEdit()
        self.key_heading = QLabel("Scan lists the keys that match the pattern; choose one to see its value.")
        for viewer, placeholder in (
                (self.detail, "Each SNS message that reaches the endpoint is listed above; choose one to read it."),
                (self.value, "The Redis value the chosen message points to (its key is the message, in it, or in "
                             "an attribute)."),
                (self.key_value, "The chosen key's value.")):
            viewer.setReadOnly(True)
            viewer.setFont(mono)
            viewer.setPlaceholderText(placeholder)
        self._highlighters = [JsonHighlighter(v.document()) for v in (self.detail, self.value, self.key_value)]
        self._layout()

        self.subscribe_button.clicked.connect(lambda: self.vm.subscribe_requested(self.topic.text()))
        self.topic.returnPressed.connect(self.subscribe_button.click)
        self.scan_button.clicked.connect(lambda: self.vm.scan_requested(self.pattern.text()))
        self.pattern.returnPressed.connect(self.scan_button.click)
        self.keys.currentTextChanged.connect(lambda key: self.vm.key_chosen(key) if key else None)
        self.messages.selectionModel().currentRowChanged.connect(lambda current, _: self.show_message(current.row()))
        self.clear_button.clicked.connect(self.clear)
        view_model.subscribed.connect(self._on_vm_subscribed)
        view_model.notice.connect(self._on_vm_notice)
        view_model.captured.connect(self._on_vm_captured)
        view_model.keys_listed.connect(self._on_vm_keys_listed)
        view_model.value_shown.connect(self._on_vm_value_shown)
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.error_raised.connect(self.message.error)

    def _layout(self) -> None:
        bar = QHBoxLayout()
        bar.addWidget(QLabel("Topic"))
        bar.addWidget(self.topic, 1)
        bar.addWidget(self.subscribe_button)
        side_by_side = QSplitter()
        side_by_side.addWidget(_titled("Message", self.detail))
        side_by_side.addWidget(_titled("Redis value it points to", self.value))
        top = QSplitter(Qt.Orientation.Vertical)
        top.addWidget(self.messages)
        top.addWidget(side_by_side)
        browser_bar = QHBoxLayout()
        browser_bar.addWidget(QLabel("<b>Redis keys</b>"))
        browser_bar.addWidget(self.pattern, 1)
        browser_bar.addWidget(self.scan_button)
        browser = QSplitter()
        browser.addWidget(self.keys)
        value_side = QWidget()
        value_column = QVBoxLayout(value_side)
        value_column.setContentsMargins(0, 0, 0, 0)
        value_column.addWidget(self.key_heading)
        value_column.addWidget(self.key_value)
        browser.addWidget(value_side)
        browser.setStretchFactor(1, 2)
        lower = QWidget()
        lower_column = QVBoxLayout(lower)
        lower_column.setContentsMargins(0, 0, 0, 0)
        lower_column.addLayout(browser_bar)
        lower_column.addWidget(browser)
        whole = split(top, lower, orientation=Qt.Orientation.Vertical)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        status = QHBoxLayout()
        status.addWidget(self.status, 1)
        status.addWidget(self.count)
        status.addWidget(self.clear_button)
        layout.addLayout(status)
        layout.addWidget(self.message)
        layout.addWidget(whole, 1)

    @property
    def rows(self) -> list[CapturedMessage]:
        """The messages in the table, oldest first."""
        return self.model.rows

    def cell(self, row: int, column: int) -> str:
        return self.model.text(row, column)

    def choose(self, row: int) -> None:
        """The message at row becomes the chosen one, as a click on it does."""
        self.messages.setCurrentIndex(self.model.index(row, 0))

    def clear(self) -> None:
        self._add_arrived()
        self.model.clear()
        self.detail.clear()
        self.value.clear()
        self._say_count()

    def show_message(self, row: int) -> None:
        if not 0 <= row < len(self.rows):
            return
        captured = self.rows[row]
        message = captured.message
        fields = {"topic": message.topic_arn, "message id": message.message_id, "subject": message.subject,
                  "attributes": message.attributes, "received": message.received_at.isoformat(timespec="milliseconds")}
        described = json.dumps(fields, indent=2, ensure_ascii=False)
        self.detail.setPlainText(f"{pretty_json(message.message)}\n\n{described}")
        self.value.setPlainText(_describe(captured.redis) if captured.redis else
                                f"No Redis key matches this message ({message.message[:80]!r}).")

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.subscribe_button.setEnabled(not busy)

    def _on_vm_notice(self, text: str) -> None:
        self.status.setText(html.escape(text[:1].upper() + text[1:]))

    def _on_vm_subscribed(self, arn: str, url: str) -> None:
        self.message.clear()
        self.status.setText(f"Capturing <b>{arn.rsplit(':', 1)[-1]}</b> at <code>{url}</code> (confirmed).")

    def _on_vm_captured(self, captured: CapturedMessage) -> None:
        self._arriving.append(captured)
        if not self._batch.isActive():
            self._batch.start()

    def _add_arrived(self) -> None:
        batch, self._arriving = self._arriving, []
        if not batch:
            return
        current = self.messages.currentIndex().row()
        following = current < 0 or current == self.model.rowCount() - 1
        self.model.extend(batch)
        if following:  # follow the newest unless the user is looking at an older one
            self.messages.setCurrentIndex(self.model.index(self.model.rowCount() - 1, 0))
            self.messages.scrollToBottom()
        self._say_count()

    def _say_count(self) -> None:
        shown = self.model.rowCount()
        dropped = self.model.dropped
        text = f"{shown:,} messages" if shown != 1 else "1 message"
        if dropped:
            text += f" · {dropped:,} older left"
        self.count.setText(text if shown or dropped else "")
        self.count.setToolTip(f"The table keeps the newest {messages_model.KEPT:,} messages; {dropped:,} older ones "
                              "have left it" if dropped else "")

    def _on_vm_keys_listed(self, keys: list[str], more: bool) -> None:
        self.keys.clear()
        self.keys.addItems(keys)
        if not keys:
            self.key_heading.setText(f"No key matches <b>{html.escape(self.pattern.text() or '*')}</b>: the "
                                     "function writes its keys when a request reaches it (Requests tab).")
        if more:
            more_item = QListWidgetItem(f"… more than {KEYS_SHOWN}: narrow the pattern")
            more_item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.keys.addItem(more_item)

    def _on_vm_value_shown(self, key: str, value: RedisValue | None) -> None:
        if value is None:
            self.key_heading.setText(f"<b>{html.escape(key)}</b> no longer exists.")
            self.key_value.clear()
            return
        ttl = ttl_text(value.ttl_s)
        cut = " · shown in part" if value.truncated else ""
        self.key_heading.setText(f"<b>{html.escape(key)}</b> · {value.type} · {ttl} · size {value.size}{cut}")
        self.key_value.setPlainText(value.text)


def _titled(title: str, widget: QWidget) -> QWidget:
    box = QWidget()
    column = QVBoxLayout(box)
    column.setContentsMargins(0, 0, 0, 0)
    column.addWidget(QLabel(f"<b>{title}</b>"))
    column.addWidget(widget)
    return box


def _describe(value: RedisValue) -> str:
    return f"{value.key} ({value.type}, {ttl_text(value.ttl_s)}, size {value.size})\n\n{value.text}"
