"""Which GSTR-2B a record lands in is decided by when the supplier filed (spec 3.5).

Today is pinned; the periods are built from it.
"""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules.lifecycle import cutoff_day, decide_gstr2b_period

from .factories import record

TODAY = date(2026, 11, 30)
PERIOD = ReturnPeriod.of(TODAY).add(-2)  # a return period whose filing window is behind us
DUE_MONTH = PERIOD.next()


def _record(**kw):
    return record(Section.B2B, "INV-F", period=str(PERIOD), day=PERIOD.first_day, **kw)


def test_spec35_monthly_gstr1_filed_by_the_11th_lands_in_its_period_after_it_in_the_next():
    on_time = decide_gstr2b_period(_record(), filed_on=DUE_MONTH.first_day.replace(day=11))
    late = decide_gstr2b_period(_record(), filed_on=DUE_MONTH.first_day.replace(day=12))
    assert on_time.period == PERIOD and late.period == DUE_MONTH
    assert "11th" in late.text and late.basis == "filing date"


def test_spec35_quarterly_gstr1_and_iff_cut_off_is_the_13th():
    assert cutoff_day("R1", supplier_quarterly=True) == 13 and cutoff_day("IFF") == 13
    assert cutoff_day("R1") == 11
    on_13th = decide_gstr2b_period(_record(), supplier_quarterly=True,
                                   filed_on=DUE_MONTH.first_day.replace(day=13))
    on_14th = decide_gstr2b_period(_record(), supplier_quarterly=True,
                                   filed_on=DUE_MONTH.first_day.replace(day=14))
    assert on_13th.period == PERIOD and on_14th.period == DUE_MONTH


def test_spec35_a_generated_gstr2b_decides_over_any_estimate():
    listed = decide_gstr2b_period(_record(), in_gstr2b=str(DUE_MONTH),
                                  filed_on=DUE_MONTH.first_day.replace(day=2))
    assert listed.period == DUE_MONTH and listed.basis == "gstr2b"


def test_spec35_first_seen_filed_is_an_estimate_said_in_words():
    seen = decide_gstr2b_period(_record(), first_seen_filed=DUE_MONTH.first_day.replace(day=20))
    assert seen.period == DUE_MONTH and "estimate" in seen.text


def test_spec35_without_filing_information_the_return_period_is_used_and_said():
    guess = decide_gstr2b_period(_record())
    assert guess.period == PERIOD and guess.basis == "return period" and "not known" in guess.text
    unfiled = decide_gstr2b_period(_record(supplier_filed=False))
    assert unfiled.period is None and "not filed" in unfiled.text
    r1a = decide_gstr2b_period(_record(source_form="R1A"))
    assert r1a.period == DUE_MONTH


def test_spec35_iff_records_take_the_quarterly_cut_off():
    iff = decide_gstr2b_period(_record(source_form="IFF"), filed_on=DUE_MONTH.first_day.replace(day=13))
    assert iff.period == PERIOD and "13th" in iff.text
