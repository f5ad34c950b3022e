"""One test per action rule; each name or docstring cites the rule's source."""

from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import Action, ItcReduction, MatchStatus, Section
from india_ims.gst_india.rules import (
    RULES,
    RULES_BY_CODE,
    ActionRefused,
    apply_action,
    check_action,
)

from .factories import context, original, record, rupees, state


def test_faq10_all_three_actions_and_reset_allowed_on_a_fresh_invoice():
    """FAQ 10: Accept, Reject and Pending may be taken; No Action is the default."""
    fresh = state(record())
    for action in (Action.ACCEPT, Action.REJECT, Action.PENDING):
        decision = check_action(fresh, action, context())
        assert decision.allowed and decision.code == "ALLOWED", decision
    assert check_action(fresh, Action.NO_ACTION, context()).code == "UNCHANGED"


def test_faq12_action_can_change_many_times_latest_wins():
    ctx = context()
    current = state(record())
    for action in (Action.ACCEPT, Action.REJECT, Action.PENDING, Action.ACCEPT, Action.NO_ACTION):
        current = apply_action(current, action, ctx)
    assert current.action is Action.NO_ACTION
    assert current.gstn_action is Action.NO_ACTION  # nothing uploaded yet


def test_faq12_action_frozen_once_the_periods_gstr3b_is_filed():
    accepted = state(record(action=Action.ACCEPT))
    decision = check_action(accepted, Action.REJECT, context(filed=("102025",)))
    assert not decision.allowed
    assert decision.code == "FROZEN_3B_FILED"
    assert "INV-001" in decision.message and "Oct 2025" in decision.message
    assert decision.source == "FAQ 12, 20"
    with pytest.raises(ActionRefused) as raised:
        apply_action(accepted, Action.REJECT, context(filed=("102025",)))
    assert raised.value.decision.code == "FROZEN_3B_FILED"


def test_faq5_21_pending_record_is_not_frozen_by_its_periods_gstr3b():
    """FAQ 5, 21: pending records stay in IMS after the 3B and may be accepted later."""
    pending = state(record(action=Action.PENDING))
    ctx = context(date(2025, 12, 5), filed=("102025",))
    assert check_action(pending, Action.ACCEPT, ctx).allowed


def test_faq16_no_action_on_a_record_that_left_ims():
    gone = state(record(), in_ims=False)
    decision = check_action(gone, Action.ACCEPT, context())
    assert decision.code == "NOT_IN_IMS" and not decision.allowed


def test_seed000_accept_refused_on_missing_in_pi_without_override():
    missing = state(record(), match_status=MatchStatus.MISSING_IN_PI)
    refused = check_action(missing, Action.ACCEPT, context())
    assert refused.code == "ACCEPT_MISSING_IN_PI"
    assert "Missing in PI" in refused.message
    blank = check_action(missing, Action.ACCEPT, context(), override_reason="   ")
    assert blank.code == "ACCEPT_MISSING_IN_PI"
    forced = check_action(missing, Action.ACCEPT, context(), override_reason="booked next month")
    assert forced.allowed and forced.code == "OVERRIDDEN" and "booked next month" in forced.message
    # Reject and Pending need no purchase invoice.
    assert check_action(missing, Action.REJECT, context()).allowed


def test_seed000_override_reason_is_kept_on_the_state():
    missing = state(record(), match_status=MatchStatus.MISSING_IN_PI)
    accepted = apply_action(missing, Action.ACCEPT, context(), override_reason="goods in transit")
    assert accepted.override_reason == "goods in transit"


@pytest.mark.parametrize("blocked, allowed", [(True, False), (False, True)])
def test_spec15_pending_follows_gstns_flag_when_present(blocked, allowed):
    """spec 1.5: ispendactblocked (or the inverted older flag) decides when GSTN sends it."""
    # An invoice would be allowed by derivation; the flag overrides that.
    flagged = state(record(pending_blocked=blocked))
    decision = check_action(flagged, Action.PENDING, context())
    assert decision.allowed is allowed
    if not allowed:
        assert decision.code == "PENDING_BLOCKED"


