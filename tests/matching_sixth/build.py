"""Drafts become the engine's documents: an ``ImsRecord`` as GETINV gives it, a ``PurchaseDocument``
as ERPNext holds it (returns negative, grand total rounded to the rupee)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from india_ims.gst_india.documents import Action, ImsRecord, PurchaseDocument, Section

from .bills import CN, DN, Draft

RETURN_PERIOD = "112026"
_SECTION = {CN: Section.B2BCN, DN: Section.B2BDN}


@dataclass
class ImsItem:
    draft: Draft
    amended: bool = False
    filed: bool = True


@dataclass
class BooksItem:
    draft: Draft
    faithful: Draft  # the copy before habits, to fall back on when a habit makes truth arguable
    role: str  # "main" (this bill's booking) or "extra" (a second booking)
    reverse_charge: bool = False
    reverted: bool = False  # already back to the faithful copy


def section_of(item: ImsItem) -> Section:
    section = _SECTION.get(item.draft.doc_type, Section.B2B)
    return section.amendment if item.amended else section


def to_ims(item: ImsItem) -> ImsRecord:
    d, bill = item.draft, item.draft.bill
    number = d.number_text
    checksum = hashlib.sha256(f"{d.gstin}|{number}|{bill.key}".encode()).hexdigest()
    return ImsRecord(
        section=section_of(item), supplier_gstin=d.gstin, document_number=number, document_date=d.day,
        supplier_return_period=RETURN_PERIOD, document_value=bill.value, amounts=d.amounts,
        place_of_supply=d.place_of_supply, action=Action.NO_ACTION, invoice_type="R",
        source_form="R1", supplier_filed=item.filed,
        pending_blocked=d.doc_type == CN,
        original_number=number if item.amended else None,
        original_date=d.day if item.amended else None, checksum=checksum)


def to_purchase(item: BooksItem, name: str, company_gstin: str) -> PurchaseDocument:
    d = item.draft
    amounts = d.amounts.negated() if d.negative else d.amounts
    total = amounts.taxable_value + amounts.total_tax
    sign = -1 if total < 0 else 1
    grand = sign * ((abs(total) + 50) // 100 * 100) + sign * max(0, d.total_extra - _roundoff(d))
    return PurchaseDocument(
        name=name, supplier_gstin=d.gstin, document_type=d.doc_type, bill_no=d.number_text,
        bill_date=d.day, amounts=amounts, place_of_supply=d.place_of_supply, company_gstin=company_gstin,
        supplier_name=d.bill.supplier.name, posting_date=d.posting, reverse_charge=item.reverse_charge,
        grand_total=grand)


def _roundoff(d: Draft) -> int:
    """The round-off part of the bill's own total, which ERPNext's rounded total already carries."""
    bill = d.bill
    return bill.value - bill.amounts.taxable_value - bill.amounts.total_tax
