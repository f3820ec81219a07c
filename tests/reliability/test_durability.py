"""User files under a process killed mid-write (SIGKILL, many times over) and under corruption: every file is
always either the old or the new whole content, and a corrupt file is reported and set aside, never overwritten."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from lambdadesk.adapters.store import profile_store
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.http_request import HttpResponse, RequestSpec
from tests.reliability.conftest import Tried

KILLS = 40
WRITER = """
import sys
from pathlib import Path
from lambdadesk.core.http_request import HttpResponse, RequestSpec
from lambdadesk.core.profile import Profile
from lambdadesk.adapters.store import profile_store
from lambdadesk.adapters.store.request_store import RequestStore

store = RequestStore(Path(sys.argv[1]))
print("ready", flush=True)
n = int(sys.argv[2])
while True:
    n += 1
    body = str(n) * 20000  # big enough that a write takes a while
    profile_store.save_profile(Profile(name="durable", start_timeout_s=float(n)))
    store.save("durable", RequestSpec("POST", f"/{n}", body=body))
    store.record(RequestSpec("GET", f"/{n}"), HttpResponse(200, (), body, 0.01))
"""


def test_files_survive_sigkill_mid_write_many_times(tmp_path: Path, tried: Tried) -> None:
    tried("durability", f"settings (profile), saved request and history written in a loop, SIGKILLed {KILLS} "
                        "times at random moments: every file whole (old or new), none set aside")
    folder = tmp_path / "requests"
    rng = random.Random(5)
    last = 0
    for _ in range(KILLS):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(last)], stdout=subprocess.PIPE,
                                  env=os.environ.copy())
        assert writer.stdout is not None and writer.stdout.readline() == b"ready\n"
        time.sleep(rng.uniform(0.0, 0.15))
        writer.send_signal(signal.SIGKILL)
        writer.wait()
        writer.stdout.close()
        profile = profile_store.load_profile("durable") if profile_store.profile_path("durable").exists() else None
        saved = RequestStore(folder).load("durable") if (folder / "saved" / "durable.json").exists() else None
        if saved is not None:
            number = int(saved.path.strip("/"))
            assert saved.body == str(number) * 20000  # whole, never a mix of two writes
            last = max(last, number)
        if profile is not None:
            last = max(last, int(profile.start_timeout_s))
        store = RequestStore(folder)
        history = store.history()
        assert store.problems == [] and all(h["response"]["body"] == h["request"]["path"].strip("/") * 20000
                                            for h in history)
    leftovers = list(tmp_path.rglob("*.corrupt-*"))
    assert leftovers == [] and last > 0, (leftovers, last)


def test_a_corrupt_file_is_reported_and_set_aside(tmp_path: Path, tried: Tried) -> None:
    tried("durability", "a corrupt profile, saved request and history entry: each reported with the name it was "
                        "moved to, kept byte for byte, never overwritten; the rest goes on")
    profile_path = profile_store.profile_path("default")
    profile_path.parent.mkdir(parents=True, exist_ok=True)
    profile_path.write_bytes(b'{"name": "default", "emula')
    first = subprocess.run([sys.executable, "-m", "lambdadesk", "profile", "show"], capture_output=True, text=True,
                           timeout=120)
    assert first.returncode == 1 and "could not be read" in first.stderr and "moved to" in first.stderr
    kept = list(profile_path.parent.glob("default.json.corrupt-*"))
    assert [p.read_bytes() for p in kept] == [b'{"name": "default", "emula']
    again = subprocess.run([sys.executable, "-m", "lambdadesk", "profile", "show"], capture_output=True, text=True,
                           timeout=120)
    assert again.returncode == 0 and "emulator: localstack" in again.stdout  # the defaults, and said once

    store = RequestStore(tmp_path / "requests")
    store.save("mine", RequestSpec("POST", "/x", body="keep me"))
    saved = store.saved_dir / "mine.json"
    saved.write_bytes(b"\x00\xff not json")
    load = subprocess.run([sys.executable, "-c", "import sys; from pathlib import Path; "
                           "from lambdadesk.adapters.store.request_store import RequestStore; "
                           "RequestStore(Path(sys.argv[1])).load('mine')", str(tmp_path / "requests")],
                          capture_output=True, text=True, timeout=60)
    assert load.returncode == 1 and "could not be read" in load.stderr
    aside = list(store.saved_dir.glob("mine.json.corrupt-*"))
    assert [p.read_bytes() for p in aside] == [b"\x00\xff not json"] and store.saved_names() == []
    store.save("mine", RequestSpec("POST", "/new"))
    assert aside[0].read_bytes() == b"\x00\xff not json"  # a new request of that name leaves the old bytes be

    for number in range(3):
        store.record(RequestSpec("GET", f"/{number}"), HttpResponse(200, (), "ok", 0.01))
    entries = sorted(store.history_dir.glob("*.json"))
    entries[1].write_text('{"request": ')
    assert [h["request"]["path"] for h in store.history()] == ["/2", "/0"]
    assert len(store.problems) == 1 and "moved to" in store.problems[0]
    assert [p.read_text() for p in store.history_dir.glob("*.corrupt-*")] == ['{"request": ']
