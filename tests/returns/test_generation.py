"""When a GSTR-2B may be generated or recomputed, and when GSTR-3B may be filed (FAQ 23-27, 29)."""

from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.returns import (
    Block,
    Gstr2bRefused,
    can_generate_gstr2b,
    check_gstr3b_filing,
    compute_gstr2b,
    compute_table4,
    recompute_status,
)
from india_ims.gst_india.rules import apply_action
from tests.rules.factories import context, record, rupees, state


def test_faq23_draft_not_before_the_14th():
    decision = can_generate_gstr2b("102025", context(date(2025, 11, 13), filed=("092025",)))
    assert decision.code == "BEFORE_CUTOFF" and "14 Nov 2025" in decision.message
    assert can_generate_gstr2b("102025", context(date(2025, 11, 14), filed=("092025",))).allowed


def test_faq25_no_gstr2b_while_previous_gstr3b_unfiled():
    ctx = context(date(2025, 11, 20), filed=("082025",))
    decision = can_generate_gstr2b("102025", ctx)
    assert decision.code == "PREVIOUS_3B_UNFILED" and "Sep 2025" in decision.message
    with pytest.raises(Gstr2bRefused) as refused:
        compute_gstr2b([], "102025", ctx)
    assert refused.value.decision.source == "FAQ 25"
    # The app can still preview it.
    assert compute_gstr2b([], "102025", ctx, enforce_generation_rules=False).entries == ()


def test_faq25_first_period_of_a_registration_needs_no_previous_3b():
    ctx = context(date(2025, 11, 20), first_return_period="102025")
    assert can_generate_gstr2b("102025", ctx).allowed


def test_faq26_recompute_allowed_until_the_3b_is_filed():
    ctx = context(date(2025, 11, 25), filed=("092025", "102025"))
    assert can_generate_gstr2b("102025", ctx).code == "FROZEN_3B_FILED"


def test_faq27_qrmp_no_monthly_2b_for_m1_and_m2_and_2bq_after_the_quarter():
    ctx = context(date(2026, 1, 20), filed=("092025",), quarterly=True)
    m1 = can_generate_gstr2b("102025", ctx)
    assert m1.code == "QRMP_MONTH_WITHOUT_2B" and "Dec 2025" in m1.message
    assert not can_generate_gstr2b("112025", ctx).allowed
    assert can_generate_gstr2b("122025", ctx).allowed
    assert can_generate_gstr2b("122025", replace(ctx, today=date(2026, 1, 13))).code == "BEFORE_CUTOFF"


def test_faq27_gstr2bq_combines_the_three_months_of_the_quarter():
    """Hand-worked: Oct IGST 1,800 + Nov IGST 900 + Dec CGST/SGST 450 each - Dec credit note IGST 180."""
    ctx = context(date(2026, 1, 20), filed=("092025",), quarterly=True)
    states = [
        state(record(Section.B2B, "Q-OCT", period="102025", igst=1800)),
        state(record(Section.B2B, "Q-NOV", period="112025", igst=900, day=date(2025, 11, 3))),
        state(record(Section.B2B, "Q-DEC", period="122025", igst=0, cgst=450, sgst=450,
                     day=date(2025, 12, 3))),
        state(record(Section.B2BCN, "Q-CN", period="122025", igst=180, day=date(2025, 12, 9))),
        state(record(Section.B2B, "Q-JAN", period="012026", igst=5000, day=date(2026, 1, 3))),
    ]
    quarter = compute_gstr2b(states, "122025", ctx)
    assert quarter.quarterly and [str(p) for p in quarter.months] == ["102025", "112025", "122025"]
    table = compute_table4(quarter)
    assert table.all_other_4a5 == Amounts(0, rupees(2520), rupees(450), rupees(450), 0)
    assert "Q-JAN" not in {e.document_number for e in quarter.entries}


def test_faq24_29_change_after_generation_makes_recompute_mandatory():
    ctx = context(date(2025, 11, 15), filed=("092025",))
    states = [state(record(Section.B2B, "R-1")), state(record(Section.B2B, "R-2"))]
    draft = compute_gstr2b(states, "102025", ctx)
    assert not recompute_status(draft, states, ctx).required
    changed = [apply_action(states[0], Action.REJECT, ctx), states[1]]
    status = recompute_status(draft, changed, ctx)
    assert status.required and [k[2] for k in status.changed] == ["R-1"]
    recomputed = compute_gstr2b(changed, "102025", ctx)
    assert [e.document_number for e in recomputed.block(Block.REJECTED)] == ["R-1"]
    assert not recompute_status(recomputed, changed, ctx).required


def test_faq29_gstr3b_refused_until_the_2b_reflects_uploaded_actions():
    ctx = context(date(2025, 11, 15), filed=("092025",))
    states = [state(record(Section.B2B, "U-1"))]
    draft = compute_gstr2b(states, "102025", ctx, use_local_actions=False)
    assert check_gstr3b_filing("102025", draft, states, ctx).allowed
    # The rejection reaches GSTN after the draft: the 3B waits for a recompute.
    uploaded = [replace(states[0], gstn_action=Action.REJECT)]
    decision = check_gstr3b_filing("102025", draft, uploaded, ctx)
    assert decision.code == "RECOMPUTE_REQUIRED" and decision.source == "FAQ 24, 29"
    assert check_gstr3b_filing("102025", None, uploaded, ctx).code == "GSTR2B_MISSING"
    assert check_gstr3b_filing("112025", draft, uploaded, ctx).code == "PREVIOUS_3B_UNFILED"


def test_faq31_rejected_then_accepted_before_3b_gives_the_itc_in_the_recomputed_2b():
    """FAQ 31: change Rejected to Accepted and recompute at 3B time; the ITC comes in that 3B."""
    ctx = context(date(2025, 11, 18), filed=("092025",))
    rejected = state(record(Section.B2B, "FY-OLD", igst=1800, action=Action.REJECT))
    draft = compute_gstr2b([rejected], "102025", ctx)
    assert compute_table4(draft).all_other_4a5.igst == 0
    accepted = apply_action(rejected, Action.ACCEPT, ctx)
    assert compute_table4(compute_gstr2b([accepted], "102025", ctx)).all_other_4a5.igst == rupees(1800)
