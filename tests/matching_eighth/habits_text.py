"""Habits that change how the number, the date or the supplier identity is written.

Each habit takes the month (``Ctx``) and returns the ``Item``s it made, or ``[]`` when the
supplier at hand cannot show it. The docstring says what the clerk does and which category the
README's definitions give.
"""

from __future__ import annotations

import re
from datetime import date

from india_ims.gst_india.gstin import check_character

from .bills import Ctx, Item, rebook

SCRIPT_ZERO = {"29": 0x0CE6, "24": 0x0AE6}  # Kannada, Gujarati; Devanagari elsewhere
DEVANAGARI_ZERO = 0x0966
KEYPAD_NEIGHBOURS = {"0": "1", "1": "24", "2": "135", "3": "26", "4": "157", "5": "2468", "6": "359",
                     "7": "48", "8": "579", "9": "68"}


def indic_digits(ctx: Ctx) -> list[Item]:
    """The bill came as a bilingual PDF; OCR (or a clerk on a regional-language keyboard in Marg)
    gives the number in Kannada / Gujarati / Devanagari digits: ``GST/೨೬-೨೭/೦೪೧೨``. The same number
    written differently -> **suggested**."""
    supplier = ctx.pick("pharma", "material", "packaging", "general")
    record, book = ctx.pair(supplier)
    if not re.search(r"[0-9]", record.document_number):
        return []
    zero = SCRIPT_ZERO.get(ctx.state, DEVANAGARI_ZERO) if ctx.rng.random() < 0.7 else DEVANAGARI_ZERO
    number = "".join(chr(zero + int(c)) if c.isascii() and c.isdigit() else c for c in record.document_number)
    return [Item(record, rebook(book, bill_no=number), "suggested", ("indic_digits",))]


def invisible_chars(ctx: Ctx) -> list[Item]:
    """The number was copied from a WhatsApp message or a PDF and carries an invisible character:
    a zero-width space or joiner inside, a byte-order mark in front, a soft hyphen. Trimming and
    upper-casing leave it, so not exact; the number is only written differently -> **suggested**."""
    supplier = ctx.pick()
    record, book = ctx.pair(supplier)
    number = record.document_number
    kind = ctx.rng.choice(("zwsp", "zwj", "bom", "shy"))
    if kind == "bom":
        written = "\ufeff" + number
    else:
        char = {"zwsp": "\u200b", "zwj": "\u200d", "shy": "\u00ad"}[kind]
        cut = ctx.rng.randint(1, max(1, len(number) - 1))
        written = number[:cut] + char + number[cut:]
    return [Item(record, rebook(book, bill_no=written), "suggested", ("invisible_chars", kind))]


def date_appended(ctx: Ctx) -> list[Item]:
    """A Busy/Tally clerk copies the supplier's "Inv No. 412 dt. 05.12.26" line whole into the
    bill number field. The number written differently, the date field itself right -> **suggested**."""
    supplier = ctx.pick()
    record, book = ctx.pair(supplier)
    d = record.document_date
    form = ctx.rng.choice(("{n} DT {d:%d.%m.%y}", "{n} dt.{d:%d/%m}", "{n} ({d:%d-%m-%Y})"))
    return [Item(record, rebook(book, bill_no=form.format(n=record.document_number, d=d)), "suggested",
                 ("date_appended",))]


def day_month_swap(ctx: Ctx) -> list[Item]:
    """The register was imported from an Excel sheet read with an MM/DD locale: 05-12-2026 became
    12 May 2026. Only bills dated 1-11 December can flip. Same number, same amounts: the same
    document beyond doubt, the date wrong only clerically (no tax changes) -> **suggested**."""
    supplier = ctx.pick()
    record, book = ctx.pair(supplier, day=date(2026, 12, ctx.rng.randint(1, 11)))
    d = record.document_date
    swapped = date(d.year, d.day, d.month)
    return [Item(record, rebook(book, bill_date=swapped), "suggested", ("day_month_swap",))]


