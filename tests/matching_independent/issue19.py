"""Issue 19's habits for the independent generator (profile ``issue19``; weight 0 elsewhere).

Written apart from ``tests/matching_habits/sixth.py``, in this generator's own numbering (March
2025, FY 2024-25): a state/year/serial series whose serial reads as another calendar year, booked
with the calendar year (``KA/24-25/02031`` as ``KA/2025/2031``); a Tally serial that reads as a year
with the short year after it (``2029/24-25`` as ``2029/25``); and a bill date's year typed with a
digit slip (2025 as 2052 or 2015), the entry posted when the bill came; and an amendment (B2BA)
whose original number holds two runs that each read as a year (``2027/25``, ``KA/2024/2031``),
booked under the original in its full form (``2027/24-25``, ``KA/24-25/02031``), the original dated
this year or last.
"""

from __future__ import annotations

from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts, DocumentType, Section

ISSUE_19 = ("calendar_year_before_year_like_serial", "tally_year_after_year_like_serial", "date_year_slip",
            "amended_original_of_two_years")


def issue_19(b, s, habit: str, category: str, serial: int, day, amounts: Amounts) -> None:
    rng = b.rng
    booked, booked_day, posting = amounts, day, None
    if habit == "amended_original_of_two_years":
        _amended(b, s, category, serial, day, amounts)
        return
    if habit == "date_year_slip":
        number = booked_as = f"AMC/{serial:04d}"
        booked_day = day.replace(year=rng.choice([2052, 2015, 2035]))
        posting = day + timedelta(days=rng.randrange(1, 6))
    else:
        used = b.__dict__.setdefault("year_run_used", set())
        free = [y for y in range(2016, 2041) if (s.gstin, y) not in used]
        year = rng.choice(free) if free else 50_000 + serial
        used.add((s.gstin, year))
        if habit == "calendar_year_before_year_like_serial":
            number = rng.choice([f"KA/24-25/{year:05d}", f"FY2024-25/KA/{year}"])
            booked_as = rng.choice([f"KA/2025/{year}", f"KA 2025 {year}"])
        else:
            number, booked_as = f"{year}/24-25", f"{year}/25"
            if rng.random() < 0.5:
                number, booked_as = booked_as, number
        if rng.random() < 0.4:  # the freight folded in: only the number pairs them
            booked = Amounts(amounts.taxable_value + 75_000, amounts.igst, amounts.cgst, amounts.sgst,
                             amounts.cess)
            category = "mismatch"
    record = b.ims_record(s, Section.B2B, number, day, amounts)
    b.truth(record, b.book(s.gstin, DocumentType.INVOICE, booked_as, booked_day, booked, posting=posting),
            category, habit)


def _amended(b, s, category: str, serial: int, day, amounts: Amounts) -> None:
    rng = b.rng
    used = b.__dict__.setdefault("year_run_used", set())
    free = [y for y in range(2016, 2041) if (s.gstin, y) not in used]
    year = rng.choice(free) if free else 50_000 + serial
    used.add((s.gstin, year))
    # dated in FY 2023-24 (amended late) or FY 2024-25, this month's year
    original_day = rng.choice([date(2024, 2, 12), date(2024, 6, 3), date(2024, 11, 20), date(2025, 2, 4)]) \
        + timedelta(days=rng.randrange(0, 5))
    start = original_day.year - (original_day.month < 4)
    fy = f"{start % 100:02d}-{(start + 1) % 100:02d}"
    if rng.random() < 0.5:
        original, booked_as = f"{year}/{(start + 1) % 100:02d}", f"{year}/{fy}"
        corrected = f"{serial + 7000}/{(start + 1) % 100:02d}"
    else:
        original = f"KA/{original_day.year}/{year}"
        booked_as = rng.choice([f"KA/{fy}/{year:05d}", f"FY20{fy}/KA/{year}"])
        corrected = f"KA/{original_day.year}/{serial + 7000}"
    amended_day = day if rng.random() < 0.4 else original_day  # the date corrected too, or kept
    record = b.ims_record(s, Section.B2BA, corrected, amended_day, amounts, original, original_day)
    b.truth(record, b.book(s.gstin, DocumentType.INVOICE, booked_as, original_day, amounts), category,
            "amended_original_of_two_years")
