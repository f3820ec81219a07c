"""The AWS side of one running environment as the window uses it: deploy and wire functions, send requests
through API Gateway (kept in the history), capture SNS messages and read Redis. Async; blocking SDK calls run
in worker threads. The CLI calls the same services one command at a time."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import docker

from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.core.http_request import HttpResponse, RequestSpec, check_request
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from lambdadesk.services import api_gateway
from lambdadesk.services.aws_clients import emulator_client
from lambdadesk.services.capture_session import CaptureSession
from lambdadesk.services.desired_state_store import DesiredStateStore
from lambdadesk.services.injected_environment import injected_environment
from lambdadesk.services.lambda_deployer import LambdaDeployer
from lambdadesk.services.redis_inspector import RedisInspector
from lambdadesk.services.request_runner import send
from lambdadesk.services.request_store import RequestStore


@dataclass(frozen=True)
class FunctionSummary:
    name: str
    runtime: str
    handler: str
    state: str
    memory_mb: int
    timeout_s: int
    last_modified: str


class Workbench:
    def __init__(self, profile: Profile, client: docker.DockerClient, requests: RequestStore) -> None:
        self.profile = profile
        self._endpoint = addresses(profile).host.emulator_url
        self.requests = requests
        self.capture = CaptureSession(profile, client)
        view = addresses(profile).host
        self.redis = RedisInspector(view.redis_host, view.redis_port)
        self._routes: dict[str, ApiRoute] = {}  # API name ("" for the first) -> route, as last looked up

    async def deploy(self, spec: FunctionSpec, wire: bool = False) -> tuple[Deployment, ApiRoute | None]:
        """Create or update the function until Active, remember it; with `wire`, also wire a REST API to it."""
        def deploy_and_wire() -> tuple[Deployment, ApiRoute | None]:
            deployer = LambdaDeployer(self._endpoint, self.profile.region, injected_environment(self.profile))
            deployment = deployer.deploy(spec)
            store = DesiredStateStore(self.profile.name)
            store.record_function(spec)
            if not wire:
                return deployment, None
            route = api_gateway.wire_rest_api(self._endpoint, self.profile.region, deployment.arn, spec.name)
            store.record_api(spec.name, spec.name, route.stage)
            self._routes[spec.name] = route
            return deployment, route

        return await asyncio.to_thread(deploy_and_wire)

    async def functions(self) -> list[FunctionSummary]:
        def listed() -> list[FunctionSummary]:
            client: Any = emulator_client("lambda", self._endpoint, self.profile.region)
            found = []
            for page in client.get_paginator("list_functions").paginate():
                for item in page["Functions"]:
                    state = client.get_function(FunctionName=item["FunctionName"])["Configuration"].get("State", "?")
                    found.append(FunctionSummary(item["FunctionName"], item.get("Runtime", ""),
                                                 item.get("Handler", ""), state, item.get("MemorySize", 0),
                                                 item.get("Timeout", 0), item.get("LastModified", "")))
            return sorted(found, key=lambda summary: summary.name)

        return await asyncio.to_thread(listed)

    async def routes(self) -> list[ApiRoute]:
        return await asyncio.to_thread(api_gateway.list_routes, self._endpoint, self.profile.region)

    async def send(self, spec: RequestSpec) -> HttpResponse:
        """Send through the API the spec names (the first wired one when it names none); kept in the history."""
        spec = check_request(spec)
        route = await asyncio.to_thread(self._route, spec.api)
        response = await send(route.url(), spec)
        await asyncio.to_thread(self.requests.record, spec, response)
        return response

    def _route(self, api: str) -> ApiRoute:
        """The route last used for `api` while it is still deployed (one call), else looked up again (several)."""
        known = self._routes.get(api)
        if known is not None and api_gateway.still_deployed(self._endpoint, self.profile.region, known):
            return known
        self._routes[api] = api_gateway.find_route(self._endpoint, self.profile.region, api)
        return self._routes[api]

    async def close(self) -> None:
        await self.capture.close()
        await self.redis.close()
