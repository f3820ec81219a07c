"""A flow file turned into what another tool runs: a pytest module (over lambdadesk's pytest plugin), a GitHub
Actions workflow, or a CI configuration with the emulator and Redis as its own services (ci_exports.py). Each
export refers to the flow file by a path relative to where it is run, so the flow file stays the one source of
truth."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from lambdadesk import __version__
from lambdadesk.core.errors import LambdadeskError
from lambdadesk.core.profile import Profile

if TYPE_CHECKING:  # the CLI reads TARGETS without loading the flow reader
    from lambdadesk.flows.flow_model import Flow

TARGETS = ("pytest", "github", "compose", "drone", "kubernetes")
INSTALL = f"pip install lambdadesk=={__version__}"  # the release that wrote the export runs it, the same next year
CI_EXPORTS = ("compose", "drone", "kubernetes")


def export_flow(flow: Flow, target: str, output: Path | None, profile: Profile | None = None) -> str:
    """The text of the export. `output` is where it will be written (None: printed in the current folder); the
    CI configurations (compose, drone, kubernetes) run the `profile`'s images and settings."""
    base = (output.parent if output is not None else Path.cwd()).resolve()
    if target == "pytest":
        return _pytest_module(flow, _relative(flow.file, base))
    if target == "github":
        return _github_workflow(flow, _repository_path(flow.file))
    if target in CI_EXPORTS:
        from lambdadesk.flows import ci_exports

        make = {"compose": ci_exports.compose_file, "drone": ci_exports.drone_pipeline,
                "kubernetes": ci_exports.kubernetes_pod}[target]
        # compose runs from the folder the file is written to; Drone and the pod from the repository's root
        path = _relative(flow.file, base) if target == "compose" else _repository_path(flow.file)
        return make(profile or Profile(), flow.name, path)
    raise LambdadeskError(f"{target!r} is not an export target.", "Use one of " + ", ".join(TARGETS) + ".")


def _relative(file: Path, base: Path) -> str:
    return Path(os.path.relpath(file.resolve(), base)).as_posix()


def _repository_path(file: Path) -> str:
    """The flow file's path from the root of its git repository (where a workflow runs), else its own name."""
    resolved = file.resolve()
    for folder in resolved.parents:
        if (folder / ".git").exists():
            return resolved.relative_to(folder).as_posix()
    return resolved.name


def _identifier(name: str) -> str:
    return re.sub(r"\W+", "_", name).strip("_").lower() or "flow"


def _pytest_module(flow: Flow, relative: str) -> str:
    return f'''"""The flow {flow.name!r} ({Path(relative).name}), exported by `lambdadesk flow export --to pytest`.

Run: pytest {{this file}} [--lambdadesk-profile NAME] [--lambdadesk-down]. The lambdadesk_flow fixture (lambdadesk's
pytest plugin) brings the profile's environment up once per session and runs the flow file; edit the flow file,
not this module.
"""

from pathlib import Path

from lambdadesk.pytest_plugin import RunFlow, failure_text

FLOW = Path(__file__).parent / {json.dumps(relative)}


def test_{_identifier(flow.name)}(lambdadesk_flow: RunFlow) -> None:
    report = lambdadesk_flow(FLOW)
    assert report.ok, failure_text(report)
'''


def _github_workflow(flow: Flow, path: str) -> str:
    quoted = json.dumps(path)
    return f"""# The flow {flow.name!r}, exported by `lambdadesk flow export --to github`. lambdadesk starts the
# emulator and Redis with the runner's Docker engine, runs the flow, and keeps the JUnit report.
name: {json.dumps("flow: " + flow.name)}
on:
  push:
  pull_request:
jobs:
  flow:
    runs-on: ubuntu-latest
    timeout-minutes: 30
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install lambdadesk
        run: {INSTALL}
      - name: Run the flow
        env:
          # LocalStack's latest image needs a token; with MiniStack, Floci or moto in the profile it may stay empty
          LOCALSTACK_AUTH_TOKEN: ${{{{ secrets.LOCALSTACK_AUTH_TOKEN }}}}
        run: lambdadesk flow run {quoted} --junit flow-junit.xml --report flow-report.json
      - name: Keep the reports
        if: always()
        uses: actions/upload-artifact@v4
        with:
          name: flow-reports
          path: |
            flow-junit.xml
            flow-report.json
"""
