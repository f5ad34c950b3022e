"""One test per defect found by the independent months (each failed before its fix)."""

from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import Amounts, DocumentType, MatchStatus, PurchaseDocument, Section
from india_ims.gst_india.matching import reconcile

from .month import Builder, Supplier, gstin

DAY = date(2025, 3, 10)
SUPPLIER = Supplier(gstin("27", "KLMCP4321Q"), "KLMCP4321Q", "plain", interstate=False)
FREIGHT = Amounts(169_492, 0, 15_254, 15_254, 0)  # Rs 1,694.92 a trip, billed again and again


def _month():
    return Builder(seed=0)


def _status(results, ims_index):
    return next(r for r in results if r.ims_index == ims_index)


NOTE = Amounts(996_000, 0, 89_640, 89_640, 0)


def _one_pair(section, number, kind, booked, *, negative=False):
    """One IMS document and one books entry of ``NOTE``'s amounts on the same day: the results."""
    b = _month()
    b.ims_record(SUPPLIER, section, number, DAY, NOTE)
    b.book(SUPPLIER.gstin, kind, booked, DAY, NOTE, negative=negative)
    return reconcile(b.month.ims, b.month.purchases)


def test_near_twin_numbers_with_a_recurring_amount_never_pair():
    # IMS: 7 (not booked) and 3, 4 (booked); books: 17, booked, not yet reported. Same freight charge
    # every time, one day apart: 7 and 17 are two trips, not a slip.
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "7", DAY, FREIGHT)
    for number in ("3", "4"):
        b.ims_record(SUPPLIER, Section.B2B, number, DAY, FREIGHT)
        b.book(SUPPLIER.gstin, DocumentType.INVOICE, number, DAY, FREIGHT)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "17", date(2025, 3, 11), FREIGHT)
    results = reconcile(b.month.ims, b.month.purchases)
    assert _status(results, 0).status == MatchStatus.MISSING_IN_PI
    assert sum(r.status == MatchStatus.MISSING_IN_IMS for r in results) == 1


def test_a_slip_on_an_amount_seen_once_still_pairs():
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "A0265", DAY, Amounts(1_234_567, 0, 111_111, 111_111, 0))
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "A0256", DAY, Amounts(1_234_567, 0, 111_111, 111_111, 0))
    result = reconcile(b.month.ims, b.month.purchases)[0]
    assert result.status == MatchStatus.SUGGESTED and result.purchase_index == 0


def test_two_slip_pairs_never_outscore_one_pair_of_equal_numbers():
    # IMS 5319 (booked as 5319) and 5913 (not booked); books also hold 5139 (not reported). Every amount
    # equal and distinct from the rest: the old total-score assignment chose 5319/5139 + 5913/5319.
    amounts = Amounts(847_458, 0, 76_271, 76_271, 0)
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "GST2425005319", date(2025, 3, 28), amounts)
    b.ims_record(SUPPLIER, Section.B2B, "GST2425005913", date(2025, 3, 31), amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "GST2425005319", date(2025, 3, 28), amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "GST2425005139", date(2025, 3, 27), amounts)
    results = reconcile(b.month.ims, b.month.purchases)
    first = _status(results, 0)
    assert (first.status, first.purchase_index) == (MatchStatus.EXACT, 0)
    assert _status(results, 1).status == MatchStatus.MISSING_IN_PI


def test_igst_booked_as_halves_is_a_mismatch_even_within_a_rupee():
    b = _month()
    # a small bill: every head within the rupee of tolerance, yet the tax sits under the wrong heads
    b.ims_record(SUPPLIER, Section.B2B, "TAX00153", DAY, Amounts(1_800, 90, 0, 0, 0))
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "TAX00153", DAY, Amounts(1_800, 0, 45, 45, 0))
    result = reconcile(b.month.ims, b.month.purchases)[0]
    assert result.status == MatchStatus.MISMATCH
    assert "booked as CGST+SGST, reported as IGST" in result.reason


