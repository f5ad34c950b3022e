"""Supplier identity from evidence when the GSTIN in the books is blank, invalid or mistyped."""

from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import Amounts, MatchStatus
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.identity import name_key, typing_slip

from .builders import BRANCH, SUPPLIER, book, gstin, ims, local

ONE_CHAR = gstin(pan="AAACM1235K")
TWO_CHARS = gstin(pan="AABCM1236K")
TRANSPOSED = gstin(pan="AAACM2134K")
WRONG_CHECK = SUPPLIER[:14] + ("0" if SUPPLIER[14] != "0" else "1")


@pytest.mark.parametrize(("booked", "words"), [
    (ONE_CHAR, "one character differs"),
    (TWO_CHARS, "two characters differ"),
    (TRANSPOSED, "two characters transposed"),
    (WRONG_CHECK, "check character wrong"),
    ("", None),
])
def test_a_document_booked_against_a_wrong_gstin_pairs_as_a_mismatch_saying_how(booked, words):
    (result,) = reconcile([ims("INV-77")], [book("PI-1", "INV-77", supplier=booked)])
    assert result.status == MatchStatus.MISMATCH
    if booked:
        assert result.reason.startswith(f"booked against {booked}; GSTN has {SUPPLIER}: {words}")
    else:
        assert result.reason.startswith(f"no supplier GSTIN in the books; GSTN has {SUPPLIER}")


@pytest.mark.parametrize("change", [
    {"amounts": local(1_200_000)},  # another amount
    {"day": date(2025, 10, 30)},  # 20 days away
    {"number": "INV-78"},  # another number
])
def test_a_wrong_gstin_pairs_only_when_number_date_and_amounts_all_agree(change):
    kwargs = {"number": "INV-77", "day": date(2025, 10, 10), "amounts": local(1_000_000)} | change
    books = [book("PI-1", kwargs["number"], kwargs["day"], kwargs["amounts"], supplier=ONE_CHAR)]
    assert [r.status for r in reconcile([ims("INV-77")], books)] == [MatchStatus.MISSING_IN_PI,
                                                                     MatchStatus.MISSING_IN_IMS]


def test_a_supplier_name_that_says_otherwise_keeps_them_apart():
    named = replace(book("PI-2", "X-1", date(2025, 10, 3)), supplier_name="Apex Steel Pvt. Ltd.")
    blank = replace(book("PI-1", "INV-77", supplier=""), supplier_name="Sunrise Polymers")
    results = reconcile([ims("INV-77"), ims("X-1", date(2025, 10, 3))], [named, blank])
    assert {r.purchase_index for r in results if r.ims_index == 0} == {None}
    same = replace(blank, supplier_name="M/S APEX STEEL PRIVATE LIMITED")
    results = reconcile([ims("INV-77"), ims("X-1", date(2025, 10, 3))], [named, same])
    assert [r.status for r in results if r.ims_index == 0] == [MatchStatus.MISMATCH]


def test_an_unregistered_vendor_with_the_same_common_number_stays_apart():
    # a local shop without GSTIN numbering from 1: same number and day, other amounts
    shop = book("PI-1", "45", amounts=local(35_000), supplier="")
    assert [r.status for r in reconcile([ims("45")], [shop])] == [MatchStatus.MISSING_IN_PI,
                                                                  MatchStatus.MISSING_IN_IMS]


@pytest.mark.parametrize(("first", "second"), [
    ("M/s. Apex Steel Pvt. Ltd.", "APEX STEEL PRIVATE LIMITED"),
    ("Shree Ganesh Traders & Co", "Shree Ganesh Traders and Company"),
    ("Metro  Logistics Ltd.", "METRO LOGISTICS LIMITED"),
])
def test_names_are_compared_sensibly(first, second):
    assert name_key(first) == name_key(second)


def test_names_of_two_suppliers_differ():
    assert name_key("Apex Steel Pvt Ltd") != name_key("Apex Polymers Pvt Ltd")


def test_a_gstin_of_another_length_is_said_in_words():
    assert typing_slip("27AAACM1234K1Z", SUPPLIER) == "14 characters typed, a GSTIN has 15"


def test_three_characters_off_is_still_a_slip_four_is_another_supplier():
    three = gstin(pan="AAXCM1299K")
    (result,) = reconcile([ims("INV-77")], [book("PI-1", "INV-77", supplier=three)])
    assert result.status == MatchStatus.MISMATCH and "three characters differ" in result.reason
    four = gstin(pan="ABXCM1299L")
    assert len(reconcile([ims("INV-77")], [book("PI-1", "INV-77", supplier=four)])) == 2


def test_a_name_only_row_with_other_amounts_pairs_when_the_name_is_the_suppliers():
    named = replace(book("PI-2", "X-1", date(2025, 10, 3)), supplier_name="Apex Steel Pvt Ltd")
    freight = replace(book("PI-1", "INV-77", amounts=local(1_080_000), supplier=""),
                      supplier_name="M/s. APEX STEEL PRIVATE LIMITED")
    records = [ims("INV-77"), ims("X-1", date(2025, 10, 3))]
    (result,) = [r for r in reconcile(records, [named, freight]) if r.ims_index == 0]
    assert result.status == MatchStatus.MISMATCH and result.purchase_index == 1
    assert "Taxable value differs" in result.reason
    nameless = replace(freight, supplier_name="")
    (result,) = [r for r in reconcile(records, [named, nameless]) if r.ims_index == 0]
    assert result.status == MatchStatus.MISSING_IN_PI


