"""GSTN transport wire keys: headers, envelopes, authentication, queued downloads, GSTR-2B calls.

Only plain dicts in and out; the encryption itself lives in ``india_ims.gstn.crypto`` (spec 1.1, 1.7,
1.2). Each ``build_*`` has a matching ``parse_*`` so the sandbox and the client speak through the same
mapping.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from ..errors import PayloadError
from .envelope import error_parts, node_error

# ----------------------------------------------------------------- headers (spec 1.1)


@dataclass(frozen=True, slots=True)
class HeaderValues:
    gstin: str
    username: str
    transaction_id: str
    client_id: str = ""
    client_secret: str = ""
    auth_token: str | None = None
    user_ip: str = "127.0.0.1"
    return_period: str | None = None
    extra: Mapping[str, str] = field(default_factory=dict)


def read_headers(headers: Mapping[str, str]) -> HeaderValues:
    """Server side: the named headers, whatever their case."""
    lower = {str(k).lower(): v for k, v in headers.items()}
    return HeaderValues(
        gstin=str(lower.get("gstin") or ""),
        username=str(lower.get("username") or ""),
        transaction_id=str(lower.get("txn") or ""),
        client_id=str(lower.get("clientid") or ""),
        client_secret=str(lower.get("client-secret") or ""),
        auth_token=lower.get("auth-token") or None,
        user_ip=str(lower.get("ip-usr") or ""),
        return_period=lower.get("ret_period") or None,
    )


# ----------------------------------------------------------------- query parameters

# Neutral names used by the client -> GSTN's query keys (spec 1.2).
_QUERY_KEYS = {
    "action": "action",
    "gstin": "gstin",
    "section": "section",
    "goods_type": "goods_typ",
    "token": "token",
    "reference_id": "int_tran_id",
    "period": "rtnprd",
    "return_period": "ret_period",
    "file_number": "file_num",
    "return_type": "rtn_typ",
}
_QUERY_NAMES = {wire: name for name, wire in _QUERY_KEYS.items()}


def build_query(**values: object) -> dict[str, str]:
    out = {}
    for name, value in values.items():
        if value is None:
            continue
        if name not in _QUERY_KEYS:
            raise PayloadError(f"no GSTN query key for {name!r}")
        out[_QUERY_KEYS[name]] = str(value)
    return out


def read_query(query: Mapping[str, str]) -> dict[str, str]:
    """Server side: GSTN's query keys -> neutral names (unknown keys are dropped)."""
    return {_QUERY_NAMES[k]: str(v) for k, v in query.items() if k in _QUERY_NAMES}


# ----------------------------------------------------------------- envelopes (spec 1.1)


def request_envelope(action: str, data: object, mac: str | None = None) -> dict:
    """PUT/POST body. ``data`` is the plain object, or the encrypted base64 text with its HMAC."""
    body = {"action": action, "data": data}
    if mac is not None:
        body["hmac"] = mac
    return body


def parse_request_envelope(body: object) -> tuple[str, object, str | None]:
    if not isinstance(body, Mapping):
        raise PayloadError("request body must be a JSON object")
    action = str(body.get("action") or "").upper()
    if not action:
        raise PayloadError("is missing", field="action")
    return action, body.get("data"), body.get("hmac")


def success_envelope(data: object, *, rek: str | None = None, mac: str | None = None) -> dict:
    body: dict = {"status_cd": "1", "data": data}
    if rek is not None:
        body["rek"] = rek
    if mac is not None:
        body["hmac"] = mac
    return body


def error_envelope(code: str, message: str, **extra: object) -> dict:
    body: dict = {"status_cd": "0", "error": {"error_cd": code, "message": message}}
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


@dataclass(frozen=True, slots=True)
class ResponseEnvelope:
    ok: bool
    data: object = None
    rek: str | None = None
    mac: str | None = None
    error_code: str | None = None
    error_message: str | None = None
    raw: Mapping = field(default_factory=dict)


