"""Vayana's Enriched API Services (EAS) for IMS and GSTR-2B (providers.md 2.1(a)).

EAS does GSTN's encryption and file downloads itself: the app sends plain JSON. Two logins: Vayana's
own (an e-mail handle and password give a user token, sent with the organisation id on every call,
taken again before it ends or when EAS says it expired), and the taxpayer's GST session through
EAS's pass-through ``authenticate`` (OTPREQUEST gives an ``otp-request-id`` that AUTHTOKEN carries
with the OTP). IMS downloads, saves and resets are long-running tasks (``eas_tasks``): a task id,
its status polled on the backoff schedule, then its result (a page count, then each page, merged
in order). GSTR-2B goes through the basic (pass-through) route with GSTN's own query parameters.
HTTP 429 is backed off (``Transport.send``); 401/403 say to check the Vayana credentials.

What EAS's pages leave open is a setting or a refusal, each listed in the README: the save route
(``ims-invoice-status-save`` assumed), no count call (refused unless ``paths["eas:counts"]`` names
one), the first page's number (0 unless ``credentials["first_page"]``), a save's task result read as
GSTN's request status, GSTR-2B regeneration and the session refresh through the same pass-through
routes with GSTN's actions, and no supplier view (refused).
"""

from __future__ import annotations

import hashlib
import threading

from ...gst_india.documents import ImsRecord, Section
from ...gst_india.errors import PayloadError
from ...gst_india.payload import ims as ims_wire
from ...gst_india.payload import ims_status
from ...gst_india.payload import transport as wire
from ..adapter import AddedBackLiability, ImsAdapter, SupplierSale
from ..clock import SystemClock
from ..errors import (
    GstnAuthError,
    GstnError,
    GstnProviderRefused,
    GstnSessionExpired,
    GstnTransportError,
    api_error,
)
from ..session import SessionState
from ..transport import Transport
from . import eas_wire
from .eas_tasks import TaskPoller

LIVE_HOST, SOLO_HOST = eas_wire.LIVE_HOST, eas_wire.SOLO_HOST
TOKEN_MINUTES = 360  # VY-onb: the longest a user token may be asked for
GST_SESSION_MINUTES = 360  # GSTN's session, when the answer states none
CREDENTIALS_HINT = (
    "check Vayana organisation id, Vayana login e-mail and Vayana password on the GSTIN's row in IMS Settings"
)

# User tokens by (login URL, handle, organisation, password digest), shared by the adapters of one
# process: EAS allows a user ten live tokens (VY-onb), so each new adapter must not take its own.
_TOKENS: dict[tuple[str, str, str, str], tuple[str, float]] = {}
_TOKENS_LOCK = threading.Lock()


class EasSession:
    """The GST session, shaped like ``session.Session`` for the callers that keep it. Between the OTP
    request and the login EAS's ``otp-request-id`` is kept where the GSTN client keeps its app key
    (``pending_app_key``), so the Frappe layer carries it between the two web requests unchanged."""

    def __init__(self, state: SessionState | None):
        self.state = state
        self.otp_request_id: str | None = None

    @property
    def pending_app_key(self) -> bytes | None:
        return self.otp_request_id.encode() if self.otp_request_id else None

    @pending_app_key.setter
    def pending_app_key(self, value: bytes | None) -> None:
        self.otp_request_id = value.decode() if value else None

    def expire(self) -> None:
        self.state = None


