"""Independent builders for the audit scenarios: every test passes its own "today" and periods."""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, ItcReduction, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules import OriginalState, RecordState, RuleContext

SUPPLIER = "27AADCK7391H1Z7"
P = 100  # paise per rupee


def tax(igst: float = 0, cgst: float = 0, sgst: float = 0) -> Amounts:
    return Amounts(0, round(igst * P), round(cgst * P), round(sgst * P), 0)


def doc(section: Section = Section.B2B, number: str = "D-1", *, day: date, period: ReturnPeriod | str,
        igst: float = 1800, action: Action = Action.NO_ACTION, original_number: str | None = None,
        original_date: date | None = None, **extra) -> ImsRecord:
    """A record of ``period`` (the supplier's return period); values: taxable 10x the IGST."""
    amounts = Amounts(round(igst * 10 * P), round(igst * P), 0, 0, 0)
    if section.is_amendment and original_number is None:
        original_number = number + "-ORIG"
    return ImsRecord(
        section=section, supplier_gstin=SUPPLIER, document_number=number, document_date=day,
        supplier_return_period=str(period), document_value=amounts.taxable_value + amounts.total_tax,
        amounts=amounts, place_of_supply="27", action=action,
        invoice_type=None if section.is_ecommerce else "R",
        original_number=original_number, original_date=original_date, **extra,
    )


def st(record: ImsRecord, **kw) -> RecordState:
    return RecordState(record, **kw)


def orig(action: Action, period: ReturnPeriod | str, *, igst: float = 1800,
         filed: bool | None = None) -> OriginalState:
    amounts = Amounts(round(igst * 10 * P), round(igst * P), 0, 0, 0)
    return OriginalState(action=action, gstr2b_period=str(period), gstr3b_filed=filed, amounts=amounts)


def ctx(today: date, *filed: ReturnPeriod | str, quarterly: bool = False, **kw) -> RuleContext:
    return RuleContext(today=today, filed_3b_periods=frozenset(str(p) for p in filed),
                       quarterly=quarterly, **kw)


def months_before(period: ReturnPeriod, count: int) -> tuple[ReturnPeriod, ...]:
    """The ``count`` periods before ``period``: their GSTR-3Bs are filed in most scenarios."""
    return tuple(period.add(-k) for k in range(1, count + 1))


def full_reduction(record: ImsRecord) -> ItcReduction:
    a = record.amounts
    return ItcReduction(True, a.igst, a.cgst, a.sgst, a.cess)


NIL_REDUCTION = ItcReduction(False)
