"""The bars every blind generator's months are held to, on counts pooled over small months so that
one stray pair does not decide a bar. A month of the sixth generator's shape (``Month``) is scored by
its ``run_months.run_month``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache

import pytest

from .month import Month
from .run_months import run_month

# precision and recall of the pairs, agreement of the statuses: the bars
BARS = {"precision": 0.999, "recall": 0.99, "status": 0.97}


def pooled(months: Iterable[Month]) -> tuple[Counter, Counter]:
    """Counts of true, predicted and correct pairs, status agreements and wrong pairs labelled Exact
    or Suggested over ``months``; and the disagreements counted by the habits behind them."""
    totals: Counter = Counter()
    kinds: Counter = Counter()
    for month in months:
        score, disagreements = run_month(month)
        totals.update(true=score.true_pairs, predicted=score.predicted_pairs, correct=score.correct_pairs,
                      agree=score.status_agreements, wrong_confident=score.wrong_confident)
        kinds.update("+".join(sorted(set(d.habits))) for d in disagreements)
    return totals, kinds


def rates(totals: Counter) -> dict[str, float]:
    pairs = totals["true"]
    return {"precision": totals["correct"] / totals["predicted"], "recall": totals["correct"] / pairs,
            "status": totals["agree"] / pairs}


def bar_tests(months: Callable[[], Iterable[Month]], allowed: frozenset[str] | None = frozenset()):
    """The tests every generator's quality module holds, over the months ``months()`` makes (pooled
    once): one per bar, and one that no pair is wrong while labelled Exact or Suggested and that the
    disagreements are of the habits in ``allowed`` only (None: any). Assign the three names returned
    to ``_pooled, test_bar, test_disagreements`` at module level so pytest collects them."""

    @cache
    def pooled_months() -> tuple[Counter, Counter]:
        return pooled(months())

    @pytest.mark.parametrize("bar", BARS)
    def test_bar(bar):
        totals, kinds = pooled_months()
        assert rates(totals)[bar] >= BARS[bar], (totals, kinds)

    def test_disagreements():
        totals, kinds = pooled_months()
        assert totals["wrong_confident"] == 0, totals
        assert allowed is None or set(kinds) <= allowed, kinds

    return pooled_months, test_bar, test_disagreements