class VayanaEasClient(ImsAdapter):
    def __init__(self, settings, *, clock=None, http=None, session_state: SessionState | None = None):
        self.settings = settings
        self.clock = clock or SystemClock()
        self.transport = Transport(settings, self.clock, http)
        self.session = EasSession(session_state)
        self.tasks = TaskPoller(self)
        self.logins = 0  # Vayana logins made by this adapter (tests read it)
        creds = settings.credentials
        self.first_page = _whole(creds.get("first_page") or 0, "first page number")
        self.token_minutes = min(_whole(creds.get("token_minutes") or TOKEN_MINUTES, "token minutes"), 360)

    # ---------------------------------------------------------------- HTTP

    def _url(self, name: str, **parts) -> str:
        path = self.settings.paths.get("eas:" + name) or eas_wire.PATHS[name]
        if not path:
            raise GstnError(
                f"Vayana EAS publishes no {name} call; if Vayana names one, set it in the settings' "
                f"paths as 'eas:{name}'"
            )
        path = path.format(**parts)
        if path.startswith(("http://", "https://")):
            return path
        base = self.settings.base_url.rstrip("/")
        if name == "authtokens":
            base = self.settings.credentials.get("auth_host") or eas_wire.AUTH_HOSTS.get(base, base)
        return base.rstrip("/") + path

    def _token_key(self) -> tuple[str, str, str, str]:
        creds = self.settings.credentials
        digest = hashlib.sha256(creds["password"].encode()).hexdigest()
        return (self._url("authtokens"), creds["email"], creds["org_id"], digest)

    def _user_token(self, *, fresh: bool = False) -> str:
        key = self._token_key()
        with _TOKENS_LOCK:
            held = None if fresh else _TOKENS.get(key)
        if held and self.clock.now() < held[1] - self.settings.refresh_margin_seconds:
            return held[0]
        creds = self.settings.credentials
        body = eas_wire.login_body(creds["email"], creds["password"], self.token_minutes)
        try:
            reply = self.transport.send(
                "POST", self._url("authtokens"), headers=eas_wire.headers(creds["org_id"], None),
                json_body=body, idempotent=True,
            )
        except GstnProviderRefused as error:
            raise GstnProviderRefused(error.status, _detail(error), url=self._url("authtokens")) from None
        ok, data, (code, message) = eas_wire.read_answer(reply)
        token, stated, orgs = eas_wire.login_token(data) if ok else (None, None, [])
        if not token:
            raise GstnAuthError(code or None, message or "Vayana returned no user token; " + CREDENTIALS_HINT,
                                action="Vayana login")
        if orgs and creds["org_id"] not in orgs:
            raise GstnAuthError(
                None,
                f"the Vayana user is not in organisation {creds['org_id']!r} (it is in {', '.join(orgs)})",
                action="Vayana login",
            )
        expires = self.clock.now() + self.token_minutes * 60
        if isinstance(stated, (int, float)) and self.clock.now() < stated / 1000.0 < expires:
            expires = stated / 1000.0  # epoch milliseconds, when the answer states them
        self.logins += 1
        with _TOKENS_LOCK:
            _TOKENS[key] = (token, expires)
        return token

    def platform_check(self) -> str:
        self._user_token(fresh=True)
        return (
            "Vayana accepted the organisation id, e-mail and password "
            f"(user token, valid {self.token_minutes} minutes)"
        )

    def _call(self, method: str, name: str, what: str, *, params=None, body=None, action=None, **parts):
        """One EAS exchange; its ``data``. An expired or invalid user token is taken again once."""
        url = self._url(name, **parts)
        for attempt in (1, 2):
            token = self._user_token(fresh=attempt == 2)
            headers = eas_wire.headers(self.settings.credentials["org_id"], token)
            headers.update(eas_wire.gstn_identity(self.settings.gstin, self.settings.username))
            if action:
                headers[eas_wire.ACTION_HEADER] = action
            headers.update(self.settings.extra_headers)
            try:
                # Logins and reads are safe to repeat; a save or reset is not (the uploader asks GSTN).
                reply = self.transport.send(
                    method, url, headers=headers, params=params, json_body=body,
                    idempotent=method == "GET" or name == "authenticate",
                )
            except GstnProviderRefused as error:
                if error.status == 403 and attempt == 1 and error.detail.lower() in eas_wire.TOKEN_ERRORS:
                    continue  # refused before anything was done: the same request may go again
                raise GstnProviderRefused(error.status, _detail(error), url=url) from None
            except GstnTransportError as error:
                if error.status == 404:
                    raise GstnError(
                        f"{what}: Vayana has no route {url} (HTTP 404); set the right one in the settings' "
                        f"paths as 'eas:{name}'"
                    ) from None
                raise
            ok, data, (code, message) = eas_wire.read_answer(reply)
            if ok:
                return data
            raised = api_error(code or None, message or None, action=what)
            if isinstance(raised, GstnSessionExpired):
                self.session.expire()
            raise raised
        raise AssertionError("unreachable")  # pragma: no cover

    def _get(self, name: str, what: str, *, params=None, **parts):
        return self._call("GET", name, what, params=params, **parts)

    # ---------------------------------------------------------------- the GST session

    def _gst(self) -> None:
        """A live GST session (refreshed when it nears its end); none or an ended one is said so."""
        state = self.session.state
        if state is None:
            raise GstnSessionExpired(
                None, "not logged in to GSTN through Vayana EAS; request an OTP and log in"
            )
        left = state.expires_at - self.clock.now()
        if left <= 0:
            self.session.expire()
            raise GstnSessionExpired("AUTH4038", None)
        if left <= self.settings.refresh_margin_seconds:
            self.refresh()

    def request_otp(self) -> None:
        s = self.settings
        body = eas_wire.otp_request(s.gstin, s.username)
        data = self._call("POST", "authenticate", "OTPREQUEST", body=body, action="OTPREQUEST")
        self.session.otp_request_id = eas_wire.otp_request_id(data)

    def login(self, otp: str) -> SessionState:
        s = self.settings
        body = eas_wire.auth_token_request(s.gstin, s.username, str(otp), self.session.otp_request_id)
        state = self._open(self._call("POST", "authenticate", "AUTHTOKEN", body=body, action="AUTHTOKEN"),
                           "AUTHTOKEN")
        self.session.otp_request_id = None
        return state

    def refresh(self) -> SessionState:
        state = self.session.state
        if state is None or self.clock.now() >= state.expires_at:
            self.session.expire()
            raise GstnSessionExpired("AUTH4038", None, action="REFRESHTOKEN")
        body = eas_wire.refresh_request(self.settings.gstin, self.settings.username, state.auth_token)
        data = self._call("POST", "authenticate", "REFRESHTOKEN", body=body, action="REFRESHTOKEN")
        return self._open(data, "REFRESHTOKEN")

    def _open(self, data: object, what: str) -> SessionState:
        """GSTN's own answer, passed through: its token and minutes (6 hours when it states none)."""
        try:
            reply = wire.parse_auth_reply(data)
        except PayloadError as error:
            raise GstnAuthError(None, f"Vayana opened no GST session: {error}", action=what) from None
        minutes = reply.expiry_minutes or GST_SESSION_MINUTES
        self.session.state = SessionState(reply.auth_token, self.clock.now() + minutes * 60)
        return self.session.state

    # ---------------------------------------------------------------- IMS

    def get_counts(self) -> ims_status.Counts:
        self._url("counts")  # refuses, naming the setting, while no count call is known
        self._gst()
        params = wire.build_query(action="GETCNT", gstin=self.settings.gstin, goods_type="ALL_OTH")
        return ims_status.parse_counts(_object(self._get("counts", "GETCNT", params=params), "GETCNT"))

    def start_section(self, section: Section) -> list[ImsRecord]:
        """The section through one download task: every page read and merged in page order."""
        self._gst()
        what = f"IMS download of {section.label} ({section.value})"
        data = self._get("invoices", what, params=eas_wire.section_query(ims_wire.SECTION_PARAM[section]))
        task = eas_wire.task_id(data)
        if not task:
            raise GstnTransportError(f"{what}: Vayana answered without a task id")
        self.tasks.wait(task, what)
        records: list[ImsRecord] = []
        seen: dict[tuple, int] = {}
        for number, page in enumerate(self.tasks.pages(task, what), start=self.first_page):
            if not page:
                continue
            try:
                found = ims_wire.parse_getinv(page, sections=[section])
            except PayloadError as error:
                raise GstnError(f"{what}, page {number}: {error}") from None
            for record in found:
                if record.key in seen:
                    raise GstnError(
                        f"{what}: document {record.document_number} of {record.supplier_gstin} is on page "
                        f"{seen[record.key]} and again on page {number}; the download was refused rather "
                        "than guessed at. Download again"
                    )
                seen[record.key] = number
            records.extend(found)
        return records

    def fetch_queued(self, queued: wire.Queued, sections: list[Section]):
        raise GstnError("Vayana EAS downloads GSTN's files itself: there is no queued download to fetch")

    def submit(self, request_type: str, body: dict) -> str:
        self._gst()
        name = {"SAVE": "save", "RESET": "reset"}[request_type]
        task = eas_wire.task_id(self._call("PUT", name, request_type, body=body))
        if not task:
            raise GstnTransportError(
                f"{request_type}: Vayana answered without a reference id", outcome_unknown=True
            )
        return task

    def request_status(self, reference_id: str) -> ims_status.RequestStatus:
        """The save's task: running is GSTN's IP; once completed its result is GSTN's request status."""
        if not self.tasks.state(reference_id, "REQSTS"):
            return ims_status.RequestStatus("IP")
        return ims_status.parse_request_status(_object(self.tasks.result(reference_id, "REQSTS"), "REQSTS"))

    # ---------------------------------------------------------------- GSTR-2B (basic pass-through)

    def _gstr2b(self, method: str, what: str, body=None, **query) -> object:
        self._gst()
        params = {**wire.build_query(**query), eas_wire.RETURN_TYPE: eas_wire.GSTR2B_RETURN}
        return self._call(method, "gstr2b", what, params=params, body=body)

    def generate_2b(self, period: str) -> str:
        body = wire.request_envelope("GEN2B", wire.build_gen2b(self.settings.gstin, period))
        return wire.parse_reference(self._gstr2b("PUT", "GEN2B", body, action="GEN2B"))

    def generation_status(self, reference_id: str, period: str) -> wire.GenerationStatus:
        data = self._gstr2b("GET", "GENSTS2B", action="GENSTS2B", gstin=self.settings.gstin,
                            reference_id=reference_id)
        return wire.parse_generation_status(_object(data, "GENSTS2B"))

    def get_2b_pages(self, period: str) -> list[dict]:
        def page(number=None) -> dict:
            data = self._gstr2b("GET", "GET2B", action="GET2B", gstin=self.settings.gstin, period=period,
                                file_number=number)
            return _object(data, f"GET2B file {number}" if number else "GET2B")

        first = page()
        count = wire.file_count_of(first)
        return [first] if count == 1 else [page(number) for number in range(1, count + 1)]

    # ---------------------------------------------------------------- supplier view: not published

    def supplier_sales(self, period: str) -> list[SupplierSale]:
        raise GstnError(
            "Vayana EAS publishes no supplier view of IMS (our sales with the recipients' actions); "
            "use another provider for this GSTIN's supplier view"
        )

    def added_back_liabilities(self, period: str) -> list[AddedBackLiability]:
        raise GstnError(
            "Vayana EAS publishes no call for added-back liabilities; use another provider for them"
        )


def _detail(error: GstnProviderRefused) -> str:
    return f"{error.detail or 'no reason given'}; {CREDENTIALS_HINT}"


def _whole(value, what: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise GstnError(f"Vayana EAS {what} {value!r} is not a whole number") from None
    if number < 0:
        raise GstnError(f"Vayana EAS {what} {value!r} is negative")
    return number


def _object(data: object, what: str):
    if not isinstance(data, dict):
        raise GstnTransportError(f"{what}: Vayana sent no data object")
    return data


__all__ = ["LIVE_HOST", "SOLO_HOST", "VayanaEasClient"]
