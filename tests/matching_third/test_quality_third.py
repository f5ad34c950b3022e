"""The engine on the third generator's months: no wrong pair (precision 1.0)."""

from __future__ import annotations

import pytest

from .month import PROFILES, make_month
from .run_months import describe, disagreements, run

CASES = [(seed, profile) for seed in (1, 2) for profile in PROFILES]


@pytest.mark.parametrize(("seed", "profile"), CASES)
def test_no_wrong_pair(seed, profile):
    month = make_month(seed, profile, 400)
    rows, score = run(month)
    wrong = [item for item in disagreements(month, rows) if item[2] and item[2]["purchase_invoice"]
             and item[2]["purchase_invoice"] != item[1]["purchase_invoice"]]
    assert score.precision == 1.0, (
        f"{profile} seed {seed}: precision {score.precision:.4f}, recall {score.recall:.4f}, "
        f"status agreement {score.status_agreement:.4f}; wrong pairs:\n"
        + "\n".join(describe(item) for item in wrong[:12])
    )


def test_months_are_deterministic_and_consistent():
    first, again = make_month(7, "mid_size", 300), make_month(7, "mid_size", 300)
    assert first.truth == again.truth and first.habits == again.habits
    assert {t["category"] for t in first.truth} == {
        "exact", "suggested", "mismatch", "missing_in_pi", "missing_in_ims"}
