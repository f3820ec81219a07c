"""LocalStack loads each AWS service on its first call, which costs a second or more each. Once the emulator says
it is ready, the services the seed flow uses are called once, in the background, so the user's first deploy or
request does not pay for the loading. One after the other, never together: two services loading at once can
deadlock on Python's import locks inside LocalStack (seen here on moto.apigateway.models after an emulator
restart), and LocalStack then keeps that service broken until its container is recreated (localstack#11870)."""

from __future__ import annotations

import asyncio
import logging
import threading

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses

LOG = logging.getLogger(__name__)
_FIRST_CALLS = {"lambda": "list_functions", "apigateway": "get_rest_apis", "sns": "list_topics"}


def warm_up(profile: Profile) -> list[str]:
    """Blocking. Calls each of the flow's services the profile runs once, one after the other; returns their
    names."""
    services = [s for s in _FIRST_CALLS if s in profile.aws_services]
    endpoint = addresses(profile).host.emulator_url

    def call(service: str) -> None:
        try:
            getattr(emulator_client(service, endpoint, profile.region), _FIRST_CALLS[service])()
        except Exception as exc:  # the user's first real call will say what is wrong, in context
            LOG.warning("warming up %s failed: %s", service, exc)

    for service in services:
        call(service)
    return services


class BackgroundWarmUp:
    """warm_up in a daemon thread of its own, not the loop's executor: nobody waits for it, so it may end after
    the loop closed (the app quitting, a window closed), where handing its result to the loop would crash Qt's."""

    def __init__(self, profile: Profile) -> None:
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(profile,), name="warm-up", daemon=True)
        self._thread.start()

    def _run(self, profile: Profile) -> None:
        try:
            warm_up(profile)
        finally:
            self._done.set()

    async def wait(self) -> None:
        await asyncio.to_thread(self._done.wait)