def keypad_slip(ctx: Ctx) -> list[Item]:
    """Entering on a numeric keypad the clerk hits a neighbouring key in the hundreds or thousands
    place of the running number (412 -> 442, far from the supplier's other bills of the month).
    Date and every amount identical: the same document beyond reasonable doubt with one mistyped
    digit -> **suggested**."""
    supplier = ctx.pick()
    record, book = ctx.pair(supplier)
    number = record.document_number
    runs = list(re.finditer(r"[0-9]+", number))
    run = runs[-1] if runs else None
    if run is None or len(run.group()) < 3 or supplier.style == "ra":
        return []
    place = run.end() - ctx.rng.choice((3, 4)) if len(run.group()) >= 4 else run.end() - 3
    old = number[place]
    new = ctx.rng.choice(KEYPAD_NEIGHBOURS[old])
    written = number[:place] + new + number[place + 1:]
    return [Item(record, rebook(book, bill_no=written), "suggested", ("keypad_slip",))]


def gstin_typo(ctx: Ctx) -> list[Item]:
    """The supplier master was made from a WhatsApp photo of the bill: one letter of the PAN misread
    (and the last character fiddled until the software accepted it). The books hold the bill against
    a GSTIN nobody reported; it is the same document, and a different GSTIN changes whose ITC it is
    -> **mismatch** (the definitions' "another GSTIN" case, here not even of the same PAN)."""
    supplier = ctx.pick()
    record, book = ctx.pair(supplier)
    known = {s.gstin for s in ctx.suppliers}
    g = supplier.gstin
    for _ in range(20):
        at = ctx.rng.choice((2, 3, 4, 6))
        letter = ctx.rng.choice([c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c != g[at]])
        first = g[:at] + letter + g[at + 1:14]
        typo = first + check_character(first)
        if typo not in known:
            return [Item(record, rebook(book, supplier_gstin=typo), "mismatch", ("gstin_typo",))]
    return []


def tds_netted_total(ctx: Ctx) -> list[Item]:
    """The contractor or buyer deducts income-tax TDS (194C 1-2 %, 194Q 0.1 %) and the clerk books the
    net payable as the grand total; taxable and tax heads are as invoiced. The definitions compare
    the heads only, all equal -> **exact**."""
    supplier = ctx.pick("subcontractor", "material", "merchant_input", "general", "pharma")
    record, book = ctx.pair(supplier)
    rate = ctx.rng.choice((10, 20, 1))  # per mille of taxable
    tds = max(100, record.amounts.taxable_value * rate // 1000)
    return [Item(record, rebook(book, grand_total=book.grand_total - tds), "exact", ("tds_netted_total",))]


def excel_float(ctx: Ctx) -> list[Item]:
    """The register went through Excel: an all-digit bill number was read as a number and came back
    as ``4512.0`` (leading zeros gone with it). The number written differently -> **suggested**."""
    supplier = ctx.pick()
    if supplier.style != "plain":
        return []
    record, book = ctx.pair(supplier)
    return [Item(record, rebook(book, bill_no=f"{int(record.document_number)}.0"), "suggested",
                 ("excel_float",))]


def ocr_trailing_words(ctx: Ctx) -> list[Item]:
    """OCR of the PDF takes the copy marking printed beside the number into the bill number:
    ``SI/26-27/0412 ORIGINAL FOR RECIPIENT``, ``0412 (Duplicate)``. The number written differently
    -> **suggested**."""
    supplier = ctx.pick()
    record, book = ctx.pair(supplier)
    words = ctx.rng.choice(("ORIGINAL FOR RECIPIENT", "(Duplicate)", "Original", "TRIPLICATE FOR SUPPLIER"))
    return [Item(record, rebook(book, bill_no=f"{record.document_number} {words}"), "suggested",
                 ("ocr_trailing_words",))]
