"""The headers each provider adds to GSTN's own (providers.md 2.1-2.3), one profile per provider.

GSTN's headers (spec 1.1) go on every pass-through call; a profile adds what the GSP asks for. What a
provider's public pages leave open is a setting, never a guess: a missing credential is an error
naming it before anything is sent.

- ``generic``: GSTN's headers only; ``clientid``/``client-secret`` when set (an empty one is omitted).
- ``vayana``: Vayana GSP's ``X-Asp-Auth-Token`` (``v2.0:<cust_id>:<client_id>:<txn>:<timestamp
  +0530>:<gstin>:<api_action>``, VG-tok) and ``X-Asp-Auth-Signature``. The pages stored do not show
  the signing algorithm; this signs with the ASP's RSA private key (PKCS#1 v1.5, SHA-256, base64),
  which the README marks as to be confirmed with Vayana.
- ``taxpro``: TaxPro's ``aspid``, ``asp-secret``, ``session-id`` and ``appver`` (TP-pub). The
  ``asp-secret`` is the ASP password encrypted with the key of TaxPro's GetKey call; that step is not
  public, so the value is entered as TaxPro issues it.
- ``x-api-key``: one ``x-api-key`` header (the India Compliance API, IC-base).
"""

from __future__ import annotations

import base64
import functools
from datetime import datetime, timedelta, timezone

IST = timezone(timedelta(hours=5, minutes=30))

PROFILES = ("generic", "vayana", "taxpro", "x-api-key")

# Credentials each profile needs (any one of a tuple), by the names the settings use.
REQUIRED = {
    "generic": (),
    "vayana": (("cust_id", "client_id"), ("signing_key",)),
    "taxpro": (("aspid",), ("asp_secret",)),
    "x-api-key": (("api_key",),),
}
SANDBOX_API_REQUIRED = (("api_key",), ("api_secret",))
VAYANA_EAS_REQUIRED = (("org_id",), ("email",), ("password",))

LABELS = {
    "cust_id": "Vayana customer id",
    "client_id": "GSP client id",
    "signing_key": "ASP private key for the Vayana signature (PEM)",
    "aspid": "TaxPro ASP id",
    "asp_secret": "TaxPro ASP secret",
    "api_key": "API key",
    "api_secret": "API secret",
    "org_id": "Vayana organisation id",
    "email": "Vayana login e-mail",
    "password": "Vayana password",
}


def _credential(settings, name: str) -> str:
    if name == "client_id":
        return settings.credentials.get("client_id") or settings.client_id or ""
    return settings.credentials.get(name) or ""


def check_credentials(settings) -> None:
    """Refuse settings a provider would refuse, naming what is missing."""
    if settings.provider == "sandbox-api":
        required = SANDBOX_API_REQUIRED
        if settings.encrypt:
            raise ValueError("Sandbox (api.sandbox.co.in) encrypts for you: turn payload encryption off")
        where = "Sandbox (api.sandbox.co.in)"
    elif settings.provider == "vayana-eas":
        required = VAYANA_EAS_REQUIRED
        if settings.encrypt:
            raise ValueError("Vayana EAS encrypts for you: turn payload encryption off")
        where = "Vayana Enriched API (EAS)"
    else:
        if settings.header_profile not in PROFILES:
            raise ValueError(
                f"header profile {settings.header_profile!r} is not one of {', '.join(PROFILES)}"
            )
        required = REQUIRED[settings.header_profile]
        where = f"the {settings.header_profile} provider profile"
    for names in required:
        if not any(_credential(settings, name) for name in names):
            wanted = " or ".join(LABELS.get(name, name) for name in names)
            raise ValueError(f"{where} needs the {wanted} for GSTIN {settings.gstin}")


def gstn_headers(
    settings,
    *,
    transaction_id: str,
    auth_token: str | None,
    return_period: str | None,
) -> dict[str, str]:
    """GSTN's returns-API headers (spec 1.1); GSP credentials only when configured."""
    headers = {
        "Content-Type": "application/json",
        "Accept": "application/json",
        "gstin": settings.gstin,
        "state-cd": settings.gstin[:2],
        "username": settings.username,
        "txn": transaction_id,
        "ip-usr": settings.user_ip,
    }
    if settings.client_id:
        headers["clientid"] = settings.client_id
    if settings.client_secret:
        headers["client-secret"] = settings.client_secret
    if auth_token:
        headers["auth-token"] = auth_token
    if return_period:
        headers["ret_period"] = return_period
    return headers


def provider_headers(settings, *, transaction_id: str, action: str, now: float) -> dict[str, str]:
    """The profile's own headers for one call (``action`` is GSTN's action code)."""
    profile = settings.header_profile
    creds = settings.credentials
    if profile == "vayana":
        token = vayana_token(
            cust_id=creds.get("cust_id", ""),
            client_id="" if creds.get("cust_id") else _credential(settings, "client_id"),
            transaction_id=transaction_id,
            when=datetime.fromtimestamp(now, IST),
            gstin=settings.gstin,
            action=action,
        )
        return {"X-Asp-Auth-Token": token, "X-Asp-Auth-Signature": vayana_sign(creds["signing_key"], token)}
    if profile == "taxpro":
        headers = {"aspid": creds["aspid"], "asp-secret": creds["asp_secret"]}
        if creds.get("session_id"):
            headers["session-id"] = creds["session_id"]
        headers["appver"] = creds.get("appver") or "1.0"
        return headers
    if profile == "x-api-key":
        return {"x-api-key": creds["api_key"]}
    return {}


def vayana_token(
    *, cust_id: str, client_id: str, transaction_id: str, when: datetime, gstin: str, action: str
) -> str:
    """VG-tok: a customer id leaves the client id empty, and the other way round."""
    stamp = when.astimezone(IST).strftime("%Y%m%d%H%M%S") + "+0530"
    return ":".join(("v2.0", cust_id, client_id, transaction_id, stamp, gstin, action))


@functools.lru_cache(maxsize=8)
def _signing_key(private_key_pem: str):
    """Loading a PEM key checks it, which costs more than signing: once per key, not per call."""
    from cryptography.hazmat.primitives import serialization

    try:
        return serialization.load_pem_private_key(private_key_pem.encode("ascii"), password=None)
    except (ValueError, TypeError) as error:
        raise ValueError("the ASP private key for the Vayana signature is not a PEM private key") from error


def vayana_sign(private_key_pem: str, token: str) -> str:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import padding

    signature = _signing_key(private_key_pem).sign(token.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(signature).decode("ascii")


def vayana_verify(public_key_pem: str, token: str, signature: str) -> bool:
    """The sandbox's check of a Vayana signature."""
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding

    key = serialization.load_pem_public_key(public_key_pem.encode("ascii"))
    try:
        key.verify(base64.b64decode(signature), token.encode("ascii"), padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError):
        return False
    return True
