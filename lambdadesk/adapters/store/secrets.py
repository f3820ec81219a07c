"""The LocalStack auth token: from LOCALSTACK_AUTH_TOKEN, else the OS keyring. Never written to a plain file."""

from __future__ import annotations

import os

import keyring
import keyring.backends.fail
from keyring.errors import KeyringError, NoKeyringError, PasswordDeleteError

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


def keyring_problem() -> str:
    """Why no token can be kept in an OS keyring here ("" when one can): asked before the user types a token."""
    try:
        backend = keyring.get_keyring()
    except (KeyringError, RuntimeError) as exc:
        return f"the OS keyring cannot be opened ({exc})"
    if isinstance(backend, keyring.backends.fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        return "no OS keyring is available here (no Secret Service, KWallet, macOS Keychain or Windows vault)"
    return ""


def store_auth_token(token: str) -> None:
    problem = keyring_problem()
    if problem:
        raise LambdadeskError(f"The token cannot be stored: {problem}.",
                              f"Set {ENV_VAR} in your environment instead (export {ENV_VAR}=…).")
    token = token.strip()
    if not token:
        raise LambdadeskError("The auth token is empty.", "Paste the token from your LocalStack account page.")
    try:
        keyring.set_password(_SERVICE, _ACCOUNT, token)
    except (NoKeyringError, KeyringError, RuntimeError) as exc:
        raise LambdadeskError(f"No OS keyring is available to store the token ({exc}).",
                              f"Set {ENV_VAR} in your environment instead.") from exc


def forget_auth_token() -> bool:
    """True when a stored token was removed; False when the keyring held none (or there is no keyring)."""
    if keyring_problem():
        return False
    try:
        keyring.delete_password(_SERVICE, _ACCOUNT)
    except PasswordDeleteError:
        return False
    except (KeyringError, RuntimeError) as exc:
        raise LambdadeskError(f"The token could not be removed from the OS keyring ({exc}).",
                              "Unlock the keyring and try again.") from exc
    return True


def auth_token_source() -> str:
    """Where the token in use comes from: "environment", "keyring", or "" when there is none."""
    if os.environ.get(ENV_VAR, "").strip():
        return "environment"
    return "keyring" if auth_token() else ""
