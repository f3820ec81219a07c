"""The LocalStack auth token: from LOCALSTACK_AUTH_TOKEN, else the OS keyring. Never written to a plain file."""

from __future__ import annotations

import contextlib
import os

import keyring
from keyring.errors import KeyringError, NoKeyringError

from lambdadesk.core.errors import LambdadeskError

ENV_VAR = "LOCALSTACK_AUTH_TOKEN"
_SERVICE = "lambdadesk"
_ACCOUNT = "localstack-auth-token"


def auth_token() -> str | None:
    token = os.environ.get(ENV_VAR, "").strip()
    if token:
        return token
    try:
        stored = keyring.get_password(_SERVICE, _ACCOUNT)
    except (KeyringError, RuntimeError):  # no usable keyring here: the token can still come from the environment
        return None
    return stored or None


def store_auth_token(token: str) -> None:
    token = token.strip()
    if not token:
        raise LambdadeskError("The auth token is empty.", "Paste the token from your LocalStack account page.")
    try:
        keyring.set_password(_SERVICE, _ACCOUNT, token)
    except (NoKeyringError, KeyringError, RuntimeError) as exc:
        raise LambdadeskError(f"No OS keyring is available to store the token ({exc}).",
                              f"Set {ENV_VAR} in your environment instead.") from exc


def forget_auth_token() -> None:
    with contextlib.suppress(KeyringError, RuntimeError):
        keyring.delete_password(_SERVICE, _ACCOUNT)


def auth_token_source() -> str:
    """Where the token in use comes from: "environment", "keyring", or "" when there is none."""
    if os.environ.get(ENV_VAR, "").strip():
        return "environment"
    return "keyring" if auth_token() else ""
