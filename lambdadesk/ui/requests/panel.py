"""The Requests panel: method, API, path, query, headers and a JSON-highlighted body; Send (Ctrl+Return); the
response with its status, headers, body and timing; the history and saved requests."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.http_request import METHODS, HttpResponse
from lambdadesk.ui.common.copy_as_button import COPY_KINDS, copy_as_button
from lambdadesk.ui.common.icons import set_icon
from lambdadesk.ui.common.json_highlighter import JsonHighlighter
from lambdadesk.ui.common.message_label import MessageLabel
from lambdadesk.ui.common.widgets import split
from lambdadesk.ui.requests.view_model import RequestForm, RequestsViewModel

_OK, _CLIENT_ERROR, _SERVER_ERROR = "#2e7d32", "#ef6c00", "#c62828"
NO_API = "No REST API is wired yet: deploy a function with “Wire a REST API” on (Deploy tab)."


class RequestsPanel(QWidget):
    def __init__(self, view_model: RequestsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        mono = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        self.method = QComboBox()
        self.method.addItems(METHODS)
        self.method.setCurrentText("POST")
        self.api = QComboBox()
        self.api.setMinimumContentsLength(24)
        self.api.setToolTip("The wired REST API the request goes through")
        self.refresh_button = QPushButton()
        set_icon(self.refresh_button, "refresh")
        self.refresh_button.setToolTip("List the wired APIs again")
        self.path = QLineEdit("/")
        self.path.setPlaceholderText("/path")
        self.query = QLineEdit()
        self.query.setPlaceholderText("query, e.g. a=1&b=2")
        self.send_button = QPushButton("Send")
        set_icon(self.send_button, "send")
        self.send_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.send_button.setToolTip("Send through API Gateway (Ctrl+Return)")
        self.cancel_button = QPushButton("Cancel")
        set_icon(self.cancel_button, "cancel")
        self.cancel_button.setVisible(False)
        self.copy_button = copy_as_button("the request", ["curl", "python"],
                                          lambda kind: self.vm.copy_as_requested(kind, self.form()))
        self.headers = QPlainTextEdit()
        self.headers.setPlaceholderText("Name: value, one per line")
        self.body = QPlainTextEdit()
        self.body.setPlaceholderText('{"hello": "lambdadesk"}')
        self.body_is_json = QCheckBox("Body is JSON (checked before sending)")
        self.body_is_json.setChecked(True)
        self.status = QLabel("No response yet.")
        self._sending = False  # a send is under way: an error means it got no response
        self._error_shown = False  # an error about the last send: it goes once the form is edited
        self.response_headers = QPlainTextEdit()
        self.response_body = QPlainTextEdit()
        for editor in (self.headers, self.body, self.response_headers, self.response_body):
            editor.setFont(mono)
        for editor in (self.response_headers, self.response_body):
            editor.setReadOnly(True)
        self._highlighters = [JsonHighlighter(self.body.document()), JsonHighlighter(self.response_body.document())]
        self.message = MessageLabel()
        self.history = QListWidget()
        self.saved = QListWidget()
        self.save_name = QLineEdit()
        self.save_name.setPlaceholderText("name to save as")
        self.save_button = QPushButton("Save")
        self._layout()

        self.send_button.clicked.connect(self._on_send_clicked)
        self.cancel_button.clicked.connect(self.vm.cancel)
        self.refresh_button.clicked.connect(self.vm.routes_requested)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.history.itemActivated.connect(self._on_history_activated)
        self.history.itemClicked.connect(self._on_history_activated)
        self.saved.itemClicked.connect(lambda item: self.vm.saved_chosen(item.text()))
        view_model.routes_listed.connect(self._on_vm_routes_listed)
        view_model.response_received.connect(self._on_vm_response_received)
        view_model.history_listed.connect(self._on_vm_history_listed)
        view_model.saved_listed.connect(self._on_vm_saved_listed)
        view_model.form_loaded.connect(self.show_form)
        view_model.saved.connect(self._on_vm_saved)
        view_model.copied.connect(self._on_vm_copied)
        view_model.busy_changed.connect(self._on_vm_busy_changed)
        view_model.error_raised.connect(self._on_vm_error_raised)
        view_model.cancelled.connect(self._on_vm_cancelled)
        for editor in (self.body, self.headers):  # a complaint about the form goes once the form is edited
            editor.textChanged.connect(self._on_form_edited)
        self.body_is_json.toggled.connect(self._on_form_edited)

    def _layout(self) -> None:
        line = QHBoxLayout()
        for widget, stretch in ((self.method, 0), (self.api, 0), (self.refresh_button, 0), (self.path, 1),
                                (self.send_button, 0), (self.cancel_button, 0)):
            line.addWidget(widget, stretch)
        editors = QTabWidget()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addWidget(self.body)
        body_layout.addWidget(self.body_is_json)
        editors.addTab(body, "Body")
        editors.addTab(self.headers, "Headers")
        response = QTabWidget()
        response.addTab(self.response_body, "Response body")
        response.addTab(self.response_headers, "Response headers")
        work = QWidget()
        column = QVBoxLayout(work)
        column.addLayout(line)
        query_line = QHBoxLayout()
        query_line.addWidget(self.query, 1)
        query_line.addWidget(self.copy_button)
        column.addLayout(query_line)
        column.addWidget(editors, 2)
        column.addWidget(self.message)
        column.addWidget(self.status)
        column.addWidget(response, 3)
        side = QWidget()
        lists = QVBoxLayout(side)
        lists.addWidget(QLabel("<b>History</b> (click: load)"))
        lists.addWidget(self.history, 2)
        lists.addWidget(QLabel("<b>Saved</b> (files you can keep in git)"))
        lists.addWidget(self.saved, 1)
        saving = QHBoxLayout()
        saving.addWidget(self.save_name, 1)
        saving.addWidget(self.save_button)
        lists.addLayout(saving)
        QVBoxLayout(self).addWidget(split(work, side, (3, 1)))

    def form(self) -> RequestForm:
        route = self.api.currentData()
        return RequestForm(self.method.currentText(), route.name if isinstance(route, ApiRoute) else "",
                           self.path.text(), self.query.text(), self.headers.toPlainText(), self.body.toPlainText(),
                           self.body_is_json.isChecked())

    def show_form(self, form: RequestForm) -> None:
        self.method.setCurrentText(form.method)
        for index in range(self.api.count()):
            route = self.api.itemData(index)
            if isinstance(route, ApiRoute) and route.name == form.api:
                self.api.setCurrentIndex(index)
        self.path.setText(form.path)
        self.query.setText(form.query)
        self.headers.setPlainText(form.headers_text)
        self.body.setPlainText(form.body)
        self.body_is_json.setChecked(form.body_is_json)

    def _on_send_clicked(self) -> None:
        self.message.clear()
        self._sending = True
        self.status.setText("Sending…")  # the last response is not this one's: it goes
        self.response_headers.clear()
        self.response_body.clear()
        self.vm.send_requested(self.form())

    def _on_vm_copied(self, text: str, kind: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self.message.say(f"Copied as {COPY_KINDS.get(kind, kind)}: paste it in a terminal (or a .py file) to send "
                         "the same request.", error=False)
        self._error_shown = True  # goes with the next edit, as a complaint does

    def _on_form_edited(self, *_: object) -> None:
        if self._error_shown:
            self.message.clear()
            self._error_shown = False

    def _on_vm_error_raised(self, message: str, next_step: str) -> None:
        if self._sending:
            self.status.setText("No response: the request was not answered (see above).")
            self._sending = False
        self._error_shown = True
        self.message.error(message, next_step)

    def _on_save_clicked(self) -> None:
        self.message.clear()
        self.vm.save_requested(self.save_name.text(), self.form())

    def _on_history_activated(self, item: QListWidgetItem) -> None:
        entry = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(entry, dict):
            self.vm.history_chosen(entry)

    def _on_vm_routes_listed(self, routes: list[ApiRoute]) -> None:
        chosen = self.api.currentText()
        self.api.clear()
        for route in routes:
            self.api.addItem(f"{route.name or route.api_id} ({route.stage}) → {route.function_name or '?'}", route)
        if chosen:
            self.api.setCurrentText(chosen)
        if not routes:
            self.message.say(NO_API, error=False)
        elif self.message.text() == NO_API:  # one is wired now: the old words would contradict the list
            self.message.clear()

    def _on_vm_response_received(self, response: HttpResponse) -> None:
        self._sending = False
        colour = _OK if response.status < 400 else _CLIENT_ERROR if response.status < 500 else _SERVER_ERROR
        self.status.setText(f"<b style='color:{colour}'>HTTP {response.status}</b> in "
                            f"{response.seconds * 1000:.0f} ms · {len(response.body.encode())} bytes")
        self.response_headers.setPlainText("\n".join(f"{name}: {value}" for name, value in response.headers))
        self.response_body.setPlainText(response.pretty_body())

    def _on_vm_history_listed(self, entries: list[dict[str, Any]]) -> None:
        self.history.clear()
        for entry in entries:
            request, response = entry.get("request", {}), entry.get("response", {})
            api = f" · {request['api']}" if request.get("api") else ""
            item = QListWidgetItem(f"{request.get('method', '?')} {request.get('path', '?')} → "
                                   f"{response.get('status', '?')} ({float(response.get('seconds', 0)) * 1000:.0f} ms)"
                                   f"{api}")
            item.setData(Qt.ItemDataRole.UserRole, entry)
            item.setToolTip(item.text())  # the whole line, API included, when the column cuts it
            if int(response.get("status", 0)) >= 400:
                item.setForeground(QColor(_SERVER_ERROR))
            self.history.addItem(item)

    def _on_vm_saved_listed(self, names: list[str]) -> None:
        self.saved.clear()
        self.saved.addItems(names)

    def _on_vm_saved(self, name: str) -> None:
        self.message.say(f"Saved as {name}.", error=False)

    def _on_vm_cancelled(self, what: str) -> None:
        self._sending = False
        self.status.setText("No response (cancelled).")
        self.message.say(f"Stopped waiting to {what}.", error=False)

    def _on_vm_busy_changed(self, busy: bool) -> None:
        self.send_button.setEnabled(not busy)
        self.cancel_button.setVisible(busy)