def test_a_row_without_gstin_with_freight_in_the_taxable_value_pairs_on_number_day_and_tax():
    # booked by the supplier's name alone, a name the books know nothing of, the freight folded into
    # the taxable value: the number as written, the day and every tax head to the paisa are the bill
    reported = local(18_753_324)
    freight = replace(reported, taxable_value=reported.taxable_value + 257_210)
    row = replace(book("PI-1", "2526-00132", amounts=freight, supplier=""), supplier_name="Prime Enterprises")
    (result,) = [r for r in reconcile([ims("2526-00132", amounts=reported)], [row]) if r.ims_index == 0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    assert "Taxable value differs" in result.reason
    # a day apart, or the tax a rupee off, is too little across suppliers
    for other in (replace(row, bill_date=date(2025, 10, 11), posting_date=date(2025, 10, 11)),
                  replace(row, amounts=replace(freight, cgst=freight.cgst + 100))):
        (result,) = [r for r in reconcile([ims("2526-00132", amounts=reported)], [other]) if r.ims_index == 0]
        assert result.status == MatchStatus.MISSING_IN_PI, result.reason


def test_the_companys_own_gstin_typed_as_the_suppliers_says_no_more_than_a_blank_one():
    own = gstin(pan="ZZZCR5055K")
    wrong = replace(book("PI-1", "INV-77", supplier=own), company_gstin=own)
    (result,) = reconcile([ims("INV-77")], [wrong])
    assert result.status == MatchStatus.MISMATCH
    assert result.reason.startswith(f"booked against {own}, the company's own GSTIN; GSTN has {SUPPLIER}")


def test_a_gstin_copied_with_spaces_is_the_same_gstin():
    spaced = f"{SUPPLIER[:2]} {SUPPLIER[2:12]} {SUPPLIER[12:]}".lower()
    (result,) = reconcile([ims("INV-77")], [book("PI-1", "INV-77", supplier=spaced)])
    assert result.status == MatchStatus.EXACT


def test_a_misspelt_name_does_not_contradict_but_another_suppliers_does():
    from india_ims.gst_india.matching.identity import contradicts

    known = {name_key("Apex Steel Pvt Ltd")}
    assert not contradicts(name_key("APEX STEL PVT LTD"), known)
    assert not contradicts(name_key("Apex Steels"), known)
    assert not contradicts(name_key("M/s A.S. Pvt Ltd"), known) and not contradicts(name_key("AS"), known)
    assert contradicts(name_key("Sunrise Polymers"), known)


def test_a_supplier_booked_under_another_gstin_altogether_is_proven_by_two_exact_documents():
    # the supplier master holds another GSTIN: every bill of the supplier is booked against it
    master = gstin(pan="QWERT9876Z")
    records = [ims("INV-77"), ims("INV-78", date(2025, 10, 12), local(2_000_000))]
    books = [book("PI-1", "INV-77", supplier=master),
             book("PI-2", "INV-78", date(2025, 10, 12), local(2_000_000), supplier=master)]
    results = reconcile(records, books)
    assert [r.status for r in results] == [MatchStatus.MISMATCH, MatchStatus.MISMATCH]
    assert results[0].reason.startswith(f"booked against {master}; GSTN has {SUPPLIER}")
    # one document alone proves nothing: another supplier's GSTIN never pairs on its own
    assert len(reconcile(records[:1], books[:1])) == 2


def test_a_wrong_check_character_pairs_even_on_an_amount_the_supplier_bills_again():
    # a branch of the PAN must have an amount that tells documents apart; a GSTIN failing its check
    # character is no branch, only the supplier's own mistyped
    records = [ims("INV-77"), ims("INV-78", date(2025, 10, 3))]
    books = [book("PI-1", "INV-77", supplier=WRONG_CHECK), book("PI-2", "INV-78", date(2025, 10, 3))]
    results = reconcile(records, books)
    assert [r.status for r in results if r.ims_index == 0] == [MatchStatus.MISMATCH]


def test_a_name_only_row_with_a_prefix_added_and_amounts_rounded_is_found_on_serial_and_day():
    named = replace(book("PI-2", "X-1", date(2025, 10, 3)), supplier_name="Apex Steel Pvt Ltd")
    rounded = replace(book("PI-1", "BR2/INV-77", amounts=local(1_000_040), supplier=""),
                      supplier_name="Apex Steel Private Limited")
    records = [ims("INV-77"), ims("X-1", date(2025, 10, 3))]
    (result,) = [r for r in reconcile(records, [named, rounded]) if r.ims_index == 0]
    assert result.status == MatchStatus.MISMATCH and result.purchase_index == 1
    nameless = replace(rounded, supplier_name="")
    (alone,) = [r for r in reconcile(records, [named, nameless]) if r.ims_index == 0]
    assert alone.status == MatchStatus.MISSING_IN_PI  # without the name, a prefix and a rupee are too little


def test_a_place_of_supply_mismatch_names_both_states():
    from india_ims.gst_india.matching import MatchSettings
    from india_ims.gst_india.matching.explain import explain
    from tests.matching.builders import book, ims

    reason, _ = explain(ims("INV-1", pos="27"), book("PI-1", "INV-1", pos="32"), MatchSettings())
    assert "place of supply differs: 27-Maharashtra in IMS, 32-Kerala in books" in reason


def test_a_neighbouring_registrations_bill_of_that_number_and_day_with_its_own_tax_stays_apart():
    # seed 71: 27KWSPD9263O1ZB is one character from the supplier's 27KWJPD9263O1ZK and valid, the
    # bill booked under it has the number and the day, and a taxable value 82 paise away with its own
    # tax: another registration's bill, not a slip of the GSTIN (which leaves the amounts as they are)
    reported = local(161_545, rate=5)
    theirs = Amounts(161_463, 0, 4_036, 4_037, 0)
    neighbour = replace(book("PI-1", "681", amounts=theirs, supplier=ONE_CHAR),
                        supplier_name="Unrelated Metals")
    assert [r.status for r in reconcile([ims("681", amounts=reported)], [neighbour])] == [
        MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS]
    # the same slip with the tax to the paisa is the supplier's bill; so is one booked in its name
    slipped = replace(neighbour, amounts=replace(theirs, cgst=reported.cgst, sgst=reported.sgst))
    (result, *_) = reconcile([ims("681", amounts=reported)], [slipped])
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    named = replace(book("PI-2", "X-1", date(2025, 10, 3)), supplier_name="Apex Steel Pvt Ltd")
    own = replace(neighbour, supplier_name="APEX STEEL PRIVATE LIMITED")
    records = [ims("681", amounts=reported), ims("X-1", date(2025, 10, 3))]
    (result,) = [r for r in reconcile(records, [own, named]) if r.ims_index == 0]
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason
    # a blank GSTIN names no one else: rounding still pairs it
    blank = book("PI-1", "681", amounts=theirs, supplier="")
    (result, *_) = reconcile([ims("681", amounts=reported)], [blank])
    assert (result.status, result.purchase_index) == (MatchStatus.MISMATCH, 0), result.reason


def test_two_bills_of_one_amount_booked_under_a_branch_gstin_pair_by_their_numbers():
    # seed 740: INV/24-25/0318 and INV/24-25/3153 of one day and one amount, both booked under the
    # supplier's West Bengal GSTIN, which reports nothing in IMS: the numbers as written tell them apart
    day, fee = date(2025, 3, 10), local(134_100)
    records = [ims("INV/24-25/0318", day, fee), ims("INV/24-25/3153", day, fee)]
    books = [book("PI-1", "INV/24-25/3153", day, fee, supplier=BRANCH),
             book("PI-2", "INV/24-25/0318", day, fee, supplier=BRANCH)]
    paired = {r.ims_index: (r.status, r.purchase_index) for r in reconcile(records, books)
              if r.ims_index is not None}
    assert paired == {0: (MatchStatus.MISMATCH, 1), 1: (MatchStatus.MISMATCH, 0)}
    # where that GSTIN reports bills of its own, the two may be its own: no pair
    own = ims("INV/24-25/0077", day, local(90_000), supplier=BRANCH)
    statuses = {r.ims_index: r.status for r in reconcile([*records, own], books) if r.ims_index in (0, 1)}
    assert statuses == {0: MatchStatus.MISSING_IN_PI, 1: MatchStatus.MISSING_IN_PI}


def test_a_bill_booked_under_a_branch_gstin_with_no_typed_before_it_pairs_when_its_amount_repeats():
    # seed 1531: TI-2024-2025-409 booked "No.TI-2024-2025-409" under the supplier's branch GSTIN on its
    # day, every amount to the paisa; the supplier billed the same amounts two days later (470). The
    # same words and serial tell the two bills apart, as the number as written does
    day, fee = date(2025, 3, 24), local(80_631)
    records = [ims("TI-2024-2025-409", day, fee), ims("TI-2024-2025-470", date(2025, 3, 26), fee)]
    books = [book("PI-1", "No.TI-2024-2025-409", day, fee, supplier=BRANCH),
             book("PI-2", "TI-2024-2025-470", date(2025, 3, 26), fee)]
    paired = {r.ims_index: (r.status, r.purchase_index) for r in reconcile(records, books)
              if r.ims_index is not None}
    assert paired == {0: (MatchStatus.MISMATCH, 0), 1: (MatchStatus.EXACT, 1)}
    # a serial alone (the prefix dropped) still needs the amounts alone within the window
    books = [replace(books[0], bill_no="409"), books[1]]
    (first,) = [r for r in reconcile(records, books) if r.ims_index == 0]
    assert first.status == MatchStatus.MISSING_IN_PI, first.reason
