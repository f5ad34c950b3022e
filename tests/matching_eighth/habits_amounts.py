"""Habits that change what the clerk books as taxable value or tax.

Tolerance in the definitions is Rs 1 a head: every mismatch here differs by well over that on some
head, every suggested one by less on all heads.
"""

from __future__ import annotations

from india_ims.gst_india.documents import Amounts, Section

from .bills import Ctx, Item, rebook, tax_heads

TOLERANCE = 100  # paise, one head


def _rate_tenths(amounts: Amounts) -> int:
    tax = amounts.igst + amounts.cgst + amounts.sgst
    return round(1000 * tax / amounts.taxable_value) if amounts.taxable_value else 0


def _recomputed(amounts: Amounts, taxable: int) -> Amounts:
    """What the software computes for another taxable value at the bill's rate and heads."""
    return tax_heads(taxable, _rate_tenths(amounts), amounts.igst == 0, amounts.cess)


def retention_netted(ctx: Ctx) -> list[Item]:
    """Construction: the client withholds 5-10 % retention money from the subcontractor's RA bill and
    the clerk books the net as if it were the bill, tax recomputed on it. GST is due on the gross;
    taxable and tax differ beyond tolerance -> **mismatch**."""
    supplier = ctx.pick("subcontractor")
    record, book = ctx.pair(supplier, amounts=ctx.amounts(supplier, ctx.taxable(20_000, 2_500_000)))
    net = record.amounts.taxable_value * ctx.rng.choice((90, 95)) // 100
    return [Item(record, rebook(book, amounts=_recomputed(record.amounts, net)), "mismatch",
                 ("retention_netted",))]


def advance_recovery_netted(ctx: Ctx) -> list[Item]:
    """Construction: the RA bill recovers part of the mobilisation advance ("less: advance adjusted").
    The clerk books the net figure as taxable but copies the tax heads from the bill. Taxable off by
    the recovery -> **mismatch**."""
    supplier = ctx.pick("subcontractor")
    record, book = ctx.pair(supplier, amounts=ctx.amounts(supplier, ctx.taxable(50_000, 3_000_000)))
    a = record.amounts
    recovery = a.taxable_value * ctx.rng.randint(10, 25) // 100
    booked = Amounts(a.taxable_value - recovery, a.igst, a.cgst, a.sgst, a.cess)
    return [Item(record, rebook(book, amounts=booked), "mismatch", ("advance_recovery_netted",))]


def weight_dispute_dn(ctx: Ctx) -> list[Item]:
    """E-commerce: the courier raises a weight-discrepancy debit note; the seller disputes part of the
    weight and books the debit note only for the weight it accepts. Same note, amounts beyond
    tolerance -> **mismatch**."""
    supplier = ctx.pick("courier")
    amounts = ctx.amounts(supplier, ctx.taxable(300, 40_000), 18)
    record, book = ctx.pair(supplier, Section.B2BDN, amounts, number=supplier.next_note("WD"))
    accepted = amounts.taxable_value * ctx.rng.randint(30, 70) // 100
    return [Item(record, rebook(book, amounts=_recomputed(amounts, accepted)), "mismatch",
                 ("weight_dispute_dn",))]


def mrp_inclusive_taxable(ctx: Ctx) -> list[Item]:
    """Pharmacy: the clerk keys the tax-inclusive bill value (as for MRP-inclusive retail stock) into
    the taxable field, and the software adds tax on top again. Taxable and tax above the bill's
    -> **mismatch**."""
    supplier = ctx.pick("pharma", "surgical")
    record, book = ctx.pair(supplier)
    a = record.amounts
    return [Item(record, rebook(book, amounts=_recomputed(a, a.taxable_value + a.total_tax)), "mismatch",
                 ("mrp_inclusive_taxable",))]


def free_goods_valued(ctx: Ctx) -> list[Item]:
    """Pharma scheme "10+1": the distributor bills ten strips and ships one free at nil value. Marg's
    clerk enters the free strip at the rate, so the books carry the free goods' value and tax.
    Taxable and tax beyond tolerance -> **mismatch**."""
    supplier = ctx.pick("pharma")
    record, book = ctx.pair(supplier, amounts=ctx.amounts(supplier, ctx.taxable(3_000, 200_000)))
    a = record.amounts
    free = a.taxable_value // ctx.rng.choice((10, 5, 12))
    return [Item(record, rebook(book, amounts=_recomputed(a, a.taxable_value + free)), "mismatch",
                 ("free_goods_valued",))]


def merchant_export_nil(ctx: Ctx) -> list[Item]:
    """Merchant exporter: the supplier charges the concessional 0.1 % GST (notification 40/41-2017);
    the clerk's tax template has no 0.1 % row and he books the bill as nil-rated. On a large bill the
    tax left out is beyond tolerance -> **mismatch**; on a tiny sample bill (tax under 70 paise) it
    is within the rupee -> **suggested**."""
    supplier = ctx.pick("merchant_input")
    tiny = ctx.rng.random() < 0.3
    taxable = ctx.taxable(150, 600) if tiny else ctx.taxable(100_000, 5_000_000)
    amounts = tax_heads(taxable, 1, supplier.state == ctx.state)
    record, book = ctx.pair(supplier, amounts=amounts)
    booked = Amounts(taxable, 0, 0, 0, 0)
    category = "suggested" if tiny else "mismatch"
    tags = ("merchant_export_nil", "tiny" if tiny else "large")
    return [Item(record, rebook(book, amounts=booked), category, tags)]


def rupee_sign_ocr(ctx: Ctx) -> list[Item]:
    """The bill was read by OCR: the rupee sign before the taxable value comes out as a digit, "2" or
    "7" ("₹4,120.00" -> "24120.00"); tax heads read right. Taxable far off -> **mismatch**."""
    supplier = ctx.pick()
    record, book = ctx.pair(supplier)
    a = record.amounts
    digits = len(str(a.taxable_value // 100))
    booked = Amounts(a.taxable_value + int(ctx.rng.choice("27")) * 10 ** digits * 100, a.igst, a.cgst, a.sgst,
                     a.cess)
    return [Item(record, rebook(book, amounts=booked), "mismatch", ("rupee_sign_ocr",))]
