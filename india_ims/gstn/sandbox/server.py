"""``india-ims sandbox``: the portal behind an HTTP server on 127.0.0.1 that speaks the client's protocol.

GSTN routes (suffix match, so any GSP-style prefix works): ``.../authenticate``, ``.../returns/ims``,
``.../returns/gstr2b``, and ``/files/<name>`` for queued downloads. Admin routes under ``/sandbox/``
drive the simulation (faults, supplier behaviour, GSTR-3B filing, state files); the same operations
are methods of ``SandboxServer`` and ``Portal`` for tests.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import orjson

from ...gst_india.errors import GstError, PayloadError
from ...gst_india.payload import transport as wire
from .. import crypto
from ..clock import SystemClock
from ..errors import GstnCryptoError
from ..settings import GstnSettings
from . import admin, api, dialects, eas_api, rest_api
from .auth import Authenticator
from .faults import TRANSPORT_KINDS, FaultPlan
from .portal import Portal, PortalError
from .supplier import SupplierSide

PREFIX = "/taxpayerapi"
ENDPOINTS = (("/authenticate", "authenticate"), ("/returns/ims", "ims"), ("/returns/gstr2b", "gstr2b"))


class _Dropped(Exception):
    """Close the connection without an answer."""


class SandboxServer:
    def __init__(
        self,
        portal: Portal,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        clock=None,
        private_key=None,
        log=None,
        dialect: str = "gstn",
        supplier: SupplierSide | None = None,
    ):
        if dialect not in dialects.DIALECTS:
            raise ValueError(f"dialect {dialect!r} is not one of {', '.join(dialects.DIALECTS)}")
        self.portal = portal
        self.clock = clock or SystemClock()
        self.faults = FaultPlan()
        self.log = log
        self.dialect = dialect
        config = portal.config
        passthrough = dialect in dialects.PASS_THROUGH
        if passthrough and private_key is None and not config.encrypt:
            private_key = crypto.generate_rsa_private_key()  # a GSP's GSTN always wants the app key
        self.auth = Authenticator(
            username=config.username,
            otp=config.otp,
            session_minutes=config.session_minutes,
            encrypt=config.encrypt,
            clock=self.clock,
            private_key=private_key,
        )
        self.auth.require_app_key = passthrough
        self.provider = dialects.ProviderCredentials.for_dialect(dialect, private_key)
        self.rest = (
            rest_api.RestDialect(self) if dialect == "sandbox-api"
            else eas_api.EasDialect(self) if dialect == "vayana-eas"
            else None
        )
        self.supplier = supplier or SupplierSide.seeded(config.gstin, config.period, config.today)
        self.httpd = ThreadingHTTPServer((host, port), _handler_for(self))
        self.httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        return self.httpd.server_address[1]

    @property
    def root_url(self) -> str:
        return f"http://{self.httpd.server_address[0]}:{self.port}"

    @property
    def base_url(self) -> str:
        return self.root_url if self.dialect in dialects.REST_DIALECTS else self.root_url + PREFIX

    def client_settings(self, **overrides) -> GstnSettings:
        """Settings that reach this sandbox in its dialect (tests and the demo start from these)."""
        values = {
            "base_url": self.base_url,
            "gstin": self.portal.config.gstin,
            "username": self.portal.config.username,
            "client_id": "sandbox",
            "client_secret": "sandbox",
            "encrypt": self.portal.config.encrypt,
            "gstn_public_key": self.auth.public_key_pem,
            # The action name GSTN has not published (adapter settings refuse to guess it).
            "actions": {"supplier_view": "SUPVIEW", "added_back": dialects.ADDED_BACK_ACTION},
        }
        values.update(self.provider.settings_values())
        values.update(overrides)
        return GstnSettings(**values)

    def start(self) -> SandboxServer:
        self._thread = threading.Thread(
            target=self.httpd.serve_forever, args=(0.05,), name="gstn-sandbox", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # ---------------------------------------------------------------- one API call

    def api_call(self, endpoint: str, method: str, headers, query: dict, body: object) -> tuple[int, dict]:
        refusal = self.provider.check(headers)
        if refusal is not None:
            return 401, {"status_cd": "0", "error": {"error_cd": "GSP401", "message": refusal}}
        values = wire.read_headers(headers)
        if endpoint == "authenticate":
            try:
                return 200, self.auth.handle(wire.parse_auth_request(body))
            except PayloadError as error:
                return 200, wire.error_envelope("AUTH4033", str(error))
            except PortalError as error:
                return 200, wire.error_envelope(error.code, error.message)
        try:
            session = self.auth.session_for(values.auth_token)
            if values.gstin != self.portal.config.gstin:
                raise PortalError("RET11402", f"header gstin {values.gstin!r} is not this taxpayer")
            if method == "GET":
                names = wire.read_query(query)
                action, data = names.pop("action", "").upper(), None
            else:
                action, data, mac = wire.parse_request_envelope(body)
                names = {}
                if self.portal.config.encrypt:
                    data = crypto.decrypt_json(session.sek, data, mac, what=f"{action} body")
        except (PortalError, PayloadError, GstnCryptoError) as error:
            code = getattr(error, "code", None) or "IMS_BAD_REQUEST"
            return 200, wire.error_envelope(code, getattr(error, "message", str(error)))
        ok, result = self.execute(endpoint, action, names, data)
        if not ok:
            return 200, wire.error_envelope(*result)
        return 200, self._success(session, result)

    def execute(self, endpoint: str, action: str, names: dict, data: object) -> tuple[bool, object]:
        """One authorised operation with faults: (True, result) or (False, (code, message)).

        Every dialect ends here, so a fault armed for an action strikes whichever dialect carries it.
        """
        self._strike(action, "before")
        slow = self.faults.take(action, ("slow",)) if action in ("SAVE", "RESETIMS") else None
        partial = self.faults.take(action, ("partial",)) if action in ("SAVE", "RESETIMS") else None
        short = self.faults.take(action, ("drop_records",)) if action == "GETINV" else None
        try:
            if (endpoint, action) in dialects.SUPPLIER_ACTIONS:
                result = dialects.supplier_view(self, action, names)
            else:
                result = api.dispatch(
                    self.portal,
                    endpoint,
                    action,
                    names,
                    data,
                    file_base_url=self.root_url,
                    polls=slow.polls if slow else 0,
                    fail_records=partial.records if partial else 0,
                    report=partial.report if partial else "gstn",
                    drop_records=short.records if short else 0,
                )
        except PortalError as error:
            outcome = (False, (error.code, error.message))
        except GstError as error:
            outcome = (False, ("IMS_BAD_REQUEST", str(error)))
        else:
            outcome = (True, result)
        self._strike(action, "after")
        return outcome

    def _success(self, session, result: object) -> dict:
        if not self.portal.config.encrypt:
            return wire.success_envelope(result)
        rek = crypto.new_key()
        data, mac = crypto.encrypt_json(rek, result)
        return wire.success_envelope(data, rek=crypto.encrypt_key(session.sek, rek), mac=mac)

    def _strike(self, action: str, when: str) -> None:
        fault = self.faults.take(action, TRANSPORT_KINDS, when=when)
        if fault is None:
            return
        self._note(f"fault {fault.kind} ({when}) on {action}")
        if fault.kind == "timeout":
            time.sleep(fault.delay)  # real time: the client's socket timeout must fire
            raise _Dropped()
        if fault.kind == "drop":
            raise _Dropped()
        raise _HttpStatus(429 if fault.kind == "http_429" else 500)

    def _note(self, text: str) -> None:
        if self.log:
            self.log(text)


class _HttpStatus(Exception):
    def __init__(self, status: int):
        self.status = status


def _handler_for(server: SandboxServer):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "india-ims-gstn-sandbox"

        def setup(self):
            super().setup()
            # One answer is headers then body: without this, Nagle and delayed ACKs add ~40 ms a call.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
            server._note(format % args)

        def do_GET(self):
            self._route("GET")

        def do_PUT(self):
            self._route("PUT")

        def do_POST(self):
            self._route("POST")

        def do_DELETE(self):
            self._route("DELETE")

        def _body(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            if not raw:
                return None
            try:
                return json.loads(raw)
            except ValueError:
                return raw

        def _route(self, method: str):
            parts = urlsplit(self.path)
            query = dict(parse_qsl(parts.query))
            body = self._body() if method != "GET" else None
            try:
                if parts.path.startswith("/sandbox/"):
                    status, reply = admin.handle(server, method, parts.path[len("/sandbox/") :], query, body)
                    return self._send(status, reply)
                if parts.path.startswith("/files/"):
                    return self._file(parts.path[len("/files/") :])
                if server.rest is not None:
                    if isinstance(body, bytes):
                        return self._send(422, {"code": 422, "message": "body is not JSON"})
                    status, reply = server.rest.handle(method, parts.path, query, self.headers, body)
                    return self._send(status, reply)
                endpoint = next(
                    (name for suffix, name in ENDPOINTS if parts.path.rstrip("/").endswith(suffix)), None
                )
                if endpoint is None:
                    return self._send(404, wire.error_envelope("IMS_BAD_REQUEST", f"no route {parts.path}"))
                if isinstance(body, bytes):
                    return self._send(200, wire.error_envelope("IMS_BAD_REQUEST", "body is not JSON"))
                status, reply = server.api_call(endpoint, method, self.headers, query, body)
                return self._send(status, reply)
            except _Dropped:
                self.close_connection = True
            except _HttpStatus as error:
                if error.status == 429:
                    return self._send(429, {"code": 429, "message": "rate limit exceeded"})
                self._send(error.status, {"error": "internal server error"})

        def _file(self, name: str):
            content = server.portal.files.get(name)
            if content is None:
                return self._send(404, {"error": f"no file {name}"})
            if server.faults.take("FILE", ("corrupt_file",)):
                content = content[:-1] + bytes([content[-1] ^ 0xFF])
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def _send(self, status: int, reply: dict):
            raw = _encoded(reply)
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

    return Handler


def _encoded(reply: object) -> bytes:
    """The reply as JSON bytes: orjson writes a lakh-record GETINV in a fifth of the standard
    library's time (the benchmark's download waited on this); anything it refuses (a key that is
    not text, a number too big for it) is written by the standard library as before."""
    try:
        return orjson.dumps(reply, option=orjson.OPT_NON_STR_KEYS)
    except TypeError:
        return json.dumps(reply).encode("utf-8")
