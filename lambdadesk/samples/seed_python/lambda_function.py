"""The seed flow's function, in Python: API Gateway -> store the body in Redis under the request id -> publish the
id to SNS. Same behaviour as the Go function of the article lambdadesk grew from."""

import base64
import json
import os

import boto3
import redis


def _redis_client():
    address = os.environ.get("REDIS_SERVER_ADDRESS") or "{}:{}".format(
        os.environ.get("REDIS_HOST", "127.0.0.1"), os.environ.get("REDIS_PORT", "6379"))
    host, _, port = address.rpartition(":")
    return redis.Redis(host=host, port=int(port), socket_timeout=5)


def lambda_handler(event, context):
    body = event.get("body") or ""
    if event.get("isBase64Encoded") and body:
        body = base64.b64decode(body).decode("utf-8", errors="replace")
    if not body:
        return {"statusCode": 400, "body": json.dumps({"error": "empty request body"})}
    request_id = (event.get("requestContext") or {}).get("requestId") or context.aws_request_id
    _redis_client().set(request_id, body)
    sns = boto3.client("sns", endpoint_url=os.environ.get("AWS_ENDPOINT_URL") or None)
    sns.publish(TopicArn=os.environ["SNS_TOPIC_ARN"], Message=request_id)
    print("stored the body under", request_id, "and published it")
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"},
            "body": json.dumps({"requestId": request_id})}