def test_a_credit_note_booked_as_a_positive_debit_note_pairs_as_a_mismatch():
    result = _one_pair(Section.B2BCN, "CN/24-25/0275", DocumentType.DEBIT_NOTE, "CN/24-25/0275")[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0)
    assert "booked as Debit Note, reported as Credit Note" in result.reason


def test_a_credit_note_never_pairs_with_a_debit_note_written_another_way():
    # across sides only the number as written counts: CN 275 is not DN 275 of the supplier's other series
    statuses = {r.status for r in _one_pair(Section.B2BCN, "CN/24-25/0275", DocumentType.DEBIT_NOTE, "0275")}
    assert statuses == {MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS}


def test_a_return_booked_negative_as_invoice_is_still_a_credit_note():
    b = _month()
    amounts = Amounts(500_000, 90_000, 0, 0, 0)
    b.ims_record(SUPPLIER, Section.B2BCN, "CN185", DAY, amounts)
    b.month.purchases.append(PurchaseDocument("PI-R", SUPPLIER.gstin, DocumentType.INVOICE, "CN185", DAY,
                                              amounts.negated(), "27"))
    assert reconcile(b.month.ims, b.month.purchases)[0].status == MatchStatus.EXACT


def test_the_same_serial_in_two_series_of_a_supplier_never_pairs_on_the_date_alone():
    # INV/321 (goods, reported, not booked) and SRV/321 (services, booked, not reported) of one day
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "INV/321", DAY, Amounts(78_797, 0, 7_092, 7_092, 0))
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "SRV/321", DAY, Amounts(1_587_916, 0, 142_912, 142_912, 0))
    statuses = {r.status for r in reconcile(b.month.ims, b.month.purchases)}
    assert statuses == {MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS}


def test_a_serial_whose_prefix_the_clerk_dropped_still_pairs_on_the_date():
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "INV/24-25/0321", DAY, Amounts(78_797, 0, 7_092, 7_092, 0))
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "321", DAY, Amounts(87_797, 0, 7_902, 7_902, 0))
    result = reconcile(b.month.ims, b.month.purchases)[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0)


def test_an_fy_tag_before_or_after_the_serial_is_a_year_not_the_serial():
    # 'TAX00007/FY25' used to read 25 as the serial and never meet TAX00007
    b = _month()
    amounts = Amounts(22_065_836, 0, 1_985_925, 1_985_925, 0)
    b.ims_record(SUPPLIER, Section.B2B, "TAX00007", DAY, amounts)
    b.ims_record(SUPPLIER, Section.B2B, "SI/2024-25/00032", DAY, amounts + Amounts(100_000))
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "TAX00007/FY25", DAY, amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "FY 2024-25/SI/32", date(2025, 3, 13),
           amounts + Amounts(100_000))
    results = reconcile(b.month.ims, b.month.purchases)
    assert [(r.status, r.purchase_index) for r in results] == [(MatchStatus.SUGGESTED, 0),
                                                              (MatchStatus.SUGGESTED, 1)]


def test_number_words_or_a_clerk_prefix_with_a_wrong_amount_still_pair_as_mismatch():
    b = _month()
    written = (("TAX00089", "No.TAX00089"), ("INV/24-25/0256", "Bill No INV/24-25/0256"),
               ("TAX00047", "SUP/TAX00047"))
    for k, (reported, booked) in enumerate(written):
        b.ims_record(SUPPLIER, Section.B2B, reported, DAY, Amounts(1_000_000 * (k + 1), 0, 90_000, 90_000, 0))
        b.book(SUPPLIER.gstin, DocumentType.INVOICE, booked, DAY,
               Amounts(1_000_000 * (k + 1) + 50_000, 0, 90_000, 90_000, 0))
    results = reconcile(b.month.ims, b.month.purchases)
    assert [(r.status, r.purchase_index) for r in results] == [(MatchStatus.MISMATCH, k) for k in range(3)]


