"""A flow run written for CI: JUnit XML (one testcase per step; a failure holds expected beside got; the Lambda's
log lines, or for a step that runs none what it sent and received, go to system-out) and a JSON report of every
step with what it sent and received. Written atomically."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from dataclasses import asdict
from pathlib import Path
from typing import Any

from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.flows.flow_result import FlowReport, StepResult


def junit_xml(reports: list[FlowReport]) -> bytes:
    suites = ElementTree.Element("testsuites", tests=str(sum(len(r.steps) for r in reports)),
                                 failures=str(sum(1 for r in reports if r.failed is not None)),
                                 time=f"{sum(r.seconds for r in reports):.3f}")
    for report in reports:
        suite = ElementTree.SubElement(
            suites, "testsuite", name=report.name, file=report.file, tests=str(len(report.steps)),
            failures=str(sum(1 for s in report.steps if not s.ok and not s.skipped)),
            skipped=str(sum(1 for s in report.steps if s.skipped)), time=f"{report.seconds:.3f}")
        for step in report.steps:
            _testcase(suite, report, step)
    written: bytes = ElementTree.tostring(suites, encoding="utf-8", xml_declaration=True)
    return written


def _testcase(suite: ElementTree.Element, report: FlowReport, step: StepResult) -> None:
    case = ElementTree.SubElement(suite, "testcase", classname=report.name, name=step.name, time=f"{step.seconds:.3f}")
    if step.skipped:
        ElementTree.SubElement(case, "skipped", message=step.detail)
    elif not step.ok:
        failure = ElementTree.SubElement(case, "failure", message=step.detail[:500])
        failure.text = "\n".join(f"{m.path or 'result'}:\n  expected: {m.expected}\n  got:      {m.got}"
                                 for m in step.mismatches) or step.detail
    out = _system_out(step)
    if out:
        ElementTree.SubElement(case, "system-out").text = out


def _system_out(step: StepResult) -> str:
    """The Lambda's log lines of the step (a request, an invoke); for a step that runs no Lambda (an SNS message
    awaited, a Redis key read, a publish) what it sent and what it received, so CI shows the message or value."""
    if step.log:
        return step.log
    if step.kind == "setup" or step.skipped or (step.sent is None and step.received is None):
        return ""
    return "\n".join(f"{label}: {json.dumps(value, default=str, ensure_ascii=False)}"
                     for label, value in (("sent", step.sent), ("received", step.received)) if value is not None)


def json_report(reports: list[FlowReport]) -> dict[str, Any]:
    return {"ok": all(r.ok for r in reports), "flows": [
        {"name": r.name, "file": r.file, "ok": r.ok, "seconds": round(r.seconds, 3),
         "steps": [_plain(asdict(step)) for step in r.steps]} for r in reports]}


def write_reports(reports: list[FlowReport], junit: Path | None = None, json_path: Path | None = None) -> None:
    if junit is not None:
        write_atomic(junit, junit_xml(reports))
    if json_path is not None:
        write_atomic(json_path, json.dumps(json_report(reports), indent=2, default=str).encode())


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value
