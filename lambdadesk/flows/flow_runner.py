"""Runs a flow file's flow against a session: first its environment part (topics captured, functions deployed,
APIs wired), then each step in turn, retried within its bound; the first failure stops the flow and the steps
after it are reported as not run. Each step's result reaches `on_step` as it completes."""

from __future__ import annotations

import asyncio
import json
import os
import time
from collections.abc import Awaitable, Callable, Mapping
from typing import TYPE_CHECKING, Any

from lambdadesk.adapters.errors import explain
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.function_spec import FunctionSpec
from lambdadesk.deploy.source_package import code_from
from lambdadesk.flows import step_actions
from lambdadesk.flows.expectations import MISSING, compare, follow, parse_path, show
from lambdadesk.flows.flow_model import Flow, FunctionDef, Step
from lambdadesk.flows.flow_result import FlowReport, StepResult
from lambdadesk.flows.step_parser import RESULT_ROOT
from lambdadesk.flows.variables import UnknownVariableError, substitute

if TYPE_CHECKING:
    from lambdadesk.capture.capture_session import CaptureSession
    from lambdadesk.session import Session

OnStep = Callable[[StepResult], None]


class _StoppedError(Exception):
    """A step failed; its result is in the report."""


class FlowRunner:
    def __init__(self, session: Session, flow: Flow, on_step: OnStep = lambda _step: None,
                 environ: Mapping[str, str] | None = None) -> None:
        self._session = session
        self._flow = flow
        self._on_step = on_step
        self._values: dict[str, Any] = dict(flow.variables)
        self._values.update({f"env:{k}": v for k, v in (os.environ if environ is None else environ).items()})
        self.report = FlowReport(flow.name, str(flow.file))
        self._steps_run = 0  # of the flow's steps (the environment part aside)

    async def run(self) -> FlowReport:
        capture = self._session.new_capture()
        waiter = step_actions.MessageWaiter(capture)
        try:
            await self._set_up(capture)
            for step in self._flow.steps:
                await self._run_step(step, capture, waiter)
        except _StoppedError:
            for step in self._flow.steps[self._steps_run:]:
                self._record(StepResult(step.name, False, 0.0, "not run: an earlier step failed", step.kind,
                                        skipped=True))
        finally:
            await capture.close()
        return self.report

    async def _set_up(self, capture: CaptureSession) -> None:
        for topic in self._flow.topics:
            arn = await self._setup_step(f"capture topic {topic}", capture.subscribe(topic))
            self._values[f"topic:{topic}"] = arn
        for function in self._flow.functions.values():
            spec, problems = await self._setup_step(f"build {function.name}", self._function_spec(function),
                                                    quiet=True)
            deployed = await self._setup_step(f"deploy {function.name} ({spec.runtime})", self._session.deploy(spec),
                                              quiet=bool(problems))
            if problems:  # deployed as the folder holds it; the steps will show what it does
                self._record(StepResult(f"deploy {function.name} ({spec.runtime})", True, 0.0,
                                        f"{_describe(deployed)}; its code looks broken: " + "; ".join(problems)))
        for api in self._flow.apis.values():
            await self._setup_step(f"wire API {api.name} to {api.function}",
                                   self._session.wire(api.function, api.name, api.stage))
        for seed in self._flow.redis:
            key, value = str(self._fill(seed.key)), self._fill(seed.value)
            text = json.dumps(value) if seed.kind == "json" else value
            await self._setup_step(f"seed Redis key {key}", self._session.redis.put(key, text, seed.ttl_s))

    async def _function_spec(self, function: FunctionDef) -> tuple[FunctionSpec, list[str]]:
        """The spec to deploy, and what is visibly broken in a source folder's code."""
        runtime, handler = str(self._fill(function.runtime)), str(self._fill(function.handler))
        problems: list[str] = []
        if function.sample:
            from lambdadesk.deploy.sample_lambda import seed_go_zip, seed_zip

            code = await asyncio.to_thread(seed_go_zip if function.sample == "seed-go" else seed_zip)
        else:
            path = self._flow.folder / str(self._fill(function.source or function.zip))
            package = await asyncio.to_thread(code_from, path, runtime, handler)
            code, problems = package.code, package.problems
        env = {key: str(value) for key, value in self._fill(function.env).items()}
        return FunctionSpec(function.name, runtime, handler, code, function.memory_mb, function.timeout_s,
                            env), problems

    async def _setup_step(self, name: str, action: Awaitable[Any], quiet: bool = False) -> Any:
        started = time.monotonic()
        try:
            result = await action
        except Exception as exc:
            self._record(StepResult(name, False, time.monotonic() - started, _failure_text(name, exc)))
            raise _StoppedError from exc
        if not quiet:
            self._record(StepResult(name, True, time.monotonic() - started, _describe(result)))
        return result

    async def _run_step(self, step: Step, capture: CaptureSession, waiter: step_actions.MessageWaiter) -> None:
        started = time.monotonic()
        deadline = started + (step.retry.within_s if step.retry else 0.0)
        sent: Any = None
        while True:
            try:
                action, expect = self._fill(step.action), self._fill(step.expect)
                sent, received = await self._act(step, action, expect, capture, waiter)
                mismatches = compare(expect, received) if expect is not None and step.kind != "sns" else []
                failure = "; ".join(str(m) for m in mismatches[:3])
            except step_actions.ExpectationFailedError as exc:
                received, mismatches, failure = exc.received, exc.mismatches, str(exc)
            except Exception as exc:
                received, mismatches, failure = None, [], _failure_text(step.name, exc)
            if not failure or step.retry is None or time.monotonic() + step.retry.every_s > deadline:
                break
            await asyncio.sleep(step.retry.every_s)
        if not failure:
            failure = self._save(step, received)
        log = received.get("log", "") if isinstance(received, dict) and step.kind in ("invoke", "request") else ""
        seconds = time.monotonic() - started
        self._steps_run += 1
        self._record(StepResult(step.name, not failure, seconds, failure or _summary(step, received), step.kind,
                                sent, received, tuple(mismatches), log))
        if failure:
            raise _StoppedError

    async def _act(self, step: Step, action: dict[str, Any], expect: Any, capture: CaptureSession,
                   waiter: step_actions.MessageWaiter) -> step_actions.Outcome:
        if step.kind == "request":
            api = action.get("api") or self._only_api()
            return await step_actions.request(self._session, action, api, self._flow.apis[api].function)
        if step.kind == "invoke":
            return await step_actions.invoke(self._session, action)
        if step.kind == "publish":
            return await step_actions.publish(capture, action, self._values[f"topic:{action['topic']}"])
        if step.kind == "sns":
            return await waiter.wait(self._values[f"topic:{action['topic']}"], action["topic"], action["within"],
                                     expect)
        if step.kind == "redis":
            return await step_actions.read_redis(self._session, action)
        await asyncio.sleep(action["seconds"])
        return action, {}

    def _save(self, step: Step, received: Any) -> str:
        for variable, path in step.save.items():
            parts = parse_path(path) or []
            value = follow({RESULT_ROOT[step.kind]: received}, parts)
            if value is MISSING or value is None:
                return f"save {variable}: the result has nothing at {path}"
            self._values[variable] = value
        return ""

    def _only_api(self) -> str:
        return next(iter(self._flow.apis))

    def _fill(self, value: Any) -> Any:
        try:
            return substitute(value, self._values)
        except UnknownVariableError as exc:  # the parser checked; a saved value may still be missing at run time
            raise LambdadeskError(f"${{{exc.reference}}} has no value here.", "Check the step that saves it.") from exc

    def _record(self, result: StepResult) -> None:
        self.report.steps.append(result)
        self._on_step(result)


def _failure_text(doing: str, exc: Exception) -> str:
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, LambdadeskError):
        return str(exc)
    explained = explain(doing, exc)
    if explained is None:
        raise exc  # a bug in lambdadesk, not something the flow did
    return str(explained)


def _describe(result: Any) -> str:
    if isinstance(result, tuple) and result and hasattr(result[0], "arn"):
        deployment = result[0]
        return str(deployment.said())
    if hasattr(result, "url"):
        return str(result.url())
    return str(result)


def _summary(step: Step, received: Any) -> str:
    if not isinstance(received, dict):
        return ""
    if step.kind == "request":
        body = received["json"] if received["json"] is not None else received["body"]
        return f"HTTP {received['status']} {show(body)}"
    if step.kind == "invoke":
        return f"{received['status']} {received['error'] or 'OK'} ({'cold' if received['cold'] else 'warm'}) " \
               f"{show(received['payload'])}"
    if step.kind == "sns":
        return f"Message={received['message']}"
    if step.kind == "redis":
        value = received["value"]
        shown = value if isinstance(value, str) and len(value) <= 300 else show(value)
        return f"{received['type']} {shown}" if received["exists"] else "no such key"
    if step.kind == "publish":
        return f"MessageId={received['message_id']}"
    return ""
