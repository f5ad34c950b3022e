"""How each action moves ITC in GSTR-2B and GSTR-3B Table 4, and when GSTR-2B is generated.

Sources: seed 001 FAQ 8, 10, 14, 15, 17, 23-27, 29; spec 3.3, 3.5, 4.1, 4.2, 4.3, 5.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import ZERO, Action, DocumentType, ItcReduction, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.returns import (
    Block,
    NonImsDocument,
    NonImsKind,
    action_effect,
    can_generate_gstr2b,
    check_gstr3b_filing,
    compute_gstr2b,
    compute_table4,
    recompute_status,
)
from india_ims.gst_india.rules import check_action

from .build import NIL_REDUCTION, SUPPLIER, ctx, doc, full_reduction, months_before, orig, st, tax

OCT = ReturnPeriod(2025, 10)
FILED = months_before(OCT, 3)
ON_14TH = ctx(date(2025, 11, 14), *FILED)


def _oct(section=Section.B2B, number="X-1", igst=1800, action=Action.NO_ACTION, state_kw=None, **kw):
    return st(doc(section, number, day=date(2025, 10, 8), period=OCT, igst=igst, action=action, **kw),
              **(state_kw or {}))


def _table4(states, period=OCT, context=ON_14TH, non_ims=()):
    return compute_table4(compute_gstr2b(states, period, context, non_ims=non_ims))


# ------------------------------------------------------------------ FAQ 10, 14: each action


@pytest.mark.parametrize("action", [Action.ACCEPT, Action.NO_ACTION])
@pytest.mark.parametrize("section", [Section.B2B, Section.B2BDN, Section.ECOM])
def test_faq14_accepted_or_no_action_invoice_is_itc_available_in_4a5(section, action):
    # FAQ 14 (i), (iv); spec 3.5: accepted and deemed-accepted records -> ITC Available -> 4A(5).
    table = _table4([_oct(section, action=action)])
    assert table.all_other_4a5 == tax(1800)


def test_faq14_rejected_invoice_is_itc_rejected_and_not_in_3b():
    # FAQ 14 (ii), 23: rejected records are for view only and do not flow to GSTR-3B.
    gstr2b = compute_gstr2b([_oct(action=Action.REJECT)], OCT, ON_14TH)
    assert [e.placement.block for e in gstr2b.entries] == [Block.REJECTED]
    assert compute_table4(gstr2b).all_other_4a5 == ZERO


def test_faq14_pending_invoice_is_not_in_gstr2b():
    # FAQ 14 (iii): pending records do not become part of GSTR-2B and GSTR-3B.
    gstr2b = compute_gstr2b([_oct(action=Action.PENDING)], OCT, ON_14TH)
    assert not gstr2b.entries and [x.code for x in gstr2b.excluded] == ["PENDING"]


def test_faq15_saved_not_filed_record_is_not_in_gstr2b():
    # FAQ 15; spec 3.5: saved records reach 2B only once filed.
    gstr2b = compute_gstr2b([_oct(supplier_filed=False)], OCT, ON_14TH)
    assert not gstr2b.entries


def test_spec41_accepted_credit_note_nets_in_4a5():
    # spec 4.1: from Jan 2023 credit notes are netted in 4A(5); spec 4.2 accept -> ITC reduced.
    invoice = _oct(igst=1800, action=Action.ACCEPT)
    note = _oct(Section.B2BCN, "CN-1", igst=500, action=Action.ACCEPT)
    note = st(note.record, itc_reduction=full_reduction(note.record))
    assert _table4([invoice, note]).all_other_4a5 == tax(1300)


def test_spec41_credit_notes_exceeding_invoices_make_4a5_negative():
    # spec 4.1: "4A may go negative when credit notes exceed invoices and debit notes".
    note = _oct(Section.B2BCN, "CN-2", igst=700)
    assert _table4([note]).all_other_4a5 == tax(-700)


def test_spec42_rejected_credit_note_does_not_reduce_itc_and_adds_back_supplier_liability():
    # spec 4.2, 4.3 row 6; FAQ 34: reject -> no reduction; supplier liability increases.
    note = _oct(Section.B2BCN, "CN-3", igst=500, action=Action.REJECT)
    assert _table4([_oct(igst=1800), note]).all_other_4a5 == tax(1800)
    effect = action_effect(note, Action.REJECT, ON_14TH)
    assert effect.recipient_itc == ZERO and effect.supplier_liability.igst == 500 * 100


def test_spec43_row9_credit_note_accepted_with_itcredreq_n_leaves_itc_unreduced():
    # spec 4.3 row 9 / advisory 17-Oct-2025 matrix: Accept with "No" -> "No impact" on ITC.
    note = _oct(Section.B2BCN, "CN-4", igst=500)
    effect = action_effect(note, Action.ACCEPT, ON_14TH, itc_reduction=NIL_REDUCTION)
    assert effect.recipient_itc == ZERO


def test_spec43_row10_credit_note_accepted_with_partial_declaration_reduces_by_declared_amount():
    # spec 4.3 row 10: ITC reduced by the declared amount only.
    note = _oct(Section.B2BCN, "CN-5", igst=500)
    partial = ItcReduction(True, 200 * 100, 0, 0, 0)
    assert action_effect(note, Action.ACCEPT, ON_14TH, itc_reduction=partial).recipient_itc == tax(-200)


def test_spec43_row5_credit_note_accept_full_reduction_reduces_by_the_note():
    # spec 4.3 row 5.
    note = _oct(Section.B2BCN, "CN-6", igst=500)
    assert action_effect(note, Action.ACCEPT, ON_14TH,
                         itc_reduction=full_reduction(note.record)).recipient_itc == tax(-500)


def test_spec43_row3_pending_moves_no_itc_now():
    # spec 4.3 row 3: not in this period's 2B.
    assert action_effect(_oct(), Action.PENDING, ON_14TH).recipient_itc == ZERO


# ------------------------------------------------------------------ not in IMS (FAQ 8, 17; spec 5)


def test_faq17_reverse_charge_invoice_goes_to_4a3_and_3_1d_not_4a5():
    # FAQ 17; spec 4.1, 5: RCM -> 2B Part A-III -> 3.1(d) and 4A(3).
    table = _table4([_oct(reverse_charge=True)])
    assert table.reverse_charge_4a3 == tax(1800)
    assert table.reverse_charge_liability_3_1d.igst == 1800 * 100
    assert table.all_other_4a5 == ZERO


@pytest.mark.parametrize(
    "kind, row",
    [
        (NonImsKind.POS_INELIGIBLE, "4D(2)"),  # spec 5: POS rule -> ITC not available, 4D(2)
        (NonImsKind.SECTION_16_4_BARRED, "4D(2)"),  # spec 5: rsn C -> 4D(2)
        (NonImsKind.RULE_37A, "4B(2)"),  # spec 4.1, 5: Rule 37A reversal in 4B(2)
        (NonImsKind.ISD, "4A(4)"),  # spec 3.3: isdsup -> 4A(4)
        (NonImsKind.IMPORT, "4A(1)"),  # spec 3.3: imports -> 4A(1)
        (NonImsKind.REVERSE_CHARGE, "4A(3)"),
    ],
)
def test_faq8_documents_outside_ims_reach_their_table4_row(kind, row):
    # FAQ 8: GSTR-5/6, ICEGATE, RCM, POS/16(4)-ineligible and Rule 37A documents skip IMS.
    document = NonImsDocument(kind, SUPPLIER, "N-1", date(2025, 10, 3), DocumentType.INVOICE,
                              tax(1000), str(OCT))
    rows = _table4([], non_ims=[document]).rows()
    assert rows[row] == tax(1000)
    assert all(value == ZERO for key, value in rows.items() if key not in (row, "4C"))


# ------------------------------------------------------------------ amendments (FAQ 13; spec 4.3)


def _amend(section, igst, original_action, original_period, action=Action.ACCEPT, filed=True):
    return _oct(section, "AM-1", igst=igst, action=action, original_date=date(2025, 8, 4),
                state_kw={"original": orig(original_action, original_period, filed=filed)})


def test_spec43_row12_downward_invoice_amendment_accepted_reduces_4a5_by_the_difference():
    # spec 4.3 row 12; FAQ-J25: amendment tables carry the delta (1,800 -> 900: -900).
    assert _table4([_amend(Section.B2BA, 900, Action.ACCEPT, "082025")]).all_other_4a5 == tax(-900)


def test_spec43_row11_upward_invoice_amendment_accepted_adds_the_difference():
    # spec 4.3 row 11 (1,800 -> 2,700: +900).
    assert _table4([_amend(Section.B2BA, 2700, Action.ACCEPT, "082025")]).all_other_4a5 == tax(900)


def test_spec43_row4_re_reported_after_wrong_rejection_gives_full_itc():
    # spec 4.3 row 4; FAQ-J25 Q1-Q2: original rejected (3B filed), re-reported unchanged: full ITC.
    assert _table4([_amend(Section.B2BA, 1800, Action.REJECT, "082025")]).all_other_4a5 == tax(1800)


def test_spec43_row16_downward_cn_amendment_of_accepted_note_gives_back_part_of_itc():
    # spec 4.3 row 16: CN 1,800 accepted (Aug 3B filed), amended down to 900 and accepted: +900.
    assert _table4([_amend(Section.B2BCNA, 900, Action.ACCEPT, "082025")]).all_other_4a5 == tax(900)


def test_faq13_amendment_in_later_period_waits_for_the_originals_3b():
    # FAQ 13: original (Sep 2025) and amendment (Oct 2025) in different 2B periods: act on the
    # original and file its 3B first; otherwise the action on the amendment is not saved.
    today = ctx(date(2025, 10, 20), "082025", "072025")  # Sep 2025 3B not filed
    open_original = _amend(Section.B2BA, 900, Action.ACCEPT, "092025", action=Action.NO_ACTION,
                           filed=None)
    decision = check_action(open_original, Action.ACCEPT, today)
    assert not decision.allowed and decision.code == "AMENDMENT_ORIGINAL_OPEN"
    after = ctx(date(2025, 11, 15), "092025", "082025", "072025")
    assert check_action(open_original, Action.ACCEPT, after).allowed


def test_faq13_same_period_amendment_prevails_over_the_original():
    # FAQ 13: both in the same 2B period: the action on the amendment prevails.
    original = _oct(Section.B2B, "AM-1-ORIG", igst=1800, action=Action.ACCEPT)
    amendment = _amend(Section.B2BA, 900, Action.ACCEPT, str(OCT), action=Action.REJECT, filed=False)
    gstr2b = compute_gstr2b([original, amendment], OCT, ON_14TH)
    assert compute_table4(gstr2b).all_other_4a5 == ZERO
    assert [e.placement.block for e in gstr2b.entries] == [Block.REJECTED]


# ------------------------------------------------------------------ FAQ 23-27, 29: generation


def test_faq23_draft_gstr2b_from_the_14th_not_the_13th():
    # FAQ 23: generated on the 14th of every month.
    assert not can_generate_gstr2b(OCT, ctx(date(2025, 11, 13), *FILED)).allowed
    assert can_generate_gstr2b(OCT, ctx(date(2025, 11, 14), *FILED)).allowed


def test_faq25_no_draft_while_previous_3b_unfiled():
    # FAQ 25.
    decision = can_generate_gstr2b(OCT, ctx(date(2025, 11, 14), "082025", "072025"))
    assert not decision.allowed and decision.code == "PREVIOUS_3B_UNFILED"


def test_faq26_no_recompute_after_the_3b():
    # FAQ 26: "Before filling of GSTR 3B, there is no restriction" - after it, none.
    assert not can_generate_gstr2b(OCT, ctx(date(2025, 11, 25), OCT, *FILED)).allowed


def test_faq24_29_action_changed_after_the_14th_requires_recompute_before_3b():
    # FAQ 24, 29: changes after the draft require a recompute; the 3B is refused until then.
    draft_states = [_oct()]
    draft = compute_gstr2b(draft_states, OCT, ON_14TH, use_local_actions=False)
    later = ctx(date(2025, 11, 16), *FILED)
    changed = [st(replace(draft_states[0].record, action=Action.REJECT))]
    assert recompute_status(draft, changed, later).required
    assert not check_gstr3b_filing(OCT, draft, changed, later).allowed
    fresh = compute_gstr2b(changed, OCT, later, use_local_actions=False)
    assert check_gstr3b_filing(OCT, fresh, changed, later).allowed


@pytest.mark.parametrize(
    "period, day_before, day_of",
    [
        ("122025", date(2026, 1, 13), date(2026, 1, 14)),  # Q3 Oct-Dec 2025
        ("032026", date(2026, 4, 13), date(2026, 4, 14)),  # Q4 Jan-Mar 2026: next FY
    ],
)
def test_faq27_qrmp_gstr2bq_on_the_14th_after_the_quarter(period, day_before, day_of):
    # FAQ 27: GSTR-2BQ for the quarter generated on the 14th of Q+1 month.
    prev = ReturnPeriod.parse(period).add(-3)
    assert not can_generate_gstr2b(period, ctx(day_before, prev, quarterly=True)).allowed
    assert can_generate_gstr2b(period, ctx(day_of, prev, quarterly=True)).allowed


@pytest.mark.parametrize("month", ["102025", "112025"])
def test_faq27_qrmp_no_gstr2b_for_m1_and_m2(month):
    # FAQ 27: "GSTR-2B will not be generated for the months M1 and M2 of the quarter".
    assert not can_generate_gstr2b(month, ctx(date(2026, 1, 20), "092025", quarterly=True)).allowed
