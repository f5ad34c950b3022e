import random
from datetime import date

from india_ims.gst_india.documents import Amounts, DocumentType, MatchStatus, Section
from india_ims.gst_india.matching import MatchSettings, reconcile

from .builders import BRANCH, OTHER, SUPPLIER, book, ims, local

DAY = date(2025, 10, 10)


def by_status(results):
    return {(r.ims_index, r.purchase_index): r for r in results}


def only_pair(results):
    pairs = [r for r in results if r.ims_index is not None and r.purchase_index is not None]
    assert len(pairs) == 1, results
    return pairs[0]


def test_identical_documents_are_an_exact_match():
    result = only_pair(reconcile([ims("INV/25-26/0045")], [book("PI-1", "inv/25-26/0045 ")]))
    assert result.status == MatchStatus.EXACT
    assert result.differences == ()


def test_number_written_differently_is_suggested_and_said():
    result = only_pair(reconcile([ims("INV/25-26/0045")], [book("PI-1", "45")]))
    assert result.status == MatchStatus.SUGGESTED
    assert result.reason == "number written differently: 'INV/25-26/0045' vs '45'"
    assert [d.field for d in result.differences] == ["document_number"]


def test_near_twin_numbers_never_pair_on_the_number_alone():
    records = [ims("7", DAY, local(500_000)), ims("INV-12", DAY, local(700_000))]
    books = [book("PI-1", "17", DAY, local(910_000)), book("PI-2", "INV-123", DAY, local(330_000))]
    results = reconcile(records, books)
    assert {r.status for r in results} == {MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS}
    assert len(results) == 4


def test_a_similar_number_with_equal_amounts_and_date_is_a_slip():
    result = only_pair(reconcile([ims("A0265")], [book("PI-1", "A0256")]))
    assert result.status == MatchStatus.SUGGESTED
    assert "slip" in result.reason


def test_credit_note_booked_as_a_negative_return_pairs_exactly():
    amounts = local(250_000)
    record = ims("CN-26/0805", amounts=amounts, section=Section.B2BCN)
    for kind in (DocumentType.CREDIT_NOTE, DocumentType.INVOICE):  # ERPNext return, whatever the label
        result = only_pair(reconcile([record], [book("PI-1", "CN-26/0805", amounts=amounts.negated(),
                                                     kind=kind)]))
        assert result.status == MatchStatus.EXACT


def test_a_credit_note_never_pairs_with_an_invoice_of_the_same_number():
    results = reconcile([ims("A0085", section=Section.B2B)],
                        [book("PI-1", "A0085", amounts=local(1_000_000).negated(),
                              kind=DocumentType.CREDIT_NOTE)])
    assert [r.status for r in results] == [MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS]


def test_booked_against_a_branch_gstin_of_the_same_pan_is_a_mismatch():
    result = only_pair(reconcile([ims("INV-5")], [book("PI-1", "INV-5", supplier=BRANCH)]))
    assert result.status == MatchStatus.MISMATCH
    assert f"booked against {BRANCH} (same PAN)" in result.reason


def test_a_branch_document_of_the_same_number_but_other_amounts_is_another_document():
    results = reconcile([ims("INV-5", amounts=local(100_000))],
                        [book("PI-1", "INV-5", amounts=local(900_000), supplier=BRANCH)])
    assert [r.status for r in results] == [MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS]


def test_another_pan_never_pairs():
    results = reconcile([ims("INV-5")], [book("PI-1", "INV-5", supplier=OTHER)])
    assert [r.status for r in results] == [MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS]


def test_amendment_pairs_on_its_amended_values():
    amended = local(1_200_000)
    record = ims("SI-000729A", amounts=amended, section=Section.B2BA, original_number="SI-000729")
    assert only_pair(reconcile([record], [book("PI-1", "SI-000729A", amounts=amended)])).status \
        == MatchStatus.EXACT
    under_original = only_pair(reconcile([record], [book("PI-1", "SI-000729", amounts=amended)]))
    assert under_original.status == MatchStatus.SUGGESTED
    assert "original number 'SI-000729'" in under_original.reason
    stale = only_pair(reconcile([record], [book("PI-1", "SI-000729", amounts=local(1_000_000))]))
    assert stale.status == MatchStatus.MISMATCH


def test_amount_tolerance_comes_from_settings():
    booked = local(1_000_000)
    booked = Amounts(booked.taxable_value, 0, booked.cgst - 50, booked.sgst, 0)
    records, books = [ims("A1")], [book("PI-1", "A1", amounts=booked)]
    relaxed = only_pair(reconcile(records, books))
    assert relaxed.status == MatchStatus.SUGGESTED
    assert relaxed.reason.startswith("CGST differs by ₹0.50")
    strict = only_pair(reconcile(records, books, MatchSettings(amount_tolerance=25)))
    assert strict.status == MatchStatus.MISMATCH


