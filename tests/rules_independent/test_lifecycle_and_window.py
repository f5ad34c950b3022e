"""Actions after GSTR-3B, pending carried forward, the one-period window of October 2025.

Sources: seed 001 (IMS FAQ) Q5, Q12, Q14, Q20, Q21; spec 1.8, 2.2, 3.5; GSTN advisory 17-Oct-2025 Q4
("Till what date can Credit Notes and other specified records be kept pending?": monthly 1 tax
period, quarterly 1 quarter; "Due date of GSTR-3B filing of [Applicable GSTR-2B period + 1 tax
period]": an Oct 2025 GSTR-1 filed 10 Nov 2025 may be kept pending till 20 Dec 2025; QRMP Oct-Dec
2025 till the Jan-Mar 2026 GSTR-3B due date) - https://www.cashflo.io/magazine/pending-option-itc-reversal-feature-added-in-gst-ims,
https://taxconcept.net/gst/new-changes-in-ims-regarding-credit-note-debit-note/,
http://www.casahuja.com/2025/11/gstn-introduces-pending-option-for.html.
"""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.returns import compute_gstr2b
from india_ims.gst_india.rules import apply_action, check_action
from india_ims.gst_india.rules.classify import target_period
from india_ims.gst_india.rules.lifecycle import file_gstr3b

from .build import ctx, doc, months_before, st

OCT = ReturnPeriod(2025, 10)
NOV = OCT.next()
FILED_BEFORE_OCT = months_before(OCT, 3)


def _oct(section=Section.B2B, number="R-1", action=Action.NO_ACTION, carried_to=None, **kw):
    return st(doc(section, number, day=date(2025, 10, 10), period=OCT, action=action, **kw),
              carried_to=carried_to)


# ------------------------------------------------------------------ FAQ 12, 20: freezing


def test_faq12_accepted_record_is_frozen_once_its_3b_is_filed():
    # FAQ 12: "the action taken will be frozen at the time of filing the corresponding GSTR-3B".
    after = ctx(date(2025, 11, 21), OCT, *FILED_BEFORE_OCT)
    accepted = _oct(action=Action.ACCEPT)
    for action in (Action.REJECT, Action.PENDING, Action.NO_ACTION):
        decision = check_action(accepted, action, after)
        assert not decision.allowed and decision.code == "FROZEN_3B_FILED"


def test_faq12_due_date_20th_passing_without_filing_freezes_nothing():
    # FAQ 12: only filing freezes; on 25 Nov 2025 the Oct 2025 3B (due the 20th) is still unfiled.
    late = ctx(date(2025, 11, 25), *FILED_BEFORE_OCT)
    assert check_action(_oct(action=Action.ACCEPT), Action.REJECT, late).allowed


def test_faq12_latest_action_overwrites_the_previous_one():
    # FAQ 12: "latest action will overwrite the previous action".
    today = ctx(date(2025, 11, 15), *FILED_BEFORE_OCT)
    once = apply_action(_oct(), Action.ACCEPT, today)
    twice = apply_action(once, Action.REJECT, today)
    assert twice.action is Action.REJECT


def test_faq5_20_filing_3b_removes_accepted_rejected_and_deemed_records_keeps_pending():
    # FAQ 5, 20: accepted/rejected leave IMS on the 3B; pending and future-period records remain.
    today = ctx(date(2025, 11, 20), *FILED_BEFORE_OCT)
    states = [_oct(number="A", action=Action.ACCEPT), _oct(number="R", action=Action.REJECT),
              _oct(number="N"), _oct(number="P", action=Action.PENDING),
              st(doc(Section.B2B, "F", day=date(2025, 11, 3), period=NOV))]
    filing = file_gstr3b(states, OCT, today)
    assert {s.record.document_number for s in filing.removed} == {"A", "R", "N"}
    assert {s.record.document_number for s in filing.kept} == {"P", "F"}


# ------------------------------------------------------------------ FAQ 14(iii), 21: pending carried


