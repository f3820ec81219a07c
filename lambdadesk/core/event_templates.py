"""Events shaped as AWS services send them to a Lambda, for Invoke: API Gateway (REST proxy, v1; HTTP API, v2), SQS,
SNS, S3, EventBridge and a schedule. Each is filled in for the function, region and stage it is sent to, with the
emulator's account, so that a handler written for the real trigger runs unchanged."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources
from typing import Any

from lambdadesk.core.errors import LambdadeskError

ACCOUNT = "000000000000"  # the emulators' account


@dataclass(frozen=True)
class Target:
    """Where the event goes: the function, and the API stage a proxy event says it came through."""

    function: str
    region: str = "us-east-1"
    stage: str = "dev"


def _now() -> datetime:
    return datetime.now(UTC)


TEMPLATES: dict[str, str] = {
    "apigateway-v1": "API Gateway REST API, proxy integration (payload 1.0)",
    "apigateway-v2": "API Gateway HTTP API (payload 2.0)",
    "sqs": "SQS: one message",
    "sns": "SNS: one notification",
    "s3": "S3: an object created (Put)",
    "eventbridge": "EventBridge: a custom event",
    "scheduled": "EventBridge Scheduler / a schedule rule",
}
"""Each template's name and what it is in words; its event is lambdadesk/assets/event_templates/NAME.json."""

# in a template's text: ${account} ${region} ${stage} ${function}, ${uuid} (a new one each time), ${hex:N} (N
# random hex digits), ${epoch_ms} and ${time:STRFTIME} (now); {"$value": "epoch_ms"} is now as a number
_PLACEHOLDER = re.compile(r"\$\{([a-z_]+)(?::([^}]*))?\}")


def event_from_template(name: str, target: Target) -> dict[str, Any]:
    """A fresh event (new ids and times) of the named template for `target`."""
    if name not in TEMPLATES:
        raise LambdadeskError(f"There is no event template {name!r}.", "Choose one of " + ", ".join(TEMPLATES) + ".")
    text = (resources.files("lambdadesk.assets") / "event_templates" / f"{name}.json").read_text(encoding="utf-8")
    values = {"account": ACCOUNT, "region": target.region, "stage": target.stage, "function": target.function}
    event: dict[str, Any] = _filled(json.loads(text), values, _now())
    return event


def _filled(value: Any, values: dict[str, str], now: datetime) -> Any:
    if isinstance(value, dict):
        if list(value) == ["$value"]:
            return _number(value["$value"], now)
        return {key: _filled(item, values, now) for key, item in value.items()}
    if isinstance(value, list):
        return [_filled(item, values, now) for item in value]
    if isinstance(value, str):
        return _PLACEHOLDER.sub(lambda match: _text(match[1], match[2], values, now), value)
    return value


def _text(name: str, argument: str | None, values: dict[str, str], now: datetime) -> str:
    if name == "uuid":
        return str(uuid.uuid4())
    if name == "hex":
        return uuid.uuid4().hex[:int(argument or 32)]
    if name == "time":
        return now.strftime(argument or "%Y-%m-%dT%H:%M:%SZ")
    if name == "epoch_ms":
        return str(_number(name, now))
    return values[name]  # a name no template may use fails its test


def _number(name: str, now: datetime) -> int:
    if name != "epoch_ms":
        raise ValueError(f"an event template asks for the number {name!r}, which is not one")
    return int(now.timestamp() * 1000)
