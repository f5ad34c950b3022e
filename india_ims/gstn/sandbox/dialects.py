"""The dialects the sandbox speaks (``india-ims sandbox --dialect``), and the provider side of each.

- ``gstn``: GSTN's protocol as the app has always spoken it (any GSP-style prefix, no GSP headers).
- ``vayana``, ``taxpro``, ``x-api-key``: the same protocol behind a pass-through GSP that checks its own
  headers (a wrong or missing one is HTTP 401) and, like GSTN, refuses an OTP request without an app
  key.
- ``sandbox-api``: Sandbox's REST API (``rest_api``).
- ``vayana-eas``: Vayana's Enriched API Services, with its long-running tasks (``eas_api``).

Also the supplier view in GSTN's protocol: ``SUPVIEW`` (spec 1.2) and the added-back liabilities under
``ADDED_BACK_ACTION``, a name of this sandbox's own since GSTN has published none.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...gst_india.errors import PayloadError
from .. import crypto
from ..adapters import headers as provider_headers
from ..adapters import supplier_wire
from .portal import PortalError

DIALECTS = ("gstn", "vayana", "taxpro", "x-api-key", "sandbox-api", "vayana-eas")
# Dialects that are the provider's own REST API: the provider encrypts, the app sends plain JSON.
REST_DIALECTS = ("sandbox-api", "vayana-eas")
PASS_THROUGH = ("vayana", "taxpro", "x-api-key")
ADDED_BACK_ACTION = "ADDBACKLIAB"

SUPPLIER_ACTIONS = {("ims", "SUPVIEW"), ("ims", ADDED_BACK_ACTION)}

# Test credentials the sandbox accepts (printed by ``india-ims sandbox``).
TEST_CREDENTIALS = {
    "taxpro": {"aspid": "sandbox-asp", "asp_secret": "sandbox-asp-secret", "session_id": "sandbox-session"},
    "x-api-key": {"api_key": "key_test_sandbox"},
    "vayana": {"cust_id": "sandbox-customer"},
    "sandbox-api": {"api_key": "key_test_sandbox", "api_secret": "secret_test_sandbox"},
    "vayana-eas": {"org_id": "sandbox-org", "email": "sandbox@example.com", "password": "sandbox-password"},
}


@dataclass
class ProviderCredentials:
    dialect: str
    credentials: dict[str, str] = field(default_factory=dict)
    verify_key: str | None = None  # Vayana: the public half of the ASP's signing key

    @classmethod
    def for_dialect(cls, dialect: str, private_key=None) -> ProviderCredentials:
        creds = dict(TEST_CREDENTIALS.get(dialect, {}))
        verify_key = None
        if dialect == "vayana":
            signing = private_key or crypto.generate_rsa_private_key()
            creds["signing_key"] = crypto.private_pem(signing)
            verify_key = crypto.public_pem(signing)
        return cls(dialect, creds, verify_key)

    def settings_values(self) -> dict:
        """What a client needs in its settings to pass this provider's checks."""
        if self.dialect == "sandbox-api":
            return {"provider": "sandbox-api", "credentials": dict(self.credentials), "encrypt": False}
        if self.dialect == "vayana-eas":
            from ..provider_settings import EAS_MAX_BODY
            from ..settings import DEFAULT_PATHS
            from .eas_api import COUNTS_PATH

            # EAS publishes no count call: the sandbox serves one of its own and names it here.
            return {
                "provider": "vayana-eas",
                "credentials": dict(self.credentials),
                "encrypt": False,
                "max_body_bytes": EAS_MAX_BODY,
                "paths": {**DEFAULT_PATHS, "eas:counts": COUNTS_PATH},
            }
        profile = self.dialect if self.dialect in PASS_THROUGH else "generic"
        return {"provider": "gstn", "header_profile": profile, "credentials": dict(self.credentials)}

    def check(self, headers) -> str | None:
        """Why the provider refuses these headers (None: accepted)."""
        lower = {str(k).lower(): str(v) for k, v in headers.items()}
        creds = self.credentials
        if self.dialect == "x-api-key":
            return None if lower.get("x-api-key") == creds["api_key"] else "invalid or missing x-api-key"
        if self.dialect == "taxpro":
            if lower.get("aspid") != creds["aspid"] or lower.get("asp-secret") != creds["asp_secret"]:
                return "invalid aspid or asp-secret"
            if not lower.get("appver"):
                return "appver header missing"
            return None
        if self.dialect == "vayana":
            return _check_vayana(lower, creds, self.verify_key)
        return None


def _check_vayana(lower: dict, creds: dict, verify_key: str | None) -> str | None:
    token = lower.get("x-asp-auth-token", "")
    parts = token.split(":")
    if len(parts) != 7 or parts[0] != "v2.0":
        return "X-Asp-Auth-Token missing or not v2.0:<cust_id>:<client_id>:<txn>:<timestamp>:<gstin>:<action>"
    _, cust_id, client_id, txn, stamp, gstin, action = parts
    if cust_id != creds["cust_id"] or client_id:
        return "X-Asp-Auth-Token: unknown customer id (a customer id leaves the client id empty)"
    if txn != lower.get("txn") or gstin != lower.get("gstin") or not action:
        return "X-Asp-Auth-Token does not match the txn and gstin headers, or names no action"
    if len(stamp) != 19 or not stamp.endswith("+0530") or not stamp[:14].isdigit():
        return "X-Asp-Auth-Token: timestamp is not YYYYMMDDHHMMSS+0530"
    if not provider_headers.vayana_verify(verify_key, token, lower.get("x-asp-auth-signature", "")):
        return "X-Asp-Auth-Signature does not verify"
    return None


def supplier_view(server, action: str, names: dict) -> dict:
    """SUPVIEW and the added-back liabilities, from the recipients' portals."""
    period = str(names.get("return_period") or "")
    if len(period) != 6 or not period.isdigit():
        raise PortalError("IMS_BAD_REQUEST", f"ret_period {period!r} is not MMYYYY")
    gstin = server.portal.config.gstin
    if action == ADDED_BACK_ACTION:
        rows = server.supplier.added_back(period)
        if not rows:
            raise PortalError(
                "IMS0027", "No added back liability records available for the selected input criteria"
            )
        return supplier_wire.build_added_back(gstin, period, rows)
    return_type = str(names.get("return_type") or "GSTR1").upper()
    if return_type not in supplier_wire.RETURN_KEYS:
        raise PortalError("IMS_BAD_REQUEST", f"rtn_typ {return_type!r} is not GSTR1 or GSTR1A")
    try:
        sections = supplier_wire.sections_of_param(names.get("section"))
    except PayloadError as error:
        raise PortalError("IMS_BAD_REQUEST", str(error)) from None
    sales = server.supplier.sales(period, return_type, sections)
    if not sales:
        raise PortalError("RET11416", f"no {return_type} sales in {period} for these sections")
    return supplier_wire.build_sales(gstin, period, return_type, sales)