def test_a_debit_note_booked_as_an_invoice_under_the_clerks_prefix_pairs_as_mismatch():
    b = _month()
    amounts = Amounts(4_582_210, 0, 114_555, 114_555, 0)
    b.ims_record(SUPPLIER, Section.B2BDN, "DN1388", DAY, amounts)
    b.ims_record(SUPPLIER, Section.B2B, "INV/1388", DAY, amounts + Amounts(7_000_000))
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "SUP/DN1388", DAY, amounts)
    b.book(SUPPLIER.gstin, DocumentType.DEBIT_NOTE, "DN/1388", DAY, amounts + Amounts(7_000_000))
    results = reconcile(b.month.ims, b.month.purchases)
    # the first pairs across types; INV/1388 never meets the debit note DN/1388 (other prefix)
    assert (results[0].status, results[0].purchase_index) == (MatchStatus.MISMATCH, 0)
    assert results[1].status == MatchStatus.MISSING_IN_PI


def test_the_same_number_and_fee_at_two_branches_of_a_pan_never_pair():
    # each branch numbers from 1 and bills one standard fee: Gujarat's INV/314 reported and not booked,
    # Maharashtra's INV/314 booked and not yet reported; INV/315 of each branch pairs normally
    gujarat = gstin("24", SUPPLIER.pan, "5")
    fee = Amounts(55_982, 10_076, 0, 0, 0)
    local_fee = Amounts(55_982, 0, 5_038, 5_038, 0)
    b = _month()
    branch = Supplier(gujarat, SUPPLIER.pan, "plain", True)
    b.ims_record(branch, Section.B2B, "INV/314", DAY, fee)
    for who, amounts in ((SUPPLIER, local_fee), (branch, fee)):
        b.ims_record(who, Section.B2B, "INV/315", DAY, amounts)
        b.book(who.gstin, DocumentType.INVOICE, "INV/315", DAY, amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV/314", date(2025, 3, 12), local_fee)
    results = reconcile(b.month.ims, b.month.purchases)
    assert _status(results, 0).status == MatchStatus.MISSING_IN_PI
    assert [r.status for r in results if r.ims_index in (1, 2)] == [MatchStatus.EXACT] * 2


def test_a_bill_booked_under_the_branch_gstin_still_pairs_as_mismatch():
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "INV/314", DAY, Amounts(8_765_432, 0, 788_889, 788_889, 0))
    b.book(gstin("24", SUPPLIER.pan, "5"), DocumentType.INVOICE, "INV/314", DAY,
           Amounts(8_765_432, 1_577_778, 0, 0, 0))
    result = reconcile(b.month.ims, b.month.purchases)[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0)


def test_last_years_bill_of_the_same_serial_and_rent_never_pairs():
    rent = Amounts(10_945_576, 1_970_203, 0, 0, 0)
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "RNT/24-25/06", date(2025, 3, 4), rent)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "RNT/23-24/06", date(2024, 3, 3), rent)
    statuses = {r.status for r in reconcile(b.month.ims, b.month.purchases)}
    assert statuses == {MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS}


def test_a_bill_date_typed_with_last_year_pairs_as_mismatch():
    amounts = Amounts(10_945_576, 1_970_203, 0, 0, 0)
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "RNT/24-25/06", date(2025, 3, 4), amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "RNT/2024-25/6", date(2024, 3, 4), amounts)
    result = reconcile(b.month.ims, b.month.purchases)[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0)
    assert "date differs by 365 days" in result.reason


def test_a_credit_note_booked_as_a_positive_invoice_pairs_as_a_mismatch():
    b = _month()
    amounts = Amounts(996_000, 0, 89_640, 89_640, 0)
    b.ims_record(SUPPLIER, Section.B2BCN, "CRN242500107", DAY, amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "CRN242500107", DAY, amounts)
    result = reconcile(b.month.ims, b.month.purchases)[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0)
    assert "booked as Invoice, reported as Credit Note" in result.reason


