"""The dind daemon's certificates: made per environment, kept private, trusted only along their own chain."""

import datetime
import io
import ipaddress
import stat
import tarfile
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID

from lambdadesk.adapters.host import tls_authority
from lambdadesk.adapters.store import dind_certificate_store
from lambdadesk.environment.container_create import secret_archive


@pytest.fixture(autouse=True)
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("LAMBDADESK_DATA_DIR", str(tmp_path))
    return tmp_path


def _certificate(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode())


def test_each_environment_gets_its_own_authority_and_the_leaves_are_signed_by_it() -> None:
    one, other = dind_certificate_store.ensure("one"), dind_certificate_store.ensure("other")
    assert one.ca_pem != other.ca_pem
    ca = _certificate(one.ca_pem)
    for leaf_pem, usage in ((one.server_cert_pem, ExtendedKeyUsageOID.SERVER_AUTH),
                            (one.client_cert_pem, ExtendedKeyUsageOID.CLIENT_AUTH)):
        leaf = _certificate(leaf_pem)
        leaf.verify_directly_issued_by(ca)
        with pytest.raises((ValueError, InvalidSignature)):  # another issuer's name, or its signature
            leaf.verify_directly_issued_by(_certificate(other.ca_pem))
        assert list(leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value) == [usage]
    names = _certificate(one.server_cert_pem).extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert ipaddress.ip_address("127.0.0.1") in names.get_values_for_type(x509.IPAddress)


def test_the_files_are_private_and_the_authority_key_is_not_kept(data_dir: Path) -> None:
    certificates = dind_certificate_store.ensure("p")
    folder = Path(certificates.client_dir)
    assert folder == data_dir / "dind-tls" / "p"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    files = sorted(folder.iterdir())
    assert [f.name for f in files] == ["ca.pem", "cert.pem", "key.pem", "server-cert.pem", "server-key.pem"]
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o600}
    private_keys = [f for f in files if "PRIVATE KEY" in f.read_text()]
    assert [f.name for f in private_keys] == ["key.pem", "server-key.pem"]  # both leaves', no authority's
    assert certificates.client_key_pem not in repr(certificates)
    assert certificates.server_key_pem not in repr(certificates)


def test_they_are_kept_across_calls_and_renewed_before_they_end(monkeypatch: pytest.MonkeyPatch) -> None:
    first = dind_certificate_store.ensure("p")
    assert dind_certificate_store.ensure("p") == first
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=800)
    monkeypatch.setattr(tls_authority, "expires", lambda _pem: soon)
    assert dind_certificate_store.ensure("p") == first  # 800 days left: kept
    monkeypatch.setattr(tls_authority, "expires", lambda _pem: datetime.datetime.now(datetime.UTC))
    renewed = dind_certificate_store.ensure("p")
    assert renewed.ca_pem != first.ca_pem and renewed.client_key_pem != first.client_key_pem


def test_a_damaged_file_gives_a_fresh_set(data_dir: Path) -> None:
    first = dind_certificate_store.ensure("p")
    (data_dir / "dind-tls" / "p" / "server-cert.pem").write_text("not a certificate")
    again = dind_certificate_store.ensure("p")
    assert again.ca_pem != first.ca_pem
    assert isinstance(x509.load_pem_x509_certificate(again.server_cert_pem.encode()).public_key(),
                      ec.EllipticCurvePublicKey)


def test_the_secret_archive_makes_its_folders_0700_and_its_files_0600_and_touches_no_other_folder() -> None:
    data = secret_archive({"/etc/lambdadesk/dind-tls/key.pem": "K", "/etc/lambdadesk/dind-tls/ca.pem": "C"})
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        members = {m.name: (m.type, stat.S_IMODE(m.mode), m.uid) for m in archive.getmembers()}
        extracted = archive.extractfile("etc/lambdadesk/dind-tls/key.pem")
        assert extracted is not None and extracted.read() == b"K"
    assert members == {"etc/lambdadesk/dind-tls": (tarfile.DIRTYPE, 0o700, 0),
                       "etc/lambdadesk/dind-tls/ca.pem": (tarfile.REGTYPE, 0o600, 0),
                       "etc/lambdadesk/dind-tls/key.pem": (tarfile.REGTYPE, 0o600, 0)}
