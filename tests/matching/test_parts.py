"""A bill booked in parts, or two bills booked as one (``matching.parts``): one test per rule, its traps."""

from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import Amounts, MatchStatus, Section
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.parts import RULES, joined_numbers, part_of

from .builders import OTHER, book, ims, local

DAY = date(2025, 10, 14)
BILL = local(4_567_800)  # ₹45,678 + 18 %
SHARES = (local(3_000_000), local(1_567_800))  # the bill in two parts, to the paisa


def _sum(*parts: Amounts) -> Amounts:
    return Amounts(*(sum(getattr(p, head) for p in parts)
                     for head in ("taxable_value", "igst", "cgst", "sgst", "cess")))


def _results(records, documents):
    results = reconcile(records, documents)
    by_ims = {r.ims_index: r for r in results if r.ims_index is not None}
    by_books = {r.purchase_index: r for r in results if r.ims_index is None}
    return by_ims, by_books


def _in_parts(number: str, numbers: tuple[str, ...], parts=SHARES, day=DAY, bill=None):
    documents = [book(f"PI-{k}", n, day, amounts) for k, (n, amounts) in enumerate(zip(numbers, parts))]
    return _results([ims(number, DAY, bill or _sum(*parts))], documents)


def _as_one(numbers: tuple[str, ...], booked_as: str, bills=None):
    bills = bills or (BILL, local(1_234_500))
    records = [ims(n, DAY, amounts) for n, amounts in zip(numbers, bills)]
    return _results(records, [book("PI-0", booked_as, DAY, _sum(*bills))])


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_each_parts_rule_decides_its_example(rule):
    numbers, books_numbers = rule.example
    numbers = tuple(numbers.split())
    if rule.decides == "pair the larger part":
        by_ims, by_books = _in_parts(numbers[0], books_numbers)
        assert by_ims[0].purchase_index == 0 and by_ims[0].status == MatchStatus.MISMATCH, by_ims[0].reason
        assert by_ims[0].reason.startswith("booked in 2 parts")
        assert by_books[1].status == MatchStatus.MISSING_IN_IMS and "booked in 2 parts" in by_books[1].reason
        return
    if numbers[1].startswith("CN"):
        by_ims, _ = _netted(numbers, books_numbers[0])
        assert by_ims[0].purchase_index == 0 and by_ims[0].status == MatchStatus.MISMATCH
        assert by_ims[0].reason.startswith(f"credit note {numbers[1]!r}")
        assert by_ims[1].purchase_index is None and f"taken off {numbers[0]!r}" in by_ims[1].reason
        return
    assert rule.decides in ("pair the first bill", "reason only")
    by_ims, _ = _as_one(numbers, books_numbers[0])
    assert by_ims[0].purchase_index == 0 and by_ims[0].status == MatchStatus.MISMATCH
    assert by_ims[0].reason.startswith("one entry in the books for 2 bills")
    assert by_ims[1].purchase_index is None and "booked together with" in by_ims[1].reason


def _netted(numbers, booked_as, note=None, note_day=date(2025, 10, 20)):
    note = note or local(456_800)
    records = [ims(numbers[0], DAY, BILL), ims(numbers[1], note_day, note, section=Section.B2BCN)]
    net = Amounts(*(getattr(BILL, h) - getattr(note, h) for h in ("taxable_value", "igst", "cgst", "sgst",
                                                                   "cess")))
    return _results(records, [book("PI-0", booked_as, DAY, net)])


def test_a_credit_note_taken_off_the_bill():
    by_ims, _ = _netted(("INV/45", "CN/12"), "INV/45")
    assert by_ims[0].reason.startswith("credit note 'CN/12' of 2025-10-20 taken off the bill in the books; ")
    assert "Taxable value differs by ₹4,568.00" in by_ims[0].reason
    assert by_ims[1].status == MatchStatus.MISSING_IN_PI
    # a note dated before the bill, or months after it, is not the one taken off
    for day in (date(2025, 10, 1), date(2026, 1, 5)):
        by_ims, _ = _netted(("INV/45", "CN/12"), "INV/45", note_day=day)
        assert "credit note" not in by_ims[0].reason, day


def test_booked_in_parts_under_the_bills_number():
    # ₹45,678 booked as ₹30,000 of goods and ₹15,678 of services, both under 279: the larger pairs
    by_ims, by_books = _in_parts("279", ("279", "279"), parts=(SHARES[1], SHARES[0]))
    assert by_ims[0].purchase_index == 1 and by_ims[0].status == MatchStatus.MISMATCH
    assert "part of '279' booked in 2 parts, paired through '279' (PI-1)" in by_books[0].reason


@pytest.mark.parametrize("numbers", [("INV/1234-A", "INV/1234-B"), ("1234/1", "1234/2"),
                                     ("1234(1)", "1234(2)"), ("INV/1234A", "INV/1234B"),
                                     ("INV/1234", "INV/1234-2"), ("INV/1234 B", "INV/1234 A")])