def test_date_window_comes_from_settings():
    records, books = [ims("A1", date(2025, 10, 10))], [book("PI-1", "A1", date(2025, 10, 13))]
    assert only_pair(reconcile(records, books)).status == MatchStatus.SUGGESTED
    narrow = only_pair(reconcile(records, books, MatchSettings(date_window_days=2)))
    assert narrow.status == MatchStatus.MISMATCH
    assert "date differs by 3 days" in narrow.reason


def test_tax_under_other_heads_is_a_mismatch_said_in_words():
    reported = local(1_000_000)
    booked = Amounts(reported.taxable_value, reported.cgst + reported.sgst, 0, 0, 0)
    result = only_pair(reconcile([ims("A1", amounts=reported)], [book("PI-1", "A1", amounts=booked)]))
    assert result.status == MatchStatus.MISMATCH
    assert result.reason == "booked as IGST, reported as CGST+SGST"


def test_cess_left_out_and_place_of_supply_are_mismatches():
    reported = local(1_000_000, cess=120_000)
    no_cess = Amounts(reported.taxable_value, 0, reported.cgst, reported.sgst, 0)
    result = only_pair(reconcile([ims("A1", amounts=reported)], [book("PI-1", "A1", amounts=no_cess)]))
    assert (result.status, result.reason) == (MatchStatus.MISMATCH, "cess of ₹1,200.00 not booked")
    result = only_pair(reconcile([ims("A1")], [book("PI-1", "A1", pos="24")]))
    assert result.status == MatchStatus.MISMATCH
    assert result.differences[0].field == "place_of_supply"


def test_a_place_of_supply_left_blank_is_not_a_difference():
    assert only_pair(reconcile([ims("A1")], [book("PI-1", "A1", pos="")])).status == MatchStatus.EXACT


def test_a_debit_note_booked_as_an_invoice_is_a_mismatch():
    result = only_pair(reconcile([ims("DN-7", section=Section.B2BDN)], [book("PI-1", "DN-7")]))
    assert result.status == MatchStatus.MISMATCH
    assert result.reason == "booked as Invoice, reported as Debit Note"


def test_assignment_is_optimal_not_first_fit():
    # PI-1 shares the exact number but not the amounts; PI-2 is the same document written without
    # the dash. First-fit in input order would take PI-1.
    record = ims("INV-10", DAY, local(1_000_000))
    books = [book("PI-1", "INV-10", DAY, local(400_000)), book("PI-2", "INV10", DAY, local(1_000_000))]
    for order in (books, books[::-1]):
        result = only_pair(reconcile([record], order))
        assert order[result.purchase_index].name == "PI-2"
        assert result.status == MatchStatus.SUGGESTED


def test_every_document_appears_exactly_once(sample_month):
    records, books = sample_month
    results = reconcile(records, books)
    assert sorted(r.ims_index for r in results if r.ims_index is not None) == list(range(len(records)))
    paired_books = sorted(r.purchase_index for r in results if r.purchase_index is not None)
    assert paired_books == list(range(len(books)))
    assert MatchStatus.MANUAL not in {r.status for r in results}


def _content(results, records, books):
    return sorted(
        (
            records[r.ims_index].document_number if r.ims_index is not None else "",
            records[r.ims_index].section.value if r.ims_index is not None else "",
            books[r.purchase_index].name if r.purchase_index is not None else "",
            r.status.value, r.reason, r.score,
        )
        for r in results
    )


def test_result_does_not_depend_on_input_order(generated_messy):
    records, books = generated_messy.ims_records, generated_messy.purchases
    expected = _content(reconcile(records, books), records, books)
    rng = random.Random(3)
    for _ in range(3):
        shuffled_records, shuffled_books = records[:], books[:]
        rng.shuffle(shuffled_records)
        rng.shuffle(shuffled_books)
        assert _content(reconcile(shuffled_records, shuffled_books), shuffled_records, shuffled_books) \
            == expected


def test_unmatchable_documents_are_reported_not_dropped():
    results = reconcile([ims("A1")], [book("PI-1", "", None), book("PI-2", "A1", None, local(3_000))])
    assert [r.status for r in results] == [MatchStatus.MISSING_IN_PI, MatchStatus.MISSING_IN_IMS,
                                           MatchStatus.MISSING_IN_IMS]


def test_a_book_entry_without_gstin_or_place_is_reported_not_fatal():
    from dataclasses import replace

    blank = replace(book("PI-1", "A1"), supplier_gstin=None, place_of_supply=None)
    # number, date and amounts agree: the supplier is known from the evidence, never a confident pair
    (result,) = reconcile([ims("A1")], [blank])
    assert result.status == MatchStatus.MISMATCH
    assert result.reason.startswith(f"no supplier GSTIN in the books; GSTN has {SUPPLIER}")
    other = replace(blank, amounts=local(2_000_000))
    assert [r.status for r in reconcile([ims("A1")], [other])] == [MatchStatus.MISSING_IN_PI,
                                                                   MatchStatus.MISSING_IN_IMS]


