"""`lambdadesk flow new NAME`: a commented starter flow file from what is deployed in the profile now (its desired
state: functions, wired APIs, topics), or from the seed sample when nothing is; it reads cleanly once the zips it
names are built."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml

from lambdadesk.core.desired_state import DesiredState
from lambdadesk.flows.sample_flows import sample_files

SCHEMA = Path(__file__).with_name("flow.schema.json")


def starter_flow(name: str, profile: str, state: DesiredState) -> str:
    document: dict[str, Any] = {"name": name}
    if state.topics:
        document["topics"] = list(state.topics)
    functions: dict[str, Any] = {}
    for record in state.functions.values():
        function: dict[str, Any] = {"zip": f"./build/{record.name}.zip", "runtime": record.runtime,
                                    "handler": record.handler, "memory": record.memory_mb,
                                    "timeout": record.timeout_s}
        if record.environment:
            function["env"] = dict(record.environment)
        functions[record.name] = function
    apis = {api.name: {"function": api.function, "stage": api.stage} for api in state.apis.values()
            if api.function in functions}
    if not functions:  # nothing deployed yet: the seed flow, which runs as it is
        sample = sample_files()[0].read_text()
        return (f"# yaml-language-server: $schema={SCHEMA}\n"
                f"# A starter flow, made by `lambdadesk flow new`: nothing is deployed in profile {profile!r} yet,\n"
                "# so this is the seed flow; replace its function with yours.\n"
                + sample.replace("name: seed flow (Python)", f"name: {json.dumps(name)}", 1))
    document["functions"] = functions
    if apis:
        document["apis"] = apis
    document["steps"] = _steps(apis, list(functions))
    body = yaml.safe_dump(document, sort_keys=False, default_flow_style=False, allow_unicode=True, width=110)
    zips = "".join(f"#   {n}: build it to ./build/{n}.zip (paths are relative to this file)\n"
                   for n, f in functions.items() if "zip" in f)
    return (f"# yaml-language-server: $schema={SCHEMA}\n"
            f"# A starter flow, made by `lambdadesk flow new` from what is deployed in profile {profile!r}.\n"
            f"{zips}"
            "# Check it with `lambdadesk flow check FILE`, run it with `lambdadesk flow run FILE`; steps you may\n"
            "# add: invoke, publish, sns (wait for a message), redis (read a key), sleep; see the README.\n"
            f"{body}")


def _steps(apis: dict[str, Any], functions: list[str]) -> list[dict[str, Any]]:
    steps: list[dict[str, Any]] = []
    for api in apis:
        steps.append({"name": f"GET / through {api}", "request": {"api": api, "method": "GET", "path": "/"},
                      "expect": {"status": 200}})
    if not steps:
        steps.append({"name": f"invoke {functions[0]}", "invoke": {"function": functions[0], "payload": {}},
                      "expect": {"error": None}})
    return steps
