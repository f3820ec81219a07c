"""The long-running commands, driven as a person would: started, fed, and stopped (by --count or SIGTERM)."""

import signal
import time
import zipfile
from pathlib import Path

import pytest
import redis

from lambdadesk.adapters.aws.aws_clients import emulator_client
from tests.integration.cli_run import Running, lambdadesk

ENDPOINT, REDIS_PORT = "http://127.0.0.1:24566", 26379  # the cli_profile's ports


@pytest.mark.proves("capture beside Redis")
@pytest.mark.every_topology
def test_capture_shows_each_notification_beside_its_redis_value(cli_profile: str) -> None:
    assert lambdadesk("--profile", cli_profile, "up").returncode == 0
    capture = Running("--profile", cli_profile, "capture", "orders", "--count", "1")
    capture.wait_for("subscription confirmed")
    redis.Redis(port=REDIS_PORT).set("order:7", '{"qty": 2}')
    sns = emulator_client("sns", ENDPOINT, "us-east-1")
    sns.publish(TopicArn="arn:aws:sns:us-east-1:000000000000:orders", Message="order:7")
    assert capture.finish() == 0
    output = "\n".join(capture.seen)
    assert "orders: order:7" in output and "redis: order:7 (string) =" in output and '"qty": 2' in output


def test_redis_watch_prints_changes_until_its_count(cli_profile: str) -> None:
    assert lambdadesk("--profile", cli_profile, "up").returncode == 0
    watch = Running("--profile", cli_profile, "redis", "watch", "seed:*", "--count", "2")
    store = redis.Redis(port=REDIS_PORT)
    deadline = time.monotonic() + 30
    while watch.process.poll() is None and time.monotonic() < deadline:
        store.set("seed:x", "1")  # until the watch has subscribed and seen two changes
        time.sleep(0.2)
    assert watch.finish() == 0
    assert sum("set      seed:x" in line for line in watch.seen) == 2


def test_deploy_watch_redeploys_when_the_zip_changes_and_stops_on_sigterm(cli_profile: str,
                                                                         tmp_path: Path) -> None:
    archive = tmp_path / "w.zip"

    def build(reply: str) -> None:
        with zipfile.ZipFile(archive, "w") as zipped:
            zipped.writestr("app.py", f"def handle(event, context):\n    return {reply!r}\n")

    build("one")
    assert lambdadesk("--profile", cli_profile, "up").returncode == 0
    watch = Running("--profile", cli_profile, "deploy", str(archive), "--name", "watched", "--handler",
                    "app.handle", "--watch")
    watch.wait_for("watching")
    build("two")
    watch.wait_for("Updated")
    watch.process.send_signal(signal.SIGTERM)
    assert watch.finish() == 0
    invoked = lambdadesk("--profile", cli_profile, "invoke", "watched")
    assert invoked.returncode == 0 and '"two"' in invoked.stdout


def test_capture_subscribes_again_after_a_reset_from_another_shell(cli_profile: str) -> None:
    assert lambdadesk("--profile", cli_profile, "up").returncode == 0
    capture = Running("--profile", cli_profile, "capture", "orders", "--count", "1")
    capture.wait_for("subscription confirmed")
    assert lambdadesk("--profile", cli_profile, "reset").returncode == 0  # the topic and subscription are gone
    capture.wait_for("was lost", 30)
    capture.wait_for("capturing orders again", 60)
    redis.Redis(port=REDIS_PORT).set("order:8", '{"qty": 3}')  # the reset flushed Redis too
    emulator_client("sns", ENDPOINT, "us-east-1").publish(TopicArn="arn:aws:sns:us-east-1:000000000000:orders",
                                                           Message="order:8")
    assert capture.finish(60) == 0
    assert "orders: order:8" in "\n".join(capture.seen)
