"""LocalStack loads each AWS service on its first call, which costs a second or more each. Once the emulator says
it is ready, the services the seed flow uses are called once, in the background, so the user's first deploy or
request does not pay for the loading. One after the other, never together: two services loading at once can
deadlock on Python's import locks inside LocalStack (seen here on moto.apigateway.models after an emulator
restart), and LocalStack then keeps that service broken until its container is recreated (localstack#11870)."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Callable
from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses

LOG = logging.getLogger(__name__)
_FIRST_CALLS = {"lambda": "list_functions", "apigateway": "get_rest_apis", "sns": "list_topics"}


def flow_clients(profile: Profile) -> dict[str, Any]:
    """Blocking. The boto3 client of each of the flow's services the profile runs (making one costs ~150 ms of
    this process's CPU, so they are made while the emulator is still starting)."""
    endpoint = addresses(profile).host.emulator_url
    return {s: emulator_client(s, endpoint, profile.region) for s in _FIRST_CALLS if s in profile.aws_services}


def warm_up(profile: Profile, clients: dict[str, Any] | None = None,
            stopped: Callable[[], bool] = lambda: False) -> list[str]:
    """Blocking. Calls each of the flow's services the profile runs once, one after the other, until `stopped()`
    (the environment is going down); returns the names of those called."""
    clients = flow_clients(profile) if clients is None else clients
    called = []
    for service, client in clients.items():
        if stopped():
            break
        called.append(service)
        try:
            getattr(client, _FIRST_CALLS[service])()
        except Exception as exc:  # the user's first real call will say what is wrong, in context
            (LOG.debug if stopped() else LOG.warning)("warming up %s failed: %s", service, exc)
    return called


_RUNNING: dict[str, set[BackgroundWarmUp]] = {}  # by profile name: what stopping that environment abandons
_RUNNING_LOCK = threading.Lock()


def abandon_warm_ups(profile_name: str) -> None:
    """The environment is going down: every warm-up of it stops calling, whichever session started it (a pool
    member is brought up by one session and stopped by another)."""
    with _RUNNING_LOCK:
        running = list(_RUNNING.get(profile_name, ()))
    for warm_up_in_progress in running:
        warm_up_in_progress.abandon()


class BackgroundWarmUp:
    """warm_up in a daemon thread of its own, not the loop's executor: nobody waits for it, so it may end after
    the loop closed (the app quitting, a window closed), where handing its result to the loop would crash Qt's.
    Made when the emulator's container starts: it makes its clients at once, and calls once `begin()` says the
    emulator is ready; `abandon()`: it never will be, or it is going down (what is left is not called)."""

    def __init__(self, profile: Profile) -> None:
        self._ready = threading.Event()
        self._abandoned = False
        self._done = threading.Event()
        self._name = profile.name
        with _RUNNING_LOCK:
            _RUNNING.setdefault(self._name, set()).add(self)
        self._thread = threading.Thread(target=self._run, args=(profile,), name="warm-up", daemon=True)
        self._thread.start()

    def begin(self) -> None:
        self._ready.set()

    def abandon(self) -> None:
        self._abandoned = True
        self._ready.set()

    def _run(self, profile: Profile) -> None:
        try:
            clients = flow_clients(profile)
            self._ready.wait()
            warm_up(profile, clients, lambda: self._abandoned)
        finally:
            with _RUNNING_LOCK:
                running = _RUNNING.get(self._name, set())
                running.discard(self)
                if not running:
                    _RUNNING.pop(self._name, None)
            self._done.set()

    async def wait(self) -> None:
        await asyncio.to_thread(self._done.wait)
