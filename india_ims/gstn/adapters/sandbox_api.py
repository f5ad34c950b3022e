"""Sandbox's REST API for IMS and GSTR-2B (api.sandbox.co.in; providers.md section 1).

Sandbox does GSTN's encryption itself: the app sends plain JSON. Two tokens: a platform token from the
API key and secret (``POST /authenticate``, 24 h, sent in ``authorization`` without "Bearer"), and a
taxpayer token from the OTP (``/gst/compliance/tax-payer/otp`` then ``/otp/verify?otp=``, 6 h,
refreshed through ``/session/refresh``). Every answer is ``{code, data: {data, status_cd}}``: a GSTN
error comes inside HTTP 200 with ``status_cd`` "0"; ``IMS0027``, ``RET2B1016`` and ``RET2B1023`` mean
"no data"; ``status_cd`` "3" on GSTR-2B means "paged: ask per ``file_number``". HTTP 429 is backed off
(``Transport.send``); 401 is a bad key or secret; 403 on a taxpayer call is an expired session.

What Sandbox's pages leave open and this adapter assumes, each marked in the README: the save and
reset answer carries ``reference_id`` inside ``data.data`` (as regenerate does), the regeneration
status takes ``reference_id`` as a query parameter, and large IMS sections come back whole (no token
flow is published; a token answer is refused with a clear error).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping

from ...gst_india.documents import ImsRecord, Section
from ...gst_india.errors import PayloadError
from ...gst_india.payload import envelope, ims_status
from ...gst_india.payload import ims as ims_wire
from ...gst_india.payload import transport as wire
from ...gst_india.payload.section_answer import SectionAnswer
from ..adapter import AddedBackLiability, ImsAdapter, SupplierSale, records_now
from ..clock import SystemClock
from ..errors import (
    NO_DATA_CODES,
    GstnAuthError,
    GstnError,
    GstnNoData,
    GstnProviderRefused,
    GstnSessionExpired,
    GstnTransportError,
    api_error,
)
from ..session import SessionState
from ..transport import Transport
from . import supplier_wire

LIVE_HOST = "https://api.sandbox.co.in"
TEST_HOST = "https://test-api.sandbox.co.in"
PLATFORM_TOKEN_SECONDS = 24 * 3600
TAXPAYER_TOKEN_SECONDS = 6 * 3600
TAXPAYER = "/gst/compliance/tax-payer"
PATHS = {
    "authenticate": "/authenticate",
    "otp": TAXPAYER + "/otp",
    "verify": TAXPAYER + "/otp/verify",
    "refresh": TAXPAYER + "/session/refresh",
    "count": TAXPAYER + "/invoices/count",
    "invoices": TAXPAYER + "/invoices",
    "save": TAXPAYER + "/invoices/status/save",
    "reset": TAXPAYER + "/invoices/status/reset",
    "status": TAXPAYER + "/invoices/status",
    "sales": TAXPAYER + "/invoices/{year}/{month}/sales",
    "added_back": TAXPAYER + "/invoices/added-back-liabilities/{year}/{month}",
    "gstr2b": TAXPAYER + "/gstrs/gstr-2b/{year}/{month}",
    "regenerate": TAXPAYER + "/gstrs/gstr-2b/{year}/{month}/regenerate",
    "regeneration_status": TAXPAYER + "/gstrs/gstr-2b/regenerate",
}
PAGED = "3"
TEST_RATE_PER_MINUTE = 25  # SB-rate's newer page; production is paced by 429 back-off alone


def year_month(period: str) -> dict[str, str]:
    text = str(period)
    if len(text) != 6 or not text.isdigit():
        raise GstnError(f"return period {period!r} is not MMYYYY")
    return {"year": text[2:], "month": text[:2]}


class ApiSession:
    """The taxpayer session, shaped like ``session.Session`` for the callers that keep it."""

    def __init__(self, state: SessionState | None):
        self.state = state
        self.pending_app_key = None  # Sandbox wraps no app key: nothing to keep between calls

    def expire(self) -> None:
        self.state = None


class SandboxApiClient(ImsAdapter):
    def __init__(self, settings, *, clock=None, http=None, session_state: SessionState | None = None):
        self.settings = settings
        self.clock = clock or SystemClock()
        self.transport = Transport(settings, self.clock, http)
        self.session = ApiSession(session_state)
        self._platform: tuple[str, float] | None = None  # token, expiry
        self._sent: deque[float] = deque()  # times of recent calls, for pacing
        self.per_minute = _rate(settings)

    # ---------------------------------------------------------------- HTTP

    def _url(self, name: str, **parts: str) -> str:
        path = self.settings.paths.get("sandbox:" + name) or PATHS[name]
        return self.settings.base_url.rstrip("/") + path.format(**parts)

    def _headers(self, authorization: str | None, *, secret: bool = False) -> dict[str, str]:
        creds = self.settings.credentials
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "x-api-key": creds["api_key"],
            "x-api-version": creds.get("api_version") or "1.0.0",
        }
        if secret:
            headers["x-api-secret"] = creds["api_secret"]
        if authorization:
            headers["authorization"] = authorization
        headers.update(self.settings.extra_headers)
        return headers

    def _pace(self) -> None:
        """Stay under the plan's calls per minute (test host: 25, SB-rate) instead of meeting 429s."""
        if not self.per_minute:
            return
        now = self.clock.now()
        while self._sent and now - self._sent[0] >= 60.0:
            self._sent.popleft()
        if len(self._sent) >= self.per_minute:
            self.clock.sleep(60.0 - (now - self._sent[0]))
            self._sent.popleft()
        self._sent.append(self.clock.now())

    def _send(self, method: str, url: str, headers: dict, *, params=None, body=None, what: str) -> dict:
        """One exchange; a refused taxpayer token is an expired session, anything else says what failed."""
        self._pace()
        try:
            # Logins are safe to repeat (a lost OTP request only sends another OTP); saves are not.
            repeatable = method == "GET" or what.startswith("login")
            reply = self.transport.send(
                method, url, headers=headers, params=params, json_body=body, idempotent=repeatable
            )
        except GstnProviderRefused as error:
            if error.status == 403 and headers.get("authorization") and not what.startswith("login"):
                self.session.expire()
                raise GstnSessionExpired(
                    None, f"Sandbox refused the taxpayer session ({error.detail or 'HTTP 403'})", action=what
                ) from None
            raise
        return reply

    def _inner(self, reply: dict, what: str, *, accept_paged: bool = False,
               processing: bool = False) -> tuple[str, object]:
        """``data.status_cd`` and ``data.data`` of an answer; a GSTN error inside HTTP 200 is raised.

        ``processing``: a status answer (REQSTS, GENSTS2B) whose processing status sits in ``data``
        itself, without the inner ``data`` Sandbox documents, is that status, not an unknown answer
        (which would leave a sent request in flight for ever)."""
        data = reply.get("data")
        if not isinstance(data, Mapping):
            message = reply.get("message") or "the answer has no data object"
            raise GstnTransportError(f"{what}: Sandbox answered code {reply.get('code')!r}: {message}")
        status = str(data.get("status_cd", "1")).strip()
        error = envelope.node_error(data)
        if status == "0" or error:  # "error": null beside good data is no error
            # An object, a list of them or text: the code is read in any of GSTN's or a gateway's
            # spellings, the words kept.
            code, message = envelope.error_parts(error)
            raised = api_error(code or None, message or str(data.get("message") or "") or None, action=what)
            if isinstance(raised, GstnSessionExpired):
                self.session.expire()
            raise raised
        if status == PAGED and accept_paged:
            return status, data.get("data")
        if processing and "data" not in data and status.upper() in ("IP", "P", "PE", "ER"):
            return "1", data
        if status not in ("1", PAGED):
            raise GstnTransportError(f"{what}: unknown status_cd {data.get('status_cd')!r}")
        return status, data.get("data")

    # ---------------------------------------------------------------- tokens

    def _platform_token(self) -> str:
        if self._platform and self.clock.now() < self._platform[1] - 300:
            return self._platform[0]
        reply = self._send(
            "POST", self._url("authenticate"), self._headers(None, secret=True), what="login (API key)"
        )
        token = (
            (reply.get("data") or {}).get("access_token") if isinstance(reply.get("data"), Mapping) else None
        )
        if not token:
            raise GstnAuthError(
                None, "Sandbox returned no platform token for this API key", action="authenticate"
            )
        self._platform = (str(token), self.clock.now() + PLATFORM_TOKEN_SECONDS)
        return self._platform[0]

    def platform_check(self) -> str:
        self._platform = None
        self._platform_token()
        return "Sandbox accepted the API key and secret (platform token, valid 24 hours)"

    def _taxpayer_token(self) -> str:
        state = self.session.state
        if state is None:
            raise GstnSessionExpired(None, "not logged in to GSTN through Sandbox; request an OTP and log in")
        left = state.expires_at - self.clock.now()
        if left <= 0:
            self.session.expire()
            raise GstnSessionExpired("AUTH4038", None)
        if left <= self.settings.refresh_margin_seconds:
            self.refresh()
        return self.session.state.auth_token

    def _identity(self) -> dict:
        return {"username": self.settings.username, "gstin": self.settings.gstin}

    def request_otp(self) -> None:
        headers = self._headers(self._platform_token())
        headers["x-source"] = self.settings.credentials.get("source") or "primary"
        reply = self._send(
            "POST", self._url("otp"), headers, body=self._identity(), what="login (OTP request)"
        )
        self._inner(reply, "OTPREQUEST")

    def login(self, otp: str) -> SessionState:
        headers = self._headers(self._platform_token())
        headers["x-source"] = self.settings.credentials.get("source") or "primary"
        reply = self._send(
            "POST",
            self._url("verify"),
            headers,
            params={"otp": str(otp)},
            body=self._identity(),
            what="login (OTP verify)",
        )
        return self._open(reply, "AUTHTOKEN")

    def refresh(self) -> SessionState:
        state = self.session.state
        if state is None or self.clock.now() >= state.expires_at:
            self.session.expire()
            raise GstnSessionExpired("AUTH4038", None, action="REFRESHTOKEN")
        reply = self._send(
            "POST", self._url("refresh"), self._headers(state.auth_token), what="login (refresh)"
        )
        return self._open(reply, "REFRESHTOKEN")

    def _open(self, reply: dict, what: str) -> SessionState:
        data = reply.get("data") if isinstance(reply.get("data"), Mapping) else {}
        if str(data.get("status_cd", "1")) == "0" or "error" in data:
            self._inner(reply, what)
        token = data.get("access_token")
        if not token:
            raise GstnAuthError(None, "Sandbox returned no taxpayer token", action=what)
        expires = self.clock.now() + TAXPAYER_TOKEN_SECONDS
        try:
            stated = float(data.get("token_expiry") or data.get("session_expiry") or 0) / 1000.0
        except (TypeError, ValueError):
            stated = 0.0
        if stated > self.clock.now():
            expires = min(expires, stated)
        self.session.state = SessionState(str(token), expires)
        return self.session.state

    # ---------------------------------------------------------------- calls

    def _get(self, name: str, what: str, *, params=None, accept_paged=False, processing=False,
             **parts) -> tuple[str, object]:
        reply = self._send(
            "GET", self._url(name, **parts), self._headers(self._taxpayer_token()), params=params, what=what
        )
        return self._inner(reply, what, accept_paged=accept_paged, processing=processing)

    def _post(self, name: str, what: str, body=None, **parts) -> object:
        reply = self._send(
            "POST", self._url(name, **parts), self._headers(self._taxpayer_token()), body=body, what=what
        )
        return self._inner(reply, what)[1]

    def get_counts(self) -> ims_status.Counts:
        _, data = self._get("count", "GETCNT", params={"type_of_goods": "others"})
        return ims_status.parse_counts(_object(data, "GETCNT"))

    def start_section(self, section: Section) -> list[ImsRecord] | wire.Queued:
        return records_now(self.read_section(section))

    def read_section(self, section: Section) -> SectionAnswer | wire.Queued:
        try:
            _, data = self._get("invoices", "GETINV", params={"section": ims_wire.SECTION_PARAM[section]})
        except GstnNoData:
            return SectionAnswer.read_already([])
        if wire.parse_queued(data) is not None:
            raise GstnError(
                f"GETINV {section.value}: Sandbox answered with a queued-download token, and its file "
                "download call is not published; ask Sandbox support for it"
            )
        return SectionAnswer.of_payload(
            _object(data, "GETINV"), [section], lambda error: GstnError(f"GETINV {section.value}: {error}")
        )

    def fetch_queued(self, queued: wire.Queued, sections: list[Section]):
        raise GstnError("Sandbox publishes no queued-download call; nothing to fetch")

    def submit(self, request_type: str, body: dict) -> str:
        name = {"SAVE": "save", "RESET": "reset"}[request_type]
        data = self._post(name, request_type, body)
        try:
            return wire.parse_reference(data)
        except PayloadError as error:
            raise GstnTransportError(f"{request_type}: {error}", outcome_unknown=True) from None

    def request_status(self, reference_id: str) -> ims_status.RequestStatus:
        _, data = self._get("status", "REQSTS", params={"reference_id": reference_id}, processing=True)
        return ims_status.parse_request_status(_object(data, "REQSTS"))

    def generate_2b(self, period: str) -> str:
        data = self._post("regenerate", "GEN2B", None, **year_month(period))
        return wire.parse_reference(data)

    def generation_status(self, reference_id: str, period: str) -> wire.GenerationStatus:
        _, data = self._get("regeneration_status", "GENSTS2B", params={"reference_id": reference_id},
                            processing=True)
        return wire.parse_generation_status(_object(data, "GENSTS2B"))

    def get_2b_pages(self, period: str) -> list[dict]:
        parts = year_month(period)
        status, data = self._get("gstr2b", "GET2B", accept_paged=True, **parts)
        if status != PAGED:
            return [_object(data, "GET2B")]
        count = wire.file_count_of(data)
        pages = []
        for number in range(1, count + 1):
            _, page = self._get("gstr2b", "GET2B", params={"file_number": number}, **parts)
            pages.append(_object(page, f"GET2B file {number}"))
        return pages

    def supplier_sales(self, period: str) -> list[SupplierSale]:
        try:
            _, data = self._get("sales", "supplier view", **year_month(period))
        except GstnNoData:
            return []
        try:
            return supplier_wire.parse_sales(data, period=period)
        except PayloadError as error:
            raise GstnError(f"supplier view {period}: {error}") from None

    def added_back_liabilities(self, period: str) -> list[AddedBackLiability]:
        try:
            _, data = self._get("added_back", "added-back liabilities", **year_month(period))
        except GstnNoData:
            return []
        try:
            return supplier_wire.parse_added_back(data, period=period)
        except PayloadError as error:
            raise GstnError(f"added-back liabilities {period}: {error}") from None


def _rate(settings) -> int | None:
    """Calls per minute: the setting ``requests_per_minute``, else 25 on the test host, else unpaced."""
    value = settings.credentials.get("requests_per_minute")
    if value:
        try:
            return max(1, int(value))
        except ValueError:
            raise GstnError(f"requests per minute {value!r} is not a whole number") from None
    return TEST_RATE_PER_MINUTE if settings.base_url.rstrip("/") == TEST_HOST else None


def _object(data: object, what: str) -> Mapping:
    if not isinstance(data, Mapping):
        raise GstnTransportError(f"{what}: Sandbox sent no data object")
    return data


__all__ = ["LIVE_HOST", "NO_DATA_CODES", "TEST_HOST", "SandboxApiClient"]
