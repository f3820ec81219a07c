"""What the benchmark deploys: the seed sample (with padding to a chosen size), one topic and one wired API."""

from __future__ import annotations

import asyncio
import io
import os
import zipfile

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from lambdadesk.deploy import api_gateway
from lambdadesk.deploy.injected_environment import injected_environment
from lambdadesk.deploy.lambda_deployer import LambdaDeployer
from lambdadesk.deploy.sample_lambda import SEED_HANDLER, seed_zip

TOPIC = "bench-topic"


def padded_seed_zip(size: int) -> bytes:
    """The seed sample plus random (incompressible) padding, `size` bytes in all (about)."""
    buffer = io.BytesIO(seed_zip())
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr("padding.bin", os.urandom(max(0, size - len(buffer.getvalue()))),
                         compress_type=zipfile.ZIP_STORED)
    return buffer.getvalue()


def seed_spec(name: str, code: bytes | None = None) -> FunctionSpec:
    return FunctionSpec(name, "python3.12", SEED_HANDLER, code or seed_zip())


async def deploy_one_of_each(profile: Profile) -> None:
    """A topic, the seed function and a REST API wired to it, as a user would have before a reset."""
    def deploy() -> None:
        endpoint = addresses(profile).host.emulator_url
        emulator_client("sns", endpoint, profile.region).create_topic(Name=TOPIC)
        deployment = LambdaDeployer(endpoint, profile.region, injected_environment(profile)).deploy(seed_spec("seed"))
        api_gateway.wire_rest_api(endpoint, profile.region, deployment.arn, "seed")

    await asyncio.to_thread(deploy)
