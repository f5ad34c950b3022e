from datetime import date

import pytest

from india_ims.gst_india.errors import InvalidPeriod
from india_ims.gst_india.periods import (
    ReturnPeriod,
    day_label,
    financial_year_of,
    rule_37a_dates,
    section_16_4_deadline,
)


def test_parse_and_print_round_trip():
    period = ReturnPeriod.parse("052025")
    assert (period.month, period.year) == (5, 2025)
    assert str(period) == "052025"


@pytest.mark.parametrize("text", ["132025", "5-2025", "2025-05", "", "002025", "0520255"])
def test_bad_periods_are_refused(text):
    with pytest.raises(InvalidPeriod):
        ReturnPeriod.parse(text)


def test_arithmetic_crosses_years():
    assert str(ReturnPeriod.parse("122025").next()) == "012026"
    assert str(ReturnPeriod.parse("012026").previous()) == "122025"
    assert str(ReturnPeriod.parse("032026").add(-15)) == "122024"
    assert ReturnPeriod.parse("012026").months_since(ReturnPeriod.parse("102025")) == 3
    assert ReturnPeriod.parse("012026") > ReturnPeriod.parse("122025")


def test_last_day_handles_february_and_leap_years():
    assert ReturnPeriod.parse("022028").last_day == date(2028, 2, 29)
    assert ReturnPeriod.parse("022026").last_day == date(2026, 2, 28)


@pytest.mark.parametrize(
    ("period", "fy", "quarter", "month_in_quarter", "quarter_end"),
    [
        ("042025", "2025-26", 1, 1, "062025"),
        ("052025", "2025-26", 1, 2, "062025"),
        ("102025", "2025-26", 3, 1, "122025"),
        ("022026", "2025-26", 4, 2, "032026"),
        ("032026", "2025-26", 4, 3, "032026"),
    ],
)
def test_financial_year_and_quarters(period, fy, quarter, month_in_quarter, quarter_end):
    p = ReturnPeriod.parse(period)
    assert p.financial_year == fy
    assert p.quarter == quarter
    assert p.month_in_quarter == month_in_quarter
    assert str(p.quarter_end) == quarter_end


def test_gstr2b_generation_date_monthly_and_quarterly():
    """FAQ 23: the 14th of the next month; FAQ 27: GSTR-2BQ on the 14th after the quarter."""
    assert ReturnPeriod.parse("102025").gstr2b_generation_date() == date(2025, 11, 14)
    assert ReturnPeriod.parse("102025").gstr2b_generation_date(quarterly=True) == date(2026, 1, 14)
    assert ReturnPeriod.parse("122025").gstr2b_generation_date(quarterly=True) == date(2026, 1, 14)
    assert str(ReturnPeriod.parse("112025").gstr2b_period(quarterly=True)) == "122025"


def test_section_16_4_deadline():
    """Spec 5: 30 November after the FY, or the annual return date if earlier."""
    assert section_16_4_deadline(date(2025, 10, 3)) == date(2026, 11, 30)
    assert section_16_4_deadline(date(2026, 3, 31)) == date(2026, 11, 30)
    assert section_16_4_deadline(date(2026, 4, 1)) == date(2027, 11, 30)
    assert section_16_4_deadline(date(2025, 10, 3), date(2026, 9, 1)) == date(2026, 9, 1)
    assert section_16_4_deadline(date(2025, 10, 3), date(2027, 1, 1)) == date(2026, 11, 30)


def test_rule_37a_dates():
    assert rule_37a_dates(date(2025, 6, 1)) == (date(2026, 9, 30), date(2026, 11, 30))


def test_financial_year_of_date():
    assert financial_year_of(date(2026, 3, 31)) == "2025-26"
    assert financial_year_of(date(2026, 4, 1)) == "2026-27"


# ---------------------------------------------------------------- annual returns (IMS Annual Return)


@pytest.mark.parametrize("text", ["2025-26", "2025-2026", "FY 2025/26", " fy2025-26 "])
def test_a_financial_year_is_read_however_it_is_written(text):
    from india_ims.gst_india.periods import parse_financial_year

    assert parse_financial_year(text) == 2025


@pytest.mark.parametrize("text", ["2025-27", "2025", "25-26", "2025-2025", "", None, "1999-2000x"])
def test_a_financial_year_whose_years_do_not_follow_is_refused(text):
    from india_ims.gst_india.periods import parse_financial_year

    with pytest.raises(ValueError, match="financial year"):
        parse_financial_year(text)


def test_a_financial_year_across_a_century_reads_its_two_digits():
    from india_ims.gst_india.periods import parse_financial_year

    assert parse_financial_year("2099-00") == 2099


def test_an_annual_return_is_filed_after_its_year_ends():
    from india_ims.gst_india.periods import check_annual_return_date

    today = date(2026, 11, 30)
    check_annual_return_date(2025, date(2026, 4, 1), today)
    with pytest.raises(ValueError, match="2026-03-31"):
        check_annual_return_date(2025, date(2026, 3, 31), today)


def test_an_annual_return_is_not_filed_after_today():
    from india_ims.gst_india.periods import check_annual_return_date

    today = date(2026, 11, 30)
    check_annual_return_date(2025, today, today)
    with pytest.raises(ValueError, match="after today"):
        check_annual_return_date(2025, date(2026, 12, 1), today)


def test_a_day_in_a_message_names_its_month_whatever_the_locale():
    import contextlib
    import locale

    before = locale.setlocale(locale.LC_TIME)
    try:
        with contextlib.suppress(locale.Error):  # where the machine has it, %b would say "Dez"
            locale.setlocale(locale.LC_TIME, "de_DE.UTF-8")
        assert day_label(date(2025, 11, 30)) == "30 Nov 2025"
        assert day_label(date(2026, 12, 4)) == "04 Dec 2026"
        assert ReturnPeriod.parse("112025").label == "Nov 2025"
    finally:
        locale.setlocale(locale.LC_TIME, before)


def test_the_section_16_4_refusal_names_its_deadline_in_words():
    from india_ims.gst_india.documents import Action
    from india_ims.gst_india.rules import check_action
    from tests.rules.factories import context, record, state

    old = state(record(day=date(2024, 4, 10), period="112026"))
    decision = check_action(old, Action.ACCEPT, context(date(2026, 12, 4)))
    assert not decision.allowed and "since 30 Nov 2025" in decision.message, decision.message
