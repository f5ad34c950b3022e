"""The one place the Frappe layer reads "today".

GST dates (the 11th/13th/14th/20th, Section 16(4), when a GSTR-2B is generated) run on India's
calendar, so "today" is the date in India, whatever the site's time zone: at 05:00 IST on the 1st
a site set to New York still shows the last day of the month. Tests pin it with ``pinned``, so a
test passes on every real day, and every date rule in the layer reads this module, so what a test
pins is what the app decides with.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from zoneinfo import ZoneInfo

IST = ZoneInfo("Asia/Kolkata")

_pinned: list[date] = []


def today() -> date:
    """Today in India, or the date a caller pinned."""
    if _pinned:
        return _pinned[-1]
    return datetime.now(IST).date()


@contextmanager
def pinned(day: date) -> Iterator[date]:
    """Everything in the layer sees ``day`` as today inside the block (nested pins stack)."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise TypeError(f"pinned() takes a date, not {type(day).__name__}")
    _pinned.append(day)
    try:
        yield day
    finally:
        _pinned.pop()


def pin(day: date) -> None:
    """Pin without a block, for test fixtures that undo it with ``unpin`` (setUp/tearDown)."""
    if not isinstance(day, date) or isinstance(day, datetime):
        raise TypeError(f"pin() takes a date, not {type(day).__name__}")
    _pinned.append(day)


def unpin() -> None:
    if _pinned:
        _pinned.pop()
