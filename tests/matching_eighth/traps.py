"""Scenarios of several documents where the right pairing is not the nearest-looking one."""

from __future__ import annotations

from datetime import timedelta

from india_ims.gst_india.documents import DocumentType, Section

from .bills import Ctx, Item, rebook, tax_heads
from .world import format_number


def _far_amounts(ctx: Ctx, supplier, taxable: int):
    """Amounts at least 25 % away from ``taxable``."""
    factor = ctx.rng.choice((0.4, 0.55, 0.7, 1.3, 1.6, 2.2))
    return ctx.amounts(supplier, max(50_000, int(taxable * factor)))


def parallel_series_trap(ctx: Ctx) -> list[Item]:
    """The supplier runs a goods series (``SI``) and a services series (``SV``) with the same running
    count. This month the service bill SV/..0045 is reported but not yet booked, and the goods bill
    SI/..0045 is booked but the supplier has not reported it. Two different bills, different
    amounts: pairing them would be wrong -> **missing_in_pi** and **missing_in_ims**."""
    supplier = ctx.pick("material", "packaging", "general", "surgical")
    if supplier.style not in ("fy", "dash", "marg"):
        return []
    goods = supplier.next_number()
    n = int(goods.rsplit("/", 1)[-1].rsplit("-", 1)[-1].lstrip(supplier.prefix) or 0)
    service = format_number(supplier.style, "SV" if supplier.prefix != "SV" else "SX", n)
    day = ctx.day(30)
    first = ctx.amounts(supplier)
    record = ctx.ims(supplier, service, day, first)
    book = ctx.book(supplier, goods, day + timedelta(days=ctx.rng.choice((0, 0, 1))),
                    _far_amounts(ctx, supplier, first.taxable_value))
    return [Item(record, None, "missing_in_pi", ("parallel_series_trap",)),
            Item(None, book, "missing_in_ims", ("parallel_series_trap",))]


def site_series(ctx: Ctx) -> list[Item]:
    """A subcontractor numbers RA bills per site and two sites reached the same running bill this
    month (BLR2/RA-07, MYS1/RA-07). The clerk books one site's bill exactly and the other as plain
    "RA-07". The site code is a dropped prefix: that one is **suggested** (amounts tell which site),
    the other **exact**."""
    supplier = ctx.pick("subcontractor")
    if supplier.style != "ra":
        return []
    first = supplier.next_number()
    n = int(first.rsplit("-", 1)[-1])
    other_site = next(s for s in ("KLR9", "TMK8", "DVG7") if s != supplier.prefix)
    second = format_number("ra", other_site, n)
    day = ctx.day(29)
    rec1, book1 = ctx.pair(supplier, number=first, day=day,
                           amounts=ctx.amounts(supplier, ctx.taxable(50_000, 2_000_000)))
    rec2, book2 = ctx.pair(supplier, number=second, day=day + timedelta(days=ctx.rng.randint(0, 2)),
                           amounts=_far_amounts(ctx, supplier, rec1.amounts.taxable_value))
    dropped = rebook(book1, bill_no=f"RA-{n:02d}")
    return [Item(rec1, dropped, "suggested", ("site_series", "site_dropped")),
            Item(rec2, book2, "exact", ("site_series", "site_kept"))]


def cn_same_number(ctx: Ctx) -> list[Item]:
    """A small distributor numbers the expiry-return credit note with the number of the invoice it
    reduces. Both are reported and both booked right (one as a purchase, one as a return): each
    pairs with its own document type -> **exact** and **exact**."""
    supplier = ctx.pick("pharma", "surgical", "packaging", "general")
    number = supplier.next_number()
    day = ctx.day(24)
    invoice = ctx.amounts(supplier)
    credit = tax_heads(max(10_000, invoice.taxable_value * ctx.rng.randint(5, 40) // 100),
                       round(1000 * (invoice.igst + invoice.cgst + invoice.sgst) / invoice.taxable_value),
                       invoice.igst == 0)
    rec_i, book_i = ctx.pair(supplier, amounts=invoice, number=number, day=day)
    rec_c, book_c = ctx.pair(supplier, Section.B2BCN, credit, number=number,
                             day=day + timedelta(days=ctx.rng.randint(1, 7)))
    return [Item(rec_i, book_i, "exact", ("cn_same_number", "invoice")),
            Item(rec_c, book_c, "exact", ("cn_same_number", "credit_note"))]


def rcm_gta_trap(ctx: Ctx) -> list[Item]:
    """A logistics firm bills warehousing under forward charge (WH/00456, in IMS) and road freight as a
    GTA under reverse charge (GT/00457). The clerk books both; IMS never shows reverse-charge
    documents. Same day, similar amounts, adjacent numbers: the freight bill is **missing_in_ims**,
    the warehousing bill **exact**."""
    supplier = ctx.pick("gta")
    if supplier.style != "dual":
        return []
    warehouse = supplier.next_number()
    freight = format_number("dual", "GT", supplier.series["WH"] + 1)
    supplier.series["WH"] += 1  # the GT bill took the next count of the shared register
    day = ctx.day()
    rec, book = ctx.pair(supplier, number=warehouse, day=day, amounts=ctx.amounts(supplier, rate=18))
    freight_value = int(rec.amounts.taxable_value * ctx.rng.uniform(0.9, 1.1))
    rcm = tax_heads(freight_value, 50, supplier.state == ctx.state)
    rcm_book = ctx.book(supplier, freight, day, rcm, DocumentType.INVOICE, reverse_charge=True)
    return [Item(rec, book, "exact", ("rcm_gta_trap", "forward")),
            Item(None, rcm_book, "missing_in_ims", ("rcm_gta_trap", "reverse_charge"))]


def daily_bills_partly_booked(ctx: Ctx) -> list[Item]:
    """A pharma distributor sends four to seven small bills on one day, consecutive numbers, similar
    amounts. The pharmacy books all but one or two (they come with next week's delivery), and has
    already booked the first bill of the next day, which the distributor reports next month. The
    unbooked ones are **missing_in_pi**, the next-day bill **missing_in_ims** (close number, amounts
    differing by 3 % or more: pairing would be wrong), the rest **exact**."""
    supplier = ctx.pick("pharma", "packaging")
    day = ctx.day(29)
    base = ctx.taxable(1_500, 30_000)
    rate = ctx.rng.choice(supplier.rates)
    count = ctx.rng.randint(4, 7)
    factors = ctx.rng.sample([0.85, 0.89, 0.93, 0.97, 1.01, 1.05, 1.09, 1.13, 1.17], count + 1)
    items = []
    skipped = set(ctx.rng.sample(range(count), ctx.rng.choice((1, 2))))
    for i in range(count):
        rec, book = ctx.pair(supplier, amounts=ctx.amounts(supplier, int(base * factors[i]), rate), day=day)
        items.append(Item(rec, None, "missing_in_pi", ("daily_bills", "unbooked")) if i in skipped
                     else Item(rec, book, "exact", ("daily_bills", "booked")))
    ahead = ctx.book(supplier, supplier.next_number(), day + timedelta(days=1),
                     ctx.amounts(supplier, int(base * factors[count]), rate))
    items.append(Item(None, ahead, "missing_in_ims", ("daily_bills", "next_day")))
    return items
