"""Reconciliation engine: pair every IMS record with its purchase document.

``reconcile(ims, purchases, settings)`` returns one ``MatchResult`` per IMS
record (paired, or Missing in PI) and one per purchase document left
unpaired (Missing in IMS). Steps, each its own module:

1. ``features``: both sides as numpy columns, in a canonical order (so the
   result never depends on input order); returns read with IMS's sign.
2. ``candidates``: block by supplier PAN and debit/credit side, join on
   number keys (``normalize``, ``characters``): near-linear, no all-pairs
   comparison; books rows whose GSTIN names no supplier IMS knows
   (``identity``) also join across PANs on the number with the amount.
3. ``compare``: number level, date gap and amount agreement of every
   candidate, in bulk; who may pair, a score, a status.
4. ``assign``: the one-to-one assignment with the highest total score per
   connected component (never first-fit).
5. ``parts``: a bill booked in parts, or two bills booked as one, on what the
   assignment left unpaired or paired as a Mismatch.
6. ``explain``: reasons in words and structured differences for the UI.

Pure: no frappe; the Frappe layer and ``india-ims reconcile`` call this.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat

import numpy as np

from ..documents import ImsRecord, MatchStatus, PurchaseDocument
from ..memory import cyclic_gc_paused
from .assign import assign
from .booked_twice import booked_twice, unpaired_twins
from .candidates import candidate_pairs
from .columns import NumberKeys
from .compare import A_DIFFERENT, A_EXACT, EXACT, MISMATCH, SUGGESTED, PairTable, compare
from .explain import books_amounts, explain, missing_reason, nearest_text
from .features import Interner, books_fields, ims_fields, ims_side, purchase_side
from .identity import suspect_rows
from .model import Difference, MatchResult, MatchSettings, build_results
from .parts import find_groups
from .register import RegisterError, read_purchase_register

__all__ = [
    "Difference",
    "MatchResult",
    "MatchSettings",
    "RegisterError",
    "read_purchase_register",
    "reconcile",
]

_CHUNK = 65_536
GROUP_SCORE = 0.5  # a bill paired through one of its parts: no candidate score says how alike they are
_STATUS = {EXACT: MatchStatus.EXACT, SUGGESTED: MatchStatus.SUGGESTED, MISMATCH: MatchStatus.MISMATCH,
           -1: MatchStatus.MISSING_IN_PI}


def reconcile(
    ims: Sequence[ImsRecord],
    purchases: Sequence[PurchaseDocument],
    settings: MatchSettings = MatchSettings(),  # noqa: B008 - frozen, shared safely
) -> list[MatchResult]:
    """One result per IMS record and one per purchase document left unpaired; see the module doc."""
    # The engine makes millions of short-lived tuples and no reference cycles; cyclic collections
    # would only rescan the caller's million records again and again (a fifth of the time at 200k).
    with cyclic_gc_paused():
        return _reconcile(ims, purchases, settings)


def _reconcile(ims, purchases, settings: MatchSettings) -> list[MatchResult]:
    pairs, ims_order, books_order = match_pairs(ims, purchases, settings)
    chosen = pairs.select(pairs.chosen)
    # What each IMS record was paired with, by input position: arrays, not a million small tuples.
    partner = np.full(len(ims), -1, np.int64)
    partner[ims_order[chosen.ims]] = books_order[chosen.books]
    status = np.full(len(ims), -1, np.int8)
    status[ims_order[chosen.ims]] = chosen.status
    score = np.zeros(len(ims))
    score[ims_order[chosen.ims]] = chosen.score
    via_original = np.zeros(len(ims), bool)
    via_original[ims_order[chosen.ims]] = chosen.via_original
    level = np.zeros(len(ims), np.int8)
    level[ims_order[chosen.ims]] = chosen.level
    paired_books = np.zeros(len(purchases), bool)
    paired_books[partner[partner >= 0]] = True
    # One bill booked in parts, or two as one (``parts``): after the one-to-one assignment.
    groups = find_groups(ims, purchases, partner, status == MISMATCH, paired_books, settings.amount_tolerance,
                         settings.date_window_days)
    for i in groups.unpaired:
        partner[i], status[i], score[i] = -1, -1, 0.0
    paired_books[groups.freed_books] = False
    for i, j in groups.pairs.items():
        partner[i], status[i], score[i], level[i] = j, MISMATCH, GROUP_SCORE, -1
        paired_books[j] = True
    nearest_ims, nearest_books = _nearest(pairs, ims_order, books_order)
    del pairs, chosen
    results: list[MatchResult] = []
    for start in range(0, len(ims), _CHUNK):  # Python ints a chunk at a time: bounded memory
        rows = slice(start, start + _CHUNK)
        stop = min(start + _CHUNK, len(ims))
        partners, states = partner[rows].tolist(), status[rows].tolist()
        # Most records agree in every field: one reason for all of them, words only for the rest.
        reasons, differences = ["all fields agree"] * (stop - start), [()] * (stop - start)
        for k in np.flatnonzero(status[rows] != EXACT).tolist():
            i, j = start + k, partners[k]
            if j < 0:
                partners[k] = None
                together = groups.missing_reasons.get(i)
                reasons[k] = missing_reason(False, None) + f"; {together}" if together else \
                    missing_reason(False, _describe_book(purchases, nearest_ims.get(i), ims[i]))
            else:
                known = int(level[i]) if level[i] >= 0 else None  # -1: paired through a group of parts
                reasons[k], differences[k] = explain(ims[i], purchases[j], settings, bool(via_original[i]),
                                                     known)
                group = groups.ims_reasons.get(i)
                if group:
                    reasons[k] = f"{group}; {reasons[k]}"
        results += build_results(range(start, stop), partners, map(_STATUS.__getitem__, states), reasons,
                                 differences, map(round, score[rows].tolist(), repeat(4)))
    unpaired = np.flatnonzero(~paired_books).tolist()
    part = groups.books_reasons
    twins = unpaired_twins(purchases, unpaired, settings)

    def books_reason(j: int) -> str:
        if j in part:
            return missing_reason(True) + f"; {part[j]}"
        twice = booked_twice(purchases, partner, nearest_books.get(j), j, settings) or twins.get(j)
        if twice:
            return missing_reason(True) + f"; {twice}"
        return missing_reason(True, _describe_ims(ims, nearest_books.get(j), purchases[j]))

    reasons = [books_reason(j) for j in unpaired]
    results += build_results(repeat(None), unpaired, repeat(MatchStatus.MISSING_IN_IMS), reasons, repeat(()),
                             repeat(0.0))
    return results


def match_pairs(ims, purchases, settings: MatchSettings):
    """Candidate table (canonical positions) with a ``chosen`` mask, and the canonical orders."""
    strings = Interner()
    # Both sides share one table of number keys (the books mostly hold the numbers IMS reports);
    # every number goes in first, so one sort of the distinct numbers orders both sides.
    number_keys = NumberKeys()
    ims_rows, books_rows = ims_fields(ims), books_fields(purchases)
    ims_ids = (number_keys.intern(ims_rows["document_number"]),
               number_keys.intern(ims_rows["original_number"]))
    books_ids = number_keys.intern(books_rows["bill_no"])
    ims_columns = ims_side(ims, strings, number_keys, ims_ids, ims_rows)
    del ims_rows
    books_columns = purchase_side(purchases, strings, number_keys, books_ids, books_rows)
    del books_rows
    del number_keys
    books_columns.suspect = suspect_rows(books_columns.pan, books_columns.gstin_invalid, strings[""],
                                         ims_columns.pan)
    i, j = candidate_pairs(ims_columns, books_columns, settings.amount_tolerance,
                           settings.date_window_days)
    pairs = compare(ims_columns, books_columns, i, j, settings, blank=strings[""])
    # Slips are weighed only among documents no better-numbered candidate took: two slip pairs must
    # never outscore one pair of equal numbers (5319/5319 and 5913 unpaired, not 5319/5139 + 5913/5319).
    # A number that agrees in nothing is weighed last of all. A same-numbered pair whose amounts
    # disagree waits behind a slip on the bill's day to the paisa (``_outweighed_by_a_slip``).
    numbered = pairs.eligible & (pairs.level <= 3)
    deferred = _outweighed_by_a_slip(pairs, numbered, ims_columns.size, books_columns.size)
    for stage in (numbered & ~deferred, pairs.eligible & (pairs.level == 4), deferred,
                  pairs.eligible & (pairs.level == 5)):
        taken_ims = np.zeros(ims_columns.size, dtype=bool)
        taken_books = np.zeros(books_columns.size, dtype=bool)
        taken_ims[pairs.ims[pairs.chosen]] = True
        taken_books[pairs.books[pairs.chosen]] = True
        eligible = np.flatnonzero(stage & ~taken_ims[pairs.ims] & ~taken_books[pairs.books])
        picked = assign(pairs.ims[eligible], pairs.books[eligible], pairs.score[eligible],
                        ims_columns.size, books_columns.size, settings.dense_component_limit)
        pairs.chosen[eligible[picked]] = True
    return pairs, ims_columns.order, books_columns.order


def _outweighed_by_a_slip(pairs: PairTable, numbered: np.ndarray, n_ims: int, n_books: int) -> np.ndarray:
    """Pairs of the same number whose amounts disagree, where either document has a slip of its
    number on its own day with every amount to the paisa: those are weighed after the slips, so the
    slip takes the bill. The clerk typed SB-2627-0010 for the supplier's 0001 of the 1st (the same
    day, the same amounts), while the supplier's own 0010, of the 3rd and for other amounts, is not
    booked; or typed 32 for the supplier's 23, both of the 13th, 23 carrying every paisa of the entry
    and 32 another rate: the same number says less than the day and every paisa. A same-numbered
    pair whose amounts agree, even in part, keeps its place before every slip."""
    slip = pairs.eligible & (pairs.level == 4) & (pairs.date_gap == 0) & (pairs.amount_class == A_EXACT)
    weak = numbered & (pairs.amount_class == A_DIFFERENT)
    if not slip.any() or not weak.any():
        return np.zeros(len(pairs.ims), dtype=bool)
    slipped_ims = np.zeros(n_ims, dtype=bool)
    slipped_books = np.zeros(n_books, dtype=bool)
    slipped_ims[pairs.ims[slip]] = True
    slipped_books[pairs.books[slip]] = True
    return weak & (slipped_ims[pairs.ims] | slipped_books[pairs.books])


def _nearest(pairs: PairTable, ims_order, books_order) -> tuple[dict[int, int], dict[int, int]]:
    """For documents left unpaired, the best-scoring candidate they were not paired with."""
    if not len(pairs.ims):
        return {}, {}
    paired_ims = np.zeros(len(ims_order), dtype=bool)
    paired_books = np.zeros(len(books_order), dtype=bool)
    paired_ims[pairs.ims[pairs.chosen]] = True
    paired_books[pairs.books[pairs.chosen]] = True
    out = []
    for unpaired, this, other, this_order, other_order in (
        (~paired_ims[pairs.ims], pairs.ims, pairs.books, ims_order, books_order),
        (~paired_books[pairs.books], pairs.books, pairs.ims, books_order, ims_order),
    ):
        rows = np.flatnonzero(unpaired)
        rows = rows[np.lexsort((-pairs.score[rows], this[rows]))]  # best first within each document
        first = rows[np.r_[True, this[rows][1:] != this[rows][:-1]]] if len(rows) else rows
        out.append(dict(zip(this_order[this[first]].tolist(), other_order[other[first]].tolist())))
    return out[0], out[1]


def _what_differs(number_a, number_b, day_a, day_b, amounts_a, amounts_b) -> list[str]:
    out = []
    if (number_a or "").strip().upper() != (number_b or "").strip().upper():
        out.append("number")
    if day_a != day_b:
        out.append("date")
    if amounts_a != amounts_b:
        out.append("amounts")
    return out or ["other fields"]


def _describe_book(purchases, j, record: ImsRecord) -> str | None:
    if j is None:
        return None
    document = purchases[j]
    day = document.bill_date or document.posting_date
    return nearest_text(document.bill_no, day, document.name,
                        _what_differs(record.document_number, document.bill_no, record.document_date, day,
                                      record.amounts, books_amounts(document)))


def _describe_ims(ims, i, document: PurchaseDocument) -> str | None:
    if i is None:
        return None
    record = ims[i]
    day = document.bill_date or document.posting_date
    return nearest_text(record.document_number, record.document_date, None,
                        _what_differs(record.document_number, document.bill_no, record.document_date, day,
                                      record.amounts, books_amounts(document)))
