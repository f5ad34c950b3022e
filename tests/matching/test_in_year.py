"""A number read in its document's financial year (``matching.in_year``): one test per rule."""

from datetime import date

import pytest

from india_ims.gst_india.documents import MatchStatus, Section
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.in_year import RULES, read_in_year, serials_behind_codes

from .builders import book, ims, local

DAY = date(2026, 10, 14)  # FY 2026-27


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_each_in_year_rule_reads_its_example(rule):
    number, day, read = rule.example
    assert read_in_year(number, date.fromisoformat(day)) == read


def _pair(ims_number, books_number, ims_amounts, books_amounts, books_day=DAY):
    results = reconcile([ims(ims_number, DAY, ims_amounts)],
                        [book("PI-1", books_number, books_day, books_amounts)])
    return next(r for r in results if r.ims_index == 0)


def test_calendar_year_before_a_year_like_serial():
    # FY26-27/MH/02024 booked MH/2026/2024, the freight folded in: only the number can pair them
    result = _pair("FY26-27/MH/02024", "MH/2026/2024", local(4_567_800), local(4_897_800))
    assert result.purchase_index == 0 and result.status == MatchStatus.MISMATCH, result.reason
    assert "number written differently" in result.reason
    # the same amounts: a Suggested Match, no longer a number that differs
    result = _pair("FY26-27/MH/02024", "MH-2026-2024", local(4_567_800), local(4_567_800))
    assert result.status == MatchStatus.SUGGESTED, result.reason


def test_year_like_serial_before_a_short_year():
    result = _pair("2035/26-27", "2035/27", local(4_567_800), local(4_897_800))
    assert result.purchase_index == 0 and result.status == MatchStatus.MISMATCH, result.reason
    assert "number written differently" in result.reason
    result = _pair("2035/27", "2035/26-27", local(4_567_800), local(4_567_800))
    assert result.status == MatchStatus.SUGGESTED, result.reason


def test_year_like_serials_of_one_year_stay_two_bills():
    # read alone, 2030/27 and 2036/27 are bill 27 of 2030 and of 2036; in FY 2026-27 they are bills
    # 2030 and 2036: another bill with other amounts is never paired
    result = _pair("2030/27", "2036/27", local(4_567_800), local(4_897_800))
    assert result.purchase_index is None, result.reason


def test_both_runs_naming_the_year_are_read_as_written():
    assert read_in_year("2026/27", DAY) == "2026/27"
    assert read_in_year("MH/2026/2027", DAY) == "MH/2026/2027"  # bill 2027 of 2026 already


def test_a_document_without_a_date_is_read_as_written():
    assert read_in_year("MH/2026/2024", None) == "MH/2026/2024"


def test_a_date_next_to_the_financial_years_turn():
    # a bill of 1 April 2026 (FY 2026-27) booked on 31 March, Tally's short year typed, freight added
    results = reconcile([ims("2035/26-27", date(2026, 4, 1), local(4_567_800))],
                        [book("PI-1", "2035/27", date(2026, 3, 31), local(4_897_800))])
    result = next(r for r in results if r.ims_index == 0)
    assert result.purchase_index == 0 and result.status == MatchStatus.MISMATCH, result.reason
    assert "number written differently" in result.reason


def test_an_amendments_original_in_its_own_dates_year():
    # bill 2026 of FY 2024-25 (Tally's 2026/25), amended in September 2025: a new number and its date
    # corrected into FY 2025-26, where 2026/25 would read as bill 25 of 2026. The books hold the
    # original in full, 2026/24-25, on its date; only the original's own year pairs them.
    original_day, amended_day = date(2025, 3, 28), date(2025, 9, 10)
    record = ims("7001/26", amended_day, local(4_567_800), section=Section.B2BA, original_number="2026/25",
                 original_date=original_day)
    results = reconcile([record], [book("PI-1", "2026/24-25", original_day, local(4_567_800))])
    result = next(r for r in results if r.ims_index == 0)
    assert result.purchase_index == 0 and result.status == MatchStatus.SUGGESTED, result.reason
    assert "original number '2026/25'" in result.reason
    # the other bill of that year, 25, is not it
    results = reconcile([record], [book("PI-1", "25/24-25", original_day, local(4_567_800))])
    assert next(r for r in results if r.ims_index == 0).purchase_index is None