def parse_response_envelope(body: object) -> ResponseEnvelope:
    if not isinstance(body, Mapping):
        raise PayloadError("GSTN response is not a JSON object")
    status = str(body.get("status_cd", "")).strip()
    if status == "1":
        return ResponseEnvelope(True, body.get("data"), body.get("rek"), body.get("hmac"), raw=body)
    if status == "0" or "error" in body or (not status and body.get("errors")):
        # Codes compare as GSTN writes them (upper case); a gateway's "ims0027" is the same answer,
        # and so is one spelt errorCode, or sent inside a list.
        code, message = error_parts(node_error(body))
        return ResponseEnvelope(False, body.get("data"), error_code=code or None,
                                error_message=message or None, raw=body)
    raise PayloadError(f"unknown status_cd {body.get('status_cd')!r}", field="status_cd")


# ----------------------------------------------------------------- authentication


@dataclass(frozen=True, slots=True)
class AuthRequest:
    action: str  # OTPREQUEST, AUTHTOKEN, REFRESHTOKEN
    username: str
    app_key: str | None = None  # RSA- or sek-encrypted, base64; None when the GSP encrypts
    otp: str | None = None  # AES-encrypted with the app key, or plain when the GSP encrypts
    auth_token: str | None = None


def build_auth_request(request: AuthRequest) -> dict:
    body = {"action": request.action, "username": request.username}
    if request.app_key is not None:
        body["app_key"] = request.app_key
    if request.otp is not None:
        body["otp"] = request.otp
    if request.auth_token is not None:
        body["auth_token"] = request.auth_token
    return body


def parse_auth_request(body: object) -> AuthRequest:
    if not isinstance(body, Mapping):
        raise PayloadError("authentication body must be a JSON object")
    action = str(body.get("action") or "").upper()
    if action not in ("OTPREQUEST", "AUTHTOKEN", "REFRESHTOKEN"):
        raise PayloadError(f"{body.get('action')!r} is not an authentication action", field="action")
    username = str(body.get("username") or "")
    if not username:
        raise PayloadError("is missing", field="username")
    return AuthRequest(action, username, body.get("app_key"), body.get("otp"), body.get("auth_token"))


@dataclass(frozen=True, slots=True)
class AuthReply:
    auth_token: str
    expiry_minutes: int
    sek: str | None = None  # encrypted with the app key


def build_auth_reply(reply: AuthReply) -> dict:
    body = {"status_cd": "1", "auth_token": reply.auth_token, "expiry": reply.expiry_minutes}
    if reply.sek is not None:
        body["sek"] = reply.sek
    return body


def parse_auth_reply(body: object) -> AuthReply:
    if not isinstance(body, Mapping):
        raise PayloadError("authentication reply is not a JSON object")
    token = body.get("auth_token")
    if not token:
        raise PayloadError("authentication reply has no token", field="auth_token")
    try:
        expiry = int(body.get("expiry") or 0)
    except (TypeError, ValueError, OverflowError):
        raise PayloadError(f"{str(body.get('expiry'))[:40]!r} is not a number of minutes", field="expiry") \
            from None
    return AuthReply(str(token), expiry, body.get("sek"))


# ----------------------------------------------------------------- submissions and status


def build_reference(reference_id: str) -> dict:
    return {"reference_id": reference_id}


def parse_reference(data: object) -> str:
    if isinstance(data, Mapping):
        ref = data.get("reference_id") or data.get("ref_id") or data.get("referenceId")
        if ref:
            return str(ref)
    raise PayloadError("GSTN accepted the request but returned no reference id", field="reference_id")


def build_gen2b(recipient_gstin: str, period: str) -> dict:
    return {"rtin": recipient_gstin, "itcprd": period}


def parse_gen2b(data: object) -> tuple[str, str]:
    if not isinstance(data, Mapping):
        raise PayloadError("GEN2B body must be a JSON object")
    gstin, period = str(data.get("rtin") or ""), str(data.get("itcprd") or "")
    if not gstin:
        raise PayloadError("is missing", field="rtin")
    if not period:
        raise PayloadError("is missing", field="itcprd")
    return gstin, period


@dataclass(frozen=True, slots=True)
class GenerationStatus:
    status: str  # IP, P, ER
    error_code: str | None = None
    error_message: str | None = None


def build_generation_status(status: GenerationStatus) -> dict:
    out: dict = {"status_cd": status.status}
    if status.error_code:
        out["err_cd"] = status.error_code
        out["err_msg"] = status.error_message or ""
    return out


