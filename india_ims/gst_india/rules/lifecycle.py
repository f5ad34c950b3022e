"""The life of an IMS record outside the user's actions.

The supplier saves, edits, deletes and files; the recipient files GSTR-3B;
Section 16(4) runs out. Each function returns new states (nothing mutates),
so the GSTN sandbox can replay the portal and the Frappe layer can mirror it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..documents import Action, ImsRecord, MatchStatus
from ..errors import GstError
from ..periods import ReturnPeriod
from .classify import OCTOBER_2025, is_specified, itc_deadline, target_period
from .model import RecordState, RuleContext

# Supplier filing windows that decide a document's 2B period (spec 3.5):
# a form filed on or after this day of month M belongs to M, before it to M-1.
_CUTOFF_DAY = {"R1": 12, "R1A": 12, "IFF": 14, "R5": 14, "R6": 14}


def gstr2b_period_of_filing(
    filed_on: date,
    *,
    form: str = "R1",
    supplier_return_period: str | None = None,
    recipient_quarterly: bool = False,
) -> ReturnPeriod:
    """The GSTR-2B period a supplier's filing lands in (spec 3.5).

    GSTR-1: 12th of M to 11th of M+1 belongs to M. IFF, GSTR-5, GSTR-6: 14th to
    13th. GSTR-1A reaches the period after the supplier's return period at the
    earliest. Never before the supplier's own return period. QRMP recipients
    see it in the 2BQ of the quarter.
    """
    key = form.strip().upper()
    if key not in _CUTOFF_DAY:
        raise GstError(f"form {form!r} is not one of {', '.join(_CUTOFF_DAY)}")
    period = ReturnPeriod.of(filed_on)
    if filed_on.day < _CUTOFF_DAY[key]:
        period = period.previous()
    if supplier_return_period:
        floor = ReturnPeriod.parse(supplier_return_period)
        if key == "R1A":
            floor = floor.next()
        period = max(period, floor)
    return period.gstr2b_period(quarterly=recipient_quarterly)


def supplier_edits(state: RecordState, edited: ImsRecord) -> RecordState:
    """FAQ 16: an edit before filing replaces the record and resets the recipient's action.

    The edited document must be reconciled afresh, so the match is dropped too.
    """
    old = state.record
    if old.supplier_filed:
        raise GstError(
            f"{state.label}: already filed by the supplier; a change now is an amendment "
            "(GSTR-1A or a later GSTR-1), not an edit"
        )
    if (edited.supplier_gstin, edited.document_type) != (old.supplier_gstin, old.document_type):
        raise GstError(f"{state.label}: an edit cannot change the supplier or the document type")
    return RecordState(
        record=replace(edited, action=Action.NO_ACTION),
        gstr2b_period=None,
        original=state.original,
    )


def supplier_deletes(state: RecordState) -> RecordState:
    """FAQ 16: a record deleted before filing leaves IMS."""
    if state.record.supplier_filed:
        raise GstError(f"{state.label}: filed records cannot be deleted, only amended")
    return replace(state, in_ims=False, local_action=None)


def supplier_files(state: RecordState, filed_on: date, *, form: str = "R1",
                   recipient_quarterly: bool = False) -> RecordState:
    """The supplier files the saved record: it gets its 2B period (FAQ 15)."""
    period = gstr2b_period_of_filing(
        filed_on, form=form, supplier_return_period=state.record.supplier_return_period,
        recipient_quarterly=recipient_quarterly,
    )
    return replace(state, record=replace(state.record, supplier_filed=True), gstr2b_period=str(period))


def unlink_purchase_invoice(state: RecordState) -> RecordState:
    """Seed 000: unlinking the purchase invoice turns an Accepted record back to No Action."""
    back = Action.NO_ACTION if state.action is Action.ACCEPT else state.local_action
    return replace(
        state,
        purchase_invoice=None,
        match_status=MatchStatus.MISSING_IN_PI,
        local_action=back,
        override_reason=None,
    )


@dataclass(frozen=True, slots=True)
class Gstr3bFiling:
    """What filing one period's GSTR-3B did to IMS."""

    period: ReturnPeriod
    context: RuleContext  # the context with the period filed
    kept: tuple[RecordState, ...]  # still in IMS: pending and future-period records
    removed: tuple[RecordState, ...]  # accepted, rejected, deemed accepted: out of IMS
    deemed_accepted: tuple[RecordState, ...]  # specified records whose pending window closed
    unsaved: tuple[RecordState, ...]  # local actions never uploaded: GSTN's action was frozen


def file_gstr3b(states: Iterable[RecordState], period: str | ReturnPeriod,
                context: RuleContext) -> Gstr3bFiling:
    """FAQ 5, 12, 20, 21: freeze the period's actions and clear IMS of them.

    Accepted, rejected and no-action records of the period leave IMS; pending
    ones stay. From October 2025 a specified record still pending when its
    first period is filed is deemed accepted in the next period (spec 1.8).
    Only GSTN's action counts: intended actions not yet uploaded are reported.
    """
    filed = ReturnPeriod.parse(context.return_period(period))
    if context.is_3b_filed(filed):
        raise GstError(f"the GSTR-3B of {filed.label} is already filed")
    previous = filed.add(-context.step())
    first = context.first_return_period
    if not context.is_3b_filed(previous) and (first is None or filed > ReturnPeriod.parse(first)):
        raise GstError(f"file the GSTR-3B of {previous.label} before that of {filed.label}")
    after = context.with_filed(filed)
    kept, removed, deemed, unsaved = [], [], [], []
    for state in states:
        if not state.in_ims or target_period(state, context) != filed:
            kept.append(state)
            continue
        if state.local_action is not None and state.local_action is not state.gstn_action:
            unsaved.append(state)
        if state.gstn_action is not Action.PENDING:
            removed.append(replace(state, in_ims=False, local_action=None))
        elif filed >= OCTOBER_2025 and state.record.pending_blocked is not True and is_specified(
            state, context
        ):
            moved = replace(
                state,
                record=replace(state.record, action=Action.NO_ACTION, pending_blocked=True),
                gstn_action=Action.NO_ACTION,
                local_action=None,
                gstr2b_period=str(filed.add(context.step())),
            )
            deemed.append(moved)
            kept.append(moved)
        else:
            kept.append(replace(state, local_action=None))
    return Gstr3bFiling(filed, after, tuple(kept), tuple(removed), tuple(deemed), tuple(unsaved))


def expire_section_16_4(states: Iterable[RecordState], context: RuleContext,
                        ) -> tuple[tuple[RecordState, ...], tuple[RecordState, ...]]:
    """FAQ 21: pending invoices and debit notes leave IMS once Section 16(4) has run out.

    Returns ``(kept, removed)``.
    """
    kept, removed = [], []
    for state in states:
        deadline = itc_deadline(state, context)
        expired = deadline is not None and context.today > deadline
        if state.in_ims and state.gstn_action is Action.PENDING and expired:
            removed.append(replace(state, in_ims=False, local_action=None))
        else:
            kept.append(state)
    return tuple(kept), tuple(removed)