def test_faq13_amendment_in_later_period_refused_until_original_3b_filed():
    amendment = record(Section.B2BA, "INV-9", igst=1500)
    open_original = state(amendment, original=original(Action.ACCEPT, "082025"))
    decision = check_action(open_original, Action.ACCEPT, context(filed=()))
    assert decision.code == "AMENDMENT_ORIGINAL_OPEN"
    assert "INV-9-O" in decision.message
    filed = state(amendment, original=original(Action.ACCEPT, "082025"))
    assert check_action(filed, Action.ACCEPT, context(filed=("082025",))).allowed


def test_faq13_amendment_refused_while_original_is_pending_even_after_3b():
    amendment = record(Section.B2BA, "INV-9", igst=1500)
    pending_original = state(amendment, original=original(Action.PENDING, "082025", filed=True))
    decision = check_action(pending_original, Action.REJECT, context())
    assert decision.code == "AMENDMENT_ORIGINAL_OPEN"


def test_faq13_same_period_amendment_may_be_acted_on_and_prevails():
    amendment = record(Section.B2BA, "INV-9", igst=1500)
    same = state(amendment, original=original(Action.NO_ACTION, "102025"))
    assert check_action(same, Action.ACCEPT, context()).allowed


def test_faq13_unknown_original_is_allowed_with_a_warning():
    amendment = state(record(Section.B2BA, "INV-9", igst=1500))
    decision = check_action(amendment, Action.ACCEPT, context())
    assert decision.allowed and any("FAQ 13" in w for w in decision.warnings)


def test_section_16_4_only_reject_after_the_deadline():
    """Section 16(4): ITC on an FY 2024-25 invoice ends 30-Nov-2025. Reported in October 2025, it is
    in IMS with October's 3B unfiled on 1 December: it can only be rejected."""
    late = state(record(day=date(2025, 3, 15), period="102025"))
    ctx = context(date(2025, 12, 1), filed=("092025",))
    decision = check_action(late, Action.ACCEPT, ctx)
    assert decision.code == "SECTION_16_4_EXPIRED" and "30 Nov 2025" in decision.message
    assert check_action(late, Action.PENDING, ctx).code == "SECTION_16_4_EXPIRED"
    assert check_action(late, Action.REJECT, ctx).allowed
    assert check_action(late, Action.ACCEPT, context(date(2025, 11, 30), filed=("092025",))).allowed


def test_faq21_a_record_kept_pending_past_section_16_4_has_left_ims():
    """FAQ 21: GSTN removes a Pending record once 16(4) has run out, so no action reaches it, a
    Reject included; until then it is open. (Before this rule the engine still offered Reject.)"""
    old = state(record(day=date(2025, 3, 15), period="032025", action=Action.PENDING))
    ctx = context(date(2025, 12, 1), filed=("032025",))
    for action in (Action.ACCEPT, Action.REJECT, Action.NO_ACTION):
        decision = check_action(old, action, ctx)
        assert decision.code == "NOT_IN_IMS" and "30 Nov 2025" in decision.message, action
    on_the_day = context(date(2025, 11, 30), filed=("032025",))
    assert check_action(old, Action.ACCEPT, on_the_day).allowed
    assert check_action(old, Action.REJECT, on_the_day).allowed


def test_section_16_4_annual_return_brings_the_deadline_forward():
    late = state(record(day=date(2025, 3, 15), period="092025"))
    ctx = context(date(2025, 10, 1), filed=("082025",), annual_returns_filed={"2024-25": date(2025, 9, 20)})
    assert check_action(late, Action.ACCEPT, ctx).code == "SECTION_16_4_EXPIRED"
    pending = state(record(day=date(2025, 3, 15), period="032025", action=Action.PENDING))
    assert check_action(pending, Action.ACCEPT, ctx).code == "NOT_IN_IMS"


def test_section_16_4_does_not_bar_credit_notes():
    note = state(record(Section.B2BCN, "CN-1", day=date(2024, 3, 15), period="032024"))
    assert check_action(note, Action.ACCEPT, context(date(2025, 12, 1))).allowed


# ---------------------------------------------------------------- ITC reduction (spec 1.8)

def _credit_note(**kw):
    return state(record(Section.B2BCN, "CN-7", taxable=5000, igst=0, cgst=450, sgst=450, **kw))


def test_spec18_full_declared_reduction_on_credit_note_allowed():
    full = ItcReduction(True, cgst=rupees(450), sgst=rupees(450))
    assert check_action(_credit_note(), Action.ACCEPT, context(), itc_reduction=full).allowed


