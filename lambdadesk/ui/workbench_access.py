"""What the Deploy, Requests and Capture view-models need of services.workbench.Workbench (fakes in panel tests),
and how they get it: lazily, once the environment is there."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Protocol

from lambdadesk.core.http_request import HttpResponse, RequestSpec
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.services.request_store import RequestStore

if TYPE_CHECKING:  # types only: the services behind them load when first used, not at app start
    from lambdadesk.core.api_route import ApiRoute
    from lambdadesk.core.function_spec import Deployment, FunctionSpec
    from lambdadesk.services.redis_inspector import RedisValue
    from lambdadesk.services.workbench import FunctionSummary


class Capture(Protocol):
    @property
    def url(self) -> str: ...
    def add_listener(self, listener: Callable[[SnsMessage], None]) -> None: ...
    async def subscribe(self, topic: str) -> str: ...
    async def renew(self) -> list[str]: ...


class Redis(Protocol):
    async def scan(self, pattern: str = "*", cursor: int = 0, count: int = 500) -> tuple[int, list[str]]: ...
    async def read(self, key: str) -> RedisValue | None: ...
    async def correlate(self, message: str) -> RedisValue | None: ...


class WorkbenchLike(Protocol):
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


WorkbenchSource = Callable[[], Awaitable[WorkbenchLike]]
