"""Small builders for IMS records, states and contexts used by the rules and returns tests."""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, Section
from india_ims.gst_india.rules import OriginalState, RecordState, RuleContext

SUPPLIER_A = "27AAPFU0939F1ZV"
SUPPLIER_B = "29AAJCM5823E1ZC"
SUPPLIER_C = "33AAHCT4471Q1ZR"


def rupees(value: float) -> int:
    return round(value * 100)


def record(
    section: Section = Section.B2B,
    number: str = "INV-001",
    *,
    supplier: str = SUPPLIER_A,
    period: str = "102025",
    taxable: float = 10000,
    igst: float = 1800,
    cgst: float = 0,
    sgst: float = 0,
    cess: float = 0,
    action: Action = Action.NO_ACTION,
    day: date | None = None,
    original_number: str | None = None,
    original_date: date | None = None,
    **extra,
) -> ImsRecord:
    amounts = Amounts(rupees(taxable), rupees(igst), rupees(cgst), rupees(sgst), rupees(cess))
    if section.is_amendment and original_number is None:
        original_number = number + "-O"
        original_date = original_date or date(2025, 8, 10)
    return ImsRecord(
        section=section,
        supplier_gstin=supplier,
        document_number=number,
        document_date=day or date(2025, 10, 10),
        supplier_return_period=period,
        document_value=amounts.taxable_value + amounts.total_tax,
        amounts=amounts,
        place_of_supply="24",
        action=action,
        invoice_type=None if section.is_ecommerce else "R",
        original_number=original_number,
        original_date=original_date,
        **extra,
    )


def state(rec: ImsRecord | None = None, **kw) -> RecordState:
    return RecordState(rec or record(), **kw)


def original(action: Action, period: str = "082025", *, filed: bool | None = None,
             taxable: float = 10000, igst: float = 1800, cgst: float = 0, sgst: float = 0) -> OriginalState:
    return OriginalState(
        action=action,
        gstr2b_period=period,
        gstr3b_filed=filed,
        amounts=Amounts(rupees(taxable), rupees(igst), rupees(cgst), rupees(sgst), 0),
    )


def context(today: date = date(2025, 11, 5), filed: tuple[str, ...] = (), *, quarterly: bool = False,
            **kw) -> RuleContext:
    return RuleContext(today=today, filed_3b_periods=frozenset(filed), quarterly=quarterly, **kw)
