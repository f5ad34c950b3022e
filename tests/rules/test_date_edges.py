"""The calendar edges the rules meet, each on both sides: the 13th/14th at Indian midnight, the 20th
(the GSTR-3B due date, which is no cut-off), 30 November of the Section 16(4) year, a leap February,
the first and last months of a quarter, a financial-year boundary. Today is pinned and every period
is built from it, so the tests mean the same on any day they run."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.periods import (
    IST,
    ReturnPeriod,
    current_return_period,
    india_today,
    section_16_4_deadline,
)
from india_ims.gst_india.returns.generation import can_generate_gstr2b
from india_ims.gst_india.rules import RuleContext, check_action, target_period
from india_ims.gst_india.rules.classify import is_frozen
from india_ims.gst_india.rules.lifecycle import expire_section_16_4, file_gstr3b, gstr2b_period_of_filing

from .factories import context, original, record, state

TODAY = date(2026, 11, 30)
LAST_MONTH = ReturnPeriod.of(TODAY).previous()  # October 2026: its 2B came on 14 November
UTC = timezone.utc


def _indian_midnight(day: date) -> datetime:
    """The first instant of ``day`` in India, as a UTC moment (18:30 the evening before)."""
    return datetime(day.year, day.month, day.day, tzinfo=IST).astimezone(UTC)


def _invoice(day: date, number: str = "INV-E", **kw):
    return state(record(Section.B2B, number, period=str(ReturnPeriod.of(day)), day=day, **kw))


# ---------------------------------------------------------------- the 13th and the 14th


def test_faq23_draft_gstr2b_from_the_14th_at_indian_midnight():
    """The portal's 14th starts at 18:30 UTC on the 13th: one second earlier the draft is not due."""
    period = LAST_MONTH
    fourteenth = period.next().first_day.replace(day=14)
    filed = (str(period.previous()),)
    midnight = _indian_midnight(fourteenth)
    eve = RuleContext(today=midnight - timedelta(seconds=1), filed_3b_periods=frozenset(filed))
    on_the_day = RuleContext(today=midnight, filed_3b_periods=frozenset(filed))
    assert can_generate_gstr2b(period, eve).code == "BEFORE_CUTOFF"
    assert can_generate_gstr2b(period, on_the_day).allowed


def test_faq23_the_month_one_acts_on_turns_over_on_the_14th_in_india():
    fourteenth = TODAY.replace(day=14)
    midnight = _indian_midnight(fourteenth)
    assert current_return_period(india_today(midnight - timedelta(seconds=1))) == LAST_MONTH.previous()
    assert current_return_period(india_today(midnight)) == LAST_MONTH


def test_spec35_iff_filed_on_the_13th_is_in_the_month_on_the_14th_in_the_next():
    """Quarterly GSTR-1/IFF cut-off: the 13th is the last day of M, the 14th already M+1."""
    period = LAST_MONTH
    thirteenth = period.next().first_day.replace(day=13)
    assert gstr2b_period_of_filing(thirteenth, form="IFF") == period
    assert gstr2b_period_of_filing(thirteenth + timedelta(days=1), form="IFF") == period.next()
    assert gstr2b_period_of_filing(thirteenth, form="R1") == period.next()  # monthly: the 11th


# ---------------------------------------------------------------- the 20th is no cut-off


def test_faq12_the_3b_due_date_passing_freezes_nothing_only_filing_does():
    """The GSTR-3B falls due on the 20th; IMS freezes a period's actions when its 3B is filed (FAQ 12,
    20), so a late filer still acts on the 21st and weeks later, and is frozen the moment it files."""
    period = LAST_MONTH
    invoice = _invoice(period.first_day.replace(day=5))
    filed_before = (str(period.previous()),)
    for day in (period.next().first_day.replace(day=20), period.next().first_day.replace(day=21), TODAY):
        late = context(day, filed_before)
        assert not is_frozen(invoice, late)
        assert check_action(invoice, Action.REJECT, late).allowed
    filed = context(TODAY, (*filed_before, str(period)))
    assert check_action(invoice, Action.REJECT, filed).code == "FROZEN_3B_FILED"


def test_faq25_next_gstr2b_waits_for_a_late_3b_not_for_the_20th():
    period = LAST_MONTH.previous()  # September 2026: 3B due 20 October, still unfiled
    fourteenth = LAST_MONTH.next().first_day.replace(day=14)
    late = context(fourteenth, (str(period.previous()),))
    assert can_generate_gstr2b(LAST_MONTH, late).code == "PREVIOUS_3B_UNFILED"
    assert can_generate_gstr2b(LAST_MONTH, context(fourteenth, (str(period.previous()), str(period)))).allowed


# ---------------------------------------------------------------- 30 November of the 16(4) year


def test_section_16_4_pending_invoice_stays_in_ims_on_30_november_and_leaves_on_1_december():
    invoice = _invoice(date(TODAY.year, 3, 31), action=Action.PENDING)  # FY 2025-26's last day
    kept, removed = expire_section_16_4([invoice], context(TODAY))
    assert kept and not removed
    first_of_december = RuleContext(today=_indian_midnight(TODAY + timedelta(days=1)))
    kept, removed = expire_section_16_4([invoice], first_of_december)
    assert removed and not kept


