"""Plain types of the supplier view: our sales with the recipient's action, and our Sales Invoices."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ..documents import Action, Amounts, DocumentType, Section


@dataclass(frozen=True, slots=True)
class OutwardRecord:
    """One document we reported in GSTR-1/1A/IFF, with what the recipient did with it in IMS."""

    section: Section
    recipient_gstin: str
    document_number: str
    document_date: date
    document_value: int  # paise
    amounts: Amounts  # as reported (a credit note positive, as GSTR-1 carries it)
    recipient_action: Action = Action.NO_ACTION
    return_type: str = "GSTR1"  # GSTR1 or GSTR1A
    return_period: str = ""  # MMYYYY of our return that reported it
    remarks: str | None = None
    place_of_supply: str = ""
    original_number: str | None = None  # for an amendment: the number of the document it amends
    original_date: date | None = None

    @property
    def document_type(self) -> DocumentType:
        return self.section.document_type


@dataclass(frozen=True, slots=True)
class SalesDocument:
    """A Sales Invoice (or return / debit note) as the books hold it; a return's amounts are negative."""

    name: str
    customer_gstin: str
    document_type: DocumentType
    number: str  # the number reported to GSTN (the Sales Invoice name unless the books say otherwise)
    posting_date: date
    amounts: Amounts
    customer_name: str = ""
    customer: str = ""
    company_gstin: str = ""
    place_of_supply: str = ""
    grand_total: int = 0
