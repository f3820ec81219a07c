"""How values are shown to people, the same in the window and the CLI: JSON indented, expiry in words."""

from __future__ import annotations

from lambdadesk.core import safe_json


def pretty_json(text: str) -> str:
    """Indented JSON when `text` is JSON; otherwise `text` as it is."""
    try:
        return safe_json.dumps_pretty(safe_json.loads(text))
    except safe_json.NotJsonError:
        return text


def ttl_text(ttl_s: int) -> str:
    """A Redis TTL in words; a negative TTL means the key does not expire."""
    return "no expiry" if ttl_s < 0 else f"expires in {ttl_s} s"
