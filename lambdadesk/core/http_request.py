"""A request the user fires at an API, and the checks that say exactly which line of their input is wrong."""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import asdict, dataclass
from typing import Any

from lambdadesk.core.display import pretty_json
from lambdadesk.core.errors import LambdadeskError

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


class RequestInputError(LambdadeskError):
    """A header line or a JSON body the user typed cannot be sent as it is."""


@dataclass(frozen=True)
class RequestSpec:
    method: str = "GET"
    path: str = "/"
    query: str = ""
    headers: tuple[tuple[str, str], ...] = ()
    body: str = ""
    body_is_json: bool = False
    api: str = ""  # the wired API's name; empty: the only (or first) one

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["headers"] = [list(pair) for pair in self.headers]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RequestSpec:
        """From a saved file; a field of the wrong type is named (the file may have been edited by hand)."""
        raw_headers = data.get("headers", [])
        if not isinstance(raw_headers, list) or not all(
                isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair)
                for pair in raw_headers):
            raise RequestInputError("The saved request's headers are not a list of [name, value] pairs.",
                                    "Fix the file, or send the request again and save it anew.")
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "headers"}
        for key, value in known.items():
            expected = bool if key == "body_is_json" else str
            if not isinstance(value, expected):
                raise RequestInputError(f"The saved request's {key} is {json.dumps(value)[:40]}, not a "
                                        f"{expected.__name__}.", "Fix the file, or save the request anew.")
        return check_request(cls(**known, headers=tuple((name, value) for name, value in raw_headers)))


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: str
    seconds: float

    def pretty_body(self) -> str:
        return pretty_json(self.body)


def parse_header_lines(text: str) -> tuple[tuple[str, str], ...]:
    """`Name: value` per line; blank lines are skipped; the first bad line is named with its number."""
    headers = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not _is_header_name(name.strip()):
            raise RequestInputError(f"Header line {number} ({line.strip()[:60]!r}) is not a header.",
                                    "Write one header per line as Name: value, for example Content-Type: text/plain.")
        headers.append((name.strip(), value.strip()))
    return tuple(headers)


def check_request(spec: RequestSpec) -> RequestSpec:
    """The spec with its method upper-cased and its path rooted; raises for a body that is not the JSON it claims."""
    method = spec.method.upper()
    if method not in METHODS:
        raise RequestInputError(f"{spec.method!r} is not an HTTP method.", "Use one of " + ", ".join(METHODS) + ".")
    if spec.body_is_json and spec.body.strip():
        try:
            json.loads(spec.body)
        except json.JSONDecodeError as exc:
            raise RequestInputError(f"The body is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}.",
                                    "Fix the JSON, or send it as plain text.") from exc
    headers = spec.headers
    for name, value in headers:
        if not _is_header_name(name):
            raise RequestInputError(f"{name[:60]!r} cannot name a header.",
                                    "Use letters, digits and - in header names, for example X-Request-Id.")
        if any(c in value for c in "\r\n\0"):
            raise RequestInputError(f"The value of header {name} holds a line break or NUL, which HTTP forbids.",
                                    "Put the value on one line.")
    if spec.body_is_json and not any(name.lower() == "content-type" for name, _ in headers):
        headers = (*headers, ("Content-Type", "application/json"))
    path = spec.path if spec.path.startswith("/") else "/" + spec.path
    return RequestSpec(method, path, spec.query.lstrip("?"), headers, spec.body, spec.body_is_json, spec.api)


_URL_SAFE = "/:@!$&'()*+,;=-._~%"  # RFC 3986's path characters, and escapes already made


def request_url(base_url: str, spec: RequestSpec) -> str:
    """Where a (checked) request goes: the API's stage URL, the spec's path and its query, with what a URL cannot
    hold (a space, non-ASCII) percent-escaped as an HTTP client sends it."""
    query = f"?{urllib.parse.quote(spec.query, safe=_URL_SAFE + '?')}" if spec.query else ""
    return base_url.rstrip("/") + urllib.parse.quote(spec.path, safe=_URL_SAFE) + query


def _is_header_name(name: str) -> bool:
    return bool(name) and all(c.isascii() and c.isprintable() and c not in ' \t()<>@,;:\\"/[]?={}' for c in name)
