"""The engine against the blind tenth generator: the other generators' bars on small months of
every profile with no disagreement at all; an NBFC vendor's bill to our other state's registration,
booked here beside our own unbooked bill of the same amount and day, left unpaired (the engine paired
them as a Mismatch before the thirty-sixth session); and the engine's reading of a monthly entry
copied with last month's number, pinned (``month.py`` says why it is out of the months)."""

from __future__ import annotations

from collections import Counter

from ..matching_sixth.pooled import bar_tests, pooled
from ..matching_sixth.run_months import run_month
from .month import PROFILES, make_month
from .traps import other_state_twin, recurring_copy

SEEDS = (31, 32)
SIZE = 200  # ordinary bills; with the traps and books-only entries about 220 documents a month


_pooled, test_bar, test_disagreements = bar_tests(
    lambda: (make_month(seed, SIZE, profile) for seed in SEEDS for profile in PROFILES))


def test_a_bill_to_our_other_states_registration_stays_apart_from_ours():
    _, kinds = pooled(make_month(seed, 200, "nbfc_branches", traps=[other_state_twin]) for seed in (1, 2))
    assert not kinds, kinds


def test_a_monthly_entry_copied_with_last_months_number_pairs_as_a_mismatch():
    found = Counter()
    for seed in (1, 2):
        _, disagreements = run_month(make_month(seed, 200, "tower_fm", traps=[recurring_copy]))
        found.update((d.kind, d.predicted) for d in disagreements if "trap:recurring_copy" in d.habits)
    assert set(found) == {("wrong_pair", "Mismatch")}, found
