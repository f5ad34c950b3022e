"""Connection settings, passed in as a plain object (the Frappe layer fills it from IMS Settings)."""

from __future__ import annotations

from dataclasses import dataclass, field

# India Compliance's GSTR-2B polling schedule, reused for REQSTS and GENSTS2B (spec 2.1, step 5).
DEFAULT_POLL_DELAYS = (2.0, 3.0, 15.0, 30.0, 60.0, 120.0, 300.0, 600.0, 720.0)
DEFAULT_RETRY_DELAYS = (1.0, 2.0, 5.0, 10.0)

DEFAULT_PATHS = {
    "authenticate": "v1.0/authenticate",
    "ims": "v1.0/returns/ims",
    # One C# client uses v2.0 for GET2B and v4.0 for GEN2B; a GSP usually hides the difference.
    "gstr2b": "v4.0/returns/gstr2b",
}


# GSTN supplier-view actions: SUPVIEW is named by one source (spec 1.2); the added-back liabilities
# action is named by none, so it stays unset until the GSP says (the local sandbox sets its own).
DEFAULT_ACTIONS: dict[str, str | None] = {"supplier_view": "SUPVIEW", "added_back": None}
PROVIDERS = ("gstn", "sandbox-api", "vayana-eas")


@dataclass(frozen=True)
class GstnSettings:
    """Everything the client needs to reach GSTN through a GSP, for one taxpayer GSTIN.

    ``encrypt`` turns on GSTN's own payload encryption (spec 1.1) for GSPs that pass it through; it
    needs ``gstn_public_key`` (PEM) to wrap the app key. With ``encrypt`` off the GSP encrypts.
    """

    base_url: str
    gstin: str
    username: str
    client_id: str = ""
    client_secret: str = ""
    encrypt: bool = False
    gstn_public_key: str | None = None
    user_ip: str = "127.0.0.1"
    timeout: float = 60.0
    retry_delays: tuple[float, ...] = DEFAULT_RETRY_DELAYS
    poll_delays: tuple[float, ...] = DEFAULT_POLL_DELAYS
    chunk_records: int = 5000
    max_body_bytes: int = 5 * 1024 * 1024
    refresh_margin_seconds: float = 300.0
    paths: dict[str, str] = field(default_factory=lambda: dict(DEFAULT_PATHS))
    extra_headers: dict[str, str] = field(default_factory=dict)
    # Which adapter speaks to the provider: "gstn" (GSTN's protocol through a GSP), "sandbox-api" or
    # "vayana-eas" (Vayana's Enriched API Services).
    provider: str = "gstn"
    # For "gstn": the provider's extra headers (adapters.headers.PROFILES).
    header_profile: str = "generic"
    # Provider credentials by name (api_key, api_secret, aspid, asp_secret, session_id, cust_id, ...).
    credentials: dict[str, str] = field(default_factory=dict)
    # GSTN action codes no public source names for sure; None: not configured, the call refuses to guess.
    actions: dict[str, str | None] = field(default_factory=lambda: dict(DEFAULT_ACTIONS))
    # The taxpayer's IMS records may keep an Accept of a credit note without a declaration only with a
    # default: "Y" (full reversal) or "N" (ITC not availed, with ``default_itc_remarks``); None: refuse.
    default_itc_declaration: str | None = None
    default_itc_remarks: str = "ITC not availed on this credit note"

    def __post_init__(self):
        if not self.base_url:
            raise ValueError("GSTN base URL is empty")
        if len(self.gstin) != 15:
            raise ValueError(f"GSTIN {self.gstin!r} is not 15 characters")
        if not self.username:
            raise ValueError(f"no GST portal username for {self.gstin}")
        if self.encrypt and not self.gstn_public_key:
            raise ValueError("payload encryption needs GSTN's public key (gstn_public_key)")
        if self.chunk_records < 1:
            raise ValueError("chunk_records must be at least 1")
        if self.provider not in PROVIDERS:
            raise ValueError(f"provider {self.provider!r} is not one of {', '.join(PROVIDERS)}")
        if self.default_itc_declaration not in (None, "Y", "N"):
            raise ValueError(
                f"default ITC declaration {self.default_itc_declaration!r} is not Y (full reversal) "
                "or N (ITC not availed)"
            )
        from .adapters.headers import check_credentials

        check_credentials(self)

    def url(self, endpoint: str) -> str:
        return self.base_url.rstrip("/") + "/" + self.paths.get(endpoint, endpoint).lstrip("/")
