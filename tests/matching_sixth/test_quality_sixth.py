"""The engine against the blind sixth generator: the issue's bars on small months of every profile,
plus checks that the generator is deterministic and its truth hangs together."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from india_ims.gst_india.matching.scoring import CATEGORY_STATUS, PAIRED

from .month import PROFILES, make_month
from .pooled import bar_tests
from .world import gstin_is_valid

SEEDS = (11, 12, 13)
SIZE = 150  # ordinary bills; with traps and books-only purchases about 300 documents a month


_pooled, test_bar, test_disagreements = bar_tests(
    lambda: (make_month(seed, profile, SIZE) for seed in SEEDS for profile in PROFILES), allowed=None)


@pytest.mark.parametrize("profile", PROFILES)
def test_generator_is_deterministic(profile):
    first, second = make_month(5, profile, 60), make_month(5, profile, 60)
    assert first.ims == second.ims
    assert first.purchases == second.purchases
    assert first.truth == second.truth
    assert make_month(6, profile, 60).truth != first.truth


@pytest.mark.parametrize("profile", PROFILES)
def test_truth_is_consistent(profile):
    month = make_month(3, profile, 120)
    names = [p.name for p in month.purchases]
    assert len(names) == len(set(names))
    used = [row["purchase_invoice"] for row in month.truth if row["purchase_invoice"]]
    assert sorted(used) == sorted(names), "every books entry appears in truth exactly once"
    keys = [(r["section"], r["supplier_gstin"], r["document_number"]) for r in month.truth if r["section"]]
    assert len(keys) == len(set(keys)) == len(month.ims), "one truth row per IMS record"
    for row in month.truth:
        assert row["category"] in CATEGORY_STATUS
        assert bool(row["section"]) == (row["category"] != "missing_in_ims")
        assert bool(row["purchase_invoice"]) == (row["category"] != "missing_in_pi")
        assert row["category"] in PAIRED or row["category"].startswith("missing")
    assert len(month.ims_habits) == len(month.ims) and len(month.books_habits) == len(month.purchases)
    for record in month.ims:
        assert gstin_is_valid(record.supplier_gstin)
        assert re.fullmatch(r"[A-Za-z0-9/-]{1,16}", record.document_number), record.document_number
    for document in month.purchases:
        assert document.supplier_gstin == "" or gstin_is_valid(document.supplier_gstin)
    categories = Counter(row["category"] for row in month.truth)
    assert all(categories[c] for c in CATEGORY_STATUS), categories
