"""Tenth month generator: January 2027 (return period 012027), WRITTEN BLIND.

Written without reading the matching engine (only ``reconcile``'s signature, ``result_file.py`` and
``scoring.py``) or the other generators' habits. Four recipients (``world``): a quick-commerce /
cloud-kitchen operator buying through e-commerce operators (IMS ``ecom``/``ecoma``), a 3PL with
forward-charge GTAs, a telecom-tower / facility-management company with many landlords, and an
NBFC's branch network. Habits (``habits``) and traps (``traps``) each declare their category; every
pair's category is read again off the two documents (``bills.classify``) and the month refuses to
build where the two differ, or where a booked number could be read as another reported bill's.

Cases the definitions leave open, therefore LEFT OUT:

* one bill booked in two entries (two cost centres), or a quarterly bill booked as three thirds all
  present at once: the truth pairs one IMS record with one purchase;
* an operator's 9(5) document booked with the operator's order id, or a GTA's bill booked with the
  consignment note (LR) number: a different number, not one number written differently;
* a 9(5) document booked under the restaurant's or provider's own GSTIN (another PAN);
* a monthly bill with the number updated and December's date left (a month off, nothing else
  differing): not "a few days", and not in the mismatch list;
* the monthly statement of an operator booked as one entry for many reported trip documents;
* a reverse-charge flag differing while every amount agrees;
* last month's entry of a monthly bill copied with only the date changed, this month's bill not
  booked (``traps.recurring_copy``): its author read two documents, the engine reads this month's
  bill booked under last month's number and pairs it as a Mismatch ("number differs") for the
  accountant to correct. Out of the months; ``test_quality_tenth`` pins the engine's reading.

``make_month(seed, size, profile)`` is deterministic; ``size`` is the number of ordinary bills.
"""

from __future__ import annotations

import itertools
import random
from datetime import date

from india_ims.gst_india.documents import DocumentType, Section

from ..matching_sixth.month import Month, books_only_rows
from .bills import Bill, Booking, classify, faithful, number_relation, tax, to_ims, to_purchase
from .habits import Context, apply, choose
from .traps import TRAPS, books_only, fresh_landlord, make_bill, posting_after
from .world import KINDS, PROFILES, PROFILES_TABLE, build_world

__all__ = ["PROFILES", "Month", "make_month"]

UNBOOKED = 0.06  # reported, not booked: Missing in PI
HABIT_SHARE = 0.35
AMENDED = 0.05


def _ordinary(ctx: Context) -> Bill:
    rng, profile = ctx.rng, ctx.world.profile
    kind = rng.choices(list(profile.kinds), weights=list(profile.kinds.values()))[0]
    style = KINDS[kind][1]
    supplier = fresh_landlord(ctx, kind) if style == "landlord" else ctx.world.pick(rng, kind)
    section = Section.ECOM if style == "eco" else Section.B2B
    if kind in ("fm_vendor", "security") and rng.random() < 0.1:
        section = Section.B2BCN  # SLA-penalty credit note
    elif kind == "gta_fcm" and rng.random() < 0.1:
        section = Section.B2BDN  # diesel-surcharge debit note
    bill = make_bill(ctx, supplier, section)
    if style != "landlord" and section.document_type is DocumentType.INVOICE and rng.random() < AMENDED:
        # a December bill whose value the supplier corrected in January's return
        a = bill.amounts
        first = tax(round(a.taxable_value * rng.uniform(0.8, 0.95)), supplier.rate, a.igst == 0)
        bill.section = section.amendment
        bill.day = date(2026, 12, rng.randrange(1, 32))
        bill.original_number, bill.original_day, bill.original_amounts = bill.number, bill.day, first
    return bill


def _verify(ims, purchases, bookings, ims_at):
    """Declared category = derived category; and no booked number reads as another reported bill's."""
    by_supplier: dict[tuple[str, DocumentType], list[int]] = {}
    for i, record in enumerate(ims):
        by_supplier.setdefault((record.supplier_gstin, record.document_type), []).append(i)
    for n, (booking, purchase) in enumerate(zip(bookings, purchases)):
        own = ims_at.get(booking.key)
        if own is not None:
            derived = classify(ims[own], purchase)
            if derived != booking.category:
                raise AssertionError(f"{booking.habits}: declared {booking.category}, derived {derived}")
        for i in by_supplier.get((purchase.supplier_gstin, purchase.document_type), []):
            if i != own and number_relation(ims[i].document_number, purchase.bill_no) != "other":
                raise AssertionError(f"{purchase.bill_no!r} reads as {ims[i].document_number!r} too ({n})")


def make_month(seed: int, size: int, profile: str, traps=None) -> Month:
    """``traps``: the trap functions to draw from instead of the profile's (tests)."""
    rng = random.Random(f"tenth:{seed}:{profile}")
    world = build_world(rng, PROFILES_TABLE[profile], size)
    keys = itertools.count(1)
    ctx = Context(rng, world, lambda: next(keys))
    bills: list[Bill] = []
    bookings: list[Booking] = []
    for _ in range(size):
        bill = _ordinary(ctx)
        bills.append(bill)
        if rng.random() < UNBOOKED:
            bill.tags.append("unbooked")
            continue
        booking = faithful(bill, posting_after(ctx, bill.day))
        habit = choose(rng, world, bill) if rng.random() < HABIT_SHARE or bill.section.is_amendment else None
        if habit is not None:
            bills += apply(ctx, habit, bill, booking)
        bookings.append(booking)
    for _ in range(max(2, size // 25)):
        made, booked = rng.choice(traps or TRAPS[profile])(ctx)
        bills += made
        bookings += booked
    for _ in range(max(1, size // 30)):
        made, booked = books_only(ctx)
        bills += made
        bookings += booked
    shown = [b for b in bills if b.in_ims]
    rng.shuffle(shown)
    rng.shuffle(bookings)
    ims = [to_ims(b, rng.random() < 0.9) for b in shown]
    ims_at = {b.key: i for i, b in enumerate(shown)}
    order = sorted(range(len(bookings)), key=lambda k: (bookings[k].posting, rng.random()))
    names = {k: f"ACC-PINV-2027-{n + 1:05d}" for n, k in enumerate(order)}
    purchases = [to_purchase(b, names[k], world.recipient_gstin) for k, b in enumerate(bookings)]
    _verify(ims, purchases, bookings, ims_at)
    truth, paired = [], set()
    pair_of = {ims_at[b.key]: n for n, b in enumerate(bookings) if b.key in ims_at}
    for i, record in enumerate(ims):
        row = {"section": record.section.value, "supplier_gstin": record.supplier_gstin,
               "document_number": record.document_number, "purchase_invoice": "", "category": "missing_in_pi"}
        if i in pair_of:
            n = pair_of[i]
            row.update(purchase_invoice=purchases[n].name, category=bookings[n].category)
            paired.add(n)
        truth.append(row)
    truth += books_only_rows(purchases, paired)
    ims_habits = [list(b.tags) for b in shown]
    books_habits = [list(b.habits) for b in bookings]
    return Month(seed, profile, world.recipient_gstin, ims, purchases, truth, ims_habits, books_habits)
