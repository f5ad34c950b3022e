"""Issuing bills, and the traps: documents that look alike but are different bills, so every booked
entry here is either paired with its own bill or stays unpaired (Missing in IMS / Missing in PI);
and purchases no IMS of this registration shows.
"""

from __future__ import annotations

from datetime import date, timedelta

from india_ims.gst_india.documents import DocumentType, Section

from .bills import Bill, Booking, faithful, number, tax
from .habits import HABIT_BY_NAME, Context, apply
from .world import KINDS, NBFC_OTHER_STATE, Supplier, _supplier

TAXABLE_RANGE = {"saas_usd": (250, 6_000), "eco_hotel": (7_600, 22_000), "eco_cab": (150, 1_800),
                 "eco_meal": (300, 6_000), "eco_housekeeping": (500, 9_000), "stationery": (200, 25_000),
                 "courier": (120, 8_000)}


def january_day(ctx: Context, early: bool = False) -> date:
    return date(2027, 1, ctx.rng.randrange(1, 6) if early else ctx.rng.randrange(1, 32))


def posting_after(ctx: Context, day: date) -> date:
    return day + timedelta(days=ctx.rng.choice([0, 0, 1, 2, 3, 5, 8]))


def taxable_for(ctx: Context, supplier: Supplier) -> int:
    rng = ctx.rng
    if supplier.recurring:
        return supplier.monthly
    if supplier.kind == "saas_usd":
        return round(rng.randrange(*TAXABLE_RANGE["saas_usd"]) * rng.uniform(85.5, 87.5) * 100)
    low, high = TAXABLE_RANGE.get(supplier.kind, (500, 3_00_000))
    rupees = round(low * (high / low) ** rng.random())
    return rupees * 100 + (rng.randrange(1, 100) if rng.random() < 0.5 else 0)


def fresh_landlord(ctx: Context, kind: str) -> Supplier:
    """Landlords bill one month's rent a month: take one that has not billed yet, or a new one."""
    for s in ctx.world.suppliers[kind]:
        if s.gstin not in ctx.used:
            ctx.used.add(s.gstin)
            return s
    s = _supplier(ctx.rng, ctx.world.profile, kind, len(ctx.world.suppliers[kind]))
    ctx.world.suppliers[kind].append(s)
    ctx.used.add(s.gstin)
    return s


