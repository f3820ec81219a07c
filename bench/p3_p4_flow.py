"""P3: request → SNS message captured → Redis value read, step by step; P4: deploy a 1 MB zip until Active and
wired to API Gateway. lambdadesk's services (as the window calls them) against a bare script, alternating runs."""

from __future__ import annotations

import asyncio
import json
import time
from pathlib import Path

import redis

from bench.bare_way import BareConsumer, deploy_and_wire, post, redeploy
from bench.figures import Figure, median, timed
from bench.sample import TOPIC, padded_seed_zip, seed_spec
from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.adapters.store.request_store import RequestStore
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.core.http_request import RequestSpec
from lambdadesk.core.sns_message import SnsMessage
from lambdadesk.core.topology import addresses
from lambdadesk.deploy.injected_environment import injected_environment
from lambdadesk.deploy.lambda_deployer import ROLE_NAME
from lambdadesk.deploy.sample_lambda import SEED_HANDLER
from lambdadesk.environment.service import EnvironmentService
from lambdadesk.session import Session

STEPS = ("request answered", "SNS message captured", "Redis value read")


async def measure(orchestrator: EnvironmentService, runs: int, folder: Path) -> list[Figure]:
    profile = orchestrator.profile
    await orchestrator.reset(full=True)
    session = Session(profile, orchestrator.connection, requests=RequestStore(folder / "requests"))
    view = addresses(profile).host
    sns = emulator_client("sns", view.emulator_url, profile.region)
    consumer = BareConsumer(sns)
    try:
        arrived: asyncio.Queue[SnsMessage] = asyncio.Queue()
        session.capture.add_listener(arrived.put_nowait)
        topic_arn = await session.capture.subscribe(TOPIC)
        await asyncio.to_thread(sns.subscribe, TopicArn=topic_arn, Protocol="http", Endpoint=consumer.url)
        await asyncio.to_thread(consumer.confirmed.wait, 30)
        _, route = await session.deploy(seed_spec("seed"), wire=True)
        assert route is not None
        store = redis.Redis(host=view.redis_host, port=view.redis_port)
        ours = [await _ours_once(session, arrived, n) for n in range(runs + 1)][1:]  # the first warms the runtime
        theirs = [await asyncio.to_thread(_theirs_once, route.url(), consumer, store, n) for n in range(runs)]
        store.close()
        figures = _p3_figures(ours, theirs)
        figures += await _p4(session, profile.region, view.emulator_url, runs)
        return figures
    finally:
        consumer.close()
        await session.close()


async def _ours_once(session: Session, arrived: asyncio.Queue[SnsMessage], n: int) -> list[float]:
    started = time.perf_counter()
    response = await session.send(RequestSpec("POST", "/", body=json.dumps({"n": n}), body_is_json=True))
    answered = time.perf_counter()
    request_id = json.loads(response.body)["requestId"]
    while (message := await asyncio.wait_for(arrived.get(), 30)).message != request_id:
        continue
    captured = time.perf_counter()
    value = await session.redis.correlate(message.message)
    assert value is not None and json.loads(value.text) == {"n": n}
    return [answered - started, captured - answered, time.perf_counter() - captured]


def _theirs_once(url: str, consumer: BareConsumer, store: redis.Redis, n: int) -> list[float]:
    started = time.perf_counter()
    request_id = json.loads(post(url, json.dumps({"n": n}).encode()))["requestId"]
    answered = time.perf_counter()
    consumer.wait_for(request_id)
    captured = time.perf_counter()
    value = store.get(request_id)
    assert value is not None and json.loads(value) == {"n": n}
    return [answered - started, captured - answered, time.perf_counter() - captured]


def _p3_figures(ours: list[list[float]], theirs: list[list[float]]) -> list[Figure]:
    figures = []
    for index, step in enumerate(STEPS):
        mine, bare = median([r[index] for r in ours]) * 1000, median([r[index] for r in theirs]) * 1000
        figures.append(Figure("P3", step, mine, bare, "ms", "", True))
    total, bare_total = median([sum(r) for r in ours]) * 1000, median([sum(r) for r in theirs]) * 1000
    figures.append(Figure("P3", "request → SNS message → Redis value, in all", total, bare_total, "ms",
                          "adds ≤ 50 ms", total - bare_total <= 50))
    return figures


async def _p4(session: Session, region: str, endpoint: str, runs: int) -> list[Figure]:
    code = padded_seed_zip(2**20)
    environment = injected_environment(session.profile)
    iam = emulator_client("iam", endpoint, region)
    role = iam.get_role(RoleName=ROLE_NAME)["Role"]["Arn"]
    ours, theirs = [], []
    for n in range(runs):
        ours.append(await timed(lambda n=n: session.deploy(seed_spec(f"p4-ours-{n}", code), wire=True)))
        theirs.append(await timed(lambda n=n: asyncio.to_thread(
            deploy_and_wire, endpoint, region, f"p4-bare-{n}", code, role, environment, SEED_HANDLER)))
    mine, bare = median(ours), median(theirs)
    again, again_bare = [], []
    for n in range(runs):  # the same zip and settings once more: lambdadesk sees nothing changed
        deployed: list[Deployment] = []
        again.append(await timed(lambda n=n, kept=deployed: _deploy_keeping(session, seed_spec(f"p4-ours-{n}", code),
                                                                             kept)))
        assert deployed[0].changed == "nothing", deployed[0]
        again_bare.append(await timed(lambda n=n: asyncio.to_thread(redeploy, endpoint, region, f"p4-bare-{n}",
                                                                    code)))
    unchanged, unchanged_bare = median(again) * 1000, median(again_bare) * 1000
    return [Figure("P4", "deploy a 1 MB zip until Active and wired to API Gateway", mine, bare, "s", "ratio ≤ 1.1",
                   mine / bare <= 1.1),
            Figure("P4", "deploy the same 1 MB zip again (unchanged: nothing sent, and said)", unchanged,
                   unchanged_bare, "ms", "≤ 50 ms", unchanged <= 50)]


async def _deploy_keeping(session: Session, spec: FunctionSpec, kept: list[Deployment]) -> None:
    deployment, _ = await session.deploy(spec)
    kept.append(deployment)
