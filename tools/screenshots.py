"""Renders the main window in its key states against a real environment and saves PNGs (run under Xvfb).

usage: python tools/screenshots.py PROFILE.json OUT_DIR
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from lambdadesk.services import profile_store
from lambdadesk.ui.app import RealEnvironments
from lambdadesk.ui.demo_vm import DemoViewModel
from lambdadesk.ui.environment_vm import EnvironmentViewModel
from lambdadesk.ui.logs_vm import LogsViewModel
from lambdadesk.ui.main_window import MainWindow


async def capture(window: MainWindow, out: Path) -> None:
    panel = window.environment_panel
    starting = asyncio.ensure_future(window.environment.start())
    await asyncio.sleep(0.6)
    window.grab().save(str(out / "environment-starting.png"))
    await starting
    await asyncio.sleep(0.3)
    window.grab().save(str(out / "environment-ready.png"))
    await window.logs.follow()
    window.tabs.setCurrentWidget(window.logs_panel)
    await asyncio.sleep(1.5)
    window.grab().save(str(out / "logs.png"))
    await window.logs.stop()
    window.tabs.setCurrentWidget(window.demo_panel)
    await window.demo_panel.vm.run("python3.12")
    await asyncio.sleep(0.3)
    window.grab().save(str(out / "demo.png"))
    window.tabs.setCurrentWidget(panel)
    panel.ask_reset()
    await asyncio.sleep(0.3)
    if panel.confirm is not None:
        panel.confirm.grab().save(str(out / "environment-reset-confirm.png"))
        panel.confirm.reject()
    await window.environment.stop()


def main() -> int:
    profile_path, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    environments = RealEnvironments()
    profile = profile_store.load_profile(profile_path)
    environment = EnvironmentViewModel(profile, environments)
    window = MainWindow(environment, LogsViewModel(lambda: environments.log_source(profile)),
                        DemoViewModel(environment, environments.run_seed_flow))
    window.resize(1000, 460)
    window.show()
    with loop:
        loop.run_until_complete(capture(window, out))
    environments.close()
    window.hide()
    window.deleteLater()  # Qt objects go before the application does, not in Python's exit-time collection
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