def test_booked_in_parts_with_suffixes(numbers):
    by_ims, by_books = _in_parts("INV/1234" if "INV" in numbers[0] else "1234", numbers)
    paired = by_ims[0]
    assert paired.status == MatchStatus.MISMATCH, paired.reason
    # the part under the bill's own number is the bill; else the larger part
    own = [k for k, n in enumerate(numbers) if n in ("INV/1234", "1234")]
    assert paired.purchase_index == (own[0] if own else 0)
    assert len(by_books) == 1 and next(iter(by_books.values())).status == MatchStatus.MISSING_IN_IMS


def test_booked_in_three_parts():
    parts = (local(2_000_000), local(1_500_000), local(1_067_800))
    by_ims, by_books = _in_parts("INV/1234", ("INV/1234/3", "INV/1234/1", "INV/1234/2"), parts=parts)
    assert by_ims[0].purchase_index == 0 and by_ims[0].reason.startswith("booked in 3 parts")
    assert len(by_books) == 2


def test_parts_that_do_not_sum_to_the_bill_are_not_it():
    # INV/1234-A and INV/1234-B of ₹30,000 and ₹15,000: not the ₹45,678 bill
    by_ims, by_books = _in_parts("INV/1234", ("INV/1234-A", "INV/1234-B"),
                                 parts=(local(3_000_000), local(1_500_000)), bill=BILL)
    assert by_ims[0].purchase_index is None and len(by_books) == 2


def test_parts_beyond_the_window_or_of_another_supplier_are_not_it():
    by_ims, _ = _in_parts("INV/1234", ("INV/1234-A", "INV/1234-B"), day=date(2025, 11, 20))
    assert by_ims[0].purchase_index is None
    documents = [book("PI-0", "INV/1234-A", DAY, SHARES[0], supplier=OTHER),
                 book("PI-1", "INV/1234-B", DAY, SHARES[1], supplier=OTHER)]
    by_ims, _ = _results([ims("INV/1234", DAY, BILL)], documents)
    assert by_ims[0].purchase_index is None


def test_parts_not_counted_from_the_start_are_not_a_split():
    # -B and -C, or 1 and 3: other documents that happen to sum, not the parts of one bill
    for numbers in (("INV/1234-B", "INV/1234-C"), ("1234/1", "1234/3")):
        by_ims, _ = _in_parts("INV/1234" if "INV" in numbers[0] else "1234", numbers)
        assert by_ims[0].purchase_index is None, numbers


def test_a_part_already_paired_elsewhere_is_not_taken():
    # INV/1234-B is itself a bill IMS reports (and pairs exactly): INV/1234 is not INV/1234-A + -B
    records = [ims("INV/1234", DAY, BILL), ims("INV/1234-B", DAY, SHARES[1])]
    documents = [book("PI-0", "INV/1234-A", DAY, SHARES[0]), book("PI-1", "INV/1234-B", DAY, SHARES[1])]
    by_ims, _ = _results(records, documents)
    assert by_ims[0].purchase_index is None
    assert by_ims[1].purchase_index == 1 and by_ims[1].status == MatchStatus.EXACT


@pytest.mark.parametrize("booked_as", ["INV/1234-1235", "INV/1234-35", "INV/1234 & INV/1235", "INV/1234,1235",
                                       "INV/1234 + INV/1235", "INV/1234/1235"])
def test_two_bills_booked_as_one_both_numbers_written(booked_as):
    by_ims, _ = _as_one(("INV/1234", "INV/1235"), booked_as)
    assert by_ims[0].purchase_index == 0 and by_ims[0].status == MatchStatus.MISMATCH, booked_as
    assert by_ims[1].purchase_index is None
    assert f"booked together with 'INV/1234' in one entry, {booked_as!r} (PI-0)" in by_ims[1].reason


def test_two_bills_booked_as_one_pair_with_the_first_written():
    # the entry's number ends with the second bill's: the one-to-one assignment takes the second, the
    # group gives the entry to the first
    by_ims, _ = _as_one(("INV/0107/25-26", "INV/0108/25-26"), "INV/0107/25-26-INV/0108/25-26")
    assert by_ims[0].purchase_index == 0 and by_ims[1].purchase_index is None


def test_two_bills_booked_as_one_that_do_not_sum_are_not_them():
    records = [ims("INV/1234", DAY, BILL), ims("INV/1235", DAY, local(1_234_500))]
    by_ims, _ = _results(records, [book("PI-0", "INV/1234-35", DAY, local(6_000_000))])
    # (the one-to-one pairing may still take INV/1234-35 for INV/1234 on the day: a Mismatch)
    assert "one entry" not in by_ims[0].reason and by_ims[0].status != MatchStatus.EXACT
    assert by_ims[1].purchase_index is None and "together" not in by_ims[1].reason


