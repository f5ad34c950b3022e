"""Wire keys of Vayana's Enriched API Services (EAS, providers.md 2.1(a)): routes, headers, envelope.

Both the adapter (``vayana_eas``) and the local sandbox's EAS dialect (``sandbox.eas_api``) read and
write EAS through this module only, so they cannot drift apart.

What the stored pages say (VY-int, VY-onb, VY-otp, VY-imsdl, VY-imsreset, VY-2b, and the EAS
long-running-task and error-payload pages):

- login: ``POST .../theodore/apis/v1/authtokens`` with ``handle``, ``password``, ``handleType``
  ("email") and ``tokenDurationInMins`` (at most 360); the token goes in ``X-FLYNN-N-USER-TOKEN``
  with the organisation in ``X-FLYNN-N-ORG-ID``;
- every answer is ``{"status": "1"|"0", "data", "error", "info", "additionalInfo", "alert"}``; an
  error is ``{"type", "message", "args"}`` (types Authorization, Runtime, ResourceNotFound,
  ClientRequest); 403 is a bad organisation or an invalid or expired token;
- a long-running call answers ``data["task-id"]``; ``/enriched/tasks/v1.0/status/{task-id}`` says
  where it stands (``status`` "completed" when done), ``/result/{task-id}`` gives the result (for
  IMS downloads ``{"pages": N}``) and ``/result/{task-id}/page/{n}`` one page.

What they leave open is named where it is used (``PATHS``, ``TASK_*``) and listed in the README.
"""

from __future__ import annotations

from collections.abc import Mapping

from ...gst_india.payload import envelope

SOLO_HOST = "https://solo.enriched-api.vayana.com"
LIVE_HOST = "https://live.enriched-api.vayana.com"
# VY-onb: Vayana's authentication service lives on its own host, one per environment.
AUTH_HOSTS = {
    SOLO_HOST: "https://sandbox.services.vayananet.com",
    LIVE_HOST: "https://services.vayana.com",
}
AUTH_PATH = "/theodore/apis/v1/authtokens"

# Route names -> paths (``settings.paths["eas:<name>"]`` overrides any; an absolute URL is taken whole).
# None: no public page names the route; the call refuses until the setting names it.
PATHS: dict[str, str | None] = {
    "authtokens": AUTH_PATH,
    "authenticate": "/basic/gstn/v1.0/taxpayerapi/v1.0/authenticate",
    "invoices": "/enriched/gstn/v1.0/ims-invoices",
    "reset": "/enriched/gstn/v1.0/ims-invoice-status-reset",
    "save": "/enriched/gstn/v1.0/ims-invoice-status-save",  # inferred from the reset route's name
    "task_status": "/enriched/tasks/v1.0/status/{task}",
    "task_result": "/enriched/tasks/v1.0/result/{task}",
    "task_page": "/enriched/tasks/v1.0/result/{task}/page/{page}",
    # GSTR-2B through the basic (pass-through) module with GSTN's own query parameters (VY-2b).
    "gstr2b": "/basic/gstn/v1.0/taxpayerapi/v4.0/returns",
    "counts": None,  # no EAS count call is published
}

ORG_HEADER = "X-FLYNN-N-ORG-ID"
TOKEN_HEADER = "X-FLYNN-N-USER-TOKEN"
ACTION_HEADER = "action"  # VY-otp (v3): the authenticate step is named in a header
RETURN_TYPE = "gstn_ret_type"
GSTR2B_RETURN = "gstr2b"

# Task states. "completed" is documented; the failure words and the in-progress words are not, so an
# unknown word is refused with its spelling rather than waited on or taken as done.
TASK_DONE = "completed"
TASK_FAILED = frozenset({"failed", "error", "errored", "cancelled", "canceled", "expired"})
TASK_RUNNING = frozenset(
    {"pending", "queued", "created", "submitted", "running", "processing", "in-progress", "in_progress",
     "inprogress", "started"}
)

# EAS's own error messages (error-payloads page) that say the user token must be taken again.
TOKEN_ERRORS = frozenset({"err-expired-token", "err-invalid-token"})
NOT_FOUND = "err-resource-not-found"


# ---------------------------------------------------------------- requests


def login_body(handle: str, password: str, minutes: int) -> dict:
    return {"handle": handle, "password": password, "handleType": "email", "tokenDurationInMins": minutes}


def read_login_body(body: object) -> tuple[str, str, int]:
    body = body if isinstance(body, Mapping) else {}
    try:
        minutes = int(body.get("tokenDurationInMins") or 20)  # VY-onb: 20 minutes unless asked
    except (TypeError, ValueError):
        minutes = 0
    return str(body.get("handle") or ""), str(body.get("password") or ""), minutes


def headers(org_id: str, token: str | None) -> dict[str, str]:
    out = {"Content-Type": "application/json", "Accept": "application/json", ORG_HEADER: org_id}
    if token:
        out[TOKEN_HEADER] = token
    return out


def read_headers(headers_in) -> tuple[str, str]:
    lower = {str(k).lower(): str(v) for k, v in headers_in.items()}
    return lower.get(ORG_HEADER.lower(), ""), lower.get(TOKEN_HEADER.lower(), "")


def gstn_identity(gstin: str, username: str) -> dict[str, str]:
    """GSTN's own identity headers, sent with every GST call (EAS fills in the rest, VY-2b)."""
    return {"gstin": gstin, "username": username, "state-cd": gstin[:2]}


