"""Deploys a function from a zip: validate first, create or update in place, wait until it can be invoked."""

from __future__ import annotations

import json
import time
from typing import Any

from lambdadesk.adapters.aws.aws_clients import emulator_client
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_environment import function_environment
from lambdadesk.core.function_spec import Deployment, FunctionSpec, check_function_name, what_changed
from lambdadesk.core.lambda_zip import check_lambda_zip

ROLE_NAME = "lambdadesk-function-role"
CODE_BUCKET = "lambdadesk-code"
_TRUST = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]}


class DeployError(LambdadeskError):
    """The emulator refused the function or it ended Failed."""


class LambdaDeployer:
    def __init__(self, endpoint: str, region: str, injected_environment: dict[str, str]) -> None:
        self._lambda = emulator_client("lambda", endpoint, region, read_timeout_s=120)
        self._iam = emulator_client("iam", endpoint, region)
        self._s3 = emulator_client("s3", endpoint, region)
        self._injected = injected_environment

    def deploy(self, spec: FunctionSpec, wait_s: float = 120) -> Deployment:
        """Blocking. Raises LambdaZipError before calling AWS when the zip cannot work. Only what differs from
        the function the emulator has is sent: unchanged code is not uploaded again, and a deploy that changes
        nothing sends nothing."""
        started = time.monotonic()
        check_function_name(spec.name)  # before AWS (an emulator may accept '../x') and before any file is named
        report = check_lambda_zip(spec.code, spec.runtime, spec.handler, f"the zip of {spec.name}")
        environment = function_environment(spec.name, self._injected, spec.environment)
        config = {"Runtime": spec.runtime, "Handler": spec.handler, "MemorySize": spec.memory_mb,
                  "Timeout": spec.timeout_s, "Environment": {"Variables": environment.variables}}
        try:
            current: dict[str, Any] | None = self._lambda.get_function(FunctionName=spec.name)["Configuration"]
        except self._lambda.exceptions.ResourceNotFoundException:
            current = None
        if current is None:
            code = self._upload(spec) if report.needs_s3 else {"ZipFile": spec.code}
            self._lambda.create_function(FunctionName=spec.name, Role=self._role(), Code=code, **config)
            changed = ""
        else:
            code_changed, config_changed = what_changed(current, spec.code, config)
            if code_changed:
                code = self._upload(spec) if report.needs_s3 else {"ZipFile": spec.code}
                self._lambda.update_function_code(FunctionName=spec.name, **code)  # ZipFile, or S3Bucket + S3Key
                self._wait(spec.name, wait_s)
            if config_changed:
                self._lambda.update_function_configuration(FunctionName=spec.name, **config)
            changed = " and ".join(part for part, did in (("code", code_changed), ("configuration", config_changed))
                                   if did) or "nothing"
        configuration = self._wait(spec.name, wait_s)
        return Deployment(spec.name, configuration["FunctionArn"], configuration["State"], current is None,
                          time.monotonic() - started, changed, environment.note(spec.name))

    def update_code(self, spec: FunctionSpec, wait_s: float = 120) -> Deployment:
        """Blocking. Only the code of an existing function (a reload); a function that is not there (an emulator
        reset since) is created whole."""
        started = time.monotonic()
        report = check_lambda_zip(spec.code, spec.runtime, spec.handler, f"the code of {spec.name}")
        code = self._upload(spec) if report.needs_s3 else {"ZipFile": spec.code}
        try:
            self._lambda.update_function_code(FunctionName=check_function_name(spec.name), **code)
        except self._lambda.exceptions.ResourceNotFoundException:
            return self.deploy(spec, wait_s)
        configuration = self._wait(spec.name, wait_s)
        return Deployment(spec.name, configuration["FunctionArn"], configuration["State"], False,
                          time.monotonic() - started, "code")

    def arn(self, name: str) -> str:
        """The function's ARN; raises with a next step when there is no such function."""
        try:
            return str(self._lambda.get_function(FunctionName=name)["Configuration"]["FunctionArn"])
        except self._lambda.exceptions.ResourceNotFoundException as exc:
            raise DeployError(f"There is no function {name!r} in the emulator.",
                              "Deploy it first (lambdadesk deploy ZIP --name NAME).") from exc

    def delete(self, name: str) -> None:
        self._lambda.delete_function(FunctionName=name)

    def _wait(self, name: str, wait_s: float) -> dict[str, Any]:
        """Until the function is Active and its last update Successful; Failed states raise with the reason."""
        deadline = time.monotonic() + wait_s
        delay = 0.02  # an update is often done in 100 ms: a reload waits no longer than it must
        while True:
            configuration: dict[str, Any] = self._lambda.get_function_configuration(FunctionName=name)  # no Code URL
            state, update = configuration.get("State"), configuration.get("LastUpdateStatus")
            if state == "Failed" or update == "Failed":
                reason = configuration.get("StateReason") or configuration.get("LastUpdateStatusReason") or "no reason"
                raise DeployError(f"Function {name} failed to deploy: {reason}",
                                  "Check the runtime and handler, and the function's logs (lambdadesk logs lambda).")
            if state == "Active" and update in (None, "Successful"):
                return configuration
            if time.monotonic() > deadline:
                raise DeployError(f"Function {name} is still {state} ({update}) after {wait_s:.0f} s.",
                                  "Read the emulator's logs (lambdadesk logs emulator) to see what it waits for.")
            time.sleep(delay)
            delay = min(delay * 1.5, 0.5)

    def _role(self) -> str:
        try:
            return str(self._iam.get_role(RoleName=ROLE_NAME)["Role"]["Arn"])
        except self._iam.exceptions.NoSuchEntityException:
            created = self._iam.create_role(RoleName=ROLE_NAME, AssumeRolePolicyDocument=json.dumps(_TRUST))
            return str(created["Role"]["Arn"])

    def _upload(self, spec: FunctionSpec) -> dict[str, str]:
        buckets = {b["Name"] for b in self._s3.list_buckets().get("Buckets", [])}
        if CODE_BUCKET not in buckets:
            self._s3.create_bucket(Bucket=CODE_BUCKET)
        key = f"{spec.name}.zip"
        self._s3.put_object(Bucket=CODE_BUCKET, Key=key, Body=spec.code)
        return {"S3Bucket": CODE_BUCKET, "S3Key": key}

