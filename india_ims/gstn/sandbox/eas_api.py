"""The sandbox in Vayana's Enriched API dialect (EAS, providers.md 2.1(a); wire in ``adapters.eas_wire``).

The same portal behind EAS's routes, envelope and long-running tasks. Every call is mapped onto the
GSTN operation it wraps and run through ``SandboxServer.execute``, so faults, rules and processing
are the dialect-independent ones. A Vayana user token comes from the theodore login; each call must
carry it and the organisation id (else HTTP 403 with EAS's error answer). An IMS download, save or
reset answers a task id; the task reads "in-progress" for ``task_polls`` status calls, then
"completed"; a download's result is its page count and each page holds ``task_page_records`` rows.

Choices of this emulation where EAS's pages are silent (the adapter's settings for them are named in
the README): pages are numbered from 0; a save or reset task's result is GSTN's request status; the
GST session is refreshed and GSTR-2B regenerated through the basic pass-through routes with GSTN's
actions; IMS counts are served on a route of this sandbox's own (``COUNTS_PATH``), which the
sandbox's client settings name, since EAS publishes none.
"""

from __future__ import annotations

import re
import secrets
import uuid
from dataclasses import dataclass, field

from ...gst_india.errors import PayloadError
from ...gst_india.payload import transport as wire
from ..adapters import eas_wire
from .portal import PortalError
from .prepared import merged_files

COUNTS_PATH = "/basic/gstn/v1.0/taxpayerapi/v1.0/returns/ims"  # this sandbox's own
TOKEN_FAULT = "token_expired"
FAILED_FAULT = "task_failed"
_TASK = re.compile(r"/enriched/tasks/v1\.0/(status|result)/([^/]+)(?:/page/(\d+))?$")
_NO_DOCUMENTS = ("RET11416", "RET13508", "IMS0027")


@dataclass
class Task:
    kind: str  # "download" or "request"
    polls_left: int
    pages: list[dict] = field(default_factory=list)
    reference: str | None = None  # a request's GSTN reference id
    failed: str | None = None


