"""GSTN's dates: DD-MM-YYYY in every payload (spec conventions)."""

from __future__ import annotations

from datetime import date, datetime

from ..errors import GstError


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
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise GstError(f"{_show(value)} is not a date (DD-MM-YYYY)")


def format_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."
