"""Financial-year rules (``matching.years``): one test per rule, on hand-written numbers."""

from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import MatchStatus, Section
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.years import RULES, another_year, date_slip, named_years, short_year_dropped

from .builders import book, ims, local

DECIDES = {
    "written differently": (MatchStatus.SUGGESTED, "number written differently"),
    "mismatch at most": (MatchStatus.MISMATCH, "number names another financial year"),
    "mismatch": (MatchStatus.MISMATCH, "date differs"),
    "number differs": (MatchStatus.MISMATCH, "number differs"),
}


def _pair(ims_number, ims_day, books_number, books_day, posted=None, amounts=None):
    record = ims(ims_number, date.fromisoformat(ims_day), amounts or local(4_567_800))
    document = book("PI-1", books_number, date.fromisoformat(books_day), amounts or local(4_567_800))
    if posted:
        document = replace(document, posting_date=date.fromisoformat(posted))
    results = reconcile([record], [document])
    return next(r for r in results if r.ims_index == 0)


@pytest.mark.parametrize("rule", RULES, ids=[rule.name for rule in RULES])
def test_each_year_rule_decides_its_example(rule):
    result = _pair(*rule.example)
    if rule.decides == "no pair":
        assert result.purchase_index is None, result.reason
        assert result.status == MatchStatus.MISSING_IN_PI
        return
    status, words = DECIDES[rule.decides]
    assert result.purchase_index == 0
    assert result.status == status, result.reason
    assert words in result.reason


def test_two_digit_year_before_the_serial():
    # the supplier prints FY25-26/KA/00279; the clerk books KA/26/00279, KA/25/279
    assert short_year_dropped("KA.279", "KA.26.279", 2025)
    assert short_year_dropped("KA.279", "KA.25.279", 2025)
    assert not short_year_dropped("KA.279", "KA.24.279", 2025)  # 24 is not 2025-26
    assert not short_year_dropped("KA.279", "KA.279", 2025)  # nothing to drop: not this rule


def test_two_digit_start_year_before_the_serial():
    result = _pair("GST-2526-00231", "2025-10-30", "GST/25/231", "2025-11-21")  # booked 22 days later
    assert result.purchase_index == 0 and result.status == MatchStatus.MISMATCH
    assert "date differs by 22 days" in result.reason


def test_numbers_naming_other_financial_years():
    assert named_years("KA/24-25/279") == {2024}
    assert named_years("INV/39/FY2025") == {2024, 2025}  # the tag's year, not a year 39
    assert named_years("INV/39/FY2425") == {2024}
    assert named_years("KA/25/279") == {2024, 2025}
    assert named_years("INV/0018/2S-26") == frozenset()  # 18 is the serial's padding, 26 the serial
    result = _pair("INV/25-26/0001", "2025-04-01", "INV/24-25/0001", "2025-03-31")
    assert result.status == MatchStatus.MISMATCH  # a day apart across 1 April: paired, never Suggested


def test_a_financial_year_token_not_of_the_dates_year_is_a_slip():
    # the clerk typed last year's token on this October's bill; the supplier's token names the date's
    result = _pair("KA/25-26/279", "2025-10-14", "KA/24-25/279", "2025-10-14")
    assert result.status == MatchStatus.SUGGESTED, result.reason
    assert "financial-year token not of the bill's date" in result.reason
    # the supplier's software still printing last year's token in April, the clerk booking this year's
    result = _pair("GST-2526-0600", "2026-04-03", "GST-2627-0600", "2026-04-06")
    assert result.status == MatchStatus.SUGGESTED, result.reason
    # neither token names the dates' year: nothing says which is the slip
    result = _pair("KA/23-24/279", "2025-10-14", "KA/24-25/279", "2025-10-14")
    assert result.status == MatchStatus.MISMATCH, result.reason


def test_a_year_and_its_serial_are_no_financial_year():
    assert named_years("KA/2025/2026") == {2024, 2025}  # 2025 the year, 2026 the serial
    assert named_years("KA 2025 2026") == {2024, 2025}
    assert named_years("TI/2025-2026/45") >= {2025}  # with a serial after it, 2025-2026 is the year
    result = _pair("FY2024-25/KA/2026", "2025-03-14", "KA 2025 2026", "2025-03-14")
    assert result.status == MatchStatus.SUGGESTED and "number written differently" in result.reason


def test_two_digit_year_of_another_financial_year():
    # last year's KA/24/00279 of the same amount stays apart from this year's bill
    result = _pair("FY25-26/KA/00279", "2025-10-14", "KA/24/00279", "2024-10-11")
    assert result.purchase_index is None


