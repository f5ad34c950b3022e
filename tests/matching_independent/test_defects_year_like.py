"""Defects of serials that read as years (2017-R1, FY25/INV/2526), found by the independent and
habit months; each test failed before its fix."""

from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType, MatchStatus, Section
from india_ims.gst_india.matching import reconcile

from .month import Builder, Supplier, gstin

DAY = date(2025, 9, 21)
SUPPLIER = Supplier(gstin("27", "MOJCC9364F"), "MOJCC9364F", "plain", interstate=False)


def _by_number(results, ims):
    return {ims[r.ims_index].document_number: r for r in results if r.ims_index is not None}


def test_a_revision_mark_after_a_year_like_serial_pairs_with_the_bill_of_its_amounts():
    # seed 905: IMS 2017-R1 and 2026, booked 2017 and 2026/R1, each on its own day with its own
    # amounts. The mark's 1 is no serial, so 2017-R1 and 2026/R1 are two bills, not bill 1 of two years
    first, second = Amounts(161_731, 0, 4_043, 4_044, 0), Amounts(207_193, 0, 18_647, 18_648, 0)
    b = Builder(seed=0)
    b.ims_record(SUPPLIER, Section.B2B, "2017-R1", DAY, first)
    b.ims_record(SUPPLIER, Section.B2B, "2026", date(2025, 9, 23), second)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "2017", DAY, first)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "2026/R1", date(2025, 9, 23), second)
    found = _by_number(reconcile(b.month.ims, b.month.purchases), b.month.ims)
    revised, reissued = found["2017-R1"], found["2026"]
    assert (revised.status, revised.purchase_index) == (MatchStatus.MISMATCH, 0), revised.reason
    assert (reissued.status, reissued.purchase_index) == (MatchStatus.MISMATCH, 1), reissued.reason
    assert "number differs" in revised.reason and "another financial year" not in revised.reason


def test_an_amendment_whose_number_reads_as_a_year_booked_under_its_original_is_suggested():
    # seed 906: FY25/INV/2526 (read alone, 2526 could be FY 2025-26) amends FY25/INV/2026, which the
    # books hold with every amount: the pair stands on the original's number, as any amendment's does
    amounts = Amounts(1_486_585, 74_329, 0, 0, 0)
    supplier = Supplier(gstin("07", "TJRCU2865J"), "TJRCU2865J", "plain", interstate=True)
    day = date(2025, 1, 23)
    b = Builder(seed=0)
    b.ims_record(supplier, Section.B2BA, "FY25/INV/2526", day, amounts, "FY25/INV/2026", day)
    b.book(supplier.gstin, DocumentType.INVOICE, "FY25/INV/2026", day, amounts)
    result = reconcile(b.month.ims, b.month.purchases)[0]
    assert (result.status, result.purchase_index) == (MatchStatus.SUGGESTED, 0), result.reason
    assert "original number" in result.reason
