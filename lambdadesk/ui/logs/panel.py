"""The Logs panel: an "all" tab and one tab per container, live, with filter, pause, clear and the DEBUG toggle."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLineEdit, QPushButton, QTabWidget, QVBoxLayout, QWidget

from lambdadesk.core.events import LogLine
from lambdadesk.ui.logs.log_view import LogView
from lambdadesk.ui.logs.view_model import LogsViewModel

ALL = "all"


class LogsPanel(QWidget):
    def __init__(self, view_model: LogsViewModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter lines…")
        self.filter.setClearButtonEnabled(True)
        self.follow_button = QPushButton("Follow")
        self.pause = QCheckBox("Pause")
        self.clear_button = QPushButton("Clear")
        self.debug = QCheckBox("LocalStack DEBUG")
        self.debug.setToolTip("Restarts LocalStack with DEBUG=1 (or 0): a few seconds; what was deployed is "
                              "re-applied.")
        self.tabs = QTabWidget()
        self.views: dict[str, LogView] = {}
        self._view(ALL)

        bar = QHBoxLayout()
        for widget in (self.filter, self.follow_button, self.pause, self.clear_button, self.debug):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.tabs, 1)

        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.follow_button.clicked.connect(view_model.follow_requested)
        self.pause.toggled.connect(self._on_pause_toggled)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        view_model.lines_received.connect(self._on_vm_lines_received)
        view_model.following_changed.connect(self._on_vm_following_changed)

    def _view(self, source: str) -> LogView:
        if source not in self.views:
            view = LogView(show_source=source == ALL)
            view.set_paused(self.pause.isChecked())
            view.set_filter(self.filter.text())
            self.views[source] = view
            self.tabs.addTab(view, source.removeprefix("lambdadesk-"))
        return self.views[source]

    def _on_vm_lines_received(self, batch: list[LogLine]) -> None:
        # within a batch, by time: the histories of several containers arrive one container after another
        self._view(ALL).add(sorted(batch, key=lambda line: line.timestamp))
        by_source: dict[str, list[LogLine]] = {}
        for line in batch:
            by_source.setdefault(line.source, []).append(line)
        for source, lines in by_source.items():
            self._view(source).add(lines)

    def _on_vm_following_changed(self, following: bool) -> None:
        self.follow_button.setText("Following" if following else "Follow")
        self.follow_button.setEnabled(not following)

    def _on_filter_text_changed(self, text: str) -> None:
        for view in self.views.values():
            view.set_filter(text)

    def _on_pause_toggled(self, paused: bool) -> None:
        for view in self.views.values():
            view.set_paused(paused)

    def _on_clear_clicked(self) -> None:
        for view in self.views.values():
            view.clear_lines()
