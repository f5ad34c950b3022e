"""A number read in its document's financial year: the readings its text alone cannot settle.

Two digit runs that each read as a year leave a number two readings: ``MH/2026/2024`` is bill 2026
of 2024 or bill 2024 of 2026, ``2035/26`` is bill 26 of 2035 or bill 2035 of FY 2025-26. Read
alone, ``normalize`` takes one of them by rule. The document's own date settles it: the run that
names the date's financial year (or the next or last one, a date a day off at 1 April) is the
year and the other the serial, when it is nearer that year than the other run (a bill of October
2026 prints its own year, not one eight years on). The other reading
is given as text, the number with the year run left out (``MH/2024``, ``2035``), so its keys are
the ordinary ones of that text. An amendment's original number is read in its original date's year
(``features.ims_side``): the amendment may carry a corrected date of another year.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from datetime import date
from itertools import accumulate

from .characters import plain
from .normalize import key_tuple
from .year_tokens import GLUED_YEARS, as_year, consecutive, fy4, fy_start, is_year

_RUNS = re.compile(r"[0-9]+")
# A calendar year and a short year and nothing else: 2025/26, 2026/26, 2025-25
_YEAR_TWICE = re.compile(r"([0-9]{4})[^0-9A-Z]+([0-9]{2})")
# Serial keys (``normalize``) a number read either way may have now: a short year, a calendar year, a
# glued financial year. Only numbers whose serial key is one of these are looked at again.
YEAR_LIKE_SERIALS = frozenset(GLUED_YEARS) | frozenset(str(y) for y in range(2015, 2041)) \
    | frozenset(f"{y}{y + 1}" for y in range(15, 40))


@dataclass(frozen=True)
class InYearRule:
    name: str
    description: str
    example: tuple[str, str, str]  # number, document date (ISO), the number as that date reads it


RULES: tuple[InYearRule, ...] = (
    InYearRule("calendar year before a year-like serial",
               "the run naming the document's own year is the year: MH/2026/2024 of October 2026 is bill "
               "2024 of 2026, not bill 2026 of 2024", ("MH/2026/2024", "2026-10-14", "MH/2024")),
    InYearRule("year-like serial before a short year",
               "2035/26 of September 2025 is bill 2035 of FY 2025-26, not bill 26 of 2035",
               ("2035/26", "2025-09-03", "2035")),
    InYearRule("a date next to the financial year's turn",
               "2035/27 booked on 31 March 2026 (a bill of 1 April, FY 2026-27, the date a day early): "
               "bill 2035 of the year next door, not bill 27 of 2035", ("2035/27", "2026-03-31", "2035")),
    InYearRule("both runs name the document's year",
               "2025/26 of September 2025: either run may be FY 2025-26's; read as the text alone reads it",
               ("2025/26", "2025-09-03", "2025/26")),
    InYearRule("neither reading is the document's alone",
               "MH/2025/2024 of January 2025 (FY 2024-25): both runs may name it; read as written",
               ("MH/2025/2024", "2025-01-20", "MH/2025/2024")),
    InYearRule("a compact financial year after a calendar year",
               "PUN/2026-2526 of September 2025: 2026 and 2526 may both name FY 2025-26, but 2526 is "
               "written as a financial year, so it is the year and 2026 the serial",
               ("PUN/2026-2526", "2025-09-14", "PUN/2026")),
    InYearRule("an amendment's original in its own date's year",
               "an amendment (B2BA, CDNRA) booked under its original number: the original is read in the "
               "original date's financial year, not the amendment's. 2026/25 of 28 March 2025 (FY 2024-25), "
               "amended in September 2025 with its date corrected, is bill 2026 (booked 2026/24-25), not "
               "bill 25 of 2026", ("2026/25", "2025-03-28", "2026")),
    InYearRule("a financial year is no serial",
               "2025-26 is one financial year, never a serial and a year",
               ("SI/2025-26", "2025-09-03", "SI/2025-26")),
)


@dataclass(frozen=True, slots=True)
class OtherReading:
    years: frozenset[int]  # start years of the financial years the run read as the year now names
    other_years: frozenset[int]  # ... the other run names, read as the year instead
    text: str  # the number as the other reading has it: its year run left out
    # the run the other reading takes for the year is a compact financial year (2526) and the one
    # read as the year now a calendar year (2026): where both name the date's year, 2526 is the year
    compact_year: bool = False


def other_reading(number: str, serial: str) -> OtherReading | None:
    """The other reading of a number of two digit runs that each read as a year (``serial``: its
    serial key as ``normalize`` reads it alone); None for every other number."""
    text = plain(number.strip().upper())
    runs = list(_RUNS.finditer(text))
    if len(runs) != 2:
        return None
    first, second = runs
    between, after = text[first.end():second.start()], text[second.end():]
    if not between or any(c.isalnum() for c in between) or (after and not after.isalpha()):
        return None  # a separator between the runs, letters at most after them
    a, b = first.group(), second.group()
    if consecutive(a, b) or not (_year_run(a) and _year_run(b)):
        return None  # 25-26, 2025-26: one financial year, no serial
    if serial == b.lstrip("0"):  # read now: a the year, b the serial
        return OtherReading(as_year(a), as_year(b), text[:first.end()] + after, fy4(b) and is_year(a))
    if serial == a.lstrip("0"):  # read now: a the serial, b the year
        return OtherReading(as_year(b), as_year(a), text[:first.start()] + text[second.start():],
                            fy4(a) and is_year(b))
    return None


def _year_run(run: str) -> bool:
    return (len(run) == 2 and run in GLUED_YEARS) or (len(run) == 4 and (is_year(run) or fy4(run)))


def takes_other(reading: OtherReading, start: int) -> bool:
    """Whether a document of the financial year starting in ``start`` reads the number the other way:
    the other reading's year is the document's or its neighbour (a bill of 1 April booked on 31
    March), and nearer to it than the year read now, or as near and written as a financial year
    (2526 against 2026)."""
    other, now = _distance(reading.other_years, start), _distance(reading.years, start)
    return other <= 1 and (other < now or (other == now == 0 and reading.compact_year))


def _distance(years: frozenset[int], start: int) -> int:
    return min(abs(year - start) for year in years)


def read_in_year(number: str | None, day: date | None) -> str:
    """``number`` as a document dated ``day`` reads it: the other reading's text where the date's
    financial year settles it that way, else the number itself (for reasons and tests; the engine
    does the same in bulk, ``columns.NumberKeys.reread``)."""
    if not number or day is None:
        return number or ""
    keys = key_tuple(number)
    if keys is None or keys[3] not in YEAR_LIKE_SERIALS:
        return number
    reading = other_reading(number, keys[3])
    return reading.text if reading is not None and takes_other(reading, fy_start(day)) else number


def serial_first(number: str) -> tuple[str, frozenset[int]] | None:
    """A bare calendar year and short year (``2025/26``, ``2026/26``) is two numbers in one: bill 26
    of a calendar-year series (as ``normalize`` reads it alone) or Tally's bill 2025 with the short
    year after it (the "1001/21" of Tally's numbering guides). The second reading's text (the
    four-digit run) and the financial years (start years) both runs name, where the date cannot
    settle it; None for every other number. The other side of a pair settles it
    (``columns.NumberKeys.alternate``): ``2025/25-26`` and ``2025`` are bill 2025, ``26`` is bill 26."""
    match = _YEAR_TWICE.fullmatch(plain(number.strip().upper()))
    if match is None or not is_year(match[1]) or match[2] not in GLUED_YEARS:
        return None
    years = as_year(match[1]) & as_year(match[2])
    return (match[1], years) if years else None


# A branch, ledger or warehouse code that holds a digit, then a run that reads as a year, and perhaps
# the financial year: BR2/2031, S602-2034, WH1-2027, S118-2526/25-26, S021-19 (a short year). The
# code may start with its digit (7I: TI with its T read as a 7) and the financial year may stand
# between it and the run (7I/2025-2026/2526: bill 2526 of FY 2025-26, which alone reads as bill 7I),
# and a ledger code may stand before the series' own letters (S515-TI/2025-2026/2526).
# One pattern a line, run over all the distinct numbers joined: a call per number cost a quarter of a
# second at a million.
_CODE_THEN_YEAR = re.compile(
    r"^[ \t]*(?:[A-Z]{1,4}[0-9]{1,4}|[0-9][A-Z]{1,3})[^0-9A-Z\n]+"  # the code and a separator: BR2/, 7I/
    r"(?:[A-Z]{1,4}[^0-9A-Z\n]+)?"  # the series' own letters behind a ledger code: S515-TI/
    # the financial year (2025-2026/), tried only where the run alone does not reach the end: in
    # BR2/2025/25-26 the run is 2025/25-26, not 26 after a year 2025/25
    r"(?:(?:20)?[0-9]{2}[^0-9A-Z\n]?(?:20)?[0-9]{2}[^0-9A-Z\n]+)??"
    # the run: 2031, 2526/25-26, 19
    r"([0-9]{4}(?:[^0-9A-Z\n]+[0-9]{2}(?:[^0-9A-Z\n]?[0-9]{2})?)?|[0-9]{2})[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)
# The second reading of such a number holds whatever its date: the code is no year, so nothing in
# the text ties the run to the date's financial year.
ANY_YEAR = frozenset(range(2000, 2100))


def serials_behind_codes(numbers: list[str]) -> dict[int, tuple[str, frozenset[int]]]:
    """Positions of ``numbers`` read two ways because a code holding a digit stands before a run
    that reads as a year: alone, ``normalize`` takes the code's digits for the serial and the run
    for its year (``BR2/2031``: bill 2 of 2031), as it must for ``INV2/2025``; but the run may be
    the serial behind a branch or ledger code (bill 2031 of branch BR2), as a supplier who numbers
    plainly reports it in IMS (``2031``). The second reading's text (the run and any year after it)
    and the years it holds in (``ANY_YEAR``); the other side of a pair settles which
    (``compare._serial_first_levels``), as for ``serial_first``."""
    joined = "\n".join(numbers)
    if joined.count("\n") != len(numbers) - 1:  # a number holding a line break: one at a time
        found = ((k, _CODE_THEN_YEAR.fullmatch(number)) for k, number in enumerate(numbers))
        matches = [(k, match) for k, match in found if match is not None]
    else:
        starts = list(accumulate((len(number) + 1 for number in numbers), initial=0))
        found = _CODE_THEN_YEAR.finditer(joined)
        matches = [(bisect_right(starts, match.start()) - 1, match) for match in found]
    out = {}
    for k, match in matches:
        text = match[1]
        if text[:4] in YEAR_LIKE_SERIALS:
            out[k] = (text, ANY_YEAR)
    return out
