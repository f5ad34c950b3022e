"""Clerk habits on one booked bill, each with the category the definitions give the pair and why.

A habit returns None where it does not apply to the bill (the bill is then booked without it), or a
list of extra purchase entries it made (usually none). The category is recorded on the draft with
``Draft.mark``; ``bills.classify`` re-derives it from the two documents and the month asserts that both
agree.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType

from .bills import Bill, Draft, has_fy_token, render, tax
from .world import DEPOT, NEXT_FY, STAY, Profile

HabitFn = Callable[[random.Random, Bill, Draft, Profile], "list[Draft] | None"]


def frozen_period_redated(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """After the provisional close, ERPNext's "Accounts Frozen Till" is 31 March; a bill of 29-31 March
    that arrives later is entered with the first open date, 1 or 2 April, as its bill date. Same bill,
    a date a few days off: **suggested**."""
    if bill.day < date(2027, 3, 29):
        return None
    draft.bill_date = draft.posting = date(2027, 4, rng.choice((1, 2)))
    draft.mark("frozen_period_redated", "suggested")
    return []


def cutoff_dated_31_march(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """At the year-end stock count the stores clerk stamps every goods-received note of the last week
    "31/03/2027" and accounts types the GRN date as the bill date. A date 2-5 days off: **suggested**."""
    if not date(2027, 3, 26) <= bill.day <= date(2027, 3, 29):
        return None
    draft.bill_date = draft.posting = date(2027, 3, 31)
    draft.mark("cutoff_dated_31_march", "suggested")
    return []


def next_fy_token_typed(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """Booked in the first days of April from the supplier's new-year template (the clerk copies the
    series from the last bill of that supplier on file, already 27-28). Only the financial-year token
    differs: **suggested** (the definitions name the FY token as clerical)."""
    if not has_fy_token(bill.supplier.style) or bill.series != "inv":
        return None
    draft.bill_no = render(bill.supplier.style, bill.supplier.prefix, bill.serial, NEXT_FY, bill.series)
    draft.posting = date(2027, 4, rng.randrange(1, 11))
    draft.mark("next_fy_token_typed", "suggested")
    return []


def round_off_into_taxable(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """The supplier's bill rounds the grand total to the rupee; the clerk, with no round-off ledger in
    the company, adds the paise to the taxable value so the total agrees. Under a rupee on one head:
    **suggested** (within the rounding tolerance, not within ₹0.01)."""
    a = draft.amounts
    total = a.taxable_value + a.total_tax
    off = -(total % 100) if total % 100 < 50 else 100 - total % 100
    if not 2 <= abs(off) <= 98:
        return None
    draft.amounts = replace(a, taxable_value=a.taxable_value + off)
    draft.mark("round_off_into_taxable", "suggested")
    return []


def tax_rounded_row_wise(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """ERPNext's "Round Tax Amount Row-wise" was switched on for the year-end audit; each tax head is
    rounded to the rupee while the supplier's e-invoice carries paise. Heads off by under a rupee:
    **suggested** (rounding tolerance)."""
    a = draft.amounts
    rounded = Amounts(a.taxable_value, *(round(getattr(a, h) / 100) * 100 for h in ("igst", "cgst", "sgst")),
                      a.cess)
    gaps = [abs(getattr(a, h) - getattr(rounded, h)) for h in ("igst", "cgst", "sgst")]
    if max(gaps) < 2 or max(gaps) > 98:
        return None
    draft.amounts = rounded
    draft.mark("tax_rounded_row_wise", "suggested")
    return []


def typed_lower_case(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """Typed on a phone with autocaps off, a trailing space kept from the PDF copy. Numbers are equal
    once trimmed and upper-cased: **exact**."""
    if not any(c.isalpha() for c in draft.bill_no):
        return None
    draft.bill_no = draft.bill_no.lower() + rng.choice(("", " "))
    draft.mark("typed_lower_case", "exact")
    return []


def posted_in_april(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """Bills that arrive with the courier after the year closes are posted in April with their own March
    date (the posting date is no field the definitions compare): **exact**."""
    draft.posting = date(2027, 4, rng.randrange(1, 16))
    draft.mark("posted_in_april", "exact")
    return []


def stale_rate_template(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """The item master still carries the rate before GST 2.0 (28 % for parts and aerated drinks, 12 %
    for job work and food supplies), so ERPNext's tax template computes the old rate on the same
    taxable value. The tax differs far beyond a rupee: **mismatch**."""
    old = profile.old_rate.get(bill.rate)
    if old is None or bill.series != "inv":
        return None
    stale = tax(draft.amounts.taxable_value, old, bill.intra)
    if abs(stale.total_tax - draft.amounts.total_tax) < 2_000:
        return None
    draft.amounts = stale
    draft.mark("stale_rate_template", "mismatch")
    return []


def hotel_stay_pos_as_ours(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """An out-of-state hotel or venue charges CGST+SGST of its own state (place of supply where the
    property is). The clerk, seeing another state's GSTIN, books IGST with our state as the place of
    supply. Tax under the wrong heads and another place of supply: **mismatch**."""
    if STAY not in bill.supplier.kind.flags or not bill.intra:
        return None
    a = draft.amounts
    draft.amounts = Amounts(a.taxable_value, a.cgst + a.sgst, 0, 0, 0)
    draft.place_of_supply = profile.state
    draft.mark("hotel_stay_pos_as_ours", "mismatch")
    return []


def depot_gstin_chosen(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """The supplier master has two addresses; ERPNext picks the local depot's GSTIN (same PAN) by default
    while the bill came from the plant in another state. Booked against another GSTIN of the same
    PAN: **mismatch**."""
    if DEPOT not in bill.supplier.kind.flags or not bill.supplier.depot_gstin:
        return None
    draft.supplier_gstin = bill.supplier.depot_gstin
    if rng.random() < 0.5 and not bill.intra:  # the local address brings the intra-state template
        a = draft.amounts
        half = a.igst // 2
        draft.amounts = Amounts(a.taxable_value, 0, half, a.igst - half, 0)
    draft.mark("depot_gstin_chosen", "mismatch")
    return []


def note_gross_as_taxable(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """A rate-difference or discount note is booked from the supplier's covering letter, which quotes
    the amount including tax: the clerk types that as the taxable value and lets the template add tax
    on it. Amounts beyond tolerance: **mismatch**."""
    if bill.doc_type == DocumentType.INVOICE:
        return None
    gross = bill.amounts.taxable_value + bill.amounts.total_tax
    if bill.amounts.total_tax < 1_000:
        return None  # a note of a few rupees: the gap could land at the tolerance's edge
    draft.amounts = tax(gross, bill.rate, bill.intra)
    draft.mark("note_gross_as_taxable", "mismatch")
    return []


def serial_only_typed(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """In the last week's rush the clerk types only the serial off the bill ("GJ/26-27/0452" as "452"):
    prefix, year token and leading zeros dropped, all clerical per the definitions: **suggested**."""
    if bill.supplier.style in ("plain", "sap") or bill.series != "inv":
        return None
    draft.bill_no = str(bill.serial)
    draft.mark("serial_only_typed", "suggested")
    return []


def taxable_digits_transposed(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """Two adjacent digits of the taxable value swapped while typing (45,300 as 43,500), the template
    computing tax on the wrong figure. The same bill with amounts beyond tolerance: **mismatch**."""
    digits = list(str(draft.amounts.taxable_value // 100))
    spots = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1] and (i or digits[1] != "0")]
    if not spots:
        return None
    i = rng.choice(spots)
    digits[i], digits[i + 1] = digits[i + 1], digits[i]
    taxable = int("".join(digits)) * 100 + draft.amounts.taxable_value % 100
    if abs(taxable - draft.amounts.taxable_value) < 1_000:
        return None
    draft.amounts = tax(taxable, bill.rate, bill.intra)
    draft.mark("taxable_digits_transposed", "mismatch")
    return []


def booked_twice_year_end(rng: random.Random, bill: Bill, draft: Draft, profile: Profile):
    """Booked on arrival from the e-mailed PDF, then again on 31 March when the auditor's list of
    goods received but not invoiced is cleared, the number retyped without its separators. The first
    entry is the pair (its own category); the second is **missing_in_ims**: IMS holds one document."""
    if not any(c in draft.bill_no for c in "/-"):
        return None
    again = replace(draft, bill_no="".join(c for c in bill.number if c not in "/-"),
                    posting=date(2027, 3, 31), habits=["booked_twice_year_end"], label="exact")
    draft.habits.append("booked_twice_year_end:first")
    return [again]


@dataclass(frozen=True)
class Habit:
    name: str
    category: str
    fn: HabitFn
    weight: int


HABITS = (
    Habit("frozen_period_redated", "suggested", frozen_period_redated, 6),
    Habit("cutoff_dated_31_march", "suggested", cutoff_dated_31_march, 5),
    Habit("next_fy_token_typed", "suggested", next_fy_token_typed, 3),
    Habit("round_off_into_taxable", "suggested", round_off_into_taxable, 3),
    Habit("tax_rounded_row_wise", "suggested", tax_rounded_row_wise, 3),
    Habit("typed_lower_case", "exact", typed_lower_case, 2),
    Habit("posted_in_april", "exact", posted_in_april, 3),
    Habit("stale_rate_template", "mismatch", stale_rate_template, 2),
    Habit("hotel_stay_pos_as_ours", "mismatch", hotel_stay_pos_as_ours, 8),
    Habit("depot_gstin_chosen", "mismatch", depot_gstin_chosen, 3),
    Habit("note_gross_as_taxable", "mismatch", note_gross_as_taxable, 6),
    Habit("serial_only_typed", "suggested", serial_only_typed, 2),
    Habit("taxable_digits_transposed", "mismatch", taxable_digits_transposed, 2),
    Habit("booked_twice_year_end", "missing_in_ims", booked_twice_year_end, 2),
)
BY_NAME = {h.name: h for h in HABITS}


def apply_habit(rng: random.Random, bill: Bill, draft: Draft, profile: Profile,
                names: tuple[str, ...] | None = None) -> list[Draft]:
    """Try habits in a weighted random order until one applies; its extra entries are returned."""
    pool = [h for h in HABITS if names is None or h.name in names]
    if names is None and rng.random() < 0.15:  # a clerical slip on top of another habit
        clerical = ("frozen_period_redated", "cutoff_dated_31_march", "next_fy_token_typed",
                    "round_off_into_taxable", "typed_lower_case")
        BY_NAME[rng.choice(clerical)].fn(rng, bill, draft, profile)
        pool = [h for h in pool if h.name not in clerical and h.name != "booked_twice_year_end"]
    for _ in range(4):
        habit = rng.choices(pool, [h.weight for h in pool])[0]
        extra = habit.fn(rng, bill, draft, profile)
        if extra is not None:
            return extra
    return []

