"""Placement rules of GSTR-2B beyond the worked example (spec 3.5, 5; FAQ 4, 8, 13, 17, 32)."""

from datetime import date

import pytest

from india_ims.gst_india.documents import Action, Amounts, DocumentType, Section
from india_ims.gst_india.errors import GstError
from india_ims.gst_india.returns import (
    Block,
    Gstr2bSection,
    NonImsDocument,
    NonImsKind,
    Part,
    UnavailableReason,
    compute_gstr2b,
    compute_table4,
    route,
)
from tests.rules.factories import SUPPLIER_A, context, original, record, rupees, state

CTX = context(date(2025, 11, 20), filed=("082025", "092025"))


def igst(value):
    return Amounts(0, rupees(value), 0, 0, 0)


def test_faq13_same_period_amendment_prevails_over_its_original():
    states = [
        state(record(Section.B2B, "INV-1", igst=1800, action=Action.REJECT)),
        state(record(Section.B2BA, "INV-1", igst=2000, original_number="INV-1", action=Action.ACCEPT),
              original=original(Action.REJECT, "102025", igst=1800)),
    ]
    gstr2b = compute_gstr2b(states, "102025", CTX)
    (entry,) = gstr2b.entries
    assert entry.placement.section is Gstr2bSection.B2BA and entry.value.igst == rupees(2000)
    assert [x.code for x in gstr2b.excluded] == ["REPLACED_BY_AMENDMENT"]


def test_faqj25_amendment_of_an_earlier_accepted_original_counts_the_delta():
    upward = state(record(Section.B2BA, "INV-2", igst=2500, action=Action.ACCEPT),
                   original=original(Action.ACCEPT, "082025", igst=1800))
    (entry,) = compute_gstr2b([upward], "102025", CTX).entries
    assert entry.is_delta and entry.value.igst == rupees(700)


def test_faqj25_re_reported_record_after_wrong_rejection_gives_full_itc():
    """spec 4.3 row 4: the original was rejected, so the unchanged re-report counts in full."""
    re_reported = state(record(Section.B2BA, "INV-3", igst=1800, action=Action.ACCEPT),
                        original=original(Action.REJECT, "082025", igst=1800))
    table = compute_table4(compute_gstr2b([re_reported], "102025", CTX))
    assert table.all_other_4a5 == igst(1800)


def test_amendment_with_unknown_original_counts_in_full_and_warns():
    lone = state(record(Section.B2BA, "INV-4", igst=1800))
    gstr2b = compute_gstr2b([lone], "102025", CTX)
    assert gstr2b.entries[0].value.igst == rupees(1800)
    assert "INV-4" in gstr2b.warnings[0]


def test_spec5_no_action_invoice_past_section_16_4_is_not_available():
    late = state(record(Section.B2B, "LATE", day=date(2024, 3, 10), period="102025"))
    gstr2b = compute_gstr2b([late], "102025", CTX)
    (entry,) = gstr2b.entries
    assert entry.placement.block is Block.NOT_AVAILABLE
    assert entry.placement.reason is UnavailableReason.SECTION_16_4
    assert compute_table4(gstr2b).ineligible_4d2 == igst(1800)


def _doc(kind, doc_type=DocumentType.INVOICE, *, amended=False, eligible=True):
    return NonImsDocument(kind, SUPPLIER_A, "X-1", date(2025, 10, 1), doc_type, igst(100), "102025",
                          is_amendment=amended, eligible=eligible)


