"""GSTN's dates: DD-MM-YYYY in every payload (spec conventions)."""

from __future__ import annotations

from datetime import date, datetime

from ..errors import GstError
from ..periods import IST


def parse_date(text: object) -> date:
    if text is None or isinstance(text, bool) or not isinstance(text, (str, int)):
        raise GstError(f"{_show(text)} is not a date (DD-MM-YYYY)")
    value = str(text).strip()
    # GSTN's own DD-MM-YYYY without strptime, which costs most of a 100k-record download.
    day, month, year = value[:2], value[3:5], value[6:]
    if len(value) == 10 and value[2] == value[5] == "-" and (day + month + year).isdigit():
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass  # an impossible date: strptime below words the error
    for fmt in _FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    moment = _moment(value)
    if moment is not None:
        return moment
    raise GstError(f"{_show(value)} is not a date (DD-MM-YYYY)")


# GSTN's DD-MM-YYYY, then what providers and spreadsheets turn it into (a month's English name,
# 03-Oct-2026, is as sure as its number). Two-digit years are not read: 03-10-26 could be 1926 or
# 2026 to a reader, and a wrong year moves Section 16(4).
_FORMATS = ("%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y-%m-%d", "%d-%m-%Y %H:%M:%S", "%d/%m/%Y %H:%M:%S",
            "%d-%b-%Y", "%d %b %Y", "%d/%b/%Y")


def _moment(value: str) -> date | None:
    """A timestamp (2026-10-03T00:00:00, ...Z, ...+05:30): its day in India, where GST dates are
    counted, so 2026-10-02T20:00:00Z is the 3rd."""
    if "T" not in value and " " not in value:
        return None
    text = value[:-1] + "+00:00" if value.endswith(("Z", "z")) else value
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(IST)
    return moment.date()


def format_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
