"""Financial-year rules (``matching.years``): one test per rule, on hand-written numbers."""

from datetime import date

import pytest

from india_ims.gst_india.documents import MatchStatus
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.years import RULES, another_year, date_slip, named_years, short_year_dropped

from .builders import book, ims, local

DECIDES = {
    "written differently": (MatchStatus.SUGGESTED, "number written differently"),
    "mismatch at most": (MatchStatus.MISMATCH, "number names another financial year"),
    "mismatch": (MatchStatus.MISMATCH, "date differs"),
}


def _pair(ims_number, ims_day, books_number, books_day, amounts=None):
    record = ims(ims_number, date.fromisoformat(ims_day), amounts or local(4_567_800))
    document = book("PI-1", books_number, date.fromisoformat(books_day), amounts or local(4_567_800))
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
    assert named_years("KA/25/279") == {2024, 2025}
    assert named_years("INV/0018/2S-26") == frozenset()  # 18 is the serial's padding, 26 the serial
    result = _pair("KA/25-26/279", "2025-10-14", "KA/24-25/279", "2025-10-14")
    assert result.status == MatchStatus.MISMATCH  # same day and amount: paired, never Suggested


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
