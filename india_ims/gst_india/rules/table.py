"""Every rule GSTN enforces on an IMS action, as data: code, source, test, message.

A rule's ``breaks`` returns the user-facing reason when the requested action
breaks it, else ``None``. ``engine.check_action`` runs them in order; the
first broken rule gives the decision's code, and all broken rules are listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..documents import ITC_REDUCTION_SECTIONS, Action, ItcReduction, MatchStatus
from ..money import format_inr
from ..periods import day_label
from .classify import (
    OCTOBER_2025,
    base_period,
    earliest_gstr2b_period,
    is_frozen,
    is_specified,
    itc_deadline,
    only_reduces_itc,
    original_3b_filed,
    pending_past_section_16_4,
    reducible_itc,
    rule_period,
)
from .declaration import amounts_undeclared, declaration_missing
from .model import RecordState, RuleContext
from .pending import pending_allowed


@dataclass(frozen=True, slots=True)
class Request:
    """An action someone wants to take on one record."""

    state: RecordState
    action: Action
    context: RuleContext
    override_reason: str | None = None
    remarks: str | None = None
    itc_reduction: ItcReduction | None = None

    @property
    def has_override(self) -> bool:
        return bool(self.override_reason and self.override_reason.strip())

    @property
    def has_remarks(self) -> bool:
        return bool(self.remarks and self.remarks.strip())


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    source: str
    summary: str  # one line for the README's "Rules the app enforces"
    breaks: Callable[[Request], str | None]


def _not_in_ims(req: Request) -> str | None:
    if not req.state.in_ims:
        return (
            "it is no longer in IMS (deleted by the supplier, or removed after its GSTR-3B "
            "or Section 16(4))"
        )
    if pending_past_section_16_4(req.state, req.context):
        # GSTN removes it the day the limit passes, whether or not the app has seen it go.
        deadline = itc_deadline(req.state, req.context)
        return (
            f"it was kept Pending past its Section 16(4) deadline {day_label(deadline)}, so GSTN has "
            "removed it from IMS (FAQ 21)"
        )
    return None


def _reverse_charge(req: Request) -> str | None:
    if req.state.record.reverse_charge:
        return (
            "it is a reverse-charge document: RCM documents are not part of IMS and go straight "
            "to GSTR-2B (pay the tax under 3.1(d), claim the ITC in 4A(3))"
        )
    return None


def _frozen(req: Request) -> str | None:
    if is_frozen(req.state, req.context):
        period = base_period(req.state, req.context)
        return (
            f"the GSTR-3B of {period.label} is filed, so its action "
            f"({req.state.gstn_action.label}) is frozen"
        )
    return None


def _section_16_4(req: Request) -> str | None:
    if req.action is Action.REJECT:
        return None
    if only_reduces_itc(req.state, req.context):
        return None  # Section 16(4) bars taking ITC, never reducing it
    deadline = itc_deadline(req.state, req.context)
    if deadline is not None and req.context.today > deadline:
        return (
            f"ITC on it is time-barred under Section 16(4) since {day_label(deadline)}; "
            "it can only be rejected"
        )
    return None


def _amendment_original_open(req: Request) -> str | None:
    state, context = req.state, req.context
    if not state.record.section.is_amendment or state.original is None:
        return None
    original_period = state.original.gstr2b_period
    if original_period is None:
        return None
    # A saved, unfiled amendment has no 2B period yet, but cannot land before its return period:
    # an original in an earlier period is in another 2B for certain.
    own_period = base_period(state, context) or earliest_gstr2b_period(
        state.record, quarterly=context.quarterly)
    if context.return_period(original_period) == str(own_period):
        return None  # same 2B period (or possibly so): the amendment's action prevails (FAQ 13)
    filed = original_3b_filed(state, context)
    if state.original.action is Action.PENDING or not filed:
        return (
            f"its original {state.record.original_number} is in the GSTR-2B of another period; "
            "act on the original and file that period's GSTR-3B first"
        )
    return None


def _pending_blocked(req: Request) -> str | None:
    if req.action is not Action.PENDING:
        return None
    verdict = pending_allowed(req.state, req.context)
    return None if verdict.allowed else verdict.reason


def _accept_missing_in_pi(req: Request) -> str | None:
    missing = req.state.match_status is MatchStatus.MISSING_IN_PI
    if req.action is Action.ACCEPT and missing and not req.has_override:
        return (
            "it has no matching purchase invoice (Missing in PI); link one or give a reason "
            "to override"
        )
    return None


def _reduction_not_on_accept(req: Request) -> str | None:
    if req.itc_reduction is not None and req.action is not Action.ACCEPT:
        return f"an ITC reduction can only be declared when accepting, not with {req.action.label}"
    return None


def _reduction_before_october_2025(req: Request) -> str | None:
    if req.itc_reduction is not None and rule_period(req.state, req.context) < OCTOBER_2025:
        return "declaring an ITC reduction is possible only from the October 2025 tax period"
    return None


def _reduction_not_specified(req: Request) -> str | None:
    if req.itc_reduction is None:
        return None
    if req.state.record.section not in ITC_REDUCTION_SECTIONS:
        return f"an ITC reduction cannot be declared on a {req.state.record.section.label}"
    if is_specified(req.state, req.context) is False:
        return (
            "an ITC reduction can be declared only on a credit note or a downward amendment "
            "(a specified record)"
        )
    return None


def _reduction_blocked(req: Request) -> str | None:
    if req.itc_reduction is not None and req.state.record.itc_reduction_blocked:
        return "GSTN does not allow declaring an ITC reduction on this record"
    return None


def _declared_amounts(req: Request) -> ItcReduction | None:
    """The request's declaration when it names amounts (Y with amounts); the rules on amounts judge only
    these: Y without amounts is ITC_REDUCTION_AMOUNTS_UNDECLARED's."""
    reduction = req.itc_reduction
    if reduction is None or not reduction.required or reduction.full_undeclared:
        return None
    return reduction


