"""A number booked in the form of another of the supplier's series is that series' bill (seed 3941 of
the independent months, traps: the lease bill LEASE/67 and the goods series' 067/2024-25 on the 1st,
paired as the lease bill with its prefix dropped and the year added)."""

from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType, MatchStatus, Section
from india_ims.gst_india.matching import reconcile

from .month import Builder, Supplier, gstin

DAY = date(2025, 3, 1)
SUPPLIER = Supplier(gstin("27", "SAFCD6656V"), "SAFCD6656V", "fy_suffix", interstate=False)
LEASE = Amounts(1_892_089, 0, 170_288, 170_288, 0)  # 18% of Rs 18,920.89
GOODS = Amounts(4_125_452, 0, 371_290, 371_290, 0)  # 18% of Rs 41,254.52: of the lease bill's order


def _results(other_reported: list[str]):
    b = Builder(seed=0)
    b.ims_record(SUPPLIER, Section.B2B, "LEASE/67", DAY, LEASE)
    for serial, number in enumerate(other_reported, start=3):
        amounts = Amounts(100_000 * serial, 0, 9_000 * serial, 9_000 * serial, 0)
        b.ims_record(SUPPLIER, Section.B2B, number, date(2025, 3, serial), amounts)
        b.book(SUPPLIER.gstin, DocumentType.INVOICE, number, date(2025, 3, serial), amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "067/2024-25", DAY, GOODS)
    return reconcile(b.month.ims, b.month.purchases)


def _lease(results):
    return next(r for r in results if r.ims_index == 0)


def test_a_number_in_the_form_of_the_suppliers_other_series_is_that_series_bill():
    lease = _lease(_results(["012/2024-25", "031/2024-25"]))
    assert lease.status == MatchStatus.MISSING_IN_PI, lease.reason


def test_a_supplier_with_one_series_keeps_the_prefix_dropped_on_the_day_as_a_mismatch():
    # no bill of the supplier is written 067/2024-25's way: the clerk's rewrite of LEASE/67, amounts off
    lease = _lease(_results(["LEASE/12", "LEASE/31"]))
    assert (lease.status, lease.purchase_index) == (MatchStatus.MISMATCH, 2), lease.reason


def test_the_other_series_does_not_part_a_bill_whose_tax_agrees_to_the_paisa():
    b = Builder(seed=0)
    b.ims_record(SUPPLIER, Section.B2B, "LEASE/67", DAY, LEASE)
    b.ims_record(SUPPLIER, Section.B2B, "012/2024-25", date(2025, 3, 5), GOODS)
    freight_in = Amounts(LEASE.taxable_value + 50_000, 0, LEASE.cgst, LEASE.sgst, 0)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "067/2024-25", DAY, freight_in)
    lease = _lease(reconcile(b.month.ims, b.month.purchases))
    assert (lease.status, lease.purchase_index) == (MatchStatus.MISMATCH, 0), lease.reason


# A repeat supply (the third generator's months): the supplier's next bill of the same amounts, a
# few days on, is another bill, not the reported one with its serial and its date both mistyped.
REPEAT = Amounts(26_663_942, 1_333_197, 0, 0, 0)


def _pair(reported: str, booked: str, booked_day: date):
    b = Builder(seed=0)
    b.ims_record(SUPPLIER, Section.B2B, reported, date(2025, 8, 6), REPEAT)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, booked, booked_day, REPEAT)
    return _lease(reconcile(b.month.ims, b.month.purchases))


def test_a_neighbouring_serial_of_the_series_on_another_day_is_the_suppliers_next_bill():
    bill = _pair("INV/25-26/3102", "INV/25-26/3104", date(2025, 8, 10))
    assert bill.status == MatchStatus.MISSING_IN_PI, bill.reason


def test_a_neighbouring_serial_on_the_bills_own_day_still_pairs_as_a_mismatch():
    bill = _pair("INV/25-26/3102", "INV/25-26/3104", date(2025, 8, 6))
    assert (bill.status, bill.purchase_index) == (MatchStatus.MISMATCH, 0), bill.reason


def test_two_digits_swapped_on_another_day_are_still_a_slip_of_the_one_bill():
    bill = _pair("INV/25-26/3102", "INV/25-26/3120", date(2025, 8, 10))
    assert (bill.status, bill.purchase_index) == (MatchStatus.SUGGESTED, 0), bill.reason


def test_a_challans_number_booked_a_few_days_on_still_pairs_as_a_mismatch():
    bill = _pair("INV/25-26/3102", "DC-33695", date(2025, 8, 9))
    assert (bill.status, bill.purchase_index) == (MatchStatus.MISMATCH, 0), bill.reason


# SAP's ten-digit numbers with their two leading digits swapped (the fourth generator's months): 19 and
# zeros read as FY 2019 glued before bill 765, 91 cannot, so no number key holds both readings.
SAP_BILL = Amounts(10_000_000, 1_800_000, 0, 0, 0)


def _sap(reported: str, booked: str):
    b = Builder(seed=0)
    b.ims_record(SUPPLIER, Section.B2B, reported, date(2025, 8, 5), SAP_BILL)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, booked, date(2025, 8, 5), SAP_BILL)
    return _lease(reconcile(b.month.ims, b.month.purchases))


def test_two_leading_digits_swapped_where_one_reads_a_glued_year_are_a_slip_of_the_one_bill():
    for reported, booked in (("9100000765", "1900000765"), ("1500000765", "5100000765")):
        bill = _sap(reported, booked)
        assert (bill.status, bill.purchase_index) == (MatchStatus.SUGGESTED, 0), bill.reason


def test_two_pairs_of_digits_swapped_where_one_reads_a_glued_year_stay_a_mismatch():
    bill = _sap("9100000765", "1900000756")
    assert (bill.status, bill.purchase_index) == (MatchStatus.MISMATCH, 0), bill.reason


def test_a_neighbouring_serial_with_the_prefix_on_one_side_only_is_the_suppliers_next_bill():
    # the fifth generator's months: the bill printed NAVYUGAGRO/2627/000005 is reported cut to 16
    # characters or fewer, its neighbour booked as printed, a day before, with the same amounts
    bill = _pair("2627/000005", "NAVYUGAGRO/2627/000004", date(2025, 8, 5))
    assert bill.status == MatchStatus.MISSING_IN_PI, bill.reason


def test_the_same_serial_with_the_prefix_on_one_side_only_still_pairs():
    bill = _pair("2627/000005", "NAVYUGAGRO/2627/000005", date(2025, 8, 7))
    assert (bill.status, bill.purchase_index) == (MatchStatus.SUGGESTED, 0), bill.reason
