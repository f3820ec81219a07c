"""Two processes on one profile: the second waits for the first and says for whom; recording never loses work."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.adapters.store.profile_lock import profile_lock

HOLD = textwrap.dedent("""
    import asyncio, sys
    from lambdadesk.adapters.store.profile_lock import profile_lock

    async def main():
        async with profile_lock("shared", "starting", print):
            print("held", flush=True)
            await asyncio.sleep(float(sys.argv[1]))

    asyncio.run(main())
""")


async def test_a_second_caller_waits_for_the_holder_and_says_which_process_it_is() -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD, "1.5"], stdout=subprocess.PIPE, text=True)  # noqa: ASYNC220
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        said: list[str] = []
        started = time.monotonic()
        async with profile_lock("shared", "stopping", said.append):
            waited = time.monotonic() - started
        assert said == [f"waiting for lambdadesk pid {holder.pid}, which is starting 'shared'"]
        assert waited > 0.5 and holder.wait(timeout=10) == 0  # it got the lock only once the holder let go
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()


async def test_other_profiles_do_not_wait() -> None:
    said: list[str] = []
    async with profile_lock("one", "starting", said.append), asyncio.timeout(2), \
            profile_lock("two", "starting", said.append):
        pass
    assert said == []


RECORD = textwrap.dedent("""
    import sys
    from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
    from lambdadesk.core.function_spec import FunctionSpec

    store = DesiredStateStore("busy")
    for n in range(30):
        store.record_function(FunctionSpec(f"{sys.argv[1]}-{n}", "python3.12", "app.handle", b"zip"))
""")


def test_two_processes_recording_at_once_keep_every_function() -> None:
    writers = [subprocess.Popen([sys.executable, "-c", RECORD, name]) for name in ("a", "b")]
    assert [writer.wait(timeout=120) for writer in writers] == [0, 0]
    assert len(DesiredStateStore("busy").load().functions) == 60


LATE_NOTE = textwrap.dedent("""
    import sys, time
    from filelock import FileLock
    from lambdadesk.adapters.store import profile_lock as pl

    path = pl._lock_path("late")
    with FileLock(path, thread_local=False):
        print("held", flush=True)
        time.sleep(0.2)  # the moment between taking the lock and writing the note, drawn out
        pl._say_holder(path, "starting")
        time.sleep(1.0)
""")


async def test_the_last_holders_note_is_not_taken_for_the_new_holders() -> None:
    from lambdadesk.adapters.store import profile_lock as pl

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],  # noqa: ASYNC221
                          capture_output=True, text=True)
    note = Path(pl._lock_path("late") + ".json")
    note.write_text(f'{{"pid": {int(gone.stdout)}, "doing": "stopping"}}')  # noqa: ASYNC240 - the last holder's
    holder = subprocess.Popen([sys.executable, "-c", LATE_NOTE], stdout=subprocess.PIPE, text=True)  # noqa: ASYNC220
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        said: list[str] = []
        async with profile_lock("late", "starting", said.append):
            pass
        assert said == [f"waiting for lambdadesk pid {holder.pid}, which is starting 'late'"]
    finally:
        holder.kill()
        holder.wait()
        if holder.stdout is not None:
            holder.stdout.close()
