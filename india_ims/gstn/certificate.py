"""GSTN's public key as the taxpayer gets it: a certificate file (PEM or DER) or a PEM public key.

The app key of every OTP login is encrypted with it (spec 1.1). GSTN rotates its certificate; an
expired or replaced one makes every login fail, so the settings show when it expires and warn ahead.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass
from datetime import date, datetime, timezone

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

WARN_DAYS = 30


class CertificateError(ValueError):
    """The text or file is not a certificate or public key GSTN could have issued."""


@dataclass(frozen=True)
class GstnCertificate:
    public_key_pem: str  # what the client encrypts with
    pem: str  # the certificate (or key) as PEM text, to store
    not_after: date | None  # None for a bare public key
    subject: str = ""

    def warning(self, today: date, *, days: int = WARN_DAYS) -> str | None:
        """A sentence when the certificate has expired or expires within ``days``."""
        if self.not_after is None:
            return None
        left = (self.not_after - today).days
        if left < 0:
            return (
                f"GSTN's certificate expired on {self.not_after:%d-%m-%Y}: OTP logins will fail. "
                "Download the current certificate from the GST developer portal (or ask your GSP) "
                "and upload it here."
            )
        if left <= days:
            return (
                f"GSTN's certificate expires on {self.not_after:%d-%m-%Y} ({left} days from now). "
                "Download the new certificate from the GST developer portal (or ask your GSP) before then."
            )
        return None


def load_certificate(data: bytes | str) -> GstnCertificate:
    """A PEM or DER certificate, a base64 DER certificate, or a PEM public key."""
    raw = data.encode("ascii", "ignore") if isinstance(data, str) else bytes(data)
    text = raw.strip()
    if not text:
        raise CertificateError("the GSTN certificate is empty")
    if b"-----BEGIN CERTIFICATE-----" in text:
        try:
            return _from_certificate(x509.load_pem_x509_certificate(text))
        except ValueError as error:
            raise CertificateError(f"the PEM certificate cannot be read ({error})") from None
    if b"-----BEGIN PUBLIC KEY-----" in text or b"-----BEGIN RSA PUBLIC KEY-----" in text:
        try:
            key = serialization.load_pem_public_key(text)
        except ValueError as error:
            raise CertificateError(f"the PEM public key cannot be read ({error})") from None
        return _from_key(key, None, "")
    for candidate in (raw, _maybe_base64(text)):
        if candidate:
            try:
                return _from_certificate(x509.load_der_x509_certificate(candidate))
            except ValueError:
                continue
    raise CertificateError(
        "the GSTN certificate is neither a PEM nor a DER certificate (.cer/.crt/.pem) nor a PEM public key"
    )


def _maybe_base64(text: bytes) -> bytes | None:
    try:
        return base64.b64decode(b"".join(text.split()), validate=True)
    except (binascii.Error, ValueError):
        return None


def _from_certificate(cert: x509.Certificate) -> GstnCertificate:
    try:
        not_after = cert.not_valid_after_utc
    except AttributeError:  # cryptography < 42
        not_after = cert.not_valid_after.replace(tzinfo=timezone.utc)
    pem = cert.public_bytes(serialization.Encoding.PEM).decode("ascii")
    return _from_key(cert.public_key(), not_after.date(), cert.subject.rfc4514_string(), pem)


def _from_key(key, not_after: date | None, subject: str, pem: str | None = None) -> GstnCertificate:
    if not isinstance(key, rsa.RSAPublicKey):
        raise CertificateError("GSTN's key is an RSA key; this certificate holds another kind of key")
    key_pem = key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode("ascii")
    return GstnCertificate(key_pem, pem or key_pem, not_after, subject)


def today_utc() -> date:
    return datetime.now(timezone.utc).date()
