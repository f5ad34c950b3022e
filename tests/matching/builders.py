"""Small builders for hand-made IMS records and purchase documents."""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType, ImsRecord, PurchaseDocument, Section
from india_ims.gst_india.gstin import check_character

RECIPIENT_STATE = "27"


def gstin(state: str = "27", pan: str = "AAACM1234K", entity: str = "1") -> str:
    first = f"{state}{pan}{entity}Z"
    return first + check_character(first)


SUPPLIER = gstin()
BRANCH = gstin("24")  # same PAN, another state
OTHER = gstin("27", "BBBCN5678L")


def local(taxable: int, rate: int = 18, cess: int = 0) -> Amounts:
    half = round(taxable * rate / 200)
    return Amounts(taxable, 0, half, half, cess)


def ims(number: str, day: date = date(2025, 10, 10), amounts: Amounts | None = None, *,
        section: Section = Section.B2B, supplier: str = SUPPLIER, pos: str = RECIPIENT_STATE,
        original_number: str | None = None, original_date: date | None = None) -> ImsRecord:
    amounts = amounts or local(1_000_000)
    value = amounts.taxable_value + amounts.total_tax
    return ImsRecord(section=section, supplier_gstin=supplier, document_number=number, document_date=day,
                     supplier_return_period="102025", document_value=value,
                     amounts=amounts, place_of_supply=pos, original_number=original_number,
                     original_date=original_date or (day if original_number else None))


def book(name: str, number: str, day: date | None = date(2025, 10, 10), amounts: Amounts | None = None, *,
         kind: DocumentType = DocumentType.INVOICE, supplier: str = SUPPLIER,
         pos: str = RECIPIENT_STATE) -> PurchaseDocument:
    amounts = amounts or local(1_000_000)
    return PurchaseDocument(name=name, supplier_gstin=supplier, document_type=kind, bill_no=number,
                            bill_date=day, amounts=amounts, place_of_supply=pos,
                            grand_total=amounts.taxable_value + amounts.total_tax)