def test_a_bill_booked_twice_pairs_once_whatever_the_register_order():
    amounts = Amounts(996_000, 0, 89_640, 89_640, 0)
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "INV/77", DAY, amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV/77", DAY, amounts)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV/77", DAY, amounts)
    forward = reconcile(b.month.ims, b.month.purchases)
    backward = reconcile(b.month.ims, b.month.purchases[::-1])
    for results, order in ((forward, b.month.purchases), (backward, b.month.purchases[::-1])):
        assert sorted(r.status.value for r in results) == ["Exact Match", "Missing in IMS"]
        paired = next(r for r in results if r.status == MatchStatus.EXACT)
        assert order[paired.purchase_index].name == "ACC-PINV-2025-000001"  # the first booked


def test_a_debit_note_booked_as_a_return_pairs_as_a_mismatch():
    # the clerk entered the supplier's debit note as a purchase return: ITC the note adds, the books take off
    result = _one_pair(Section.B2BDN, "DN/24-25/0031", DocumentType.CREDIT_NOTE, "DN/24-25/0031",
                       negative=True)[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0)
    assert "booked as Credit Note, reported as Debit Note" in result.reason


def test_a_debit_note_never_pairs_with_a_return_written_another_way():
    results = _one_pair(Section.B2BDN, "DN/24-25/0031", DocumentType.CREDIT_NOTE, "0031", negative=True)
    statuses = {r.status for r in results}
    assert statuses == {MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS}


def test_a_return_goes_to_the_credit_note_of_its_number_not_the_debit_note():
    # a supplier numbering its debit and credit notes in separate series: DN 17 and CN 17, the same
    # amount; the books hold the return only, which is the credit note's
    b = _month()
    b.ims_record(SUPPLIER, Section.B2BDN, "17", DAY, NOTE)
    b.ims_record(SUPPLIER, Section.B2BCN, "17", DAY, NOTE)
    b.book(SUPPLIER.gstin, DocumentType.CREDIT_NOTE, "17", DAY, NOTE, negative=True)
    results = reconcile(b.month.ims, b.month.purchases)
    assert (_status(results, 1).status, _status(results, 1).purchase_index) == (MatchStatus.EXACT, 0)
    assert _status(results, 0).status == MatchStatus.MISSING_IN_PI


def test_an_invoice_never_pairs_with_a_return_of_its_number():
    # a full-value return numbered like the invoice it cancels is the supplier's own credit note
    statuses = {r.status for r in _one_pair(Section.B2B, "INV/88", DocumentType.CREDIT_NOTE, "INV/88",
                                            negative=True)}
    assert statuses == {MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS}


def test_a_challan_number_ending_with_the_bills_serial_pairs_only_as_a_mismatch():
    # the delivery challan's number booked for the bill: equal amounts pair them, the number does not
    result = _one_pair(Section.B2B, "INV-00925", DocumentType.INVOICE, "DC-83925")[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0)
    assert "number differs" in result.reason


def _each_pairs_as_suggested(numbers):
    for reported, booked in numbers:
        result = _one_pair(Section.B2B, reported, DocumentType.INVOICE, booked)[0]
        assert (result.status, result.purchase_index) == (MatchStatus.SUGGESTED, 0), result.reason


