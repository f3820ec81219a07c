"""`lambdadesk` with no arguments: the window, with asyncio running inside Qt (qasync) and an orderly shutdown."""

from __future__ import annotations

import asyncio
import logging
import signal
import sys
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

import qasync
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from lambdadesk import APP_ID
from lambdadesk.adapters.store import profile_store, secrets
from lambdadesk.adapters.store.paths import requests_dir
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import Profile
from lambdadesk.ui.logs.view_model import LogSource
from lambdadesk.ui.main_window import MainWindow, last_profile_name
from lambdadesk.ui.view_models import ViewModels

if TYPE_CHECKING:  # the Docker, AWS and Redis services load on first use, after the window is up
    from lambdadesk.adapters.docker.docker_connection import DockerConnection
    from lambdadesk.adapters.docker.engine_watch import EngineWatch
    from lambdadesk.core.engine import EngineState
    from lambdadesk.flows.flow_model import Flow
    from lambdadesk.flows.flow_result import FlowReport, StepResult
    from lambdadesk.session import Session

LOG = logging.getLogger("lambdadesk")
SIGNAL_CHECK_MS = 250  # how soon Ctrl+C or SIGTERM is noticed while Qt waits
CLOSE_WAIT_S = 30  # how long closing waits for a deploy, request or flow under way to end


class Closable(Protocol):
    async def close(self) -> None: ...


class RealServices:
    """The real services under the window. Connects to Docker off the GUI thread, once; the Environment view-model
    asks for one session per profile (a new one whenever the profile changes)."""

    def __init__(self) -> None:
        self.connection: DockerConnection | None = None
        self._sessions: list[Session] = []

    async def _connected(self) -> DockerConnection:
        if self.connection is None:
            from lambdadesk.adapters.docker.docker_connection import connect

            self.connection = await asyncio.to_thread(connect)
        return self.connection

    async def make_session(self, profile: Profile, on_event: EventSink) -> Session:
        from lambdadesk.session import Session

        connection = await self._connected() if profile.attached is None else None  # attached: no engine needed
        session = Session(profile, connection, secrets.auth_token(), on_event, self.request_store())
        self._sessions.append(session)
        return session

    async def log_source(self, profile: Profile) -> LogSource:
        from lambdadesk.logs.log_hub import profile_log_hub

        client = (await self._connected()).client if profile.attached is None else None
        return await profile_log_hub(profile, client)

    def request_store(self) -> RequestStore:
        return RequestStore(requests_dir())

    def watch_engine(self, on_change: Callable[[EngineState], None]) -> Callable[[], None]:
        """The engine watch in a thread of its own, which also imports the Docker SDK: the window is not held."""
        watches: list[EngineWatch] = []
        stopped = threading.Event()

        def run() -> None:
            from lambdadesk.adapters.docker.engine_watch import EngineWatch

            watches.append(EngineWatch(on_change))
            if not stopped.is_set():
                watches[0].run()

        thread = threading.Thread(target=run, name="lambdadesk-engine-watch", daemon=True)
        thread.start()

        def stop() -> None:
            stopped.set()
            if watches:
                watches[0].close()
            thread.join(timeout=5)

        return stop

    async def run_flow(self, session: object, flow: Flow, on_step: Callable[[StepResult], None]) -> FlowReport:
        from lambdadesk.flows.flow_runner import FlowRunner
        from lambdadesk.session import Session

        assert isinstance(session, Session)
        return await FlowRunner(session, flow, on_step).run()

    async def close(self) -> None:
        """Capture endpoints and Redis clients of every session made (closing twice is harmless), then Docker."""
        for session in self._sessions:
            await session.close()
        self._sessions.clear()
        if self.connection is not None:
            await asyncio.to_thread(self.connection.close)
            self.connection = None


