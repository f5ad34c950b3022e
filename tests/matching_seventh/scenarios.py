"""Clerk habits that involve more than one document: each issues its own bills and bookings.

``scenario(rng, ledger) -> bool`` adds bills (reported or not) and books entries to ``ledger`` and
tags every document it touches with its name; False when the world offers nothing to act on.
``LABELS`` says what the definitions give each document of the scenario.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from india_ims.gst_india.documents import Amounts, DocumentType

from .bills import Bill, Ledger

SCENARIOS: dict[str, object] = {}
LABELS: dict[str, str] = {}
INVOICE, CN, DN = DocumentType.INVOICE, DocumentType.CREDIT_NOTE, DocumentType.DEBIT_NOTE


def scenario(labels: str):
    def register(function):
        SCENARIOS[function.__name__] = function
        LABELS[function.__name__] = labels
        return function
    return register


def _tag(name: str, *items) -> None:
    for item in items:
        (item.tags if isinstance(item, Bill) else item.habits).append(name)


def _part(a: Amounts, share: float) -> Amounts:
    return Amounts(*(round(v * share) for v in (a.taxable_value, a.igst, a.cgst, a.sgst, a.cess)))


def _plus(a: Amounts, b: Amounts, sign: int = 1) -> Amounts:
    return a + (b if sign > 0 else b.negated())


@scenario("the credit note: suggested (date a few days off)")
def return_keeps_original_date(rng, ledger: Ledger) -> bool:
    """The clerk makes the purchase return from the original bill ("Create > Return"), types the
    supplier's credit-note number but leaves the bill date ERPNext copied from the invoice, one to
    five days before the note. Definitions: the same note, date a few days off: suggested."""
    supplier = rng.choice(ledger.world.suppliers)
    invoice = ledger.issue(supplier, day=ledger.day(1, 24))
    note = ledger.issue(supplier, invoice.registration, CN, invoice.day + timedelta(days=rng.randrange(1, 6)),
                        _part(invoice.amounts, rng.uniform(0.05, 0.5)))
    ledger.book(invoice)
    entry = ledger.book(note, day=invoice.day)
    _tag("return_keeps_original_date", note, entry)
    return True


@scenario("the invoice: mismatch (net amounts); the credit note: missing_in_pi")
def credit_note_netted_into_invoice(rng, ledger: Ledger) -> bool:
    """A rate-difference credit note arrives with the bill; the clerk books the bill at the net
    amounts and files the note. Definitions: the invoice pair has amounts beyond ₹1: mismatch; the
    note was reported and not booked: missing_in_pi."""
    supplier = rng.choice(ledger.world.suppliers)
    invoice = ledger.issue(supplier, day=ledger.day(1, 26))
    note = ledger.issue(supplier, invoice.registration, CN, invoice.day + timedelta(days=rng.randrange(0, 4)),
                        _part(invoice.amounts, rng.uniform(0.03, 0.25)))
    entry = ledger.book(invoice, amounts=_plus(invoice.amounts, note.amounts, -1))
    _tag("credit_note_netted_into_invoice", invoice, note, entry)
    return True


@scenario("the invoice: mismatch (gross-up amounts); the debit note: missing_in_pi")
def debit_note_added_into_invoice(rng, ledger: Ledger) -> bool:
    """The supplier bills freight or a price rise on a separate debit note; the clerk adds it to
    the invoice's booking. Definitions: invoice pair beyond ₹1: mismatch; the debit note was
    reported and not booked: missing_in_pi."""
    supplier = rng.choice(ledger.world.suppliers)
    invoice = ledger.issue(supplier, day=ledger.day(1, 26))
    note = ledger.issue(supplier, invoice.registration, DN, invoice.day + timedelta(days=rng.randrange(0, 4)),
                        _part(invoice.amounts, rng.uniform(0.03, 0.25)))
    entry = ledger.book(invoice, amounts=_plus(invoice.amounts, note.amounts))
    _tag("debit_note_added_into_invoice", invoice, note, entry)
    return True


def _digits_apart(a: str, b: str) -> int:
    return sum(x != y for x, y in zip(a, b)) + abs(len(a) - len(b))


@scenario("new bill: missing_in_pi; the cancelled bill in the books: missing_in_ims")
def reissued_invoice_old_booked(rng, ledger: Ledger) -> bool:
    """The supplier charged IGST on an intra-state supply (or the reverse), cancelled the bill and
    issued a fresh one a week or two later under a new serial; the clerk had booked the first and
    never replaced it. Only the fresh bill reaches GSTR-1. Definitions: two different documents;
    the fresh one is missing_in_pi, the cancelled one missing_in_ims."""
    supplier = rng.choice(ledger.world.suppliers)
    registration = rng.choice(supplier.registrations)
    first = ledger.issue(supplier, registration, day=ledger.day(1, 14))
    first.in_ims = False
    a = first.amounts
    gap = rng.randrange(150, 600)
    number = supplier.number(registration, serial=registration.serial + gap)
    if _digits_apart(re.sub(r"\D", "", number), re.sub(r"\D", "", first.number)) < 3:
        number = supplier.number(registration, serial=registration.serial + gap + 111)
    registration.serial += gap + 112
    tax = a.igst + a.cgst + a.sgst
    wrong = (Amounts(a.taxable_value, tax, 0, 0, a.cess) if not a.igst
             else Amounts(a.taxable_value, 0, tax // 2, tax - tax // 2, a.cess))
    first.amounts = wrong
    fresh = ledger.issue(supplier, registration, day=first.day + timedelta(days=rng.randrange(7, 15)),
                         amounts=a, number=number)
    entry = ledger.book(first)
    _tag("reissued_invoice_old_booked", first, fresh, entry)
    return True


@scenario("tax invoice: as booked (exact); the proforma: missing_in_ims")
def proforma_also_booked(rng, ledger: Ledger) -> bool:
    """Goods were paid in advance against a proforma invoice, which the clerk booked as a purchase
    invoice to get the payment through; the tax invoice that came with the goods was booked as well
    and the proforma never cancelled. Definitions: the tax invoice pairs (exact); the proforma was
    never reported: missing_in_ims."""
    supplier = rng.choice(ledger.world.suppliers)
    invoice = ledger.issue(supplier, day=ledger.day(10, 31))
    day = invoice.day - timedelta(days=rng.randrange(6, 16))
    proforma = ledger.issue(supplier, invoice.registration, day=day, amounts=invoice.amounts,
                            number=f"PI/{rng.randrange(10, 300)}")
    proforma.in_ims = False
    ledger.book(invoice)
    entry = ledger.book(proforma)
    _tag("proforma_also_booked", invoice, proforma, entry)
    return True


@scenario("the interest debit note: missing_in_pi")
def interest_debit_note_in_journal(rng, ledger: Ledger) -> bool:
    """The supplier charges interest on a late payment by a debit note with 18 % GST; accounts book
    it as a Journal Entry against the supplier, never as a purchase document. Definitions: reported,
    not in the purchase register: missing_in_pi."""
    supplier = rng.choice(ledger.world.suppliers)
    registration = rng.choice(supplier.registrations)
    taxable = rng.randrange(200_00, 15_000_00)
    inter = registration.state != ledger.world.recipient_state
    amounts = (Amounts(taxable, round(taxable * 0.18)) if inter
               else Amounts(taxable, 0, round(taxable * 0.09), round(taxable * 0.09)))
    note = ledger.issue(supplier, registration, DN, amounts=amounts)
    _tag("interest_debit_note_in_journal", note)
    return True


@scenario("both bills: exact, each with its own registration")
def branch_twins_same_number(rng, ledger: Ledger) -> bool:
    """A supplier's two registrations (same PAN, two states) each run their own series and both
    billed us under the same serial this month; the clerk booked each under the right GSTIN.
    Definitions: two documents, each booked faithfully: exact, exact."""
    supplier = ledger.world.supplier_with(rng, lambda s: len(s.registrations) == 2)
    if supplier is None:
        return False
    one, two = supplier.registrations
    serial = max(one.serial, two.serial)
    one.serial = two.serial = serial
    bills = [ledger.issue(supplier, reg, number=supplier.number(reg)) for reg in (one, two)]
    entries = [ledger.book(bill) for bill in bills]
    _tag("branch_twins_same_number", *bills, *entries)
    return True


@scenario("booked bill: exact; the other supplier's bill: missing_in_pi")
def same_number_other_supplier(rng, ledger: Ledger) -> bool:
    """Two milk or diesel suppliers on the same rate card bill the same day under the same bare
    serial and nearly the same amounts; only one bill reached the clerk. Definitions: the booked one
    pairs with its own supplier's record (exact); the other was reported, not booked: missing_in_pi."""
    suppliers = [s for s in ledger.world.suppliers if s.scheme == "bill_book"]
    if len(suppliers) < 2:
        return False
    first, second = rng.sample(suppliers, 2)
    day = ledger.day()
    a = ledger.issue(first, day=day)
    b_amounts = ledger.amounts(second, second.registrations[0])
    b_amounts = replace(b_amounts, taxable_value=a.amounts.taxable_value)
    b = ledger.issue(second, second.registrations[0], day=day, number=a.number, amounts=b_amounts)
    entry = ledger.book(a)
    _tag("same_number_other_supplier", a, b, entry)
    return True


@scenario("every site bill: suggested (number written differently), each with its own number")
def site_bills_retyped(rng, ledger: Ledger) -> bool:
    """A security or housekeeping agency bills each of our sites separately: four to eight bills of
    one day, the same amount, consecutive numbers. The clerk types them from the agency's summary
    sheet, every number in the clerk's own style (year token last, Indian commas, the SAP prefix
    left off). Definitions: each bill pairs with the entry of its own number, written differently:
    suggested; the neighbours' numbers are a serial apart, not a slip."""
    from .habits import HABITS, NUMBER_HABITS

    supplier = ledger.world.supplier_with(rng, lambda s: s.scheme in ("fy_mid", "sap"))
    if supplier is None:
        return False
    registration = rng.choice(supplier.registrations)
    day = ledger.day()
    amounts = ledger.amounts(supplier, registration)
    for _ in range(rng.randrange(4, 9)):
        bill = ledger.issue(supplier, registration, day=day, amounts=amounts)
        entry = ledger.book(bill)
        _tag("site_bills_retyped", bill, entry)
        for name in rng.sample(NUMBER_HABITS, len(NUMBER_HABITS)):
            if HABITS[name](rng, bill, entry):
                entry.habits.append(name)
                break
    return True
