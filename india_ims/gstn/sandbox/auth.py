"""The sandbox's side of OTP login and sessions (spec 1.1), with GSTN's encryption when enabled."""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass

from ...gst_india.payload import transport as wire
from .. import crypto
from ..errors import GstnCryptoError
from .portal import PortalError


@dataclass
class SandboxSession:
    username: str
    expires_at: float
    sek: bytes | None


class Authenticator:
    def __init__(
        self, *, username: str, otp: str, session_minutes: int, encrypt: bool, clock, private_key=None
    ):
        self.username = username
        self.otp = otp
        self.session_minutes = session_minutes
        self.encrypt = encrypt
        self.clock = clock
        self.private_key = private_key or (crypto.generate_rsa_private_key() if encrypt else None)
        self.public_key_pem = crypto.public_pem(self.private_key) if self.private_key else None
        self._lock = threading.Lock()
        self._app_keys: dict[str, bytes] = {}  # username -> app key of the pending OTP
        # GSTN itself (and a pass-through GSP) refuses an OTP request without an app key.
        self.require_app_key = False
        self.sessions: dict[str, SandboxSession] = {}

    def handle(self, request: wire.AuthRequest) -> dict:
        if request.username != self.username:
            raise PortalError("AUTH4033", f"user {request.username!r} is not registered for API access")
        with self._lock:
            if request.action == "OTPREQUEST":
                if self.encrypt or self.require_app_key or (request.app_key and self.private_key):
                    self._app_keys[request.username] = self._unwrap_rsa(request.app_key)
                else:
                    self._app_keys.pop(request.username, None)
                return {"status_cd": "1"}
            if request.action == "AUTHTOKEN":
                # An app key sent with the OTP request makes the OTP travel encrypted, as on GSTN.
                app_key = self._app_keys.get(request.username)
                if self.encrypt and app_key is None:
                    raise PortalError("AUTH158", "request an OTP first")
                otp = request.otp or ""
                if app_key is not None:
                    try:
                        otp = crypto.decrypt_key(app_key, otp, what="otp").decode()
                    except GstnCryptoError:
                        raise PortalError("AUTH158", "OTP cannot be read") from None
                if otp != self.otp:
                    raise PortalError("AUTH158", "invalid OTP")
                self._app_keys.pop(request.username, None)
                return self._open(request.username, app_key if self.encrypt else None)
            # REFRESHTOKEN: a live token buys a new one; an expired one needs a new OTP.
            session = self.sessions.get(request.auth_token or "")
            if session is None or self.clock.now() >= session.expires_at:
                raise PortalError("AUTH4038", "session expired")
            new_key = None
            if self.encrypt:
                try:
                    new_key = crypto.decrypt_key(session.sek, request.app_key or "", what="app_key")
                except GstnCryptoError:
                    raise PortalError("AUTH4033", "app key cannot be read") from None
            del self.sessions[request.auth_token]
            return self._open(request.username, new_key)

    def _unwrap_rsa(self, text: str | None) -> bytes:
        if not text:
            raise PortalError("AUTH4033", "app_key is missing")
        try:
            key = crypto.rsa_decrypt(self.private_key, text)
        except GstnCryptoError:
            raise PortalError("AUTH4033", "app_key was not encrypted with this server's public key") from None
        if len(key) != crypto.KEY_BYTES:
            raise PortalError("AUTH4033", "app_key must be 32 bytes")
        return key

    def _open(self, username: str, app_key: bytes | None) -> dict:
        token = secrets.token_hex(16)
        sek = crypto.new_key() if self.encrypt else None
        self.sessions[token] = SandboxSession(username, self.clock.now() + self.session_minutes * 60, sek)
        wrapped = crypto.encrypt_key(app_key, sek) if sek else None
        return wire.build_auth_reply(wire.AuthReply(token, self.session_minutes, wrapped))

    def session_for(self, token: str | None) -> SandboxSession:
        with self._lock:
            session = self.sessions.get(token or "")
            if session is None:
                raise PortalError("AUTH4033", "invalid auth token")
            if self.clock.now() >= session.expires_at:
                raise PortalError("AUTH4038", "session expired")
            return session

    def expire_all(self) -> None:
        """Test hook: every session ends now."""
        with self._lock:
            for session in self.sessions.values():
                session.expires_at = self.clock.now()