@pytest.mark.parametrize(
    "kind, doc_type, amended, expected",
    [
        (NonImsKind.REVERSE_CHARGE, DocumentType.INVOICE, False,
         (Block.AVAILABLE, Part.REVERSE_CHARGE, Gstr2bSection.B2B)),
        (NonImsKind.REVERSE_CHARGE, DocumentType.DEBIT_NOTE, True,
         (Block.AVAILABLE, Part.REVERSE_CHARGE, Gstr2bSection.CDNRA)),
        (NonImsKind.REVERSE_CHARGE, DocumentType.CREDIT_NOTE, False,
         (Block.AVAILABLE, Part.CREDIT_NOTES, Gstr2bSection.CDNRREV)),
        (NonImsKind.REVERSE_CHARGE, DocumentType.CREDIT_NOTE, True,
         (Block.AVAILABLE, Part.CREDIT_NOTES, Gstr2bSection.CDNRAREV)),
        (NonImsKind.POS_INELIGIBLE, DocumentType.INVOICE, False,
         (Block.NOT_AVAILABLE, Part.ALL_OTHER, Gstr2bSection.B2B)),
        (NonImsKind.POS_INELIGIBLE, DocumentType.CREDIT_NOTE, False,
         (Block.NOT_AVAILABLE, Part.CREDIT_NOTES, Gstr2bSection.CDNR)),
        (NonImsKind.SECTION_16_4_BARRED, DocumentType.DEBIT_NOTE, False,
         (Block.NOT_AVAILABLE, Part.ALL_OTHER, Gstr2bSection.CDNR)),
        (NonImsKind.NON_RESIDENT, DocumentType.INVOICE, False,
         (Block.AVAILABLE, Part.ALL_OTHER, Gstr2bSection.B2B)),
        (NonImsKind.ISD, DocumentType.INVOICE, True, (Block.AVAILABLE, Part.ISD, Gstr2bSection.ISDA)),
        (NonImsKind.ISD, DocumentType.CREDIT_NOTE, False,
         (Block.AVAILABLE, Part.CREDIT_NOTES, Gstr2bSection.ISD)),
        (NonImsKind.IMPORT, DocumentType.INVOICE, False, (Block.AVAILABLE, Part.IMPORTS, Gstr2bSection.IMPG)),
        (NonImsKind.IMPORT_SEZ, DocumentType.INVOICE, True,
         (Block.AVAILABLE, Part.IMPORTS, Gstr2bSection.IMPGASEZ)),
        (NonImsKind.RULE_37A, DocumentType.INVOICE, False,
         (Block.REVERSAL, Part.ALL_OTHER, Gstr2bSection.B2B)),
    ],
)
def test_faq4_8_17_non_ims_documents_go_straight_to_their_gstr2b_section(kind, doc_type, amended, expected):
    placement = route(_doc(kind, doc_type, amended=amended))
    assert (placement.block, placement.part, placement.section) == expected


def test_faq4_reasons_for_itc_not_available():
    assert route(_doc(NonImsKind.POS_INELIGIBLE)).reason is UnavailableReason.POS
    assert route(_doc(NonImsKind.SECTION_16_4_BARRED)).reason is UnavailableReason.SECTION_16_4


def test_ineligible_isd_document_is_not_available():
    assert route(_doc(NonImsKind.ISD, eligible=False)).block is Block.NOT_AVAILABLE


@pytest.mark.parametrize(
    "kind, doc_type, message",
    [
        (NonImsKind.SECTION_16_4_BARRED, DocumentType.CREDIT_NOTE, "invoices and debit notes"),
        (NonImsKind.RULE_37A, DocumentType.CREDIT_NOTE, "invoices and debit notes"),
        (NonImsKind.IMPORT, DocumentType.DEBIT_NOTE, "bill of entry"),
    ],
)
def test_impossible_non_ims_documents_are_refused_naming_the_document(kind, doc_type, message):
    with pytest.raises(GstError, match=message) as raised:
        route(_doc(kind, doc_type))
    assert "X-1" in str(raised.value)


def test_faq32_forward_charge_invoice_amended_to_reverse_charge():
    """FAQ 32: ITC of the accepted FCM invoice is reduced; the RCM invoice flows to 2B Part A-III.

    Hand-worked: FCM invoice IGST 1,800 accepted earlier; amended to RCM IGST 1,800.
    4A(5) = -1,800; 4A(3) = +1,800 (after the recipient pays it under 3.1(d)).
    """
    amended = NonImsDocument(
        NonImsKind.REVERSE_CHARGE, SUPPLIER_A, "FCM-1", date(2025, 9, 1), DocumentType.INVOICE,
        igst(1800), "102025", is_amendment=True, original_number="FCM-1", forward_charge_original=igst(1800),
    )
    table = compute_table4(compute_gstr2b([], "102025", CTX, non_ims=[amended]))
    assert table.all_other_4a5 == igst(-1800)
    assert table.reverse_charge_4a3 == igst(1800)


def test_non_ims_document_with_a_bad_period_names_itself_and_the_field():
    with pytest.raises(GstError, match=r"X-1 .*field gstr2b_period"):
        NonImsDocument(NonImsKind.IMPORT, SUPPLIER_A, "X-1", date(2025, 10, 1), DocumentType.INVOICE,
                       igst(1), "13-2025")
