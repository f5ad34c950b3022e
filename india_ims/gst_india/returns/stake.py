"""ITC at stake: how much ITC the current actions move against accepting everything.

For each open record, the ITC it gives with its current action is compared
with what it would give if accepted without any declared reduction (what
GSTN's deemed acceptance would do). ``moved`` is positive where the choice
gives up ITC (a rejected or pending invoice) and negative where it keeps ITC
that acceptance would lose (a rejected credit note).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..documents import ZERO, Action, Amounts
from ..periods import ReturnPeriod
from ..rules.classify import is_frozen, target_period
from ..rules.model import RecordState, RuleContext
from .contribution import original_key, record_stake, replaced_originals


@dataclass(frozen=True, slots=True)
class SupplierStake:
    supplier_gstin: str
    records: int
    all_accepted: Amounts
    current: Amounts
    moved_by_action: tuple[tuple[Action, Amounts], ...]
    moved_records: int = 0  # records whose action moves ITC (not every record of the supplier)

    @property
    def moved(self) -> Amounts:
        return self.all_accepted + self.current.negated()


@dataclass(frozen=True, slots=True)
class ItcAtStake:
    suppliers: tuple[SupplierStake, ...]  # largest movement first

    @property
    def all_accepted(self) -> Amounts:
        return _sum(s.all_accepted for s in self.suppliers)

    @property
    def current(self) -> Amounts:
        return _sum(s.current for s in self.suppliers)

    @property
    def moved(self) -> Amounts:
        return self.all_accepted + self.current.negated()

    def moved_by(self, action: Action) -> Amounts:
        return _sum(dict(s.moved_by_action).get(action, ZERO) for s in self.suppliers)


def _sum(values: Iterable[Amounts]) -> Amounts:
    total = ZERO
    for value in values:
        total = total + value
    return total


def itc_at_stake(states: Iterable[RecordState], context: RuleContext, *,
                 period: str | ReturnPeriod | None = None) -> ItcAtStake:
    """Per supplier and in total, for records still open (in IMS, not frozen, supplier filed, not
    held Pending past Section 16(4): FAQ 21, not replaced by an amendment of the same period: FAQ 13).

    ``period`` limits it to records whose action counts in that 2B period.
    """
    wanted = None if period is None else ReturnPeriod.parse(context.return_period(period))
    counting: list[tuple[RecordState, ReturnPeriod]] = []
    by_period: dict[ReturnPeriod, list[RecordState]] = {}
    for state in states:
        target = target_period(state, context)
        if target is None or (wanted is not None and target != wanted):
            continue
        by_period.setdefault(target, []).append(state)
        if not state.in_ims or state.record.reverse_charge or is_frozen(state, context):
            continue  # reverse-charge documents are not in IMS: no action moves their ITC
        counting.append((state, target))
    # An original whose amendment counts in the same period is left out of that GSTR-2B (FAQ 13, as
    # ``gstr2b`` leaves it out): the amendment prevails, so no action on the original moves any ITC.
    replaced = {target: replaced_originals(group, context, target) for target, group in by_period.items()}
    per_supplier: dict[str, dict] = {}
    for state, target in counting:
        if original_key(state) in replaced[target]:
            continue
        part = record_stake(state, context)  # deemed acceptance: Pending no longer holds the ITC back
        if part is None:
            continue  # left IMS past Section 16(4) (FAQ 21): no action can move its ITC
        baseline_itc, action, current = part.all_accepted, part.action, part.current
        bucket = per_supplier.setdefault(
            state.record.supplier_gstin, {"records": 0, "moving": 0, "all": ZERO, "current": ZERO, "by": {}}
        )
        bucket["records"] += 1
        bucket["all"] = bucket["all"] + baseline_itc
        bucket["current"] = bucket["current"] + current
        moved = baseline_itc + current.negated()
        if moved.total_tax:
            bucket["moving"] += 1
        bucket["by"][action] = bucket["by"].get(action, ZERO) + moved
    return gather(
        SupplierStake(gstin, b["records"], b["all"], b["current"],
                      tuple(sorted(b["by"].items(), key=lambda item: item[0].value)), b["moving"])
        for gstin, b in per_supplier.items()
    )


def gather(suppliers: Iterable[SupplierStake]) -> ItcAtStake:
    """The suppliers, largest movement first (also for sums a store made from per-record parts)."""
    return ItcAtStake(tuple(sorted(suppliers, key=lambda s: (-abs(s.moved.total_tax), s.supplier_gstin))))
