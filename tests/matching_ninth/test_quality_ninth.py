"""The engine against the blind ninth generator: the other generators' bars on small months of
every profile, and the months where a supplier's series leading with a challan's or an order's word
(CH/, DC, PO/, SO/) was booked as its serial alone, which the engine left a Mismatch or unpaired
before the thirty-sixth session."""

from __future__ import annotations

import pytest

from ..matching_sixth.pooled import bar_tests, pooled
from .month import PROFILES, make_month

SEEDS = (31, 32)
SIZE = 200  # ordinary bills; with the scenarios and traps about 230 documents a month


_pooled, test_bar, test_disagreements = bar_tests(
    lambda: (make_month(seed, SIZE, profile) for seed in SEEDS for profile in PROFILES))


@pytest.mark.parametrize(("seed", "profile"), [(16, "education"), (50, "textile_jobworker")])
def test_a_series_leading_with_a_challan_word_booked_as_its_serial_pairs_as_suggested(seed, profile):
    totals, kinds = pooled([make_month(seed, 400, profile)])
    assert not kinds, kinds
