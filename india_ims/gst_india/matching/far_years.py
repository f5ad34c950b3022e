"""A run that reads as a year where the document's date says it cannot be one: a serial.

Alone, ``normalize`` reads a lone four-digit run from 2015 to 2040 (or 1516 to 3940) as a year and
drops it: ``5/2019`` is bill 5 of 2019. A bill-book's leaf or a counter reaches those values too:
on a bill of November 2026, ``5/2019`` is leaf 2019 of book 5 (``5/2020`` the next leaf, another
bill), and ``3/2040`` is ``3/2040/26-27`` with its year left off. The document's date settles it:
a year two financial years or more from the date's own is no year of that bill (a supplier whose
software still prints last year's is one year off, ``years.token_slip``). Such a number is read
with those runs as serial digits, written with a leading zero so that no rule takes them for a
year again (``5/02019``: tokens ``5.2019``, serial ``2019``).

Read pair by pair (``years.year_rules``, ``compare``), for the pairs whose numbers agree only once a
year is dropped, or agree in nothing: a month's numbers are never all scanned for it.
"""

from __future__ import annotations

import re
from datetime import date

from .characters import plain
from .in_year import serial_first, serials_behind_codes
from .normalize import number_keys
from .year_tokens import as_year, consecutive, fy4, fy_start, is_year

_RUNS = re.compile(r"[0-9]+")
# Two financial years or more from the date's own: no year of that bill.
FAR = 2


def reading(number: str, start: int) -> str | None:
    """``number`` as a document of the financial year starting in ``start`` reads it: its lone
    year-like runs as serial digits (``5/02019``) where each is ``FAR`` from that year; None where
    the number reads as written (one run of digits alone is a serial already: 2023; a run beside
    another that makes a financial year, 2019-20, is that year; a year of the bill's own time
    beside a far run, MH/2026/2019, is the year and the far run the serial)."""
    text = plain(number.strip().upper())
    runs = list(_RUNS.finditer(text))
    if len(runs) < 2 or serial_first(text) is not None or serials_behind_codes([text]):
        return None  # 2025/26, BR2/2031: read both ways already, the other side settling which
    padded, at = [], 0
    for k, run in enumerate(runs):
        value = run.group()
        if not (fy4(value) or is_year(value)):
            continue
        if (k and consecutive(runs[k - 1].group(), value)) \
                or (k + 1 < len(runs) and consecutive(value, runs[k + 1].group())):
            continue
        if min(abs(year - start) for year in as_year(value)) < FAR:
            return None
        padded.append(text[at:run.start()] + "0")
        at = run.start()
    return "".join(padded) + text[at:] if padded else None


def read_level(first: str, first_day: date | None, second: str, second_day: date | None) -> int | None:
    """The level (``normalize``) at which two numbers agree once each is read in its date's year
    (``reading``); None where neither reads another way."""
    a = reading(first, fy_start(first_day)) if first_day else None
    b = reading(second, fy_start(second_day)) if second_day else None
    if a is None and b is None:
        return None
    return number_keys(a or first).level(number_keys(b or second))
