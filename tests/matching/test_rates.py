import numpy as np
import pytest

from india_ims.gst_india.matching.rates import GST_RATES, standard_rates, two_rates


@pytest.mark.parametrize("index", range(len(GST_RATES)), ids=lambda k: f"{GST_RATES[k] * 100:g}%")
def test_each_rate_is_read_from_a_bills_tax(index):
    taxable = 12_345_678  # Rs 1,23,456.78: the tax rounded to the paisa
    tax = round(taxable * GST_RATES[index])
    assert standard_rates(np.array([taxable]), np.array([tax])).tolist() == [index]


def test_tax_at_no_rate_gst_charges_reads_none():
    # Rs 1,05,000 with Rs 18,000 of tax: 18% of 1,00,000 and Rs 5,000 of freight folded in
    assert standard_rates(np.array([10_500_000]), np.array([1_800_000])).tolist() == [-1]
    assert standard_rates(np.array([10_500_000]), np.array([0])).tolist() == [-1]


def test_two_rates_needs_each_side_at_a_rate_and_the_rates_other():
    at_5, at_28 = [24_128_691, 0, 603_217, 603_218, 0], [4_308_697, 0, 603_217, 603_218, 0]
    folded = [24_178_691, 0, 603_217, 603_218, 0]
    found = two_rates(np.array([at_5, at_5, at_5]), np.array([at_28, folded, at_5]))
    assert found.tolist() == [True, False, False]
