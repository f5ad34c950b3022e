"""Bills as the supplier issued them, bookings as the clerk entered them, and ``classify``: the
category of an (IMS record, purchase) pair read off the two documents by the definitions in
shared/datasets/README.md, and nothing else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType, ImsRecord, PurchaseDocument, Section

from .world import ECO_OPERATORS, Supplier

PERIOD = "012027"
JANUARY = (date(2027, 1, 1), date(2027, 1, 31))
RUPEE = 100  # paise: the suggested tolerance a head
PAISA = 1  # the exact tolerance a head
FEW_DAYS = 5  # "a date a few days off"


class Open(Exception):
    """The definitions leave this pair's category open: such a pair must not be in a month."""


def tax(taxable: int, rate: int, intra: bool, cess: int = 0) -> Amounts:
    if intra:
        half = round(taxable * rate / 200)
        return Amounts(taxable, 0, half, half, cess)
    return Amounts(taxable, round(taxable * rate / 100), 0, 0, cess)


def number(supplier: Supplier, doc: DocumentType, serial: int, month_index: int = 10) -> str:
    """The supplier's document number in its style (January is month 10 of FY 2026-27)."""
    if doc is DocumentType.DEBIT_NOTE:
        return f"DN/2627/{serial:03d}"
    if doc is DocumentType.CREDIT_NOTE:
        return f"CN/2627/{serial:03d}"
    style = supplier.style
    if style == "inv":
        return f"INV/26-27/{serial:04d}"
    if style == "tally":
        return f"{serial}/26-27"
    if style == "eco":
        return f"{ECO_OPERATORS[supplier.kind]}{supplier.state}2627{serial:06d}"
    if style == "sap":
        return f"91{serial:08d}"
    if style == "landlord":
        return f"RENT/26-27/{month_index:02d}"
    if style == "gta":
        return f"FB/2627/{serial:05d}"
    raise ValueError(style)


@dataclass
class Bill:
    """One document as the supplier issued and (if ``in_ims``) reported it."""

    key: int
    supplier: Supplier
    section: Section
    number: str
    day: date
    amounts: Amounts  # positive
    pos: str
    reverse_charge: bool = False
    original_number: str | None = None
    original_day: date | None = None
    original_amounts: Amounts | None = None  # an amendment's amounts as first reported
    in_ims: bool = True
    tags: list[str] = field(default_factory=list)


@dataclass
class Booking:
    """One purchase entry as the clerk made it; ``key`` names the bill it truly is (None: no bill of
    this month's IMS), ``category`` what the habit that made it declares."""

    key: int | None
    supplier_gstin: str
    supplier_name: str
    doc_type: DocumentType
    bill_no: str
    bill_date: date
    posting: date
    pos: str
    amounts: Amounts  # positive; the books' sign is applied when built
    category: str
    reverse_charge: bool = False
    habits: list[str] = field(default_factory=list)


def faithful(bill: Bill, posting: date) -> Booking:
    return Booking(bill.key, bill.supplier.gstin, bill.supplier.name, bill.section.document_type, bill.number,
                   bill.day, posting, bill.pos, bill.amounts, "exact", bill.reverse_charge)


def to_ims(bill: Bill, filed: bool) -> ImsRecord:
    a = bill.amounts
    return ImsRecord(
        section=bill.section, supplier_gstin=bill.supplier.gstin, document_number=bill.number,
        document_date=bill.day, supplier_return_period=PERIOD, document_value=a.taxable_value + a.total_tax,
        amounts=a, place_of_supply=bill.pos, invoice_type=None if bill.section.is_ecommerce else "R",
        supplier_filed=filed, original_number=bill.original_number, original_date=bill.original_day,
        reverse_charge=bill.reverse_charge)


def to_purchase(booking: Booking, name: str, company_gstin: str) -> PurchaseDocument:
    a = booking.amounts
    if booking.doc_type is DocumentType.CREDIT_NOTE:
        a = a.negated()
    return PurchaseDocument(
        name=name, supplier_gstin=booking.supplier_gstin, document_type=booking.doc_type,
        bill_no=booking.bill_no, bill_date=booking.bill_date, amounts=a, place_of_supply=booking.pos,
        company_gstin=company_gstin, supplier_name=booking.supplier_name, posting_date=booking.posting,
        reverse_charge=booking.reverse_charge, grand_total=a.taxable_value + a.total_tax)


_FY = re.compile(r"(?<![0-9])(20)?2[0-9]-?(20)?2[0-9](?![0-9])")


def _core(text: str) -> str:
    """Letters and digits only, upper case, each digit run without its leading zeros."""
    alnum = re.sub(r"[^0-9A-Z]", "", text.upper())
    return re.sub(r"\d+", lambda m: str(int(m.group())), alnum)


def number_relation(reported: str, booked: str) -> str:
    """``equal`` (trimmed, upper-cased), ``clerical`` (separators, leading zeros, a financial-year
    token, a prefix) or ``other``."""
    if reported.strip().upper() == booked.strip().upper():
        return "equal"
    if _core(reported) == _core(booked):
        return "clerical"
    if _core(_FY.sub("", reported.upper())) == _core(_FY.sub("", booked.upper())) and any(
            c.isdigit() for c in _FY.sub("", reported)):
        return "clerical"
    short, long = sorted((reported.strip().upper(), booked.strip().upper()), key=len)
    if sum(c.isdigit() for c in short) >= 3 and any(
            _core(long[k:]) == _core(short) for k in range(1, len(long)) if not long[k - 1].isdigit()):
        return "clerical"  # a prefix glued on, ending in a letter or a separator
    return "other"


def classify(record: ImsRecord, purchase: PurchaseDocument) -> str:
    """The category of the pair by the definitions; raises ``Open`` where they do not decide it."""
    if record.document_type != purchase.document_type:
        raise Open("document types differ")
    relation = number_relation(record.document_number, purchase.bill_no)
    if relation == "other":
        raise Open("the numbers are not one number written two ways")
    books = purchase.amounts
    if purchase.document_type is DocumentType.CREDIT_NOTE:
        books = books.negated()
    heads = ("taxable_value", "igst", "cgst", "sgst", "cess")
    gap = max(abs(getattr(record.amounts, h) - getattr(books, h)) for h in heads)
    if record.supplier_gstin != purchase.supplier_gstin:
        if record.supplier_gstin[2:12] != purchase.supplier_gstin[2:12]:
            raise Open("another PAN's GSTIN")
        return "mismatch"  # booked against another GSTIN of the same PAN
    if gap > RUPEE or record.place_of_supply != purchase.place_of_supply:
        return "mismatch"
    if record.reverse_charge != purchase.reverse_charge:
        raise Open("reverse charge differs with the amounts agreeing")
    days = abs((record.document_date - purchase.bill_date).days)
    if days > FEW_DAYS:
        raise Open("a date more than a few days off, nothing else differing")
    if relation == "equal" and days == 0 and gap <= PAISA:
        return "exact"
    return "suggested"