def test_spec18_declared_reduction_capped_at_the_documents_tax():
    too_much = ItcReduction(True, cgst=rupees(500), sgst=rupees(500))
    decision = check_action(_credit_note(), Action.ACCEPT, context(), itc_reduction=too_much,
                            remarks="partial")
    assert decision.code == "ITC_REDUCTION_EXCEEDS_TAX" and "₹450.00" in decision.message


def test_spec18_declared_cgst_must_equal_sgst():
    lopsided = ItcReduction(True, cgst=rupees(400), sgst=rupees(300))
    decision = check_action(_credit_note(), Action.ACCEPT, context(), itc_reduction=lopsided,
                            remarks="part availed")
    assert decision.code == "ITC_REDUCTION_CGST_SGST_UNEQUAL"


def test_spec18_partial_or_nil_reduction_needs_remarks():
    partial = ItcReduction(True, cgst=rupees(200), sgst=rupees(200))
    assert check_action(_credit_note(), Action.ACCEPT, context(),
                        itc_reduction=partial).code == "REMARKS_REQUIRED"
    nil = ItcReduction(False)
    nil_decision = check_action(_credit_note(), Action.ACCEPT, context(), itc_reduction=nil)
    assert nil_decision.code == "REMARKS_REQUIRED"
    assert check_action(_credit_note(), Action.ACCEPT, context(), itc_reduction=nil,
                        remarks="ITC never availed").allowed


def test_spec18_reduction_only_with_accept():
    nil = ItcReduction(False)
    decision = check_action(_credit_note(), Action.REJECT, context(), itc_reduction=nil, remarks="x")
    assert decision.code == "ITC_REDUCTION_NOT_ACCEPT"


def test_spec18_reduction_refused_where_gstn_blocks_it():
    nil = ItcReduction(False)
    decision = check_action(_credit_note(itc_reduction_blocked=True), Action.ACCEPT, context(),
                            itc_reduction=nil, remarks="never availed")
    assert decision.code == "ITC_REDUCTION_BLOCKED"


def test_spec18_reduction_not_on_an_original_invoice():
    decision = check_action(state(record()), Action.ACCEPT, context(), itc_reduction=ItcReduction(False),
                            remarks="x")
    assert decision.code == "ITC_REDUCTION_NOT_SPECIFIED"


def test_spec18_reduction_not_on_an_upward_invoice_amendment():
    upward = state(record(Section.B2BA, "INV-5", igst=2000),
                   original=original(Action.ACCEPT, "082025", filed=True, igst=1800))
    decision = check_action(upward, Action.ACCEPT, context(), itc_reduction=ItcReduction(False),
                            remarks="x")
    assert decision.code == "ITC_REDUCTION_NOT_SPECIFIED"


def test_spec18_reduction_on_downward_invoice_amendment_allowed_up_to_the_difference():
    downward = state(record(Section.B2BA, "INV-5", igst=1000),
                     original=original(Action.ACCEPT, "082025", filed=True, igst=1800))
    full = ItcReduction(True, igst=rupees(800))  # 1,800 counted -> 1,000: the difference
    assert check_action(downward, Action.ACCEPT, context(), itc_reduction=full).allowed
    whole = ItcReduction(True, igst=rupees(1000))
    assert check_action(downward, Action.ACCEPT, context(), itc_reduction=whole,
                        remarks="x").code == "ITC_REDUCTION_EXCEEDS_TAX"


def test_spec18_reduction_and_remarks_do_not_exist_before_october_2025():
    old_note = state(record(Section.B2BCN, "CN-3", period="092025", cgst=450, sgst=450, igst=0,
                            day=date(2025, 9, 3)))
    decision = check_action(old_note, Action.ACCEPT, context(date(2025, 10, 5)),
                            itc_reduction=ItcReduction(False), remarks="never availed")
    assert decision.code == "ITC_REDUCTION_BEFORE_OCT_2025"
    assert {v.code for v in decision.violations} >= {"REMARKS_BEFORE_OCT_2025"}


def test_spec18_remarks_refused_where_blocked():
    blocked = state(record(remarks_blocked=True))
    decision = check_action(blocked, Action.REJECT, context(), remarks="wrong rate")
    assert decision.code == "REMARKS_BLOCKED"
    assert check_action(blocked, Action.REJECT, context()).allowed


