"""What one IMS record contributes to its period's GSTR-2B and to ITC at stake.

``compute_gstr2b`` and ``itc_at_stake`` are sums of these per-record parts, so a store that
keeps each record's ``Contribution`` (refreshed when the record, its original or the filed periods
change) can answer the period's figures as grouped sums. Two things are not in a part:

- **today**: Section 16(4) moves a record to ITC Not Available once the day passes its
  ``deadline``; the part keeps the deadline, and ``placement_on(day)`` applies it when asked. Its
  stake does follow today: held Pending past the deadline, a record has left IMS (FAQ 21) and has
  none, so a store re-marks such parts once the day passes (``section_16_4_cutoff``);
- **the other records**: an original that an amendment of the same period replaces (FAQ 13)
  is left out by the period's sum (``replaced_originals``), not by the original's part.

Filed GSTR-3B periods are in a part (a pending record's period and its deemed acceptance), so
a part must be recomputed when a period is closed or reopened.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date

from ..documents import ZERO, Action, Amounts
from ..periods import ReturnPeriod, financial_year_label, financial_year_start_of, section_16_4_deadline
from ..rules.classify import itc_deadline, pending_past_section_16_4, pending_window_closed, target_period
from ..rules.model import RecordState, RuleContext
from .effects import action_effect, non_ims_document
from .itc import accepted_itc, section_value
from .layout import Block, Placement, UnavailableReason, ims_placement
from .non_ims import route


@dataclass(frozen=True, slots=True)
class RecordStake:
    """ITC at stake of one record: accepting it as reported against its current action."""

    action: Action  # after deemed acceptance
    all_accepted: Amounts
    current: Amounts

    @property
    def moved(self) -> Amounts:
        return self.all_accepted + self.current.negated()


@dataclass(frozen=True, slots=True)
class Contribution:
    period: ReturnPeriod | None  # the 2B period it counts in now; None: in no GSTR-2B yet
    placement: Placement | None  # None: left out (kept pending, FAQ 14)
    value: Amounts  # what it adds to its section (an amendment's difference, a declared reduction)
    deadline: date | None  # Section 16(4): after this day the placement is ITC Not Available
    stake: RecordStake | None  # None: no action moves its ITC (reverse charge, out of IMS, FAQ 21)
    document_value: Amounts = ZERO  # its own line as a GSTR-2B file lists it (an amendment in full)

    def placement_on(self, day: date) -> Placement | None:
        return placement_on(self.placement, self.deadline, day)


def placement_on(placement: Placement | None, deadline: date | None, day: date) -> Placement | None:
    """Section 16(4) on ``day``: past its deadline, a record's ITC is not available (spec 5)."""
    if placement is not None and deadline is not None and day > deadline:
        reason = UnavailableReason.SECTION_16_4
        return Placement(Block.NOT_AVAILABLE, placement.part, placement.section, reason)
    return placement


def counting_action(state: RecordState, context: RuleContext, *, use_local_actions: bool = True) -> Action:
    """The action a preview counts: a specified record left Pending past its window is deemed
    accepted (spec 1.8), like ``lifecycle.file_gstr3b`` does at GSTN."""
    action = state.action if use_local_actions else state.gstn_action
    if action is Action.PENDING and pending_window_closed(state, context):
        return Action.NO_ACTION
    return action


def ims_placement_and_value(state: RecordState, action: Action,
                            context: RuleContext) -> tuple[Placement, Amounts, date | None]:
    """Where an IMS record with ``action`` (not Pending) goes, what it adds there, and the day after
    which Section 16(4) moves it to ITC Not Available (None: never; 16(4) never stops a reduction)."""
    block = Block.REJECTED if action is Action.REJECT else Block.AVAILABLE
    value = section_value(state, context, _reduction(state, action))
    deadline = None
    if block is Block.AVAILABLE and value.total_tax > 0:  # Part A: a positive value adds ITC
        deadline = itc_deadline(state, context)
    return ims_placement(state.record.section, block), value, deadline


def _reduction(state: RecordState, action: Action):
    return state.itc_reduction if action is Action.ACCEPT else None


def record_stake(state: RecordState, context: RuleContext) -> RecordStake | None:
    """``itc_at_stake``'s part of one record, frozen or not (the sum leaves frozen records out)."""
    if not state.in_ims or state.record.reverse_charge:
        return None  # reverse-charge documents are not in IMS: no action moves their ITC
    if pending_past_section_16_4(state, context):
        # FAQ 21: held Pending past Section 16(4), it has left IMS; no action can claim its ITC now,
        # so nothing is at stake (a downward amendment stays: 16(4) never stops a reduction)
        return None
    action = counting_action(state, context)
    baseline = accepted_itc(state, context)  # accepted, no declared reduction
    return RecordStake(action, baseline, action_effect(state, action, context).recipient_itc)


def section_16_4_cutoff(context: RuleContext) -> date:
    """The last day of the newest financial year whose Section 16(4) deadline has passed on
    ``context.today`` (an annual return filed before 30 November brings it forward): a record GSTN
    holds Pending dated (its original dated, for an amendment) on or before it may have left IMS
    (FAQ 21), so a stored part that still counts it at stake is out of date. Two years back has
    always passed: its 30 November fell before today's financial year began."""
    start = financial_year_start_of(context.today)
    for year in (start, start - 1):
        filed = context.annual_returns_filed.get(financial_year_label(year))
        if context.today > section_16_4_deadline(date(year, 4, 1), filed):
            return date(year + 1, 3, 31)
    return date(start - 1, 3, 31)


def contribution(state: RecordState, context: RuleContext) -> Contribution:
    """The record's part of the local GSTR-2B preview (local actions) and of ITC at stake."""
    period = target_period(state, context)
    stake = record_stake(state, context)
    record = state.record
    if record.reverse_charge:
        # FAQ 8, 17: not in IMS; it reaches 2B as a non-IMS document, without an action.
        placement = route(non_ims_document(state))
        return Contribution(period, placement, record.amounts, None, stake, record.amounts)
    action = counting_action(state, context)
    if action is Action.PENDING:
        return Contribution(period, None, ZERO, None, stake)
    placement, value, deadline = ims_placement_and_value(state, action, context)
    own = value
    if state.original is not None:
        own = section_value(replace(state, original=None), context, _reduction(state, action))
    return Contribution(period, placement, value, deadline, stake, own)


def replaced_originals(states: Iterable[RecordState], context: RuleContext,
                       period: ReturnPeriod) -> set[tuple[str, str, str]]:
    """(supplier, section, number) of originals whose filed amendment counts in ``period``: the
    amendment prevails (FAQ 13)."""
    replaced = set()
    for state in states:
        record = state.record
        if record.section.is_amendment and record.supplier_filed and target_period(state, context) == period:
            original = record.section.original.value
            replaced.add((record.supplier_gstin, original, _norm(record.original_number)))
    return replaced


def original_key(state: RecordState) -> tuple[str, str, str]:
    record = state.record
    return record.supplier_gstin, record.section.value, _norm(record.document_number)


def _norm(number: str | None) -> str:
    return (number or "").strip().upper()
