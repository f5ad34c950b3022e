"""The sandbox in Sandbox's REST dialect (api.sandbox.co.in, providers.md section 1).

Routes, tokens and envelopes as Sandbox documents them; each call is mapped onto the GSTN operation
it wraps and run through ``SandboxServer.execute``, so faults, rules and processing are the same as
in the GSTN dialect. Where Sandbox's pages are silent this emulation makes the choices the adapter
assumes (README, "Sandbox"): large IMS sections come back whole, save/reset answer
``data.data.reference_id``, the regeneration status takes ``reference_id`` in the query. A record
refused for a stale previous action carries the code Sandbox documents for it (``IMSSAV0010``), not
the sandbox's own ``IMS_PREV_STATUS``, and the error report lists documents as ``inv: [{inum,
rtnprd}]`` as Sandbox's status page shows, so the client is tested against what it will meet.
"""

from __future__ import annotations

import re
import secrets
import uuid

from ...gst_india.payload import ims_status
from ...gst_india.payload import transport as wire
from .dialects import ADDED_BACK_ACTION
from .portal import PortalError
from .prepared import merged_files

PLATFORM_SECONDS = 24 * 3600
TAXPAYER = "/gst/compliance/tax-payer"
_YM = r"/(?P<year>\d{4})/(?P<month>\d{2})"
# (method, path pattern) -> (endpoint, GSTN action)
ROUTES = (
    ("GET", TAXPAYER + "/invoices/count", ("ims", "GETCNT")),
    ("GET", TAXPAYER + "/invoices", ("ims", "GETINV")),
    ("POST", TAXPAYER + "/invoices/status/save", ("ims", "SAVE")),
    ("POST", TAXPAYER + "/invoices/status/reset", ("ims", "RESETIMS")),
    ("GET", TAXPAYER + "/invoices/status", ("ims", "REQSTS")),
    ("GET", TAXPAYER + "/invoices" + _YM + "/sales", ("ims", "SUPVIEW")),
    ("GET", TAXPAYER + "/invoices/added-back-liabilities" + _YM, ("ims", ADDED_BACK_ACTION)),
    ("POST", TAXPAYER + "/gstrs/gstr-2b" + _YM + "/regenerate", ("gstr2b", "GEN2B")),
    ("GET", TAXPAYER + "/gstrs/gstr-2b/regenerate", ("gstr2b", "GENSTS2B")),
    ("GET", TAXPAYER + "/gstrs/gstr-2b" + _YM, ("gstr2b", "GET2B")),
)
_COMPILED = [(method, re.compile(pattern + "$"), target) for method, pattern, target in ROUTES]


def _envelope(data: dict, code: int = 200) -> dict:
    return {
        "code": code,
        "data": data,
        "timestamp": 0,
        "transaction_id": str(uuid.uuid4()),
    }


# The sandbox's own per-record codes -> the codes Sandbox's status page names for the same refusal.
PUBLISHED_CODES = {"IMS_PREV_STATUS": "IMSSAV0010"}


def _published_codes(status: dict) -> dict:
    for entries in (status.get("error_report") or {}).values():
        for entry in entries:
            for key in ("error_cd", "errorCode"):
                if entry.get(key) in PUBLISHED_CODES:
                    entry[key] = PUBLISHED_CODES[entry[key]]
    return status


def ok(result: object, status: str = "1") -> dict:
    return _envelope({"data": result, "status_cd": status})


def error(code: str, message: str) -> dict:
    return _envelope({"status_cd": "0", "error": {"error_cd": code, "message": message}})


def platform_error(status: int, message: str) -> tuple[int, dict]:
    return status, {"code": status, "message": message, "timestamp": 0, "transaction_id": str(uuid.uuid4())}


