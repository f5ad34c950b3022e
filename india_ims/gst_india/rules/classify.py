"""Facts about a record the rules are written in terms of.

Which 2B period it belongs to, whether it is frozen, whether an amendment
goes up or down, and whether it is a "specified record" of the October 2025
advisory (spec 1.8) - the records Pending used to be barred on (FAQ 11).
"""

from __future__ import annotations

from datetime import date
from enum import Enum
from functools import lru_cache

from ..documents import Action, Amounts, DocumentType, ImsRecord
from ..periods import ReturnPeriod, financial_year_of, india_day, section_16_4_deadline
from .model import RecordState, RuleContext

# Tax period from which the October 2025 advisory applies (spec 1.8).
OCTOBER_2025 = ReturnPeriod(2025, 10)

# Periods are immutable and few; parsing them once matters when a bulk check
# runs every rule over a lakh of records.
_period = lru_cache(maxsize=4096)(ReturnPeriod.parse)


class Direction(str, Enum):
    UPWARD = "upward"
    DOWNWARD = "downward"
    UNCHANGED = "unchanged"
    UNKNOWN = "unknown"  # the original's values are not known locally


class RecordKind(str, Enum):
    """The rows of the rule and effect tables (spec 4.3)."""

    ORIGINAL_INVOICE = "original invoice, debit note or ECO document"
    ORIGINAL_CREDIT_NOTE = "original credit note"
    INVOICE_AMENDMENT_UPWARD = "upward amendment of an invoice, debit note or ECO document"
    INVOICE_AMENDMENT_DOWNWARD = "downward amendment of an invoice, debit note or ECO document"
    INVOICE_AMENDMENT_OTHER = "amendment of an invoice, debit note or ECO document (tax unchanged or unknown)"
    CREDIT_NOTE_AMENDMENT_UPWARD = "upward amendment of a credit note"
    CREDIT_NOTE_AMENDMENT_DOWNWARD = "downward amendment of a credit note"
    CREDIT_NOTE_AMENDMENT_OTHER = "amendment of a credit note (tax unchanged or unknown)"


def amendment_direction(state: RecordState) -> Direction:
    """Upward when the amendment carries more tax than the original (taxable value breaks ties)."""
    if not state.record.section.is_amendment:
        return Direction.UNCHANGED
    if state.original is None or state.original.amounts is None:
        return Direction.UNKNOWN
    new, old = state.record.amounts, state.original.amounts
    delta = (new.total_tax - old.total_tax) or (new.taxable_value - old.taxable_value)
    if delta > 0:
        return Direction.UPWARD
    if delta < 0:
        return Direction.DOWNWARD
    return Direction.UNCHANGED


def record_kind(state: RecordState) -> RecordKind:
    section = state.record.section
    credit = section.document_type is DocumentType.CREDIT_NOTE
    if not section.is_amendment:
        return RecordKind.ORIGINAL_CREDIT_NOTE if credit else RecordKind.ORIGINAL_INVOICE
    direction = amendment_direction(state)
    if credit:
        return {
            Direction.UPWARD: RecordKind.CREDIT_NOTE_AMENDMENT_UPWARD,
            Direction.DOWNWARD: RecordKind.CREDIT_NOTE_AMENDMENT_DOWNWARD,
        }.get(direction, RecordKind.CREDIT_NOTE_AMENDMENT_OTHER)
    return {
        Direction.UPWARD: RecordKind.INVOICE_AMENDMENT_UPWARD,
        Direction.DOWNWARD: RecordKind.INVOICE_AMENDMENT_DOWNWARD,
    }.get(direction, RecordKind.INVOICE_AMENDMENT_OTHER)


def default_gstr2b_period(record: ImsRecord, *, quarterly: bool = False) -> ReturnPeriod | None:
    """2B period when no filing date is known: the supplier's period, the next for GSTR-1A.

    A record saved but not filed has no 2B period yet (spec 3.5).
    """
    if not record.supplier_filed:
        return None
    return earliest_gstr2b_period(record, quarterly=quarterly)


def earliest_gstr2b_period(record: ImsRecord, *, quarterly: bool = False) -> ReturnPeriod:
    """The first 2B period a record can land in, filed or only saved: the supplier's return period,
    the next for GSTR-1A (a filing after the cut-off moves it later, never earlier, spec 3.5)."""
    period = _period(record.supplier_return_period)
    if record.source_form.upper() == "R1A":
        period = period.next()
    return period.gstr2b_period(quarterly=quarterly)


