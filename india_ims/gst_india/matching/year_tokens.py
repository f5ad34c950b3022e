"""Year tokens in document numbers: which digits may be a year, and when digits after a year are
the serial however like a year they look (``normalize`` reads numbers with these)."""

from __future__ import annotations

from datetime import date

# Financial years a glued serial may start with (2015-16 to 2039-40).
GLUED_YEARS = frozenset(f"{year:02d}" for year in range(15, 40))


def consecutive(first: str, second: str) -> bool:
    """Whether two digit tokens read as a financial year: 25-26, 2025-26, 2025-2026 (not 26-0027)."""
    if len(first) not in (2, 4) or len(second) not in (2, 4) or len(second) > len(first):
        return False  # 25-26, 2025-26, 2025-2026; never 26-2027, which is a year and a serial
    a, b = int(first), int(second)
    if (len(first) == 4 and not 2000 <= a <= 2099) or (len(second) == 4 and not 2000 <= b <= 2099):
        return False
    return (a + 1) % 100 == b % 100


def fy4(token: str) -> bool:
    """2526 as one token (2015-16 to 2039-40: GST began in 2017, so 1011 or 1112 is a serial)."""
    return len(token) == 4 and token[:2] in GLUED_YEARS and int(token[:2]) + 1 == int(token[2:])


def is_year(token: str) -> bool:
    return len(token) == 4 and 2015 <= int(token) <= 2040


# GST began on 1 July 2017: no GST document names a financial year before 2017-18.
GST_FIRST_YEAR = 2017


def years_of(head: list[str]) -> frozenset[int]:
    """Start years of the financial year a number's head names when its digits are one year and
    nothing else (MH/2025/, SI/25-26/, KA/26/); empty otherwise."""
    digits = [k for k, token in enumerate(head) if token[0].isdigit()]
    if len(digits) == 2 and digits[1] == digits[0] + 1 and consecutive(head[digits[0]], head[digits[1]]):
        return frozenset((2000 + int(head[digits[0]][-2:]),))
    if len(digits) != 1 or head[0][0].isdigit():
        return frozenset()  # 2019-2526 reads serial, then year
    return as_year(head[digits[0]])


def as_year(token: str) -> frozenset[int]:
    if fy4(token):
        return frozenset((2000 + int(token[:2]),))
    if is_year(token):
        return frozenset((int(token) - 1, int(token)))
    if token in GLUED_YEARS:
        return frozenset((2000 + int(token) - 1, 2000 + int(token)))
    return frozenset()


def year_then_serial(head: list[str], last: str) -> bool:
    """Whether the 4 digits ``last`` after a head that names its year are the serial, however like a
    year they look: after a 25-26 or a 26 (SI/25-26/2829, INV/27/2032), or when read as a year they name
    the head's year again (MH/2025/2526: no one types the year twice side by side with no serial
    between) or one before GST began (MH/2025/1617 is bill 1617, never FY 2016-17). A calendar year
    and another GST-era year (PUN/2018-2526) keep the reading serial, then year."""
    years = years_of(head)
    if not years:
        # a branch code's digit before the series word (PUNDC1/INV/26-27/2627) names no year: the
        # head's year is what follows its last word
        words = [k for k, token in enumerate(head) if token[0].isalpha()]
        if len(words) > 1:
            head = head[words[-1]:]
            years = years_of(head)
    if not years or max(years) < GST_FIRST_YEAR:
        return False
    digits = [token for token in head if token[0].isdigit()]
    if len(digits) == 2 or len(digits[0]) == 2:
        # 25-26 is a financial year beyond doubt, and so is a lone 26 before 4 digits (INV/27/2032:
        # a serial 27 with the year 2032 typed after it is far-fetched): what follows is the serial
        return True
    named = as_year(last)
    return bool(named) and (bool(named & years) or max(named) < GST_FIRST_YEAR)


def serial_like_year(tokens: list[str], position: int) -> bool:
    """The last digit token of a number that names its year before it (``year_then_serial``)."""
    return all(not t[0].isdigit() for t in tokens[position + 1:]) \
        and year_then_serial(tokens[:position], tokens[position])


def unglued(digits: str) -> str:
    """The serial without a year glued before its zero padding: GST252600481, TXN25000496. Padding
    fills a serial of a few digits: behind two digits and zeros, seven significant digits or more
    are one long number (an e-way bill's 170058437185), not year 17 and bill 58437185."""
    if len(digits) >= 7 and digits[:2] in GLUED_YEARS:
        if fy4(digits[:4]):
            return digits[4:]
        if digits[2] == "0" and len(digits[2:].lstrip("0")) <= 6:
            return digits[2:]
    if len(digits) >= 8 and digits[:2] == "20" and digits[2:4] in GLUED_YEARS and digits[4] == "0":
        return digits[4:]  # MH202500516: a calendar year glued before the padding
    return digits


def fy_start(day: date) -> int:
    """The calendar year the financial year of ``day`` starts in (April to March)."""
    return day.year if day.month >= 4 else day.year - 1
