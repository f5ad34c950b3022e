"""The documents the core reasons about: IMS records and purchase documents.

Plain dataclasses with neutral field names. GSTN's wire keys live only in
``payload``; ERPNext field names only in the Frappe layer. Amounts are integer
paise (see ``money``); IMS amounts are positive as GSTN reports them, purchase
amounts carry ERPNext's sign (returns negative).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum


class DocumentType(str, Enum):
    INVOICE = "Invoice"
    DEBIT_NOTE = "Debit Note"
    CREDIT_NOTE = "Credit Note"


class Section(str, Enum):
    """IMS sections; the value is the JSON key GSTN uses in GETINV and SAVE."""

    B2B = "b2b"
    B2BA = "b2ba"
    B2BDN = "b2bdn"
    B2BDNA = "b2bdna"
    B2BCN = "b2bcn"
    B2BCNA = "b2bcna"
    ECOM = "ecom"
    ECOMA = "ecoma"

    @property
    def document_type(self) -> DocumentType:
        return _SECTION_DOCUMENT_TYPE[self]

    @property
    def is_amendment(self) -> bool:
        return self.value.endswith("a")

    @property
    def is_ecommerce(self) -> bool:
        return self in (Section.ECOM, Section.ECOMA)

    @property
    def original(self) -> Section:
        """The section an amendment amends (itself for an original)."""
        return Section(self.value[:-1]) if self.is_amendment else self

    @property
    def amendment(self) -> Section:
        return self if self.is_amendment else Section(self.value + "a")

    @property
    def label(self) -> str:
        return _SECTION_LABEL[self]


_SECTION_DOCUMENT_TYPE = {
    Section.B2B: DocumentType.INVOICE,
    Section.B2BA: DocumentType.INVOICE,
    Section.ECOM: DocumentType.INVOICE,
    Section.ECOMA: DocumentType.INVOICE,
    Section.B2BDN: DocumentType.DEBIT_NOTE,
    Section.B2BDNA: DocumentType.DEBIT_NOTE,
    Section.B2BCN: DocumentType.CREDIT_NOTE,
    Section.B2BCNA: DocumentType.CREDIT_NOTE,
}
_SECTION_LABEL = {
    Section.B2B: "B2B Invoice",
    Section.B2BA: "B2B Invoice (amended)",
    Section.B2BDN: "Debit Note",
    Section.B2BDNA: "Debit Note (amended)",
    Section.B2BCN: "Credit Note",
    Section.B2BCNA: "Credit Note (amended)",
    Section.ECOM: "E-commerce Supply",
    Section.ECOMA: "E-commerce Supply (amended)",
}

# Sections whose Accept may carry a declared ITC reduction (itcRedReq and the
# declared amounts): one vendor's upload models and another's agree (spec 1.8).
ITC_REDUCTION_SECTIONS = frozenset(
    {Section.B2BA, Section.B2BCN, Section.B2BCNA, Section.B2BDNA, Section.ECOMA}
)


class Action(str, Enum):
    """IMS actions; the value is GSTN's code."""

    ACCEPT = "A"
    REJECT = "R"
    PENDING = "P"
    NO_ACTION = "N"

    @property
    def label(self) -> str:
        return _ACTION_LABEL[self]

    @classmethod
    def from_label(cls, text: str) -> Action:
        key = str(text).strip().upper()
        for action in cls:
            if key in (action.value, action.label.upper(), action.name):
                return action
        raise ValueError(f"{text!r} is not an IMS action (Accepted, Rejected, Pending, No Action)")


_ACTION_LABEL = {
    Action.ACCEPT: "Accepted",
    Action.REJECT: "Rejected",
    Action.PENDING: "Pending",
    Action.NO_ACTION: "No Action",
}


class MatchStatus(str, Enum):
    EXACT = "Exact Match"
    SUGGESTED = "Suggested Match"
    MISMATCH = "Mismatch"
    MANUAL = "Manual Match"
    MISSING_IN_PI = "Missing in PI"
    MISSING_IN_IMS = "Missing in IMS"


