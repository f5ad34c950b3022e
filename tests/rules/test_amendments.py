"""Amendments count the difference from the value last counted (spec 1.8, 4.3; FAQ 13, 34).

Today is pinned and every period is built from it: the amendment falls in the
last closed month, its original two months earlier with that GSTR-3B filed.
"""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import Action, Amounts, ItcReduction, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.returns import Block, Part, action_effect, compute_gstr2b, itc_at_stake
from india_ims.gst_india.rules import check_action
from india_ims.gst_india.rules.amendments import Version, original_from_versions, unknown_original_text
from tests.rules.factories import context, record, rupees, state

TODAY = date(2026, 11, 30)
NOW = ReturnPeriod.of(TODAY).previous()  # the amendment's period: 2B drafted, GSTR-3B open
EARLIER = NOW.add(-2)  # the original's period, GSTR-3B filed
CTX = context(TODAY, filed=(str(EARLIER), str(EARLIER.next())))


def tax(igst: float) -> Amounts:
    return Amounts(rupees(igst * 5), rupees(igst), 0, 0, 0)


def amendment(section: Section, igst: float, *versions: tuple[Action, float], number: str = "M-1"):
    rec = record(section, number, period=str(NOW), igst=igst, taxable=igst * 5,
                 day=EARLIER.first_day.replace(day=10), original_date=EARLIER.first_day.replace(day=10))
    chain = [Version(action, tax(value), str(EARLIER)) for action, value in versions]
    return state(rec, original=original_from_versions(chain, "stored record"))


def test_spec18_downward_invoice_amendment_moves_itc_by_the_difference():
    st = amendment(Section.B2BA, 900, (Action.ACCEPT, 1800))
    assert action_effect(st, Action.ACCEPT, CTX).recipient_itc.igst == rupees(-900)


def test_spec18_upward_invoice_amendment_adds_only_the_difference():
    st = amendment(Section.B2BA, 2700, (Action.ACCEPT, 1800))
    assert action_effect(st, Action.ACCEPT, CTX).recipient_itc.igst == rupees(900)


def test_spec18_downward_credit_note_amendment_gives_back_the_difference():
    st = amendment(Section.B2BCNA, 900, (Action.ACCEPT, 1800))
    assert action_effect(st, Action.ACCEPT, CTX).recipient_itc.igst == rupees(900)


def test_spec18_amendment_of_an_amendment_compares_with_the_value_last_counted():
    st = amendment(Section.B2BA, 2200, (Action.ACCEPT, 1800), (Action.ACCEPT, 2700))
    assert action_effect(st, Action.ACCEPT, CTX).recipient_itc.igst == rupees(-500)
    # a rejected middle version never counted: the difference is from the original's 1,800
    skipped = amendment(Section.B2BA, 2200, (Action.ACCEPT, 1800), (Action.REJECT, 2700))
    assert action_effect(skipped, Action.ACCEPT, CTX).recipient_itc.igst == rupees(400)


def test_spec18_itc_at_stake_counts_the_difference():
    st = amendment(Section.B2BA, 900, (Action.ACCEPT, 1800))
    stake = itc_at_stake([st], CTX)
    assert stake.all_accepted.igst == rupees(-900)


def test_spec43_gstr2b_4a5_carries_the_downward_difference():
    st = amendment(Section.B2BA, 900, (Action.ACCEPT, 1800))
    gstr2b = compute_gstr2b([st], NOW, CTX, enforce_generation_rules=False)
    assert gstr2b.summary.net(Block.AVAILABLE).igst == rupees(-900)
    assert gstr2b.entries[0].is_delta


def test_spec18_declared_reduction_on_an_amendment_is_capped_at_the_difference():
    st = amendment(Section.B2BCNA, 2700, (Action.ACCEPT, 1800))
    too_much = ItcReduction(True, igst=rupees(2700))
    decision = check_action(st, Action.ACCEPT, CTX, itc_reduction=too_much, remarks="x")
    assert decision.code == "ITC_REDUCTION_EXCEEDS_TAX" and "difference" in decision.message
    full = ItcReduction(True, igst=rupees(900))
    assert check_action(st, Action.ACCEPT, CTX, itc_reduction=full).allowed
    assert action_effect(st, Action.ACCEPT, CTX, itc_reduction=full).recipient_itc.igst == rupees(-900)


def test_spec18_full_reversal_of_the_difference_needs_no_remarks_partial_does():
    st = amendment(Section.B2BCNA, 2700, (Action.ACCEPT, 1800))
    partial = ItcReduction(True, igst=rupees(500))
    assert check_action(st, Action.ACCEPT, CTX, itc_reduction=partial).code == "REMARKS_REQUIRED"
    assert check_action(st, Action.ACCEPT, CTX, itc_reduction=partial, remarks="part availed").allowed
    effect = action_effect(st, Action.ACCEPT, CTX, itc_reduction=partial)
    assert effect.scenario == 10 and effect.recipient_itc.igst == rupees(-500)
    full = action_effect(st, Action.ACCEPT, CTX, itc_reduction=ItcReduction(True, igst=rupees(900)))
    assert full.scenario == 14