def _reduction_amounts(req: Request) -> str | None:
    reduction = _declared_amounts(req)
    if reduction is None:
        return None
    amounts = reducible_itc(req.state, req.context)
    whose = (
        "the difference from the value last counted,"
        if req.state.record.section.is_amendment and req.state.original is not None
        else "the document's"
    )
    for head in ("igst", "cgst", "sgst", "cess"):
        declared, cap = getattr(reduction, head), getattr(amounts, head)
        if declared < 0:
            return f"declared {head.upper()} reduction {format_inr(declared)} is negative"
        if declared > cap:
            return (
                f"declared {head.upper()} reduction {format_inr(declared)} exceeds {whose} "
                f"{head.upper()} {format_inr(cap)}"
            )
    return None


def _reduction_cgst_sgst(req: Request) -> str | None:
    reduction = _declared_amounts(req)
    if reduction is not None and reduction.cgst != reduction.sgst:
        return (
            f"declared CGST {format_inr(reduction.cgst)} and SGST {format_inr(reduction.sgst)} "
            "reductions must be equal"
        )
    return None


def _remarks_required(req: Request) -> str | None:
    reduction = req.itc_reduction
    if reduction is None or req.has_remarks or reduction.full_undeclared:
        return None
    amounts = reducible_itc(req.state, req.context)  # "full" is the difference on an amendment
    full = all(getattr(reduction, h) == getattr(amounts, h) for h in ("igst", "cgst", "sgst", "cess"))
    if not reduction.required or not full:
        return "remarks are required when declaring a partial or nil ITC reduction"
    return None


def _remarks_blocked(req: Request) -> str | None:
    if req.has_remarks and req.state.record.remarks_blocked:
        return "GSTN does not allow remarks on this record"
    return None


def _remarks_before_october_2025(req: Request) -> str | None:
    if req.has_remarks and rule_period(req.state, req.context) < OCTOBER_2025:
        return "remarks can be sent only from the October 2025 tax period"
    return None


