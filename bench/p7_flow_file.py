"""P7: the seed flow run from its shipped flow file by lambdadesk's flow runner, against the same steps written
as a bare script (boto3, urllib, http.server, redis-py): subscribe a consumer and await the confirmation,
create-or-update the function until it is ready, wire the REST API, POST, await the SNS message, read Redis,
unsubscribe. Alternating runs in one process, on one environment."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from typing import Any

import redis

from bench.bare_way import BareConsumer, post
from bench.figures import Figure, median
from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.topology import addresses, lambda_environment
from lambdadesk.deploy.injected_environment import topic_variables
from lambdadesk.deploy.lambda_deployer import ROLE_NAME
from lambdadesk.deploy.sample_lambda import SEED_HANDLER, seed_zip
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.flows.flow_parser import read_flow
from lambdadesk.flows.flow_runner import FlowRunner
from lambdadesk.flows.sample_flows import sample_flow
from lambdadesk.session import Session

NAME, TOPIC = "p7-bare", "p7-bare-topic"


async def measure(orchestrator: EnvironmentService, runs: int) -> list[Figure]:
    profile = orchestrator.profile
    session = Session(profile, orchestrator.connection)
    file, variables = sample_flow("python3.12")
    flow = read_flow(file, variables)
    view = addresses(profile).host
    code = seed_zip()
    ours, theirs = [], []
    try:
        for n in range(runs + 1):  # the first of each warms the runtime and creates what is updated after
            started = time.perf_counter()
            report = await FlowRunner(session, flow).run()
            assert report.ok, [(s.name, s.detail) for s in report.steps if not s.ok]
            mine = time.perf_counter() - started
            bare = await asyncio.to_thread(_bare_flow, view.emulator_url, profile.region, view.redis_host,
                                           view.redis_port, code, lambda_environment(profile))
            if n:
                ours.append(mine)
                theirs.append(bare)
    finally:
        await session.close()
    mine, bare = median(ours), median(theirs)
    return [Figure("P7", "the seed flow from its flow file (subscribe, deploy, wire, POST, SNS, Redis)", mine, bare,
                   "s", "ratio ≤ 1.2", mine / bare <= 1.2)]


def _bare_flow(endpoint: str, region: str, redis_host: str, redis_port: int, code: bytes,
               variables: dict[str, str]) -> float:
    started = time.perf_counter()
    sns = emulator_client("sns", endpoint, region)
    topic = sns.create_topic(Name=TOPIC)["TopicArn"]
    consumer = BareConsumer(sns)
    try:
        subscription = sns.subscribe(TopicArn=topic, Protocol="http", Endpoint=consumer.url,
                                     ReturnSubscriptionArn=True)["SubscriptionArn"]
        assert consumer.confirmed.wait(30)
        url = _deploy_and_wire(endpoint, region, code, {**variables, **topic_variables([topic])})
        body = {"hello": "bare", "nonce": uuid.uuid4().hex}
        request_id = json.loads(post(url + "seed", json.dumps(body).encode()))["requestId"]
        consumer.wait_for(request_id)
        store = redis.Redis(host=redis_host, port=redis_port)
        try:
            value = store.get(request_id)
            assert value is not None and json.loads(value) == body
        finally:
            store.close()
        sns.unsubscribe(SubscriptionArn=subscription)
    finally:
        consumer.close()
    return time.perf_counter() - started


def _deploy_and_wire(endpoint: str, region: str, code: bytes, variables: dict[str, str]) -> str:
    lam = emulator_client("lambda", endpoint, region)
    environment = {"Variables": variables}
    try:
        lam.get_function(FunctionName=NAME)
    except lam.exceptions.ResourceNotFoundException:
        role = emulator_client("iam", endpoint, region).get_role(RoleName=ROLE_NAME)["Role"]["Arn"]
        lam.create_function(FunctionName=NAME, Runtime="python3.12", Role=role, Handler=SEED_HANDLER,
                            Code={"ZipFile": code}, Environment=environment)
        lam.get_waiter("function_active_v2").wait(FunctionName=NAME)
    else:
        lam.update_function_code(FunctionName=NAME, ZipFile=code)
        lam.get_waiter("function_updated_v2").wait(FunctionName=NAME)
        lam.update_function_configuration(FunctionName=NAME, Environment=environment)
        lam.get_waiter("function_updated_v2").wait(FunctionName=NAME)
    arn = lam.get_function(FunctionName=NAME)["Configuration"]["FunctionArn"]
    return _wire(emulator_client("apigateway", endpoint, region), region, arn, endpoint)


def _wire(api: Any, region: str, arn: str, endpoint: str) -> str:
    found = [a["id"] for a in api.get_rest_apis(limit=500)["items"] if a["name"] == NAME]
    api_id = found[0] if found else api.create_rest_api(name=NAME)["id"]
    resources = api.get_resources(restApiId=api_id)["items"]
    root = next(r["id"] for r in resources if r["path"] == "/")
    proxy = next((r["id"] for r in resources if r["path"] == "/{proxy+}"), None) or api.create_resource(
        restApiId=api_id, parentId=root, pathPart="{proxy+}")["id"]
    uri = f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations"
    for resource in (root, proxy):
        try:
            api.get_method(restApiId=api_id, resourceId=resource, httpMethod="ANY")
        except api.exceptions.NotFoundException:
            api.put_method(restApiId=api_id, resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        api.put_integration(restApiId=api_id, resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                            integrationHttpMethod="POST", uri=uri)
    api.create_deployment(restApiId=api_id, stageName="dev")
    return f"{endpoint}/restapis/{api_id}/dev/_user_request_/"
