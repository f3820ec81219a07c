"""Which Python the emulator's container runs: MiniStack runs every Python Lambda on it, whatever its runtime."""

from __future__ import annotations

import docker
from docker.errors import DockerException

from lambdadesk.adapters.docker import owned_objects
from lambdadesk.core.profile import Profile
from lambdadesk.core.topology import EMULATOR

_VERSION = "import sys; print('%d.%d' % sys.version_info[:2])"


def emulator_python(client: docker.DockerClient, profile: Profile) -> str | None:
    """Blocking. "3.12" for the Python the running emulator container has on its PATH; None when there is no
    running emulator or it has no Python (nothing to warn about then)."""
    running = [c for c in owned_objects.containers(client, profile.name, EMULATOR) if c.status == "running"]
    if not running:
        return None
    container = running[0]
    for program in ("python3", "python"):
        try:
            result = container.exec_run([program, "-c", _VERSION])
        except DockerException:
            return None
        if result.exit_code == 0:
            version = result.output.decode(errors="replace").strip()
            return version if version.count(".") == 1 else None
    return None
