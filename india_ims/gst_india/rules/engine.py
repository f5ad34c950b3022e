"""check_action / check_bulk / apply_action: the one place actions are judged."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from ..documents import Action, ItcReduction, MatchStatus
from ..errors import GstError
from .model import BulkDecision, BulkItem, Decision, RecordState, RuleContext, Violation
from .pending import pending_allowed
from .table import RULES, Request

MODES = ("all_or_nothing", "valid_only")


class ActionRefused(GstError):
    """Raised by ``apply_action`` with the refusing decision attached."""

    def __init__(self, decision: Decision):
        self.decision = decision
        super().__init__(decision.message)


def check_action(
    state: RecordState,
    new_action: Action | str,
    context: RuleContext,
    *,
    override_reason: str | None = None,
    remarks: str | None = None,
    itc_reduction: ItcReduction | None = None,
) -> Decision:
    """Would GSTN take ``new_action`` on this record? Every rule of ``table.RULES`` is checked."""
    action = new_action if isinstance(new_action, Action) else Action.from_label(new_action)
    if _nothing_to_upload(state, action, remarks, itc_reduction):
        # Rules judge changes; asking for what GSTN already holds changes nothing.
        return Decision(True, "UNCHANGED", f"{state.label}: already {action.label}", "FAQ 12")
    request = Request(state, action, context, override_reason, remarks, itc_reduction)
    violations = []
    for rule in RULES:
        reason = rule.breaks(request)
        if reason is not None:
            violations.append(Violation(rule.code, f"{state.label}: {reason}", rule.source))
    if violations:
        first = violations[0]
        return Decision(False, first.code, first.message, first.source, tuple(violations))

    warnings = []
    if action is Action.PENDING:
        verdict = pending_allowed(state, context)
        if not verdict.certain:
            warnings.append(f"{state.label}: {verdict.reason}")
    if (
        state.record.section.is_amendment
        and state.original is None
        and action is not Action.NO_ACTION
    ):
        warnings.append(
            f"{state.label}: its original {state.record.original_number} is not known locally; "
            "GSTN may refuse the action until the original's GSTR-3B is filed (FAQ 13)"
        )
    if action is Action.ACCEPT and state.match_status is MatchStatus.MISSING_IN_PI:
        return Decision(
            True, "OVERRIDDEN",
            f"{state.label}: accepted without a purchase invoice; reason: {override_reason.strip()}",
            "India Compliance IMS guide (seed 000)", warnings=tuple(warnings),
        )
    return Decision(True, "ALLOWED", f"{state.label}: {action.label} allowed", "FAQ 10, 12",
                    warnings=tuple(warnings))


def _nothing_to_upload(state: RecordState, action: Action, remarks: str | None,
                       itc_reduction: ItcReduction | None) -> bool:
    """The request equals what GSTN holds, remarks and reduction included (any local intent is dropped).

    No Action sends GSTN nothing but the reset, so a remark typed with it cannot make it a change:
    otherwise one request (No Action on a time-barred invoice) got two answers, by its remark.
    """
    same_remarks = action is Action.NO_ACTION or remarks == state.remarks
    return action is state.gstn_action and same_remarks and itc_reduction == state.itc_reduction


def apply_action(
    state: RecordState,
    new_action: Action | str,
    context: RuleContext,
    *,
    override_reason: str | None = None,
    remarks: str | None = None,
    itc_reduction: ItcReduction | None = None,
) -> RecordState:
    """The state with the intended action set (latest wins, FAQ 12); raises ``ActionRefused``."""
    decision = check_action(
        state, new_action, context,
        override_reason=override_reason, remarks=remarks, itc_reduction=itc_reduction,
    )
    if not decision.allowed:
        raise ActionRefused(decision)
    return _with_action(state, new_action, override_reason, remarks, itc_reduction)


def _with_action(state, new_action, override_reason, remarks, itc_reduction) -> RecordState:
    action = new_action if isinstance(new_action, Action) else Action.from_label(new_action)
    return replace(
        state,
        local_action=action,
        remarks=remarks,
        itc_reduction=itc_reduction if action is Action.ACCEPT else None,
        override_reason=override_reason if action is Action.ACCEPT else None,
    )


def check_bulk(
    states: Iterable[RecordState],
    new_action: Action | str,
    context: RuleContext,
    *,
    mode: str = "valid_only",
    override_reason: str | None = None,
    remarks: str | None = None,
) -> BulkDecision:
    """One action on many records (FAQ 30): judge each, report each refusal, apply per ``mode``.

    Declared ITC reductions are per document, so bulk takes none.
    """
    if mode not in MODES:
        raise GstError(f"bulk mode {mode!r} is not one of {', '.join(MODES)}")
    action = new_action if isinstance(new_action, Action) else Action.from_label(new_action)
    items = tuple(
        BulkItem(state, check_action(state, action, context,
                                     override_reason=override_reason, remarks=remarks))
        for state in states
    )
    refused = any(not item.decision.allowed for item in items)
    if mode == "all_or_nothing" and refused:
        applied: tuple[RecordState, ...] = ()
    else:
        # An UNCHANGED record still needs storing when it drops a different local intent.
        applied = tuple(
            _with_action(item.state, action, override_reason, remarks, None)
            for item in items
            if item.decision.allowed
            and (item.decision.code != "UNCHANGED" or item.state.local_action not in (None, action))
        )
    return BulkDecision(action, mode, items, applied)
