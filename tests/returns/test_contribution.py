"""A period's GSTR-2B and ITC at stake are the sums of the per-record contributions (issue 14, 16).

The Frappe layer stores each record's ``contribution`` and answers the preview with grouped sums;
these tests hold those sums equal to ``compute_gstr2b`` and ``itc_at_stake`` on generated months:
several seeds, with amendments (their originals attached), credit notes with declared reductions,
rejected and pending records, pending records of a filed period (rolled forward, and deemed accepted
when specified), documents past Section 16(4), monthly and quarterly filers.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import ZERO, Action, Amounts, DocumentType, ItcReduction
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.returns import compute_gstr2b, itc_at_stake
from india_ims.gst_india.returns.contribution import (
    contribution,
    original_key,
    record_stake,
    replaced_originals,
)
from india_ims.gst_india.rules import RecordState, RuleContext
from india_ims.gst_india.rules.amendments import Version, original_from_versions
from india_ims.gst_india.rules.classify import is_frozen, target_period
from india_ims.synthetic import generate_month
from india_ims.synthetic.history import originals_for

TODAY = date(2026, 11, 30)
PERIOD = "102026"
EARLIER = "092026"
OLDER = "082026"  # its specified records' Pending window (August and September) is over
CREDIT_NOTE = DocumentType.CREDIT_NOTE
ACTIONS = (Action.NO_ACTION, Action.ACCEPT, Action.REJECT, Action.PENDING)


def _states(seed: int) -> list[RecordState]:
    """October's records, September's and August's credit notes (their GSTR-3Bs filed; their
    pending ones roll to October)."""
    rng = random.Random(seed)
    states = []
    for period, share in ((PERIOD, 1.0), (EARLIER, 0.5), (OLDER, 1.0)):
        month = generate_month(seed + len(states), 160 if period == PERIOD else 80, "sample", period=period)
        held = {original_key_of(h.record): h for h in originals_for(month.ims_records, seed)}
        for record in month.ims_records:
            if rng.random() > share or (period == OLDER and record.document_type is not CREDIT_NOTE):
                continue
            gstn = rng.choices(ACTIONS, (5, 3, 1, 1))[0]
            if period != PERIOD and gstn is not Action.NO_ACTION and rng.random() < 0.5:
                gstn = Action.PENDING  # still pending after its period's 3B: rolls to October
            if record.document_date.year < 2024 or rng.random() < 0.05:
                record = replace(record, document_date=date(2023, 5, 10))  # past Section 16(4)
            local = rng.choices((None, *ACTIONS), (6, 1, 1, 1, 1))[0]
            if period != PERIOD and record.document_type is DocumentType.CREDIT_NOTE and rng.random() < 0.5:
                # a specified record left pending: in its window (September's, till October's GSTR-3B)
                # or past it (August's): deemed accepted (spec 1.8; advisory of 17-Oct-2025, Q4)
                gstn, local, record = Action.PENDING, None, replace(record, pending_blocked=False)
            reduction = None
            if record.document_type is DocumentType.CREDIT_NOTE and rng.random() < 0.3:
                reduction = ItcReduction(
                    rng.random() < 0.5,
                    igst=record.amounts.igst // 2,
                    cgst=record.amounts.cgst,
                    sgst=record.amounts.sgst,
                )
            original = None
            found = held.get((record.supplier_gstin, (record.original_number or "").upper()))
            if record.section.is_amendment and found is not None:
                version = Version(found.record.action, found.record.amounts, found.gstr2b_period)
                original = original_from_versions([version], "generated")
            states.append(
                RecordState(
                    record=replace(record, action=gstn),
                    gstn_action=gstn,
                    local_action=local,
                    gstr2b_period=period if record.supplier_filed else None,
                    original=original,
                    itc_reduction=reduction,
                )
            )
            if (
                period == PERIOD
                and record.section.value == "b2b"
                and record.supplier_filed
                and rng.random() < 0.1
            ):
                # amended in the same period: the amendment replaces the original (FAQ 13)
                amended = replace(
                    record,
                    section=record.section.amendment,
                    document_number=f"A{record.document_number}",
                    original_number=record.document_number,
                    original_date=record.document_date,
                    amounts=replace(record.amounts, igst=record.amounts.igst + 100),
                )
                states.append(RecordState(record=amended, gstr2b_period=period))
    return states


def original_key_of(record) -> tuple[str, str]:
    return record.supplier_gstin, (record.document_number or "").upper()


def _summed(states, context: RuleContext, period: str) -> dict:
    """The store's sum: contributions of the period, at today's placement, replaced originals out."""
    target = ReturnPeriod.parse(context.return_period(period))
    replaced = replaced_originals(states, context, target)
    totals: dict = {}
    for state in states:
        part = contribution(state, context)
        placement = part.placement_on(context.today)
        if part.period != target or placement is None:
            continue
        if not state.record.reverse_charge and original_key(state) in replaced:
            continue
        key = (placement.block, placement.part, placement.section)
        totals[key] = totals.get(key, ZERO) + part.value
    return totals


def _stake_summed(states, context: RuleContext, period: str) -> dict:
    target = ReturnPeriod.parse(context.return_period(period))
    if context.is_3b_filed(target):
        return {}  # every record counting in a filed period is frozen
    replaced = replaced_originals(states, context, target)  # the store leaves them out (FAQ 13)
    out: dict = {}
    for state in states:
        part = record_stake(state, context)
        if part is None or contribution(state, context).period != target or original_key(state) in replaced:
            continue
        bucket = out.setdefault(state.record.supplier_gstin, [0, ZERO, ZERO, {}])
        bucket[0] += 1
        bucket[1] += part.all_accepted
        bucket[2] += part.current
        bucket[3][part.action] = bucket[3].get(part.action, ZERO) + part.moved
    return out


CONTEXTS = {
    "monthly": RuleContext(today=TODAY, filed_3b_periods=frozenset({EARLIER, "082026"})),
    "quarterly": RuleContext(today=TODAY, filed_3b_periods=frozenset({"092026"}), quarterly=True),
    "nothing filed": RuleContext(today=TODAY),
}


@pytest.mark.parametrize("seed", [3, 17, 41, 2026])
@pytest.mark.parametrize("kind", sorted(CONTEXTS))
def test_gstr2b_is_the_sum_of_the_records_contributions(seed, kind):
    context = CONTEXTS[kind]
    states = _states(seed)
    core = compute_gstr2b(states, PERIOD, context, enforce_generation_rules=False).summary.totals
    summed = {key: value for key, value in _summed(states, context, PERIOD).items() if value != ZERO}
    assert summed == {key: value for key, value in core.items() if value != ZERO}
    assert core  # the month is not empty


@pytest.mark.parametrize("seed", [3, 17, 41, 2026])
@pytest.mark.parametrize("kind", sorted(CONTEXTS))
def test_itc_at_stake_is_the_sum_of_the_records_stakes(seed, kind):
    context = CONTEXTS[kind]
    states = _states(seed)
    core = itc_at_stake(states, context, period=PERIOD)
    summed = _stake_summed(states, context, PERIOD)
    assert {s.supplier_gstin for s in core.suppliers} == set(summed)
    for supplier in core.suppliers:
        records, all_accepted, current, by_action = summed[supplier.supplier_gstin]
        assert (records, all_accepted, current) == (supplier.records, supplier.all_accepted, supplier.current)
        assert by_action == dict(supplier.moved_by_action)


def test_the_months_cover_what_the_sums_must_handle():
    """The generated states hold every case the sums must get right (else the tests above prove less)."""
    states = _states(41)
    context = CONTEXTS["monthly"]
    parts = [contribution(s, context) for s in states]
    target = ReturnPeriod.parse(PERIOD)
    assert any(s.record.section.is_amendment and s.original is not None for s in states)
    assert replaced_originals(states, context, target)
    assert any(s.record.document_type is DocumentType.CREDIT_NOTE and s.itc_reduction for s in states)
    assert any(p.deadline is not None and p.deadline < TODAY for p in parts)
    rolled = [s for s in states if s.gstr2b_period == EARLIER and target_period(s, context) == target]
    assert rolled and not any(is_frozen(s, context) for s in rolled)
    assert any(p.stake and p.stake.action is Action.REJECT for p in parts)
    assert any(s.action is Action.PENDING and p.placement is not None for s, p in zip(states, parts)), (
        "a specified record pending past its window is deemed accepted"
    )


def test_section_16_4_is_applied_on_the_day_asked_not_when_stored():
    """A stored part keeps the deadline; the day it is summed on decides the block."""
    states = _states(17)
    context = CONTEXTS["nothing filed"]
    part = next(p for p in (contribution(s, context) for s in states) if p.deadline is not None)
    assert part.placement_on(part.deadline).block.value == "ITC Available"
    assert (
        part.placement_on(date.fromordinal(part.deadline.toordinal() + 1)).block.value == "ITC Not Available"
    )


def test_a_deemed_accepted_pending_credit_note_is_not_at_stake_any_more():
    """One definition for the preview and ITC at stake: Pending past its window counts as No Action."""
    context = CONTEXTS["monthly"]
    for state in _states(41):
        part = record_stake(state, context)
        if part and state.action is Action.PENDING and part.action is Action.NO_ACTION:
            assert contribution(state, context).placement is not None
            assert part.current == part.all_accepted or state.record.section.is_amendment
            return
    pytest.fail("no deemed-accepted pending record in the month")


def test_amounts_are_paise_integers():
    states = _states(3)
    for part in (contribution(s, CONTEXTS["monthly"]) for s in states):
        assert isinstance(part.value, Amounts)
        assert all(isinstance(v, int) for v in (part.value.igst, part.value.cgst, part.value.cess))


def test_an_amendment_counts_its_difference_but_its_document_line_is_whole():
    """``document_value`` is what GSTR-2B's document list shows; ``value`` what the summary counts."""
    context = CONTEXTS["monthly"]
    deltas = 0
    for state in _states(41):
        part = contribution(state, context)
        if part.placement is None:
            continue
        if not state.record.section.is_amendment or state.original is None:
            assert part.document_value == part.value
        elif part.document_value != part.value:
            deltas += 1
            assert part.document_value == contribution(replace(state, original=None), context).value
    assert deltas