RULES: tuple[Rule, ...] = (
    Rule("NOT_IN_IMS", "FAQ 5, 16, 20, 21", "No action on a record that has left IMS.", _not_in_ims),
    Rule(
        "REVERSE_CHARGE_NOT_IN_IMS", "FAQ 8, 17",
        "Reverse-charge documents are not in IMS: no action is taken on them.", _reverse_charge,
    ),
    Rule(
        "FROZEN_3B_FILED", "FAQ 12, 20",
        "Actions may change any number of times (latest wins) until the period's GSTR-3B is filed; "
        "then they are frozen.",
        _frozen,
    ),
    Rule(
        "SECTION_16_4_EXPIRED", "FAQ 21, Section 16(4)",
        "Past the Section 16(4) deadline an invoice or debit note may only be rejected; a downward "
        "amendment of a counted original still reduces ITC (16(4) bars taking ITC, never reducing "
        "it), but one of a rejected or pending original takes ITC and is barred.",
        _section_16_4,
    ),
    Rule(
        "AMENDMENT_ORIGINAL_OPEN", "FAQ 13",
        "An amendment in a later 2B period (a saved one: a later return period) waits until its "
        "original has an action and that period's GSTR-3B is filed; in the same period the "
        "amendment prevails.",
        _amendment_original_open,
    ),
    Rule(
        "PENDING_BLOCKED", "FAQ 11; spec 1.8",
        "Pending is refused where GSTN blocks it; derived from FAQ 11 before Oct-2025 and from the "
        "window of specified records after (their GSTR-2B period and one more).",
        _pending_blocked,
    ),
    Rule(
        "ACCEPT_MISSING_IN_PI", "India Compliance IMS guide (seed 000)",
        "Accept is refused on a Missing-in-PI record unless overridden with a reason.",
        _accept_missing_in_pi,
    ),
    Rule(
        "ITC_REDUCTION_NOT_ACCEPT", "spec 1.8",
        "An ITC reduction is declared only with Accept.", _reduction_not_on_accept,
    ),
    Rule(
        "ITC_REDUCTION_BEFORE_OCT_2025", "spec 1.8",
        "ITC reductions exist from the October 2025 tax period.", _reduction_before_october_2025,
    ),
    Rule(
        "ITC_REDUCTION_NOT_SPECIFIED", "spec 1.8",
        "ITC reductions only on specified records (credit notes, downward amendments).",
        _reduction_not_specified,
    ),
    Rule(
        "ITC_REDUCTION_BLOCKED", "spec 1.8", "No ITC reduction where GSTN blocks it.", _reduction_blocked,
    ),
    Rule(
        "ITC_REDUCTION_AMOUNTS_UNDECLARED", "spec 1.8",
        "A declaration is uploaded with its amounts: Y without amounts (the full reduction, as GSTN may "
        "hold it) is refused until the amounts are declared, or N.", amounts_undeclared,
    ),
    Rule(
        "ITC_REDUCTION_EXCEEDS_TAX", "spec 1.8",
        "Declared reductions are non-negative and capped per head at the ITC the record moves: a "
        "credit note's tax, an amendment's difference from the value last counted.",
        _reduction_amounts,
    ),
    Rule(
        "ITC_REDUCTION_CGST_SGST_UNEQUAL", "spec 1.8", "Declared CGST must equal declared SGST.",
        _reduction_cgst_sgst,
    ),
    Rule(
        "REMARKS_REQUIRED", "spec 1.8",
        "A partial or nil declared reduction needs remarks; the full reversal (on an amendment, the "
        "difference) does not.", _remarks_required,
    ),
    Rule("REMARKS_BLOCKED", "spec 1.8", "No remarks where GSTN blocks them.", _remarks_blocked),
    Rule(
        "ITC_DECLARATION_REQUIRED", "spec 1.8 (GSTN IMSSAV0054)",
        "Accepting a credit note needs a declared ITC reduction (Y or N), or the default from IMS Settings.",
        declaration_missing,
    ),
    Rule(
        "REMARKS_BEFORE_OCT_2025", "spec 1.8", "Remarks exist from the October 2025 tax period.",
        _remarks_before_october_2025,
    ),
)

RULES_BY_CODE = {rule.code: rule for rule in RULES}
