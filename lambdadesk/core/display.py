"""How values are shown to people, the same in the window and the CLI: JSON indented, expiry in words."""

from __future__ import annotations

import json


def pretty_json(text: str) -> str:
    """Indented JSON when `text` is JSON; otherwise `text` as it is."""
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except ValueError:  # json.JSONDecodeError is a ValueError
        return text


def ttl_text(ttl_s: int) -> str:
    """A Redis TTL in words; a negative TTL means the key does not expire."""
    return "no expiry" if ttl_s < 0 else f"expires in {ttl_s} s"
