"""GST return periods (``MMYYYY``), financial years and the dates they drive."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

from .errors import InvalidPeriod

_PERIOD = re.compile(r"^(0[1-9]|1[0-2])(\d{4})$")


# Month names of labels and messages, not the C library's %b, which follows the locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True, order=True)
class ReturnPeriod:
    """A tax month. Ordered by time (year first), printed as GSTN's MMYYYY."""

    year: int
    month: int

    def __post_init__(self):
        if not 1 <= self.month <= 12:
            raise InvalidPeriod(f"month {self.month} is not 1-12")
        if not 2017 <= self.year <= 2099:
            raise InvalidPeriod(f"year {self.year} is outside GST (2017 onwards)")

    @classmethod
    def parse(cls, text: str) -> ReturnPeriod:
        match = _PERIOD.match(str(text).strip())
        if not match:
            raise InvalidPeriod(f"return period {text!r} is not MMYYYY (for example 102025)")
        return cls(int(match.group(2)), int(match.group(1)))

    @classmethod
    def of(cls, day: date) -> ReturnPeriod:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.month:02d}{self.year:04d}"

    @property
    def label(self) -> str:
        return f"{_MONTHS[self.month - 1]} {self.year}"

    def add(self, months: int) -> ReturnPeriod:
        index = self.year * 12 + (self.month - 1) + months
        return ReturnPeriod(index // 12, index % 12 + 1)

    def next(self) -> ReturnPeriod:
        return self.add(1)

    def previous(self) -> ReturnPeriod:
        return self.add(-1)

    def months_since(self, other: ReturnPeriod) -> int:
        return (self.year - other.year) * 12 + (self.month - other.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def last_day(self) -> date:
        return date.fromordinal(self.next().first_day.toordinal() - 1)

    @property
    def financial_year_start(self) -> int:
        """Calendar year in which this period's financial year (April-March) starts."""
        return self.year if self.month >= 4 else self.year - 1

    @property
    def financial_year(self) -> str:
        return financial_year_label(self.financial_year_start)

    @property
    def quarter(self) -> int:
        """Quarter of the financial year: April-June is 1, January-March is 4."""
        return (self.month - 4) % 12 // 3 + 1

    @property
    def month_in_quarter(self) -> int:
        """1, 2 or 3: M1 and M2 of a quarter have no GSTR-2B for QRMP filers."""
        return (self.month - 4) % 3 + 1

    @property
    def quarter_end(self) -> ReturnPeriod:
        return self.add(3 - self.month_in_quarter)

    def quarter_months(self) -> tuple[ReturnPeriod, ReturnPeriod, ReturnPeriod]:
        first = self.add(1 - self.month_in_quarter)
        return first, first.add(1), first.add(2)

    def gstr2b_period(self, *, quarterly: bool = False) -> ReturnPeriod:
        """The period whose GSTR-2B carries this month: the quarter's last month for QRMP."""
        return self.quarter_end if quarterly else self

    def gstr2b_generation_date(self, *, quarterly: bool = False) -> date:
        """Draft GSTR-2B day: the 14th of the next month; after the quarter for QRMP (FAQ 23, 27)."""
        return self.gstr2b_period(quarterly=quarterly).next().first_day.replace(day=14)


def financial_year_label(start_year: int) -> str:
    return f"{start_year}-{(start_year + 1) % 100:02d}"


_FINANCIAL_YEAR = re.compile(r"^(?:FY\s*)?(\d{4})\s*[-/]\s*(\d{2}|\d{4})$", re.IGNORECASE)


def parse_financial_year(text: str) -> int:
    """The first calendar year of a financial year written as "2025-26" (or "2025-2026", "FY 2025/26");
    ValueError for anything else, or two years that do not follow each other."""
    found = _FINANCIAL_YEAR.match(str(text or "").strip())
    if not found:
        raise ValueError(f"{text!r} is not a financial year; write it as 2025-26")
    start, end = int(found.group(1)), found.group(2)
    if int(end) != (start + 1 if len(end) == 4 else (start + 1) % 100):
        raise ValueError(f"{text!r} is not a financial year: {start}-{(start + 1) % 100:02d} follows {start}")
    return start


def check_annual_return_date(start_year: int, filed_on: date, today: date) -> None:
    """An annual return is filed after its financial year ends (31 March) and not after today:
    ValueError naming the date otherwise."""
    filed_on, today = india_day(filed_on), india_day(today)
    if filed_on <= date(start_year + 1, 3, 31):
        raise ValueError(
            f"the annual return for {financial_year_label(start_year)} cannot be filed on "
            f"{filed_on.isoformat()}, on or before the year's last day, {start_year + 1}-03-31"
        )
    if filed_on > today:
        raise ValueError(f"{filed_on.isoformat()} is after today ({today.isoformat()})")


def financial_year_start_of(day: date) -> int:
    return day.year if day.month >= 4 else day.year - 1


def financial_year_of(day: date) -> str:
    return financial_year_label(financial_year_start_of(day))


def section_16_4_deadline(document_date: date, annual_return_filed_on: date | None = None) -> date:
    """Last day ITC on a document may be taken (Section 16(4) as amended in 2022).

    The 30th of November after the end of the document's financial year, or
    the date the annual return for that year was filed, whichever is earlier.
    """
    deadline = date(financial_year_start_of(india_day(document_date)) + 1, 11, 30)
    filed_on = india_day(annual_return_filed_on) if annual_return_filed_on else None
    if filed_on and filed_on < deadline:
        return filed_on
    return deadline


def rule_37a_dates(document_date: date) -> tuple[date, date]:
    """(supplier's GSTR-3B due by, recipient's reversal due by) under Rule 37A."""
    next_fy = financial_year_start_of(document_date) + 1
    return date(next_fy, 9, 30), date(next_fy, 11, 30)


# India Standard Time: GST dates (the 11th, the 14th, Section 16(4)) are Indian calendar days.
IST = timezone(timedelta(hours=5, minutes=30), "IST")
TODAY_VARIABLE = "INDIA_IMS_TODAY"  # YYYY-MM-DD: pins "today" for tests, demos and benches


def india_day(value: date) -> date:
    """The Indian calendar day of a date or a moment: GST's days (the 11th, the 13th, the 14th, 30
    November) end at midnight in India, so 2025-11-13 20:00 UTC is already the 14th. A moment without
    a time zone is taken as Indian time. A datetime is a date to Python, and comparing one with a
    date raises, so every day the rules keep goes through here."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and value.utcoffset() is not None:
            value = value.astimezone(IST)
        return value.date()
    return value


def day_label(day: date) -> str:
    """A day in a message: 30 Nov 2025. The site shows dates in its own format (11-30-2025 on a
    site set to mm-dd-yyyy), so a message written as 30-11-2025 beside them reads either way; a
    month's name reads one way on every site."""
    return f"{day.day:02d} {_MONTHS[day.month - 1]} {day.year}"


def india_today(now: datetime | None = None) -> date:
    """Today's date in India, or the date pinned in ``INDIA_IMS_TODAY``."""
    pinned = os.environ.get(TODAY_VARIABLE, "").strip()
    if pinned and now is None:
        return parse_day(pinned, TODAY_VARIABLE)
    moment = now or datetime.now(timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(IST).date()


def parse_day(text: str, where: str = "date") -> date:
    try:
        return date.fromisoformat(str(text).strip())
    except ValueError:
        raise InvalidPeriod(f"{where}: {text!r} is not a date YYYY-MM-DD") from None


def current_return_period(today: date, *, quarterly: bool = False) -> ReturnPeriod:
    """The latest period whose GSTR-2B is out on ``today``: the month one can act on and file.

    The draft 2B comes on the 14th of the next month (FAQ 23; after the quarter
    for QRMP): on 30-11 or 01-12 that is October, from 14-12 November.
    """
    period = ReturnPeriod.of(today).previous().gstr2b_period(quarterly=quarterly)
    while period.gstr2b_generation_date(quarterly=quarterly) > today:
        period = period.add(-3 if quarterly else -1).gstr2b_period(quarterly=quarterly)
    return period
