"""A small fault-injecting HTTP proxy between the GSTN client and the sandbox (standard library only).

Each request is classified by its GSTN action (``SAVE``, ``RESET`` for RESETIMS, ``REQSTS``,
``GETINV``, ``AUTH``, ``OTHER``): GETs carry ``action`` in the query, PUTs and POSTs in the JSON body.
Armed ``Rule`` objects are matched in order; a rule lets ``skip`` matching requests pass, then strikes
``times`` of them (``None``: for ever), then lets everything through again.

Fault kinds (``FAULTS``):

- ``drop_after``      forward, then close the connection without an answer (GSTN processed it)
- ``drop_before``     close the connection without forwarding
- ``status``          answer ``status`` (500/502/503/504 ...) without forwarding
- ``forward_status``  forward, then answer ``status`` anyway
- ``delay_after``     forward, then hold the answer ``delay`` seconds (past the client's timeout)
- ``delay_before``    hold the request ``delay`` seconds, then forward it (it reaches GSTN late)
- ``truncate``        forward, answer 200 with the first half of GSTN's body
- ``invalid_json``    forward, answer 200 with an HTML page
- ``in_progress``     REQSTS only: answer a valid "IP" (in progress) without forwarding
- ``duplicate``       send the request upstream twice; answer the first (``answer="first"``) or the
                      second upstream reply
- ``crash``           forward, then answer with the header ``X-Proxy-Crash``: ``CrashingHttp`` on the
                      client side raises ``Crash`` on seeing it, so the client process "dies" after
                      GSTN took the request and before it read the answer.
"""

from __future__ import annotations

import http.client
import json
import socket
import threading
import time
from dataclasses import dataclass, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

import requests

FAULTS = (
    "drop_after", "drop_before", "status", "forward_status", "delay_after", "delay_before",
    "truncate", "invalid_json", "in_progress", "duplicate", "crash",
)
KIND_OF_ACTION = {"SAVE": "SAVE", "RESETIMS": "RESET", "REQSTS": "REQSTS", "GETINV": "GETINV"}
CRASH_HEADER = "X-Proxy-Crash"


class Crash(BaseException):  # noqa: N818 - a kill, not an error: nothing in the product may catch it
    """The client process dies (BaseException, like SystemExit: no ``except Exception`` stops it)."""


@dataclass
class Rule:
    kind: str  # SAVE, RESET, REQSTS, GETINV, AUTH, OTHER, or ANY
    fault: str
    times: int | None = 1
    skip: int = 0
    status: int = 500
    delay: float = 0.0
    answer: str = "first"

    def __post_init__(self):
        if self.fault not in FAULTS:
            raise ValueError(f"unknown fault {self.fault!r}")


@dataclass
class Exchange:
    kind: str
    method: str
    fault: str | None
    forwarded: int  # how many times it was sent upstream (0, 1 or 2)
    upstream_status: int | None = None


class FaultProxy:
    def __init__(self, upstream_root: str):
        parts = urlsplit(upstream_root)
        self.upstream = (parts.hostname, parts.port)
        self.rules: list[Rule] = []
        self.exchanges: list[Exchange] = []
        self.lock = threading.Lock()
        self.idle = threading.Condition(self.lock)
        self.active = 0
        self.writes_in_flight = 0  # SAVE/RESET requests being forwarded right now
        self.max_writes_in_flight = 0
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.httpd.daemon_threads = True
        self._thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,), daemon=True)

    # ------------------------------------------------------------------ control

    def __enter__(self) -> FaultProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.wait_idle()
        self.httpd.shutdown()
        self.httpd.server_close()

    @property
    def root_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def arm(self, *rules: Rule) -> None:
        """Arm copies (a rule counts down as it strikes; the caller's stays as written)."""
        with self.lock:
            self.rules.extend(replace(rule) for rule in rules)

    def clear(self) -> None:
        with self.lock:
            self.rules.clear()

    def wait_idle(self, timeout: float = 10.0) -> None:
        """Wait until no request is being handled (a delayed request has reached GSTN and returned)."""
        deadline = time.monotonic() + timeout
        with self.idle:
            while self.active:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError("proxy still busy")
                self.idle.wait(left)

    def count(self, kind: str, *, upstream: bool = True) -> int:
        """Requests of ``kind`` received (``upstream=False``) or sent on to GSTN (each copy counted)."""
        with self.lock:
            if upstream:
                return sum(e.forwarded for e in self.exchanges if e.kind == kind)
            return sum(1 for e in self.exchanges if e.kind == kind)

    def mark(self) -> int:
        with self.lock:
            return len(self.exchanges)

    def since(self, mark: int) -> list[Exchange]:
        with self.lock:
            return list(self.exchanges[mark:])

    def struck(self) -> list[str]:
        with self.lock:
            return [f"{e.kind}:{e.fault}" for e in self.exchanges if e.fault]

    # ------------------------------------------------------------------ internals

    def _take(self, kind: str) -> Rule | None:
        with self.lock:
            for rule in self.rules:
                if rule.kind not in (kind, "ANY"):
                    continue
                if rule.skip > 0:
                    rule.skip -= 1
                    return None
                if rule.times is None:
                    return rule
                if rule.times > 0:
                    rule.times -= 1
                    return rule
            return None

    def forward(self, method: str, path: str, headers, body: bytes | None, kind: str):
        is_write = kind in ("SAVE", "RESET")
        with self.lock:
            if is_write:
                self.writes_in_flight += 1
                self.max_writes_in_flight = max(self.max_writes_in_flight, self.writes_in_flight)
        try:
            conn = http.client.HTTPConnection(*self.upstream, timeout=30)
            try:
                conn.connect()
                conn.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                sent = {k: v for k, v in headers.items() if k.lower() not in ("host", "connection")}
                conn.request(method, path, body=body, headers=sent)
                response = conn.getresponse()
                ctype = response.getheader("Content-Type", "application/json")
                return response.status, ctype, response.read()
            finally:
                conn.close()
        finally:
            with self.lock:
                if is_write:
                    self.writes_in_flight -= 1


