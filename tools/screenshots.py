"""Renders the main window in its key states against a real environment and saves PNGs (run under Xvfb).

usage: python tools/screenshots.py PROFILE.json OUT_DIR [--dark]
(--dark: Qt's Fusion palette for a dark system scheme, as a desktop in dark mode gives it)
"""

from __future__ import annotations

import asyncio
import json
import socket
import sys
from collections.abc import Callable
from pathlib import Path

import qasync
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.store import profile_store
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
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
    await until(lambda: window.capture_panel.model.rowCount() >= 2, 30)
    window.capture_panel.choose(1)
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
    await asyncio.to_thread(subscribe_nowhere, window.environment.profile)
    window.tabs.setCurrentWidget(window.resources_panel)
    await models.resources.refresh()
    tree = window.resources_panel.tree
    tree.setCurrentItem(tree.findItems("seed", Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive, 0)[0])
    await asyncio.sleep(0.3)
    shot(window, out, "resources")
    window.tabs.setCurrentWidget(panel)
    panel.ask_reset()
    await asyncio.sleep(0.3)
    if panel.confirm is not None:
        panel.confirm.grab().save(str(out / "environment-reset-confirm.png"))
        panel.confirm.reject()
    await window.environment.reset()
    window.tabs.setCurrentWidget(window.deploy_panel)
    await asyncio.sleep(1.0)
    shot(window, out, "deploy-after-reset")
    window.resize(800, 600)
    for small in (window.deploy_panel, window.requests_panel, window.environment_panel):
        window.tabs.setCurrentWidget(small)
        await asyncio.sleep(0.3)
        shot(window, out, f"800x600-{window.tabs.tabText(window.tabs.currentIndex()).lower()}")
    assert form.name == "seed"
    await window.environment.stop()
    await window.view_models.engine.stop()


def subscribe_nowhere(profile: Profile) -> None:
    """A subscription left behind by an endpoint that is gone (the Resources tab marks it)."""
    endpoint = addresses(profile).host.emulator_url
    sns = emulator_client("sns", endpoint, profile.region)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    topic = sns.create_topic(Name=DEFAULT_TOPIC)["TopicArn"]
    sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=f"http://127.0.0.1:{port}/sns")


def dark_palette() -> QPalette:
    """The colours Fusion takes in a dark system scheme (Qt's own dark Fusion palette)."""
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in ((roles.Window, "#323232"), (roles.WindowText, "#f0f0f0"), (roles.Base, "#1e1e1e"),
                         (roles.AlternateBase, "#2d2d2d"), (roles.Text, "#f0f0f0"), (roles.Button, "#3c3c3c"),
                         (roles.ButtonText, "#f0f0f0"), (roles.Highlight, "#2f65ca"),
                         (roles.HighlightedText, "#ffffff"), (roles.ToolTipBase, "#3c3c3c"),
                         (roles.ToolTipText, "#f0f0f0"), (roles.PlaceholderText, "#8a8a8a"),
                         (roles.Link, "#6aa4ff"), (roles.Mid, "#555555"), (roles.Dark, "#232323"),
                         (roles.Light, "#4a4a4a"), (roles.Midlight, "#424242"), (roles.Shadow, "#141414")):
        palette.setColor(role, QColor(colour))
    return palette


def main() -> int:
    profile_path, out = sys.argv[1], Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication(sys.argv[:1])
    app.setStyle("Fusion")  # as the app does
    if "--dark" in sys.argv[3:]:
        app.setPalette(dark_palette())
    loop = qasync.QEventLoop(app)
    asyncio.set_event_loop(loop)
    services = RealServices()
    window = MainWindow(ViewModels.build(profile_store.load_profile(profile_path), services))
    window.resize(1200, 760)
    window.show()
    window.view_models.engine.start()  # the footer's engine part, as the app starts it
    with loop:
        loop.run_until_complete(capture(window, out))
        loop.run_until_complete(services.close())
    window.hide()
    window.deleteLater()  # Qt objects go before the application does, not in Python's exit-time collection
    app.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
