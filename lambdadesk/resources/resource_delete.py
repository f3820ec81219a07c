"""Deleting one resource from the emulator, exactly the one chosen (a bucket's objects first: S3 refuses to
delete a bucket that holds any; a role's policies first, for the same reason). Blocking."""

from __future__ import annotations

from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.resource import Resource, count_text
from lambdadesk.resources.service_readers import Clients, all_items

BATCH = 1000  # S3's DeleteObjects takes at most this many keys


def deletion_question(resource: Resource) -> str:
    """What the confirmation asks, naming what goes with it."""
    extra = ""
    if resource.kind == "bucket" and resource.details.get("ObjectCount"):
        extra = f" and its {count_text(resource.details['ObjectCount'], 'object')}"
    elif resource.kind == "topic":
        extra = " and its subscriptions"
    elif resource.kind == "rest-api":
        extra = " with its stages"
    return f"Delete the {resource.kind} {resource.name}{extra} from the emulator? This cannot be undone."


def delete_resource(clients: Clients, resource: Resource) -> str:
    """Deletes it; returns what was done, in words."""
    kind = resource.kind
    if kind == "function":
        clients("lambda").delete_function(FunctionName=resource.arn)
    elif kind == "rest-api":
        clients("apigateway").delete_rest_api(restApiId=resource.arn)
    elif kind == "topic":
        clients("sns").delete_topic(TopicArn=resource.arn)
    elif kind == "subscription":
        if not resource.arn.startswith("arn:"):
            raise LambdadeskError(f"The subscription of {resource.name} is waiting for confirmation and has no ARN "
                                  "to delete it by.", "Delete its topic, or confirm it first.")
        clients("sns").unsubscribe(SubscriptionArn=resource.arn)
    elif kind == "queue":
        clients("sqs").delete_queue(QueueUrl=resource.details["QueueUrl"])
    elif kind == "bucket":
        return _delete_bucket(clients, resource.name)
    elif kind == "log-group":
        clients("logs").delete_log_group(logGroupName=resource.name)
    elif kind == "role":
        _delete_role(clients, resource.name)
    else:
        raise LambdadeskError(f"lambdadesk cannot delete a {kind}.", "Delete it with the aws CLI.")
    return f"Deleted the {kind} {resource.name}."


def _delete_bucket(clients: Clients, name: str) -> str:
    s3 = clients("s3")
    keys = [{"Key": item["Key"]} for item in all_items(s3, "list_objects_v2", "Contents", Bucket=name)]
    for start in range(0, len(keys), BATCH):
        s3.delete_objects(Bucket=name, Delete={"Objects": keys[start:start + BATCH], "Quiet": True})
    s3.delete_bucket(Bucket=name)
    return f"Deleted the bucket {name} and its {count_text(len(keys), 'object')}."


def _delete_role(clients: Clients, name: str) -> None:
    iam = clients("iam")
    for policy in all_items(iam, "list_attached_role_policies", "AttachedPolicies", RoleName=name):
        iam.detach_role_policy(RoleName=name, PolicyArn=policy["PolicyArn"])
    for policy_name in all_items(iam, "list_role_policies", "PolicyNames", RoleName=name):
        iam.delete_role_policy(RoleName=name, PolicyName=policy_name)
    iam.delete_role(RoleName=name)