def make_bill(ctx: Context, supplier: Supplier, section: Section = Section.B2B, day: date | None = None,
              taxable: int | None = None) -> Bill:
    supplier.serial += 1
    doc = section.document_type
    pos = supplier.state if supplier.kind == "eco_hotel" else ctx.world.profile.state
    if taxable is None:
        taxable = taxable_for(ctx, supplier)
        if doc is not DocumentType.INVOICE:
            taxable = max(100_00, taxable // ctx.rng.choice([5, 10, 20]))
    amounts = tax(taxable, supplier.rate, supplier.state == pos)
    day = day or january_day(ctx, supplier.style == "landlord")
    return Bill(ctx.next_key(), supplier, section, number(supplier, doc, supplier.serial), day, amounts, pos)


def _recurring(ctx: Context) -> Supplier | None:
    kinds = [k for k in ctx.world.profile.kinds if KINDS[k][2]]
    kind = ctx.rng.choice(kinds)
    if KINDS[kind][1] == "landlord":
        return fresh_landlord(ctx, kind)
    return ctx.world.pick(ctx.rng, kind)


def recurring_copy(ctx: Context) -> tuple[list[Bill], list[Booking]]:
    """The clerk duplicates December's entry of a monthly bill (same rent or fee every month) and
    changes only the date to January: the entry carries December's number. January's bill, reported,
    is not booked. Two documents: Missing in PI and Missing in IMS; pairing them would be wrong."""
    s = _recurring(ctx)
    december = number(s, DocumentType.INVOICE, s.serial + 1, month_index=9)
    s.serial += 3
    bill = make_bill(ctx, s)
    bill.tags.append("trap:recurring_copy")
    copy = Booking(None, s.gstin, s.name, DocumentType.INVOICE, december,
                   bill.day + timedelta(ctx.rng.randrange(3)), posting_after(ctx, bill.day), bill.pos,
                   bill.amounts, "missing_in_ims",
                   habits=["trap:recurring_copy"])
    return [bill], [copy]


def platform_fee_twin(ctx: Context) -> tuple[list[Bill], list[Booking]]:
    """An operator's 9(5) document and its own platform-fee invoice, same GSTIN, same day, numbers
    alike; only the 9(5) document is booked (as it is). Exact, and the fee invoice Missing in PI."""
    kinds = [k for k in ("eco_housekeeping", "eco_cab", "eco_meal") if k in ctx.world.profile.kinds]
    s = ctx.world.pick(ctx.rng, ctx.rng.choice(kinds))
    bill = make_bill(ctx, s, Section.ECOM)
    fee = Bill(ctx.next_key(), s, Section.B2B, f"{bill.number[:2]}F{bill.number[2:]}", bill.day,
               tax(ctx.rng.randrange(20_00, 150_00), 18, True), bill.pos, tags=["trap:platform_fee_twin"])
    bill.tags.append("trap:platform_fee_twin")
    return [bill, fee], [faithful(bill, posting_after(ctx, bill.day))]


def other_state_twin(ctx: Context) -> tuple[list[Bill], list[Booking]]:
    """A vendor bills our Tamil Nadu and Karnataka registrations the same amount on the same day,
    numbers one apart; the Karnataka bill is booked in the Tamil Nadu books and Tamil Nadu's is not.
    The booked bill is not in this registration's IMS: Missing in IMS; Tamil Nadu's is Missing in PI."""
    s = ctx.world.pick(ctx.rng, ctx.rng.choice(["stationery", "courier", "valuation"]))
    bill = make_bill(ctx, s)
    bill.tags.append("trap:other_state_twin")
    other = make_bill(ctx, s, day=bill.day, taxable=bill.amounts.taxable_value)
    other.pos, other.in_ims = NBFC_OTHER_STATE, False
    other.amounts = tax(bill.amounts.taxable_value, s.rate, s.state == NBFC_OTHER_STATE)
    booked = faithful(other, posting_after(ctx, bill.day))
    booked.key, booked.category, booked.habits = None, "missing_in_ims", ["trap:other_state_twin"]
    return [bill, other], [booked]


def site_twins(ctx: Context) -> tuple[list[Bill], list[Booking]]:
    """A vendor bills two sites (or two trucks on one route) one fee on one day, numbers one apart;
    one bill is booked (as it is, or with a slash or ``#``), the other not. Its own pair only."""
    kinds = [k for k in ("fm_vendor", "security", "gta_fcm") if k in ctx.world.profile.kinds]
    s = ctx.world.pick(ctx.rng, ctx.rng.choice(kinds))
    first = make_bill(ctx, s)
    second = make_bill(ctx, s, day=first.day, taxable=first.amounts.taxable_value)
    booked_bill, left = (first, second) if ctx.rng.random() < 0.5 else (second, first)
    for b in (first, second):
        b.tags.append("trap:site_twins")
    booking = faithful(booked_bill, posting_after(ctx, first.day))
    habit = ctx.rng.choice([None, "trailing_slash", "leading_hash"])
    if habit:
        apply(ctx, HABIT_BY_NAME[habit], booked_bill, booking)
    return [first, second], [booking]


def co_owners(ctx: Context) -> tuple[list[Bill], list[Booking]]:
    """Two co-owners of one tower site bill half the rent each: same number, day and amount, two
    PANs. Both booked as they are: two Exact pairs, never crossed."""
    kind = "tower_landlord"
    one, two = fresh_landlord(ctx, kind), fresh_landlord(ctx, kind)
    bill = make_bill(ctx, one)
    twin = make_bill(ctx, two, day=bill.day, taxable=bill.amounts.taxable_value)
    for b in (bill, twin):
        b.tags.append("trap:co_owners")
    return [bill, twin], [faithful(b, posting_after(ctx, b.day)) for b in (bill, twin)]


# recurring_copy is not among them: the engine reads the copy as January's bill booked under
# December's number (a Mismatch), which the definitions leave open (month.py); test_quality_tenth pins it.
TRAPS = {
    "quick_commerce": [platform_fee_twin],
    "logistics_3pl": [site_twins],
    "tower_fm": [site_twins, co_owners],
    "nbfc_branches": [other_state_twin],
}


def books_only(ctx: Context) -> tuple[list[Bill], list[Booking]]:
    """A purchase no IMS of this registration shows: Missing in IMS. A GTA's reverse-charge bill (IMS
    carries no reverse-charge documents), a quarterly-return vendor's bill not yet uploaded in IFF, or
    (NBFC) a vendor's bill to our Karnataka registration booked here."""
    profile = ctx.world.profile.name
    options = ["qrmp"] + (["gta_rcm"] if profile == "logistics_3pl" else []) + (
        ["other_registration"] if profile == "nbfc_branches" else [])
    which = ctx.rng.choice(options)
    kind = ctx.rng.choice([k for k in ctx.world.profile.kinds if KINDS[k][1] not in ("landlord", "eco")])
    if which == "gta_rcm":
        kind = "gta_fcm"
    s = ctx.world.pick(ctx.rng, kind)
    bill = make_bill(ctx, s)
    bill.in_ims = False
    if which == "gta_rcm":
        bill.reverse_charge = True
        bill.amounts = tax(bill.amounts.taxable_value, 5, bill.amounts.igst == 0)
    if which == "other_registration":
        bill.pos = NBFC_OTHER_STATE
        bill.amounts = tax(bill.amounts.taxable_value, s.rate, s.state == NBFC_OTHER_STATE)
    booking = faithful(bill, posting_after(ctx, bill.day))
    booking.key, booking.category, booking.habits = None, "missing_in_ims", [f"books_only:{which}"]
    return [bill], [booking]
