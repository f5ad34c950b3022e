"""Habits: a bill the supplier's software or GSP reported one way and the clerk booked from the printed
bill another. Each function's docstring says what happens, the category and why; ``make_month`` reads
the category off the two documents again (``bills.classify``) and refuses a month where they differ."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from india_ims.gst_india.documents import Amounts, DocumentType

from .bills import Case, books_doc, ims_record
from .world import Supplier, World, amounts, bill_day, printed_number

INVOICE, DEBIT, CREDIT = DocumentType.INVOICE, DocumentType.DEBIT_NOTE, DocumentType.CREDIT_NOTE


@dataclass
class Ctx:
    rng: random.Random
    world: World

    def supplier(self, *software: str) -> Supplier:
        pool = [s for s in self.world.suppliers if not software or s.software in software]
        return self.rng.choice(pool or self.world.suppliers)


def pair(ctx: Ctx, s: Supplier, tag: str, category: str, printed: str, reported: str, *, kind=INVOICE,
         value: Amounts | None = None, books_value: Amounts | None = None, ims_shift: int = 0,
         books_gstin: str | None = None) -> Case:
    """IMS carries ``reported``; the books the ``printed`` number the clerk typed."""
    rng, w = ctx.rng, ctx.world
    day = bill_day(rng, 1 + ims_shift)
    value = value or amounts(rng, s, w.state)
    record = ims_record(s.gstin, kind, reported, day - timedelta(days=ims_shift), value, w.state)
    books = books_doc(rng, books_gstin or s.gstin, kind, printed, day, books_value or value, w.state,
                      w.recipient_gstin)
    return Case(tag, [(record, books, category)])


def plain(ctx: Ctx) -> Case:
    """The software's default number, under 16 characters, reported and typed alike: exact."""
    s = ctx.supplier()
    number = printed_number(s, s.next_serial(ctx.rng))
    return pair(ctx, s, "plain", "exact", number, number)


def lower_case_printed(ctx: Ctx) -> Case:
    """Zoho Books set to a lower-case series (`inv-000412`); the GSP upper-cases it for GSTR-1. GST
    numbers are case-insensitive, everything else agrees: exact."""
    s = ctx.supplier("zoho")
    number = f"inv-{s.next_serial(ctx.rng):06d}"
    return pair(ctx, s, "lower_case_printed", "exact", number, number.upper())


def separators_compressed(ctx: Ctx) -> Case:
    """`MUM/FM/26-27/004512` printed (19 characters); the GSP drops the separators to fit 16
    (`MUMFM2627004512`): the number written differently by its separators, so suggested."""
    s = ctx.supplier("tally", "busy")
    printed = f"{s.prefix}/{ctx.rng.choice(('FM', 'HC', 'PC'))}/26-27/{s.next_serial(ctx.rng):06d}"
    reported = printed.replace("/", "").replace("-", "")
    return pair(ctx, s, "separators_compressed", "suggested", printed, reported)


def fy_prefix_dropped(ctx: Ctx) -> Case:
    """`2026-27/SL/004521` printed; the upload drops the leading financial-year token (`SL/004521`):
    a financial-year token left out is clerical, so suggested."""
    s = ctx.supplier("tally", "marg", "busy")
    tail = f"SL/{s.next_serial(ctx.rng):06d}"
    return pair(ctx, s, "fy_prefix_dropped", "suggested", f"2026-27/{tail}", tail)


def branch_code_cut(ctx: Ctx) -> Case:
    """`KOLWH2/INV/26-27/1187` printed (21 characters); the GSP cuts the branch code from the front
    (`INV/26-27/1187`): a prefix left out, suggested."""
    s = ctx.supplier("tally", "sap", "busy")
    tail = f"INV/26-27/{s.next_serial(ctx.rng):04d}"
    branch = ctx.rng.choice(("KOLWH2", "PUNDC1", "BLRHUB", "JPRWH3"))
    return pair(ctx, s, "branch_code_cut", "suggested", f"{branch}/{tail}", tail)


def hash_underscore(ctx: Ctx) -> Case:
    """`INV#2027_0412` printed by a custom template; '#' and '_' are not allowed in GSTR-1, so the
    GSP writes `INV-2027-0412`: separators only, suggested."""
    s = ctx.supplier("vyapar", "busy", "marg")
    serial = s.next_serial(ctx.rng)
    return pair(ctx, s, "hash_underscore", "suggested", f"INV#2027_{serial:04d}", f"INV-2027-{serial:04d}")


def spaces_dots(ctx: Ctx) -> Case:
    """Busy prints `R.T. 2627 0412` with spaces and dots; GSTR-1 carries `RT26270412`: separators
    and spaces only, suggested."""
    s = ctx.supplier("busy", "marg")
    serial = s.next_serial(ctx.rng)
    return pair(ctx, s, "spaces_dots", "suggested", f"{s.prefix[0]}.{s.prefix[1]}. 2627 {serial:04d}",
                f"{s.prefix[:2]}2627{serial:04d}")


def erpnext_series(ctx: Ctx) -> Case:
    """An ERPNext supplier prints its naming series `ACC-SINV-2027-00012` (19 characters); its GSP
    sends `SINV-27-00012`, the company prefix and the century cut: prefix and year token, suggested."""
    s = ctx.supplier("erpnext")
    serial = s.next_serial(ctx.rng)
    return pair(ctx, s, "erpnext_series", "suggested", f"ACC-SINV-2027-{serial:05d}", f"SINV-27-{serial:05d}")


