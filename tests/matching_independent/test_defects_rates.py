"""Defects where each side's tax is its own taxable value's at another rate GST charges: two bills,
however alike their numbers (found by the habit and independent months; each failed before its fix).
Their companions pin what stays paired: one taxable value at a wrong rate, freight folded in."""

from dataclasses import replace
from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType, MatchStatus, Section
from india_ims.gst_india.matching import reconcile

from .month import Builder, Supplier, gstin

DAY = date(2025, 9, 1)
SUPPLIER = Supplier(gstin("27", "DKLFB1806R"), "DKLFB1806R", "plain", interstate=False)
NEIGHBOUR = gstin("27", "XKLFB1806R")  # a registered GSTIN one character of the PAN away
AT_5 = Amounts(24_128_691, 0, 603_217, 603_218, 0)  # 5% of Rs 2,41,286.91
AT_28 = Amounts(4_308_697, 0, 603_217, 603_218, 0)  # 28% of Rs 43,086.97: the same tax to the paisa


def _statuses(booked_gstin, reported, booked, number="TI/2025-2026/7920", booked_number=None):
    b = Builder(seed=0)
    b.ims_record(SUPPLIER, Section.B2B, number, DAY, reported)
    b.book(booked_gstin, DocumentType.INVOICE, booked_number or number, DAY, booked)
    return reconcile(b.month.ims, b.month.purchases)


def test_a_neighbours_bill_whose_tax_agrees_at_another_rate_is_not_the_suppliers_gstin_mistyped():
    # seed 1024: the neighbour's bill of the same number and day, at 28%, carries the 5% bill's tax
    results = _statuses(NEIGHBOUR, AT_5, AT_28)
    assert {r.status for r in results} == {MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS}, \
        [r.reason for r in results]


def test_the_suppliers_bill_with_freight_folded_in_still_pairs_across_the_gstin_slip():
    # Rs 500 of freight added to the taxable value, the tax as billed: no rate of the books' taxable
    booked = replace(AT_5, taxable_value=AT_5.taxable_value + 50_000)
    result = _statuses(NEIGHBOUR, AT_5, booked)[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason


LEASE_AT_18 = Amounts(73_978, 0, 6_658, 6_658, 0)
OTHER_AT_28 = Amounts(71_310, 0, 9_983, 9_983, 0)


def test_a_bill_at_another_rate_and_taxable_value_under_a_dropped_prefix_is_another_bill():
    # seed 1064: LEASE/30 at 18% and the books' 030/2024-25 at 28%, taxable values 26.68 apart, one day
    results = _statuses(SUPPLIER.gstin, LEASE_AT_18, OTHER_AT_28, "LEASE/30", "030/2024-25")
    assert {r.status for r in results} == {MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS}, \
        [r.reason for r in results]


def test_the_same_taxable_value_booked_at_a_wrong_rate_under_a_dropped_prefix_pairs_as_mismatch():
    wrong_rate = Amounts(LEASE_AT_18.taxable_value, 0, 10_357, 10_357, 0)  # 28% of the same value
    result = _statuses(SUPPLIER.gstin, LEASE_AT_18, wrong_rate, "LEASE/30", "030/2024-25")[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