def base_period(state: RecordState, context: RuleContext) -> ReturnPeriod | None:
    """The 2B period the supplier's filing put the record in."""
    if state.gstr2b_period is not None:
        return _period(state.gstr2b_period).gstr2b_period(quarterly=context.quarterly)
    return default_gstr2b_period(state.record, quarterly=context.quarterly)


def _base_filed(state: RecordState, context: RuleContext, period: ReturnPeriod | None) -> bool:
    if state.gstr3b_filed is not None:
        return state.gstr3b_filed
    return context.is_3b_filed(period)


def first_open_period(after: ReturnPeriod, context: RuleContext) -> ReturnPeriod:
    """The first period from ``after`` on whose GSTR-3B is not filed."""
    period = after.gstr2b_period(quarterly=context.quarterly)
    while context.is_3b_filed(period):
        period = period.add(context.step())
    return period


def _carried(state: RecordState, context: RuleContext) -> tuple[ReturnPeriod | None, bool]:
    """The period the record's action counts in before any roll-forward, and whether its 3B is
    filed: the base period, or the later one a GSTR-3B filing carried it to while Pending."""
    period = base_period(state, context)
    if period is None:
        return None, False
    if state.carried_to is not None:
        carried = _period(state.carried_to).gstr2b_period(quarterly=context.quarterly)
        if carried > period:
            return carried, context.is_3b_filed(carried)
    return period, _base_filed(state, context, period)


def target_period(state: RecordState, context: RuleContext) -> ReturnPeriod | None:
    """The 2B period an action on the record counts in now.

    Pending records stay in IMS after their period's GSTR-3B (FAQ 5, 21) and
    land in the 2B of the period in which they are finally accepted: the one
    they were carried to (``RecordState.carried_to``) once their action changes.
    """
    period, filed = _carried(state, context)
    if period is None:
        return None
    if state.gstn_action is Action.PENDING and filed:
        return first_open_period(period.add(context.step()), context)
    return period


def is_frozen(state: RecordState, context: RuleContext) -> bool:
    """FAQ 12, 20: once the period's GSTR-3B is filed, its non-pending actions are final."""
    period, filed = _carried(state, context)
    if period is None:
        return False
    return state.gstn_action is not Action.PENDING and filed


def original_3b_filed(state: RecordState, context: RuleContext) -> bool | None:
    original = state.original
    if original is None:
        return None
    if original.gstr3b_filed is not None:
        return original.gstr3b_filed
    if original.gstr2b_period is None:
        return None
    return context.is_3b_filed(original.gstr2b_period)


def original_accepted_and_filed(state: RecordState, context: RuleContext) -> bool | None:
    """No Action counts as accepted: it was deemed accepted in the original's 2B (FAQ 10)."""
    if state.original is None:
        return None
    filed = original_3b_filed(state, context)
    if filed is None:
        return None
    return filed and state.original.action in (Action.ACCEPT, Action.NO_ACTION)


def is_specified(state: RecordState, context: RuleContext) -> bool | None:
    """A "specified record" (spec 1.8); ``None`` when the original is needed and unknown.

    Credit notes and upward credit-note amendments; downward credit-note
    amendments whose original was rejected; downward amendments of invoices,
    debit notes and ECO documents whose original was accepted and its 3B filed.
    """
    kind = record_kind(state)
    if kind in (RecordKind.ORIGINAL_CREDIT_NOTE, RecordKind.CREDIT_NOTE_AMENDMENT_UPWARD):
        return True
    if kind is RecordKind.CREDIT_NOTE_AMENDMENT_DOWNWARD:
        if state.original is None:
            return None
        return state.original.action is Action.REJECT
    if kind is RecordKind.INVOICE_AMENDMENT_DOWNWARD:
        return original_accepted_and_filed(state, context)
    if kind in (RecordKind.CREDIT_NOTE_AMENDMENT_OTHER, RecordKind.INVOICE_AMENDMENT_OTHER):
        return None if amendment_direction(state) is Direction.UNKNOWN else False
    return False


