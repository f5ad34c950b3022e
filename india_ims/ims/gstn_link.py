"""The GSTN client, configured from IMS Settings, with its OTP session kept between jobs.

The session (auth token and keys) is kept encrypted in its own DocType, IMS
GSTN Session (System Manager only), so a cache flush, a migration or a save of
IMS Settings does not log anyone out; an expired or refused session means a
new OTP, which only the user can supply.

Downloads are split in two steps so a queued GETINV never holds a worker:
``start_section`` returns records or a token, and the scheduled follow-up
calls ``fetch_queued`` with it later.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime, timezone

import frappe
from frappe import _
from frappe.utils import convert_utc_to_system_timezone, get_system_timezone
from frappe.utils.password import (
    decrypt,
    delete_all_passwords_for,
    encrypt,
    get_decrypted_password,
    set_encrypted_password,
)

from india_ims.gst_india.documents import ImsRecord, Section
from india_ims.gst_india.payload import transport as wire
from india_ims.gst_india.payload.section_answer import SectionAnswer
from india_ims.gstn.adapter import ImsAdapter, make_client
from india_ims.gstn.provider_settings import LOCAL_SANDBOX_URL, build_settings
from india_ims.gstn.session import SessionState
from india_ims.gstn.settings import GstnSettings

from .constants import GSTN_SESSION, SETTINGS

SANDBOX_URL = LOCAL_SANDBOX_URL
_PENDING_KEY = "india_ims:gstn_otp_pending:{}"
_LAST_IP_KEY = "india_ims:gstn_user_ip:{}"


@dataclass(frozen=True)
class QueuedSection:
    section: Section
    token: str
    wait_minutes: float


def gstin_row(company_gstin: str):
    row = frappe.db.get_value(
        "IMS Settings GSTIN",
        {"parenttype": SETTINGS, "gstin": company_gstin},
        ["company", "gstin", "enabled", "quarterly_filer", "portal_username"],
        as_dict=True,
    )
    if not row:
        frappe.throw(_("GSTIN {0} is not set up in IMS Settings").format(company_gstin))
    return row


_ROW_PASSWORDS = (
    "api_key", "api_secret", "asp_secret", "asp_session_id", "vayana_signing_key", "vayana_password",
)
_ROW_FIELDS = (
    "name",
    "gstin",
    "portal_username",
    "provider",
    "provider_base_url",
    "sandbox_environment",
    "asp_id",
    "vayana_customer_id",
    "vayana_org_id",
    "vayana_email",
    "extra_headers",
)
_SETTINGS_FIELDS = (
    "gsp_base_url",
    "gsp_client_id",
    "encrypt_payloads",
    "upload_chunk_size",
    "user_ip",
    "gstn_certificate",
    "default_itc_declaration",
    "default_itc_remarks",
)


def gstn_settings(company_gstin: str) -> GstnSettings:
    """The GSTIN's provider, credentials (Password fields, decrypted here only) and IMS Settings."""
    settings = frappe.get_cached_doc(SETTINGS)
    gstin_row(company_gstin)
    where = {"parenttype": SETTINGS, "gstin": company_gstin}
    row = frappe.db.get_value("IMS Settings GSTIN", where, list(_ROW_FIELDS), as_dict=True)
    for field in _ROW_PASSWORDS:
        row[field] = get_decrypted_password("IMS Settings GSTIN", row.name, field, raise_exception=False)
    values = {field: settings.get(field) for field in _SETTINGS_FIELDS}
    values["gsp_client_secret"] = settings.get_password("gsp_client_secret", raise_exception=False) or ""
    request_ip = _user_ip(company_gstin)
    try:
        return build_settings(values, row, request_ip=request_ip)
    except ValueError as error:
        frappe.throw(str(error), title=_("IMS Settings"))


def _user_ip(company_gstin: str) -> str | None:
    """The browser request's IP; a background job sends the one last seen for this GSTIN (ip-usr)."""
    key = _LAST_IP_KEY.format(company_gstin)
    current = getattr(frappe.local, "request_ip", None)
    if current:
        frappe.cache.set_value(key, current, expires_in_sec=30 * 86400)
        return current
    return frappe.cache.get_value(key)


def _session_name(company_gstin: str) -> str | None:
    return frappe.db.get_value(GSTN_SESSION, {"company_gstin": company_gstin}, "name")


def _load_state(company_gstin: str) -> SessionState | None:
    """The OTP session, kept encrypted in the database: cache flushes, migrations and settings
    saves do not log out."""
    name = _session_name(company_gstin)
    if not name:
        return None
    text = get_decrypted_password(GSTN_SESSION, name, "session", raise_exception=False)
    return SessionState.from_dict(json.loads(text)) if text else None


def valid_until(expires_at: float) -> datetime:
    """An epoch expiry as the site's wall-clock time (naive, as Frappe stores Datetime fields)."""
    utc = datetime.fromtimestamp(expires_at, tz=timezone.utc)
    return convert_utc_to_system_timezone(utc).replace(tzinfo=None)


