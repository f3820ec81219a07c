"""Which Redis keys an SNS message may point to: the message itself, key-like values inside it, or the values of
its message attributes (a publisher may put the key there and something else in the body)."""

from __future__ import annotations

import re
from collections.abc import Mapping

from lambdadesk.core import safe_json

_KEY_FIELDS = ("key", "rediskey", "id", "requestid", "messageid", "cachekey")
_KEY_LIKE = re.compile(r"[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)+|[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_MAX_KEY = 1024
MAX_CANDIDATES = 64  # each is a Redis round trip; a message holding 20,000 key-like strings must not cost 20,000


def candidate_keys(message: str, attributes: Mapping[str, str] | None = None) -> list[str]:
    """In order of likelihood, without duplicates."""
    text = message.strip()
    found: list[str] = [text] if 0 < len(text) <= _MAX_KEY else []
    try:
        document = safe_json.loads(text)
    except safe_json.NotJsonError:
        document = None
    fields = [(k, v) for k, v in document.items() if isinstance(v, str)] if isinstance(document, dict) else []
    by_name = sorted((attributes or {}).items(), key=lambda item: item[0].lower() not in _KEY_FIELDS)
    found += [v for k, v in fields if k.lower() in _KEY_FIELDS] + [v for _, v in by_name]
    found += [v for k, v in fields if k.lower() not in _KEY_FIELDS]
    unique: dict[str, None] = {}  # insertion-ordered, so the dedupe is linear
    for key in [*found, *(match.group(0) for match in _KEY_LIKE.finditer(text))]:
        if key and len(key) <= _MAX_KEY:
            unique.setdefault(key)
            if len(unique) == MAX_CANDIDATES:
                break
    return list(unique)
