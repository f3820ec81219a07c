"""What is said when the environment's network cannot resolve container names (Podman without a DNS backend):
the Lambdas reach Redis and the emulator by name there, and would time out on every request."""

from __future__ import annotations

from lambdadesk.core.errors import LambdadeskError


class NoNameResolutionError(LambdadeskError):
    def __init__(self, network: str) -> None:
        super().__init__(
            f"Podman's network {network} resolves no container names: Podman has no DNS for its networks on this "
            "machine, so the Lambdas would not find redis or the emulator by name, and every request would time "
            "out.",
            "Install it (Debian, Ubuntu with CNI networks: sudo apt install "
            "golang-github-containernetworking-plugin-dnsname; with netavark: sudo apt install aardvark-dns; "
            "Fedora: sudo dnf install aardvark-dns), stop the environment (lambdadesk down, which removes the "
            "network) and start it again; or set \"topology\": \"host\" in the profile.")
