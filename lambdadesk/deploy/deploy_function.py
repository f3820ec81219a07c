"""Deploy as both front ends do it: the function created or updated until Active with the addresses and topic
ARNs it needs, always recorded in the desired state, and on request wired to a REST API (recorded too)."""

from __future__ import annotations

from lambdadesk.adapters.store.desired_state_store import DesiredStateStore
from lambdadesk.core.api_route import ApiRoute
from lambdadesk.core.function_spec import Deployment, FunctionSpec
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from lambdadesk.deploy import api_gateway
from lambdadesk.deploy.injected_environment import injected_environment
from lambdadesk.deploy.lambda_deployer import LambdaDeployer


def deploy_function(profile: Profile, spec: FunctionSpec, wire: bool = False,
                    record: bool = True) -> tuple[Deployment, ApiRoute | None]:
    """Blocking. Raises LambdaZipError before calling AWS when the zip cannot work (nothing is recorded then).
    Unrecorded (`record=False`): a passing state, such as Debug's, that a restart must not bring back."""
    endpoint = addresses(profile).host.emulator_url
    deployment = LambdaDeployer(endpoint, profile.region, injected_environment(profile)).deploy(spec)
    if record:
        DesiredStateStore(profile.name).record_function(spec)
    if not wire:
        return deployment, None
    return deployment, wire_function(profile, spec.name, spec.name, arn=deployment.arn)


def deploy_code(profile: Profile, spec: FunctionSpec) -> Deployment:
    """Blocking. A reload: only the function's code updated (created whole if it is gone), and recorded."""
    endpoint = addresses(profile).host.emulator_url
    deployment = LambdaDeployer(endpoint, profile.region, injected_environment(profile)).update_code(spec)
    DesiredStateStore(profile.name).record_function(spec)
    return deployment


def wire_function(profile: Profile, function: str, api_name: str = "", stage: str = "dev",
                  arn: str = "") -> ApiRoute:
    """Blocking. A REST API (named `api_name`, default the function's) whose every route invokes `function`."""
    endpoint = addresses(profile).host.emulator_url
    arn = arn or LambdaDeployer(endpoint, profile.region, {}).arn(function)
    name = api_name or function
    route = api_gateway.wire_rest_api(endpoint, profile.region, arn, name, stage)
    DesiredStateStore(profile.name).record_api(name, function, stage)
    return route
