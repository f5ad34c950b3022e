"""The sixth batch (issue 19): habits written and scored before any rule for them.

Two readings of a number the engine could not settle without the document's year (the README's two
known misses), and habits practitioners and reconciliation tools report that had not been generated:

- a calendar year before a serial that reads as another year: the supplier prints
  ``FY25-26/MH/02024`` and the clerk books ``MH/2025/2024``
- a serial that reads as a calendar year before a short year: ``2035/25-26`` booked as Tally's ``2035/26``
- a revised bill: the supplier reports ``.../R1`` or ``-A`` after reissuing, the books hold the number
  first received (or the other way round): another number, a mismatch for the clerk to confirm
- the financial year written the other long or short way (``2025-2026``, ``25-26`` for ``2025-26``)
- a state or branch code before the number that the books drop (``MH-INV-00451`` booked ``INV-00451``)
- a bill date a day early: a date-time at midnight IST stored in UTC and read back as a date
  (OCA l10n-italy, Expensify CSV import: "shifts dates one day earlier")
- a supplier's credit note booked as a purchase return with positive amounts (the return's sign
  left as typed): the same note booked the wrong way, a mismatch
- a number whose two digit runs both name the document's year: the year written twice around the
  serial (``INV/2025/26/0012`` booked ``INV-12``); Tally's serial 2025 or 2026 with the short year
  after it (``2025/26``, the "1001/21" of Tally's numbering guides) booked ``2025/25-26`` or ``2025``;
  a calendar-year prefix with a short serial (``2025/26``, bill 26) booked ``26``; and beside the
  Tally bill, the supplier's bill 26 of the same year (``26/25-26``), reported and booked as written
- an amendment (B2BA) whose original number holds two runs that each read as a year (``2026/25``,
  ``MH/2025/2031``), booked under the original in the supplier's full form (``2026/24-25``): only the
  original's own date, often a financial year before the amendment's corrected one, tells its serial

Every habit here weighs 0 outside the ``sixth`` profile, so the other profiles' months are unchanged.
"""

from __future__ import annotations

from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts, DocumentType, Section

SIXTH = {  # name: category
    "calendar_year_then_year_like_serial": "suggested",
    "year_like_serial_before_short_year": "suggested",
    "revision_suffix": "mismatch",
    "fy_written_other_way": "suggested",
    "state_code_dropped": "suggested",
    "date_a_day_early": "suggested",
    "credit_note_as_positive_return": "mismatch",
    "amendment_original_two_years": "suggested",
    "year_written_twice": "suggested",
}
PROFILE = dict.fromkeys(SIXTH, 5)
# A seventh batch, scored apart (profile ``seventh``): dates and values as spreadsheets and clerks
# leave them.
SEVENTH = {
    "date_year_digit_slip": "mismatch",  # 2025 typed 2052, 2015, 2205: a year no bill of this month has
    "bill_date_left_blank": "suggested",  # only the posting date, a few days after the bill's
    "excel_apostrophe": "suggested",  # '0451: the apostrophe Excel keeps a number as text with
    "total_booked_as_taxable": "mismatch",  # the grand total booked as the value, no tax split
}
SEVENTH_PROFILE = dict.fromkeys(SEVENTH, 5)
# Calendar years a serial may read as (2015 to 2040); the month is September 2025 (FY 2025-26).
YEARS = tuple(range(2015, 2041))


def _freight(rng, amounts: Amounts) -> Amounts:
    return Amounts(amounts.taxable_value + rng.randrange(50_000, 300_000), amounts.igst, amounts.cgst,
                   amounts.sgst, amounts.cess)


