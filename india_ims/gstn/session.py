"""OTP authentication and the session's life (spec 1.1): OTPREQUEST, AUTHTOKEN, REFRESHTOKEN.

The session is plain data (``to_dict``/``from_dict``) so the Frappe layer can keep it between
requests. A session is refreshed when it comes within ``refresh_margin_seconds`` of expiry; once
expired, only a new OTP opens a new one, and the error says so.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass

from ..gst_india.errors import PayloadError
from ..gst_india.payload import transport as wire
from . import crypto
from .errors import GstnApiError, GstnAuthError, GstnSessionExpired, GstnTransportError, api_error
from .transport import SessionKeys, Transport

# An OTPREQUEST has no session yet: an "invalid session/app key" answer to it means GSTN could not
# decrypt the app key, i.e. the certificate used is not GSTN's current one.
APP_KEY_REFUSED_CODES = frozenset({"AUTH4033", "AUTH4034", "AUTH158"})


@dataclass
class SessionState:
    auth_token: str
    expires_at: float
    sek: bytes | None = None
    app_key: bytes | None = None

    def to_dict(self) -> dict:
        return {
            "auth_token": self.auth_token,
            "expires_at": self.expires_at,
            "sek": base64.b64encode(self.sek).decode() if self.sek else None,
            "app_key": base64.b64encode(self.app_key).decode() if self.app_key else None,
        }

    @classmethod
    def from_dict(cls, data: dict) -> SessionState:
        return cls(
            auth_token=data["auth_token"],
            expires_at=float(data["expires_at"]),
            sek=base64.b64decode(data["sek"]) if data.get("sek") else None,
            app_key=base64.b64decode(data["app_key"]) if data.get("app_key") else None,
        )


class Session:
    def __init__(self, transport: Transport, clock, state: SessionState | None = None):
        self.transport = transport
        self.settings = transport.settings
        self.clock = clock
        self.state = state
        self._app_key: bytes | None = None  # between OTPREQUEST and AUTHTOKEN

    # ---------------------------------------------------------------- login

    def request_otp(self) -> None:
        # GSTN and pass-through GSPs refuse an OTPREQUEST without an app key: one is sent whenever
        # GSTN's public key is known, even when the GSP encrypts payloads itself.
        wrap = self.settings.encrypt or bool(self.settings.gstn_public_key)
        self._app_key = crypto.new_key() if wrap else None
        try:
            self._auth_call(wire.AuthRequest("OTPREQUEST", self.settings.username, self._wrapped_app_key()))
        except GstnApiError as error:
            if self._app_key is not None and error.code in APP_KEY_REFUSED_CODES:
                rotated = GstnAuthError(
                    None,
                    "GSTN could not read the app key encrypted with the GSTN public key (certificate) in "
                    "IMS Settings. GSTN has probably rotated its certificate: download the current one "
                    "from the GST developer portal (or ask your GSP) and paste it into IMS Settings.",
                    action="OTPREQUEST",
                )
                rotated.code = error.code  # the words are ours; the code stays GSTN's
                raise rotated from None
            raise

    def authenticate(self, otp: str) -> SessionState:
        if self.settings.encrypt and self._app_key is None:
            raise GstnAuthError(None, "request an OTP before entering it", action="AUTHTOKEN")
        app_key = self._app_key
        otp_field = crypto.encrypt_key(app_key, str(otp).encode()) if app_key else str(otp)
        reply = self._auth_call(
            wire.AuthRequest("AUTHTOKEN", self.settings.username, self._wrapped_app_key(), otp_field)
        )
        self.state = self._state_from(reply, app_key)
        self._app_key = None
        return self.state

    def refresh(self) -> SessionState:
        if self.state is None:
            raise GstnSessionExpired(None, "no session to refresh", action="REFRESHTOKEN")
        if self.clock.now() >= self.state.expires_at:
            raise GstnSessionExpired("AUTH4038", None, action="REFRESHTOKEN")
        new_key = crypto.new_key() if self.settings.encrypt else None
        wrapped = crypto.encrypt_key(self.state.sek, new_key) if new_key and self.state.sek else None
        reply = self._auth_call(
            wire.AuthRequest(
                "REFRESHTOKEN", self.settings.username, wrapped, auth_token=self.state.auth_token
            )
        )
        self.state = self._state_from(reply, new_key)
        return self.state

    @property
    def pending_app_key(self) -> bytes | None:
        """The app key between OTPREQUEST and AUTHTOKEN: a caller that logs in from another process
        (a web request after a background job) keeps it and sets it back before ``authenticate``."""
        return self._app_key

    @pending_app_key.setter
    def pending_app_key(self, key: bytes | None) -> None:
        self._app_key = key

    # ---------------------------------------------------------------- use

    @property
    def seconds_left(self) -> float:
        return self.state.expires_at - self.clock.now() if self.state else 0.0

    def keys(self) -> SessionKeys:
        """Keys for the next call; refreshes a session that is about to expire."""
        if self.state is None:
            raise GstnSessionExpired(None, "not logged in to GSTN; request an OTP and log in")
        left = self.seconds_left
        if left <= 0:
            raise GstnSessionExpired("AUTH4038", None)
        if left <= self.settings.refresh_margin_seconds:
            self.refresh()
        return SessionKeys(self.state.auth_token, self.state.sek)

    def expire(self) -> None:
        """GSTN said the session is gone (AUTH4033/4038): forget it."""
        self.state = None

    # ---------------------------------------------------------------- internals

    def _wrapped_app_key(self) -> str | None:
        if self._app_key is None:
            return None
        return crypto.rsa_encrypt(self.settings.gstn_public_key, self._app_key)

    def _auth_call(self, request: wire.AuthRequest) -> wire.AuthReply | None:
        url = self.settings.url("authenticate")
        headers = self.transport.headers(None, action=request.action)
        if request.auth_token:
            headers["auth-token"] = request.auth_token
        # Authentication calls create state on GSTN but are safe to repeat: a lost OTPREQUEST only
        # sends another OTP, a lost AUTHTOKEN is answered again or refused for a used OTP.
        body = self.transport.send(
            "POST", url, headers=headers, json_body=wire.build_auth_request(request), idempotent=True
        )
        try:
            envelope = wire.parse_response_envelope(body)
        except PayloadError as error:
            raise GstnTransportError(f"{request.action}: {error}") from None
        if not envelope.ok:
            raise api_error(envelope.error_code, envelope.error_message, action=request.action)
        if request.action == "OTPREQUEST":
            return None
        try:
            return wire.parse_auth_reply(body)
        except PayloadError as error:
            raise GstnAuthError(None, str(error), action=request.action) from None

    def _state_from(self, reply: wire.AuthReply, app_key: bytes | None) -> SessionState:
        sek = None
        if self.settings.encrypt:
            if not reply.sek or app_key is None:
                raise GstnAuthError(None, "GSTN sent no session key", action="AUTHTOKEN")
            sek = crypto.decrypt_key(app_key, reply.sek, what="sek")
        expiry = max(1, reply.expiry_minutes) * 60.0
        return SessionState(reply.auth_token, self.clock.now() + expiry, sek, app_key)