class EasDialect:
    def __init__(self, server):
        self.server = server
        self.creds = server.provider.credentials
        self.tokens: dict[str, float] = {}  # user token -> expiry
        self.otp_requests: set[str] = set()
        self.gst_token: str | None = None  # the Authenticator's token of the taxpayer's GST session
        self.tasks: dict[str, Task] = {}

    def expire_tokens(self) -> None:
        """Test hook: every Vayana user token ends now."""
        self.tokens.clear()

    # ---------------------------------------------------------------- routing

    def handle(self, method: str, path: str, query: dict, headers, body) -> tuple[int, dict]:
        path = path.rstrip("/")
        if path.endswith(eas_wire.AUTH_PATH):
            if method != "POST":
                return 404, eas_wire.failure("ResourceNotFound", "err-route-not-found")
            return self._login(body)
        refusal = self._authorised(headers, path)
        if refusal is not None:
            return refusal
        paths = eas_wire.PATHS
        lower = {str(k).lower(): str(v) for k, v in headers.items()}
        match = _TASK.search(path)
        if match and method == "GET":
            return self._task(*match.groups())
        if (method, path) == ("POST", paths["authenticate"]):
            return self._gst_login(lower.get(eas_wire.ACTION_HEADER, "").upper(), body)
        if eas_wire.read_gstin(headers) != self.server.portal.config.gstin:
            return 400, eas_wire.failure("ClientRequest", "gstin header is not this taxpayer's", "RET11402")
        try:
            self.server.auth.session_for(self.gst_token)
        except PortalError as error:
            return 400, eas_wire.failure("Runtime", error.message, error.code)
        if (method, path) == ("GET", paths["invoices"]):
            return self._download(query)
        if method == "PUT" and path in (paths["save"], paths["reset"]):
            return self._request("SAVE" if path == paths["save"] else "RESETIMS", body)
        if path == paths["gstr2b"] and query.get(eas_wire.RETURN_TYPE) == eas_wire.GSTR2B_RETURN:
            return self._gstr2b(method, query, body)
        if (method, path) == ("GET", COUNTS_PATH):
            names = wire.read_query(query)
            return self._answer(*self.server.execute("ims", names.pop("action", "").upper(), names, None))
        return 404, eas_wire.failure("ResourceNotFound", "err-route-not-found", route=f"{method} {path}")

    def _authorised(self, headers, path: str) -> tuple[int, dict] | None:
        org, token = eas_wire.read_headers(headers)
        if org != self.creds["org_id"]:
            return 403, eas_wire.failure("Authorization", "err-invalid-org")
        expiry = self.tokens.get(token)
        if expiry is None:
            return 403, eas_wire.failure("Authorization", "err-invalid-token")
        action = _fault_name(path)
        if self.server.clock.now() >= expiry or self.server.faults.take(action, (TOKEN_FAULT,)):
            self.tokens.pop(token, None)
            return 403, eas_wire.failure("Authorization", "err-expired-token")
        return None

    def _answer(self, success: bool, result: object) -> tuple[int, dict]:
        if success:
            return 200, eas_wire.success(result)
        code, message = result
        return 400, eas_wire.failure("Runtime", message, code)

    # ---------------------------------------------------------------- logins

    def _login(self, body) -> tuple[int, dict]:
        handle, password, minutes = eas_wire.read_login_body(body)
        if (handle, password) != (self.creds["email"], self.creds["password"]):
            return 401, eas_wire.failure("Authorization", "err-invalid-credentials")
        if not 1 <= minutes <= 360:
            return 400, eas_wire.failure("ClientRequest", "err-invalid-token-duration")
        token = "eas_" + secrets.token_hex(16)
        expiry = self.server.clock.now() + minutes * 60
        self.tokens[token] = expiry
        return 200, eas_wire.success(eas_wire.login_answer(token, int(expiry * 1000), self.creds["org_id"]))

    def _gst_login(self, action: str, body) -> tuple[int, dict]:
        auth = self.server.auth
        config = self.server.portal.config
        values = eas_wire.read_auth_body(body)
        if (values["gstin"], values["username"]) != (config.gstin, config.username):
            return 400, eas_wire.failure("Runtime", "Invalid username or GSTIN for API access", "AUTH4033")
        with auth._lock:
            if action == "OTPREQUEST":
                request_id = str(uuid.uuid4())
                self.otp_requests.add(request_id)
                return 200, eas_wire.success(eas_wire.otp_answer(request_id))
            if action == "AUTHTOKEN":
                if values["otp_request_id"] not in self.otp_requests or values["otp"] != config.otp:
                    return 400, eas_wire.failure("Runtime", "Invalid OTP", "AUTH158")
                self.otp_requests.discard(values["otp_request_id"])
                return 200, eas_wire.success(self._open())
            if action == "REFRESHTOKEN":
                held = auth.sessions.get(values["auth_token"])
                live = held is not None and self.server.clock.now() < held.expires_at
                if values["auth_token"] != self.gst_token or not live:
                    return 400, eas_wire.failure("Runtime", "session expired", "AUTH4038")
                auth.sessions.pop(values["auth_token"], None)
                return 200, eas_wire.success(self._open())
        return 400, eas_wire.failure(
            "ClientRequest", f"action {action!r} is not OTPREQUEST, AUTHTOKEN or REFRESHTOKEN"
        )

    def _open(self) -> dict:
        auth = self.server.auth
        reply = auth._open(auth.username, None)  # GSTN's own answer (token, minutes), passed through
        self.gst_token = wire.parse_auth_reply(reply).auth_token
        return reply

    # ---------------------------------------------------------------- long-running tasks

    def _new_task(self, task: Task) -> tuple[int, dict]:
        task_id = str(uuid.uuid4())
        self.tasks[task_id] = task
        return 200, eas_wire.success(eas_wire.task_answer(task_id))

    def _download(self, query: dict) -> tuple[int, dict]:
        if query.get("status"):
            return 400, eas_wire.failure("ClientRequest", "this sandbox does not simulate the status filter")
        polls = self.server.portal.config.task_polls
        if self.server.faults.take("GETINV", (FAILED_FAULT,)):
            return self._new_task(Task("download", 0, failed="GSTN did not answer the download"))
        names = {"gstin": self.server.portal.config.gstin, "section": str(query.get("section") or "").upper()}
        success, result = self.server.execute("ims", "GETINV", names, None)
        if not success:
            if result[0] in _NO_DOCUMENTS:
                return self._new_task(Task("download", polls))
            return self._answer(success, result)
        queued = wire.parse_queued(result)
        if queued is not None:
            result = self._whole(queued.token)
        size = max(1, self.server.portal.config.task_page_records)
        rows = [(key, row) for key, value in result.items() if isinstance(value, list) for row in value]
        pages = []
        for start in range(0, len(rows), size):
            page: dict = {}
            for key, row in rows[start : start + size]:
                page.setdefault(key, []).append(row)
            pages.append(page)
        return self._new_task(Task("download", polls, pages))

    def _request(self, action: str, body) -> tuple[int, dict]:
        if self.server.faults.take(action, (FAILED_FAULT,)):
            return self._new_task(Task("request", 0, failed="GSTN refused the request"))
        success, result = self.server.execute("ims", action, {}, body)
        if not success:
            return self._answer(success, result)
        try:
            reference = wire.parse_reference(result)
        except PayloadError as error:
            return 500, eas_wire.failure("Runtime", str(error))
        return self._new_task(Task("request", self.server.portal.config.task_polls, reference=reference))

    def _task(self, kind: str, task_id: str, page: str | None) -> tuple[int, dict]:
        # Transport faults (429, 500, drop, timeout) armed for TASK_STATUS, TASK_RESULT or TASK_PAGE.
        self.server._strike("TASK_PAGE" if page is not None else "TASK_" + kind.upper(), "before")
        task = self.tasks.get(task_id)
        if task is None:
            return _not_found(task_id)
        if kind == "status":
            if task.failed:
                error = {"type": "Runtime", "message": task.failed}
                return 200, eas_wire.success(eas_wire.task_status_answer(task_id, "failed", error=error))
            if task.polls_left > 0:
                task.polls_left -= 1
                return 200, eas_wire.success(eas_wire.task_status_answer(task_id, "in-progress", pending=1))
            return 200, eas_wire.success(eas_wire.task_status_answer(task_id, eas_wire.TASK_DONE))
        if task.failed or task.polls_left > 0:
            return 400, eas_wire.failure(
                "ClientRequest", "err-task-not-completed", **eas_wire.task_args(task_id)
            )
        if task.kind == "request":
            if page is not None:
                return _not_found(task_id)
            names = {"gstin": self.server.portal.config.gstin, "reference_id": task.reference}
            return self._answer(*self.server.execute("ims", "REQSTS", names, None))
        if page is None:
            return 200, eas_wire.success(eas_wire.pages_answer(len(task.pages)))
        number = int(page)
        if not 0 <= number < len(task.pages):
            return _not_found(task_id)
        return 200, eas_wire.success(task.pages[number])

    # ---------------------------------------------------------------- GSTR-2B (basic pass-through)

    def _gstr2b(self, method: str, query: dict, body) -> tuple[int, dict]:
        names = wire.read_query(query)
        action = names.pop("action", "").upper()
        data = None
        if method == "PUT":
            try:
                action, data, _ = wire.parse_request_envelope(body)
            except PayloadError as error:
                return 400, eas_wire.failure("ClientRequest", str(error))
        return self._answer(*self.server.execute("gstr2b", action, names, data))

    def _whole(self, token: str) -> dict:
        """EAS downloads GSTN's files itself: the prepared files, merged, as one answer."""
        return merged_files(self.server.portal, token)


def _not_found(task_id: str) -> tuple[int, dict]:
    return 404, eas_wire.failure("ResourceNotFound", eas_wire.NOT_FOUND, **eas_wire.task_args(task_id))


def _fault_name(path: str) -> str:
    """The name a ``token_expired`` fault is armed under for a route: TASK_STATUS, TASK_RESULT,
    TASK_PAGE, or the GSTN action the route carries (GETINV, SAVE, RESETIMS, GSTR2B, AUTH)."""
    match = _TASK.search(path)
    if match:
        return "TASK_PAGE" if match.group(3) is not None else "TASK_" + match.group(1).upper()
    paths = eas_wire.PATHS
    return {
        paths["invoices"]: "GETINV",
        paths["save"]: "SAVE",
        paths["reset"]: "RESETIMS",
        paths["gstr2b"]: "GSTR2B",
        paths["authenticate"]: "AUTH",
    }.get(path, "OTHER")