def read_gstin(headers_in) -> str:
    return next((str(v) for k, v in headers_in.items() if str(k).lower() == "gstin"), "")


def otp_request(gstin: str, username: str) -> dict:
    return {"gstin": gstin, "username": username}


def auth_token_request(gstin: str, username: str, otp: str, otp_request_id: str | None) -> dict:
    body = {"gstin": gstin, "username": username, "otp": otp}
    if otp_request_id:
        body["otp-request-id"] = otp_request_id
    return body


def refresh_request(gstin: str, username: str, auth_token: str) -> dict:
    return {"gstin": gstin, "username": username, "auth_token": auth_token}


def read_auth_body(body: object) -> dict[str, str]:
    body = body if isinstance(body, Mapping) else {}
    return {
        "gstin": str(body.get("gstin") or ""),
        "username": str(body.get("username") or ""),
        "otp": str(body.get("otp") or ""),
        "otp_request_id": str(body.get("otp-request-id") or ""),
        "auth_token": str(body.get("auth_token") or ""),
    }


def section_query(section_param: str) -> dict[str, str]:
    return {"section": section_param}


# ---------------------------------------------------------------- answers


def success(data: object) -> dict:
    return {"status": "1", "data": data, "error": None, "info": None, "additionalInfo": None, "alert": None}


def failure(kind: str, message: str, code: str | None = None, **args) -> dict:
    """EAS's error answer; a GSTN code it passes on travels in ``args`` (as GSTN's ``error_cd``)."""
    if code:
        args["error_cd"] = code
    error = {"type": kind, "message": message, "args": args or None}
    return {"status": "0", "data": None, "error": error, "info": None, "additionalInfo": None, "alert": None}


def read_answer(body: object) -> tuple[bool, object, tuple[str, str]]:
    """(ok, data, (code, message)) of an EAS answer. The code is GSTN's where EAS passes one on (in the
    error or its ``args``), else EAS's own message key (``err-expired-token``)."""
    if not isinstance(body, Mapping):
        return False, None, ("", "the answer is not a JSON object")
    status = str(body.get("status", "1")).strip()
    error = envelope.node_error(body)
    if status == "1" and not error:
        return True, body.get("data"), ("", "")
    code, message = envelope.error_parts(error)
    if isinstance(error, Mapping):
        args = error.get("args")
        if not code and isinstance(args, Mapping):
            code = envelope.error_parts(args)[0]
        kind = str(error.get("type") or "")
        if not code and message.startswith("err-"):
            code = message.upper()
        if kind and kind not in message:
            message = f"{message} ({kind})" if message else kind
    if status not in ("0", "1"):
        message = message or f"unknown status {body.get('status')!r}"
    return False, None, (code, message or "EAS answered status 0 without an error")


def error_key(body: object) -> str:
    """EAS's own message key of a refusal (``err-expired-token``), lower case; "" when none."""
    if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
        return str(body["error"].get("message") or "").strip().lower()
    return ""


def login_token(data: object) -> tuple[str | None, object, list[str]]:
    """(token, stated expiry, organisation ids) of a theodore login answer."""
    if not isinstance(data, Mapping):
        return None, None, []
    orgs = []
    for entry in data.get("associatedOrgs") or []:
        org = entry.get("organisation") if isinstance(entry, Mapping) else None
        if isinstance(org, Mapping) and org.get("id"):
            orgs.append(str(org["id"]))
    return (str(data["token"]) if data.get("token") else None), data.get("expiry"), orgs


def login_answer(token: str, expiry_ms: int, org_id: str) -> dict:
    return {"token": token, "expiry": expiry_ms, "associatedOrgs": [{"organisation": {"id": org_id}}]}


def otp_request_id(data: object) -> str | None:
    if isinstance(data, Mapping) and data.get("otp-request-id"):
        return str(data["otp-request-id"])
    return None


def otp_answer(request_id: str) -> dict:
    return {"otp-request-id": request_id}


def task_id(data: object) -> str | None:
    """The reference of a long-running call: ``task-id`` (VY-imsdl); the reset page calls it a
    reference id without showing the key, so ``reference-id`` is read too."""
    if isinstance(data, Mapping):
        for key in ("task-id", "reference-id", "reference_id"):
            if data.get(key):
                return str(data[key])
    return None


def task_args(task: str) -> dict:
    """The ``args`` of an error about a task: EAS echoes the task id it was given."""
    return {"task-id": task}


def task_answer(task: str) -> dict:
    return {"task-id": task}


def task_state(data: object) -> str:
    """The task's state word, lower case: ``data.status`` (EAS status page) or ``data.task.status``."""
    if isinstance(data, Mapping):
        node = data.get("task") if isinstance(data.get("task"), Mapping) else data
        return str(node.get("status") or "").strip().lower()
    return ""


def task_error(data: object) -> str:
    if isinstance(data, Mapping):
        code, message = envelope.error_parts(data.get("error"))
        return " ".join(part for part in (code, message) if part)
    return ""


def task_status_answer(task: str, state: str, total: int = 1, pending: int = 0, error=None) -> dict:
    answer = {"id": task, "status": state, "jobs": {"total": total, "pending": pending}}
    if error:
        answer["error"] = error
    return answer


def page_count(data: object) -> int | None:
    if isinstance(data, Mapping):
        try:
            count = int(data.get("pages"))
        except (TypeError, ValueError):
            return None
        return count if count >= 0 else None
    return None


def pages_answer(count: int) -> dict:
    return {"pages": count}
