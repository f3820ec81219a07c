"""Clears an emulator's state in place (the fast reset path), without restarting its container.

LocalStack Pro and newer releases answer POST /_localstack/state/reset; community 4.14 answers 404, so there
(and on Floci) every resource of the profile's services is deleted through the AWS APIs. moto and MiniStack have
their own resets.
"""

from __future__ import annotations

import contextlib
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.readiness_probe import localstack_service_states
from lambdadesk.core.profile import EmulatorKind


class EmulatorSweepError(Exception):
    """The emulator refused to delete something (LocalStack cannot delete a function whose creation failed):
    only recreating its container clears it."""

    def __init__(self, service: str, reason: str) -> None:
        super().__init__(f"{service}: {reason}")
        self.service = service


def reset_emulator(kind: EmulatorKind, endpoint: str, region: str, services: tuple[str, ...],
                   persistence: bool = False) -> list[str]:
    """Blocking. Returns what was done, one line per action; raises EmulatorSweepError when the emulator refuses
    a delete. `persistence`: the emulator restores saved state when it loads a service, so a service not loaded
    yet may hold some."""
    if kind is EmulatorKind.MOTO and _post(f"{endpoint}/moto-api/reset"):
        return ["moto: state reset in place"]
    if kind is EmulatorKind.MINISTACK and _post(f"{endpoint}/_ministack/reset"):
        return ["MiniStack: state reset in place"]
    if kind is EmulatorKind.LOCALSTACK and _post(f"{endpoint}/_localstack/state/reset"):
        return ["LocalStack: state reset in place"]
    client = _client_factory(endpoint, region)
    chosen = [service for service in _SWEEPS if service in services]
    # LocalStack loads a service on its first call (a second or so of its CPU): one never called holds nothing
    unloaded = _not_loaded(endpoint) if kind is EmulatorKind.LOCALSTACK and not persistence else set()
    swept = [service for service in chosen if service not in unloaded]
    with ThreadPoolExecutor(max_workers=len(swept) or 1, thread_name_prefix="reset") as pool:
        removed = list(pool.map(lambda service: _sweep(service, client), swept))
    return [f"{service}: deleted {count} resource(s)" for service, count in zip(swept, removed, strict=True)] + \
        [f"{service}: never used, nothing to delete" for service in chosen if service in unloaded]


def _sweep(service: str, client: ClientFactory) -> int:
    try:
        return _SWEEPS[service](client)
    except ClientError as exc:  # the emulator's own words, without botocore's retry count
        error = exc.response.get("Error", {})
        raise EmulatorSweepError(service, f"{error.get('Code', 'error')}: {error.get('Message', exc)}") from exc
    except BotoCoreError as exc:
        raise EmulatorSweepError(service, str(exc)) from exc


def _not_loaded(endpoint: str) -> set[str]:
    """The services LocalStack's health lists as not loaded yet ("available"); none when it cannot be read."""
    try:
        states = localstack_service_states(endpoint)
    except (OSError, ValueError):
        return set()
    return {name for name, state in states.items() if state == "available"}


def _post(url: str) -> bool:
    request = urllib.request.Request(url, data=b"", method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return bool(200 <= response.status < 300)
    except urllib.error.HTTPError:
        return False


ClientFactory = Callable[[str], Any]
DELETES_AT_ONCE = 8


def _client_factory(endpoint: str, region: str) -> ClientFactory:
    return lambda service: emulator_client(service, endpoint, region)


def _pages(client: Any, operation: str, key: str, **kwargs: Any) -> list[Any]:
    items: list[Any] = []
    for page in client.get_paginator(operation).paginate(**kwargs):
        items.extend(page.get(key, []))
    return items


def _each(items: list[Any], delete: Callable[[Any], object]) -> int:
    """`delete` each item, a few at a time (a call waits mostly on the emulator: 100 functions one after the other
    took over a second); returns how many."""
    if items:
        with ThreadPoolExecutor(max_workers=min(DELETES_AT_ONCE, len(items)), thread_name_prefix="delete") as pool:
            list(pool.map(delete, items))
    return len(items)


def _sweep_lambda(make: ClientFactory) -> int:
    client = make("lambda")
    _each(_pages(client, "list_event_source_mappings", "EventSourceMappings"),
          lambda mapping: client.delete_event_source_mapping(UUID=mapping["UUID"]))
    return _each(_pages(client, "list_functions", "Functions"),
                 lambda function: client.delete_function(FunctionName=function["FunctionName"]))


def _sweep_apigateway(make: ClientFactory) -> int:
    client = make("apigateway")
    return _each(_pages(client, "get_rest_apis", "items"), lambda api: client.delete_rest_api(restApiId=api["id"]))


def _sweep_sns(make: ClientFactory) -> int:
    client = make("sns")
    confirmed = [subscription for subscription in _pages(client, "list_subscriptions", "Subscriptions")
                 if subscription["SubscriptionArn"].startswith("arn:")]  # pending ones have no ARN yet
    _each(confirmed, lambda subscription: client.unsubscribe(SubscriptionArn=subscription["SubscriptionArn"]))
    return _each(_pages(client, "list_topics", "Topics"), lambda topic: client.delete_topic(TopicArn=topic["TopicArn"]))


def _sweep_sqs(make: ClientFactory) -> int:
    client = make("sqs")
    return _each(client.list_queues().get("QueueUrls", []), lambda url: client.delete_queue(QueueUrl=url))


def _sweep_s3(make: ClientFactory) -> int:
    client = make("s3")
    buckets = client.list_buckets().get("Buckets", [])
    for bucket in buckets:
        name = bucket["Name"]
        for version in _pages(client, "list_object_versions", "Versions", Bucket=name):
            client.delete_object(Bucket=name, Key=version["Key"], VersionId=version["VersionId"])
        for obj in _pages(client, "list_objects_v2", "Contents", Bucket=name):
            client.delete_object(Bucket=name, Key=obj["Key"])
        client.delete_bucket(Bucket=name)
    return len(buckets)


def _sweep_logs(make: ClientFactory) -> int:
    client = make("logs")
    groups = _pages(client, "describe_log_groups", "logGroups")
    for group in groups:
        client.delete_log_group(logGroupName=group["logGroupName"])
    return len(groups)


def _sweep_iam(make: ClientFactory) -> int:
    client = make("iam")
    roles = [r for r in _pages(client, "list_roles", "Roles") if not r["Path"].startswith("/aws-service-role/")]
    for role in roles:
        name = role["RoleName"]
        for policy in _pages(client, "list_attached_role_policies", "AttachedPolicies", RoleName=name):
            client.detach_role_policy(RoleName=name, PolicyArn=policy["PolicyArn"])
        for policy_name in _pages(client, "list_role_policies", "PolicyNames", RoleName=name):
            client.delete_role_policy(RoleName=name, PolicyName=policy_name)
        with contextlib.suppress(client.exceptions.NoSuchEntityException):
            client.delete_role(RoleName=name)
    return len(roles)


# independent of each other in the emulators (no referential checks on delete), so they run in parallel
_SWEEPS: dict[str, Callable[[ClientFactory], int]] = {
    "lambda": _sweep_lambda,
    "apigateway": _sweep_apigateway,
    "sns": _sweep_sns,
    "sqs": _sweep_sqs,
    "s3": _sweep_s3,
    "logs": _sweep_logs,
    "iam": _sweep_iam,
}
