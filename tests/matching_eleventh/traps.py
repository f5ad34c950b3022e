"""Traps: documents that look alike but are different bills. Every row is unpaired (missing_in_pi or
missing_in_ims), and the two sides' amounts differ by far more than any tolerance."""

from __future__ import annotations

from dataclasses import replace

from .bills import Case, books_doc, ims_record
from .habits import CREDIT, DEBIT, INVOICE, Ctx
from .world import amounts, bill_day, printed_number


def _other(ctx: Ctx, s, value):
    """Amounts of another bill: at least a quarter apart from ``value``."""
    while True:
        other = amounts(ctx.rng, s, ctx.world.state)
        if abs(other.taxable_value - value.taxable_value) > value.taxable_value // 4:
            return other


def cn_stem_invoice(ctx: Ctx) -> Case:
    """The invoice `INV-000412` is reported and not booked; its credit note `INV-000412-CN` is booked
    as a return and not yet reported. An invoice and a note: different documents, both unpaired."""
    s = ctx.supplier("zoho", "busy")
    number = f"INV-{s.next_serial(ctx.rng):06d}"
    value = amounts(ctx.rng, s, ctx.world.state)
    invoice = ims_record(s.gstin, INVOICE, number, bill_day(ctx.rng), value, ctx.world.state)
    note_value = replace(_other(ctx, s, value), taxable_value=value.taxable_value // 10)
    note = books_doc(ctx.rng, s.gstin, CREDIT, f"{number}-CN", bill_day(ctx.rng), note_value, ctx.world.state,
                     ctx.world.recipient_gstin)
    return Case("trap:cn_stem_invoice", [(invoice, None, "missing_in_pi"), (None, note, "missing_in_ims")])


def branch_twin(ctx: Ctx) -> Case:
    """Two depots of one GSTIN run their own series: `DL1/INV/0456` is reported and not booked,
    `DL2/INV/0456` (the other depot's bill, filed next month) is booked. Different bills, unpaired."""
    s = ctx.supplier("tally", "sap", "busy")
    serial = s.next_serial(ctx.rng)
    code = ctx.rng.choice(("DL", "MH", "KA", "WB"))
    value = amounts(ctx.rng, s, ctx.world.state)
    reported = ims_record(s.gstin, INVOICE, f"{code}1/INV/{serial:04d}", bill_day(ctx.rng), value,
                          ctx.world.state)
    booked = books_doc(ctx.rng, s.gstin, INVOICE, f"{code}2/INV/{serial:04d}", bill_day(ctx.rng),
                       _other(ctx, s, value), ctx.world.state, ctx.world.recipient_gstin)
    return Case("trap:branch_twin", [(reported, None, "missing_in_pi"), (None, booked, "missing_in_ims")])


def dn_invoice_same_serial(ctx: Ctx) -> Case:
    """The supplier numbers debit notes `DN/0045` and invoices `INV/0045` from one counter each: the
    debit note is reported and not booked, the invoice of serial 45 booked and filed next month.
    A note and an invoice: different documents, unpaired."""
    s = ctx.supplier("tally", "marg", "vyapar")
    serial = s.next_serial(ctx.rng)
    value = amounts(ctx.rng, s, ctx.world.state)
    note = ims_record(s.gstin, DEBIT, f"DN/{serial:04d}", bill_day(ctx.rng), value, ctx.world.state)
    invoice = books_doc(ctx.rng, s.gstin, INVOICE, f"INV/{serial:04d}", bill_day(ctx.rng),
                        _other(ctx, s, value), ctx.world.state, ctx.world.recipient_gstin)
    rows = [(note, None, "missing_in_pi"), (None, invoice, "missing_in_ims")]
    return Case("trap:dn_invoice_same_serial", rows)


def unbooked_and_unreported(ctx: Ctx) -> Case:
    """Plain bills on one side only (a bill not yet received; a QRMP supplier not yet filed)."""
    s = ctx.supplier()
    number = printed_number(s, s.next_serial(ctx.rng))
    value = amounts(ctx.rng, s, ctx.world.state)
    if ctx.rng.random() < 0.5:
        return Case("one_side:ims", [(ims_record(s.gstin, INVOICE, number, bill_day(ctx.rng), value,
                                                 ctx.world.state), None, "missing_in_pi")])
    booked = books_doc(ctx.rng, s.gstin, INVOICE, number, bill_day(ctx.rng), value, ctx.world.state,
                       ctx.world.recipient_gstin)
    return Case("one_side:books", [(None, booked, "missing_in_ims")])


# The old series' bill beside the new series' of the same serial is out of the months (month.py says why).
TRAPS = {f.__name__: f for f in (cn_stem_invoice, branch_twin, dn_invoice_same_serial,
                                 unbooked_and_unreported)}
