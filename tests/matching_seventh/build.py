"""Bills and entries become the engine's documents: ``ImsRecord`` as GETINV gives it,
``PurchaseDocument`` as ERPNext holds it (returns negative, grand total rounded to the rupee)."""

from __future__ import annotations

import hashlib

from india_ims.gst_india.documents import Action, DocumentType, ImsRecord, PurchaseDocument, Section

from .bills import RETURN_PERIOD, Bill, Entry

SECTION = {DocumentType.INVOICE: Section.B2B, DocumentType.CREDIT_NOTE: Section.B2BCN,
           DocumentType.DEBIT_NOTE: Section.B2BDN}


def to_ims(bill: Bill) -> ImsRecord:
    checksum = hashlib.sha256(f"{bill.gstin}|{bill.number}|{bill.key}".encode()).hexdigest()
    return ImsRecord(
        section=SECTION[bill.doc_type], supplier_gstin=bill.gstin, document_number=bill.number,
        document_date=bill.day, supplier_return_period=RETURN_PERIOD, document_value=bill.value,
        amounts=bill.amounts, place_of_supply=bill.place_of_supply, action=Action.NO_ACTION,
        invoice_type="R", pending_blocked=bill.doc_type == DocumentType.CREDIT_NOTE, checksum=checksum)


def to_purchase(entry: Entry, name: str, company_gstin: str) -> PurchaseDocument:
    amounts = entry.amounts.negated() if entry.doc_type == DocumentType.CREDIT_NOTE else entry.amounts
    total = amounts.taxable_value + amounts.total_tax
    grand = (1 if total >= 0 else -1) * ((abs(total) + 50) // 100 * 100)
    return PurchaseDocument(
        name=name, supplier_gstin=entry.gstin, document_type=entry.doc_type, bill_no=entry.number,
        bill_date=entry.day, amounts=amounts, place_of_supply=entry.place_of_supply,
        company_gstin=company_gstin, supplier_name=entry.bill.supplier.name, posting_date=entry.posting,
        grand_total=grand)
