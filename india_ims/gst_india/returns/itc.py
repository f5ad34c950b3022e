"""How much ITC one IMS record moves when it is accepted.

Shared by GSTR-2B (what a record adds to its section) and the per-record
effects, so both always agree.
"""

from __future__ import annotations

from ..documents import ZERO, Amounts, DocumentType, ItcReduction
from ..rules.classify import counted_value, reducible_itc
from ..rules.model import RecordState, RuleContext

__all__ = ["accepted_itc", "counted_value", "declared", "reducible_itc", "section_value"]


def _tax_only(amounts: Amounts) -> Amounts:
    return Amounts(0, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


def declared(reduction: ItcReduction) -> Amounts:
    """The amounts a declaration names. The full reduction without amounts names none: callers
    that need its figure use ``section_value``, which works it out from the record's state."""
    if not reduction.required:
        return ZERO
    if reduction.full_undeclared:
        raise ValueError("a full reduction declared without amounts has no declared amounts")
    return Amounts(0, reduction.igst, reduction.cgst, reduction.sgst, reduction.cess)


def section_value(state: RecordState, context: RuleContext | None,
                  reduction: ItcReduction | None = None) -> Amounts:
    """What the record adds to its GSTR-2B section, in that section's sign.

    Credit notes are positive in Part B (they reduce ITC there); a downward
    amendment of an invoice is a negative delta in Part A-I. A declared ITC
    reduction (spec 1.8) replaces the reduction the document would cause. Y
    without amounts is the full reduction: the document's own change, so its
    counted tax (an amendment's difference from the earlier version; with that
    version unknown, its whole value, as without a declaration: ``effects``
    and GSTR-2B say so).
    """
    value, _ = counted_value(state, context)
    if reduction is None:
        return value
    if reduction.full_undeclared:
        return _tax_only(value)
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
