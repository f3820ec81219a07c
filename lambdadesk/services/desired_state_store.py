"""Keeps a profile's desired state on disk (atomic JSON plus copies of deployed zips) and re-applies it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.desired_state import ApiRecord, DesiredState, FunctionRecord
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import addresses
from lambdadesk.core.user_files import CorruptFileError, read_json_object
from lambdadesk.paths import data_dir
from lambdadesk.services import api_gateway
from lambdadesk.services.aws_clients import emulator_client
from lambdadesk.services.injected_environment import injected_environment
from lambdadesk.services.lambda_deployer import LambdaDeployer


class DesiredStateStore:
    def __init__(self, profile: str) -> None:
        self.folder = data_dir() / "state" / profile
        self.path = self.folder / "desired-state.json"

    def load(self) -> DesiredState:
        if not self.path.exists():
            return DesiredState()
        try:
            return DesiredState.from_dict(read_json_object(self.path))
        except CorruptFileError as exc:
            raise LambdadeskError(f"The desired state: {exc.message}", exc.next_step) from exc
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise LambdadeskError(f"The desired state in {self.path} cannot be read: {exc}.",
                                  "Fix the file or move it away; lambdadesk state clear starts afresh.") from exc

    def save(self, state: DesiredState) -> None:
        write_atomic(self.path, (json.dumps(state.to_dict(), indent=2) + "\n").encode())

    def record_function(self, spec: FunctionSpec) -> None:
        code_file = self.folder / "code" / f"{spec.name}.zip"
        write_atomic(code_file, spec.code)
        record = FunctionRecord(spec.name, spec.runtime, spec.handler, str(code_file), spec.memory_mb,
                                spec.timeout_s, dict(spec.environment))
        self.save(self.load().with_function(record))

    def record_api(self, name: str, function: str, stage: str) -> None:
        self.save(self.load().with_api(ApiRecord(name, function, stage)))

    def record_topic(self, name: str) -> None:
        self.save(self.load().with_topic(name))

    def clear(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


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


def reapply(profile: Profile) -> list[str]:
    """Blocking. After the emulator restarted (its state lives in memory), deploy and wire again what was recorded."""
    state = DesiredStateStore(profile.name).load()
    return [] if state.empty else apply_state(profile, state)
