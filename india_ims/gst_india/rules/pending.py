"""May a record be kept Pending? GSTN's flag when sent, else derived, versioned by tax period.

Before the October 2025 tax period Pending is barred on the four record kinds
of FAQ 11. From October 2025 those "specified records" may stay Pending in
their GSTR-2B period and one tax period more (a month, a quarter for QRMP
filers: the advisory of 17-Oct-2025, Q4, "till the due date of GSTR-3B of
[applicable GSTR-2B period + 1 tax period]") and are then deemed accepted
(spec 1.8).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..documents import Action
from .classify import (
    OCTOBER_2025,
    RecordKind,
    base_period,
    is_specified,
    original_accepted_and_filed,
    pending_window_last,
    record_kind,
    rule_period,
    target_period,
)
from .model import RecordState, RuleContext


@dataclass(frozen=True, slots=True)
class PendingVerdict:
    """Unpacks as ``(allowed, reason)``; ``certain`` is False when guessed for lack of data."""

    allowed: bool
    reason: str
    source: str
    certain: bool = True

    def __iter__(self) -> Iterator:
        return iter((self.allowed, self.reason))


def pending_allowed(state: RecordState, context: RuleContext) -> PendingVerdict:
    blocked = state.record.pending_blocked
    if blocked is not None:
        return PendingVerdict(
            not blocked,
            "GSTN marks Pending as not allowed on this record"
            if blocked
            else "GSTN allows Pending on this record",
            "spec 1.5 (pending-blocked flag)",
        )
    if rule_period(state, context) < OCTOBER_2025:
        return _before_october_2025(state, context)
    return _from_october_2025(state, context)


def _before_october_2025(state: RecordState, context: RuleContext) -> PendingVerdict:
    kind = record_kind(state)
    if kind is RecordKind.ORIGINAL_CREDIT_NOTE:
        return PendingVerdict(False, "Pending is not allowed on an original credit note", "FAQ 11 (A)")
    if kind is RecordKind.CREDIT_NOTE_AMENDMENT_UPWARD:
        return PendingVerdict(
            False, "Pending is not allowed on an upward amendment of a credit note", "FAQ 11 (B)"
        )
    if kind is RecordKind.CREDIT_NOTE_AMENDMENT_DOWNWARD:
        if state.original is None:
            return _unknown("whether the original credit note was rejected", "FAQ 11 (C)")
        if state.original.action is Action.REJECT:
            return PendingVerdict(
                False,
                "Pending is not allowed on a downward amendment of a credit note whose original "
                "was rejected",
                "FAQ 11 (C)",
            )
    if kind is RecordKind.INVOICE_AMENDMENT_DOWNWARD and not state.record.section.is_ecommerce:
        accepted_filed = original_accepted_and_filed(state, context)
        if accepted_filed is None:
            return _unknown("whether the original was accepted and its GSTR-3B filed", "FAQ 11 (D)")
        if accepted_filed:
            return PendingVerdict(
                False,
                "Pending is not allowed on a downward amendment of an invoice or debit note whose "
                "original was accepted and its GSTR-3B filed",
                "FAQ 11 (D)",
            )
    if kind in (RecordKind.CREDIT_NOTE_AMENDMENT_OTHER, RecordKind.INVOICE_AMENDMENT_OTHER) and (
        is_specified(state, context) is None
    ):
        return _unknown("whether the amendment raises or lowers the original", "FAQ 11 (B-D)")
    return PendingVerdict(True, "Pending is allowed", "FAQ 10, 11")


def _from_october_2025(state: RecordState, context: RuleContext) -> PendingVerdict:
    specified = is_specified(state, context)
    if specified is None:
        return _unknown("whether this is a specified record (the original is not known)", "spec 1.8")
    if not specified:
        return PendingVerdict(True, "Pending is allowed", "FAQ 10")
    # One tax period more than its own: the record may be Pending while it targets the period it
    # first fell in or the next one; once carried past the next one's GSTR-3B it is deemed accepted.
    first, last = base_period(state, context), pending_window_last(state, context)
    now = target_period(state, context)
    if last is None:  # the record's GSTR-2B period is not known
        return PendingVerdict(
            True,
            "Pending is allowed on this specified record in its own period and one more, then it is deemed "
            "accepted",
            "spec 1.8 (advisory 17-Oct-2025, Q4)",
        )
    if now is None or now <= last:
        return PendingVerdict(
            True,
            f"Pending is allowed on this specified record until the GSTR-3B of {last.label}, then it is "
            "deemed accepted",
            "spec 1.8 (advisory 17-Oct-2025, Q4)",
        )
    return PendingVerdict(
        False,
        f"the Pending window of this specified record (its own period, {first.label}, and one more) "
        f"ended with the GSTR-3B of {last.label}; it is deemed accepted",
        "spec 1.8 (advisory 17-Oct-2025, Q4)",
    )


def _unknown(what: str, source: str) -> PendingVerdict:
    # Allowed rather than refused: refusing would block every amendment whose
    # original was never downloaded; the upload's re-download brings GSTN's flag.
    return PendingVerdict(True, f"Pending allowed, but {what} is not known locally", source, certain=False)
