"""The Logs panel: an "all" tab and one tab per container, live, with filter, pause, clear and the DEBUG toggle.
Tabs carry short names (the full container name is the tooltip); a container that stopped says so in its tab,
and only the newest few stopped Lambda containers keep theirs (their lines stay in "all"); every tab is also a
click away in the Sources menu when the bar overflows."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTabBar,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from lambdadesk.core.events import LogLine
from lambdadesk.ui.common.message_label import MessageLabel
from lambdadesk.ui.logs.function_logs_bar import FunctionLogsBar
from lambdadesk.ui.logs.function_logs_view_model import FunctionLogsViewModel
from lambdadesk.ui.logs.log_view import LogView
from lambdadesk.ui.logs.source_names import is_lambda, short_source
from lambdadesk.ui.logs.view_model import LogsViewModel

ALL = "all"
DEBUG_TIP = "Restarts LocalStack with DEBUG=1 (or 0): a few seconds; what was deployed is re-applied."
DEBUG_ATTACHED = ("This profile is attached to an emulator started outside lambdadesk: set its DEBUG where you start "
                  "it (lambdadesk does not restart it).")
ENDED_LAMBDA_TABS = 3  # stopped Lambda containers that keep a tab of their own, newest first
EMPTY = ("No log lines yet. Each container of the environment gets a tab here as soon as it runs, and the Lambda "
         "containers the emulator starts too: start the environment (Environment tab), then send a request.")


class LogsPanel(QWidget):
    def __init__(self, view_model: LogsViewModel, functions: FunctionLogsViewModel | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.vm = view_model
        self.functions = functions
        self.function_bar = FunctionLogsBar(functions) if functions is not None else None
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter lines…")
        self.filter.setClearButtonEnabled(True)
        self.follow_button = QPushButton("Follow")
        self.pause = QCheckBox("Pause")
        self.clear_button = QPushButton("Clear")
        self.debug = QCheckBox("LocalStack DEBUG")
        self.debug.setToolTip(DEBUG_TIP)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)
        self.sources_button = QToolButton()
        self.sources_button.setText("Sources")
        self.sources_button.setToolTip("Every tab, by container (also the ones scrolled out of the tab bar)")
        self.sources_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.sources_button.setMenu(QMenu(self.sources_button))
        self.sources_button.menu().aboutToShow.connect(self._fill_sources_menu)
        self.tabs.setCornerWidget(self.sources_button)
        self.empty = QLabel(EMPTY)
        self.empty.setWordWrap(True)
        self.message = MessageLabel()
        self.views: dict[str, LogView] = {}
        self._ended: list[str] = []  # sources whose container stopped, oldest first
        self._view(ALL)

        bar = QHBoxLayout()
        for widget in (self.filter, self.follow_button, self.pause, self.clear_button, self.debug):
            bar.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        if self.function_bar is not None:
            layout.addWidget(self.function_bar)
        layout.addWidget(self.message)
        layout.addWidget(self.empty)
        layout.addWidget(self.tabs, 1)

        self.filter.textChanged.connect(self._on_filter_text_changed)
        self.follow_button.clicked.connect(view_model.follow_requested)
        self.pause.toggled.connect(self._on_pause_toggled)
        self.clear_button.clicked.connect(self._on_clear_clicked)
        view_model.lines_received.connect(self._on_vm_lines_received)
        view_model.following_changed.connect(self._on_vm_following_changed)
        view_model.error_raised.connect(self.message.error)
        if functions is not None:
            functions.opened.connect(self._on_function_opened)
            functions.lines_received.connect(self._on_function_lines_received)
            functions.error_raised.connect(self.message.error)
            functions.closed.connect(self._on_function_closed)

    def _view(self, source: str) -> LogView:
        if source not in self.views:
            view = LogView(show_source=source == ALL)
            view.set_paused(self.pause.isChecked())
            view.set_filter(self.filter.text())
            self.views[source] = view
            index = self.tabs.addTab(view, source if source == ALL else short_source(source))
            self.tabs.setTabToolTip(index, "every container, one after another by time" if source == ALL
                                    else source)
        return self.views[source]

    def _on_vm_lines_received(self, batch: list[LogLine]) -> None:
        self.empty.setVisible(False)
        # within a batch, by time: the histories of several containers arrive one container after another
        self._view(ALL).add(sorted(batch, key=lambda line: line.timestamp))
        by_source: dict[str, list[LogLine]] = {}
        for line in batch:
            by_source.setdefault(line.source, []).append(line)
        for source, lines in by_source.items():
            self._view(source).add(lines)
            ended = lines[-1].ended
            self._mark(source, ended)
        self._drop_old_ended()

    def _on_function_opened(self, key: str, title: str) -> None:
        """A function's CloudWatch Logs in a tab of its own (shown now), with a button that closes it."""
        self.message.clear()
        view = LogView(show_source=True)
        view.set_paused(self.pause.isChecked())
        view.set_filter(self.filter.text())
        self.views[key] = view
        index = self.tabs.addTab(view, title)
        self.tabs.setTabToolTip(index, f"{title}: the emulator's CloudWatch Logs, followed until closed")
        close = QToolButton()
        close.setText("✕")
        close.setAutoRaise(True)
        close.setToolTip("Close (stop following)")
        close.clicked.connect(lambda: self._close_function(key))
        self.tabs.tabBar().setTabButton(index, QTabBar.ButtonPosition.RightSide, close)
        self.tabs.setCurrentIndex(index)
        self.empty.setVisible(False)

    def _on_function_lines_received(self, key: str, batch: list[LogLine]) -> None:
        if key in self.views:
            self.views[key].add(batch)

    def _close_function(self, key: str) -> None:
        if self.functions is not None:
            self.functions.close_requested(key)

    def _on_function_closed(self, key: str) -> None:
        view = self.views.pop(key, None)
        if view is not None:
            self.tabs.removeTab(self.tabs.indexOf(view))
            view.deleteLater()

    def _mark(self, source: str, ended: bool) -> None:
        """A tab says when its container stopped, and stops saying it when the container logs again."""
        if source in self._ended:
            self._ended.remove(source)
        if ended:
            self._ended.append(source)
        index = self.tabs.indexOf(self.views[source])
        self.tabs.setTabText(index, short_source(source) + (" (stopped)" if ended else ""))

    def _drop_old_ended(self) -> None:
        stopped_lambdas = [source for source in self._ended if is_lambda(source)]
        for source in stopped_lambdas[:-ENDED_LAMBDA_TABS]:
            self._ended.remove(source)
            view = self.views.pop(source)
            self.tabs.removeTab(self.tabs.indexOf(view))
            view.deleteLater()

    def _fill_sources_menu(self) -> None:
        menu = self.sources_button.menu()
        menu.clear()
        for index in range(self.tabs.count()):
            action = QAction(self.tabs.tabText(index), menu)
            action.setToolTip(self.tabs.tabToolTip(index))
            action.setData(index)
            action.triggered.connect(self._on_source_chosen)
            menu.addAction(action)

    def _on_source_chosen(self) -> None:
        action = self.sender()
        if isinstance(action, QAction):
            self.tabs.setCurrentIndex(int(action.data()))

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
