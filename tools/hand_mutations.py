"""Mutations a code review made by hand (issue "Tests that fail when the code is wrong"), each applied alone to a
copy of the checkout: the fast tests (tests/unit, tests/ui) must fail on every one. Run it with the project's
.venv: `.venv/bin/python tools/hand_mutations.py`; it prints killed or SURVIVED per mutation, exit 1 if any
survived. mutmut (tools/mutation.sh) makes small changes everywhere; these are the ones that matter most."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

SRC = Path(__file__).resolve().parents[1]

# (what, file, the code as it is, the code as the mutation has it)
MUTATIONS = [
    ("owned filter drops the service label", "lambdadesk/core/labels.py",
     'return {"label": [f"{key}={value}" for key, value in owned_labels(profile, service).items()]}',
     'return {"label": [f"{key}={value}" for key, value in owned_labels(profile, None).items()]}'),
    ("remove_networks drops its is_owned re-check", "lambdadesk/adapters/docker/owned_objects.py",
     '''        if labels.is_owned(network.attrs.get("Labels"), profile):
            with contextlib.suppress(NotFound):
                network.remove()''', '''        if True:
            with contextlib.suppress(NotFound):
                network.remove()'''),
    ("log parser stops redacting", "lambdadesk/logs/log_stream.py",
     "            text = redact(text, self._secrets)", "            text = text"),
    ("profile accepts port 0 and negatives", "lambdadesk/core/profile.py",
     "if not 1 <= port <= 65535:", "if not port <= 65535:"),
    ("write_atomic becomes write_bytes", "lambdadesk/core/atomic_file.py",
     '''    if path.is_symlink():
        path = path.resolve()''', '''    path.write_bytes(data)
    return
    if path.is_symlink():
        path = path.resolve()'''),
    ("headers split on the last colon", "lambdadesk/core/http_request.py",
     'name, colon, value = line.partition(":")', 'name, colon, value = line.rpartition(":")'),
    ("follow swallows its error", "lambdadesk/ui/logs/view_model.py",
     '''            self.error_raised.emit(exc.message, exc.next_step)
            return''', '''            return'''),
    ("held lines unbounded", "lambdadesk/ui/logs/log_view.py",
     "            del self._held[:-KEPT_LINES]\n", ""),
    ("capture shows SubscriptionConfirmations", "lambdadesk/capture/pairing.py",
     'if stopped or message.message_type != "Notification":', "if stopped:"),
]


def main() -> int:
    survived = 0
    with tempfile.TemporaryDirectory() as scratch:
        work = Path(scratch) / "lambdadesk"
        work.mkdir()
        files = subprocess.run(["git", "ls-files", "-z"], cwd=SRC, check=True, capture_output=True).stdout
        archive = subprocess.run(["tar", "-cf", "-", "--null", "-T", "-"], cwd=SRC, input=files, check=True,
                                 capture_output=True).stdout
        subprocess.run(["tar", "-xf", "-"], cwd=work, input=archive, check=True)
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
        for what, relative, old, new in MUTATIONS:
            path = work / relative
            original = path.read_text()
            if original.count(old) != 1:
                print(f"STALE     {what}: the code it changes is not in {relative} once", flush=True)
                survived += 1
                continue
            path.write_text(original.replace(old, new))
            run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider",
                                  "tests/unit", "tests/ui"], cwd=work, env=env, capture_output=True, text=True)
            path.write_text(original)
            failed = next((line for line in run.stdout.splitlines() if line.startswith("FAILED")), "")
            survived += run.returncode == 0
            print(f"{'killed  ' if run.returncode else 'SURVIVED'}  {what}  {failed[:110]}", flush=True)
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
