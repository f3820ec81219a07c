"""Renders the main window in its key states against a real environment and saves PNGs (run under Xvfb).

usage: python tools/screenshots.py PROFILE.json OUT_DIR
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable
from pathlib import Path

import qasync
from PySide6.QtWidgets import QApplication

from lambdadesk.adapters.store import profile_store
from lambdadesk.ui.app import RealServices
from lambdadesk.ui.capture.panel import DEFAULT_TOPIC
from lambdadesk.ui.main_window import MainWindow
from lambdadesk.ui.view_models import ViewModels


async def until(condition: Callable[[], bool], timeout_s: float) -> None:
    for _ in range(int(timeout_s * 10)):
        if condition():
            return
        await asyncio.sleep(0.1)


def shot(window: MainWindow, out: Path, name: str) -> None:
    window.grab().save(str(out / f"{name}.png"))


async def capture(window: MainWindow, out: Path) -> None:
    panel = window.environment_panel
    starting = asyncio.ensure_future(window.environment.start())
    await asyncio.sleep(0.6)
    shot(window, out, "environment-starting")
    await starting
    await asyncio.sleep(0.3)
    shot(window, out, "environment-ready")
    models = window.view_models
    window.tabs.setCurrentWidget(window.capture_panel)
    await models.capture.subscribe(DEFAULT_TOPIC)
    window.tabs.setCurrentWidget(window.deploy_panel)
    form = await models.deploy.use_sample()
    window.deploy_panel.environment.add_row("GREETING", "hello")
    await models.deploy.deploy(window.deploy_panel.form())
    await asyncio.sleep(0.3)
    shot(window, out, "deploy")
    box = window.deploy_panel.debug
    box.port.setValue(5698)
    await models.debug.start(window.deploy_panel.form(), box.port.value(), box.wait.value())
    await asyncio.sleep(0.3)
    shot(window, out, "deploy-debugging")
    await models.debug.stop()
    window.tabs.setCurrentWidget(window.requests_panel)
    await models.requests.refresh_routes()
    requests = window.requests_panel
    requests.path.setText("/orders")
    requests.headers.setPlainText("X-Trace: demo-1")
    for n in range(2):
        requests.body.setPlainText(json.dumps({"order": 1000 + n, "items": ["tea", "cake"], "paid": True}, indent=2))
        await models.requests.send(requests.form())
    await asyncio.sleep(0.3)
    shot(window, out, "requests")
    window.tabs.setCurrentWidget(window.capture_panel)
    await until(lambda: window.capture_panel.messages.rowCount() >= 2, 30)
    window.capture_panel.messages.setCurrentCell(1, 0)
    window.capture_panel.pattern.setText("*")
    await models.capture.scan("*")
    window.capture_panel.keys.setCurrentRow(0)
    await asyncio.sleep(0.5)
    shot(window, out, "capture")
    await window.logs.follow()
    window.tabs.setCurrentWidget(window.logs_panel)
    await asyncio.sleep(1.5)
    shot(window, out, "logs")
    await window.logs.stop()
    window.tabs.setCurrentWidget(window.flows_panel)
    await window.flows_panel.vm.run()
    window.flows_panel.timeline.setCurrentCell(window.flows_panel.timeline.rowCount() - 1, 0)
    await asyncio.sleep(0.3)
    shot(window, out, "flows")
    window.tabs.setCurrentWidget(window.invocations_panel)
    await models.invocations.refresh()
    rows = window.invocations_panel.rows
    window.invocations_panel.table.selectRow(next((i for i, one in enumerate(rows) if one.redis_writes), 0))
    await asyncio.sleep(0.3)
    shot(window, out, "invocations")
    window.invocations_panel.views.setCurrentIndex(1)
    await asyncio.sleep(0.2)
    shot(window, out, "invocations-details")
    window.tabs.setCurrentWidget(panel)
    panel.ask_reset()
    await asyncio.sleep(0.3)
    if panel.confirm is not None:
        panel.confirm.grab().save(str(out / "environment-reset-confirm.png"))
        panel.confirm.reject()
    assert form.name == "seed"
    await window.environment.stop()


def main() -> int:
    profile_path, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv)
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    services = RealServices()
    window = MainWindow(ViewModels.build(profile_store.load_profile(profile_path), services))
    window.resize(1200, 760)
    window.show()
    with loop:
        loop.run_until_complete(capture(window, out))
        loop.run_until_complete(services.close())
    window.hide()
    window.deleteLater()  # Qt objects go before the application does, not in Python's exit-time collection
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
