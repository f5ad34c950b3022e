"""``rows._day`` reads the dates a stored row holds: ISO text (through a cache: a month's records fall
on a few hundred dates), a datetime, a date, or blank."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from india_ims.ims.rows import _day


def test_days_from_text_datetime_and_date_and_blank():
    assert _day("2026-11-30") == _day("2026-11-30 00:00:00") == date(2026, 11, 30)
    assert _day(datetime(2026, 11, 30, 10)) == _day(date(2026, 11, 30)) == date(2026, 11, 30)
    assert _day(None) is None and _day("") is None
    with pytest.raises(ValueError):
        _day("2026-02-30")
