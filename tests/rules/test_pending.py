"""Pending: GSTN's flag first; derived from FAQ 11 before Oct-2025, from spec 1.8 after."""

from datetime import date

import pytest

from india_ims.gst_india.documents import Action, ItcReduction, Section
from india_ims.gst_india.rules import check_action, pending_allowed

from .factories import context, original, record, state

SEPT = "092025"  # a tax period under the pre-October-2025 rules
SEPT_DAY = date(2025, 10, 5)


def _sept(section, number, **kw):
    return record(section, number, period=SEPT, day=date(2025, 9, 10), **kw)


def test_faq11_case_a_no_pending_on_an_original_credit_note():
    allowed, reason = pending_allowed(state(_sept(Section.B2BCN, "CN-1")), context(SEPT_DAY))
    assert not allowed and "original credit note" in reason
    decision = check_action(state(_sept(Section.B2BCN, "CN-1")), Action.PENDING, context(SEPT_DAY))
    assert decision.code == "PENDING_BLOCKED" and decision.source == "FAQ 11; spec 1.8"


@pytest.mark.parametrize("original_action", [Action.ACCEPT, Action.REJECT, Action.NO_ACTION])
def test_faq11_case_b_no_pending_on_upward_credit_note_amendment_whatever_the_original(original_action):
    upward = state(_sept(Section.B2BCNA, "CN-2", igst=900),
                   original=original(original_action, "072025", filed=True, igst=500))
    verdict = pending_allowed(upward, context(SEPT_DAY))
    assert not verdict.allowed and verdict.source == "FAQ 11 (B)"


def test_faq11_case_c_no_pending_on_downward_credit_note_amendment_if_original_rejected():
    downward = state(_sept(Section.B2BCNA, "CN-3", igst=300),
                     original=original(Action.REJECT, "072025", filed=True, igst=500))
    assert pending_allowed(downward, context(SEPT_DAY)).source == "FAQ 11 (C)"
    assert not pending_allowed(downward, context(SEPT_DAY)).allowed


def test_row16_pending_allowed_on_downward_credit_note_amendment_if_original_accepted():
    """spec 4.3 row 16: the exception to FAQ 11 (C)."""
    downward = state(_sept(Section.B2BCNA, "CN-3", igst=300),
                     original=original(Action.ACCEPT, "072025", filed=True, igst=500))
    assert pending_allowed(downward, context(SEPT_DAY)).allowed


@pytest.mark.parametrize("section", [Section.B2BA, Section.B2BDNA])
def test_faq11_case_d_no_pending_on_downward_invoice_amendment_if_original_accepted_and_filed(section):
    downward = state(_sept(section, "D-1", igst=1000),
                     original=original(Action.ACCEPT, "072025", igst=1800))
    verdict = pending_allowed(downward, context(SEPT_DAY, filed=("072025",)))
    assert not verdict.allowed and verdict.source == "FAQ 11 (D)"
    # Original's 3B not filed yet: case D does not apply.
    assert pending_allowed(downward, context(SEPT_DAY)).allowed


def test_faq11_invoices_debit_notes_and_upward_amendments_may_be_pending():
    for rec in (_sept(Section.B2B, "I-1"), _sept(Section.B2BDN, "DN-1"), _sept(Section.ECOM, "E-1")):
        assert pending_allowed(state(rec), context(SEPT_DAY)).allowed
    upward = state(_sept(Section.B2BA, "I-2", igst=2000),
                   original=original(Action.ACCEPT, "072025", filed=True, igst=1800))
    assert pending_allowed(upward, context(SEPT_DAY)).allowed


def test_faq11_unknown_original_is_allowed_but_marked_uncertain():
    verdict = pending_allowed(state(_sept(Section.B2BCNA, "CN-9")), context(SEPT_DAY))
    assert verdict.allowed and not verdict.certain
    decision = check_action(state(_sept(Section.B2BCNA, "CN-9")), Action.PENDING, context(SEPT_DAY))
    assert decision.allowed and decision.warnings


def test_spec18_from_october_2025_credit_note_may_be_pending_for_its_period_and_one_more():
    # advisory of 17-Oct-2025, Q4: "till the due date of GSTR-3B of [GSTR-2B period + 1 tax period]"
    note = state(record(Section.B2BCN, "CN-10"))  # October 2025 2B period
    verdict = pending_allowed(note, context())
    assert verdict.allowed and "until the GSTR-3B of Nov 2025" in verdict.reason
    assert check_action(note, Action.PENDING, context()).allowed


def test_spec18_after_the_next_periods_3b_the_specified_record_is_deemed_accepted():
    held = state(record(Section.B2BCN, "CN-10", action=Action.PENDING))
    # the advisory's example: October's GSTR-1 filed on 10 Nov, Pending allowed till 20 Dec 2025
    assert pending_allowed(held, context(date(2025, 12, 5), filed=("102025",))).allowed
    after = context(date(2026, 1, 5), filed=("102025", "112025"))
    verdict = pending_allowed(held, after)
    assert not verdict.allowed and "deemed accepted" in verdict.reason
    # Asking again for the Pending GSTN holds uploads nothing; changing it is judged.
    assert check_action(held, Action.PENDING, after).code == "UNCHANGED"
    # (an Accept of a credit note carries its ITC declaration: ITC_DECLARATION_REQUIRED)
    assert check_action(held, Action.ACCEPT, after, itc_reduction=ItcReduction(False), remarks="n/a").allowed


def test_spec18_window_is_a_quarter_for_qrmp_filers():
    """spec 1.8: one tax period is one quarter for QRMP filers (advisory Q4: CNs of Oct-Dec 2025
    Pending till the due date of the Jan-Mar 2026 GSTR-3B)."""
    held = state(record(Section.B2BCN, "CN-11", period="102025", action=Action.PENDING))
    # Quarter Oct-Dec 2025 is filed under 122025; the next quarter's under 032026.
    assert pending_allowed(held, context(date(2025, 12, 20), quarterly=True)).allowed
    assert pending_allowed(held, context(date(2026, 2, 1), filed=("122025",), quarterly=True)).allowed
    later = context(date(2026, 4, 25), filed=("122025", "032026"), quarterly=True)
    assert not pending_allowed(held, later).allowed


def test_spec18_non_specified_record_keeps_pending_after_its_period():
    invoice = state(record(action=Action.PENDING))
    assert pending_allowed(invoice, context(date(2026, 1, 5), filed=("102025", "112025"))).allowed


def test_rules_are_versioned_by_the_records_tax_period():
    """The same credit note is barred in September 2025 and allowed in October 2025."""
    september = state(_sept(Section.B2BCN, "CN-V"))
    october = state(record(Section.B2BCN, "CN-V"))
    assert not pending_allowed(september, context(SEPT_DAY)).allowed
    assert pending_allowed(october, context()).allowed
