import numpy as np
import pytest

from india_ims.gst_india.matching.assign import assign


def total(left, right, score, chosen):
    assert len(set(left[chosen])) == len(chosen) and len(set(right[chosen])) == len(chosen)
    return score[chosen].sum()


@pytest.mark.parametrize("seed", range(5))
def test_sparse_solver_finds_the_same_optimum_as_the_dense_one(seed):
    rng = np.random.default_rng(seed)
    n = 60
    pairs = np.unique(rng.integers(0, n, size=(300, 2)), axis=0)
    left, right = pairs[:, 0], pairs[:, 1]
    score = rng.uniform(0.1, 1.0, len(left))
    dense = assign(left, right, score, n, n, dense_limit=10**9)
    sparse = assign(left, right, score, n, n, dense_limit=0)
    assert total(left, right, score, dense) == pytest.approx(total(left, right, score, sparse))


def test_optimal_beats_greedy():
    # greedy on the best edge (0-0, 0.9) leaves 1 unpaired; optimal pairs 0-1 and 1-0
    left, right = np.array([0, 0, 1]), np.array([0, 1, 0])
    score = np.array([0.9, 0.8, 0.8])
    chosen = assign(left, right, score, 2, 2)
    assert sorted(zip(left[chosen].tolist(), right[chosen].tolist())) == [(0, 1), (1, 0)]