def _pairs_only_as_number_differs(reported, booked):
    result = _one_pair(Section.B2B, reported, DocumentType.INVOICE, booked)[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    assert "number differs" in result.reason


@pytest.mark.parametrize(("reported", "booked"), [("PUN/2489", "PO/2489"), ("1647", "DC-1647"),
                                                  ("SI-5106", "GRN5106"), ("INV-000185", "170058437185")])
def test_another_documents_number_with_the_bills_serial_pairs_only_as_a_mismatch(reported, booked):
    # the purchase order's number happens to be the bill's serial, the e-way bill's twelve digits end
    # with it (read as year 17, padding and serial 58437185): not the bill's number written
    # differently (a Suggested match to accept), another document's number booked for it
    _pairs_only_as_number_differs(reported, booked)


def test_a_series_prefix_for_another_is_still_the_number_written_differently():
    # two series words (goods and services) or the supplier's word left out are no order's number
    _each_pairs_as_suggested((("INV/321", "SRV/321"), ("PUN/2490", "2490"), ("DC/88", "DC-0088")))


def test_a_slip_of_digits_under_the_branch_gstin_pairs_on_the_day_and_every_amount():
    # 024/2024-25 booked 024/224-25 under the supplier's Gujarat GSTIN: the same day and every amount
    # to the paisa fingerprint the bill; a day apart it is another branch's bill
    def month(day):
        b = _month()
        amounts = Amounts(1_911_246, 0, 172_012, 172_012, 0)
        b.ims_record(SUPPLIER, Section.B2B, "024/2024-25", DAY, amounts)
        b.book(gstin("24", SUPPLIER.pan, "3"), DocumentType.INVOICE, "024/224-25", day, amounts)
        return reconcile(b.month.ims, b.month.purchases)[0]

    result = month(DAY)
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    assert month(date(2025, 3, 11)).status == MatchStatus.MISSING_IN_PI


def test_a_taxable_value_repeated_under_other_tax_still_pairs_under_the_branch_gstin():
    # the supplier bills 20,479.00 twice (at 28% and at 18%); the 28% bill, booked under the West
    # Bengal GSTIN on its day, is told by its amounts as a whole
    b = _month()
    at_28, at_18 = Amounts(2_047_900, 573_412, 0, 0, 0), Amounts(2_047_900, 368_622, 0, 0, 0)
    b.ims_record(SUPPLIER, Section.B2B, "TI-2024-2025-120", DAY, at_28)
    b.ims_record(SUPPLIER, Section.B2B, "TI-2024-2025-112", DAY, at_18)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "TI-2024-2025-112", DAY, at_18)
    b.book(gstin("19", SUPPLIER.pan, "3"), DocumentType.INVOICE, "TI-2024-2025-120", DAY, at_28)
    result = _status(reconcile(b.month.ims, b.month.purchases), 0)
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 1), result.reason


def test_a_prefix_dropped_on_the_same_day_pairs_only_on_amounts_of_the_bills_order():
    # the lease bill LEASE/68 (48,024.66) is not booked; the books hold bill 068/2024-25 of another
    # series (6,829.42) of the same day: two bills. Half of a bill booked under its
    # serial alone is still that bill, a Mismatch.
    def month(booked):
        b = _month()
        b.ims_record(SUPPLIER, Section.B2B, "LEASE/68", DAY, Amounts(4_802_466, 0, 432_221, 432_221, 0))
        b.book(SUPPLIER.gstin, DocumentType.INVOICE, "068/2024-25", DAY, booked)
        return _status(reconcile(b.month.ims, b.month.purchases), 0)

    assert month(Amounts(682_942, 0, 61_464, 61_464, 0)).status == MatchStatus.MISSING_IN_PI
    half = month(Amounts(2_401_233, 0, 216_110, 216_111, 0))
    assert (half.status, half.purchase_index) == (MatchStatus.MISMATCH, 0), half.reason


def test_a_recurring_rent_booked_under_the_branch_gstin_pairs_unless_the_branch_bills_us_itself():
    # the same rent every month (January's is paired); March's booked under the Gujarat GSTIN on its
    # day: alone in its month, a Mismatch. Where the Gujarat GSTIN reports bills of its own, its
    # RENT/1355 may be its own bill, booked before it reports it: no pair.
    rent = Amounts(9_582_200, 0, 574_932, 574_932, 0)
    branch = Supplier(gstin("24", SUPPLIER.pan, "3"), SUPPLIER.pan, "plain", False)

    def month(branch_reports):
        b = _month()
        b.ims_record(SUPPLIER, Section.B2B, "RENT/1355", DAY, rent)
        b.ims_record(SUPPLIER, Section.B2B, "RENT/1847", date(2025, 1, 21), rent)
        b.book(SUPPLIER.gstin, DocumentType.INVOICE, "RENT/1847", date(2025, 1, 21), rent)
        b.book(branch.gstin, DocumentType.INVOICE, "RENT/1355", DAY, rent)
        if branch_reports:
            b.ims_record(branch, Section.B2B, "RENT/77", DAY, Amounts(100_000, 0, 9_000, 9_000, 0))
        return _status(reconcile(b.month.ims, b.month.purchases), 0)

    result = month(False)
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 1), result.reason
    assert month(True).status == MatchStatus.MISSING_IN_PI


