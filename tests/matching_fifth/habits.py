"""Single-bill booking habits: what a purchase clerk does to one supplier bill.

Each habit takes the supplier's bill and the clean booking and returns a changed booking (or None
when it does not apply to this bill). The label is only a record of what was done; the truth
category is derived afterwards by ``truth.classify``. Habits, from practitioners' lists of
reconciliation errors (invoice number typed differently, O/0 typos, date differences, rounding,
IGST taken as CGST+SGST, wrong place of supply, tax-inclusive values) and from the FY boundary.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts

from . import numbers
from .world import Supplier


@dataclass(frozen=True)
class Bill:
    """The document the supplier issued, as the supplier reports it."""

    supplier: Supplier
    gstin: str
    kind: str  # INV, CN, DN
    printed: str  # number on the paper
    reported: str  # number in GSTR-1 (Rule 46 cut for long numbers)
    day: date
    place_of_supply: str
    amounts: Amounts
    rate: int
    to_delhi: bool = False  # addressed to our Delhi registration

    @property
    def period(self) -> str:
        return f"{self.day.month:02d}{self.day.year}"


@dataclass(frozen=True)
class Booking:
    gstin: str
    kind: str
    bill_no: str
    bill_date: date
    posting_date: date
    place_of_supply: str
    amounts: Amounts


def clean_booking(bill: Bill, rng: random.Random, posting_date: date | None = None) -> Booking:
    posting = posting_date or min(bill.day + timedelta(days=rng.randint(0, 6)), date(2026, 4, 30))
    posting = max(posting, bill.day)
    return Booking(bill.gstin, bill.kind, bill.printed, bill.day, posting, bill.place_of_supply, bill.amounts)


def tax_heads(taxable: int, rate: int, intra: bool, cess_rate: int = 0) -> Amounts:
    cess = round(taxable * cess_rate / 100)
    if intra:
        half = round(taxable * rate / 200)
        return Amounts(taxable, 0, half, half, cess)
    return Amounts(taxable, round(taxable * rate / 100), 0, 0, cess)


# --- number habits ----------------------------------------------------------------------------


def _number(fn):
    def habit(bill: Bill, booking: Booking, rng: random.Random) -> Booking | None:
        new = fn(booking.bill_no, rng)
        return replace(booking, bill_no=new) if new and new != booking.bill_no else None

    return habit


def fy_drop(bill, booking, rng):
    new = numbers.change_fy(booking.bill_no, numbers.fy_start(bill.day), bill.supplier.fy_format, None)
    return replace(booking, bill_no=new) if new else None


def fy_retype(bill, booking, rng):
    """A March bill booked in April with this year's token typed out of habit."""
    start = numbers.fy_start(bill.day)
    new = numbers.change_fy(booking.bill_no, start, bill.supplier.fy_format, start + 1)
    return replace(booking, bill_no=new) if new else None


def printed_not_reported(bill, booking, rng):
    """Clerk books the printed number; the supplier's GSTR-1 carries the 16-character cut."""
    return booking if bill.printed != bill.reported else None


# --- date habits ------------------------------------------------------------------------------


def posting_as_bill_date(bill, booking, rng):
    later = bill.day + timedelta(days=rng.randint(1, 4))
    return replace(booking, bill_date=later, posting_date=later)


def date_slip(bill, booking, rng):
    shift = rng.choice([-3, -2, -1, 1, 2, 3])
    day = bill.day + timedelta(days=shift)
    return replace(booking, bill_date=day, posting_date=max(booking.posting_date, day))


# --- amount habits ----------------------------------------------------------------------------

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")


def rounding(bill, booking, rng):
    amounts = booking.amounts
    heads = [h for h in HEADS if getattr(amounts, h)]
    changed = {}
    for head in rng.sample(heads, k=min(len(heads), rng.choice([1, 1, 2]))):
        delta = rng.choice([-1, 1]) * rng.choice([2, 10, 25, 49, 50, 51, 75, 99, 100])
        changed[head] = getattr(amounts, head) + delta
    return replace(booking, amounts=replace(amounts, **changed))


def amount_beyond(bill, booking, rng):
    amounts = booking.amounts
    kind = rng.choice(["factor", "factor", "head"])
    if kind == "factor":
        factor = rng.choice([0.5, 0.9, 1.1, 2.0, 1.25, 0.8])
        taxable = round(amounts.taxable_value * factor)
        new = tax_heads(taxable, bill.rate, amounts.cgst > 0, 0)
        cess = round(amounts.cess * factor)
        return replace(booking, amounts=replace(new, cess=cess))
    head = rng.choice([h for h in HEADS if getattr(amounts, h)])
    delta = rng.choice([-1, 1]) * rng.choice([500, 1000, 5000, 10000, 50000])
    if getattr(amounts, head) + delta < 0:
        delta = -delta
    return replace(booking, amounts=replace(amounts, **{head: getattr(amounts, head) + delta}))


def igst_as_cgst_sgst(bill, booking, rng):
    amounts = booking.amounts
    if not amounts.igst:
        return None
    half = amounts.igst // 2
    return replace(booking, amounts=replace(amounts, igst=0, cgst=half, sgst=amounts.igst - half))


def cgst_sgst_as_igst(bill, booking, rng):
    amounts = booking.amounts
    if not amounts.cgst:
        return None
    return replace(booking, amounts=replace(amounts, igst=amounts.cgst + amounts.sgst, cgst=0, sgst=0))


def place_of_supply(bill, booking, rng):
    other = rng.choice([s for s in ("09", "07", "06", bill.gstin[:2]) if s != bill.place_of_supply])
    return replace(booking, place_of_supply=other)


def cess_left_out(bill, booking, rng):
    if not booking.amounts.cess:
        return None
    return replace(booking, amounts=replace(booking.amounts, cess=0))


def inclusive_as_exclusive(bill, booking, rng):
    amounts = booking.amounts
    gross = amounts.taxable_value + amounts.total_tax
    new = tax_heads(gross, bill.rate, amounts.cgst > 0, 0)
    return replace(booking, amounts=replace(new, cess=amounts.cess))


def branch_gstin(bill, booking, rng):
    others = [g for g in bill.supplier.gstins if g != bill.gstin]
    return replace(booking, gstin=others[0]) if others else None


def separators_and_amount(bill, booking, rng):
    first = _number(numbers.separators)(bill, booking, rng)
    return amount_beyond(bill, first, rng) if first else None


def case_and_spaces(bill, booking, rng):
    new = numbers.case_and_spaces(booking.bill_no, rng)
    return replace(booking, bill_no=new)


HABITS = {
    "clean": lambda bill, booking, rng: booking,
    "case_or_spaces": case_and_spaces,
    "separators": _number(numbers.separators),
    "leading_zeros": _number(numbers.leading_zeros),
    "drop_prefix": _number(numbers.drop_prefix),
    "add_prefix": _number(numbers.add_prefix),
    "ocr_O0_I1": _number(numbers.ocr),
    "transpose": _number(numbers.transpose),
    "fy_token_dropped": fy_drop,
    "rule46_cut": printed_not_reported,
    "posting_as_bill_date": posting_as_bill_date,
    "date_slip": date_slip,
    "rounding": rounding,
    "amount_beyond": amount_beyond,
    "igst_as_cgst_sgst": igst_as_cgst_sgst,
    "cgst_sgst_as_igst": cgst_sgst_as_igst,
    "place_of_supply": place_of_supply,
    "cess_left_out": cess_left_out,
    "inclusive_as_exclusive": inclusive_as_exclusive,
    "branch_gstin": branch_gstin,
    "separators_and_amount": separators_and_amount,
}
