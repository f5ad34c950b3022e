"""Habits of accounts clerks that the base profiles do not generate, each labelled with its truth.

Written from what practitioners report about GSTR-2B / IMS against the
purchase register (reconciliation-tool issue trackers, CA and vendor help
pages: "12 conventional errors faced during GST reconciliation", "INV-001 vs
INV/001", "capital O versus zero", the financial-year cleaning of bill
numbers in the existing ERPNext reconciler): the year written another way or
moved, the posting date typed as the bill date, day and month swapped, last
year typed in January, tax on another base, a credit note booked as a debit
note, one bill booked twice, split in two or two bills combined, a GSTIN
typo, a note booked under the invoice's number, the challan number booked.

Each habit is a function of the entry the builder made for an IMS record; it
returns the changed entry and the truth category, or None when it does not
apply (the builder then falls back to a simpler kind). Traps put a document in
the books next to an unbooked IMS record that must stay unpaired.
"""

from __future__ import annotations

import re
import string
from dataclasses import replace
from datetime import date, timedelta

from ..gst_india.documents import Amounts, DocumentType
from .parties import make_gstin

# habit -> the truth category it gives (the README's definitions: a number written differently with
# the date a few days off is suggested; another date, other amounts, another type, another GSTIN is a
# mismatch)
HABIT_CATEGORY = {
    "fy_yy_in_prefix": "suggested",  # FY25-26/MH/00279 booked as MH/26/00279 (or MH/25/279)
    "fy_moved_after": "suggested",  # MH/25-26/00279 booked as 279/25-26, 279/26 or MH-00279/2025-26
    "calendar_year_for_fy": "suggested",  # INV/25-26/0045 booked as INV/2025/45
    "spaces_inside": "suggested",  # INV / 25-26 / 0045
    "fy_tag": "suggested",  # INV/25-26/0045 booked as INV/0045/FY26 or FY25-26/INV/0045
    "branch_code_added": "suggested",  # the branch the bill came to typed after the number: 0045/PUNE
    "letter_for_digit": "suggested",  # a 0, 1 or 5 of the serial typed as O, I or S
    "date_in_number": "suggested",  # "279 dt 14.10.2025": the bill's date typed into the number field
    "invoice_words": "suggested",  # "Invoice No. 279"
    "posting_date_far": "mismatch",  # booked on the receipt date, weeks later
    "day_month_swap": "mismatch",  # 05/03 read as 3 May
    "year_typed_wrong": "mismatch",  # last year typed in the date
    "tax_on_other_base": "mismatch",  # tax worked on the value with freight
    "credit_note_as_debit_note": "mismatch",  # a return booked as a positive debit note
    "split_entry": "mismatch",  # one bill booked as two entries, the larger paired
    "split_suffixed": "mismatch",  # INV/1234 booked as INV/1234-A + INV/1234-B (1234/1 + 1234/2...)
    "combined_two": "mismatch",  # two bills of a day booked as one under the first number
    "combined_numbers": "mismatch",  # INV/1234 and INV/1235 booked as one entry numbered INV/1234-35
    "credit_note_netted": "mismatch",  # the supplier's credit note taken off the bill, not booked as a return
    "gstin_typo": "mismatch",  # one character of the supplier's PAN mistyped, check recomputed
    "note_under_invoice_number": "mismatch",  # a debit/credit note booked under the invoice's number
    "challan_number": "mismatch",  # the delivery challan's number booked for the bill's
    "booked_twice": "exact",  # the bill booked again days later: the copy stays unpaired
}
TRAPS = ("trap_other_year_same_number", "trap_same_day_last_year", "trap_other_supplier_same_number")


def apply_habit(builder, draft, record, supplier, series, serial: int, kind: str):
    """(entry, category) for ``kind``, or None when the habit does not apply to this record."""
    handler = _HANDLERS[kind]
    return handler(builder, draft, record, supplier, series, serial)


def _digits(series, serial: int) -> str:
    return f"{serial:0{series.padding}d}" if series.padding else str(serial)


