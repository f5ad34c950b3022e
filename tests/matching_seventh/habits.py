"""Clerk habits that change one books entry of a bill the supplier reported.

Each habit is ``habit(rng, bill, entry) -> bool``: it changes ``entry`` (the booking of ``bill``)
the way a clerk does and returns False when the bill gives it nothing to act on. ``LABEL`` gives the
category the definitions of shared/datasets/README.md assign to the pair; truth.py recomputes the
category from the two documents and the month refuses a habit whose documents disagree with it.

Left out on purpose (the definitions leave them open, so no label would be defensible):
- a number Excel turned into a date (bill "3/12" kept as "03-Dec"): not a number written
  differently in any of the definitions' ways;
- a bill booked under a namesake supplier of another PAN: "another GSTIN of the same PAN" is a
  mismatch, another PAN is not covered;
- a credit note booked against the wrong original: the documents compared carry no link to the
  original, so nothing differs in what is matched.
"""

from __future__ import annotations

import re
from dataclasses import replace

from india_ims.gst_india.documents import Amounts, DocumentType

from .bills import Bill, Entry, tax_on

HABITS: dict[str, object] = {}
LABEL: dict[str, str] = {}
INVOICE = DocumentType.INVOICE


def habit(label: str):
    def register(function):
        HABITS[function.__name__] = function
        LABEL[function.__name__] = label
        return function
    return register



@habit("mismatch")
def cess_folded_into_tax_head(rng, bill: Bill, entry: Entry) -> bool:
    """Tally has no cess ledger set up: the compensation cess on aerated drinks, tobacco or a
    vehicle is keyed into the SGST ledger (IGST on an inter-state bill), cess left at zero.
    Definitions: a cess left out and a head beyond ₹1: mismatch."""
    a = entry.amounts
    if a.cess <= 100 or bill.doc_type != INVOICE:
        return False
    if a.igst:
        entry.amounts = replace(a, igst=a.igst + a.cess, cess=0)
    else:
        entry.amounts = replace(a, sgst=a.sgst + a.cess, cess=0)
    return True


@habit("mismatch")
def gross_before_trade_discount(rng, bill: Bill, entry: Entry) -> bool:
    """A distributor's bill prints list value, trade discount and taxable value; the clerk keys the
    list value as the taxable value and the tax as printed. Definitions: taxable beyond ₹1: mismatch."""
    pct = bill.supplier.trade_discount
    if not pct or bill.doc_type != INVOICE:
        return False
    gross = round(entry.amounts.taxable_value * 100 / (100 - pct))
    if gross - entry.amounts.taxable_value <= 200:
        return False
    entry.amounts = replace(entry.amounts, taxable_value=gross)
    return True


@habit("mismatch")
def exempt_lines_in_taxable(rng, bill: Bill, entry: Entry) -> bool:
    """The bill has a nil-rated or exempt line (loose grains, a pure-agent reimbursement) which the
    supplier reports outside the B2B rate rows; the clerk keys the bill's whole pre-tax value as the
    taxable value. Definitions: taxable beyond ₹1: mismatch."""
    if not bill.supplier.exempt_lines or bill.doc_type != INVOICE:
        return False
    exempt = max(300_00, round(entry.amounts.taxable_value * rng.uniform(0.04, 0.3)))
    bill.value += exempt  # GSTR-1 carries the whole invoice value, exempt line included
    entry.amounts = replace(entry.amounts, taxable_value=entry.amounts.taxable_value + exempt)
    return True


@habit("mismatch")
def tax_template_forgotten(rng, bill: Bill, entry: Entry) -> bool:
    """The supplier was created without a default Purchase Taxes template and the clerk saves the
    bill with the taxable value only: no tax head at all. Definitions: heads beyond ₹1: mismatch."""
    if entry.amounts.total_tax <= 100:
        return False
    entry.amounts = Amounts(entry.amounts.taxable_value)
    return True


@habit("exact")
def paisa_half_even(rng, bill: Bill, entry: Entry) -> bool:
    """ERPNext rounds a half paisa to even, the supplier's billing rounds it up: one head is a
    single paisa off. Definitions: every head within ₹0.01: exact."""
    a = entry.amounts
    heads = [h for h in ("igst", "cgst", "sgst") if getattr(a, h) > 0]
    if not heads:
        return False
    head = rng.choice(heads)
    entry.amounts = replace(a, **{head: getattr(a, head) + rng.choice((-1, 1))})
    return True


@habit("suggested")
def rupee_added_to_tally(rng, bill: Bill, entry: Entry) -> bool:
    """The printed grand total was rounded up where ERPNext rounds down; to make the totals agree
    the clerk raises the taxable value by exactly ₹1 and lets ERPNext recompute the tax (a few
    paise). Definitions: every head within the ₹1 tolerance, ₹1 itself included: suggested."""
    a = entry.amounts
    if a.taxable_value < 1_000_00:
        return False
    rate = round(100 * (a.igst + a.cgst + a.sgst) / a.taxable_value)
    extra = tax_on(100, rate, 0, a.igst > 0)
    entry.amounts = replace(a, taxable_value=a.taxable_value + 100, igst=a.igst + extra.igst,
                            cgst=a.cgst + extra.cgst, sgst=a.sgst + extra.sgst)
    return True


def indian_grouping(digits: str) -> str:
    """12345678 -> 1,23,45,678 (lakh and crore grouping of an Indian-locale spreadsheet)."""
    head, tail = digits[:-3], digits[-3:]
    groups = []
    while len(head) > 2:
        groups.insert(0, head[-2:])
        head = head[:-2]
    return ",".join(([head] if head else []) + groups + [tail])


@habit("suggested")
def thousands_comma_number(rng, bill: Bill, entry: Entry) -> bool:
    """Bill numbers are copied from a supplier statement opened in Excel with Indian number
    formatting: a numeric bill number arrives grouped, 9000012345 as 9,00,00,12,345. Definitions:
    the number written differently (separators): suggested."""
    if not re.fullmatch(r"[1-9][0-9]{3,}", entry.number):
        return False
    entry.number = indian_grouping(entry.number)
    return True


@habit("suggested")
def fy_token_moved(rng, bill: Bill, entry: Entry) -> bool:
    """The clerk's own vouchers end with the year, so SI/26-27/0412 is typed SI/0412/26-27.
    Definitions: the number written differently (financial-year token): suggested."""
    m = re.fullmatch(r"([A-Z]+)/(26-27)/([0-9]+)", entry.number)
    if not m:
        return False
    entry.number = f"{m[1]}/{m[3]}/{m[2]}"
    return True


@habit("suggested")
def sap_prefix_dropped(rng, bill: Bill, entry: Entry) -> bool:
    """SAP billing documents run 90xxxxxxxx; the clerk knows every bill of this supplier starts
    with 90 and the zeros after it and types only the significant serial (9000012345 as 12345).
    Definitions: the number written differently (prefix, leading zeros): suggested."""
    m = re.fullmatch(r"90(0*)([1-9][0-9]{2,})", entry.number)
    if not m:
        return False
    entry.number = m[2]
    return True


NUMBER_HABITS = ("thousands_comma_number", "fy_token_moved", "sap_prefix_dropped")
TRANSFORMS = tuple(HABITS)