def main(profile_name: str | None = None) -> int:
    """The window on `profile_name`; without one, on the profile used last (if it still loads), else the default."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("lambdadesk")
    app.setDesktopFileName(APP_ID)  # the desktop shell matches the window to its menu entry and icon
    app.setStyle("Fusion")  # one look everywhere; its palette follows the system's light or dark scheme
    app.setQuitOnLastWindowClosed(False)  # the loop must outlive the window until services are closed
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    services = RealServices()
    try:
        profile = _starting_profile(profile_name)
    except LambdadeskError as exc:
        print(f"lambdadesk: {exc}", file=sys.stderr)
        return 2
    view_models = ViewModels.build(profile, services)
    window = MainWindow(view_models)
    done = asyncio.Event()

    def report(error: BaseException | str) -> None:
        """An exception in a slot is shown to the user and logged, never lost."""
        LOG.error("unhandled error: %s", error, exc_info=error if isinstance(error, BaseException) else None)
        QMessageBox.critical(window, "lambdadesk hit an error", f"{error}\n\nIt is also in the log.")

    loop.set_exception_handler(lambda _loop, context: report(context.get("exception") or context["message"]))
    sys.excepthook = lambda _type, error, _traceback: report(error)  # qasync hands slot errors to the excepthook

    window.shutdown_requested.connect(
        lambda stop: asyncio.ensure_future(shut_down(window, view_models, services, stop, done)))
    signals = quit_on_signals(window)  # noqa: F841 - the timer must live as long as the window
    window.show()  # after the handlers: a SIGTERM as soon as the window is seen closes it in order
    view_models.engine.start()
    with loop:
        loop.run_until_complete(done.wait())
    return 0


async def shut_down(window: MainWindow, view_models: ViewModels, services: Closable,
                    stop_environment: bool, done: asyncio.Event) -> None:
    """In order, with the window on screen saying what it waits for: work under way ends first (up to
    CLOSE_WAIT_S), then log streams, watches and debugging, the environment if asked, sessions, Docker."""
    try:
        under_way = view_models.under_way()
        if under_way:  # what was handed to the emulator ends first, with the window saying so
            window.show_closing(f"waiting for {'; '.join(under_way)} to end")
            if not await view_models.wait_idle(CLOSE_WAIT_S):
                LOG.warning("closing without waiting any longer for: %s", "; ".join(view_models.under_way()))
        window.show_closing("stopping the environment" if stop_environment else "closing the log streams")
        await view_models.logs.stop()  # log streams first: their threads must end before the loop does
        await view_models.function_logs.close_all()
        await view_models.deploy.stop_watching()
        await view_models.debug.stop()  # a function left waiting for a debugger is put back
        await view_models.flows.stop()
        await view_models.capture.stop()
        await view_models.engine.stop()
        if stop_environment:
            await window.environment.stop()
    finally:
        await view_models.environment.close_session()  # its watch of Docker's events ends first
        await services.close()
        window.close()
        done.set()


def quit_on_signals(window: MainWindow) -> QTimer:
    """Ctrl+C in the terminal that started the window, or SIGTERM, closes it in order (the environment keeps
    running, as "Keep it running" leaves it). Python runs a signal handler only between bytecodes, so a timer
    hands control back to Python a few times a second while Qt waits."""
    def on_signal(number: int, _frame: object) -> None:
        LOG.info("%s: closing the window; the environment keeps running", signal.Signals(number).name)
        window.quit_keeping_environment()

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, on_signal)
    timer = QTimer(window)
    timer.timeout.connect(lambda: None)
    timer.start(SIGNAL_CHECK_MS)
    return timer


def _starting_profile(asked: str | None) -> Profile:
    if asked is not None:
        return profile_store.load_profile(asked)  # a wrong name on the command line is said, not skipped
    try:
        return profile_store.load_profile(last_profile_name() or "default")
    except LambdadeskError as exc:
        LOG.warning("the last profile cannot be used (%s); starting on the default", exc.message)
        return profile_store.load_profile("default")
