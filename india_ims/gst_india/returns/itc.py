"""How much ITC one IMS record moves when it is accepted.

Shared by GSTR-2B (what a record adds to its section) and the per-record
effects, so both always agree.
"""

from __future__ import annotations

from ..documents import ZERO, Action, Amounts, DocumentType, ItcReduction
from ..rules.classify import base_period
from ..rules.model import RecordState, RuleContext


def _tax_only(amounts: Amounts) -> Amounts:
    return Amounts(0, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


def counted_value(state: RecordState, context: RuleContext | None) -> tuple[Amounts, bool]:
    """The values the record counts with in its GSTR-2B section, and whether they are a delta.

    An amendment counts only its difference from an original that already
    counted in an earlier period (amendment tables carry the delta, FAQ-J25).
    It counts in full when the original was rejected (it never counted), when
    both fall in the same period (the amendment replaces it, FAQ 13), or when
    the original is not known locally.
    """
    record = state.record
    original = state.original
    if not record.section.is_amendment or original is None or original.amounts is None:
        return record.amounts, False
    if original.action in (Action.REJECT, Action.PENDING):
        return record.amounts, False
    if context is not None and original.gstr2b_period is not None:
        own = base_period(state, context)
        if own is not None and context.return_period(original.gstr2b_period) == str(own):
            return record.amounts, False
    return record.amounts + original.amounts.negated(), True


def declared(reduction: ItcReduction) -> Amounts:
    if not reduction.required:
        return ZERO
    return Amounts(0, reduction.igst, reduction.cgst, reduction.sgst, reduction.cess)


def section_value(state: RecordState, context: RuleContext | None,
                  reduction: ItcReduction | None = None) -> Amounts:
    """What the record adds to its GSTR-2B section, in that section's sign.

    Credit notes are positive in Part B (they reduce ITC there); a downward
    amendment of an invoice is a negative delta in Part A-I. A declared ITC
    reduction (spec 1.8) replaces the reduction the document would cause.
    """
    value, _ = counted_value(state, context)
    if reduction is None:
        return value
    amount = declared(reduction)
    if state.record.document_type is DocumentType.CREDIT_NOTE:
        return amount
    return amount.negated()


def accepted_itc(state: RecordState, context: RuleContext | None,
                 reduction: ItcReduction | None = None) -> Amounts:
    """The signed change to the recipient's ITC (tax heads) if the record is accepted."""
    value = _tax_only(section_value(state, context, reduction))
    if state.record.document_type is DocumentType.CREDIT_NOTE:
        return value.negated()
    return value
