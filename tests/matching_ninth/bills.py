"""Bills as the supplier issued them, the clerk's drafts of them, and the documents built from both."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from india_ims.gst_india.documents import Action, Amounts, DocumentType, ImsRecord, PurchaseDocument, Section

from .world import FY, Supplier

RETURN_PERIOD = "032027"
MARCH_END = date(2027, 3, 31)
SERIES_PREFIX = {"cn": "CN", "dn": "DN", "alt": "L"}
SAP_SERIES = {"cn": "70", "dn": "71", "alt": "60"}
SERIES_OF = {DocumentType.INVOICE: "inv", DocumentType.CREDIT_NOTE: "cn", DocumentType.DEBIT_NOTE: "dn"}
SEVERITY = {"exact": 0, "suggested": 1, "mismatch": 2}


def render(style: str, prefix: str, serial: int, fy: str = FY, series: str = "inv") -> str:
    """A supplier's number, built from its parts so a habit can change one part alone."""
    if series != "inv":
        prefix = SAP_SERIES[series] if style == "sap" else SERIES_PREFIX[series] + prefix[:1]
    short, long = f"{fy[:2]}-{fy[2:]}", f"20{fy[:2]}-{fy[2:]}"
    if style == "tally_fy":
        return f"{prefix}/{short}/{serial:04d}"
    if style == "erp_compact":
        return f"{prefix}{fy}{serial:05d}"
    if style == "long_fy":
        return f"{prefix}/{long}/{serial}"
    if style == "sap":
        return f"{prefix}{serial:08d}"
    if style == "dash":
        return f"{prefix}-{serial:05d}"
    return f"{prefix}{serial}" if series != "inv" else str(serial)


def has_fy_token(style: str) -> bool:
    return style in ("tally_fy", "erp_compact", "long_fy")


def tax(taxable: int, rate: int, intra: bool) -> Amounts:
    if intra:
        half = round(taxable * rate / 200)
        return Amounts(taxable, 0, half, half, 0)
    return Amounts(taxable, round(taxable * rate / 100), 0, 0, 0)


@dataclass
class Bill:
    """One document as the supplier issued it (amounts positive, as GSTN reports them)."""

    supplier: Supplier
    doc_type: DocumentType
    serial: int
    day: date
    amounts: Amounts
    place_of_supply: str
    rate: int
    series: str = "inv"
    fy: str = FY
    section: Section = Section.B2B
    original_day: date | None = None  # amendments: the date of the bill amended
    tags: list[str] = field(default_factory=list)

    @property
    def number(self) -> str:
        return render(self.supplier.style, self.supplier.prefix, self.serial, self.fy, self.series)

    @property
    def intra(self) -> bool:
        return self.amounts.igst == 0


@dataclass
class Draft:
    """What the clerk typed into the purchase register (amounts positive; the sign comes at build)."""

    supplier_gstin: str
    supplier_name: str
    doc_type: DocumentType
    bill_no: str
    bill_date: date | None
    posting: date
    amounts: Amounts
    place_of_supply: str
    reverse_charge: bool = False
    habits: list[str] = field(default_factory=list)
    label: str = "exact"  # the pair's category the habits give, by the definitions

    def mark(self, habit: str, category: str) -> None:
        self.habits.append(habit)
        if SEVERITY[category] > SEVERITY[self.label]:
            self.label = category


@dataclass
class Case:
    """A reported bill (or none) and what the books hold for it; ``books[0]`` pairs when ``paired``."""

    bill: Bill | None
    books: list[Draft]
    paired: bool
    filed: bool = True


def faithful(rng: random.Random, bill: Bill, latest: date = MARCH_END) -> Draft:
    posting = min(bill.day + timedelta(days=rng.randrange(0, 6)), max(latest, bill.day))
    return Draft(bill.supplier.gstin, bill.supplier.name, bill.doc_type, bill.number, bill.day, posting,
                 bill.amounts, bill.place_of_supply)


