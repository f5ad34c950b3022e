"""The clerk's habits on a bill that is in IMS and in the books: each says what the clerk does, the
category the definitions give the pair, and why. A habit may change the bill too (a quarterly bill,
an escalated rent) and may add bills of its own that stay unbooked.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType, Section

from .bills import Bill, Booking, tax
from .world import ECO_OPERATORS, World


@dataclass
class Context:
    rng: random.Random
    world: World
    next_key: Callable[[], int]
    used: set[str] = field(default_factory=set)  # landlords that have billed this month


def _intra(bill: Bill) -> bool:
    return bill.amounts.igst == 0


def _paise(a: Amounts) -> bool:
    return any(2 <= abs(v) % 100 <= 98 for v in (a.taxable_value, a.igst, a.cgst, a.sgst))


def vendor_code_prefix(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """SAP MIRO's reference field (or the vendor portal's invoice reference) is keyed as the vendor
    code and the bill number, ``V1234-9100000512``, so the AP team can search by vendor. Suggested:
    the number written with a prefix."""
    b.bill_no = f"{bill.supplier.code}-{bill.number}"
    return []


def trailing_slash(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """The number copied from a PDF whose field ran on to a slash, ``INV/26-27/0412/``. Suggested:
    a separator more."""
    b.bill_no = bill.number + "/"
    return []


def leading_hash(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """The branch forwards bills by e-mail as "Inv #4512"; the clerk keeps the ``#``. Suggested: a
    separator more."""
    b.bill_no = ctx.rng.choice(["#", "# ", "#-"]) + bill.number
    return []


def service_period_end(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """A monthly service bill dated 1-4 January is booked with the last day of the service period
    (31 December) as its date, to keep the expense in December's cost report. Suggested: a date a few
    days off."""
    b.bill_date = date(2026, 12, 31)
    return []


def portal_rupee_rounding(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """The vendor portal exports each head rounded to the rupee and the clerk books the export.
    Suggested: every head within the rounding tolerance of a rupee."""
    a = bill.amounts
    b.amounts = Amounts(*(round(v, -2) for v in (a.taxable_value, a.igst, a.cgst, a.sgst, a.cess)))
    return []


def forex_rate(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """A SaaS vendor's Indian entity bills in dollars with the tax in rupees at the invoice date's
    rate; the clerk's ERPNext converts the dollar price at the posting date's rate, so the taxable value
    and tax differ by half a per cent or more. Mismatch: an amount beyond tolerance."""
    factor = ctx.rng.choice([-1, 1]) * ctx.rng.uniform(0.005, 0.02) + 1
    b.amounts = tax(round(bill.amounts.taxable_value * factor), 18, _intra(bill))
    return []


def gta_fcm_as_rcm(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """A goods transport agency that opted for forward charge bills 12 %; the clerk's GTA template
    is the usual 5 % under reverse charge. Mismatch: the tax booked differs beyond tolerance."""
    b.reverse_charge = True
    b.amounts = tax(bill.amounts.taxable_value, 5, _intra(bill))
    return []


def quarterly_booked_monthly(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """A landlord bills the quarter January-March in one bill on 1 January; the clerk books a third of
    it each month under the bill's number. Mismatch: the same bill, amounts beyond tolerance."""
    bill.number = "RENT/Q4/26-27"
    bill.amounts = tax(bill.amounts.taxable_value * 3, 18, _intra(bill))
    b.bill_no = bill.number
    b.amounts = tax(bill.amounts.taxable_value // 3, 18, _intra(bill))
    return []


def escalation_missed(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """The rent agreement escalates 5 % from January; the clerk copies December's entry, updates the
    number and date, and keeps December's rent. Mismatch: amounts beyond tolerance."""
    old = bill.amounts.taxable_value
    bill.amounts = tax(round(old * 1.05), 18, _intra(bill))
    b.amounts = tax(old, 18, _intra(bill))
    return []


def pos_branch_state(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """A valuer bills our Tamil Nadu registration for a branch in Kerala or Puducherry; the branch
    clerk types the branch's state as the place of supply. Mismatch: a different place of supply."""
    b.pos = ctx.rng.choice(["32", "34"])
    return []


def eco_fee_folded(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """The operator's app shows one total; the clerk books the operator's 9(5) document with the
    operator's own platform-fee invoice (18 %, same day, its own series) added in. Mismatch for the
    9(5) document (amounts beyond tolerance); the fee invoice is reported and never booked."""
    s = bill.supplier
    s.serial += 1
    fee = tax(ctx.rng.randrange(20_00, 150_00), 18, _intra(bill))
    fee_bill = Bill(ctx.next_key(), s, Section.B2B, f"{ECO_OPERATORS[s.kind]}F{s.state}2627{s.serial:06d}",
                    bill.day, fee, bill.pos, tags=["platform_fee_unbooked"])
    b.amounts = bill.amounts + fee
    return [fee_bill]


def hotel_slab_wrong(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """A stay booked through a travel operator at a tariff above Rs 7,500 is taxed 18 %; the clerk
    picks the 5 % hotel template. Mismatch: tax beyond tolerance."""
    b.amounts = tax(bill.amounts.taxable_value, 5, _intra(bill))
    return []


def amended_books_original(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """A December bill the supplier amended in January's return (b2ba / ecoma, value corrected); the
    books hold the bill as first issued. Mismatch: the amended amounts differ beyond tolerance."""
    b.amounts = bill.original_amounts
    return []


def amended_books_follow(ctx: Context, bill: Bill, b: Booking) -> list[Bill]:
    """The same amendment, but the clerk booked the revised bill the supplier sent. Exact: number,
    date, place and every head agree."""
    return []


@dataclass(frozen=True)
class Habit:
    name: str
    category: str
    weight: float
    applies: Callable[[World, Bill], bool]
    apply: Callable[[Context, Bill, Booking], list[Bill]]


def _plain(bill: Bill) -> bool:
    return not bill.section.is_amendment and not bill.tags


HABITS = [
    Habit("vendor_code_prefix", "suggested", 4,
          lambda w, bill: w.profile.sap and _plain(bill) and len(bill.supplier.code + bill.number) < 16,
          vendor_code_prefix),
    Habit("trailing_slash", "suggested", 0.8, lambda w, bill: _plain(bill), trailing_slash),
    Habit("leading_hash", "suggested", 0.8, lambda w, bill: _plain(bill), leading_hash),
    Habit("service_period_end", "suggested", 2,
          lambda w, bill: _plain(bill) and bill.supplier.recurring and bill.day.day <= 4, service_period_end),
    Habit("portal_rupee_rounding", "suggested", 1.5,
          lambda w, bill: _plain(bill) and w.profile.sap and _paise(bill.amounts), portal_rupee_rounding),
    Habit("forex_rate", "mismatch", 4, lambda w, bill: _plain(bill) and bill.supplier.kind == "saas_usd",
          forex_rate),
    Habit("gta_fcm_as_rcm", "mismatch", 1.5,
          lambda w, bill: _plain(bill) and bill.supplier.kind == "gta_fcm"
          and bill.section is Section.B2B, gta_fcm_as_rcm),
    Habit("quarterly_booked_monthly", "mismatch", 1,
          lambda w, bill: _plain(bill) and bill.supplier.style == "landlord", quarterly_booked_monthly),
    Habit("escalation_missed", "mismatch", 1,
          lambda w, bill: _plain(bill) and bill.supplier.recurring
          and bill.section.document_type is DocumentType.INVOICE, escalation_missed),
    Habit("pos_branch_state", "mismatch", 1.5,
          lambda w, bill: _plain(bill) and w.profile.name == "nbfc_branches"
          and bill.supplier.kind == "valuation", pos_branch_state),
    Habit("eco_fee_folded", "mismatch", 1.5,
          lambda w, bill: _plain(bill) and bill.section is Section.ECOM and bill.supplier.kind != "eco_hotel",
          eco_fee_folded),
    Habit("hotel_slab_wrong", "mismatch", 3,
          lambda w, bill: _plain(bill) and bill.supplier.kind == "eco_hotel", hotel_slab_wrong),
    Habit("amended_books_original", "mismatch", 5, lambda w, bill: bill.section.is_amendment,
          amended_books_original),
    Habit("amended_books_follow", "exact", 5, lambda w, bill: bill.section.is_amendment,
          amended_books_follow),
]
HABIT_BY_NAME = {h.name: h for h in HABITS}


def choose(rng: random.Random, world: World, bill: Bill) -> Habit | None:
    usable = [h for h in HABITS if h.applies(world, bill)]
    if not usable:
        return None
    return rng.choices(usable, weights=[h.weight for h in usable])[0]


def apply(ctx: Context, habit: Habit, bill: Bill, booking: Booking) -> list[Bill]:
    extra = habit.apply(ctx, bill, booking)
    booking.habits.append(habit.name)
    booking.category = habit.category
    return extra