def test_two_bills_booked_as_one_under_the_first_number():
    # the reason tells why the amounts differ; no new pair is made on amounts alone
    by_ims, _ = _as_one(("1234", "1235"), "1234")
    assert by_ims[0].purchase_index == 0 and by_ims[0].reason.startswith("one entry in the books for 2 bills")
    assert by_ims[1].purchase_index is None and "booked together with '1234'" in by_ims[1].reason


def test_the_parts_reading_of_numbers():
    assert part_of("INV/1234-A") == ("INV1234", "A")
    assert part_of("1234/2") == ("1234", "2")
    assert part_of("1234 (2)") == ("1234", "2")
    assert part_of("12345") == ("12345", "")  # a digit glued to the serial is the serial's
    assert part_of("INV/25-26/0045") == ("INV25260045", "")
    assert joined_numbers("INV/1234-35") == ("INV1234", "INV1235")
    assert joined_numbers("1499-00") == ("1499", "1500")  # the hundred rolled over
    assert joined_numbers("MHINV/25-26/127-128") == ("MHINV2526127", "MHINV2526128")
    assert joined_numbers("INV/0107/25-26-INV/0108/25-26") == ("INV01072526", "INV01082526")
    assert joined_numbers("INV/25-26/0045") is None  # a year and a serial
    assert joined_numbers("2025/1235") is None  # a calendar year, not a bill 790 serials before
    assert joined_numbers("INV/1234-1300") is None  # two bills of a day are close in the series


def test_a_bill_booked_twice_is_no_split():
    # the copy doubles the bill: the sum is twice the bill's, the copy stays Missing in IMS as before
    by_ims, by_books = _results([ims("279", DAY, BILL)],
                                [book("PI-0", "279", DAY, BILL), replace(book("PI-1", "279", DAY, BILL))])
    assert by_ims[0].status == MatchStatus.EXACT and "parts" not in by_books[1].reason


def test_two_bills_as_one_under_the_first_number_with_its_prefix_cut_pair_on_the_sum():
    # the fifth generator's months: NAVYUGAGRO/2627/000001 reported cut to 2627/000001; the entry holds
    # it and a bill 39 times its size, too far from the bill's amounts for a prefix alone to pair
    bills = (local(839_447), local(31_972_994))
    by_ims, _ = _as_one(("2627/000001", "2627/000002"), "NAVYUGAGRO/2627/000001", bills=bills)
    assert by_ims[0].purchase_index == 0 and by_ims[0].status == MatchStatus.MISMATCH, by_ims[0].reason
    assert by_ims[0].reason.startswith("one entry in the books for 2 bills")
    assert by_ims[1].purchase_index is None and "booked together with" in by_ims[1].reason


def test_a_prefixed_entry_summing_to_no_two_bills_stays_apart():
    bills = (local(839_447), local(31_972_994))
    records = [ims("2627/000001", DAY, bills[0]), ims("2627/000002", DAY, bills[1])]
    by_ims, by_books = _results(records, [book("PI-0", "NAVYUGAGRO/2627/000001", DAY,
                                               _sum(bills[0], local(31_000_000)))])
    assert by_ims[0].purchase_index is None and by_books[0].status == MatchStatus.MISSING_IN_IMS


def test_two_prefixes_are_two_series_not_a_prefix_cut():
    bills = (local(839_447), local(31_972_994))
    records = [ims("SRV/2627/000001", DAY, bills[0]), ims("SRV/2627/000002", DAY, bills[1])]
    by_ims, _ = _results(records, [book("PI-0", "INV/2627/000001", DAY, _sum(*bills))])
    assert by_ims[0].purchase_index is None, by_ims[0].reason


def test_a_prefix_cut_entry_finds_its_suppliers_bill_among_others_of_the_same_number():
    # serials restart each April: another supplier's 2627/000001 stood beside it and none was taken
    bills = (local(839_447), local(31_972_994))
    records = [ims("2627/000001", DAY, bills[0]), ims("2627/000002", DAY, bills[1]),
               replace(ims("2627/000001", DAY, local(500_000)), supplier_gstin=OTHER)]
    by_ims, _ = _results(records, [book("PI-0", "NAVYUGAGRO/2627/000001", DAY, _sum(*bills))])
    assert by_ims[0].purchase_index == 0 and by_ims[0].status == MatchStatus.MISMATCH, by_ims[0].reason


def test_a_part_in_brackets_is_not_the_serial_of_another_bill():
    # the fifth generator's denser months: bill 10 booked in two parts, the second '10 (2)', beside
    # the supplier's bill 2 of the same day not yet booked: '10 (2)' is no bill 2 with a 10 before it
    by_ims, by_books = _results([ims("2", DAY, local(7_797_450))],
                                [book("PI-0", "10 (2)", DAY, local(5_403_917))])
    assert by_ims[0].purchase_index is None, by_ims[0].reason
    assert by_books[0].status == MatchStatus.MISSING_IN_IMS
