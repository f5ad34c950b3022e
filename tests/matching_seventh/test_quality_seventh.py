"""The engine against the blind seventh generator: the bars of the other generators on small months
of every profile, pooled so one stray pair does not decide a bar; and the site bills the generator
found left Missing in PI before the thirty-fifth session, now paired by their serials."""

from __future__ import annotations

from collections import Counter

from ..matching_sixth.pooled import bar_tests
from .month import PROFILES, make_month
from .run_months import run_month

SEEDS = (21, 22, 23)
SIZE = 150  # ordinary bills; with the scenarios and books-only entries about 180 documents a month


_pooled, test_bar, test_disagreements = bar_tests(
    lambda: (make_month(seed, SIZE, profile) for seed in SEEDS for profile in PROFILES))


def test_site_bills_retyped_with_the_series_prefix_dropped_all_pair():
    left = Counter()
    for seed in (1, 3):
        _, disagreements = run_month(make_month(seed, 400, "distributor"))
        left.update(d.kind for d in disagreements if "site_bills_retyped" in d.habits)
    assert not left, left