def classify(method: str, path: str, body: bytes | None) -> str:
    parts = urlsplit(path)
    if parts.path.startswith("/sandbox/"):
        return "ADMIN"
    if parts.path.rstrip("/").endswith("authenticate"):
        return "AUTH"
    action = dict(parse_qsl(parts.query)).get("action")
    if action is None and body:
        try:
            action = json.loads(body).get("action")
        except (ValueError, AttributeError):
            action = None
    return KIND_OF_ACTION.get(str(action or "").upper(), "OTHER")


IN_PROGRESS = json.dumps({"status_cd": "1", "data": {"status_cd": "IP"}}).encode()
HTML = b"<html><body><h1>502 Bad Gateway</h1>GSP maintenance</body></html>"


def _handler(proxy: FaultProxy):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def setup(self):
            super().setup()
            # Headers and body go out as two writes: without this, Nagle and delayed ACKs add ~40 ms.
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, format, *args):  # noqa: A002 - the stdlib's signature
            pass

        def do_GET(self):
            self._relay("GET")

        def do_PUT(self):
            self._relay("PUT")

        def do_POST(self):
            self._relay("POST")

        def do_DELETE(self):
            self._relay("DELETE")

        def _relay(self, method: str) -> None:
            with proxy.lock:
                proxy.active += 1
            try:
                self._handle(method)
            except (BrokenPipeError, ConnectionResetError):
                self.close_connection = True  # the client has gone (it timed out): GSTN answered anyway
            finally:
                with proxy.idle:
                    proxy.active -= 1
                    proxy.idle.notify_all()

        def _handle(self, method: str) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else None
            kind = classify(method, self.path, body)
            rule = proxy._take(kind) if kind != "ADMIN" else None
            exchange = Exchange(kind, method, rule.fault if rule else None, 0)
            with proxy.lock:
                proxy.exchanges.append(exchange)

            def upstream():
                exchange.forwarded += 1
                status, ctype, raw = proxy.forward(method, self.path, self.headers, body, kind)
                exchange.upstream_status = status
                return status, ctype, raw

            fault = rule.fault if rule else None
            if fault is None:
                return self._answer(*upstream())
            if fault == "drop_before":
                self.close_connection = True
                return None
            if fault == "status":
                return self._answer(rule.status, "application/json", b'{"error": "injected"}')
            if fault == "in_progress" and kind == "REQSTS":
                return self._answer(200, "application/json", IN_PROGRESS)
            if fault == "delay_before":
                time.sleep(rule.delay)
                return self._answer(*upstream())
            if fault == "duplicate":
                first = upstream()
                second = upstream()
                return self._answer(*(first if rule.answer == "first" else second))
            status, ctype, raw = upstream()
            if fault == "drop_after":
                self.close_connection = True
                return None
            if fault == "forward_status":
                return self._answer(rule.status, "application/json", b'{"error": "injected"}')
            if fault == "delay_after":
                time.sleep(rule.delay)
                return self._answer(status, ctype, raw)
            if fault == "truncate":
                return self._answer(200, ctype, raw[: max(1, len(raw) // 2)])
            if fault == "invalid_json":
                return self._answer(200, "text/html", HTML)
            if fault == "crash":
                return self._answer(status, ctype, raw, crash=True)
            return self._answer(status, ctype, raw)

        def _answer(self, status: int, ctype: str, raw: bytes, crash: bool = False) -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(raw)))
            if crash:
                self.send_header(CRASH_HEADER, "1")
            self.end_headers()
            self.wfile.write(raw)

    return Handler


class CrashingHttp(requests.Session):
    """The client's HTTP session: dies (``Crash``) on an answer the proxy marked ``crash``, and
    optionally before sending the ``crash_before``-th request (counting every request it sends)."""

    def __init__(self, crash_before: int | None = None):
        super().__init__()
        self.sent = 0
        self.crash_before = crash_before

    def request(self, method, url, *args, **kwargs):
        self.sent += 1
        if self.crash_before is not None and self.sent == self.crash_before:
            raise Crash(f"killed before request {self.sent}")
        response = super().request(method, url, *args, **kwargs)
        if response.headers.get(CRASH_HEADER):
            raise Crash(f"killed after GSTN answered {method} {url}")
        return response
