"""Candidate pairs: only documents of one PAN and one side (debit/credit) whose numbers share a key.

Blocking keeps the work near-linear: a supplier with 10,000 documents is
never compared all-against-all, only key group against key group. Indexes:
the serial (prefix, year tokens and zeros dropped), the letters and digits
(for numbers whose separators hid a year token), two slip keys (digits
sorted, zeros left out) and the taxable value; they only propose, whether a
pair may be made is decided later from amounts and dates.
"""

from __future__ import annotations

import numpy as np

from ..documents import DocumentType
from .characters import GSTN_MAX_LENGTH, plain
from .features import DOCUMENT_TYPE_CODE, LOOK_ALIKE, SUFFIX_DROPPED, Side
from .relations import same_runs

CREDIT_NOTE = DOCUMENT_TYPE_CODE[DocumentType.CREDIT_NOTE]
DEBIT_NOTE = DOCUMENT_TYPE_CODE[DocumentType.DEBIT_NOTE]
PROPOSING_KEYS = ("serial", "separators", "transposed", "zeroless")
SLIP_KEYS = ("transposed", "zeroless")
AMOUNT_GROUP_LIMIT = 4
DAY_GROUP_LIMIT = 12  # bills of one amount on one day that the day's join still proposes
# A key shared by more documents than this on one side (a register whose numbers all read alike)
# discriminates nothing; joining it would be quadratic.
KEY_GROUP_LIMIT = 64
_JOIN_CHUNK = 32_768  # left rows per step of a join: at most 2 million pairs (KEY_GROUP_LIMIT each)


def _combine(block: np.ndarray, key: np.ndarray) -> np.ndarray:
    """One 64-bit value per (block, key), for equality only (wrapping multiply-add mixes the two)."""
    mixed = key.astype(np.uint64) * np.uint64(0x9E3779B97F4A7C15) + block.astype(np.uint64)
    return mixed.view(np.int64)


def _join(left_block, left_key, right_block, right_key, max_group: int | None = None, keep=None):
    """All (left, right) positions with equal (block, key); keys of -1 never join; ``keep``: a filter
    over (left, right) position arrays, applied as the pairs are made.

    ``max_group`` drops keys shared by more documents than that on either
    side: such a key (a round amount billed every day) tells nothing.
    """
    left_ok = np.flatnonzero(left_key != -1)
    right_ok = np.flatnonzero(right_key != -1)
    if not len(left_ok) or not len(right_ok):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    combined_left = _combine(left_block[left_ok], left_key[left_ok])
    combined_right = _combine(right_block[right_ok], right_key[right_ok])
    # Sorted needles: the binary searches then walk the right side in order instead of jumping
    # about a million-row array. Callers never depend on the order of the pairs returned (they sort
    # them), so neither sort need be stable: numpy's default sort is several times faster.
    needles = np.argsort(combined_left)
    left_ok, combined_left = left_ok[needles], combined_left[needles]
    if max_group is not None:
        run = np.cumsum(np.r_[True, combined_left[1:] != combined_left[:-1]]) - 1
        small = np.bincount(run)[run] <= max_group
        left_ok, combined_left = left_ok[small], combined_left[small]
    # Sort the right side once; each left key finds its run of equal right keys by binary search.
    order = np.argsort(combined_right)
    sorted_right = combined_right[order]
    start = np.searchsorted(sorted_right, combined_left, side="left")
    stop = np.searchsorted(sorted_right, combined_left, side="right")
    counts = stop - start
    has = counts > 0
    if max_group is not None:
        has &= counts <= max_group
    if not has.any():
        return np.empty(0, np.int64), np.empty(0, np.int64)
    left_ok, start, counts = left_ok[has], start[has], counts[has]
    # A few thousand left rows at a time, each filtered by ``keep`` at once: a slip key proposes
    # millions of pairs that the amounts then reject, never all held together.
    out_left, out_right = [], []
    for first in range(0, len(left_ok), _JOIN_CHUNK):
        rows = slice(first, first + _JOIN_CHUNK)
        left_pos = np.repeat(left_ok[rows], counts[rows])
        # position inside each run: 0..count-1
        run_offsets = np.repeat(start[rows] - np.cumsum(counts[rows]) + counts[rows], counts[rows])
        right_pos = right_ok[order[np.arange(len(left_pos)) + run_offsets]]
        if keep is not None:
            kept = keep(left_pos, right_pos)
            left_pos, right_pos = left_pos[kept], right_pos[kept]
        out_left.append(left_pos)
        out_right.append(right_pos)
    return np.concatenate(out_left), np.concatenate(out_right)


