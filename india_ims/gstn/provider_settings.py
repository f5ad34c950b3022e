"""IMS Settings (plain values) -> ``GstnSettings`` for one GSTIN: the provider choice made concrete.

Pure, so the mapping is tested without a bench; ``ims.gstn_link.gstn_settings`` reads the DocTypes
and calls ``build_settings``. A missing value is a ``ValueError`` naming the GSTIN and the field.
"""

from __future__ import annotations

from dataclasses import dataclass

from .adapters import eas_wire
from .adapters.sandbox_api import LIVE_HOST, TEST_HOST
from .certificate import load_certificate
from .settings import DEFAULT_PATHS, GstnSettings

LOCAL_SANDBOX_URL = "http://127.0.0.1:8700/taxpayerapi"


@dataclass(frozen=True)
class Provider:
    label: str
    provider: str  # adapter
    profile: str  # header profile for GSTN pass-through
    passthrough: bool  # GSTN's encryption goes through: the app encrypts, the certificate is needed
    default_url: str | None = None
    paths: dict | None = None
    # Whether the provider publishes IMS's supplier view (our sales with the recipients' actions): the
    # daily schedule asks only those that do, instead of failing a job every day for the others.
    supplier_view: bool = True


PROVIDERS = {
    p.label: p
    for p in (
        Provider("Local sandbox", "gstn", "generic", False, LOCAL_SANDBOX_URL),
        Provider("GSTN via a GSP (generic)", "gstn", "generic", True),
        Provider("Vayana GSP", "gstn", "vayana", True),
        # TP-pub: the GSTN path is appended unchanged to TaxPro's host.
        Provider("TaxPro GSP", "gstn", "taxpro", True, "https://gstapi.charteredinfo.com/taxpayerapi"),
        # IC-base: endpoints such as returns/ims under standard/gstn, without a version segment.
        Provider(
            "India Compliance API (x-api-key)",
            "gstn",
            "x-api-key",
            True,
            "https://asp.resilient.tech/standard/gstn",
            {"authenticate": "authenticate", "ims": "returns/ims", "gstr2b": "returns/gstr2b"},
        ),
        Provider("Sandbox (api.sandbox.co.in)", "sandbox-api", "generic", False),
        # VY-int: solo is Vayana's sandbox, live its production; the EAS encrypts for the app.
        Provider(
            "Vayana Enriched API (EAS)", "vayana-eas", "generic", False, eas_wire.LIVE_HOST,
            supplier_view=False,
        ),
    )
}
EAS_MAX_BODY = 4 * 1024 * 1024  # VY-imsreset: at most 4 MB of JSON a request
DECLARATIONS = {"Y": "Y", "N": "N"}
# The settings' credential names and the GSTIN row's fields that hold them. EAS takes Vayana Network's
# sign-in alone: the organisation, the e-mail handle and its password.
CREDENTIALS = (
    ("api_key", "api_key"),
    ("api_secret", "api_secret"),
    ("aspid", "asp_id"),
    ("asp_secret", "asp_secret"),
    ("session_id", "asp_session_id"),
    ("cust_id", "vayana_customer_id"),
    ("signing_key", "vayana_signing_key"),
)
EAS_CREDENTIALS = (("email", "vayana_email"), ("password", "vayana_password"), ("org_id", "vayana_org_id"))



def parse_headers(text: str | None, *, gstin: str) -> dict[str, str]:
    headers = {}
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        name, colon, value = line.partition(":")
        if not colon or not name.strip():
            raise ValueError(f"GSTIN {gstin}, extra headers, line {number}: {line!r} is not 'Name: value'")
        headers[name.strip()] = value.strip()
    return headers


def build_settings(settings: dict, row: dict, *, request_ip: str | None = None) -> GstnSettings:
    """``settings``: IMS Settings values (passwords decrypted); ``row``: the GSTIN's row, likewise."""
    gstin = row["gstin"]
    label = row.get("provider") or "Local sandbox"
    provider = PROVIDERS.get(label)
    if provider is None:
        raise ValueError(f"GSTIN {gstin}: provider {label!r} is not one of {', '.join(PROVIDERS)}")
    if provider.provider == "sandbox-api":
        base = row.get("provider_base_url") or (
            TEST_HOST if row.get("sandbox_environment") == "test" else LIVE_HOST
        )
    elif provider.provider == "vayana-eas":
        # The environment field's "test" is Vayana's solo (sandbox) environment.
        base = row.get("provider_base_url") or (
            eas_wire.SOLO_HOST if row.get("sandbox_environment") == "test" else eas_wire.LIVE_HOST
        )
    else:
        base = row.get("provider_base_url") or settings.get("gsp_base_url") or provider.default_url
    if not base:
        raise ValueError(f"GSTIN {gstin}: {label} needs its base URL (Provider base URL, or GSP base URL)")
    public_key = None
    if settings.get("gstn_certificate"):
        public_key = load_certificate(settings["gstn_certificate"]).public_key_pem
    if provider.passthrough and not public_key:
        raise ValueError(
            f"GSTIN {gstin}: {label} passes GSTN's encryption through, so IMS Settings needs GSTN's public "
            "key (certificate)"
        )
    encrypt = provider.passthrough or (provider.provider == "gstn" and bool(settings.get("encrypt_payloads")))
    fields = EAS_CREDENTIALS if provider.provider == "vayana-eas" else CREDENTIALS
    credentials = {name: row.get(field) for name, field in fields if row.get(field)}
    declaration = str(settings.get("default_itc_declaration") or "")[:1] or None
    values = {
        "base_url": base,
        "gstin": gstin,
        "username": row.get("portal_username") or gstin,
        "client_id": settings.get("gsp_client_id") or "",
        "client_secret": settings.get("gsp_client_secret") or "",
        "encrypt": encrypt,
        "gstn_public_key": public_key,
        "user_ip": settings.get("user_ip") or request_ip or "127.0.0.1",
        "chunk_records": int(settings.get("upload_chunk_size") or 5000),
        "provider": provider.provider,
        "header_profile": provider.profile,
        "credentials": credentials,
        "extra_headers": parse_headers(row.get("extra_headers"), gstin=gstin),
        "default_itc_declaration": DECLARATIONS.get(declaration) if declaration else None,
        "default_itc_remarks": settings.get("default_itc_remarks") or "ITC not availed on this credit note",
    }
    if provider.paths:
        values["paths"] = {**DEFAULT_PATHS, **provider.paths}
    if provider.provider in ("sandbox-api", "vayana-eas"):
        values["client_id"] = values["client_secret"] = ""
    if provider.provider == "vayana-eas":
        values["max_body_bytes"] = EAS_MAX_BODY
    return GstnSettings(**values)


def offers_supplier_view(label: str | None) -> bool:
    """Whether the provider chosen on a GSTIN's row (its label; empty: the local sandbox) publishes the
    supplier view."""
    provider = PROVIDERS.get(label or "Local sandbox")
    return provider is None or provider.supplier_view