def test_a_bill_booked_twice_says_so_on_the_copy():
    # ITC claimed twice on one bill: the copy names the entry its bill is paired through
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "INV/77", DAY, NOTE)
    first = b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV/77", DAY, NOTE)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "inv-77", date(2025, 3, 12), NOTE, posting=date(2025, 3, 20))
    copy = next(r for r in reconcile(b.month.ims, b.month.purchases) if r.purchase_index == 1)
    assert copy.status == MatchStatus.MISSING_IN_IMS
    assert f"the same bill as {first} ('INV/77' of 2025-03-10)" in copy.reason
    assert copy.reason.endswith("booked twice?")


def test_last_years_bill_of_the_same_number_and_rent_is_no_copy():
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "RENT-7", DAY, NOTE)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "RENT-7", DAY, NOTE)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "RENT-7", date(2024, 3, 8), NOTE)
    other = next(r for r in reconcile(b.month.ims, b.month.purchases) if r.purchase_index == 1)
    assert other.status == MatchStatus.MISSING_IN_IMS and "booked twice" not in other.reason


def test_a_bill_not_reported_yet_and_booked_twice_says_so_on_the_later_entry():
    b = _month()
    first = b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV/78", DAY, NOTE)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV-078", DAY, NOTE, posting=date(2025, 3, 25))
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV/79", DAY, NOTE)  # the next bill: another number
    reasons = {r.purchase_index: r.reason for r in reconcile(b.month.ims, b.month.purchases)}
    assert "booked twice" not in reasons[0] and "booked twice" not in reasons[2]
    assert reasons[1].endswith(f"the same bill as {first} ('INV/78' of 2025-03-10), also not in IMS: "
                               "booked twice?")


def test_one_serial_of_two_financial_years_a_week_apart_is_no_copy():
    b = _month()
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV/24-25/45", date(2025, 3, 29), NOTE)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "INV/25-26/45", date(2025, 4, 2), NOTE)
    assert not any("booked twice" in r.reason for r in reconcile(b.month.ims, b.month.purchases))


def test_a_revision_mark_after_the_serial_pairs_as_a_mismatch_not_a_slip():
    # INV-000181/R1 is a revision of bill 181 (its last serial, 1, only happens to end 181): the books
    # must take the number GSTN holds, so the number differs; it is no slip of digits. Nor is the
    # revision of bill 1, whose mark's 1 is the serial itself (INV-000001-R1)
    for reported, booked in (("INV-000181", "INV-000181/R1"), ("PUN/0321-R1", "PUN/0321"),
                             ("INV-00251", "INV-00251/REV1"), ("INV-000001", "INV-000001-R1")):
        _pairs_only_as_number_differs(reported, booked)


def test_a_code_booked_with_a_letter_for_its_only_digit_pairs_as_suggested():
    _each_pairs_as_suggested((("TX8K", "TXBK"), ("RM1E", "RMlE"), ("PKZE", "PK2E")))


def test_a_year_like_serial_behind_a_warehouse_code_with_no_gstin_pairs_as_mismatch():
    # booked under the supplier's name only (no GSTIN), behind the clerk's warehouse code, rounded
    b = _month()
    b.ims_record(SUPPLIER, Section.B2B, "2027", DAY, Amounts(6_627_874, 0, 596_508, 596_509, 0))
    b.book("", DocumentType.INVOICE, "WH1-2027", DAY, Amounts(6_627_900, 0, 596_500, 596_500, 0))
    result = _status(reconcile(b.month.ims, b.month.purchases), 0)
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason


