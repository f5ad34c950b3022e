"""Documents that never enter IMS and go straight to GSTR-2B (FAQ 4, 8, 17; spec 3.5, 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from ..documents import Amounts, DocumentType
from ..errors import GstError
from ..periods import ReturnPeriod
from .layout import Block, Gstr2bSection, Part, Placement, UnavailableReason, note_or_invoice_section


class NonImsKind(str, Enum):
    REVERSE_CHARGE = "reverse charge"  # FAQ 8(3), 17
    POS_INELIGIBLE = "ITC ineligible by the POS rule"  # FAQ 4(i), 8(4)
    SECTION_16_4_BARRED = "ITC time-barred by Section 16(4)"  # FAQ 4(ii), 8(4)
    NON_RESIDENT = "GSTR-5 (non-resident taxable person)"  # FAQ 8(1)
    ISD = "GSTR-6 (input service distributor)"  # FAQ 8(1)
    IMPORT = "ICEGATE import of goods"  # FAQ 8(2)
    IMPORT_SEZ = "ICEGATE import of goods from SEZ"  # FAQ 8(2)
    RULE_37A = "Rule 37A reversal"  # FAQ 8(5)


@dataclass(frozen=True, slots=True)
class NonImsDocument:
    """A document GSTR-2B carries without any IMS action.

    ``party`` is the supplier's GSTIN, or the port code for imports.
    ``forward_charge_original`` is set on a reverse-charge amendment of an
    invoice the recipient had accepted under forward charge (FAQ 32): the
    system takes back that ITC.
    """

    kind: NonImsKind
    party: str
    document_number: str
    document_date: date
    document_type: DocumentType
    amounts: Amounts
    gstr2b_period: str  # MMYYYY
    is_amendment: bool = False
    original_number: str | None = None
    eligible: bool = True  # ISD documents may be distributed as ineligible
    forward_charge_original: Amounts | None = None

    def __post_init__(self):
        try:
            ReturnPeriod.parse(self.gstr2b_period)
        except GstError as error:
            raise GstError(f"{self.label}: field gstr2b_period: {error}") from None

    @property
    def label(self) -> str:
        return f"{self.kind.value} {self.document_type.value} {self.document_number} of {self.party}"


_UNAVAILABLE_REASON = {
    NonImsKind.POS_INELIGIBLE: UnavailableReason.POS,
    NonImsKind.SECTION_16_4_BARRED: UnavailableReason.SECTION_16_4,
}


def route(document: NonImsDocument) -> Placement:
    """The GSTR-2B block, part and section a non-IMS document lands in (spec 3.3, 3.5)."""
    kind, doc_type, amended = document.kind, document.document_type, document.is_amendment
    credit = doc_type is DocumentType.CREDIT_NOTE
    if kind is NonImsKind.REVERSE_CHARGE:
        if credit:
            section = Gstr2bSection.CDNRAREV if amended else Gstr2bSection.CDNRREV
            return Placement(Block.AVAILABLE, Part.CREDIT_NOTES, section)
        return Placement(Block.AVAILABLE, Part.REVERSE_CHARGE, note_or_invoice_section(doc_type, amended))
    if kind in (NonImsKind.POS_INELIGIBLE, NonImsKind.SECTION_16_4_BARRED):
        if kind is NonImsKind.SECTION_16_4_BARRED and credit:
            raise GstError(f"{document.label}: Section 16(4) bars ITC on invoices and debit notes only")
        reason = _UNAVAILABLE_REASON[kind]
        part = Part.CREDIT_NOTES if credit else Part.ALL_OTHER
        return Placement(Block.NOT_AVAILABLE, part, note_or_invoice_section(doc_type, amended), reason)
    if kind is NonImsKind.NON_RESIDENT:
        part = Part.CREDIT_NOTES if credit else Part.ALL_OTHER
        return Placement(Block.AVAILABLE, part, note_or_invoice_section(doc_type, amended))
    if kind is NonImsKind.ISD:
        block = Block.AVAILABLE if document.eligible else Block.NOT_AVAILABLE
        section = Gstr2bSection.ISDA if amended else Gstr2bSection.ISD
        return Placement(block, Part.CREDIT_NOTES if credit else Part.ISD, section)
    if kind in (NonImsKind.IMPORT, NonImsKind.IMPORT_SEZ):
        if doc_type is not DocumentType.INVOICE:
            raise GstError(f"{document.label}: a bill of entry is the only import document")
        sez = kind is NonImsKind.IMPORT_SEZ
        section = {
            (False, False): Gstr2bSection.IMPG, (False, True): Gstr2bSection.IMPGA,
            (True, False): Gstr2bSection.IMPGSEZ, (True, True): Gstr2bSection.IMPGASEZ,
        }[(sez, amended)]
        return Placement(Block.AVAILABLE, Part.IMPORTS, section)
    # Rule 37A: the supplier did not file GSTR-3B in time; the ITC is reversed.
    if credit:
        raise GstError(f"{document.label}: Rule 37A reverses ITC on invoices and debit notes only")
    return Placement(Block.REVERSAL, Part.ALL_OTHER, note_or_invoice_section(doc_type, amended))
