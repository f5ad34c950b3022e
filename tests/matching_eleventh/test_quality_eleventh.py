"""The engine against the blind eleventh generator (the supplier's billing software and GSTR-1's
number rules): the other generators' bars on small months of every profile, with no disagreement."""

from __future__ import annotations

from ..matching_sixth.pooled import bar_tests
from .month import PROFILES, make_month

SEEDS = (31, 32)
SIZE = 200  # ordinary bills; with the traps about 230 documents a month

_pooled, test_bar, test_disagreements = bar_tests(
    lambda: (make_month(seed, SIZE, profile) for seed in SEEDS for profile in PROFILES))