def test_a_glued_number_typed_without_its_zero_padding_and_freight_added_pairs_as_mismatch():
    # GST2425000015 (FY 2024-25 glued before a padded serial) booked GST242515, freight added: the
    # same number once the padding goes, so the amounts do not decide alone
    b = _month()
    reported = Amounts(32_743_551, 0, 4_584_097, 4_584_097, 0)
    booked = Amounts(32_793_551, 0, 4_584_097, 4_584_097, 0)  # Rs 500 of freight added
    b.ims_record(SUPPLIER, Section.B2B, "GST2425000015", DAY, reported)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "GST242515", DAY, booked)
    b.book(SUPPLIER.gstin, DocumentType.INVOICE, "GST242516", DAY, booked)  # the next bill: not this one
    result = _status(reconcile(b.month.ims, b.month.purchases), 0)
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    assert "number written differently" in result.reason


def test_an_e_invoice_acknowledgement_number_booked_for_the_bill_is_no_slip():
    # the 15-digit acknowledgement ends with serial 228 by chance: equal amounts pair them as a
    # Mismatch ("number differs"), never a Suggested Match
    result = _one_pair(Section.B2B, "2526-00228", DocumentType.INVOICE, "112514438052228")[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    assert "number differs" in result.reason


def test_a_bill_booked_without_gstin_behind_a_prefix_and_rounded_pairs_as_mismatch():
    # booked by the supplier's name alone, no other entry of the supplier to check the name against:
    # the serial behind the clerk's prefix, the same day and every amount within rounding
    def month(day, name):
        b = _month()
        b.ims_record(SUPPLIER, Section.B2B, "2671", DAY, Amounts(717_701, 0, 43_062, 43_062, 0))
        b.book("", DocumentType.INVOICE, "DEL-2671", day, Amounts(717_700, 0, 43_100, 43_100, 0))
        b.month.purchases[-1] = replace(b.month.purchases[-1], supplier_name=name)
        return _status(reconcile(b.month.ims, b.month.purchases), 0)

    result = month(DAY, "KONKAN SERVICES AND COMPANY")
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    # a day apart, or with no name booked, the rounding is too little across suppliers
    assert month(date(2025, 3, 11), "KONKAN SERVICES AND COMPANY").status == MatchStatus.MISSING_IN_PI
    assert month(DAY, "").status == MatchStatus.MISSING_IN_PI


def test_a_number_excel_showed_in_scientific_notation_pairs_only_as_a_mismatch():
    result = _one_pair(Section.B2B, "9000000009", DocumentType.INVOICE, "9.00E+9")[0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    assert "number differs" in result.reason


@pytest.mark.parametrize(("reported", "booked", "amounts", "typed", "other_tax"), [
    # 024/2024-25 booked 024/224-25, Rs 204.13 typed 704.13
    ("024/2024-25", "024/224-25", Amounts(20_413, 0, 510, 510, 0), Amounts(70_413, 0, 510, 510, 0),
     Amounts(70_413, 0, 520, 510, 0)),
    # TI-2024-2025-24 booked TI-224-2025-24 (nearer: the rest is written alike), 403.34 typed 903.34
    ("TI-2024-2025-24", "TI-224-2025-24", Amounts(40_334, 4_840, 0, 0, 0), Amounts(90_334, 4_840, 0, 0, 0),
     Amounts(90_334, 4_850, 0, 0, 0)),
])
def test_a_year_typed_short_and_a_taxable_value_slip_pair_on_the_day_and_the_tax(reported, booked, amounts,
                                                                                 typed, other_tax):
    # the same day and every tax head to the paisa tell the bill; a Mismatch, never closer
    def month(day, booked_amounts):
        b = _month()
        b.ims_record(SUPPLIER, Section.B2B, reported, DAY, amounts)
        b.book(SUPPLIER.gstin, DocumentType.INVOICE, booked, day, booked_amounts)
        return _status(reconcile(b.month.ims, b.month.purchases), 0)

    result = month(DAY, typed)
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    assert "Taxable value differs" in result.reason
    # a day apart, or a tax head other too, is another bill
    assert month(date(2025, 3, 11), typed).status == MatchStatus.MISSING_IN_PI
    assert month(DAY, other_tax).status == MatchStatus.MISSING_IN_PI