def test_faq34_add_back_on_an_amended_rejected_note_counts_the_difference():
    upward = amendment(Section.B2BCNA, 2700, (Action.REJECT, 1800))
    effect = action_effect(upward, Action.REJECT, CTX)
    assert effect.supplier_liability.igst == rupees(900)
    assert "subsequent tax period" in effect.text
    downward = amendment(Section.B2BCNA, 900, (Action.REJECT, 1800))
    assert action_effect(downward, Action.REJECT, CTX).supplier_liability.igst == rupees(-900)


def test_faq13_unknown_original_is_said_in_words():
    text = unknown_original_text("INV-9", str(EARLIER))
    assert "INV-9" in text and "full amended value" in text
    assert original_from_versions([]) is None


def test_faq13_rejected_original_counts_the_whole_amended_value():
    st = amendment(Section.B2BA, 1800, (Action.REJECT, 1800))
    assert action_effect(st, Action.ACCEPT, CTX).recipient_itc.igst == rupees(1800)


def test_section_16_4_never_stops_a_downward_amendment_reducing_itc():
    old_day = date(TODAY.year - 2, 6, 10)  # its financial year's deadline has passed
    rec = record(Section.B2BA, "M-OLD", period=str(NOW), igst=900, taxable=4500, day=old_day,
                 original_date=old_day)
    st = state(rec, original=original_from_versions([Version(Action.ACCEPT, tax(1800), str(EARLIER))]))
    assert check_action(st, Action.ACCEPT, CTX).allowed
    gstr2b = compute_gstr2b([st], NOW, CTX, enforce_generation_rules=False)
    assert gstr2b.summary.net(Block.AVAILABLE).igst == rupees(-900)
    assert not gstr2b.block(Block.NOT_AVAILABLE)
    # taking ITC past the deadline stays barred
    up = state(rec, original=original_from_versions([Version(Action.ACCEPT, tax(100), str(EARLIER))]))
    assert check_action(up, Action.ACCEPT, CTX).code == "SECTION_16_4_EXPIRED"


def test_faq8_faq17_reverse_charge_records_are_not_actioned_and_route_as_non_ims():
    rcm = state(record(Section.B2B, "RCM-1", period=str(NOW), igst=1800,
                       day=NOW.first_day.replace(day=5), reverse_charge=True))
    decision = check_action(rcm, Action.ACCEPT, CTX)
    assert decision.code == "REVERSE_CHARGE_NOT_IN_IMS"
    assert not check_action(rcm, Action.REJECT, CTX).allowed
    gstr2b = compute_gstr2b([rcm], NOW, CTX, enforce_generation_rules=False)
    assert [e.placement.part for e in gstr2b.entries] == [Part.REVERSE_CHARGE]
    assert gstr2b.entries[0].source != "IMS"
    effect = action_effect(rcm, Action.REJECT, CTX)
    assert effect.table4_row == "4A(3)" and "not part of IMS" in effect.text
    assert itc_at_stake([rcm], CTX).suppliers == ()


def _pending_note(first: ReturnPeriod):
    return state(record(Section.B2BCN, "CN-P", period=str(first), igst=900, taxable=4500,
                        day=first.first_day.replace(day=3), action=Action.PENDING))


def test_spec18_pending_credit_note_after_its_window_is_deemed_accepted_in_the_preview():
    note = _pending_note(EARLIER)  # its own period and the next (its window), both GSTR-3Bs filed
    gstr2b = compute_gstr2b([note], NOW, CTX, enforce_generation_rules=False)
    assert gstr2b.summary.net(Block.AVAILABLE).igst == rupees(-900)
    assert not gstr2b.excluded
    assert itc_at_stake([note], CTX).current.igst == rupees(-900)


def test_spec18_pending_credit_note_in_the_period_after_its_own_is_still_pending_in_the_preview():
    # advisory of 17-Oct-2025, Q4: Pending till the GSTR-3B of its GSTR-2B period + 1 (NOW, open)
    note = _pending_note(NOW.previous())
    gstr2b = compute_gstr2b([note], NOW, CTX, enforce_generation_rules=False)
    assert gstr2b.summary.net(Block.AVAILABLE).igst == 0
    assert [x.code for x in gstr2b.excluded] == ["PENDING"]


def test_spec7_faq21_faq25_faq34_are_no_longer_unconfirmed():
    from india_ims.gst_india.rules.unconfirmed import UNCONFIRMED

    references = " ".join(u.reference + u.topic for u in UNCONFIRMED)
    for settled in ("FAQ 34", "FAQ 25", "16(4)"):
        assert settled not in references
