"""Rules on their boundary days: Indian midnight, the 13th/14th, 30 November, a quarter's last
month, the first month of a financial year. Today is pinned; every period is built from it."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.periods import IST, ReturnPeriod, india_day, section_16_4_deadline
from india_ims.gst_india.returns.generation import can_generate_gstr2b
from india_ims.gst_india.rules import RuleContext, check_action, pending_allowed, target_period
from india_ims.gst_india.rules.lifecycle import decide_gstr2b_period, file_gstr3b, gstr2b_period_of_filing

from .factories import context, record, state

TODAY = date(2026, 11, 30)  # the last day of Section 16(4) for FY 2025-26
FY_START = date(TODAY.year - 1, 4, 1)  # 1 April 2025: the financial year whose ITC ends today
LAST_DAY_OF_FY = FY_START.replace(year=FY_START.year + 1) - timedelta(days=1)  # 31 March 2026
UTC = timezone.utc


def _indian_midnight(day: date) -> datetime:
    """The first instant of ``day`` in India, written in UTC (18:30 the evening before)."""
    return datetime(day.year, day.month, day.day, tzinfo=IST).astimezone(UTC)


def _invoice(day: date, number: str = "INV-B"):
    return state(record(Section.B2B, number, period=str(ReturnPeriod.of(day)), day=day))


def test_section_16_4_ends_at_midnight_in_india_when_today_is_a_moment():
    """"Today" handed over as a UTC moment (a server clock) is India's day: 30 November 18:29 UTC is
    still the 30th in India, 18:30 UTC is 1 December and the FY's ITC is time-barred."""
    invoice = _invoice(LAST_DAY_OF_FY)
    midnight = _indian_midnight(TODAY + timedelta(days=1))
    before = RuleContext(today=midnight - timedelta(seconds=1))
    after = RuleContext(today=midnight)
    assert before.today == TODAY and after.today == TODAY + timedelta(days=1)
    assert check_action(invoice, Action.ACCEPT, before).allowed
    assert check_action(invoice, Action.ACCEPT, after).code == "SECTION_16_4_EXPIRED"
    assert check_action(invoice, Action.REJECT, after).allowed


def test_section_16_4_first_day_of_a_financial_year_starts_a_new_deadline():
    next_fy_invoice = _invoice(LAST_DAY_OF_FY + timedelta(days=1), "INV-APR")
    tomorrow = context(TODAY + timedelta(days=1))
    assert check_action(_invoice(LAST_DAY_OF_FY), Action.ACCEPT, tomorrow).code == "SECTION_16_4_EXPIRED"
    assert check_action(next_fy_invoice, Action.ACCEPT, tomorrow).allowed
    assert section_16_4_deadline(LAST_DAY_OF_FY + timedelta(days=1)) == TODAY.replace(year=TODAY.year + 1)


def test_section_16_4_annual_return_filed_as_a_moment_brings_the_deadline_to_its_indian_day():
    filed = _indian_midnight(date(TODAY.year, 10, 15)) + timedelta(hours=1)  # 15 Oct, 01:00 in India
    ctx = RuleContext(today=date(TODAY.year, 10, 16), annual_returns_filed={"2025-26": filed})
    assert ctx.annual_returns_filed["2025-26"] == date(TODAY.year, 10, 15)
    assert check_action(_invoice(LAST_DAY_OF_FY), Action.ACCEPT, ctx).code == "SECTION_16_4_EXPIRED"
    on_the_day = RuleContext(today=date(TODAY.year, 10, 15), annual_returns_filed={"2025-26": filed})
    assert check_action(_invoice(LAST_DAY_OF_FY), Action.ACCEPT, on_the_day).allowed


@pytest.mark.parametrize("form, last_day", [("R1", 11), ("IFF", 13)])
def test_spec35_filing_cut_off_ends_at_indian_midnight(form, last_day):
    """A filing at 23:59 in India on the cut-off day is in the period; a minute later, the next."""
    period = ReturnPeriod.of(TODAY).add(-2)
    cut_off = period.next().first_day.replace(day=last_day)
    midnight = _indian_midnight(cut_off + timedelta(days=1))
    on_time = gstr2b_period_of_filing(midnight - timedelta(minutes=1), form=form,
                                      supplier_return_period=str(period))
    late = gstr2b_period_of_filing(midnight, form=form, supplier_return_period=str(period))
    assert (on_time, late) == (period, period.next())
    decided = decide_gstr2b_period(record(Section.B2B, "X", period=str(period), source_form=form),
                                   filed_on=midnight)
    assert decided.period == period.next()


def test_india_day_of_dates_moments_and_naive_moments():
    assert india_day(TODAY) == TODAY
    assert india_day(datetime(2026, 11, 30, 23, 59)) == TODAY  # no zone: taken as Indian time
    assert india_day(datetime(2026, 11, 30, 18, 30, tzinfo=UTC)) == TODAY + timedelta(days=1)


