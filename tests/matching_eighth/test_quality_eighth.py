"""The engine against the blind eighth generator: the other generators' bars on small months of
every profile; and the two habits the generator found labelled Mismatch before the thirty-sixth
session, now Suggested. Day and month swapped stays a Mismatch by the engine's judgement (README,
"Judgement calls"), which the status bar allows."""

from __future__ import annotations

from collections import Counter
from functools import cache

import pytest

from ..matching_sixth.pooled import BARS, pooled, rates
from .month import make_month
from .run_months import as_sixth, run_month
from .world import PROFILES

SEEDS = (21, 22)
SIZE = 250  # documents a month


@cache
def _pooled():
    return pooled(as_sixth(make_month(seed, SIZE, profile)) for seed in SEEDS for profile in PROFILES)


@pytest.mark.parametrize("bar", BARS)
def test_bar(bar):
    totals, kinds = _pooled()
    assert rates(totals)[bar] >= BARS[bar], (totals, kinds)


def test_no_wrong_pair_labelled_exact_or_suggested():
    assert _pooled()[0]["wrong_confident"] == 0


def test_only_day_and_month_swapped_disagrees():
    _, kinds = _pooled()
    assert set(kinds) <= {"day_month_swap"}, kinds


@pytest.mark.parametrize("habit", ["date_appended", "keypad_slip"])
def test_habit_found_as_a_mismatch_before_is_now_suggested(habit):
    left = Counter()
    for seed in (1, 2):
        for profile in PROFILES:
            _, disagreements = run_month(make_month(seed, 150, profile, only=habit))
            left.update(d.kind for d in disagreements)
    assert not left, left