def _amended_original(b, s, category: str, serial: int, day, amounts: Amounts, name: str) -> None:
    """The supplier amended a bill of an earlier month (B2BA), its number and often its date corrected;
    the books hold the original, under the number in the supplier's full form (``Tally``'s 2026/25 as
    2026/24-25, a calendar year's MH/2025/2031 as MH/24-25/02031)."""
    rng = b.rng
    used = b.used.setdefault(s.gstin, set())
    year = rng.choice([y for y in YEARS if ("amended", y) not in used] or [rng.randrange(40_000, 90_000)])
    used.add(("amended", year))
    # Last year's bill (January to March 2025, FY 2024-25) or this year's (April to August 2025)
    original_day = rng.choice([date(2025, 1, 6), date(2025, 3, 28), date(2025, 4, 10), date(2025, 8, 18)]) \
        + timedelta(days=rng.randrange(0, 3))
    start = original_day.year - (original_day.month < 4)
    short, fy = f"{(start + 1) % 100:02d}", f"{start % 100:02d}-{(start + 1) % 100:02d}"
    if rng.random() < 0.5:
        original, booked_as = f"{year}/{short}", f"{year}/{fy}"
        amended_number = f"{serial + 5000}/{short}"
    else:
        original, booked_as = f"MH/{original_day.year}/{year}", rng.choice([f"MH/{fy}/{year:05d}",
                                                                         f"FY{fy}/MH/{year}"])
        amended_number = f"MH/{original_day.year}/{serial + 5000}"
    # the date corrected as well (to this month, another financial year for last year's bills), or kept
    amended_day = day if rng.random() < 0.4 else original_day
    record = b.report(s, amended_number, amended_day, amounts, Section.B2BA, original=original,
                      original_day=original_day)
    b.truth(record, b.book(s.gstin, name, booked_as, original_day, amounts), category,
            "amendment_original_two_years")


def _year_twice(b, s, category: str, serial: int, day, amounts: Amounts, name: str) -> None:
    rng = b.rng
    used = b.used.setdefault(s.gstin, set())
    # one series per supplier: a Tally series and a calendar-year series never share a GSTIN
    kind = next((k for k in ("tally", "prefix") if ("twice", k) in used), None) \
        or rng.choice(["around", "tally", "tally", "prefix"])
    year = rng.choice([2025, 2026])
    texts = {"tally": (f"{year}/26", f"{year}/25-26"), "prefix": (f"{year}/25", f"{year}/26")}.get(kind, ())
    if kind == "tally" and ("year_like_serial_before_short_year", year) not in used \
            and not used & set(texts):
        used |= {("twice", kind), ("year_like_serial_before_short_year", year), *texts}
        number, booked_as = f"{year}/26", rng.choice([f"{year}/25-26", f"{year}", f"{year}/2025-26"])
        if rng.random() < 0.3:
            number, booked_as = f"{year}/25-26", f"{year}/26"
        if rng.random() < 0.5:  # with the freight folded in: only the number can pair them
            amounts_booked, category = _freight(rng, amounts), "mismatch"
        else:
            amounts_booked = amounts
        record = b.report(s, number, day, amounts)
        b.truth(record, b.book(s.gstin, name, booked_as, day, amounts_booked), category, "year_written_twice")
        if "26/25-26" not in used:  # the supplier's bill 26 of the year, beside it
            used.add("26/25-26")
            other = Amounts(amounts.taxable_value + 100_000, amounts.igst, amounts.cgst, amounts.sgst,
                            amounts.cess)
            b.truth(b.report(s, "26/25-26", day, other), b.book(s.gstin, name, "26/25-26", day, other),
                    "exact", "same")
        return
    short = rng.choice([25, 26])
    if kind == "prefix" and f"{year}/{short}" not in used \
            and ("year_like_serial_before_short_year", year) not in used:
        used |= {("twice", kind), f"{year}/{short}"}
        number, booked_as = f"{year}/{short}", rng.choice([f"{short}", f"{year}/{short:03d}"])
    else:  # the year written twice around the serial
        number = f"INV/2025/26/{serial:04d}"
        booked_as = rng.choice([f"INV-{serial}", f"INV/{serial}", f"INV-{serial:04d}"])
    record = b.report(s, number, day, amounts)
    b.truth(record, b.book(s.gstin, name, booked_as, day, amounts), category, "year_written_twice")


