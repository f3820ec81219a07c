"""Keeps secrets (the LocalStack auth token) out of anything lambdadesk shows, logs or exports."""

from __future__ import annotations

MASK = "********"


def redact(text: str, secrets: tuple[str, ...]) -> str:
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, MASK)
    return text
