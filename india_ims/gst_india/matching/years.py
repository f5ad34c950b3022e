"""Which financial year a document belongs to, read from its number and its date.

Numbering restarts every April, so the same serial comes back every year: a
supplier's ``KA/24-25/279`` and ``KA/25-26/279`` are two bills, and so are two
bills numbered ``279`` a year apart. Clerks also write the year of one bill
many ways (``FY25-26/KA/00279``, ``KA/26/00279``, ``KA/25/279``, ``279/25-26``)
and mistype a date's year or swap its day and month. The rules below read both
and say, in words, what they decided; each is data with an example, tested one
by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import numpy as np

from . import far_years
from .characters import plain, read_as_digits
from .normalize import financial_years, short_year_after
from .year_tokens import fy_start

# Bills in two financial years by their dates and further apart than this are two bills, unless the
# date is the same date mistyped (a bill received late is booked within weeks, not a season later).
OTHER_YEAR_DAYS = 90
SHORT_YEARS = range(15, 41)  # two-digit years a number may print (2015 to 2040)
_DIGITS = re.compile(r"[0-9]+").findall


@dataclass(frozen=True)
class YearRule:
    name: str
    description: str
    # IMS number, IMS date, books number, books date (ISO) and, where the rule reads it, posting date
    example: tuple[str, ...]
    decides: str  # what the engine does with the example pair


RULES: tuple[YearRule, ...] = (
    YearRule("two-digit year before the serial",
             "a 25 or 26 between prefix and serial is the document date's financial year 2025-26",
             ("FY25-26/KA/00279", "2025-10-14", "KA/26/00279", "2025-10-14"), "written differently"),
    YearRule("two-digit start year before the serial",
             "a 25 between prefix and serial may be the year the financial year starts",
             ("GST-2526-00231", "2025-10-30", "GST/25/231", "2025-10-30"), "written differently"),
    YearRule("a serial after a year is no year",
             "MH/2025/01617A is bill 1617A of 2025, not a number of FY 2016-17: booked with its zeros "
             "dropped it is the same bill",
             ("MH/2025/01617A", "2025-10-14", "MH/2025/1617A", "2025-10-14"), "written differently"),
    YearRule("calendar year before a year-like serial",
             "MH/2026/2024 dated in FY 2026-27 is bill 2024 of 2026 (``in_year``): the number printed "
             "FY26-27/MH/02024", ("FY26-27/MH/02024", "2026-10-14", "MH/2026/2024", "2026-10-14"),
             "written differently"),
    YearRule("year-like serial before a short year",
             "2035/27 dated in FY 2026-27 is bill 2035 (``in_year``), Tally's short form of 2035/26-27",
             ("2035/26-27", "2026-10-14", "2035/27", "2026-10-14"), "written differently"),
    YearRule("a year and its serial are no financial year",
             "KA/2025/2026 holds two digit runs, so one is the serial: bill 2026 of 2025, not a number "
             "of FY 2025-26 (in FY 2024-25, the number printed FY2024-25/KA/2026)",
             ("FY2024-25/KA/2026", "2025-03-14", "KA/2025/2026", "2025-03-14"), "written differently"),
    YearRule("a calendar year and a short year read as the serial and its year",
             "2025/26 of FY 2025-26, both runs the year's, is Tally's bill 2025 with the short year after "
             "it (``in_year.serial_first``) when the other side says so: booked 2025/25-26 or 2025, freight "
             "folded in (it stays bill 26 of 2025 against 26)",
             ("2025/26", "2025-09-10", "2025/25-26", "2025-09-10"), "written differently"),
    YearRule("two calendar years before one short year are two bills",
             "2025/26 and 2026/26 in FY 2025-26 are Tally's bills 2025 and 2026, or bill 26 of two "
             "calendar-year series: never the same bill, though both read alone as bill 26",
             ("2025/26", "2025-09-10", "2026/26", "2025-09-10"), "number differs"),
    YearRule("an FY tag after the serial",
             "INV/39/FY2025 is bill 39 of the year the tag names (2024-25 or 2025-26), never bill 2025 of "
             "a year 39",
             ("FY25/INV/39", "2025-03-07", "INV/39/FY2025", "2025-03-07"), "written differently"),
    YearRule("numbers naming other financial years",
             "a number of FY 2024-25 is not the FY 2025-26 number with the same serial: never Exact or "
             "Suggested, and no pair beyond the date window (serial 1 of each year, days apart across "
             "1 April)",
             ("INV/25-26/0001", "2025-04-02", "INV/24-25/0001", "2025-03-30"), "mismatch at most"),
    YearRule("a financial-year token not of the bill's date",
             "both dated in one financial year and one number naming it: the other's token is a slip "
             "(software still printing last year's on 8 April, a clerk typing last year's), the number "
             "written differently",
             ("KT/2025-26/002", "2026-04-08", "KT/2026-27/002", "2026-04-08"), "written differently"),
    YearRule("last year's token before a serial like this year's",
             "RSI-2526-27 of 8 April 2026 reads alone in its year as bill 2526 of FY 2026-27 (``in_year``); "
             "booked RSI-2627-27, the other side says bill 27 with last year's token still printed",
             ("RSI-2526-27", "2026-04-08", "RSI-2627-27", "2026-04-08"), "written differently"),
    YearRule("a year-like run far from the bill's date is a serial",
             "3/2040 of November 2026 names no year of its own (2039-40 is thirteen years on): leaf 2040 "
             "of book 3, booked 3/2040/26-27 (``far_years``)",
             ("3/2040", "2026-11-20", "3/2040/26-27", "2026-11-20"), "written differently"),
    YearRule("two year-like leaves far from the bill's date are two bills",
             "5/2019 and 5/2020 of November 2026 are leaves 2019 and 2020 of book 5, not bill 5 of two "
             "years: paired on every amount to the paisa at most, the number differing",
             ("5/2019", "2026-11-28", "5/2020", "2026-11-28"), "number differs"),
    YearRule("two-digit year of another financial year",
             "KA/24/279 names FY 2023-24 or 2024-25, not the FY 2025-26 of FY25-26/KA/00279",
             ("FY25-26/KA/00279", "2025-10-14", "KA/24/00279", "2024-10-11"), "no pair"),
    YearRule("a date in another financial year",
             "the same number and amount dated in another financial year, months apart: last year's bill",
             ("RENT-7", "2025-10-01", "RENT-7", "2024-09-28"), "no pair"),
    YearRule("year typed wrong in the date",
             "the same day and month a year apart: the year mistyped (a January habit)",
             ("231", "2025-01-03", "231", "2024-01-03"), "mismatch"),
    YearRule("last year's bill booked in its own year",
             "the same day and month a year apart, but booked (posted) in that year too: last year's own "
             "document, not this one with the year mistyped",
             ("AMC-279", "2025-10-14", "AMC-279", "2024-10-14", "2024-10-18"), "no pair"),
    YearRule("year typed with a digit slip",
             "the same day and month, the year typed with one digit wrong or two swapped (2025 as 2052, "
             "2205, 2015): the date mistyped, booked when the bill came",
             ("RENT-9", "2025-09-14", "RENT-9", "2052-09-14", "2025-09-16"), "mismatch"),
    YearRule("day and month swapped",
             "05/03 read as 3 May: the same date with day and month swapped",
             ("320", "2025-10-06", "320", "2025-06-10"), "mismatch"),
)


def _serial_at(parts: list[str]) -> int:
    for k in range(len(parts) - 1, -1, -1):
        if parts[k][:1].isdigit():
            return k
    return -1


def short_year_dropped(ims_tokens: str, books_tokens: str, start: int) -> bool:
    """Whether two tokens keys (``normalize``) are equal once a two-digit year of the financial year
    starting in ``start`` (25 or 26 for 2025-26), written before the serial, is left out of either."""
    years = {f"{start % 100:02d}", f"{(start + 1) % 100:02d}"}

    def without(tokens: str) -> str:
        parts = tokens.split(".")
        serial = _serial_at(parts)
        return ".".join(p for k, p in enumerate(parts) if not (k < serial and p in years))

    return ims_tokens != books_tokens and without(ims_tokens) == without(books_tokens)


def named_years(number: str) -> frozenset[int]:
    """Start years of the financial years a number may name: its year tokens (``financial_years``),
    or else a two-digit year standing alone before the serial (KA/25/279: 2024-25 or 2025-26; not
    the 18 of INV/0018/2S-26, which is the serial's padding)."""
    years = financial_years(number)
    if years:
        return years
    runs = _DIGITS(number)
    found = set()
    shorts = runs[:-1]  # the last run of digits is the serial, unless a year after it (279/25)
    if len(runs) >= 2 and short_year_after(runs[-2], runs[-1]):
        shorts = [*shorts[:-1], runs[-1]]
    for run in shorts:
        if len(run) == 2 and int(run) in SHORT_YEARS:
            found.update((2000 + int(run) - 1, 2000 + int(run)))
    return frozenset(found)


def other_years(ims_number: str, books_number: str, named=named_years) -> bool:
    """Both numbers name a financial year and no year is common to both; ``named``: ``named_years``
    or a memo of it."""
    first_runs, second_runs = _DIGITS(ims_number), _DIGITS(books_number)
    if len(first_runs) < 2 or len(second_runs) < 2:
        return False  # a number of one run of digits holds its serial and no year
    if len(first_runs) == len(second_runs) and all(
            a.lstrip("0") == b.lstrip("0") for a, b in zip(first_runs, second_runs)):
        return False  # the same digits (zeros, separators, letters aside): the same years if any
    first = named(ims_number)
    if not first:
        return False
    second = named(books_number)
    if not second or not first.isdisjoint(second):
        return False
    # SI/25-Z6/2030 is SI/25-26/2030 with a digit scanned as a letter: the same years once read
    return _read_runs(ims_number) != _read_runs(books_number)


def _four_digit_runs_differ(first: str, second: str) -> bool:
    """Numbers whose digit runs differ, one of them holding a run of four digits (a year or a serial
    like one, ``far_years``)."""
    a, b = _DIGITS(first), _DIGITS(second)
    return a != b and any(len(run) == 4 for run in (*a, *b))


def day_of(ordinal: int) -> date | None:
    """A date ordinal as a date; None for no date (0 or less)."""
    return date.fromordinal(ordinal) if ordinal > 0 else None


def token_slip(ims_number: str, ims_day: date | None, books_number: str, books_day: date | None,
               named=named_years) -> bool:
    """Numbers naming other financial years (``other_years``) of one bill: both dated in one
    financial year and one of them naming it. The other's token is then a slip, not another year's
    bill: a supplier's software still printing ``KT/2025-26/002`` on 8 April 2026, booked
    ``KT/2026-27/002``; a clerk typing last year's token on this year's bill. Dated across 1 April
    (``INV/25-26/0001`` of 2 April, ``INV/24-25/0001`` of 30 March), each names its own year: two
    bills, as before."""
    if ims_day is None or books_day is None:
        return False
    start = fy_start(ims_day)
    return fy_start(books_day) == start and (start in named(ims_number) or start in named(books_number))


def _read_runs(number: str) -> list[str]:
    """The digit runs of a number with look-alike letters read as digits, leading zeros dropped."""
    text = plain(number.strip().upper())
    return [run.lstrip("0") for run in _DIGITS(read_as_digits(text) or text)]


def date_slip(reported: date, booked: date) -> str:
    """How ``booked`` is ``reported`` mistyped, in words; '' when it is not."""
    if reported == booked:
        return ""
    if (reported.month, reported.day) == (booked.month, booked.day) and (
            abs(reported.year - booked.year) == 1 or year_digit_slip(reported.year, booked.year)):
        return f"year typed as {booked.year}"
    if reported.year == booked.year and (reported.day, reported.month) == (booked.month, booked.day):
        return "day and month swapped"
    return ""


def year_digit_slip(first: int, second: int) -> bool:
    """Two years of four digits one digit apart (2025 / 2015) or with two digits swapped (2025 / 2052)."""
    a, b = f"{first:04d}", f"{second:04d}"
    apart = [k for k in range(4) if a[k] != b[k]] if len(a) == len(b) == 4 else []
    return len(apart) == 1 or (len(apart) == 2 and a[apart[0]] == b[apart[1]] and a[apart[1]] == b[apart[0]])


def another_year(reported: date, booked: date, posted: date | None = None) -> bool:
    """Dated in another financial year, further apart than a late booking, and no date slip; or the
    same day and month a year apart with the entry ``posted`` in the booked date's year as well: a
    clerk who mistypes the year books the bill when it comes, so the posting date stays near the
    bill's real date, while last year's bill (the same rent, retainer or AMC fee under the same
    number) was booked last year."""
    if fy_start(reported) == fy_start(booked) or abs((reported - booked).days) <= OTHER_YEAR_DAYS:
        return False
    if not date_slip(reported, booked):
        return True
    return booked_in_its_year(reported, booked, posted)


def booked_in_its_year(reported: date, booked: date, posted: date | None) -> bool:
    """The entry was posted in the financial year of its bill date, months away from ``reported``, on
    a day of its own: a posting date equal to the bill date may be the one date typed once and copied,
    mistyped year and all, and says nothing of when the entry was made."""
    return posted is not None and posted != booked and fy_start(posted) == fy_start(booked) \
        and abs((posted - reported).days) > OTHER_YEAR_DAYS


def year_rules(level, in_window, i, j, via_original, ims, books, as_written=None):
    """Apply the rules to candidate pairs in bulk (``compare``): ``level`` is updated in place (a
    two-digit year of the document's financial year read as written differently, level 3 -> 2;
    numbers of other financial years beyond the window, no pair: level 5). Returns two masks: pairs
    whose numbers name other financial years (never Exact or Suggested), and pairs dated in another
    financial year, months apart, with no date slip (no pair). ``as_written``: pairs whose numbers
    agree as written and not as their years read them (``levels.as_written_levels``)."""
    other = np.zeros(len(i), dtype=bool)
    far = np.zeros(len(i), dtype=bool)
    starts: dict[int, int] = {}

    def start_of(ordinal: int) -> int:
        value = starts.get(ordinal)
        if value is None:
            value = starts[ordinal] = fy_start(date.fromordinal(ordinal)) if ordinal > 0 else 0
        return value

    # numbers as read in their financial year (``in_year``): 2035/26 of FY 2025-26 is bill 2035
    ims_numbers = ims.read_numbers if ims.read_numbers is not None else ims.numbers
    books_numbers = books.read_numbers if books.read_numbers is not None else books.numbers

    def texts(position: int):
        if via_original[position]:  # the original read in its own date's year (``in_year``)
            return ims.original_read_numbers[i[position]], ims.original_tokens[i[position]]
        return ims_numbers[i[position]], ims.tokens[i[position]]

    for position in np.flatnonzero(level == 3).tolist():
        start = start_of(int(ims.date[i[position]]))
        if start and short_year_dropped(texts(position)[1], books.tokens[j[position]], start):
            level[position] = 2
    memo: dict[str, frozenset[int]] = {}

    def days_of(position: int) -> tuple[date | None, date | None]:
        """The reported date the pair is judged on (an amendment booked under its original: the
        original's) and the booked one."""
        reported = (ims.original_date if via_original[position] else ims.date)[i[position]]
        return day_of(int(reported)), day_of(int(books.date[j[position]]))

    def years_of(number: str) -> frozenset[int]:
        value = memo.get(number)
        if value is None:
            value = memo[number] = named_years(number)
        return value

    for position in np.flatnonzero((level == 2) | (level == 3)).tolist():
        if as_written is not None and as_written[position]:
            number, booked = ims.numbers[i[position]], books.numbers[j[position]]
        else:
            number, booked = texts(position)[0], books_numbers[j[position]]
        if other_years(number, booked, years_of):
            if not in_window[position]:
                level[position] = 5
            else:
                reported_day, booked_day = days_of(position)
                other[position] = not token_slip(number, reported_day, booked, booked_day, years_of)
        elif _four_digit_runs_differ(number, booked):
            # 5/2019 and 5/2020 of November 2026: leaves of a bill book, not bill 5 of two years
            reported_day, booked_day = days_of(position)
            read = far_years.read_level(number, reported_day, booked, booked_day)
            if read is not None and read > level[position]:
                level[position] = read
    # an amendment booked under its original is dated by the original (last year's bill of the same
    # number is no more the original than it is the amendment)
    rows = np.flatnonzero((level <= 3) & ~in_window)
    reported, booked = ims.date[i[rows]], books.date[j[rows]]
    if ims.original_date is not None:
        original = ims.original_date[i[rows]]
        reported = np.where(via_original[rows] & (original > 0), original, reported)
    months_apart = (reported > 0) & (booked > 0) & (np.abs(reported - booked) > OTHER_YEAR_DAYS)
    posted = books.posted
    for position, first, second in zip(rows[months_apart].tolist(), reported[months_apart].tolist(),
                                       booked[months_apart].tolist()):
        day = posted[books.order[j[position]]] if posted is not None else None
        far[position] = another_year(date.fromordinal(first), date.fromordinal(second), day)
    return other, far