def test_a_year_like_run_behind_a_code_holding_a_digit_is_the_serial_too():
    # bill 2031 booked under the branch code BR2: read alone, BR2/2031 is bill 2 of 2031; the IMS
    # number settles it, and only where nothing else differs is it a Suggested Match
    for reported, booked in (("2031", "BR2/2031"), ("2034", "S602-2034"), ("2627/26-27", "S118-2627/26-27"),
                             ("19", "S021-19")):
        result = _pair(reported, booked, local(4_567_800), local(4_567_800))
        assert (result.purchase_index, result.status) == (0, MatchStatus.SUGGESTED), (booked, result.reason)
        assert "number written differently" in result.reason


def test_a_year_like_serial_after_the_year_behind_a_code_typed_with_a_digit():
    # TI/2025-2026/2526 booked 7I/..., its T read as a 7, or behind a ledger code (S515-TI/...):
    # alone, 7I/2025-2026/2526 is bill 7I of two years; behind a code holding a digit the last run is
    # the serial too, so the look-alike is a number written differently, not another number
    for reported, booked in (("TI/2025-2026/2526", "7I/2025-2026/2526"), ("TI/25-26/2526", "7I/25-26/2526"),
                             ("TI/2025-2026/2526", "S515-TI/2025-2026/2526")):
        result = _pair(reported, booked, local(4_567_800), local(4_567_800))
        assert (result.purchase_index, result.status) == (0, MatchStatus.SUGGESTED), (booked, result.reason)
    # the next bill of the series stays another bill
    result = _pair("TI/2025-2026/2525", "7I/2025-2026/2526", local(4_567_800), local(4_567_800))
    assert result.status == MatchStatus.MISMATCH and "number differs" in result.reason, result.reason


def test_one_year_like_run_behind_two_branch_codes_is_two_bills():
    # the second reading meets the other side's number as written, never its second reading: bill
    # 2031 of branch BR2 and of branch BR3 are two bills, paired on their equal amounts at most
    result = _pair("BR2/2031", "BR3/2031", local(4_567_800), local(4_567_800))
    assert result.status == MatchStatus.MISMATCH and "number differs" in result.reason, result.reason


def test_serials_behind_codes_finds_each_number_by_its_position():
    numbers = ["INV/26-27/5073", "BR2/2031", "", "wh1-2027 ", "BR2/1834", "INV2/1999", "S118-2526/25-26",
               "S021-19", "S021-09", "7I/2025-2026/2526", "7I/25-26/2526", "TI/2025-2026/2526",
               "BR2/2025/25-26", "S515-TI/2025-2026/2526"]
    assert {k: text for k, (text, _) in serials_behind_codes(numbers).items()} == {
        1: "2031", 3: "2027", 6: "2526/25-26", 7: "19", 9: "2526", 10: "2526", 12: "2025/25-26", 13: "2526"}
    # a number holding a line break is read one at a time, with the same answer
    assert set(serials_behind_codes(["A\nB", "BR2/2031"])) == {1}


def test_a_compact_financial_year_after_a_calendar_year_is_the_year():
    # PUN/2026-2526: bill 2026 with FY 2025-26 written after it, not bill 2526 of 2026
    day = date(2025, 9, 14)
    results = reconcile([ims("PUN/2026", day, local(4_567_800))],
                        [book("PI-1", "PUN/2026-2526", day, local(4_567_800))])
    result = next(r for r in results if r.ims_index == 0)
    assert (result.purchase_index, result.status) == (0, MatchStatus.SUGGESTED), result.reason
    # a calendar year after a calendar year stays as written: either may be the year
    assert read_in_year("PUN/2026-2025", day) == "PUN/2026-2025"
