"""Which Redis keys an SNS message may point to: the message itself, or key-like values inside it."""

from __future__ import annotations

import json
import re

_KEY_FIELDS = ("key", "rediskey", "id", "requestid", "messageid", "cachekey")
_KEY_LIKE = re.compile(r"[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)+|[0-9a-fA-F]{8}-(?:[0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}")
_MAX_KEY = 1024


def candidate_keys(message: str) -> list[str]:
    """In order of likelihood, without duplicates."""
    text = message.strip()
    found: list[str] = [text] if 0 < len(text) <= _MAX_KEY else []
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, ValueError):
        document = None
    if isinstance(document, dict):
        named = [v for k, v in document.items() if isinstance(v, str) and k.lower() in _KEY_FIELDS]
        others = [v for k, v in document.items() if isinstance(v, str) and k.lower() not in _KEY_FIELDS]
        found += named + others
    found += _KEY_LIKE.findall(text)
    unique: list[str] = []
    for key in found:
        if key and len(key) <= _MAX_KEY and key not in unique:
            unique.append(key)
    return unique
