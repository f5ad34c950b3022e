"""GSTN errors, and GSTN's codes turned into sentences an accountant understands (spec 2.4)."""

from __future__ import annotations

from ..gst_india.errors import GstError

# Codes from spec 2.4 plus the sandbox's own IMS codes (GSTN publishes no IMS per-record codes; the
# IMS_* codes are ours and are marked as such in the report).
ERROR_MESSAGES: dict[str, str] = {
    "RET11416": "GSTN has no documents for this request.",
    "RET13508": "GSTN has no documents for this request.",
    "RET13509": "GSTN has no documents for this request.",
    "RET13510": "GSTN has no documents for this request.",
    "RET11417": "GSTN has no documents for this request.",
    "RTN_24": "GSTN queued the request because the data is large; it will be ready in a few minutes.",
    "RET2B1016": "GSTR-2B has no documents for this period.",
    "RET2B1018": "GSTR-2B for this period is not available before its cut-off date (the 14th).",
    "RET2B1023": "GSTR-2B for this period has not been generated yet; generate it and try again.",
    "RET2B1010": "GSTN refused the GSTR-2B request: API access is not authorised. Log in again with OTP.",
    "RET11402": "GSTN refused the request: API access is not authorised. Log in again with OTP.",
    "AUTH158": "The OTP is wrong or has expired. Request a new OTP.",
    "AUTH4033": "The GSTN session is not valid. Log in again with OTP.",
    "AUTH4038": "The GSTN session has expired. Log in again with OTP.",
    "AUTH4037": (
        "API access is not enabled for this GSTIN on the GST portal (My Profile > Manage API Access)."
    ),
    "IMS_PREV_STATUS": (
        "GSTN's copy of this record changed since it was downloaded; download IMS again and retry."
    ),
    "IMS_PENDING_BLOCKED": "Pending is not allowed for this record.",
    "IMS_ACTION_REFUSED": "GSTN refused this action for this record.",
    "IMS_FROZEN": "GSTR-3B for this record's period is filed; its action can no longer change.",
    "IMS_NOT_FOUND": "GSTN has no such record in IMS (the supplier may have deleted or amended it).",
    "IMS_UPLOAD_IN_PROGRESS": (
        "An earlier upload for this GSTIN is still being processed; wait for it to finish."
    ),
    "IMS_BAD_REQUEST": "GSTN could not read the request.",
    "IMS_REQUEST_NOT_FOUND": "GSTN does not know this reference id.",
    "FILE_HASH": "A downloaded file did not match the hash GSTN announced; it was refused.",
    # Codes seen in public material on GSTN's IMS (spec 7.3, providers.md 1.2-1.6).
    "IMSSAV0054": (
        "GSTN needs a declaration of the ITC to reduce when a credit note is accepted (Y with the "
        "amounts, or N: ITC not availed). Declare it on the record, or set a default in IMS Settings."
    ),
    "IMSSAV0010": (
        "The action GSTN holds for this record is not the one sent as the previous action, or the "
        "supplier has edited the record; download IMS again and retry."
    ),
    "IMSSAV005": "GSTN found the upload malformed (schema validation failed); nothing of it was taken.",
    "IMS0027": "GSTN has no records for this request.",
    "IMS2B007": (
        "GSTR-2B cannot be regenerated for this period: it is not the open ITC period, or its GSTR-3B "
        "is already filed."
    ),
    "IMS2B009": "GSTR-2B can be regenerated only after its draft is available (from the 14th).",
    "AUTH403": (
        "The GST portal refused another API session for this taxpayer (the maximum number of sessions "
        "is reached); wait for an older session to expire, then log in again."
    ),
}


def user_message(code: str | None, fallback: str | None = None) -> str:
    """A sentence for the user: ours for a known code, GSTN's own text otherwise."""
    if code and code in ERROR_MESSAGES:
        text = ERROR_MESSAGES[code]
        return f"{text} (GSTN {code})"
    if fallback:
        return f"{fallback} (GSTN {code})" if code else fallback
    return f"GSTN error {code}" if code else "GSTN returned an error without a code"


class GstnError(GstError):
    """Anything that went wrong talking to GSTN."""

    code: str | None = None


class GstnApiError(GstnError):
    """GSTN answered with ``status_cd`` 0 and an error code."""

    def __init__(self, code: str | None, message: str | None = None, *, action: str | None = None):
        self.code = code
        self.gstn_message = message
        self.action = action
        prefix = f"{action}: " if action else ""
        super().__init__(prefix + user_message(code, message))


class GstnNoData(GstnApiError):
    """GSTN answered that there is nothing to return (no documents, no GSTR-2B yet): not a failure."""


class GstnAuthError(GstnApiError):
    """The session or OTP was refused; a new OTP login is needed."""


class GstnSessionExpired(GstnAuthError):
    pass


class GstnTransportError(GstnError):
    """No usable answer: timeouts, dropped connections, 5xx after every retry.

    ``outcome_unknown`` is true when the request may have reached GSTN (a PUT that timed out):
    the caller must find out from GSTN what happened instead of assuming either way.
    """

    def __init__(self, message: str, *, outcome_unknown: bool = False, status: int | None = None):
        self.outcome_unknown = outcome_unknown
        self.status = status
        super().__init__(message)


class GstnRateLimited(GstnTransportError):
    """HTTP 429 after every back-off: nothing was processed, the same request may go again later."""

    def __init__(self, message: str, *, retry_after: float | None = None):
        self.retry_after = retry_after
        super().__init__(message, status=429)


class GstnProviderRefused(GstnTransportError):
    """HTTP 401/403 from the provider: its credentials (key, secret, token) were not accepted."""

    def __init__(self, status: int, detail: str = "", *, url: str = ""):
        self.detail = detail
        text = (
            f"the provider refused the request (HTTP {status}): check the provider credentials in IMS "
            "Settings"
        )
        if detail:
            text += f" (the provider said: {detail})"
        super().__init__(text, status=status)


class GstnCryptoError(GstnError):
    """A payload that cannot be decrypted or whose HMAC or file hash does not match."""


class GstnBusyError(GstnError):
    """An upload for this GSTIN is already running or not yet processed."""

    code = "IMS_UPLOAD_IN_PROGRESS"


AUTH_CODES = frozenset({"AUTH158", "AUTH4033", "AUTH4038", "AUTH403", "RET2B1010", "RET11402"})
EXPIRED_CODES = frozenset({"AUTH4033", "AUTH4038"})
NO_DOCUMENT_CODES = frozenset(
    {"RET11416", "RET13508", "RET13509", "RET13510", "RET11417", "RET2B1016", "IMS0027"}
)
QUEUED_CODE = "RTN_24"
# "No data" answers (providers.md 4.3): empty results, and a GSTR-2B not generated yet.
NO_DATA_CODES = NO_DOCUMENT_CODES | {"RET2B1023"}


def api_error(code: str | None, message: str | None, *, action: str | None = None) -> GstnApiError:
    if code in EXPIRED_CODES:
        return GstnSessionExpired(code, message, action=action)
    if code in AUTH_CODES:
        return GstnAuthError(code, message, action=action)
    if code in NO_DATA_CODES:
        return GstnNoData(code, message, action=action)
    return GstnApiError(code, message, action=action)
