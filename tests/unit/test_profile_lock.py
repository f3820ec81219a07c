"""Two processes on one profile: the second waits for the first and says for whom; recording never loses work."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import textwrap
import time

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