def _fy_yy_in_prefix(builder, draft, record, supplier, series, serial):
    if not series.fy_style or record.original_number:
        return None
    rng = builder.rng
    yy = (series.fy_start + rng.choice((0, 1))) % 100
    digits = _digits(series, serial) if rng.random() < 0.6 else str(serial)
    prefix = series.prefix or supplier.state_abbr
    return replace(draft, bill_no=f"{prefix}/{yy:02d}/{digits}"), "suggested"


def _fy_moved_after(builder, draft, record, supplier, series, serial):
    if not series.fy_style or series.fy_last or record.original_number:
        return None
    rng = builder.rng
    start, end = series.fy_start % 100, (series.fy_start + 1) % 100
    draw = rng.random()
    if draw < 0.35:
        return replace(draft, bill_no=f"{serial}/{start:02d}-{end:02d}"), "suggested"
    if draw < 0.55 and serial >= 100:  # Tally's "serial/yy": 279/26
        return replace(draft, bill_no=f"{serial}/{rng.choice((start, end)):02d}"), "suggested"
    prefix = series.prefix or supplier.state_abbr
    text = f"{prefix}-{_digits(series, serial)}/{series.fy_start}-{end:02d}"
    return replace(draft, bill_no=text), "suggested"


def _calendar_year_for_fy(builder, draft, record, supplier, series, serial):
    if series.fy_style not in ("short", "compact", "long", "tagged") or record.original_number:
        return None
    prefix = series.prefix or supplier.state_abbr
    return replace(draft, bill_no=f"{prefix}/{record.document_date.year}/{serial}"), "suggested"


def _spaces_inside(builder, draft, record, supplier, series, serial):
    if not (series.prefix or series.fy_style):
        return None
    text = series.render(serial, separator=" / ", suffix="A" if _amended(record) else "")
    return (replace(draft, bill_no=text), "suggested") if text != record.document_number else None


def _fy_tag(builder, draft, record, supplier, series, serial):
    if not series.fy_style or record.original_number:
        return None
    rng = builder.rng
    start, end = series.fy_start % 100, (series.fy_start + 1) % 100
    bare = series.render(serial, drop_fy=True)
    tag = rng.choice((f"FY{end:02d}", f"FY{start:02d}-{end:02d}", f"FY {series.fy_start}-{end:02d}"))
    text = f"{bare}/{tag}" if rng.random() < 0.6 else f"{tag}/{bare}"
    if text.upper() == record.document_number.upper():
        return None  # the supplier prints the tag that way already
    return replace(draft, bill_no=text), "suggested"


def _branch_code_added(builder, draft, record, supplier, series, serial):
    if _amended(record):
        return None
    city = builder.rng.choice(("PUNE", "MUM", "BLR", "HYD", "NSK", "AMD"))
    return replace(draft, bill_no=f"{record.document_number}/{city}"), "suggested"


def _letter_for_digit(builder, draft, record, supplier, series, serial):
    number = record.document_number
    places = [k for k, c in enumerate(number) if c in "015" and k and number[k - 1].isdigit()]
    if not places:
        return None
    k = builder.rng.choice(places)
    typed = number[:k] + {"0": "O", "1": "I", "5": "S"}[number[k]] + number[k + 1:]
    return replace(draft, bill_no=typed), "suggested"


def _date_in_number(builder, draft, record, supplier, series, serial):
    day = record.document_date
    form = builder.rng.choice(("{n} dt {d:%d.%m.%Y}", "{n} DT.{d:%d/%m/%y}", "{n} dated {d:%d-%m-%Y}",
                               "{n} Dtd {d:%d-%b-%y}"))
    return replace(draft, bill_no=form.format(n=record.document_number, d=day)), "suggested"


def _invoice_words(builder, draft, record, supplier, series, serial):
    form = builder.rng.choice(("Invoice No. {n}", "INVOICE NO {n}", "Bill No.{n}", "Inv No: {n}"))
    return replace(draft, bill_no=form.format(n=record.document_number)), "suggested"


def _posting_date_far(builder, draft, record, supplier, series, serial):
    shift = builder.rng.randint(builder.window + 3, 40)
    return replace(draft, bill_date=record.document_date + timedelta(days=shift)), "mismatch"


