import io
import zipfile
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from pytestqt.qtbot import QtBot

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.deploy.sample_lambda import seed_zip
from lambdadesk.deploy.source_reload import SourceReloader
from lambdadesk.ui.deploy.debug_view_model import DebugViewModel
from lambdadesk.ui.deploy.panel import DeployPanel
from lambdadesk.ui.deploy.view_model import DeployViewModel
from tests.ui.conftest import Runner, until
from tests.ui.fake_session import FakeSession


def make_panel(qtbot: QtBot, tmp_path: Path) -> tuple[DeployPanel, FakeSession]:
    bench = FakeSession(RequestStore(tmp_path / "requests"))

    panel = DeployPanel(DeployViewModel(bench.get), DebugViewModel(bench.get))
    qtbot.addWidget(panel)
    return panel, bench


def write_seed_zip(path: Path) -> Path:
    path.write_bytes(seed_zip())
    return path


def test_the_sample_deploys_with_what_the_user_set_and_shows_active_and_the_url(
        qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    qtbot.mouseClick(panel.sample_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.zip_path.text().endswith(".zip")))
    panel.memory.setValue(512)
    panel.environment.add_row("GREETING", "hi")

    qtbot.mouseClick(panel.deploy_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.functions.rowCount() == 1))

    spec, wired = bench.deployed[0]
    assert (spec.name, spec.runtime, spec.memory_mb, spec.environment, wired) == \
        ("seed", "python3.12", 512, {"GREETING": "hi"}, True)
    assert spec.code == Path(panel.zip_path.text()).read_bytes()
    assert "seed</b> is <b>Active</b> (created, 0.4 s)" in panel.state.text()
    assert "/restapis/api1/dev/_user_request_/" in panel.state.text()
    assert panel.functions.item(0, 0).text() == "seed" and panel.functions.item(0, 2).text() == "Active"


def test_topic_arns_left_out_of_the_environment_are_said_where_the_user_deployed(
        qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    bench.injected = {f"SNS_TOPIC_ARN_T{n}": f"arn:aws:sns:us-east-1:000000000000:t{n}" for n in range(90)}
    qtbot.mouseClick(panel.sample_button, Qt.MouseButton.LeftButton)
    run(until(lambda: panel.zip_path.text().endswith(".zip")))
    qtbot.mouseClick(panel.deploy_button, Qt.MouseButton.LeftButton)
    run(until(lambda: "is <b>Active</b>" in panel.state.text()))
    assert panel.message.text().startswith("The ARNs of 90 SNS topics were not put in seed's environment")


def test_a_file_that_is_not_a_zip_is_refused_with_what_is_wrong(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    not_zip = tmp_path / "build.zip"
    not_zip.write_text("this is a text file")
    panel.choose_zip(str(not_zip))

    qtbot.mouseClick(panel.deploy_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.message.isHidden()))

    assert "not a zip archive" in panel.message.text() and "Next step" in panel.message.text()
    assert panel.name.text() == "build" and bench.deployed == [] and panel.deploy_button.isEnabled()


def test_a_handler_missing_from_the_zip_is_named(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    panel.choose_zip(str(write_seed_zip(tmp_path / "seed.zip")))
    panel.handler.setText("main.handler")

    qtbot.mouseClick(panel.deploy_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.message.isHidden()))

    assert "main.py" in panel.message.text() and bench.deployed == []


def test_a_dropped_zip_is_chosen_and_names_the_function(qtbot: QtBot, tmp_path: Path) -> None:
    panel, _bench = make_panel(qtbot, tmp_path)
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(tmp_path / "orders-api.zip"))])
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    panel.dropEvent(drop)
    assert panel.zip_path.text().endswith("orders-api.zip") and panel.name.text() == "orders-api"


def test_with_the_watch_on_a_rebuilt_zip_is_deployed_again(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    path = write_seed_zip(tmp_path / "seed.zip")
    panel.choose_zip(str(path))
    panel.watch.setChecked(True)
    run(until(lambda: "Watching" in panel.message.text()))

    with zipfile.ZipFile(path, "a") as archive:  # the build writes a new version
        archive.writestr("VERSION", "2")
    run(until(lambda: len(bench.deployed) == 1, timeout_s=10))

    assert bench.deployed[0][0].code == path.read_bytes()
    panel.watch.setChecked(False)
    run(until(lambda: panel.vm._watcher is None))


def test_cancel_stops_waiting_for_a_slow_deploy_and_says_so(qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    panel.choose_zip(str(write_seed_zip(tmp_path / "seed.zip")))
    bench.gate.clear()  # the emulator takes its time
    qtbot.mouseClick(panel.deploy_button, Qt.MouseButton.LeftButton)
    run(until(lambda: not panel.deploy_button.isEnabled() and "Pending" in panel.state.text()))
    assert not panel.cancel_button.isHidden()

    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    run(until(panel.deploy_button.isEnabled))

    assert "Stopped waiting to deploy seed" in panel.message.text() and bench.deployed == []
    assert panel.cancel_button.isHidden()


def test_a_source_folder_deploys_its_code_and_a_broken_file_is_named_with_its_line(
        qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    source = tmp_path / "orders"
    (source / "__pycache__").mkdir(parents=True)
    (source / "__pycache__" / "x.pyc").write_bytes(b"")
    (source / "lambda_function.py").write_text("def lambda_handler(e, c):\n    return (\n")
    data = QMimeData()
    data.setUrls([QUrl.fromLocalFile(str(source))])
    panel.dropEvent(QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, data, Qt.MouseButton.LeftButton,
                               Qt.KeyboardModifier.NoModifier))
    assert panel.name.text() == "orders"

    qtbot.mouseClick(panel.deploy_button, Qt.MouseButton.LeftButton)
    run(until(lambda: len(bench.deployed) == 1 and not panel.message.isHidden()))

    with zipfile.ZipFile(io.BytesIO(bench.deployed[0][0].code)) as archive:
        assert archive.namelist() == ["lambda_function.py"]
    assert "Deployed, but the code is broken: lambda_function.py:2:" in panel.message.text()


def test_with_the_watch_on_each_save_in_the_folder_reloads_the_code_and_says_so(
        qtbot: QtBot, run: Runner, tmp_path: Path) -> None:
    panel, bench = make_panel(qtbot, tmp_path)
    source = tmp_path / "orders"
    source.mkdir()
    handler = source / "lambda_function.py"
    handler.write_text("def lambda_handler(e, c):\n    return 1\n")
    panel.choose_zip(str(source))
    panel.watch.setChecked(True)
    run(until(lambda: "every save reloads" in panel.message.text()))
    watcher = panel.vm._watcher
    assert isinstance(watcher, SourceReloader)
    run(until(watcher.watcher.ready.is_set))

    handler.write_text("def lambda_handler(e, c):\n    return 2\n")
    run(until(lambda: len(bench.reloads) == 1, timeout_s=10))
    assert "<br>Reloaded orders in " in panel.state.text() and panel.message.isHidden()
    handler.write_text("def lambda_handler(e, c):\n    return (\n")
    run(until(lambda: len(bench.reloads) == 2, timeout_s=10))
    run(until(lambda: "It is broken now: lambda_function.py:2:" in panel.message.text()))
    assert bench.deployed == []  # only the code was updated, never a whole deploy

    panel.watch.setChecked(False)
    run(until(lambda: panel.vm._watcher is None))
