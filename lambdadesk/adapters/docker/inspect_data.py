"""Reading a container's inspect data (plain dicts): no docker-py import, so the modules that only read it stay
quick to load."""

from __future__ import annotations

from typing import Any


def addresses_on(attrs: dict[str, Any], network: str) -> list[str]:
    """A container's IPv4 and IPv6 addresses on `network`, from its inspect data."""
    settings = ((attrs.get("NetworkSettings") or {}).get("Networks") or {}).get(network) or {}
    return [str(settings.get("IPAddress") or ""), str(settings.get("GlobalIPv6Address") or "")]


def network_owner(attrs: dict[str, Any]) -> str | None:
    """The container whose network namespace this one joined (network mode "container:NAME"), else None."""
    mode = str((attrs.get("HostConfig") or {}).get("NetworkMode") or "")
    return mode.removeprefix("container:") if mode.startswith("container:") else None
