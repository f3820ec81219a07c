"""What was deployed, deployed again: after the emulator restarted (its state lives in memory), every recorded
topic, function and API the emulator lacks is created or updated from the desired state, and nothing else."""

from __future__ import annotations

from pathlib import Path

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.desired_state import DesiredState
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from lambdadesk.deploy import api_gateway
from lambdadesk.deploy.injected_environment import injected_environment
from lambdadesk.deploy.lambda_deployer import LambdaDeployer


def apply_state(profile: Profile, state: DesiredState) -> list[str]:
    """Blocking. Gives the running emulator what it lacks of `state`: topics it has not, functions whose code or
    configuration differ (each sends only what differs), APIs not wired to their function at their stage. Returns
    what was done; empty when the emulator had it all."""
    endpoint = addresses(profile).host.emulator_url
    done = []
    if state.topics:
        sns = emulator_client("sns", endpoint, profile.region)
        present = {topic["TopicArn"].rsplit(":", 1)[-1] for page in sns.get_paginator("list_topics").paginate()
                   for topic in page.get("Topics", [])}
        for topic in state.topics:
            if topic not in present:
                sns.create_topic(Name=topic)
                done.append(f"topic {topic}")
    deployer = LambdaDeployer(endpoint, profile.region, injected_environment(profile))
    arns = {}
    for record in state.functions.values():
        code = Path(record.code_file).read_bytes()
        deployment = deployer.deploy(FunctionSpec(record.name, record.runtime, record.handler, code,
                                                  record.memory_mb, record.timeout_s, record.environment))
        arns[record.name] = deployment.arn
        if deployment.created:
            done.append(f"function {record.name}")
        elif deployment.changed != "nothing":
            done.append(f"function {record.name} ({deployment.changed})")
    wired = {(route.name, route.stage): route.function_name
             for route in api_gateway.list_routes(endpoint, profile.region)} if state.apis else {}
    for api in state.apis.values():
        if wired.get((api.name, api.stage)) == api.function:
            continue
        arn = arns.get(api.function) or deployer.arn(api.function)
        api_gateway.wire_rest_api(endpoint, profile.region, arn, api.name, api.stage)
        done.append(f"API {api.name} -> {api.function}")
    return done