def _day_month_swap(builder, draft, record, supplier, series, serial):
    day = record.document_date
    if day.day > 12 or day.day == day.month:
        return None
    return replace(draft, bill_date=date(day.year, day.day, day.month), posted_from=day), "mismatch"


def _year_typed_wrong(builder, draft, record, supplier, series, serial):
    day = record.document_date
    if day.month == 2 and day.day == 29:
        return None
    return replace(draft, bill_date=day.replace(year=day.year - 1), posted_from=day), "mismatch"


def _tax_on_other_base(builder, draft, record, supplier, series, serial):
    a = record.amounts
    factor = builder.rng.choice((1.05, 1.08, 1.12))
    moved = Amounts(a.taxable_value, round(a.igst * factor), round(a.cgst * factor), round(a.sgst * factor),
                    a.cess)
    if max(abs(moved.igst - a.igst), abs(moved.cgst - a.cgst)) <= 200:
        return None  # a small bill: the difference would read as rounding
    return replace(draft, amounts=moved), "mismatch"


def _credit_note_as_debit_note(builder, draft, record, supplier, series, serial):
    if record.document_type != DocumentType.CREDIT_NOTE:
        return None
    return replace(draft, document_type=DocumentType.DEBIT_NOTE), "mismatch"


def _split_entry(builder, draft, record, supplier, series, serial):
    share = builder.rng.choice((0.6, 0.7, 0.75))
    big = builder.scaled(record.amounts, share)
    rest = record.amounts + big.negated()
    if rest.taxable_value <= 0:
        return None
    builder.extras.append((replace(draft, amounts=rest), "split_entry_rest"))
    return replace(draft, amounts=big), "mismatch"


# how a clerk numbers the parts of one bill: (first part, second part, third part)
PART_SUFFIXES = (("-A", "-B", "-C"), ("/1", "/2", "/3"), ("A", "B", "C"), ("(1)", "(2)", "(3)"),
                 ("", "-2", "-3"), (" A", " B", " C"), ("_1", "_2", "_3"))


def _split_suffixed(builder, draft, record, supplier, series, serial):
    """One bill booked as two or three entries numbered as parts; the part under the bill's own number,
    else the largest, is the one the bill pairs with (``matching.parts``), the others stay unpaired."""
    rng = builder.rng
    number = record.document_number
    if not number[-1:].isdigit():
        return None  # an amended number ending in a letter: a part letter would read as its own
    count = 3 if rng.random() < 0.25 else 2
    shares = rng.choice(((0.6, 0.4), (0.7, 0.3), (0.55, 0.45))) if count == 2 else (0.5, 0.3, 0.2)
    order = list(range(count))
    rng.shuffle(order)  # the largest part is not always the first
    suffixes = rng.choice(PART_SUFFIXES)
    a = record.amounts
    left, parts = a, []
    for k in range(count - 1):
        part = builder.scaled(a, shares[k])
        parts.append(part)
        left = left + part.negated()
    parts.append(left)
    if min(p.taxable_value for p in parts) <= 0 or len({p.taxable_value for p in parts}) < count:
        return None
    drafts = [replace(draft, bill_no=number + suffixes[order[k]], amounts=parts[k]) for k in range(count)]
    # the part under the bill's own number, else the largest, is the bill (``matching.parts``)
    paired = order.index(0) if suffixes[0] == "" else 0
    for k, extra in enumerate(drafts):
        if k != paired:
            builder.extras.append((extra, "split_suffixed_rest"))
    return drafts[paired], "mismatch"


def _combined_numbers(builder, draft, record, supplier, series, serial):
    """Two bills of a day booked as one entry whose number names both: INV/1234-35, 1234 & 1235."""
    if not record.document_number[-1:].isdigit():
        return None
    found = _combined_with(builder, record, supplier, series)
    if found is None:
        return None
    second, total = found
    rng = builder.rng
    digits = re.search(r"[0-9]+$", second.document_number).group()
    tail = digits[-2:] if len(digits) > 2 and rng.random() < 0.6 else digits
    forms = ["{a} & {b}", "{a},{b}", "{a} + {b}", "{a}-{b}"]
    if int(re.search(r"[0-9]+$", record.document_number).group()) == serial:
        forms += ["{a}-{tail}", "{a}/{tail}"]  # the serial ends the number (not a year: INV/0571/25-26)
    form = rng.choice(forms)
    text = form.format(a=record.document_number, b=second.document_number, tail=tail)
    return replace(draft, bill_no=text, amounts=total), "mismatch"


