"""The TLS material that guards an environment's dind daemon, as plain data (made by adapters/host/tls_authority.py,
kept by adapters/store/dind_certificate_store.py). The daemon accepts only clients with a certificate from the
environment's own authority: lambdadesk on the host and the emulator that starts Lambda containers there."""

from __future__ import annotations

from dataclasses import dataclass, field

# Where the files are put inside the containers (copied in before start, never bind-mounted from the host)
DIND_SERVER_TLS_DIR = "/etc/lambdadesk/dind-tls"
DIND_CLIENT_TLS_DIR = "/etc/lambdadesk/dind-client"
CA_FILE, CERT_FILE, KEY_FILE = "ca.pem", "cert.pem", "key.pem"


@dataclass(frozen=True)
class DindCertificates:
    """`client_dir`: the host folder (0700) holding ca.pem, cert.pem and key.pem for lambdadesk's own client."""

    client_dir: str
    ca_pem: str
    server_cert_pem: str
    client_cert_pem: str
    server_key_pem: str = field(repr=False)
    client_key_pem: str = field(repr=False)

    def server_files(self) -> dict[str, str]:
        """Container path -> content for the daemon."""
        return _files(DIND_SERVER_TLS_DIR, self.ca_pem, self.server_cert_pem, self.server_key_pem)

    def client_files(self) -> dict[str, str]:
        """Container path -> content for a client inside a container (the emulator)."""
        return _files(DIND_CLIENT_TLS_DIR, self.ca_pem, self.client_cert_pem, self.client_key_pem)


def _files(folder: str, ca: str, cert: str, key: str) -> dict[str, str]:
    return {f"{folder}/{CA_FILE}": ca, f"{folder}/{CERT_FILE}": cert, f"{folder}/{KEY_FILE}": key}


def daemon_tls_flags() -> list[str]:
    """dockerd's options to require a client certificate from the environment's authority."""
    return ["--tlsverify", f"--tlscacert={DIND_SERVER_TLS_DIR}/{CA_FILE}",
            f"--tlscert={DIND_SERVER_TLS_DIR}/{CERT_FILE}", f"--tlskey={DIND_SERVER_TLS_DIR}/{KEY_FILE}"]


def client_environment() -> dict[str, str]:
    """Variables docker-py, the docker CLI and docker-java read to use the client files inside a container."""
    return {"DOCKER_TLS_VERIFY": "1", "DOCKER_CERT_PATH": DIND_CLIENT_TLS_DIR}
