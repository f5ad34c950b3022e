"""One HTTP exchange with GSTN: headers, envelope, encryption, retries with backoff.

GETs are retried on timeouts, dropped connections and 5xx. PUTs are retried only when the request
provably never left (connect errors); any other failure of a PUT is reported as *outcome unknown*,
because GSTN may have taken it, and the caller must ask GSTN rather than send it again blindly.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import orjson
import requests

from ..gst_india.errors import PayloadError
from ..gst_india.payload import transport as wire
from ..gst_india.payload.envelope import decoded_text
from . import crypto
from .adapters.headers import gstn_headers, provider_headers
from .errors import GstnCryptoError, GstnProviderRefused, GstnRateLimited, GstnTransportError
from .settings import GstnSettings


@dataclass
class SessionKeys:
    """What an authenticated session adds to each call."""

    auth_token: str
    sek: bytes | None = None  # only with GSTN encryption


class Transport:
    def __init__(self, settings: GstnSettings, clock, http: requests.Session | None = None):
        self.settings = settings
        self.clock = clock
        self.http = http or requests.Session()
        self.calls = 0  # every HTTP attempt, retries included (tests and logs read it)

    def headers(
        self, keys: SessionKeys | None, return_period: str | None = None, action: str = ""
    ) -> dict[str, str]:
        """GSTN's headers, the provider profile's, then the configured extra headers."""
        s = self.settings
        transaction_id = uuid.uuid4().hex
        headers = gstn_headers(
            s,
            transaction_id=transaction_id,
            auth_token=keys.auth_token if keys else None,
            return_period=return_period,
        )
        now = self.clock.now()
        headers.update(provider_headers(s, transaction_id=transaction_id, action=action, now=now))
        headers.update(s.extra_headers)
        return headers

    # ---------------------------------------------------------------- raw send

    def send(
        self, method: str, url: str, *, headers: dict, params=None, json_body=None, idempotent: bool
    ) -> dict:
        """Send with retries; returns the decoded JSON object of the reply."""
        delays = list(self.settings.retry_delays)
        attempt = 0
        while True:
            attempt += 1
            self.calls += 1
            try:
                response = self.http.request(
                    method,
                    url,
                    headers=headers,
                    params=params,
                    json=json_body,
                    timeout=self.settings.timeout,
                )
            except requests.ConnectTimeout as error:
                failure = GstnTransportError(
                    f"{method} {url}: could not connect ({error.__class__.__name__})"
                )
            except (requests.Timeout, requests.ConnectionError) as error:
                # The request may have reached GSTN: only a repeatable read may go again.
                failure = GstnTransportError(
                    f"{method} {url}: no answer ({error.__class__.__name__}){_unreachable(error)}",
                    outcome_unknown=not idempotent,
                )
                if not idempotent:
                    raise failure from error
            else:
                if response.status_code == 429:
                    # Rate limited: the provider processed nothing, so any request may go again later.
                    failure = GstnRateLimited(
                        f"{method} {url}: the provider is rate-limiting requests (HTTP 429); "
                        "try again in a few minutes",
                        retry_after=_retry_after(response),
                    )
                    if delays:
                        self.clock.sleep(max(delays.pop(0), failure.retry_after or 0.0))
                        continue
                    raise failure
                if response.status_code in (401, 403):
                    raise GstnProviderRefused(response.status_code, _body_text(response), url=url)
                if response.status_code >= 500:
                    failure = GstnTransportError(
                        f"{method} {url}: GSTN answered HTTP {response.status_code}",
                        outcome_unknown=not idempotent,
                        status=response.status_code,
                    )
                    if not idempotent:
                        raise failure
                else:
                    try:
                        body = _json_of(response)
                    except ValueError:
                        raise GstnTransportError(
                            f"{method} {url}: HTTP {response.status_code} with a body that is not JSON",
                            status=response.status_code,
                            outcome_unknown=not idempotent,
                        ) from None
                    if not isinstance(body, dict):
                        raise GstnTransportError(f"{method} {url}: reply is not a JSON object")
                    return body
            if not delays:
                raise failure
            self.clock.sleep(delays.pop(0))

    # ---------------------------------------------------------------- enveloped calls

    def call(
        self,
        endpoint: str,
        action: str,
        *,
        keys: SessionKeys,
        method: str = "GET",
        query: dict | None = None,
        data: object = None,
        return_period: str | None = None,
    ) -> wire.ResponseEnvelope:
        """An API call inside the session: encrypts the body and decrypts the reply when enabled."""
        url = self.settings.url(endpoint)
        headers = self.headers(keys, return_period, action)
        encrypting = self.settings.encrypt and keys.sek is not None
        if method == "GET":
            params = wire.build_query(action=action, **(query or {}))
            body = self.send("GET", url, headers=headers, params=params, idempotent=True)
        else:
            if encrypting:
                enc, mac = crypto.encrypt_json(keys.sek, data)
                payload = wire.request_envelope(action, enc, mac)
            else:
                payload = wire.request_envelope(action, data)
            body = self.send(method, url, headers=headers, json_body=payload, idempotent=False)
        try:
            envelope = wire.parse_response_envelope(body)
        except PayloadError as error:
            if action in _STATUS_ACTIONS and "data" not in body and str(body.get("status_cd") or "").strip(
            ).upper() in _PROCESSING_CODES:
                # A GSP that decrypted the status and sent it as the whole answer ({"status_cd": "P",
                # "proc_cnt": ...}): it is the status, not an unknown answer that keeps a request in flight.
                return wire.ResponseEnvelope(True, body, raw=body)
            raise GstnTransportError(f"{action}: {error}", outcome_unknown=method != "GET") from None
        if envelope.ok and encrypting and envelope.rek and isinstance(envelope.data, str):
            rek = crypto.decrypt_key(keys.sek, envelope.rek, what="rek")
            data_out = crypto.decrypt_json(rek, envelope.data, envelope.mac, what=f"{action} reply")
            return wire.ResponseEnvelope(True, data_out, raw=envelope.raw)
        if envelope.ok and encrypting:
            raise GstnCryptoError(f"{action}: GSTN sent a plain reply on an encrypted session")
        if envelope.ok and isinstance(envelope.data, str) and envelope.data.strip():
            # A GSP that decrypts may leave GSTN's inner base64 layer on (spec 1.1), or send JSON as text.
            # Text that is neither stays as it came: each caller says what it needed instead.
            try:
                return wire.ResponseEnvelope(True, decoded_text(envelope.data), raw=envelope.raw)
            except PayloadError:
                return envelope
        return envelope


_STATUS_ACTIONS = frozenset({"REQSTS", "GENSTS2B"})
_PROCESSING_CODES = frozenset({"IP", "P", "PE", "ER"})


def _json_of(response: requests.Response):
    """The reply's JSON: orjson reads a UTF-8 body (a lakh-record GETINV envelope in a fraction of
    the standard library's time); anything it refuses (another encoding, a BOM, NaN) goes to requests'
    own reader, so what is accepted, and its ``ValueError``, are as before."""
    try:
        return orjson.loads(response.content)
    except orjson.JSONDecodeError:
        return response.json()


def _retry_after(response) -> float | None:
    try:
        return float(response.headers.get("Retry-After"))
    except (TypeError, ValueError):
        return None


def _body_text(response) -> str:
    """A provider's own words for a refusal, from the JSON body when there is one."""
    try:
        body = response.json()
    except ValueError:
        return (response.text or "")[:200]
    if isinstance(body, dict):
        for name in ("message", "error_description", "error"):
            value = body.get(name)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, dict) and value.get("message"):
                return str(value["message"])
    return ""


# How requests (urllib3) and the C library say a host name was not found.
_NOT_FOUND_WORDS = ("NameResolutionError", "Failed to resolve", "Name or service not known",
                    "nodename nor servname", "getaddrinfo failed", "Temporary failure in name resolution")


def _unreachable(error: Exception) -> str:
    """What a user can do about a request that never reached the host: its name not found is a
    wrong Provider base URL or this server's network, not the provider's fault."""
    if any(words in str(error) for words in _NOT_FOUND_WORDS):
        return (
            ": this server could not find the host by its name (DNS); check the Provider base URL in "
            "IMS Settings and that this server can reach the internet"
        )
    return ""