def _save_state(company_gstin: str, state: SessionState | None) -> None:
    name = _session_name(company_gstin)
    if state is None:
        if name:
            delete_all_passwords_for(GSTN_SESSION, name)
            frappe.db.set_value(GSTN_SESSION, name, "valid_until", None, update_modified=False)
        return
    if name:
        current = _load_state(company_gstin)
        if current is not None and current.to_dict() == state.to_dict():
            return  # unchanged: no write on every job
    else:
        doc = frappe.get_doc(
            {
                "doctype": GSTN_SESSION,
                "company": gstin_row(company_gstin).company,
                "company_gstin": company_gstin,
            }
        )
        doc.insert(ignore_permissions=True)
        name = doc.name
    set_encrypted_password(GSTN_SESSION, name, json.dumps(state.to_dict()), "session")
    until = valid_until(state.expires_at)
    frappe.db.set_value(GSTN_SESSION, name, "valid_until", until, update_modified=False)


def forget_session(company_gstin: str) -> None:
    """GSTN refused the session (AUTH4033/4038 or a provider's equivalent): drop it now and commit,
    so the next call asks for an OTP instead of retrying a dead token for hours."""
    _save_state(company_gstin, None)
    frappe.db.commit()


def client(company_gstin: str) -> ImsAdapter:
    """The provider's adapter (``india_ims.gstn.adapter``) for the GSTIN, with its kept session."""
    return make_client(gstn_settings(company_gstin), session_state=_load_state(company_gstin))


def keep_session(company_gstin: str, gstn: ImsAdapter) -> None:
    """Store the session back: a call may have refreshed it, or GSTN may have ended it."""
    _save_state(company_gstin, gstn.session.state)


def request_otp(company_gstin: str) -> None:
    gstn = client(company_gstin)
    gstn.request_otp()
    # Between OTPREQUEST and AUTHTOKEN the client keeps its app key: keep it for the next call,
    # encrypted with the site's key like the session itself (the cache is shared and unencrypted).
    frappe.cache.set_value(
        _PENDING_KEY.format(company_gstin),
        encrypt(json.dumps({"app_key": _b64(gstn.session.pending_app_key)})),
        expires_in_sec=900,
    )


def login(company_gstin: str, otp: str) -> float:
    """AUTHTOKEN with the OTP; returns the session's expiry (epoch seconds)."""
    gstn = client(company_gstin)
    pending = frappe.cache.get_value(_PENDING_KEY.format(company_gstin))
    if pending:
        gstn.session.pending_app_key = _unb64(json.loads(decrypt(pending)).get("app_key"))
    state = gstn.login(otp)
    frappe.cache.delete_value(_PENDING_KEY.format(company_gstin))
    _save_state(company_gstin, state)
    return state.expires_at


def session_valid(company_gstin: str) -> bool:
    state = _load_state(company_gstin)
    return bool(state and state.expires_at > time.time())


def session_status(company_gstin: str) -> dict:
    """Logged in or not, and until when in the site's time zone (what the toolbar shows)."""
    state = _load_state(company_gstin)
    logged_in = bool(state and state.expires_at > time.time())
    until = valid_until(state.expires_at) if logged_in else None
    return {
        "logged_in": logged_in,
        "valid_until": until.strftime("%Y-%m-%d %H:%M:%S") if until else None,
        "valid_until_time": until.strftime("%H:%M") if until else None,
        "time_zone": get_system_timezone(),
    }


def _b64(raw: bytes | None) -> str | None:
    import base64

    return base64.b64encode(raw).decode() if raw else None


def _unb64(text: str | None) -> bytes | None:
    import base64

    return base64.b64decode(text) if text else None


def start_section(gstn: ImsAdapter, section: Section) -> list[ImsRecord] | QueuedSection:
    """GETINV for one section: its records, or GSTN's token when it queued the request."""
    result = gstn.start_section(section)
    if isinstance(result, wire.Queued):
        return QueuedSection(section, result.token, result.wait_minutes)
    return result


def read_section(gstn: ImsAdapter, section: Section) -> SectionAnswer | QueuedSection:
    """``start_section`` with the records read when first wanted and the answer's fingerprint
    (``section_answer``): a download leaves a section exactly as last time unread."""
    result = gstn.read_section(section)
    if isinstance(result, wire.Queued):
        return QueuedSection(section, result.token, result.wait_minutes)
    return result


def fetch_queued(gstn: ImsAdapter, queued: QueuedSection) -> SectionAnswer | QueuedSection:
    """FILEDET for a token: the answer when GSTN has prepared it (its records read when first
    wanted, as ``read_section``'s), else the token again."""
    result = gstn.read_queued(wire.Queued(queued.token, queued.wait_minutes), [queued.section])
    if isinstance(result, wire.Queued):
        return QueuedSection(queued.section, result.token, result.wait_minutes)
    return result
