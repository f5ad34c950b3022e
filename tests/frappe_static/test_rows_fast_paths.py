"""``rows._paise`` and ``rows._day`` settle the common case (JSON floats, ISO dates) on their own: they
must give exactly what the general conversions give, for every kind of value a stored row holds."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from india_ims.gst_india.money import InvalidAmount, to_paise
from india_ims.ims.rows import _day, _paise


@given(st.integers(min_value=-10**13, max_value=10**13))
def test_a_stored_amount_read_back_as_a_float_is_its_paise(paise):
    rupees = paise / 100
    assert _paise(rupees) == to_paise(rupees)
    if abs(paise) < 10**13:  # a crore of crores: every amount a GSTIN reports
        assert _paise(rupees) == paise


@given(st.floats(allow_nan=True, allow_infinity=False, width=64))
def test_any_float_converts_as_to_paise_does(value):
    try:
        expected = to_paise(value)
    except InvalidAmount:
        with pytest.raises(InvalidAmount):
            _paise(value)
        return
    assert _paise(value) == expected


@pytest.mark.parametrize("value", [None, "", 0, 12, "12.345", Decimal("0.005"), 1.005, -2.675, 1e13])
def test_other_values_take_the_general_path(value):
    assert _paise(value) == to_paise(value if value is not None else 0)


def test_days_from_text_datetime_and_date_and_blank():
    assert _day("2026-11-30") == _day("2026-11-30 00:00:00") == date(2026, 11, 30)
    assert _day(datetime(2026, 11, 30, 10)) == _day(date(2026, 11, 30)) == date(2026, 11, 30)
    assert _day(None) is None and _day("") is None
    with pytest.raises(ValueError):
        _day("2026-02-30")