def test_every_broken_rule_is_listed_not_only_the_first():
    gone = state(record(action=Action.REJECT), in_ims=False, match_status=MatchStatus.MISSING_IN_PI)
    decision = check_action(gone, Action.ACCEPT, context(filed=("102025",)))
    codes = [v.code for v in decision.violations]
    assert codes[:3] == ["NOT_IN_IMS", "FROZEN_3B_FILED", "ACCEPT_MISSING_IN_PI"]


def test_rule_table_has_unique_codes_each_with_a_source_and_summary():
    assert len(RULES_BY_CODE) == len(RULES)
    for rule in RULES:
        assert rule.source and rule.summary, rule.code


def test_unchanged_only_when_action_remarks_and_reduction_equal():
    accepted = state(record(action=Action.ACCEPT))
    assert check_action(accepted, Action.ACCEPT, context()).code == "UNCHANGED"
    with_remarks = check_action(replace(accepted, remarks=None), Action.ACCEPT, context(), remarks="ok")
    assert with_remarks.code == "ALLOWED"


def test_faq12_asking_for_what_gstn_holds_is_never_refused_but_an_unsent_intent_is_judged():
    frozen = state(record(action=Action.ACCEPT))
    filed = context(filed=("102025",))
    assert check_action(frozen, Action.ACCEPT, filed).code == "UNCHANGED"
    # An intended Reject was never uploaded; going back to Accept is what GSTN holds: nothing to send.
    assert check_action(replace(frozen, local_action=Action.REJECT), Action.ACCEPT, filed).code == "UNCHANGED"
    # GSTN holds Pending (not frozen by the 3B): accepting it is a change, judged and allowed.
    intent = replace(frozen, gstn_action=Action.PENDING, local_action=Action.REJECT)
    assert check_action(intent, Action.ACCEPT, filed).code == "ALLOWED"


def test_spec18_negative_declared_reduction_refused():
    negative = ItcReduction(True, igst=-1)
    decision = check_action(state(record(Section.B2BCN, "CN-N")), Action.ACCEPT, context(),
                            itc_reduction=negative, remarks="x")
    assert decision.code == "ITC_REDUCTION_EXCEEDS_TAX" and "negative" in decision.message


def test_every_rule_code_is_asserted_by_some_test():
    from pathlib import Path

    text = "".join(p.read_text() for p in Path(__file__).parent.glob("test_*.py"))
    missing = [rule.code for rule in RULES if f'"{rule.code}"' not in text]
    assert not missing, missing


def test_action_given_by_label():
    assert check_action(state(record()), "Rejected", context()).allowed


def test_spec7_unconfirmed_rules_are_listed_with_what_the_engine_does():
    from india_ims.gst_india.rules.unconfirmed import UNCONFIRMED

    assert len({u.topic for u in UNCONFIRMED}) == len(UNCONFIRMED)
    for item in UNCONFIRMED:
        assert item.reference and len(item.engine_does) > 30, item.topic


def test_bad_periods_are_refused_naming_the_record_and_the_field():
    from india_ims.gst_india.errors import GstError
    from india_ims.gst_india.rules import RuleContext

    with pytest.raises(GstError, match=r"INV-001 .*field gstr2b_period.*132025"):
        state(record(), gstr2b_period="132025")
    with pytest.raises(GstError, match="field original.gstr2b_period"):
        state(record(Section.B2BA, "A-1"), original=original(Action.ACCEPT, "2025-08"))
    with pytest.raises(GstError, match="field filed_3b_periods"):
        RuleContext(date(2025, 11, 1), frozenset({"Oct 2025"}))


def test_no_action_on_a_time_barred_invoice_gets_one_answer_with_or_without_a_remark():
    """Issue 11: a remark with No Action (which sends GSTN nothing but the reset) changes nothing."""
    old = state(record(day=date(2025, 3, 15), period="032025"))
    ctx = context(date(2025, 12, 1))
    plain = check_action(old, Action.NO_ACTION, ctx)
    remarked = check_action(old, Action.NO_ACTION, ctx, remarks="checked with the supplier")
    assert (plain.allowed, plain.code) == (remarked.allowed, remarked.code) == (True, "UNCHANGED")
    assert check_action(old, Action.PENDING, ctx).code == "SECTION_16_4_EXPIRED"