def parse_generation_status(data: object) -> GenerationStatus:
    if not isinstance(data, Mapping):
        raise PayloadError("GSTR-2B generation status is not a JSON object")
    # A code, or a gateway's words for it ("Processed"), as REQSTS's status is read.
    words = str(data.get("status_cd") or "").replace(" ", "").replace("_", "").upper()
    status = _GENERATION_WORDS.get(words)
    if status is None:
        raise PayloadError(f"unknown GSTR-2B generation status {data.get('status_cd')!r}", field="status_cd")
    code, message = error_parts({"err_cd": data.get("err_cd"), "err_msg": data.get("err_msg")})
    return GenerationStatus(status, code or None, message or None)


_GENERATION_WORDS = {"IP": "IP", "P": "P", "PE": "PE", "ER": "ER", "INPROGRESS": "IP", "PROCESSED": "P",
                     "PROCESSEDWITHERROR": "PE", "PROCESSEDWITHERRORS": "PE", "ERROR": "ER"}


# ----------------------------------------------------------------- queued downloads (spec 1.7)


@dataclass(frozen=True, slots=True)
class Queued:
    token: str
    wait_minutes: float


def build_queued(queued: Queued) -> dict:
    return {"token": queued.token, "est": queued.wait_minutes}


def parse_queued(data: object) -> Queued | None:
    """A queued-download token: IMS spelling (token/est) or GSTR-2B's (requestid/retryTimeInMinutes)."""
    if not isinstance(data, Mapping):
        return None
    token = data.get("token") or data.get("requestid")
    if not token:
        return None
    wait = data.get("est", data.get("retryTimeInMinutes", 1))
    try:
        minutes = float(wait)
    except (TypeError, ValueError):
        minutes = 1.0
    if not 0 <= minutes <= 24 * 60:  # NaN, inf, negative: GSTN's estimate is unusable, wait a minute
        minutes = 1.0
    return Queued(str(token), minutes)


@dataclass(frozen=True, slots=True)
class FileRef:
    url: str
    record_count: int
    sha256: str


@dataclass(frozen=True, slots=True)
class FileDetails:
    key: str  # base64 AES key for the files' contents
    files: tuple[FileRef, ...]


def build_file_details(details: FileDetails) -> dict:
    return {
        "fc": len(details.files),
        "ek": details.key,
        "urls": [{"ul": f.url, "ic": f.record_count, "hash": f.sha256} for f in details.files],
    }


def parse_file_details(data: object) -> FileDetails:
    if not isinstance(data, Mapping):
        raise PayloadError("FILEDET reply must be a JSON object")
    key = data.get("ek")
    if not key:
        raise PayloadError("is missing", field="ek")
    files = []
    urls = data.get("urls") or []
    if not isinstance(urls, list):
        raise PayloadError("is not a list", field="urls")
    for position, entry in enumerate(urls, start=1):
        if not isinstance(entry, Mapping) or not entry.get("ul") or not entry.get("hash"):
            raise PayloadError("file entry needs ul and hash", position=position, field="urls")
        count = _count(entry.get("ic"), "ic", position=position)
        files.append(FileRef(str(entry["ul"]), count, str(entry["hash"]).lower()))
    count = _count(data.get("fc"), "fc") or len(files)
    if count != len(files):
        raise PayloadError(f"fc says {count} files but {len(files)} are listed", field="fc")
    return FileDetails(str(key), tuple(files))


def file_count_of(data: object) -> int:
    """GET2B paging: ``data.fc`` (1 when absent)."""
    if isinstance(data, Mapping):
        inner = data.get("data") if isinstance(data.get("data"), Mapping) else data
        return max(1, _count(inner.get("fc"), "fc", limit=10_000))
    return 1


def _count(value: object, field: str, *, position: int | None = None, limit: int = 10**9) -> int:
    """A count GSTN sends as a number or digits; anything else (a float, inf, "x") names the field."""
    if value is None or value == "":
        return 0
    text = str(value).strip() if isinstance(value, (int, str)) and not isinstance(value, bool) else ""
    if not text.isdigit() or int(text) >= limit:
        raise PayloadError(f"{str(value)[:40]!r} is not a count", position=position, field=field)
    return int(text)
