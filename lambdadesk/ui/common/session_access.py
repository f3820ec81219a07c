"""What the Deploy, Requests and Capture view-models need of lambdadesk.session.Session (fakes in panel tests),
and how they get it: from the Environment view-model, which makes one session per profile as it is now."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.http_request import HttpResponse, RequestSpec
from lambdadesk.core.sns_message import SnsMessage

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.capture.redis_inspector import RedisValue
    from lambdadesk.core.api_route import ApiRoute
    from lambdadesk.core.function_spec import Deployment, FunctionSpec
    from lambdadesk.deploy.function_list import FunctionSummary


class Capture(Protocol):
    @property
    def url(self) -> str: ...
    def add_listener(self, listener: Callable[[SnsMessage], None]) -> None: ...
    async def subscribe(self, topic: str) -> str: ...
    async def renew(self) -> list[str]: ...


class Redis(Protocol):
    async def scan(self, pattern: str = "*", cursor: int = 0, count: int = 500) -> tuple[int, list[str]]: ...
    async def read(self, key: str) -> RedisValue | None: ...
    async def correlate(self, message: str, attributes: dict[str, str] | None = None) -> RedisValue | None: ...


class SessionLike(Protocol):
    @property
    def requests(self) -> RequestStore: ...
    @property
    def capture(self) -> Capture: ...
    @property
    def redis(self) -> Redis: ...
    async def deploy(self, spec: FunctionSpec, wire: bool = False) -> tuple[Deployment, ApiRoute | None]: ...
    async def functions(self) -> list[FunctionSummary]: ...
    async def routes(self) -> list[ApiRoute]: ...
    async def send(self, spec: RequestSpec) -> HttpResponse: ...


SessionSource = Callable[[], Awaitable[SessionLike]]
