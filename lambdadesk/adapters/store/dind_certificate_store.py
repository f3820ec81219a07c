"""Keeps each environment's dind certificates in `data_dir/dind-tls/<profile>/` (folder 0700, files 0600): the
server's pair, copied into the dind container, and the client's, used by lambdadesk and copied into the emulator.
Made on first need and again when they near their end (containers made with the old ones are then recreated)."""

from __future__ import annotations

import datetime
from pathlib import Path

from filelock import FileLock

from lambdadesk.adapters.host import tls_authority
from lambdadesk.adapters.store.paths import data_dir
from lambdadesk.core.atomic_file import write_atomic
from lambdadesk.core.dind_certificates import CA_FILE, CERT_FILE, KEY_FILE, DindCertificates

RENEW_BEFORE = datetime.timedelta(days=30)
_FILES = {"ca": CA_FILE, "client_cert": CERT_FILE, "client_key": KEY_FILE,
          "server_cert": "server-cert.pem", "server_key": "server-key.pem"}


def client_dir(profile: str) -> Path:
    return data_dir() / "dind-tls" / profile


def ensure(profile: str) -> DindCertificates:
    """Blocking (file reads, and a few milliseconds of key generation the first time)."""
    folder = client_dir(profile)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    with FileLock(folder.with_name(f"{profile}.lock"), timeout=30):  # two processes must not make two sets
        texts = _read(folder)
        if texts is None or _expiring(texts):
            texts = tls_authority.issue(profile)
            for key, name in _FILES.items():
                write_atomic(folder / name, texts[key].encode())  # temporary files are made 0600
    folder.chmod(0o700)
    return DindCertificates(client_dir=str(folder), ca_pem=texts["ca"], server_cert_pem=texts["server_cert"],
                            client_cert_pem=texts["client_cert"], server_key_pem=texts["server_key"],
                            client_key_pem=texts["client_key"])


def _read(folder: Path) -> dict[str, str] | None:
    try:
        return {key: (folder / name).read_text() for key, name in _FILES.items()}
    except (OSError, UnicodeDecodeError):
        return None


def _expiring(texts: dict[str, str]) -> bool:
    try:
        ends = min(tls_authority.expires(texts["server_cert"]), tls_authority.expires(texts["client_cert"]))
    except ValueError:  # not a certificate any more: make new ones
        return True
    return ends - datetime.datetime.now(datetime.UTC) < RENEW_BEFORE