def test_faq14_pending_invoice_accepted_after_its_3b_counts_in_the_next_open_period():
    # FAQ 14 (iii), spec 3.5: a pending record enters the 2B of the period in which it is accepted.
    after_oct = ctx(date(2025, 12, 5), OCT, *FILED_BEFORE_OCT)
    pending = _oct(action=Action.PENDING)
    assert check_action(pending, Action.ACCEPT, after_oct).allowed
    accepted = apply_action(pending, Action.ACCEPT, after_oct)
    assert target_period(accepted, after_oct) == NOV
    nov_2b = compute_gstr2b([accepted], NOV, ctx(date(2025, 12, 14), OCT, *FILED_BEFORE_OCT))
    assert [e.document_number for e in nov_2b.entries] == ["R-1"]
    oct_2b = compute_gstr2b([accepted], OCT, after_oct, enforce_generation_rules=False)
    assert not oct_2b.entries


def test_faq21_pending_invoice_is_not_limited_to_one_period():
    # FAQ 21: pending records stay until Section 16(4); the one-period limit (spec 1.8) is for
    # specified records only. Two 3Bs later the invoice is still pending and may be accepted.
    today = ctx(date(2026, 1, 10), OCT, NOV, *FILED_BEFORE_OCT)
    pending = _oct(action=Action.PENDING)
    filing = file_gstr3b([pending], ReturnPeriod(2025, 12), today)
    assert filing.kept[0].gstn_action is Action.PENDING and not filing.deemed_accepted
    assert check_action(pending, Action.ACCEPT, today).allowed


# ------------------------------------------------------------------ spec 1.8: one tax period


def test_oct2025_advisory_q4_pending_credit_note_survives_the_3b_of_its_own_period():
    # Advisory Q4: an Oct 2025 credit note may be kept pending till the due date of the GSTR-3B of
    # (its 2B period + 1) = Nov 2025, i.e. 20 Dec 2025. Filing the Oct 2025 3B on 20 Nov 2025 must
    # therefore leave it Pending (not deemed accepted yet).
    today = ctx(date(2025, 11, 20), *FILED_BEFORE_OCT)
    note = _oct(Section.B2BCN, "CN-1", action=Action.PENDING)
    filing = file_gstr3b([note], OCT, today)
    assert not filing.deemed_accepted
    assert filing.kept[0].gstn_action is Action.PENDING


def test_oct2025_advisory_q4_credit_note_may_go_back_to_pending_before_20_december():
    # Advisory Q4: pending allowed till 20 Dec 2025 for an Oct 2025 credit note; on 5 Dec 2025,
    # after the Oct 3B, the recipient who accepted it in the Nov period may still keep it pending.
    today = ctx(date(2025, 12, 5), OCT, *FILED_BEFORE_OCT)
    accepted_in_nov = _oct(Section.B2BCN, "CN-2", action=Action.ACCEPT, carried_to=str(NOV))
    assert check_action(accepted_in_nov, Action.PENDING, today).allowed


def test_oct2025_advisory_q4_pending_credit_note_not_in_nov_draft_2b_before_20_december():
    # Advisory Q4: still pending on 14 Dec 2025 (window to 20 Dec), so the Nov 2025 draft GSTR-2B
    # generated that day does not count it (FAQ 14 (iii): pending is not part of GSTR-2B).
    today = ctx(date(2025, 12, 14), OCT, *FILED_BEFORE_OCT)
    note = _oct(Section.B2BCN, "CN-3", action=Action.PENDING)
    nov_2b = compute_gstr2b([note], NOV, today)
    assert not nov_2b.entries
    assert [x.code for x in nov_2b.excluded] == ["PENDING"]


def test_oct2025_qrmp_credit_note_may_be_pending_into_the_next_quarter():
    # Advisory Q4: quarterly recipients, one quarter: CNs of Oct-Dec 2025 pending till the due date
    # of the Jan-Mar 2026 GSTR-3B. On 10 Feb 2026, after the Q3 3B, it may still be kept pending.
    today = ctx(date(2026, 2, 10), "122025", "092025", "062025", quarterly=True)
    accepted_in_q4 = _oct(Section.B2BCN, "CN-Q", action=Action.ACCEPT, carried_to="032026")
    assert check_action(accepted_in_q4, Action.PENDING, today).allowed


def test_oct2025_qrmp_credit_note_pending_within_its_own_quarter():
    # Advisory Q4 (one quarter for QRMP): a Nov 2025 CN of a QRMP recipient, before the Q3 3B.
    today = ctx(date(2026, 1, 16), "092025", "062025", quarterly=True)
    note = st(doc(Section.B2BCN, "CN-N", day=date(2025, 11, 3), period=NOV))
    assert check_action(note, Action.PENDING, today).allowed
