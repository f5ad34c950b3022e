"""When GSTR-2B may be generated or recomputed, and when GSTR-3B may then be filed.

FAQ 23-27, 29: draft 2B on the 14th; none while the previous GSTR-3B is
unfiled; recompute any number of times until the 3B is filed, and mandatorily
after an action changed since generation; QRMP filers get one 2BQ a quarter.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..documents import Action
from ..errors import GstError
from ..periods import ReturnPeriod, day_label
from ..rules.classify import target_period
from ..rules.model import Decision, RecordState, RuleContext

if TYPE_CHECKING:
    from .gstr2b import Gstr2b

RecordKey = tuple[str, str, str, str]


class Gstr2bRefused(GstError):
    def __init__(self, decision: Decision):
        self.decision = decision
        super().__init__(decision.message)


def _refused(code: str, message: str, source: str) -> Decision:
    return Decision(False, code, message, source)


def can_generate_gstr2b(period: str | ReturnPeriod, context: RuleContext) -> Decision:
    parsed = period if isinstance(period, ReturnPeriod) else ReturnPeriod.parse(period)
    if context.quarterly and parsed.month_in_quarter != 3:
        return _refused(
            "QRMP_MONTH_WITHOUT_2B",
            f"GSTR-2B is not generated for {parsed.label} (month {parsed.month_in_quarter} of the quarter); "
            f"the quarter's GSTR-2BQ is filed under {parsed.quarter_end.label}",
            "FAQ 27",
        )
    generation_day = parsed.gstr2b_generation_date(quarterly=context.quarterly)
    if context.today < generation_day:
        return _refused(
            "BEFORE_CUTOFF",
            f"the GSTR-2B of {parsed.label} can be generated from {day_label(generation_day)}",
            "FAQ 23, 27",
        )
    if context.is_3b_filed(parsed):
        return _refused(
            "FROZEN_3B_FILED",
            f"the GSTR-3B of {parsed.label} is filed; its GSTR-2B can no longer be recomputed",
            "FAQ 26",
        )
    previous = parsed.add(-context.step())
    first = context.first_return_period
    is_first = first is not None and parsed <= ReturnPeriod.parse(first)
    if not is_first and not context.is_3b_filed(previous):
        return _refused(
            "PREVIOUS_3B_UNFILED",
            f"the GSTR-2B of {parsed.label} is not generated while the GSTR-3B of {previous.label} "
            "is unfiled; file it, then generate from the IMS dashboard",
            "FAQ 25",
        )
    return Decision(True, "ALLOWED", f"the GSTR-2B of {parsed.label} can be generated", "FAQ 23, 26")


def action_snapshot(states: Iterable[RecordState], period: ReturnPeriod, context: RuleContext,
                    *, use_local_actions: bool = True) -> dict[RecordKey, Action]:
    """The action of every IMS record that targets ``period`` (what a 2B was built from)."""
    snapshot = {}
    for state in states:
        if target_period(state, context) == period:
            snapshot[state.record.key] = state.action if use_local_actions else state.gstn_action
    return snapshot


@dataclass(frozen=True, slots=True)
class RecomputeStatus:
    required: bool
    changed: tuple[RecordKey, ...]
    message: str
    source: str = "FAQ 24, 29"


def recompute_status(gstr2b: Gstr2b, states: Iterable[RecordState], context: RuleContext,
                     *, use_local_actions: bool | None = None) -> RecomputeStatus:
    """Must the 2B be recomputed before the 3B? Yes if any action changed since it was built.

    Compares actions the way the 2B was built (intended or GSTN's) unless told.
    """
    if use_local_actions is None:
        use_local_actions = gstr2b.built_from_local_actions
    now = action_snapshot(states, gstr2b.period, context, use_local_actions=use_local_actions)
    changed = _changed(gstr2b.snapshot, now)
    if changed:
        return RecomputeStatus(
            True, changed,
            f"{len(changed)} record(s) of {gstr2b.period.label} changed after the GSTR-2B was "
            "generated; recompute it before filing GSTR-3B",
        )
    return RecomputeStatus(False, (), f"the GSTR-2B of {gstr2b.period.label} is up to date")


def _changed(before: Mapping[RecordKey, Action], after: Mapping[RecordKey, Action]) -> tuple[RecordKey, ...]:
    keys = set(before) | set(after)
    return tuple(sorted(key for key in keys if before.get(key) != after.get(key)))


def check_gstr3b_filing(period: str | ReturnPeriod, gstr2b: Gstr2b | None,
                        states: Iterable[RecordState], context: RuleContext) -> Decision:
    """Would the portal take this period's GSTR-3B? Needs the previous one and a current 2B."""
    parsed = ReturnPeriod.parse(context.return_period(period))
    if context.is_3b_filed(parsed):
        return _refused("ALREADY_FILED", f"the GSTR-3B of {parsed.label} is already filed", "FAQ 12")
    previous = parsed.add(-context.step())
    first = context.first_return_period
    if not context.is_3b_filed(previous) and (first is None or parsed > ReturnPeriod.parse(first)):
        return _refused("PREVIOUS_3B_UNFILED", f"file the GSTR-3B of {previous.label} first", "FAQ 25")
    if gstr2b is None or gstr2b.period != parsed:
        return _refused("GSTR2B_MISSING", f"generate the GSTR-2B of {parsed.label} first", "FAQ 25")
    # The portal sees only uploaded actions.
    status = recompute_status(gstr2b, states, context, use_local_actions=False)
    if status.required:
        return _refused("RECOMPUTE_REQUIRED", status.message, status.source)
    return Decision(True, "ALLOWED", f"the GSTR-3B of {parsed.label} can be filed", "FAQ 12, 24")
