"""What every part of a session shares: the profile, the Docker connection and environment made on first need,
the capture endpoints, the invocation recorder, the emulator's address and the profile's lock."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager
from typing import TYPE_CHECKING

from lambdadesk.adapters.store.profile_lock import profile_lock
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.capture.capture_session import CaptureSession
from lambdadesk.capture.every_topic import EveryTopicCapture
from lambdadesk.capture.redis_inspector import RedisInspector
from lambdadesk.core.events import EventSink, Notice, ignore_events
from lambdadesk.core.invocation import Invocation
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from lambdadesk.deploy import api_gateway
from lambdadesk.deploy.function_invoker import FunctionInvoker
from lambdadesk.deploy.function_list import FunctionSummary, list_functions
from lambdadesk.invocations.invocation_recorder import recorder_for

if TYPE_CHECKING:
    from docker import DockerClient

    from lambdadesk.adapters.docker.docker_connection import DockerConnection
    from lambdadesk.core.api_route import ApiRoute
    from lambdadesk.environment.attached import AttachedEnvironment
    from lambdadesk.environment.environment_watch import EnvironmentWatch
    from lambdadesk.environment.service import EnvironmentService


ConnectionSource = Callable[[], "DockerConnection"]
TokenSource = Callable[[], "str | None"]


class SessionBase:
    """The state a session's use cases share, and the lookups more than one of them makes."""

    def __init__(self, profile: Profile, connection: DockerConnection | ConnectionSource | None,
                 auth_token: str | TokenSource | None = None, on_event: EventSink = ignore_events,
                 requests: RequestStore | None = None) -> None:
        """`connection`: a Docker connection, or how to make one when first needed (a CLI command that never
        touches Docker never imports docker-py); None only for a profile that attaches. `auth_token` likewise
        (the keyring is asked only when the environment is worked on)."""
        from lambdadesk.adapters.store.paths import requests_dir

        if connection is None and profile.attached is None:
            raise ValueError("a session of a profile that does not attach needs a Docker connection")
        self._connection = connection if not callable(connection) else None
        self._connect = connection if callable(connection) else None
        self._token: str | None = auth_token if not callable(auth_token) else None
        self._token_source = auth_token if callable(auth_token) else None
        self._profile = profile
        self._environment: EnvironmentService | AttachedEnvironment | None = None
        self.requests = requests or RequestStore(requests_dir())
        self._captures: list[CaptureSession] = []
        self.invocations = recorder_for(profile, lambda: any(c.subscriptions for c in self._captures))
        self._capture: CaptureSession | None = None
        self._every_topic = EveryTopicCapture(self.new_capture, lambda text: on_event(Notice(text)))
        view = addresses(profile).host
        self.redis = RedisInspector(view.redis_host, view.redis_port)
        self._on_event = on_event
        self._routes: dict[str, ApiRoute] = {}  # API name ("" for the first) -> route, as last looked up
        self._invoker: FunctionInvoker | None = None
        self._watches: list[EnvironmentWatch] = []
        self._recordings: set[asyncio.Future[Invocation]] = set()

    @property
    def connection(self) -> DockerConnection | None:
        """The Docker connection (made now if it was only known how to make it); None when attached."""
        if self._connection is None and self._connect is not None and self._profile.attached is None:
            self._connection = self._connect()
        return self._connection

    @property
    def environment(self) -> EnvironmentService | AttachedEnvironment:
        """The environment's containers (or what an attached profile points at), made on first need."""
        if self._environment is None:
            if self._profile.attached is not None:
                from lambdadesk.environment.attached import AttachedEnvironment

                self._environment = AttachedEnvironment(self._profile, self._on_event)
            else:
                from lambdadesk.environment.service import EnvironmentService

                connection = self.connection
                assert connection is not None  # the constructor refused a profile with neither
                self._environment = EnvironmentService(self._profile, connection, self._auth_token(),
                                                       self._on_event)
        return self._environment

    @property
    def capture(self) -> CaptureSession:
        """The capture endpoint the user watches (the Capture tab's, `lambdadesk capture`)."""
        if self._capture is None:
            self._capture = self.new_capture()
        return self._capture

    def _auth_token(self) -> str | None:
        if self._token_source is not None:
            self._token, self._token_source = self._token_source(), None
        return self._token

    @property
    def _masked(self) -> tuple[str, ...]:
        """What is never shown in a log line: the auth token."""
        token = self._auth_token()
        return (token,) if token else ()

    @property
    def profile(self) -> Profile:
        return self._environment.profile if self._environment is not None else self._profile

    # --- lookups every part uses ---------------------------------------------------------------------------

    async def functions(self) -> list[FunctionSummary]:
        return await asyncio.to_thread(list_functions, self.profile)

    async def routes(self) -> list[ApiRoute]:
        return await asyncio.to_thread(api_gateway.list_routes, *self._aws())

    def new_capture(self) -> CaptureSession:
        """A capture endpoint of its own (the seed flow's), apart from the one the user watches. What it hears
        is kept with the invocations that published it."""
        capture = CaptureSession(self.profile, self._docker_client)
        capture.add_listener(self.invocations.heard.hear)
        self._captures.append(capture)
        return capture

    def _docker_client(self) -> DockerClient | None:
        connection = self.connection
        return connection.client if connection is not None else None

    def _aws(self) -> tuple[str, str]:
        return addresses(self.profile).host.emulator_url, self.profile.region

    def _locked(self, doing: str) -> AbstractAsyncContextManager[None]:
        return profile_lock(self.profile.name, doing, lambda text: self._on_event(Notice(text)))