def test_a_date_in_another_financial_year():
    assert another_year(date(2025, 10, 1), date(2024, 9, 28))
    assert not another_year(date(2025, 4, 2), date(2025, 3, 28))  # a late booking across 1 April
    # monthly rent RENT-7 of the same amount a year earlier is last year's bill
    assert _pair("RENT-7", "2025-10-01", "RENT-7", "2024-09-28").purchase_index is None


def test_year_typed_wrong_in_the_date():
    assert date_slip(date(2025, 1, 3), date(2024, 1, 3)) == "year typed as 2024"
    result = _pair("231", "2025-01-03", "231", "2024-01-03")
    assert result.status == MatchStatus.MISMATCH
    assert "(year typed as 2024)" in result.reason


def test_last_years_bill_booked_in_its_own_year():
    # this October's AMC bill AMC-279 is not booked; last October's, the same fee on the same day and
    # month, was booked (posted) last October: its own document, not this one with the year mistyped
    assert _pair("AMC-279", "2025-10-14", "AMC-279", "2024-10-14", "2024-10-18").purchase_index is None
    # the same entry posted this October is this bill with last year typed in its date
    typed = _pair("AMC-279", "2025-10-14", "AMC-279", "2024-10-14", "2025-10-20")
    assert typed.purchase_index == 0 and typed.status == MatchStatus.MISMATCH
    assert "(year typed as 2024)" in typed.reason
    # a January bill typed with last year's date, posted in January: this year's FY 2024-25 both
    typed = _pair("231", "2025-01-03", "231", "2024-01-03", "2025-01-06")
    assert typed.purchase_index == 0
    # a posting date equal to the bill date may be that date copied with its typo: no evidence either way
    assert _pair("AMC-279", "2025-10-14", "AMC-279", "2024-10-14", "2024-10-14").purchase_index == 0
    # without a posting date the two cannot be told apart: the mistyped year, a Mismatch to look at
    assert _pair("AMC-279", "2025-10-14", "AMC-279", "2024-10-14").status == MatchStatus.MISMATCH


def test_year_typed_with_a_digit_slip():
    assert date_slip(date(2025, 9, 14), date(2052, 9, 14)) == "year typed as 2052"  # two digits swapped
    assert date_slip(date(2025, 9, 14), date(2205, 9, 14)) == "year typed as 2205"
    assert date_slip(date(2025, 9, 14), date(2015, 9, 14)) == "year typed as 2015"  # one digit wrong
    assert date_slip(date(2025, 9, 14), date(2013, 9, 14)) == ""  # two digits wrong: no slip
    assert date_slip(date(2025, 9, 14), date(2052, 9, 15)) == ""  # another day as well
    result = _pair("RENT-9", "2025-09-14", "RENT-9", "2052-09-14", "2025-09-16")
    assert result.purchase_index == 0 and result.status == MatchStatus.MISMATCH
    assert "(year typed as 2052)" in result.reason
    # a bill of 2015 posted in 2015 is that year's own bill, as with last year's (above)
    assert _pair("RENT-9", "2025-09-14", "RENT-9", "2015-09-14", "2015-09-20").purchase_index is None


def test_day_and_month_swapped():
    assert date_slip(date(2025, 10, 6), date(2025, 6, 10)) == "day and month swapped"
    assert date_slip(date(2025, 10, 6), date(2025, 10, 6)) == ""
    result = _pair("320", "2025-10-06", "320", "2025-06-10")
    assert result.status == MatchStatus.MISMATCH and "(day and month swapped)" in result.reason


def test_same_number_of_another_year_is_never_exact_at_the_same_supplier():
    # RENT-7 of 1 Oct 2025 is reported; the books hold only RENT-7 of 1 Oct 2024, the same rent: the
    # one-year-apart date reads as a mistyped year at most, a Mismatch a CA looks at, never Exact
    result = _pair("RENT-7", "2025-10-01", "RENT-7", "2024-10-01")
    assert result.status not in (MatchStatus.EXACT, MatchStatus.SUGGESTED)


def test_an_amendments_original_is_not_last_years_bill():
    # IMS amends MH/2025/00699 of 2 September as MH/2025/00699A; the books hold last year's MH/2024/00699
    # of 10 September 2024, the same fee: compared with the original's date, still last year's bill
    record = ims("MH/2025/00699A", date(2025, 10, 2), local(1_017_230), section=Section.B2BA,
                 original_number="MH/2025/00699", original_date=date(2025, 9, 2))
    document = book("PI-1", "MH/2024/00699", date(2024, 9, 10), local(1_017_230))
    result = next(r for r in reconcile([record], [document]) if r.ims_index == 0)
    assert result.purchase_index is None, result.reason
    # booked under the original number on the original's date: the amendment's own bill
    document = book("PI-1", "MH/2025/00699", date(2025, 9, 2), local(1_017_230))
    result = next(r for r in reconcile([record], [document]) if r.ims_index == 0)
    assert result.purchase_index == 0


