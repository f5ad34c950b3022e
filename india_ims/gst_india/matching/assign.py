"""One-to-one assignment maximising the total score of the chosen pairs.

The candidate graph falls apart into connected components, nearly all of
one edge. Those are taken as they are; every other component is solved
exactly: a dense ``linear_sum_assignment`` while it is small, a sparse
full bipartite matching (with a "stay unpaired" twin for every node) when it
is large, so memory stays proportional to the edges.
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import connected_components, min_weight_full_bipartite_matching


def assign(left: np.ndarray, right: np.ndarray, score: np.ndarray, n_left: int, n_right: int,
           dense_limit: int = 250_000) -> np.ndarray:
    """Indices of the chosen edges; ``score`` must be positive."""
    edges = len(left)
    if not edges:
        return np.empty(0, np.int64)
    graph = coo_matrix((np.ones(edges), (left, right + n_left)), shape=(n_left + n_right,) * 2)
    _, label = connected_components(graph, directed=False)
    component = label[left]
    order = np.argsort(component, kind="stable")
    sorted_component = component[order]
    starts = np.flatnonzero(np.r_[True, sorted_component[1:] != sorted_component[:-1]])
    sizes = np.diff(np.r_[starts, edges])
    chosen = [order[starts[sizes == 1]]]  # one edge: nothing to choose between
    for start, size in zip(starts[sizes > 1], sizes[sizes > 1]):
        members = order[start:start + size]
        chosen.append(members[_solve(left[members], right[members], score[members], dense_limit)])
    return np.sort(np.concatenate(chosen))


def _solve(left: np.ndarray, right: np.ndarray, score: np.ndarray, dense_limit: int) -> np.ndarray:
    rows, row_index = np.unique(left, return_inverse=True)
    cols, col_index = np.unique(right, return_inverse=True)
    if len(rows) * len(cols) <= dense_limit:
        matrix = np.zeros((len(rows), len(cols)))
        matrix[row_index, col_index] = score  # 0 where there is no edge: never better than none
        edge_of = np.full((len(rows), len(cols)), -1, dtype=np.int64)
        edge_of[row_index, col_index] = np.arange(len(left))
        r, c = linear_sum_assignment(matrix, maximize=True)
        picked = edge_of[r, c]
        return picked[picked >= 0]
    return _solve_sparse(row_index, col_index, score, len(rows), len(cols))


def _solve_sparse(row_index, col_index, score, n_rows, n_cols) -> np.ndarray:
    """Min-cost full matching on rows+col-twins vs cols+row-twins.

    Each row may take its own twin (stay unpaired) and each column its own
    twin; when row r takes column c, their twins pair up. Cost of a real edge
    is ``2 - score`` against ``1 + 1`` for leaving both unpaired, so the
    matching maximises the total score.
    """
    m = len(row_index)
    twins = np.arange(n_rows), np.arange(n_cols)
    src = np.concatenate([row_index, twins[0], n_rows + twins[1], n_rows + col_index])
    dst = np.concatenate([col_index, n_cols + twins[0], twins[1], n_cols + row_index])
    cost = np.concatenate([2.0 - score, np.ones(n_rows), np.ones(n_cols), np.full(m, 1e-9)])
    size = n_rows + n_cols
    matrix = csr_matrix((cost, (src, dst)), shape=(size, size))
    _, matched_col = min_weight_full_bipartite_matching(matrix)
    real = matched_col[row_index] == col_index
    # several parallel edges cannot exist (pairs are unique), so this picks exactly the matched edges
    return np.flatnonzero(real)