def sap_leading_zeros(ctx: Ctx) -> Case:
    """SAP prints the billing document with its ten digits (`0090004512`); the e-invoice and GSTR-1
    carry `90004512`: leading zeros only, suggested."""
    s = ctx.supplier("sap")
    serial = 90_000_000 + s.next_serial(ctx.rng)
    return pair(ctx, s, "sap_leading_zeros", "suggested", f"{serial:010d}", f"{serial}")


def pdf_en_dash(ctx: Ctx) -> Case:
    """The clerk copies the number from the emailed PDF, whose font set `INV–000412` with an en dash;
    GSTR-1 has the hyphen: a separator written differently, suggested."""
    s = ctx.supplier("zoho")
    number = f"INV-{s.next_serial(ctx.rng):06d}"
    return pair(ctx, s, "pdf_en_dash", "suggested", number.replace("-", "\u2013"), number)


def credit_note_cn_suffix(ctx: Ctx) -> Case:
    """The supplier numbers its credit note after the invoice (`INV-000412-CN`), reported in b2bcn
    and booked as a return under that number: same number, date and amounts, exact."""
    s = ctx.supplier("zoho", "busy")
    number = f"INV-{s.next_serial(ctx.rng):06d}-CN"
    return pair(ctx, s, "credit_note_cn_suffix", "exact", number, number, kind=CREDIT)


def debit_note_compressed(ctx: Ctx) -> Case:
    """A price-revision debit note printed `DN/26-27/0045`, sent by the GSP as `DN26270045`, booked
    as a debit note under the printed number: separators only, suggested."""
    s = ctx.supplier("tally", "busy")
    number = f"DN/26-27/{s.next_serial(ctx.rng):04d}"
    reported = number.replace("/", "").replace("-", "")
    return pair(ctx, s, "debit_note_compressed", "suggested", number, reported, kind=DEBIT)


def irn_date_earlier(ctx: Ctx) -> Case:
    """The e-invoice was generated a day or two before dispatch; GSTR-1 carries the IRN's document
    date, the printed bill the dispatch date the clerk typed: a date a few days off, suggested."""
    s = ctx.supplier("sap", "erpnext", "tally")
    number = printed_number(s, s.next_serial(ctx.rng))
    return pair(ctx, s, "irn_date_earlier", "suggested", number, number, ims_shift=ctx.rng.choice((1, 2)))


def header_rounding(ctx: Ctx) -> Case:
    """Marg rounds each tax head of the printed bill to the rupee; the GSTR-1 JSON keeps the paise:
    every head within Rs 1, suggested."""
    s = ctx.supplier("marg", "vyapar")
    value = amounts(ctx.rng, s, ctx.world.state)
    value = Amounts(*(v - v % 100 + 37 if v else 0 for v in (value.taxable_value, value.igst, value.cgst,
                                                             value.sgst, value.cess)))
    printed = Amounts(*(round(v / 100) * 100 for v in (value.taxable_value, value.igst, value.cgst,
                                                       value.sgst, value.cess)))
    number = printed_number(s, s.next_serial(ctx.rng))
    return pair(ctx, s, "header_rounding", "suggested", number, number, value=value, books_value=printed)


def head_office_template(ctx: Ctx) -> Case:
    """The supplier's invoice template still prints its head office's GSTIN; the branch reported the
    bill under its own registration and the clerk booked the printed one. Another GSTIN of the same PAN:
    mismatch."""
    s = ctx.supplier()
    number = printed_number(s, s.next_serial(ctx.rng))
    return pair(ctx, s, "head_office_template", "mismatch", number, number, books_gstin=s.head_office)


def truncated_list_price(ctx: Ctx) -> Case:
    """`PHARMA/KOL/2627/001234` printed, `KOL/2627/001234` reported; the clerk booked the list price
    before the supplier's trade discount printed below it: the same bill (prefix cut), an amount beyond
    tolerance, mismatch."""
    s = ctx.supplier("tally", "busy", "marg")
    tail = f"KOL/2627/{s.next_serial(ctx.rng):06d}"
    value = amounts(ctx.rng, s, ctx.world.state)
    gross = Amounts(*(round(v * 100 / 95) for v in (value.taxable_value, value.igst, value.cgst, value.sgst,
                                                    value.cess)))
    return pair(ctx, s, "truncated_list_price", "mismatch", f"PHARMA/{tail}", tail, value=value,
                books_value=gross)


def gsp_state_heads(ctx: Ctx) -> Case:
    """Vyapar printed CGST+SGST, but the supplier's GSP profile had another state, and GSTR-1 went out
    with IGST: tax under other heads, mismatch."""
    s = ctx.supplier("vyapar", "marg", "zoho")
    value = amounts(ctx.rng, s, ctx.world.state)
    tax = value.igst + value.cgst + value.sgst
    igst = Amounts(value.taxable_value, tax, 0, 0, value.cess)
    split = Amounts(value.taxable_value, 0, tax // 2, tax - tax // 2, value.cess)
    number = printed_number(s, s.next_serial(ctx.rng))
    return pair(ctx, s, "gsp_state_heads", "mismatch", number, number, value=igst, books_value=split)


HABITS = {f.__name__: f for f in (
    plain, lower_case_printed, separators_compressed, fy_prefix_dropped, branch_code_cut, hash_underscore,
    spaces_dots, erpnext_series, sap_leading_zeros, pdf_en_dash, credit_note_cn_suffix, debit_note_compressed,
    irn_date_earlier, header_rounding, head_office_template, truncated_list_price, gsp_state_heads)}
