"""One reader per service: what the emulator holds, read through boto3, every page of it. Blocking; each takes a
`clients(service)` function that gives the emulator's client for a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.resource import Resource, count_text, size_text

Clients = Callable[[str], Any]
OBJECTS_SHOWN = 1000  # a bucket's objects listed in its details; the count and size cover all of them
STREAMS_SHOWN = 50  # a log group's latest streams


def read_lambda(clients: Clients, endpoint: str) -> list[Resource]:
    client = clients("lambda")
    found = []
    for item in all_items(client, "list_functions", "Functions"):
        configuration = client.get_function_configuration(FunctionName=item["FunctionName"])
        state = configuration.get("State", "")
        update = configuration.get("LastUpdateStatus", "")
        summary = " · ".join(part for part in (
            item.get("Runtime", "image"), size_text(item.get("CodeSize", 0)),
            "sha256 " + str(item.get("CodeSha256", ""))[:12], state, f"update {update}" if update else "") if part)
        found.append(Resource("lambda", "function", item["FunctionName"], item["FunctionArn"], summary,
                              _clean(configuration)))
    return found


def read_apigateway(clients: Clients, endpoint: str) -> list[Resource]:
    client = clients("apigateway")
    found = []
    for api in all_items(client, "get_rest_apis", "items"):
        resources = [_clean(r) for r in all_items(client, "get_resources", "items", restApiId=api["id"],
                                                 embed=["methods"])]
        stages = [_clean(s) for s in client.get_stages(restApiId=api["id"]).get("item", [])]
        urls = {s["stageName"]: ApiRoute(api["id"], s["stageName"], "", endpoint).url() for s in stages}
        routes = [f"{method} {r['path']}" for r in resources for method in sorted(r.get("resourceMethods") or {})]
        summary = f"id {api['id']} · {count_text(len(routes), 'method')} · stages: {', '.join(urls) or 'none'}"
        details = {**_clean(api), "resources": resources, "stages": stages, "invokeUrls": urls}
        found.append(Resource("apigateway", "rest-api", api["name"], api["id"], summary, details))
    return found


def read_sns(clients: Clients, endpoint: str) -> list[Resource]:
    client = clients("sns")
    subscriptions: dict[str, list[Resource]] = {}
    for item in all_items(client, "list_subscriptions", "Subscriptions"):
        arn = item["SubscriptionArn"]
        attributes = {}
        if arn.startswith("arn:"):
            attributes = client.get_subscription_attributes(SubscriptionArn=arn).get("Attributes", {})
        pending = arn == "PendingConfirmation" or attributes.get("PendingConfirmation") == "true"
        summary = f"{item['Protocol']} → {item['Endpoint']} · {'pending confirmation' if pending else 'confirmed'}"
        subscriptions.setdefault(item["TopicArn"], []).append(
            Resource("sns", "subscription", item["Endpoint"], arn, summary,
                     {**item, "Attributes": attributes, "PendingConfirmation": pending}, parent=item["TopicArn"]))
    found = []
    for item in sorted(all_items(client, "list_topics", "Topics"), key=lambda topic: topic["TopicArn"]):
        arn = item["TopicArn"]
        attributes = client.get_topic_attributes(TopicArn=arn).get("Attributes", {})
        own = subscriptions.pop(arn, [])
        found.append(Resource("sns", "topic", arn.rsplit(":", 1)[-1], arn, count_text(len(own), "subscription"),
                              {"TopicArn": arn, "Attributes": attributes}))
        found.extend(own)
    for orphans in subscriptions.values():  # a topic deleted under its subscriptions
        found.extend(orphans)
    return found


def read_sqs(clients: Clients, endpoint: str) -> list[Resource]:
    client = clients("sqs")
    found = []
    for url in all_items(client, "list_queues", "QueueUrls"):
        attributes = client.get_queue_attributes(QueueUrl=url, AttributeNames=["All"]).get("Attributes", {})
        depth = attributes.get("ApproximateNumberOfMessages", "?")
        in_flight = attributes.get("ApproximateNumberOfMessagesNotVisible", "?")
        found.append(Resource("sqs", "queue", url.rstrip("/").rsplit("/", 1)[-1], attributes.get("QueueArn", url),
                              f"{depth} waiting · {in_flight} in flight",
                              {"QueueUrl": url, "Attributes": attributes}))
    return found


def read_s3(clients: Clients, endpoint: str) -> list[Resource]:
    client = clients("s3")
    found = []
    for bucket in client.list_buckets().get("Buckets", []):
        name = bucket["Name"]
        count = size = 0
        objects: list[dict[str, Any]] = []
        for item in all_items(client, "list_objects_v2", "Contents", Bucket=name):
            count += 1
            size += item.get("Size", 0)
            if len(objects) < OBJECTS_SHOWN:
                objects.append({"Key": item["Key"], "Size": item.get("Size", 0),
                                "LastModified": str(item.get("LastModified", ""))})
        details = {"Name": name, "CreationDate": str(bucket.get("CreationDate", "")), "ObjectCount": count,
                   "TotalSize": size, "Objects": objects}
        summary = f"{count_text(count, 'object')} · {size_text(size)}"
        found.append(Resource("s3", "bucket", name, f"arn:aws:s3:::{name}", summary, details))
    return found


def read_logs(clients: Clients, endpoint: str) -> list[Resource]:
    client = clients("logs")
    found = []
    for group in all_items(client, "describe_log_groups", "logGroups"):
        name = group["logGroupName"]
        streams = client.describe_log_streams(logGroupName=name, orderBy="LastEventTime", descending=True,
                                              limit=STREAMS_SHOWN).get("logStreams", [])
        more = "+" if len(streams) == STREAMS_SHOWN else ""
        summary = f"{count_text(len(streams), 'stream')}{more} · {size_text(group.get('storedBytes', 0))}"
        found.append(Resource("logs", "log-group", name, str(group.get("arn", name)).removesuffix(":*"), summary,
                              {**_clean(group), "latestStreams": [_clean(s) for s in streams]}))
    return found


def read_iam(clients: Clients, endpoint: str) -> list[Resource]:
    client = clients("iam")
    found = []
    for role in all_items(client, "list_roles", "Roles"):
        name = role["RoleName"]
        policies = [p["PolicyArn"] for p in all_items(client, "list_attached_role_policies", "AttachedPolicies",
                                                   RoleName=name)]
        summary = count_text(len(policies), "managed policy", "managed policies")
        details = {**_clean(role), "AttachedPolicies": policies}
        found.append(Resource("iam", "role", name, role["Arn"], summary, details))
    return found


def _by_name(read: Callable[[Clients, str], list[Resource]]) -> Callable[[Clients, str], list[Resource]]:
    """The reader's resources sorted by name, so a listing reads the same each time."""
    return lambda clients, endpoint: sorted(read(clients, endpoint), key=lambda resource: resource.name)


READERS: dict[str, Callable[[Clients, str], list[Resource]]] = {
    "lambda": _by_name(read_lambda), "apigateway": _by_name(read_apigateway), "sns": read_sns,
    "sqs": _by_name(read_sqs), "s3": _by_name(read_s3), "logs": _by_name(read_logs), "iam": _by_name(read_iam)}


def all_items(client: Any, operation: str, key: str, **arguments: Any) -> list[Any]:
    """Every item of a paged listing (botocore's paginator follows the tokens)."""
    items: list[Any] = []
    for page in client.get_paginator(operation).paginate(**arguments):
        items.extend(page.get(key, []))
    return items


def _clean(answer: dict[str, Any]) -> dict[str, Any]:
    """An answer without boto3's ResponseMetadata, its dates as text: printable as JSON."""
    return {key: (str(value) if hasattr(value, "isoformat") else value) for key, value in answer.items()
            if key != "ResponseMetadata"}