def new_bill(rng: random.Random, supplier: Supplier, recipient_state: str, day: date,
             doc_type: DocumentType = DocumentType.INVOICE, taxable: int | None = None,
             serial: int | None = None, rate: int | None = None) -> Bill:
    kind = supplier.kind
    rate = rng.choice(kind.rates) if rate is None else rate
    if taxable is None:
        low, high = kind.size
        taxable = rng.randrange(low * 100, high * 100)
        if doc_type != DocumentType.INVOICE:
            taxable //= rng.randrange(4, 12)
    stay = "stay" in kind.flags
    pos = supplier.state if stay else recipient_state
    intra = supplier.state == pos
    series = SERIES_OF[doc_type]
    section = {"inv": Section.B2B, "cn": Section.B2BCN, "dn": Section.B2BDN}[series]
    if serial is None:
        serial = supplier.take(series)
    amounts = tax(taxable, rate, intra)
    return Bill(supplier, doc_type, serial, day, amounts, pos, rate, series, section=section)


def march_day(rng: random.Random, first: int = 1, last: int = 31) -> date:
    return date(2027, 3, rng.randrange(first, last + 1))


def to_ims(bill: Bill, filed: bool) -> ImsRecord:
    a = bill.amounts
    amended = bill.section.is_amendment
    return ImsRecord(
        section=bill.section, supplier_gstin=bill.supplier.gstin, document_number=bill.number,
        document_date=bill.day, supplier_return_period=RETURN_PERIOD,
        document_value=a.taxable_value + a.total_tax, amounts=a, place_of_supply=bill.place_of_supply,
        action=Action.NO_ACTION, invoice_type="R", supplier_filed=filed,
        original_number=bill.number if amended else None,
        original_date=bill.original_day if amended else None,
    )


def to_purchase(draft: Draft, name: str, company_gstin: str) -> PurchaseDocument:
    amounts = draft.amounts.negated() if draft.doc_type == DocumentType.CREDIT_NOTE else draft.amounts
    return PurchaseDocument(
        name=name, supplier_gstin=draft.supplier_gstin, document_type=draft.doc_type, bill_no=draft.bill_no,
        bill_date=draft.bill_date, amounts=amounts, place_of_supply=draft.place_of_supply,
        company_gstin=company_gstin, supplier_name=draft.supplier_name, posting_date=draft.posting,
        reverse_charge=draft.reverse_charge, grand_total=amounts.taxable_value + amounts.total_tax,
    )


def classify(record: ImsRecord, document: PurchaseDocument) -> str:
    """The category of a true pair, read off the definitions in shared/datasets/README.md."""
    books = document.amounts
    if document.document_type == DocumentType.CREDIT_NOTE:
        books = books.negated()
    ims = record.amounts
    heads = ("taxable_value", "igst", "cgst", "sgst", "cess")
    gaps = [abs(getattr(ims, h) - getattr(books, h)) for h in heads]
    # the definitions' edges (a paisa, a rupee) are left out of the month: no gap lands near them
    assert max(gaps) != 1 and not 99 < max(gaps) < 500, f"a gap at a tolerance's edge: {gaps}"
    if document.supplier_gstin != record.supplier_gstin:
        assert document.supplier_gstin[2:12] == record.supplier_gstin[2:12], "only a same-PAN GSTIN"
        return "mismatch"
    if (ims.igst > 0) != (books.igst > 0) or document.place_of_supply != record.place_of_supply:
        return "mismatch"
    if (ims.cess > 0) != (books.cess > 0) or max(gaps) > 100:
        return "mismatch"
    assert document.document_type == record.document_type, "a type change is left out (open)"
    same_number = document.bill_no.strip().upper() == record.document_number.strip().upper()
    if same_number and document.bill_date == record.document_date and max(gaps) <= 1:
        return "exact"
    return "suggested"