def test_faq27_quarterly_filer_has_no_2b_in_m1_m2_and_the_2bq_from_the_14th_after_the_quarter():
    quarter_end = ReturnPeriod.of(TODAY).add(-1).quarter_end  # Dec 2026's quarter: Oct-Dec
    m1, m2, m3 = quarter_end.quarter_months()
    day = quarter_end.next().first_day.replace(day=14)
    filed = (str(m1.add(-1)),)
    for month in (m1, m2):
        assert can_generate_gstr2b(month, context(day, filed, quarterly=True)).code == "QRMP_MONTH_WITHOUT_2B"
    eve = context(day - timedelta(days=1), filed, quarterly=True)
    assert can_generate_gstr2b(m3, eve).code == "BEFORE_CUTOFF"
    assert can_generate_gstr2b(m3, context(day, filed, quarterly=True)).allowed


def test_faq25_first_2b_of_a_financial_year_waits_for_march_3b():
    april = ReturnPeriod(TODAY.year, 4)
    day = april.next().first_day.replace(day=14)
    assert can_generate_gstr2b(april, context(day, (str(april.add(-2)),))).code == "PREVIOUS_3B_UNFILED"
    assert can_generate_gstr2b(april, context(day, (str(april.add(-1)),))).allowed


def test_spec18_quarterly_credit_note_may_stay_pending_for_its_quarter_and_the_next_then_is_deemed_accepted():
    # advisory of 17-Oct-2025, Q4: CNs of Oct-Dec 2025 Pending till the Jan-Mar 2026 GSTR-3B's due date
    quarter_end = ReturnPeriod.of(TODAY).add(-1).quarter_end
    first_month = quarter_end.quarter_months()[0]
    note = state(record(Section.B2BCN, "CN-Q", period=str(first_month), day=first_month.first_day,
                        action=Action.PENDING))
    before = context(TODAY, (str(first_month.add(-1)),), quarterly=True)
    assert str(target_period(note, before)) == str(quarter_end)
    assert pending_allowed(note, before).allowed
    own = file_gstr3b([note], quarter_end, before)
    assert not own.deemed_accepted
    (carried,) = own.kept
    assert pending_allowed(carried, own.context).allowed
    filing = file_gstr3b([carried], quarter_end.add(3), own.context)
    (deemed,) = filing.deemed_accepted
    assert deemed.gstn_action is Action.NO_ACTION and deemed.gstr2b_period == str(quarter_end.add(6))
    assert check_action(deemed, Action.PENDING, filing.context).code == "PENDING_BLOCKED"


def test_section_16_4_at_gstr2b_generation_counts_the_generation_moment_in_india():
    """A 2B recomputed at 00:30 on 1 December in India (19:00 UTC on the 30th) finds last FY's
    invoice past Section 16(4): ITC not available, with reason 16(4)."""
    from india_ims.gst_india.returns.gstr2b import compute_gstr2b
    from india_ims.gst_india.returns.layout import Block

    period = ReturnPeriod.of(TODAY).add(-1)
    invoice = state(record(Section.B2B, "INV-L", period=str(period), day=LAST_DAY_OF_FY))
    ctx = context(TODAY, (str(period.add(-1)),))
    moment = _indian_midnight(TODAY + timedelta(days=1)) + timedelta(minutes=30)
    late = compute_gstr2b([invoice], period, ctx, generated_on=moment, enforce_generation_rules=False)
    on_time = compute_gstr2b([invoice], period, ctx, generated_on=moment - timedelta(hours=1),
                             enforce_generation_rules=False)
    assert late.generated_on == TODAY + timedelta(days=1)
    assert [e.placement.block for e in late.entries] == [Block.NOT_AVAILABLE]
    assert [e.placement.block for e in on_time.entries] != [Block.NOT_AVAILABLE]


@pytest.mark.parametrize("quarterly", [False, True])
def test_spec18_october_2025_boundary_pending_on_a_credit_note_and_declared_reduction(quarterly):
    """September 2025 credit notes keep the old rules (no Pending, no declared reduction); October
    2025 ones follow the advisory. A quarterly filer's September is the end of its July-September
    quarter, so it keeps the old rules too."""
    from india_ims.gst_india.documents import ItcReduction

    september, october = ReturnPeriod(2025, 9), ReturnPeriod(2025, 10)
    ctx = context(date(2026, 1, 14), (str(september.add(-3 if quarterly else -1)),), quarterly=quarterly)

    def note(period):
        return state(record(Section.B2BCN, f"CN-{period}", period=str(period), day=period.first_day))

    assert check_action(note(september), Action.PENDING, ctx).code == "PENDING_BLOCKED"
    assert check_action(note(october), Action.PENDING, ctx).allowed
    nil = ItcReduction(False)
    assert check_action(note(september), Action.ACCEPT, ctx, itc_reduction=nil,
                        remarks="not availed").code == "ITC_REDUCTION_BEFORE_OCT_2025"
    assert check_action(note(october), Action.ACCEPT, ctx, itc_reduction=nil, remarks="not availed").allowed
