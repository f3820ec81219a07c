"""The `export` lines that point a shell (aws, SDKs, redis-cli) at the environment. `lambdadesk env` prints them
and the window's Copy env copies exactly this text."""

from __future__ import annotations

import shlex

from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import shell_environment


def shell_exports(profile: Profile) -> str:
    """One `export NAME=value` line per variable, each value quoted for POSIX shells."""
    return "\n".join(f"export {key}={shlex.quote(value)}" for key, value in shell_environment(profile).items())
