"""A run that reads as a year where the document's date says it cannot be one (``matching.far_years``)."""

from datetime import date

from india_ims.gst_india.matching.far_years import read_level, reading
from india_ims.gst_india.matching.year_tokens import fy_start

NOVEMBER = date(2026, 11, 28)
START = fy_start(NOVEMBER)


def test_a_year_two_financial_years_off_is_read_as_serial_digits():
    assert reading("5/2019", START) == "5/02019"
    assert reading("3/2040", START) == "3/02040"
    assert reading("5/2122", START) == "5/02122"  # FY 2021-22 written 2122


def test_a_year_of_the_bills_own_time_stays_a_year():
    # last year's calendar year, a supplier's software not rolled over: one year off, still a year
    assert reading("45/2025", START) is None
    assert reading("MH/2026/00169", START) is None
    # a number naming its own year beside a far run reads as written (the far run is its serial)
    assert reading("MH/2026/2019", START) is None


def test_a_lone_run_or_a_financial_year_of_two_runs_is_never_reread():
    assert reading("2019", START) is None  # bill 2019 already
    assert reading("INV/2019-20/45", START) is None  # FY 2019-20 as written


def test_numbers_read_both_ways_already_are_left_to_the_other_side():
    assert reading("BR2/2031", fy_start(date(2025, 9, 3))) is None  # bill 2 of 2031, or 2031 of BR2
    assert reading("2025/26", fy_start(date(2027, 9, 3))) is None  # Tally's bill 2025, or bill 26


def test_two_leaves_of_one_book_are_two_numbers_and_a_leaf_with_its_year_is_one():
    assert read_level("5/2019", NOVEMBER, "5/2020", NOVEMBER) == 5
    assert read_level("3/2040", NOVEMBER, "3/2040/26-27", NOVEMBER) == 2
    assert read_level("INV/2025-26/45", NOVEMBER, "INV/45", NOVEMBER) is None  # nothing read otherwise
