"""`lambdadesk` with no arguments: the window, with asyncio running inside Qt (qasync) and an orderly shutdown."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable
from typing import Any

import qasync
from PySide6.QtWidgets import QApplication, QMessageBox

from lambdadesk.core.events import EventSink
from lambdadesk.core.profile import Profile
from lambdadesk.services import profile_store, secrets
from lambdadesk.services.docker_connection import DockerConnection, connect
from lambdadesk.services.log_hub import profile_log_hub
from lambdadesk.services.orchestrator import Orchestrator
from lambdadesk.services.seed_flow import FlowReport, StepResult, run_seed_flow
from lambdadesk.ui.demo_vm import DemoViewModel
from lambdadesk.ui.environment_vm import Environment, EnvironmentViewModel
from lambdadesk.ui.logs_vm import LogSource, LogsViewModel
from lambdadesk.ui.main_window import MainWindow

LOG = logging.getLogger("lambdadesk")


class RealEnvironments:
    """Makes the Orchestrator the view-model drives; connects to Docker off the GUI thread, once."""

    def __init__(self) -> None:
        self.connection: DockerConnection | None = None

    async def _connected(self) -> DockerConnection:
        if self.connection is None:
            self.connection = await asyncio.to_thread(connect)
        return self.connection

    async def __call__(self, profile: Profile, on_event: EventSink) -> Environment:
        return Orchestrator(profile, await self._connected(), secrets.auth_token(), on_event)

    async def log_source(self, profile: Profile) -> LogSource:
        return await profile_log_hub(profile, (await self._connected()).client)

    async def run_seed_flow(self, profile: Profile, runtime: str,
                            on_step: Callable[[StepResult], None]) -> FlowReport:
        return await run_seed_flow(profile, (await self._connected()).client, runtime, on_step)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()


def main(profile_name: str = "default") -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("lambdadesk")
    app.setQuitOnLastWindowClosed(False)  # the loop must outlive the window until services are closed
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    environments = RealEnvironments()
    profile = profile_store.load_profile(profile_name)
    logs = LogsViewModel(lambda: environments.log_source(profile))
    environment = EnvironmentViewModel(profile, environments)
    window = MainWindow(environment, logs, DemoViewModel(environment, environments.run_seed_flow))
    done = asyncio.Event()

    def report(_loop: Any, context: dict[str, Any]) -> None:
        """An exception in a slot is shown to the user and logged, never lost."""
        error = context.get("exception") or context.get("message")
        LOG.error("unhandled error: %s", error, exc_info=context.get("exception"))
        QMessageBox.critical(window, "lambdadesk hit an error", f"{error}\n\nIt is also in the log.")

    loop.set_exception_handler(report)

    async def shut_down(stop_environment: bool) -> None:
        try:
            await logs.stop()  # log streams first: their threads must end before the loop does
            if stop_environment:
                await window.environment.stop()
        finally:
            environments.close()
            window.close()
            done.set()

    window.shutdown_requested.connect(lambda stop: asyncio.ensure_future(shut_down(stop)))
    window.show()
    with loop:
        loop.run_until_complete(done.wait())
    return 0
