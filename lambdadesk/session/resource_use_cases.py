"""What the emulator holds, as the Resources tab and `lambdadesk ls/describe/rm` show it: listed, described, one
deleted (and forgotten from what was deployed)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable

from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.core.resource import SERVICES, Resource, ServiceListing
from lambdadesk.resources.resource_browser import ResourceBrowser
from lambdadesk.session.base import SessionBase


class ResourceUseCases(SessionBase):
    """The Resources tab's and `lambdadesk ls/describe/rm`'s use cases."""

    async def resources(self, services: Iterable[str] = SERVICES) -> list[ServiceListing]:
        """What the emulator holds, service by service, subscriptions that lead nowhere marked."""
        return await asyncio.to_thread(self._browser().list, tuple(services))

    async def describe(self, reference: str, kind: str = "") -> Resource:
        """The one resource a name, an ARN or an API's id names (of `kind`, when given), with its details."""
        return await asyncio.to_thread(self._browser().find, reference, kind)

    async def delete_resource(self, resource: Resource) -> str:
        """Exactly that resource deleted; a function, API or topic lambdadesk recorded is also forgotten, so a
        restart does not bring it back. Returns what was done, in words."""
        async with self._locked(f"deleting {resource.name} in"):
            done = await asyncio.to_thread(self._browser().delete, resource)
            store = DesiredStateStore(self.profile.name)
            forgotten = (await asyncio.to_thread(store.forget, resource.kind, resource.name)).names()
            if forgotten:
                done += f" A restart will not bring back {', '.join(forgotten)} (forgotten from what was deployed)."
        self._routes = {api: route for api, route in self._routes.items()
                        if resource.arn != route.api_id and resource.name != route.function_name}
        return done

    def _browser(self) -> ResourceBrowser:
        return ResourceBrowser(*self._aws())