def candidate_pairs(ims: Side, books: Side, amount_tolerance: int,
                    date_window: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Unique (ims position, books position) pairs worth comparing, sorted.

    A slip key only proposes pairs whose taxable values agree within the
    tolerance: a slip never pairs two documents with other amounts, and a
    big supplier's sorted-digit keys collide often. The zeroless key also
    proposes pairs dated within ``date_window`` days: zeros dropped from a
    serial that reads as a year (MH/2025/01920A booked MH/2025/1920A, with
    freight added) agree in nothing else a key holds (``compare`` checks the
    digit runs on the text).
    """
    # pairs as one flat code each (ims * books + books): half the memory of two position arrays
    found: list[np.ndarray] = []

    def close(i, j):
        return np.abs(ims.amounts[i, 0] - books.amounts[j, 0]) <= amount_tolerance

    def close_or_dated(i, j):
        near = close(i, j)
        # the tax to the paisa on the same day: the taxable value typed wrong as well (``compare``)
        near |= (ims.date[i] == books.date[j]) & (ims.amounts[i, 1:] == books.amounts[j, 1:]).all(axis=1)
        # (zeros dropped make the number shorter; the few such pairs are read as text)
        for k in np.flatnonzero(~near & (np.abs(ims.date[i] - books.date[j]) <= date_window)
                                & (ims.number_lengths[i] != books.number_lengths[j])).tolist():
            near[k] = same_runs(ims.numbers[i[k]], books.numbers[j[k]])
        return near

    key_sets = [ims.keys]
    if ims.original_keys is not None:
        key_sets.append(ims.original_keys)
    for keys in key_sets:
        for kind in PROPOSING_KEYS:
            keep = None if kind not in SLIP_KEYS else close_or_dated if kind == "zeroless" else close
            i, j = _join(ims.block, keys[kind], books.block, books.keys[kind], max_group=KEY_GROUP_LIMIT,
                         keep=keep)
            found.append(i * books.size + j)
    # second readings, either side: 2025/26 of FY 2025-26 as Tally's bill 2025 (``in_year.serial_first``),
    # BR2/2031 as bill 2031 of branch BR2 (``in_year.serials_behind_codes``)
    for first in (ims.serial_first, ims.original_first):
        if first is not None:
            i, j = _join(ims.block, first["serial"], books.block, books.keys["serial"],
                         max_group=KEY_GROUP_LIMIT)
            found.append(i * books.size + j)
    if books.serial_first is not None:
        i, j = _join(ims.block, ims.keys["serial"], books.block, books.serial_first["serial"],
                     max_group=KEY_GROUP_LIMIT)
        found.append(i * books.size + j)
    # Letters a scan reads for digits (14O8 / 1408): only numbers that hold such a letter propose.
    for keys in key_sets:
        scanned = keys[LOOK_ALIKE] != keys["separators"]
        i, j = _join(ims.block, np.where(scanned, keys[LOOK_ALIKE], -1), books.block, books.keys[LOOK_ALIKE],
                     max_group=KEY_GROUP_LIMIT)
        found.append(i * books.size + j)
    scanned = books.keys[LOOK_ALIKE] != books.keys["separators"]
    i, j = _join(ims.block, ims.keys[LOOK_ALIKE], books.block, np.where(scanned, books.keys[LOOK_ALIKE], -1),
                 max_group=KEY_GROUP_LIMIT)
    found.append(i * books.size + j)
    i, j = _rule46_pairs(ims, books)
    found.append(i * books.size + j)
    i, j = _identity_pairs(ims, books)
    found.append(i * books.size + j)
    # A credit note booked as a positive debit note or invoice: across sides, on the number as written.
    credit_ims = np.where(ims.document_type == CREDIT_NOTE, ims.keys["separators"], -1)
    debit_books = np.where(books.document_type != CREDIT_NOTE, books.keys["separators"], -1)
    i, j = _join(ims.pan, credit_ims, books.pan, debit_books, max_group=KEY_GROUP_LIMIT)
    found.append(i * books.size + j)
    # A debit note booked as a return (negative, so a credit note in the books), likewise. Not an
    # invoice: a supplier's return numbered like one of its invoices is its own document.
    debit_ims = np.where(ims.document_type == DEBIT_NOTE, ims.keys["separators"], -1)
    credit_books = np.where(books.document_type == CREDIT_NOTE, books.keys["separators"], -1)
    i, j = _join(ims.pan, debit_ims, books.pan, credit_books, max_group=KEY_GROUP_LIMIT)
    found.append(i * books.size + j)
    # A clerk's suffix or a letter mark after the bill's number (9000612182-1, 3205A) with the amounts
    # rounded as well: no other key relates the two (the taxable value's join needs it to the paisa).
    i, j = _join(ims.block, ims.keys["separators"], books.block, books.keys[SUFFIX_DROPPED],
                 max_group=KEY_GROUP_LIMIT, keep=close)
    found.append(i * books.size + j)
    # Same taxable value: proposes numbers no key relates (a year glued to the serial, 25000496 vs 496).
    i, j = _join(ims.block, ims.amounts[:, 0], books.block, books.amounts[:, 0], max_group=AMOUNT_GROUP_LIMIT)
    found.append(i * books.size + j)
    # An agency billing each of our sites one fee on one day repeats the amount too often for that
    # join; the day narrows the group to those bills, which their numbers then tell apart.
    i, j = _join(ims.block, _combine(ims.date, ims.amounts[:, 0]), books.block,
                 _combine(books.date, books.amounts[:, 0]), max_group=DAY_GROUP_LIMIT)
    found.append(i * books.size + j)
    flat = np.concatenate(found)
    del found
    if not len(flat):
        return flat, flat.copy()
    # sorted and unique, as np.unique would give, by a plain sort (its hashing is slower at this size)
    flat.sort()
    unique = flat[np.r_[True, flat[1:] != flat[:-1]]]
    del flat
    return unique // books.size, unique % books.size


def _rule46_pairs(ims: Side, books: Side) -> tuple[np.ndarray, np.ndarray]:
    """Books numbers longer than GSTN keeps (Rule 46: 16 characters) against what GSTN kept: their
    first or last 16 characters, or their last or first 16 letters and digits."""
    rows = np.flatnonzero(books.number_lengths > GSTN_MAX_LENGTH)
    found_i, found_j = [], []
    if not len(rows):
        return np.empty(0, np.int64), np.empty(0, np.int64)
    long_rows = rows.tolist()
    printed = [plain(books.numbers[k].strip().upper()) for k in long_rows]
    squeezed = ["".join(c for c in text if c.isalnum()) for text in printed]
    cut = GSTN_MAX_LENGTH
    for ims_kind, cuts in (("exact", [p[:cut] for p in printed] + [p[-cut:] for p in printed]),
                           ("separators", [s[:cut] for s in squeezed] + [s[-cut:] for s in squeezed])):
        keys = np.fromiter(map(hash, cuts), np.int64, len(cuts))
        block = np.concatenate([books.block[rows], books.block[rows]])
        i, j = _join(ims.block, ims.keys[ims_kind], block, keys, max_group=KEY_GROUP_LIMIT)
        found_i.append(i)
        found_j.append(np.concatenate([rows, rows])[j])
    return np.concatenate(found_i), np.concatenate(found_j)


def _identity_pairs(ims: Side, books: Side) -> tuple[np.ndarray, np.ndarray]:
    """Books rows whose GSTIN names no supplier IMS knows (``identity``), against IMS records of any
    PAN on the same side: on the number's tokens, and on its serial with the taxable value or with
    the date."""
    if books.suspect is None or not books.suspect.any():
        return np.empty(0, np.int64), np.empty(0, np.int64)
    ims_side = (ims.document_type == CREDIT_NOTE).astype(np.int64)
    books_side = (books.document_type == CREDIT_NOTE).astype(np.int64)
    found_i, found_j = [], []
    tokens = np.where(books.suspect, books.keys["tokens"], -1)
    i, j = _join(ims_side, ims.keys["tokens"], books_side, tokens, max_group=KEY_GROUP_LIMIT)
    found_i.append(i)
    found_j.append(j)
    serial_amount = np.where(ims.keys["serial"] == -1, -1, _combine(ims.amounts[:, 0], ims.keys["serial"]))
    books_serial_amount = np.where(books.suspect & (books.keys["serial"] != -1),
                                   _combine(books.amounts[:, 0], books.keys["serial"]), -1)
    i, j = _join(ims_side, serial_amount, books_side, books_serial_amount, max_group=KEY_GROUP_LIMIT)
    found_i.append(i)
    found_j.append(j)
    serial_day = np.where(ims.keys["serial"] == -1, -1, _combine(ims.date, ims.keys["serial"]))
    books_serial_day = np.where(books.suspect & (books.keys["serial"] != -1),
                                _combine(books.date, books.keys["serial"]), -1)
    i, j = _join(ims_side, serial_day, books_side, books_serial_day, max_group=KEY_GROUP_LIMIT)
    found_i.append(i)
    found_j.append(j)
    if books.serial_first is not None:  # WH1-2027 read as bill 2027 too (``in_year``), on its date
        second = books.serial_first["serial"]
        books_second_day = np.where(books.suspect & (second != -1), _combine(books.date, second), -1)
        i, j = _join(ims_side, serial_day, books_side, books_second_day, max_group=KEY_GROUP_LIMIT)
        found_i.append(i)
        found_j.append(j)
    return np.concatenate(found_i), np.concatenate(found_j)
