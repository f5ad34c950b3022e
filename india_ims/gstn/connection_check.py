""" "Test connection": each step of reaching IMS tried in turn and said in words.

Steps: the provider's own login (where it has one), the OTP session, one count call. A step that
cannot run says why (no session: the OTP needs a person). Nothing here sends an OTP.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from .adapter import ImsAdapter
from .errors import GstError


@dataclass(frozen=True)
class Step:
    name: str
    ok: bool | None  # None: not applicable or not tried
    words: str


def check_connection(adapter: ImsAdapter, *, format_time=None) -> list[Step]:
    """``format_time`` turns epoch seconds into the user's local time (the machine's by default)."""
    format_time = format_time or (lambda ts: datetime.fromtimestamp(ts).strftime("%d-%m-%Y %H:%M"))
    steps = []
    try:
        platform = adapter.platform_check()
    except GstError as error:
        return [Step("Provider login", False, str(error))]
    if platform is None:
        steps.append(
            Step(
                "Provider login",
                None,
                "This provider has no separate login: it checks its headers on every call to GSTN.",
            )
        )
    else:
        steps.append(Step("Provider login", True, platform))
    state = adapter.session.state
    now = adapter.clock.now()
    if state is None or state.expires_at <= now:
        steps.append(
            Step("OTP session", False, "No live GSTN session: request an OTP and log in, then test again.")
        )
        steps.append(Step("Count call", None, "Not tried: it needs the OTP session."))
        return steps
    until = format_time(state.expires_at)
    steps.append(Step("OTP session", True, f"Logged in to GSTN until {until}."))
    try:
        counts = adapter.get_counts()
    except GstError as error:
        steps.append(Step("Count call", False, str(error)))
        return steps
    total = sum(c.total for c in counts.values())
    parts = ", ".join(f"{section} {c.total}" for section, c in sorted(counts.items()) if c.total)
    steps.append(Step("Count call", True, f"GSTN answered: {total} records in IMS ({parts or 'none'})."))
    return steps
