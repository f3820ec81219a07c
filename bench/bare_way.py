"""What people write by hand today, for comparison: a plain HTTP consumer for SNS (http.server, confirming with
boto3), a boto3 deploy-and-wire script, plain HTTP requests and redis-py reads."""

from __future__ import annotations

import json
import queue
import threading
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client


class BareConsumer:
    """The seed's test endpoint: confirms subscriptions and queues each notification's message."""

    def __init__(self, sns: Any) -> None:
        self.messages: queue.Queue[str] = queue.Queue()
        self.confirmed = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                document = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                if document.get("Type") == "SubscriptionConfirmation":
                    sns.confirm_subscription(TopicArn=document["TopicArn"], Token=document["Token"])
                    outer.confirmed.set()
                elif document.get("Type") == "Notification":
                    outer.messages.put(document["Message"])
                self.send_response(200)
                self.end_headers()

            def log_message(self, *_: object) -> None:
                return None

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def wait_for(self, message: str, timeout_s: float = 30) -> str:
        while True:
            got = self.messages.get(timeout=timeout_s)
            if got == message:
                return got

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def post(url: str, body: bytes) -> str:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return str(response.read().decode())


def redeploy(endpoint: str, region: str, name: str, code: bytes) -> None:
    """What a script does to deploy a function again: update_function_code, then the function_updated_v2 waiter."""
    lam = emulator_client("lambda", endpoint, region)
    lam.update_function_code(FunctionName=name, ZipFile=code)
    lam.get_waiter("function_updated_v2").wait(FunctionName=name, WaiterConfig={"Delay": 0.1})


def deploy_and_wire(endpoint: str, region: str, name: str, code: bytes, role: str, environment: dict[str, str],
                    handler: str) -> str:
    """create_function, the function_active_v2 waiter, then a REST API with a proxy route, deployed; its URL."""
    lam = emulator_client("lambda", endpoint, region)
    arn = lam.create_function(FunctionName=name, Runtime="python3.12", Role=role, Handler=handler,
                              Code={"ZipFile": code}, Environment={"Variables": environment})["FunctionArn"]
    lam.get_waiter("function_active_v2").wait(FunctionName=name)
    api = emulator_client("apigateway", endpoint, region)
    api_id = api.create_rest_api(name=name)["id"]
    root = api.get_resources(restApiId=api_id)["items"][0]["id"]
    proxy = api.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")["id"]
    uri = f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations"
    for resource in (root, proxy):
        api.put_method(restApiId=api_id, resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        api.put_integration(restApiId=api_id, resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                            integrationHttpMethod="POST", uri=uri)
    api.create_deployment(restApiId=api_id, stageName="dev")
    return f"{endpoint}/restapis/{api_id}/dev/_user_request_/"
