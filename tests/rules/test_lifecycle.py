"""The record's life outside user actions: supplier edits/deletes, 3B filing, 16(4), 2B period."""

from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import Action, MatchStatus, Section
from india_ims.gst_india.errors import GstError
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules import apply_action, check_action
from india_ims.gst_india.rules.lifecycle import (
    expire_section_16_4,
    file_gstr3b,
    gstr2b_period_of_filing,
    supplier_deletes,
    supplier_edits,
    supplier_files,
    unlink_purchase_invoice,
)

from .factories import context, record, state


@pytest.mark.parametrize(
    "filed_on, form, supplier_period, quarterly, expected",
    [
        (date(2025, 11, 11), "R1", "102025", False, "102025"),  # on the last day of the window
        (date(2025, 11, 12), "R1", "102025", False, "112025"),  # late filing: next 2B
        (date(2025, 11, 13), "IFF", "102025", False, "102025"),  # IFF window runs to the 13th
        (date(2025, 11, 14), "IFF", "102025", False, "112025"),
        (date(2025, 11, 5), "R1A", "102025", False, "112025"),  # GSTR-1A: next period
        (date(2025, 11, 20), "R1", "102025", True, "122025"),  # QRMP recipient: the 2BQ
        (date(2025, 10, 2), "R1", "102025", False, "102025"),  # never before the supplier's period
    ],
)
def test_spec35_gstr2b_period_follows_the_cut_off_dates(filed_on, form, supplier_period, quarterly, expected):
    period = gstr2b_period_of_filing(filed_on, form=form, supplier_return_period=supplier_period,
                                     recipient_quarterly=quarterly)
    assert period == ReturnPeriod.parse(expected)


def test_spec35_unknown_form_is_refused():
    with pytest.raises(GstError, match="GSTR9"):
        gstr2b_period_of_filing(date(2025, 11, 5), form="GSTR9")


def test_faq16_supplier_edit_before_filing_replaces_record_and_resets_action():
    saved = state(record(supplier_filed=False, action=Action.REJECT), local_action=Action.ACCEPT,
                  match_status=MatchStatus.EXACT, purchase_invoice="PINV-1")
    edited = supplier_edits(saved, record(igst=2000, supplier_filed=False, action=Action.REJECT))
    assert edited.gstn_action is Action.NO_ACTION and edited.local_action is None
    assert edited.record.amounts.igst == 200000
    assert edited.match_status is None and edited.purchase_invoice is None


def test_faq16_filed_record_cannot_be_edited_or_deleted():
    filed = state(record())
    with pytest.raises(GstError, match="amendment"):
        supplier_edits(filed, record(igst=2000))
    with pytest.raises(GstError, match="amended"):
        supplier_deletes(filed)


def test_faq16_supplier_delete_before_filing_removes_it_from_ims():
    gone = supplier_deletes(state(record(supplier_filed=False)))
    assert not gone.in_ims
    assert check_action(gone, Action.ACCEPT, context()).code == "NOT_IN_IMS"


def test_faq15_saved_record_is_actionable_and_gets_its_period_when_filed():
    saved = state(record(supplier_filed=False))
    assert check_action(saved, Action.REJECT, context()).allowed
    filed = supplier_files(saved, date(2025, 11, 12))
    assert filed.record.supplier_filed and filed.gstr2b_period == "112025"


def test_seed000_unlinking_an_accepted_record_turns_it_back_to_no_action():
    linked = state(record(), match_status=MatchStatus.EXACT, purchase_invoice="PINV-7")
    accepted = apply_action(linked, Action.ACCEPT, context())
    unlinked = unlink_purchase_invoice(accepted)
    assert unlinked.action is Action.NO_ACTION
    assert unlinked.purchase_invoice is None and unlinked.match_status is MatchStatus.MISSING_IN_PI
    rejected = unlink_purchase_invoice(apply_action(linked, Action.REJECT, context()))
    assert rejected.action is Action.REJECT


def test_faq5_20_21_filing_3b_removes_accepted_rejected_keeps_pending_and_future():
    states = [
        state(record(number="A", action=Action.ACCEPT)),
        state(record(number="R", action=Action.REJECT)),
        state(record(number="N", action=Action.NO_ACTION)),
        state(record(number="P", action=Action.PENDING)),
        state(record(number="F", period="112025")),
    ]
    ctx = context(date(2025, 11, 20), filed=("092025",))
    filing = file_gstr3b(states, "102025", ctx)
    assert sorted(s.record.document_number for s in filing.removed) == ["A", "N", "R"]
    assert sorted(s.record.document_number for s in filing.kept) == ["F", "P"]
    assert filing.context.is_3b_filed("102025")
    pending = next(s for s in filing.kept if s.record.document_number == "P")
    # The pending one moves on to the next open period and can still be accepted.
    assert check_action(pending, Action.ACCEPT, filing.context).allowed


def test_faq12_local_actions_not_uploaded_at_filing_are_reported_and_dropped():
    states = [state(record(number="X", action=Action.ACCEPT), local_action=Action.REJECT)]
    filing = file_gstr3b(states, "102025", context(filed=("092025",)))
    assert [s.record.document_number for s in filing.unsaved] == ["X"]
    assert filing.removed[0].action is Action.ACCEPT