def sixth(b, s, habit: str, category: str, serial: int, number: str, day, amounts: Amounts,
          name: str) -> None:
    rng = b.rng
    if habit == "year_written_twice":
        _year_twice(b, s, category, serial, day, amounts, name)
        return
    if habit == "amendment_original_two_years":
        _amended_original(b, s, category, serial, day, amounts, name)
        return
    booked_number, booked_day, booked, kind = number, day, amounts, DocumentType.INVOICE
    section = Section.B2B
    used = b.used.setdefault(s.gstin, set())
    if habit in ("calendar_year_then_year_like_serial", "year_like_serial_before_short_year"):
        year = rng.choice([y for y in YEARS if (habit, y) not in used] or [rng.randrange(40_000, 90_000)])
        used.add((habit, year))
        if habit == "calendar_year_then_year_like_serial":
            number = rng.choice([f"FY25-26/MH/{year:05d}", f"MH/25-26/{year}", f"MH/2025-26/{year:05d}"])
            booked_number = rng.choice([f"MH/2025/{year}", f"MH-2025-{year}"])
        else:
            number, booked_number = f"{year}/25-26", f"{year}/{rng.choice(['26', '25-26'])}"
            if rng.random() < 0.5:
                number, booked_number = f"{year}/26", f"{year}/25-26"
            if booked_number == number:
                booked_number = f"{year}/26"
        if rng.random() < 0.5:  # with the freight folded in: only the number can pair them
            booked, category = _freight(rng, amounts), "mismatch"
    elif habit == "revision_suffix":
        suffix = rng.choice(["/R1", "-R1", "-A", "/REV1", "-R"])
        if rng.random() < 0.5:
            number = number + suffix  # the supplier reissued the bill; the books hold the first copy
        else:
            booked_number = number + suffix  # the clerk typed the revision mark the portal lacks
            if len(booked_number) > 16 and booked_number[:16] == number:
                category = "suggested"  # GSTN keeps a number's first 16 characters (Rule 46)
    elif habit == "fy_written_other_way":
        number = f"TI/2025-26/{serial:04d}"
        booked_number = rng.choice([f"TI/2025-2026/{serial:04d}", f"TI/25-26/{serial:04d}",
                                    f"TI/2025-26/{serial}"])
        if booked_number == number:  # a serial of four digits has no zeros to drop
            category = "exact"
    elif habit == "state_code_dropped":
        code = rng.choice(["MH", "27", "MUM", "KA"])
        number = f"{code}{rng.choice(['-', '/'])}INV-{serial:05d}"
        booked_number = f"INV-{serial:05d}"
        if rng.random() < 0.5:
            number, booked_number = booked_number, number  # or the books add it
    elif habit == "date_a_day_early":
        booked_day = day - timedelta(days=1)
    elif habit == "date_year_digit_slip":
        booked_day = day.replace(year=rng.choice([2052, 2015, 2205, 2020]))
        posted = day + timedelta(days=rng.randrange(0, 5))  # booked when the bill came
        b.truth(b.report(s, number, day, amounts),
                b.book(s.gstin, name, number, booked_day, amounts, posting=posted), category, habit)
        return
    elif habit == "bill_date_left_blank":
        posted = day + timedelta(days=rng.randrange(0, 4))
        if posted == day:
            category = "exact"
        pi = b.book(s.gstin, name, number, None, amounts, posting=posted)
        b.truth(b.report(s, number, day, amounts), pi, category, habit)
        return
    elif habit == "excel_apostrophe":
        booked_number = "'" + number
    elif habit == "total_booked_as_taxable":
        booked = Amounts(amounts.taxable_value + amounts.total_tax, 0, 0, 0, 0)
    elif habit == "credit_note_as_positive_return":
        number = booked_number = f"CN/25-26/{serial:04d}"
        section, kind = Section.B2BCN, DocumentType.DEBIT_NOTE
    else:
        raise ValueError(habit)
    if number in used:
        b.truth(b.report(s, number + "X", day, amounts), b.book(s.gstin, name, number + "X", day, amounts),
                "exact", "same")
        return
    used.add(number)
    record = b.report(s, number, day, amounts, section)
    b.truth(record, b.book(s.gstin, name, booked_number, booked_day, booked, kind=kind), category, habit)
