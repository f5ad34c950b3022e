from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from india_ims.gst_india.errors import InvalidAmount
from india_ims.gst_india.money import format_inr, to_json_number, to_paise, to_rupees


@pytest.mark.parametrize(
    ("value", "paise"),
    [(5399.39, 539939), ("5399.39", 539939), (118000, 11800000), (Decimal("0.1"), 10),
     (0.1 + 0.2, 30), ("-1,234.50", -123450), (None, 0), ("", 0), ("2.005", 201)],
)
def test_to_paise(value, paise):
    assert to_paise(value) == paise


def test_floats_summed_in_paise_do_not_drift():
    assert sum(to_paise(0.1) for _ in range(10)) == to_paise(1)


@pytest.mark.parametrize("value", ["abc", "1e", True, float("nan"), "inf"])
def test_not_amounts(value):
    with pytest.raises(InvalidAmount):
        to_paise(value, field="txval")


def test_strict_refuses_a_third_decimal():
    with pytest.raises(InvalidAmount, match="iamt.*two decimals"):
        to_paise("1.005", field="iamt", strict=True)


def test_output_forms():
    assert to_json_number(11800000) == 118000
    assert to_json_number(539939) == 5399.39
    assert to_rupees(539939) == Decimal("5399.39")
    assert format_inr(1234567890) == "₹1,23,45,678.90"
    assert format_inr(-50) == "-₹0.50"
    assert format_inr(99900, symbol=False) == "999.00"


def test_float_fast_path_agrees_with_exact_decimal_path():
    """Every two-decimal float up to crores converts exactly as its decimal string does."""
    import random

    rng = random.Random(5)
    for _ in range(20000):
        paise = rng.randrange(-10**11, 10**11)
        text = f"{paise / 100:.2f}"
        assert to_paise(float(text)) == to_paise(text) == paise


def test_float_with_third_decimal_still_refused_or_rounded():
    with pytest.raises(InvalidAmount):
        to_paise(2.675, strict=True)
    assert to_paise(2.675) == 268  # repr '2.675' rounds half-up, not the binary 2.67499...


# The float fast path (tested first: amounts read back from the database as JSON arrive as floats by
# the lakh) must give what the exact path gives for the same number written out.
@given(st.floats(allow_nan=True, allow_infinity=True, width=64))
def test_a_float_converts_as_its_shortest_text_does(value):
    try:
        expected = to_paise(repr(value))
    except InvalidAmount:
        with pytest.raises(InvalidAmount):
            to_paise(value)
        return
    assert to_paise(value) == expected


@given(st.integers(min_value=-(10**13), max_value=10**13))
def test_a_stored_amount_read_back_as_a_float_is_its_paise(paise):
    assert to_paise(paise / 100) == paise
