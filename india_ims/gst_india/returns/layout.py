"""Where a document sits in FORM GSTR-2B: block, part and section (spec 3.3).

Neutral names; ``payload.gstr2b`` maps them to the JSON keys.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..documents import DocumentType, Section


class Block(str, Enum):
    AVAILABLE = "ITC Available"
    NOT_AVAILABLE = "ITC Not Available"
    REVERSAL = "ITC Reversal"
    REJECTED = "ITC Rejected"


class Part(str, Enum):
    ALL_OTHER = "Part A-I: all other ITC (B2B other than reverse charge)"
    ISD = "Part A-II: inward supplies from ISD"
    REVERSE_CHARGE = "Part A-III: inward supplies liable for reverse charge"
    IMPORTS = "Part A-IV: import of goods"
    CREDIT_NOTES = "Part B: credit notes"

    @property
    def reduces_itc(self) -> bool:
        return self is Part.CREDIT_NOTES


class Gstr2bSection(str, Enum):
    B2B = "B2B invoices"
    B2BA = "B2B invoices (amendment)"
    CDNR = "Credit/debit notes"
    CDNRA = "Credit/debit notes (amendment)"
    ECOM = "ECO documents"
    ECOMA = "ECO documents (amendment)"
    ISD = "ISD documents"
    ISDA = "ISD documents (amendment)"
    IMPG = "Import of goods"
    IMPGA = "Import of goods (amendment)"
    IMPGSEZ = "Import of goods from SEZ"
    IMPGASEZ = "Import of goods from SEZ (amendment)"
    CDNRREV = "Credit notes (reverse charge)"
    CDNRAREV = "Credit notes (reverse charge, amendment)"


class UnavailableReason(str, Enum):
    POS = "P"  # place of supply in the supplier's state, recipient elsewhere
    SECTION_16_4 = "C"  # supplier's return filed after the annual cut-off


@dataclass(frozen=True, slots=True)
class Placement:
    block: Block
    part: Part
    section: Gstr2bSection
    reason: UnavailableReason | None = None


# IMS section -> (part, 2B section) when the document counts (spec 3.3: debit
# notes are Part A-I "cdnr", credit notes Part B "cdnr").
_IMS_PLACE = {
    Section.B2B: (Part.ALL_OTHER, Gstr2bSection.B2B),
    Section.B2BA: (Part.ALL_OTHER, Gstr2bSection.B2BA),
    Section.B2BDN: (Part.ALL_OTHER, Gstr2bSection.CDNR),
    Section.B2BDNA: (Part.ALL_OTHER, Gstr2bSection.CDNRA),
    Section.ECOM: (Part.ALL_OTHER, Gstr2bSection.ECOM),
    Section.ECOMA: (Part.ALL_OTHER, Gstr2bSection.ECOMA),
    Section.B2BCN: (Part.CREDIT_NOTES, Gstr2bSection.CDNR),
    Section.B2BCNA: (Part.CREDIT_NOTES, Gstr2bSection.CDNRA),
}


def ims_placement(section: Section, block: Block) -> Placement:
    part, target = _IMS_PLACE[section]
    return Placement(block, part, target)


def note_or_invoice_section(document_type: DocumentType, amendment: bool) -> Gstr2bSection:
    if document_type is DocumentType.INVOICE:
        return Gstr2bSection.B2BA if amendment else Gstr2bSection.B2B
    return Gstr2bSection.CDNRA if amendment else Gstr2bSection.CDNR