class RestDialect:
    def __init__(self, server):
        self.server = server
        self.creds = server.provider.credentials
        self.platform_tokens: dict[str, float] = {}

    # ---------------------------------------------------------------- routing

    def handle(self, method: str, path: str, query: dict, headers, body) -> tuple[int, dict]:
        lower = {str(k).lower(): str(v) for k, v in headers.items()}
        path = path.rstrip("/")
        if lower.get("x-api-key") != self.creds["api_key"]:
            return platform_error(401, "Invalid API key")
        if (method, path) == ("POST", "/authenticate"):
            return self._authenticate(lower)
        if path.startswith(TAXPAYER + "/otp") or path == TAXPAYER + "/session/refresh":
            return self._login(method, path, query, lower, body)
        for route_method, pattern, (endpoint, action) in _COMPILED:
            match = pattern.match(path)
            if match and route_method == method:
                if not self._taxpayer(lower.get("authorization")):
                    return platform_error(403, "Invalid or expired authorization")
                return 200, self._call(endpoint, action, match.groupdict(), query, body)
        return platform_error(404, f"no route {method} {path}")

    # ---------------------------------------------------------------- tokens

    def _authenticate(self, lower: dict) -> tuple[int, dict]:
        if lower.get("x-api-secret") != self.creds["api_secret"]:
            return platform_error(401, "Invalid API key or secret")
        token = "plat_" + secrets.token_hex(16)
        self.platform_tokens[token] = self.server.clock.now() + PLATFORM_SECONDS
        return 200, _envelope({"access_token": token})

    def _platform(self, token: str | None) -> bool:
        expiry = self.platform_tokens.get(token or "")
        return expiry is not None and self.server.clock.now() < expiry

    def _taxpayer(self, token: str | None) -> bool:
        try:
            self.server.auth.session_for(token)
        except PortalError:
            return False
        return True

    def _login(self, method: str, path: str, query: dict, lower: dict, body) -> tuple[int, dict]:
        auth = self.server.auth
        if method != "POST":
            return platform_error(404, f"no route {method} {path}")
        if path.endswith("/session/refresh"):
            token = lower.get("authorization")
            if not self._taxpayer(token):
                return 200, error("AUTH4033", "Invalid Session")
            with auth._lock:
                auth.sessions.pop(token, None)
                return 200, self._session_reply(auth._open(auth.username, None))
        if not self._platform(lower.get("authorization")):
            return platform_error(403, "Invalid or expired authorization")
        body = body if isinstance(body, dict) else {}
        config = self.server.portal.config
        if body.get("username") != config.username or body.get("gstin") != config.gstin:
            return 200, error("AUTH4033", "Invalid username or GSTIN for API access")
        if path.endswith("/otp"):
            return 200, ok({"message": "OTP sent to the registered mobile number"})
        if str(query.get("otp") or "") != config.otp:
            return 200, error("AUTH158", "Invalid OTP")
        with auth._lock:
            return 200, self._session_reply(auth._open(auth.username, None))

    def _session_reply(self, reply: dict) -> dict:
        token = reply["auth_token"]
        expiry_ms = int(self.server.auth.sessions[token].expires_at * 1000)
        return _envelope(
            {"access_token": token, "session_expiry": expiry_ms, "token_expiry": expiry_ms, "status_cd": "1"}
        )

    # ---------------------------------------------------------------- GSTN operations

    def _call(self, endpoint: str, action: str, parts: dict, query: dict, body) -> dict:
        server = self.server
        gstin = server.portal.config.gstin
        period = f"{parts['month']}{parts['year']}" if parts.get("year") else None
        names: dict = {"gstin": gstin}
        data = None
        if action == "GETINV":
            names["section"] = str(query.get("section") or "B2B").upper()
        elif action in ("REQSTS", "GENSTS2B"):
            names["reference_id"] = str(query.get("reference_id") or "")
        elif action in ("SAVE", "RESETIMS"):
            data = body
        elif action == "GEN2B":
            data = wire.build_gen2b(gstin, period)
        elif action == "GET2B":
            names["period"] = period
            if query.get("file_number"):
                names["file_number"] = str(query["file_number"])
        elif action in ("SUPVIEW", ADDED_BACK_ACTION):
            names["return_period"] = period
        if action == "SUPVIEW":
            return self._sales(names)
        success, result = server.execute(endpoint, action, names, data)
        if not success:
            return error(*result)
        if action == "GETINV" and wire.parse_queued(result) is not None:
            result = self._whole(wire.parse_queued(result).token)
        if action == "GET2B" and "file_number" not in names and wire.file_count_of(result) > 1:
            return ok({"fc": wire.file_count_of(result)}, status="3")
        if action == "REQSTS":
            result = _published_codes(self._documented_report(names["reference_id"], result))
        return ok(result)

    def _documented_report(self, reference_id: str, result: dict) -> dict:
        """Sandbox's status page shows failed documents as ``inv: [{inum, rtnprd}]``: unless a fault
        asked for another spelling, the error report is served keyed and numbered that way."""
        request = self.server.portal.requests.get(reference_id)
        if request is None or request.report != "gstn":
            return result
        return ims_status.build_request_status(ims_status.parse_request_status(result), "short")

    def _sales(self, names: dict) -> dict:
        """Both return types in one answer; "no sales" is IMS0027, as Sandbox reports empty results."""
        merged: dict = {}
        for return_type in ("GSTR1", "GSTR1A"):
            success, result = self.server.execute(
                "ims", "SUPVIEW", {**names, "return_type": return_type}, None
            )
            if success:
                merged.update(result)
            elif result[0] != "RET11416":
                return error(*result)
        if not merged:
            return error("IMS0027", "No records available for the selected input criteria")
        return ok(merged)

    def _whole(self, token: str) -> dict:
        """Sandbox shows no file flow: the prepared files, merged, as one answer."""
        return merged_files(self.server.portal, token)
