"""Supplier edits and deletions, late filings that stay in IMS, and the October 2025 facilities on
records of earlier periods.

Sources: seed 001 FAQ 5, 16, 19; spec 1.8, 3.5; GSTN advisory 17-Oct-2025 Q3 ("changes shall be
implemented prospectively"; example 1: a Sep 2025 CN "appears in IMS but without Pending
option/new facility") - https://goodsandservicetax.in/GST/?p=74205.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from india_ims.gst_india.documents import Action, ItcReduction, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules import check_action
from india_ims.gst_india.rules.lifecycle import file_gstr3b, supplier_deletes, supplier_edits, supplier_files

from .build import ctx, doc, full_reduction, months_before, orig, st

OCT = ReturnPeriod(2025, 10)
FILED = months_before(OCT, 3)


def test_faq16_supplier_edit_before_filing_resets_the_recipients_action():
    # FAQ 16: "the action taken on such record by the recipient will be reset".
    saved = st(doc(Section.B2B, "E-1", day=date(2025, 10, 3), period=OCT, action=Action.REJECT,
                   supplier_filed=False))
    edited = supplier_edits(saved, replace(saved.record, document_value=saved.record.document_value + 100))
    assert edited.action is Action.NO_ACTION


def test_faq16_record_deleted_before_filing_leaves_ims():
    # FAQ 16: "if a document is deleted ... such document will be removed from IMS also".
    saved = st(doc(Section.B2B, "E-2", day=date(2025, 10, 3), period=OCT, supplier_filed=False))
    gone = supplier_deletes(saved)
    decision = check_action(gone, Action.ACCEPT, ctx(date(2025, 11, 5), *FILED))
    assert not decision.allowed and decision.code == "NOT_IN_IMS"


def test_faq5_oct_record_filed_after_the_cutoff_stays_in_ims_when_the_oct_3b_is_filed():
    # spec 3.5: an Oct GSTR-1 filed on 15 Nov lands in the Nov 2B; FAQ 5: records of a future 2B
    # period remain in IMS when the Oct 3B is filed, and are not frozen by it.
    late = supplier_files(st(doc(Section.B2B, "E-3", day=date(2025, 10, 20), period=OCT,
                                 action=Action.ACCEPT, supplier_filed=False)), date(2025, 11, 15))
    assert late.gstr2b_period == "112025"
    filing = file_gstr3b([late], OCT, ctx(date(2025, 11, 20), *FILED))
    assert filing.kept and not filing.removed
    assert check_action(late, Action.REJECT, filing.context).allowed


def test_oct2025_advisory_sep_credit_note_gets_no_itc_reduction_declaration():
    # Advisory Q3: prospective from the Oct 2025 tax period; a Sep 2025 CN has no new facility,
    # even when acted on after 17 Oct 2025.
    note = st(doc(Section.B2BCN, "E-4", day=date(2025, 9, 15), period="092025"))
    today = ctx(date(2025, 10, 20), "082025", "072025")
    assert not check_action(note, Action.ACCEPT, today, itc_reduction=ItcReduction(False)).allowed
    assert check_action(note, Action.ACCEPT, today).allowed  # the pre-October Accept, no itcRedReq


def test_oct2025_declared_cgst_and_sgst_reductions_capped_at_the_notes_tax():
    # spec 1.8: declared amounts capped at the document's tax, CGST = SGST (India Compliance).
    note = st(replace(doc(Section.B2BCN, "E-5", day=date(2025, 10, 9), period=OCT, igst=0),
                      amounts=replace(doc(Section.B2BCN, "x", day=date(2025, 10, 9), period=OCT).amounts,
                                      igst=0, cgst=9000, sgst=9000)))
    today = ctx(date(2025, 11, 15), *FILED)
    assert check_action(note, Action.ACCEPT, today, itc_reduction=full_reduction(note.record)).allowed
    too_much = ItcReduction(True, 0, 9100, 9100, 0)
    assert not check_action(note, Action.ACCEPT, today, itc_reduction=too_much, remarks="x").allowed


def test_faq13_27_qrmp_amendment_in_the_same_quarter_as_its_original_prevails():
    # FAQ 13 (same GSTR-2B period: the amendment prevails) with FAQ 27 (one 2BQ for M1-M3): an Oct
    # 2025 original amended in Nov 2025 is in the same Dec 2025 2BQ, so the amendment is actionable
    # before the quarter's 3B.
    amendment = st(doc(Section.B2BA, "E-6", day=date(2025, 11, 4), period="112025", igst=900,
                       original_date=date(2025, 10, 4)),
                   original=orig(Action.NO_ACTION, OCT, filed=False))
    today = ctx(date(2025, 12, 5), "092025", "062025", quarterly=True)
    assert check_action(amendment, Action.ACCEPT, today).allowed