def test_section_16_4_upward_amendment_counts_from_its_original_invoice_date():
    """ITC time limits run from the invoice: an October amendment of a 31 March invoice is barred on
    1 December like the invoice, whatever the amendment's own date; one of a 1 April invoice is not."""
    tomorrow = context(TODAY + timedelta(days=1), (str(LAST_MONTH.add(-3)),))

    def amendment(original_day: date):
        amended = record(Section.B2BA, f"INV-{original_day:%m%d}", period=str(LAST_MONTH),
                         day=LAST_MONTH.first_day, igst=2700, original_date=original_day)
        return state(amended, original=original(Action.ACCEPT, str(LAST_MONTH.add(-3)), filed=True))

    march, april = date(TODAY.year, 3, 31), date(TODAY.year, 4, 1)
    assert check_action(amendment(march), Action.ACCEPT, tomorrow).code == "SECTION_16_4_EXPIRED"
    assert check_action(amendment(april), Action.ACCEPT, tomorrow).allowed


# ---------------------------------------------------------------- a leap February


def test_leap_february_has_29_days_and_its_29th_is_in_the_financial_year_ending_in_march():
    leap = ReturnPeriod(2028, 2)
    assert leap.last_day == date(2028, 2, 29) and ReturnPeriod(2027, 2).last_day == date(2027, 2, 28)
    assert leap.financial_year == "2027-28" and leap.quarter == 4 and leap.month_in_quarter == 2
    assert section_16_4_deadline(date(2028, 2, 29)) == date(2028, 11, 30)
    assert leap.gstr2b_generation_date() == date(2028, 3, 14)
    assert leap.gstr2b_generation_date(quarterly=True) == date(2028, 4, 14)


def test_section_16_4_on_an_invoice_of_29_february():
    invoice = _invoice(date(2028, 2, 29), "INV-LEAP")
    assert check_action(invoice, Action.ACCEPT, context(date(2028, 11, 30))).allowed
    assert check_action(invoice, Action.ACCEPT, context(date(2028, 12, 1))).code == "SECTION_16_4_EXPIRED"


def test_spec35_filing_on_29_february_after_the_cut_off_lands_in_february():
    assert gstr2b_period_of_filing(date(2028, 2, 29)) == ReturnPeriod(2028, 2)
    assert gstr2b_period_of_filing(date(2028, 3, 11)) == ReturnPeriod(2028, 2)
    assert gstr2b_period_of_filing(date(2028, 3, 12)) == ReturnPeriod(2028, 3)


# ---------------------------------------------------------------- a quarter's first and last months


@pytest.mark.parametrize("month", [1, 2, 3])
def test_faq27_every_month_of_the_january_quarter_lands_in_the_march_2bq(month):
    """The quarter that crosses into the next financial year on its 2BQ day: January to March, filed
    under March, generated on 14 April."""
    year = TODAY.year + 1
    period = ReturnPeriod(year, month)
    invoice = _invoice(period.first_day)
    ctx = context(date(year, 4, 14), (str(ReturnPeriod(year - 1, 12)),), quarterly=True)
    assert target_period(invoice, ctx) == ReturnPeriod(year, 3)
    assert period.gstr2b_generation_date(quarterly=True) == date(year, 4, 14)
    assert can_generate_gstr2b(ReturnPeriod(year, 3), ctx).allowed
    april = _invoice(date(year, 4, 1), "INV-APR")
    assert target_period(april, ctx) == ReturnPeriod(year, 6)


def test_faq27_quarterly_3b_of_the_quarter_freezes_its_first_and_last_months_alike():
    end = LAST_MONTH.quarter_end.add(-3)  # the last quarter wholly past
    first, _, last = end.quarter_months()
    filed = context(TODAY, (str(end.add(-3)), str(end)), quarterly=True)
    open_ = context(TODAY, (str(end.add(-3)),), quarterly=True)
    for month in (first, last):
        invoice = _invoice(month.first_day, f"INV-{month}")
        assert check_action(invoice, Action.REJECT, open_).allowed
        assert check_action(invoice, Action.REJECT, filed).code == "FROZEN_3B_FILED"


def test_faq5_21_qrmp_pending_invoice_of_the_quarters_last_month_moves_a_whole_quarter():
    end = ReturnPeriod(TODAY.year, 9)  # July-September 2026, filed; today is in the next quarter
    invoice = _invoice(end.first_day, "INV-SEP", action=Action.PENDING)
    ctx = context(TODAY, (str(end.add(-3)),), quarterly=True)
    filing = file_gstr3b([invoice], end, ctx)
    (kept,) = filing.kept
    assert kept.carried_to == str(end.add(3))
    accepted = replace(kept, record=replace(kept.record, action=Action.ACCEPT), gstn_action=Action.ACCEPT)
    assert target_period(accepted, filing.context) == end.add(3)
