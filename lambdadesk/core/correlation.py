"""Which Redis keys an SNS message may point to: the message itself, or key-like values inside it."""

from __future__ import annotations

import re

from lambdadesk.core import safe_json

_KEY_FIELDS = ("key", "rediskey", "id", "requestid", "messageid", "cachekey")
_KEY_LIKE = re.compile(r"[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)+|[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_MAX_KEY = 1024
MAX_CANDIDATES = 64  # each is a Redis round trip; a message holding 20,000 key-like strings must not cost 20,000


def candidate_keys(message: str) -> list[str]:
    """In order of likelihood, without duplicates."""
    text = message.strip()
    found: list[str] = [text] if 0 < len(text) <= _MAX_KEY else []
    try:
        document = safe_json.loads(text)
    except safe_json.NotJsonError:
        document = None
    if isinstance(document, dict):
        named = [v for k, v in document.items() if isinstance(v, str) and k.lower() in _KEY_FIELDS]
        others = [v for k, v in document.items() if isinstance(v, str) and k.lower() not in _KEY_FIELDS]
        found += named + others
    unique: dict[str, None] = {}  # insertion-ordered, so the dedupe is linear
    for key in [*found, *(match.group(0) for match in _KEY_LIKE.finditer(text))]:
        if key and len(key) <= _MAX_KEY:
            unique.setdefault(key)
            if len(unique) == MAX_CANDIDATES:
                break
    return list(unique)