def test_spec18_specified_record_pending_at_its_next_periods_filing_is_deemed_accepted_after_it():
    # advisory of 17-Oct-2025, Q4: an October credit note may stay Pending till the GSTR-3B of
    # November (due 20 Dec 2025); October's filing carries it on, Pending, like any other record
    note = state(record(Section.B2BCN, "CN-1", action=Action.PENDING))
    october = file_gstr3b([note], "102025", context(date(2025, 11, 20), filed=("092025",)))
    assert not october.deemed_accepted
    (carried,) = october.kept
    assert carried.gstn_action is Action.PENDING and carried.carried_to == "112025"
    assert check_action(carried, Action.PENDING, october.context).code == "UNCHANGED"
    november_day = replace(october.context, today=date(2025, 12, 20))
    november = file_gstr3b([carried], "112025", november_day)
    (moved,) = november.deemed_accepted
    assert moved.gstn_action is Action.NO_ACTION and moved.gstr2b_period == "122025"
    assert check_action(moved, Action.PENDING, november.context).code == "PENDING_BLOCKED"
    assert check_action(moved, Action.REJECT, november.context).allowed


def test_gstr3b_must_be_filed_in_order_and_once():
    with pytest.raises(GstError, match="Sep 2025"):
        file_gstr3b([], "102025", context())
    with pytest.raises(GstError, match="already filed"):
        file_gstr3b([], "102025", context(filed=("092025", "102025")))
    first = context(first_return_period="102025")
    assert file_gstr3b([], "102025", first).context.is_3b_filed("102025")


def test_faq21_pending_invoice_leaves_ims_after_section_16_4():
    old = state(record(number="OLD", day=date(2024, 12, 1), period="122024", action=Action.PENDING))
    note = state(record(Section.B2BCN, "CN-OLD", day=date(2024, 12, 1), period="122024",
                        action=Action.PENDING))
    kept, removed = expire_section_16_4([old, note], context(date(2025, 12, 1)))
    assert [s.record.document_number for s in removed] == ["OLD"]
    assert [s.record.document_number for s in kept] == ["CN-OLD"]
    assert not removed[0].in_ims


def test_faq5_21_pending_record_accepted_after_its_3b_counts_in_the_next_period_and_then_leaves_ims():
    """Pending at October's 3B, accepted (and uploaded) in November: a November action, not a frozen
    October one; it is in November's 2B and leaves IMS when November's 3B is filed."""
    from dataclasses import replace

    from india_ims.gst_india.rules import target_period
    from india_ims.gst_india.rules.classify import is_frozen

    pending = state(record(number="P", action=Action.PENDING))
    october = file_gstr3b([pending], "102025", context(date(2025, 11, 20), filed=("092025",)))
    (kept,) = october.kept
    november_context = replace(october.context, today=date(2025, 12, 5))
    uploaded = replace(kept, record=replace(kept.record, action=Action.ACCEPT), gstn_action=Action.ACCEPT)
    assert str(target_period(uploaded, november_context)) == "112025"
    assert not is_frozen(uploaded, november_context)
    assert check_action(uploaded, Action.REJECT, november_context).allowed  # latest wins (FAQ 12)
    november = file_gstr3b([uploaded], "112025", november_context)
    assert [s.record.document_number for s in november.removed] == ["P"]


def test_faq21_record_pending_through_two_filings_moves_each_time_quarterly_by_a_quarter():
    from india_ims.gst_india.rules import target_period

    pending = state(record(number="P", period="102025", action=Action.PENDING))
    ctx = context(date(2026, 1, 20), filed=("092025",), quarterly=True)
    (kept,) = file_gstr3b([pending], "122025", ctx).kept
    assert kept.carried_to == "032026" and kept.gstr2b_period is None  # the supplier's period stays
    ctx = ctx.with_filed("122025")
    assert str(target_period(kept, ctx)) == "032026"
    (still,) = file_gstr3b([kept], "032026", ctx).kept
    assert still.carried_to == "062026" and still.gstn_action is Action.PENDING


def test_faq16_a_download_with_other_values_for_the_same_document_is_a_supplier_edit():
    """The Frappe layer's merge asks this to drop an action intended on the old values (FAQ 16: the
    edited record is for fresh action); GSTN's own status fields changing is no edit."""
    from dataclasses import replace

    from india_ims.gst_india.documents import Amounts
    from india_ims.gst_india.rules.lifecycle import supplier_edited

    saved = record(number="S", supplier_filed=False)
    assert not supplier_edited(saved, replace(saved, action=Action.ACCEPT, pending_blocked=True,
                                              checksum="ab" * 32, remarks="seen"))
    assert not supplier_edited(saved, replace(saved, supplier_filed=True))  # filing is no edit
    assert supplier_edited(saved, replace(saved, amounts=Amounts(500000, 90000)))
    assert supplier_edited(saved, replace(saved, document_date=saved.document_date.replace(day=11)))
    assert supplier_edited(saved, replace(saved, place_of_supply="27"))
    assert not supplier_edited(saved, replace(saved, document_number="S2"))  # another document