def _combined_with(builder, record, supplier, series, label="combined_numbers_second"):
    """The next bill of the supplier on the same day, reported in IMS and not booked: (record, total)."""
    if record.original_number:
        return None
    second_serial = builder.next_serial(supplier, record.supplier_gstin, record.document_type)
    amounts = builder.amounts(record.supplier_gstin, cess=False)
    if bool(amounts.igst) != bool(record.amounts.igst):
        return None
    second = replace(record, document_number=series.render(second_serial), amounts=amounts,
                     document_value=amounts.taxable_value + amounts.total_tax,
                     checksum=f"{builder.rng.getrandbits(256):064x}")
    builder.ims.append(second)
    builder.origin.append((supplier, series, second_serial))
    builder.pairs.append((len(builder.ims) - 1, None, "missing_in_pi", label))
    return second, record.amounts + amounts


def _credit_note_netted(builder, draft, record, supplier, series, serial):
    """The supplier's credit note (a rate difference, a discount, goods short) taken off the bill it
    corrects: the bill booked for the net amount, no return booked. IMS shows both documents."""
    if record.document_type != DocumentType.INVOICE or record.original_number:
        return None
    rng = builder.rng
    note_series = series_for(builder, supplier, DocumentType.CREDIT_NOTE)
    note_serial = builder.next_serial(supplier, record.supplier_gstin, DocumentType.CREDIT_NOTE)
    note_amounts = builder.scaled(record.amounts, rng.choice((0.05, 0.1, 0.15, 0.2)))
    if note_amounts.taxable_value >= record.amounts.taxable_value:
        return None
    day = min(record.document_date + timedelta(days=rng.randint(0, 12)), builder.period.last_day)
    note = builder.ims_record(record.supplier_gstin, DocumentType.CREDIT_NOTE, note_series, note_serial,
                              note_amounts, False)
    note = replace(note, document_date=day)
    builder.ims.append(note)
    builder.origin.append((supplier, note_series, note_serial))
    builder.pairs.append((len(builder.ims) - 1, None, "missing_in_pi", "credit_note_netted_note"))
    return replace(draft, amounts=record.amounts + note_amounts.negated()), "mismatch"


def _combined_two(builder, draft, record, supplier, series, serial):
    found = _combined_with(builder, record, supplier, series, "combined_two_second")
    if found is None:
        return None
    return replace(draft, amounts=found[1]), "mismatch"


def _gstin_typo(builder, draft, record, supplier, series, serial):
    rng = builder.rng
    gstin = record.supplier_gstin
    pan = list(gstin[2:12])
    k = rng.choice((0, 1, 2, 4, 5, 6, 7, 8))  # a letter or a digit of the PAN, not its holder type
    alphabet = string.digits if pan[k].isdigit() else string.ascii_uppercase
    pan[k] = rng.choice([c for c in alphabet if c != pan[k]])
    typo = make_gstin(gstin[:2], "".join(pan), gstin[12])
    if "".join(pan) in builder.pans:
        return None  # another supplier's PAN: that is the other-supplier trap, not a typo
    builder.booked_names[typo] = supplier.name
    return replace(draft, supplier_gstin=typo), "mismatch"


def _note_under_invoice_number(builder, draft, record, supplier, series, serial):
    if record.document_type == DocumentType.INVOICE or record.original_number:
        return None
    invoices = series_for(builder, supplier, DocumentType.INVOICE)
    used = supplier.used.get((record.supplier_gstin, DocumentType.INVOICE))
    if not used:
        return None
    against = builder.rng.choice(sorted(used))
    return replace(draft, bill_no=invoices.render(against)), "mismatch"


def _challan_number(builder, draft, record, supplier, series, serial):
    rng = builder.rng
    return replace(draft, bill_no=f"{rng.choice(('DC', 'DC/', 'CH-', 'LR '))}{rng.randint(1000, 99999)}"), \
        "mismatch"


