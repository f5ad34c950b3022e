"""GSTN's payload encryption (spec 1.1): AES-256-ECB with PKCS#7 padding, HMAC-SHA256, RSA for the app key.

GSTN's scheme, as the reference clients implement it:

- the client makes a random 32-byte *app key* and sends it RSA-encrypted with GSTN's public key;
- the OTP travels AES-encrypted with the app key; AUTHTOKEN returns the *session key* (``sek``)
  AES-encrypted with the app key;
- a request's data is ``base64(AES(sek, base64(json)))`` with ``hmac = base64(HMAC-SHA256(sek,
  base64(json)))``;
- a response carries a fresh *response key* (``rek``) encrypted with ``sek``; the data is encrypted
  with ``rek`` and its HMAC is keyed with ``rek``.

ECB is GSTN's choice, not ours; it is what the portal speaks.
"""

from __future__ import annotations

import base64
import hashlib
import hmac as _hmac
import json
import os

import orjson
from cryptography.hazmat.primitives import padding, serialization
from cryptography.hazmat.primitives.asymmetric import padding as asym_padding
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from .errors import GstnCryptoError

KEY_BYTES = 32


def new_key() -> bytes:
    return os.urandom(KEY_BYTES)


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: str | bytes, *, what: str = "value") -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (ValueError, TypeError) as error:
        raise GstnCryptoError(f"{what} is not valid base64") from error


def aes_encrypt(key: bytes, plain: bytes) -> bytes:
    _check_key(key)
    padder = padding.PKCS7(128).padder()
    padded = padder.update(plain) + padder.finalize()
    encryptor = Cipher(algorithms.AES(key), modes.ECB()).encryptor()  # noqa: S305 - GSTN's scheme
    return encryptor.update(padded) + encryptor.finalize()


def aes_decrypt(key: bytes, cipher_text: bytes, *, what: str = "data") -> bytes:
    _check_key(key)
    if not cipher_text or len(cipher_text) % 16:
        raise GstnCryptoError(f"{what}: cipher text is not a whole number of AES blocks")
    decryptor = Cipher(algorithms.AES(key), modes.ECB()).decryptor()  # noqa: S305
    padded = decryptor.update(cipher_text) + decryptor.finalize()
    unpadder = padding.PKCS7(128).unpadder()
    try:
        return unpadder.update(padded) + unpadder.finalize()
    except ValueError as error:
        raise GstnCryptoError(f"{what}: wrong key or corrupted data (bad padding)") from error


def _check_key(key: bytes) -> None:
    if len(key) != KEY_BYTES:
        raise GstnCryptoError(f"AES key must be {KEY_BYTES} bytes, got {len(key)}")


def hmac_sha256(key: bytes, message: bytes) -> str:
    return b64(_hmac.new(key, message, hashlib.sha256).digest())


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# -------------------------------------------------------------- JSON payloads


def json_to_b64(obj: object) -> bytes:
    """The base64 text of the compact JSON, which is what GSTN encrypts and HMACs."""
    return base64.b64encode(json.dumps(obj, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))


def encrypt_json(key: bytes, obj: object) -> tuple[str, str]:
    """(data, hmac) for a payload: AES over base64(json), HMAC over the same base64 text."""
    inner = json_to_b64(obj)
    return b64(aes_encrypt(key, inner)), hmac_sha256(key, inner)


def decrypt_json(key: bytes, data: str, mac: str | None = None, *, what: str = "data") -> object:
    inner = aes_decrypt(key, unb64(data, what=what), what=what)
    if mac is not None and not _hmac.compare_digest(hmac_sha256(key, inner), str(mac)):
        raise GstnCryptoError(f"{what}: HMAC does not match; the payload was altered or the key is wrong")
    try:
        # orjson: a 100,000-record GETINV decodes in a fraction of the standard library's time (issue 16).
        return orjson.loads(base64.b64decode(inner))
    except ValueError as error:
        raise GstnCryptoError(f"{what}: decrypted payload is not base64 JSON") from error


def encrypt_key(wrapping_key: bytes, key: bytes) -> str:
    """A key (sek, rek) or short secret (OTP) encrypted under another key, as base64."""
    return b64(aes_encrypt(wrapping_key, key))


def decrypt_key(wrapping_key: bytes, text: str, *, what: str = "key") -> bytes:
    return aes_decrypt(wrapping_key, unb64(text, what=what), what=what)


# -------------------------------------------------------------- RSA (app key)


def generate_rsa_private_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def public_pem(private_key: rsa.RSAPrivateKey) -> str:
    return (
        private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode("ascii")
    )


def private_pem(private_key: rsa.RSAPrivateKey) -> str:
    return private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode("ascii")


def rsa_encrypt(public_key_pem: str, data: bytes) -> str:
    """GSTN's public key (PEM, or a certificate's key) encrypts the app key with PKCS#1 v1.5."""
    try:
        key = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
    except ValueError:
        from cryptography import x509

        try:
            key = x509.load_pem_x509_certificate(public_key_pem.encode("ascii")).public_key()
        except ValueError as error:
            raise GstnCryptoError(
                "the GSTN public key is neither a PEM public key nor a certificate"
            ) from error
    return b64(key.encrypt(data, asym_padding.PKCS1v15()))


def rsa_decrypt(private_key: rsa.RSAPrivateKey, text: str) -> bytes:
    try:
        return private_key.decrypt(unb64(text, what="app_key"), asym_padding.PKCS1v15())
    except ValueError as error:
        raise GstnCryptoError("app key cannot be decrypted with this server's private key") from error
