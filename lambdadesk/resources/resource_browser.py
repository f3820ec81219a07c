"""The use case behind the Resources tab and `lambdadesk ls` / `describe` / `delete`: what the emulator holds,
every service read at once (each in a thread; boto3's clients are thread-safe), subscriptions that lead nowhere
marked, one resource found by its name or ARN, and deleted. Blocking."""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import botocore.exceptions

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.resource import SERVICES, Resource, ServiceListing, check_service, find_resource
from lambdadesk.resources.resource_delete import delete_resource
from lambdadesk.resources.service_readers import READERS
from lambdadesk.resources.subscription_check import mark_dangling


class ResourceBrowser:
    def __init__(self, endpoint: str, region: str) -> None:
        self.endpoint = endpoint
        self.region = region

    def clients(self, service: str) -> Any:
        return emulator_client(service, self.endpoint, self.region)

    def list(self, services: Iterable[str] = SERVICES) -> list[ServiceListing]:
        """Each service's resources in SERVICES order; a service the emulator refuses says why in its listing. The
        emulator not answering at all raises (botocore's error: the caller puts it in words)."""
        wanted = [check_service(service) for service in services]
        with ThreadPoolExecutor(max_workers=len(wanted) or 1, thread_name_prefix="resources") as pool:
            listings = list(pool.map(self._read, wanted))
        marked = iter(mark_dangling([r for listing in listings for r in listing.resources]))
        return [ServiceListing(listing.service, [next(marked) for _ in listing.resources], listing.error)
                for listing in listings]

    def find(self, reference: str, kind: str = "") -> Resource:
        """The one resource named `reference` (a name, an ARN, an API's id; of `kind` when given), with its
        details."""
        return find_resource(self.list(), reference, kind)

    def delete(self, resource: Resource) -> str:
        return delete_resource(self.clients, resource)

    def _read(self, service: str) -> ServiceListing:
        try:
            return ServiceListing(service, READERS[service](self.clients, self.endpoint))
        except botocore.exceptions.ClientError as exc:
            error = exc.response.get("Error", {})
            message = error.get("Message") or "no reason given"
            if "not enabled" in message:  # LocalStack, for a service its SERVICES variable leaves out
                return ServiceListing(service, [], f"the emulator runs without {service}: add {service!r} to the "
                                                   "profile's aws_services to have it")
            return ServiceListing(service, [], f"the emulator refused ({error.get('Code', '?')}: {message})")