def test_a_serial_after_a_year_is_no_year():
    assert named_years("MH/2025/1617A") == {2024, 2025}  # not 2016-17
    assert named_years("SI/25-26/2526") == {2025}
    assert named_years("SI/25-26/2829") == {2025}  # not 2028-29 as well: the year is said
    # booked with its zeros dropped and other amounts: the same bill, a Mismatch on the amounts
    result = _pair("MH/2025/01617A", "2025-10-14", "MH/2025/1617A", "2025-10-14")
    assert result.status == MatchStatus.SUGGESTED
    record = ims("MH/2025/01617A", date(2025, 10, 14), local(4_567_800))
    document = book("PI-1", "MH/2025/1617A", date(2025, 10, 14), local(4_600_000))
    paired = next(r for r in reconcile([record], [document]) if r.ims_index == 0)
    assert paired.purchase_index == 0 and paired.status == MatchStatus.MISMATCH, paired.reason


def test_zeros_dropped_after_a_year():
    # 1920 reads as FY 2019-20 once its zero is dropped; the digit runs say it is the same number
    record = ims("MH/2025/01920A", date(2025, 10, 14), local(4_567_800))
    document = book("PI-1", "MH-2025-1920A", date(2025, 10, 16), local(4_900_000))
    paired = next(r for r in reconcile([record], [document]) if r.ims_index == 0)
    assert paired.purchase_index == 0 and paired.status == MatchStatus.MISMATCH, paired.reason
    assert "number written differently" in paired.reason
    # a serial that only shares its digits once zeros go is no such number: 1050 is not 105
    other = book("PI-1", "MH-2025-105A", date(2025, 10, 16), local(4_900_000))
    assert next(r for r in reconcile([ims("MH/2025/1050A", date(2025, 10, 14))], [other])
                if r.ims_index == 0).purchase_index is None


def test_a_scanned_year_is_the_same_year():
    # a 2 of 25-26 scanned as Z leaves 2030 alone to read as a year: the numbers still name one year
    result = _pair("SI/25-26/2030", "2025-10-14", "SI/25-Z6/2030", "2025-10-14")
    assert result.purchase_index == 0 and result.status == MatchStatus.SUGGESTED, result.reason


def test_a_calendar_year_and_a_short_year_read_as_the_serial_and_its_year():
    freight = local(4_897_800)
    # Tally's bill 2025 of FY 2025-26, the freight folded in: only the number pairs it, either side
    for reported, booked in (("2025/26", "2025/25-26"), ("2025/25-26", "2025/26"), ("2026/26", "2026"),
                             ("2025/26", "2025/2025-26")):
        result = _pair_amounts(reported, booked, freight)
        assert result.purchase_index == 0 and result.status == MatchStatus.MISMATCH, (reported, result.reason)
        assert "number written differently" in result.reason
    # bill 26 of a calendar-year series stays bill 26
    assert _pair_amounts("2025/26", "26", freight).purchase_index == 0
    # an amendment's original, read on the original's date: 2024/25 of June 2024 is bill 2024
    record = ims("7001/26", date(2025, 9, 10), local(4_567_800), section=Section.B2BA,
                 original_number="2024/25", original_date=date(2024, 6, 4))
    results = reconcile([record], [book("PI-1", "2024/24-25", date(2024, 6, 4), freight)])
    result = next(r for r in results if r.ims_index == 0)
    assert result.purchase_index == 0 and "original number '2024/25'" in result.reason, result.reason
    # dated in FY 2027-28, 2025/26 names no year of its own: not Tally's bill 2025 there
    result = _pair("2025/26", "2027-09-10", "2025/27-28", "2027-09-10")
    assert result.status != MatchStatus.SUGGESTED, result.reason


def test_two_calendar_years_before_one_short_year_are_two_bills():
    # read alone, both are bill 26: written differently, paired with the freight folded in
    for reported, booked in (("2025/26", "2026/26"), ("2026/26", "2025/26"), ("2025/25", "2026/25")):
        result = _pair_amounts(reported, booked, local(4_897_800))
        assert result.purchase_index is None, (reported, booked, result.reason)


def _pair_amounts(reported: str, booked: str, booked_amounts):
    record = ims(reported, date(2025, 9, 10), local(4_567_800))
    results = reconcile([record], [book("PI-1", booked, date(2025, 9, 10), booked_amounts)])
    return next(r for r in results if r.ims_index == 0)
