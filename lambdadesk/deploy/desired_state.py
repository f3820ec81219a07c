"""What was deployed, deployed again: after the emulator restarted (its state lives in memory), every recorded
topic, function and API is created or updated from the desired state."""

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
    """Blocking. Creates or updates everything in `state` in the running emulator; returns what was done."""
    endpoint = addresses(profile).host.emulator_url
    sns = emulator_client("sns", endpoint, profile.region)
    done = []
    for topic in state.topics:
        sns.create_topic(Name=topic)
        done.append(f"topic {topic}")
    deployer = LambdaDeployer(endpoint, profile.region, injected_environment(profile))
    arns = {}
    for record in state.functions.values():
        code = Path(record.code_file).read_bytes()
        deployment = deployer.deploy(FunctionSpec(record.name, record.runtime, record.handler, code,
                                                  record.memory_mb, record.timeout_s, record.environment))
        arns[record.name] = deployment.arn
        done.append(f"function {record.name}")
    for api in state.apis.values():
        arn = arns.get(api.function) or deployer.arn(api.function)
        api_gateway.wire_rest_api(endpoint, profile.region, arn, api.name, api.stage)
        done.append(f"API {api.name} -> {api.function}")
    return done

