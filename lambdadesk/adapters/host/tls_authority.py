"""Makes an environment's own certificate authority and the dind daemon's server and client certificates
(library `cryptography`). The authority's key is used once and never kept, so nobody can mint another client."""

from __future__ import annotations

import datetime
import ipaddress

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

VALID_DAYS = 825
# The daemon is reached on the host's loopback, and from the emulator inside the pod on its loopback
SERVER_NAMES: tuple[x509.GeneralName, ...] = (
    x509.DNSName("localhost"), x509.DNSName("dind"),
    x509.IPAddress(ipaddress.ip_address("127.0.0.1")), x509.IPAddress(ipaddress.ip_address("::1")),
)


def issue(environment: str) -> dict[str, str]:
    """PEM texts: ca, server_cert, server_key, client_cert, client_key."""
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"lambdadesk {environment} dind authority")])
    ca = (_builder(ca_name, ca_name, ca_key.public_key())
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True)
          .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
          .sign(ca_key, hashes.SHA256()))
    authority = x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key())
    server_key, client_key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    server = (_leaf(ca_name, authority, f"lambdadesk {environment} dind", server_key, ExtendedKeyUsageOID.SERVER_AUTH)
              .add_extension(x509.SubjectAlternativeName(list(SERVER_NAMES)), critical=False)
              .sign(ca_key, hashes.SHA256()))
    client = (_leaf(ca_name, authority, f"lambdadesk {environment} client", client_key, ExtendedKeyUsageOID.CLIENT_AUTH)
              .sign(ca_key, hashes.SHA256()))
    return {"ca": _pem(ca), "server_cert": _pem(server), "server_key": _key_pem(server_key),
            "client_cert": _pem(client), "client_key": _key_pem(client_key)}


def expires(certificate_pem: str) -> datetime.datetime:
    return x509.load_pem_x509_certificate(certificate_pem.encode()).not_valid_after_utc


def _builder(subject: x509.Name, issuer: x509.Name, public_key: ec.EllipticCurvePublicKey) -> x509.CertificateBuilder:
    now = datetime.datetime.now(datetime.UTC)
    return (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(public_key)
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))  # a container clock a little behind still accepts it
            .not_valid_after(now + datetime.timedelta(days=VALID_DAYS)))


def _leaf(issuer: x509.Name, authority: x509.AuthorityKeyIdentifier, name: str, key: ec.EllipticCurvePrivateKey,
          usage: x509.ObjectIdentifier) -> x509.CertificateBuilder:
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    return (_builder(subject, issuer, key.public_key())
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True)
            .add_extension(authority, critical=False)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False))


def _pem(certificate: x509.Certificate) -> str:
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


def _key_pem(key: ec.EllipticCurvePrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()