def test_empty_inputs():
    assert reconcile([], []) == []
    assert [r.status for r in reconcile([ims("A1")], [])] == [MatchStatus.MISSING_IN_PI]


def test_a_challan_number_booked_pairs_last_as_a_mismatch_on_exact_amounts():
    # the delivery challan's number typed instead of the invoice's: same GSTIN, day and every amount
    (result,) = reconcile([ims("INV/25-26/0451")], [book("PI-1", "DC-7788")])
    assert result.status == MatchStatus.MISMATCH
    assert result.reason.startswith("number differs: 'INV/25-26/0451' vs 'DC-7788'")
    # a rupee off, or ten days apart: two documents
    off = [book("PI-1", "DC-7788", amounts=local(1_000_100))]
    assert [r.status for r in reconcile([ims("INV/25-26/0451")], off)] == [MatchStatus.MISSING_IN_PI,
                                                                           MatchStatus.MISSING_IN_IMS]
    late = [book("PI-1", "DC-7788", date(2025, 10, 20))]
    assert [r.status for r in reconcile([ims("INV/25-26/0451")], late)] == [MatchStatus.MISSING_IN_PI,
                                                                            MatchStatus.MISSING_IN_IMS]


def test_an_unrelated_number_never_pairs_on_an_amount_the_supplier_bills_again():
    # a standard fee billed twice: the amount tells nothing, the other bill is not this one (a challan's
    # DC-7788 booked that day would be: test_habits' references)
    records = [ims("INV/25-26/0451"), ims("INV/25-26/0452", date(2025, 10, 3))]
    books = [book("PI-1", "INV/25-26/0452", date(2025, 10, 3)), book("PI-2", "7788")]
    results = reconcile(records, books)
    assert [r.status for r in results if r.ims_index == 0] == [MatchStatus.MISSING_IN_PI]


def test_a_slip_on_the_bills_day_to_the_paisa_takes_it_from_the_same_number_with_other_amounts():
    # The clerk typed SB-2627-0010 for the supplier's 0001 of the 1st (the same day, every amount to
    # the paisa); the supplier's own 0010, of the 3rd and for other amounts, is not booked.
    records = [ims("SB-2627-0001", date(2026, 4, 1), local(38_317_687)),
               ims("SB-2627-0010", date(2026, 4, 3), local(30_946_047))]
    books = [book("PI-1", "SB-2627-0010", date(2026, 4, 1), local(38_317_687))]
    results = by_status(reconcile(records, books))
    assert results[(0, 0)].status == MatchStatus.SUGGESTED
    assert "slip" in results[(0, 0)].reason
    assert results[(1, None)].status == MatchStatus.MISSING_IN_PI


def test_a_record_pairs_with_the_slip_booked_on_its_day_not_the_same_number_of_other_amounts():
    # the same from the IMS side: 01 booked for the supplier's 10 of the 11th to the paisa, and the
    # books' own 10 (a bill of the 12th, other amounts) is not in IMS
    record = ims("10", date(2026, 4, 11), local(689_494))
    books = [book("PI-1", "10", date(2026, 4, 12), local(430_622)),
             book("PI-2", "01", date(2026, 4, 11), local(689_494))]
    results = by_status(reconcile([record], books))
    assert results[(0, 1)].status == MatchStatus.SUGGESTED
    assert results[(None, 0)].status == MatchStatus.MISSING_IN_IMS


def test_the_same_number_with_the_same_amounts_keeps_the_bill_from_a_slip():
    # the books' 0010 carries the supplier's 0010 amounts: a day apart, it is still that bill
    amounts = local(38_317_687)
    records = [ims("SB-2627-0001", date(2026, 4, 1), amounts), ims("SB-2627-0010", date(2026, 4, 3), amounts)]
    results = by_status(reconcile(records, [book("PI-1", "SB-2627-0010", date(2026, 4, 1), amounts)]))
    assert (1, 0) in results
    assert results[(0, None)].status == MatchStatus.MISSING_IN_PI


def test_a_slip_to_the_paisa_takes_the_bill_from_the_same_number_of_the_same_day_at_another_rate():
    # 32 booked for the supplier's 23 of the 13th (every paisa, 18 %); the supplier's own 32 of the
    # same day, at 5 % on another value, is not booked
    day = date(2026, 4, 13)
    records = [ims("32", day, local(3_905_699, rate=5)), ims("23", day, local(3_491_114))]
    results = by_status(reconcile(records, [book("PI-1", "32", day, local(3_491_114))]))
    assert results[(1, 0)].status == MatchStatus.SUGGESTED
    assert results[(0, None)].status == MatchStatus.MISSING_IN_PI