def _booked_twice(builder, draft, record, supplier, series, serial):
    copy = replace(draft, bill_date=record.document_date + timedelta(days=builder.rng.randint(1, 10)))
    builder.extras.append((copy, "booked_twice_copy"))
    return draft, "exact"


def series_for(builder, supplier, document_type):
    return builder.series(supplier, document_type)


def _amended(record) -> bool:
    return bool(record.original_number and record.document_number != record.original_number)


_HANDLERS = {
    "fy_yy_in_prefix": _fy_yy_in_prefix,
    "fy_moved_after": _fy_moved_after,
    "calendar_year_for_fy": _calendar_year_for_fy,
    "spaces_inside": _spaces_inside,
    "letter_for_digit": _letter_for_digit,
    "fy_tag": _fy_tag,
    "branch_code_added": _branch_code_added,
    "date_in_number": _date_in_number,
    "invoice_words": _invoice_words,
    "posting_date_far": _posting_date_far,
    "day_month_swap": _day_month_swap,
    "year_typed_wrong": _year_typed_wrong,
    "tax_on_other_base": _tax_on_other_base,
    "credit_note_as_debit_note": _credit_note_as_debit_note,
    "split_entry": _split_entry,
    "split_suffixed": _split_suffixed,
    "combined_two": _combined_two,
    "combined_numbers": _combined_numbers,
    "credit_note_netted": _credit_note_netted,
    "gstin_typo": _gstin_typo,
    "note_under_invoice_number": _note_under_invoice_number,
    "challan_number": _challan_number,
    "booked_twice": _booked_twice,
}


# ---------------------------------------------------------------- traps


def trap(builder, record, supplier, series, serial: int, kind: str):
    """A books document next to the unbooked ``record`` that is another document (missing in IMS)."""
    rng = builder.rng
    if kind == "trap_other_year_same_number":
        # last year's bill of the same series and serial, the same amount (rent, a retainer): the
        # number names last year's financial year when the series prints one
        day = record.document_date - timedelta(days=rng.randint(340, 390))
        if (day.month, day.day) == (record.document_date.month, record.document_date.day):
            day -= timedelta(days=3)
        last_year = replace(series, fy_start=series.fy_start - 1)
        number = last_year.render(serial) if series.fy_style else record.document_number
        return replace(_draft_of(builder, record), bill_no=number, bill_date=day)
    if kind == "trap_same_day_last_year":
        # a monthly or yearly fee billed on a fixed day (rent on the 1st, an AMC on its anniversary):
        # last year's bill of the same day and month, number and amount, booked in its own year; it
        # reads like this bill with the year mistyped. It was posted when it came, days after its
        # date (a posting date equal to the bill date could be the one date typed twice, year typo and
        # all: the engine then pairs it as a Mismatch to look at, ``years.booked_in_its_year``).
        day = record.document_date
        if (day.month, day.day) == (2, 29):
            day -= timedelta(days=1)
        day = day.replace(year=day.year - 1)
        last_year = replace(series, fy_start=series.fy_start - 1)
        number = last_year.render(serial) if series.fy_style else record.document_number
        return replace(_draft_of(builder, record), bill_no=number, bill_date=day,
                       posted_from=day + timedelta(days=rng.randint(1, 6)))
    if kind == "trap_other_supplier_same_number":
        # another supplier, one IMS does not list this month, with the same number on the same day
        pan = _fresh_pan(builder)
        other = make_gstin(record.supplier_gstin[:2], pan)
        return replace(_draft_of(builder, record), supplier_gstin=other,
                       amounts=builder.amounts(other) if rng.random() < 0.5 else record.amounts)
    raise ValueError(f"unknown trap {kind!r}")


def _draft_of(builder, record):
    from .month import _Draft  # the builder's own entry type

    return _Draft(record.supplier_gstin, record.document_type, record.document_number, record.document_date,
                  record.amounts, record.place_of_supply)


def _fresh_pan(builder) -> str:
    from .parties import make_pan

    return make_pan(builder.rng, builder.pans)