def itc_deadline(state: RecordState, context: RuleContext) -> date | None:
    """Section 16(4) deadline for invoices and debit notes; credit notes have none."""
    record = state.record
    if record.document_type is DocumentType.CREDIT_NOTE:
        return None
    # ITC time limits run from the invoice, so an amendment keeps its original's date.
    day = india_day(record.original_date or record.document_date)
    return section_16_4_deadline(day, context.annual_returns_filed.get(financial_year_of(day)))


def only_reduces_itc(state: RecordState, context: RuleContext) -> bool:
    """An invoice-type amendment whose acceptance can only lower ITC already counted: downward
    from a value an earlier GSTR-3B counted. Section 16(4) bars taking ITC, never reducing it.

    A "downward" amendment of a rejected or pending original (or one in the original's own 2B
    period) counts its whole amended value (``counted_value``): accepting it takes ITC, so 16(4)
    bars it like any invoice.
    """
    if record_kind(state) is not RecordKind.INVOICE_AMENDMENT_DOWNWARD:
        return False
    value, is_delta = counted_value(state, context)
    return is_delta and value.total_tax < 0


def pending_past_section_16_4(state: RecordState, context: RuleContext) -> bool:
    """FAQ 21: a record GSTN holds Pending leaves IMS once Section 16(4) has run out on it. A
    downward amendment that only lowers counted ITC stays (``only_reduces_itc``); credit notes
    have no limit."""
    if state.gstn_action is not Action.PENDING:
        return False
    deadline = itc_deadline(state, context)
    if deadline is None or context.today <= deadline:
        return False
    return not only_reduces_itc(state, context)


def rule_period(state: RecordState, context: RuleContext) -> ReturnPeriod:
    """The tax period whose rule version applies: the record's 2B period.

    A record saved but not yet filed has none; the supplier's return period
    stands in for it (it is where the record will land at the earliest).
    """
    return target_period(state, context) or _period(state.record.supplier_return_period)


def counted_value(state: RecordState, context: RuleContext | None) -> tuple[Amounts, bool]:
    """The values the record counts with in its GSTR-2B section, and whether they are a delta.

    An amendment counts only its difference from the value last counted in an
    earlier GSTR-3B: the original's, or the previous amendment's (amendment
    tables carry the delta, spec 1.8, 4.3). Nothing was counted for a rejected
    or pending original, so the difference is then the whole amended value. It
    counts in full when both fall in the same period (the amendment replaces the
    original, FAQ 13), or when the original is not known locally.
    """
    record = state.record
    original = state.original
    if not record.section.is_amendment or original is None or original.last_counted is None:
        return record.amounts, False
    if context is not None and original.gstr2b_period is not None:
        own = base_period(state, context)
        if own is not None and context.return_period(original.gstr2b_period) == str(own):
            return record.amounts, False
    return record.amounts + original.last_counted.negated(), True


def reducible_itc(state: RecordState, context: RuleContext | None) -> Amounts:
    """The most ITC a declared reduction can reverse, per head (spec 1.8).

    A credit note's own tax; for an amendment, the difference from the value
    last counted ("to the extent availed"), never the amended document's whole tax.
    """
    value, _ = counted_value(state, context)
    return Amounts(0, abs(value.igst), abs(value.cgst), abs(value.sgst), abs(value.cess))


def pending_window_last(state: RecordState, context: RuleContext) -> ReturnPeriod | None:
    """The last period a specified record may be kept Pending in (spec 1.8): its GSTR-2B period and
    one tax period more. The advisory of 17-Oct-2025 (Q4) allows Pending "till the due date of the
    GSTR-3B of [applicable GSTR-2B period + 1 tax period]": a credit note of the October 2025 GSTR-2B
    until the GSTR-3B of November, 20 December 2025; for a quarterly filer, of the next quarter."""
    first = base_period(state, context)
    return None if first is None else first.add(context.step())


def pending_window_closed(state: RecordState, context: RuleContext) -> bool:
    """A specified record still Pending after its window (``pending_window_last``) is deemed
    accepted (spec 1.8).

    GSTN turns it to No Action in the period after the window when the window's last GSTR-3B is
    filed (``lifecycle.file_gstr3b``); until the next download the stored action still says
    Pending, so previews ask this instead.
    """
    if state.gstn_action is not Action.PENDING or state.record.pending_blocked is True:
        return False
    first = base_period(state, context)
    if first is None or first < OCTOBER_2025 or not context.is_3b_filed(pending_window_last(state, context)):
        return False
    return is_specified(state, context) is True