@dataclass(frozen=True, slots=True)
class Amounts:
    """Taxable value and tax heads in paise."""

    taxable_value: int = 0
    igst: int = 0
    cgst: int = 0
    sgst: int = 0
    cess: int = 0

    @property
    def total_tax(self) -> int:
        return self.igst + self.cgst + self.sgst + self.cess

    def negated(self) -> Amounts:
        return Amounts(-self.taxable_value, -self.igst, -self.cgst, -self.sgst, -self.cess)

    def __add__(self, other: Amounts) -> Amounts:
        return Amounts(
            self.taxable_value + other.taxable_value,
            self.igst + other.igst,
            self.cgst + other.cgst,
            self.sgst + other.sgst,
            self.cess + other.cess,
        )

    def tax_dict(self) -> dict[str, int]:
        return {"igst": self.igst, "cgst": self.cgst, "sgst": self.sgst, "cess": self.cess}


ZERO = Amounts()


@dataclass(frozen=True, slots=True)
class ItcReduction:
    """A recipient's declared ITC reduction on accepting a specified record (Oct 2025+).

    ``required`` False means "ITC was never availed, reduce nothing". ``FULL_REDUCTION`` (every
    head None) is Y with no amounts declared: the full reduction, which on an amendment is the
    change from the earlier version, a figure the record alone does not carry. Its heads are None,
    not 0, so arithmetic on them fails instead of reading "reduce nothing"; ``returns.itc`` turns it
    into amounts from the record's state.
    """

    required: bool
    igst: int | None = 0
    cgst: int | None = 0
    sgst: int | None = 0
    cess: int | None = 0

    def __post_init__(self):
        missing = [h for h in ("igst", "cgst", "sgst", "cess") if getattr(self, h) is None]
        if missing and (len(missing) < 4 or not self.required):
            raise ValueError("an ITC reduction's amounts are all declared, or (with Y) all left out")

    @property
    def full_undeclared(self) -> bool:
        """Y without declared amounts: the full reduction, its amounts to be worked out."""
        return self.igst is None


# GSTN holds itcRedReq Y without declared amounts (see ``ItcReduction``).
FULL_REDUCTION = ItcReduction(True, None, None, None, None)


@dataclass(frozen=True, slots=True)
class ImsRecord:
    """One document as IMS shows it to the recipient."""

    section: Section
    supplier_gstin: str
    document_number: str
    document_date: date
    supplier_return_period: str  # MMYYYY
    document_value: int
    amounts: Amounts
    place_of_supply: str
    action: Action = Action.NO_ACTION  # the action GSTN holds
    invoice_type: str | None = None  # R, SEWP, SEWOP, DE; None for ECO documents
    source_form: str = "R1"  # R1 (GSTR-1/IFF) or R1A
    supplier_filed: bool = True
    pending_blocked: bool | None = None  # None: GSTN sent neither flag
    original_number: str | None = None
    original_date: date | None = None
    checksum: str | None = None
    remarks: str | None = None
    remarks_blocked: bool | None = None
    itc_reduction_blocked: bool | None = None
    itc_reduction: ItcReduction | None = None
    reverse_charge: bool = False

    @property
    def document_type(self) -> DocumentType:
        return self.section.document_type

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Identity GSTN uses to address a record (error reports match on it)."""
        return (
            self.section.value,
            self.supplier_gstin,
            self.document_number.strip().upper(),
            self.supplier_return_period,
        )


@dataclass(frozen=True, slots=True)
class PurchaseDocument:
    """A purchase invoice, debit note or return as the books hold it.

    Amounts carry the books' sign: a purchase return (credit note) is negative.
    """

    name: str
    supplier_gstin: str
    document_type: DocumentType
    bill_no: str
    bill_date: date | None
    amounts: Amounts
    place_of_supply: str = ""
    company_gstin: str = ""
    supplier_name: str = ""
    posting_date: date | None = None
    reverse_charge: bool = False
    grand_total: int = 0
