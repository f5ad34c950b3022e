"""How two documents' numbers agree, pair by pair: the finest key level (``normalize``), then what
keys cannot settle (two digits swapped, a serial read with a scan's letter as its digit), an
amendment's original number, and the second readings the other side of a pair settles (a bare
calendar and short year, a number its date's financial year reads another way).

Level 0-5 as ``normalize.NumberKeys.level``; 6 marks digits in the same multiset before
``_unkeyed_levels`` settles it.
"""

from __future__ import annotations

import numpy as np

from .columns import KeyColumns
from .features import LOOK_ALIKE, Side
from .normalize import serials_read_alike
from .relations import digits_swapped, tail_related, two_swapped, words_agree
from .years import day_of, other_years, token_slip


def number_levels(ims: Side, books: Side, i: np.ndarray, j: np.ndarray):
    """Level, date gap, whether the amendment's original number decided, and whether the numbers as
    written decided (``as_written_levels``), for each candidate pair."""
    level = key_levels(ims.keys, i, books.keys, j)
    _unkeyed_levels(level, i, j, ims.keys, (ims.serials, ims.tokens, ims.numbers),
                    (books.serials, books.tokens, books.numbers))
    _serials_read_alike_levels(level, i, j, ims.keys, (ims.serials, ims.numbers), books.keys,
                               (books.serials, books.numbers))
    date_gap = np.abs(ims.date[i] - books.date[j])
    via_original = np.zeros(len(i), dtype=bool)
    if ims.original_keys is not None:
        original_level = key_levels(ims.original_keys, i, books.keys, j)
        _unkeyed_levels(original_level, i, j, ims.original_keys,
                        (ims.original_serials, ims.original_tokens, ims.original_numbers),
                        (books.serials, books.tokens, books.numbers))
        _serials_read_alike_levels(original_level, i, j, ims.original_keys,
                                   (ims.original_serials, ims.original_numbers), books.keys,
                                   (books.serials, books.numbers))
        if ims.original_first is not None:  # 2024/25 of FY 2024-25 is Tally's bill 2024 too
            first = np.maximum(key_levels(ims.original_first, i, books.keys, j), 2)
            original_level = np.minimum(original_level, first)
        original_gap = np.abs(ims.original_date[i] - books.date[j])
        better = original_level < level
        via_original = better
        level = np.where(better, original_level, level)
        date_gap = np.where(better, np.minimum(date_gap, original_gap), date_gap)
    as_written = as_written_levels(level, ims, books, i, j)
    level = serial_first_levels(level, ims, books, i, j, via_original)
    return level, date_gap, via_original, as_written


def alike_read(left, i, right, j) -> np.ndarray:
    """Numbers alike once look-alike letters are read as digits, on one side or both: S00302 booked
    SO0302 (the books' O read as 0 is the number as GSTN has it, though S00302 read alone is
    500302, its S touching a digit)."""
    left_read, right_read = left[LOOK_ALIKE][i], right[LOOK_ALIKE][j]
    return (left_read == right_read) | (left["separators"][i] == right_read) \
        | (left_read == right["separators"][j])


def key_levels(left: dict[str, np.ndarray], i, right: dict[str, np.ndarray], j) -> np.ndarray:
    """Finest key level at which numbers agree; 6 marks digits in the same multiset (a slip only if
    exactly two were swapped, which ``_unkeyed_levels`` checks on the text)."""
    level = np.full(len(i), 5, dtype=np.int8)
    valid = left["exact"][i] != -1  # hashes may be negative; -1 marks an empty number
    level[(left["transposed"][i] == right["transposed"][j]) & valid] = 6
    level[(left["zeroless"][i] == right["zeroless"][j]) & valid] = 4
    # look-alike letters read as digits: as loose as a dropped prefix (amounts and date must agree)
    level[alike_read(left, i, right, j) & valid] = 3
    # coarse to fine, so the finest agreement wins
    for value, kind in ((3, "serial"), (2, "tokens"), (1, "separators"), (0, "exact")):
        level[(left[kind][i] == right[kind][j]) & valid] = value
    return level


def _unkeyed_levels(level, i, j, left_keys, left, right) -> None:
    """Settle what keys cannot: two digits swapped, or one serial ending with the other under the
    same series letters (``words_agree``) (level 4). ``left``, ``right``: (serials, tokens, numbers as
    written) texts.

    Two digits swapped where one number reads a glued year and the other cannot (SAP's 9100000765
    typed 1900000765: ``19`` and zeros read as FY 2019 glued before bill 765) is found on the numbers
    as written: their serial keys differ in length, so no key holds both."""
    for position in np.flatnonzero((level >= 5) & (left_keys["exact"][i] != -1)).tolist():
        a, b = left[0][i[position]], right[0][j[position]]
        swapped = level[position] == 6 and two_swapped(a, b)
        tail = not swapped and tail_related(a, b) and words_agree(left[1][i[position]], right[1][j[position]])
        glued = not (swapped or tail) and len(a) != len(b) \
            and digits_swapped(left[2][i[position]], right[2][j[position]])
        level[position] = 4 if swapped or tail or glued else 5


def _serials_read_alike_levels(level, i, j, left_keys, left, right_keys, right) -> None:
    """A prefix dropped together with a look-alike letter in the serial (2627/000501 filed,
    SHRIRAMTEX/2627/00050I booked): level 3, as each alone is. ``left``, ``right``: (serials, numbers
    as written) texts. Read as text for the few pairs where either number holds such a letter."""
    scanned = (left_keys[LOOK_ALIKE][i] != left_keys["separators"][i]) \
        | (right_keys[LOOK_ALIKE][j] != right_keys["separators"][j])
    for position in np.flatnonzero(scanned & (level >= 4) & (left_keys["exact"][i] != -1)).tolist():
        a, b = i[position], j[position]
        if serials_read_alike(left[1][a], left[0][a], right[1][b], right[0][b]):
            level[position] = 3


def as_written_levels(level, ims: Side, books: Side, i, j) -> np.ndarray:
    """A number its date's financial year reads another way (``in_year``: RSI-2526-27 of April 2026
    as bill 2526 of FY 2026-27) still reads as written too, where the other side agrees with that
    reading and the two are then one bill with a financial-year token slip (``_token_slip``:
    RSI-2627-27 booked, bill 27, last year's token left on the supplier's software). The other side
    settles which, as for ``serial_first_levels``, never closer than written differently. Returns
    the pairs the numbers as written now level (``year_rules`` reads their
    years as written)."""
    as_written = np.zeros(len(i), dtype=bool)
    for side, rows in ((ims.keys, i), (books.keys, j)):
        if side.read is not None:
            as_written |= side.read[rows] != side.ids[rows]
    positions = np.flatnonzero(as_written)
    if len(positions):
        written_ims = KeyColumns(ims.keys.table, ims.keys.ids)
        written_books = KeyColumns(books.keys.table, books.keys.ids)
        written = np.maximum(key_levels(written_ims, i[positions], written_books, j[positions]), 2)
        closer = written < level[positions]
        for k in np.flatnonzero(closer).tolist():
            closer[k] = _token_slip(ims, books, i[positions[k]], j[positions[k]])
        as_written[positions] = closer
        level[positions] = np.where(closer, written, level[positions])
    return as_written


def _token_slip(ims: Side, books: Side, row: int, other: int) -> bool:
    """The numbers as written name other financial years, one of them the year both are dated in
    (``years.token_slip``): the only second reading the other side may settle. 5/2019 and 5/2020 of
    November 2026 name no year of theirs, so they stay bills 2019 and 2020 of book 5."""
    number, booked = ims.numbers[row], books.numbers[other]
    return other_years(number, booked) and token_slip(number, day_of(int(ims.date[row])), booked,
                                                      day_of(int(books.date[other])))


def serial_first_levels(level, ims: Side, books: Side, i, j, via_original) -> np.ndarray:
    """A bare calendar and short year naming the document's year (2025/26 of FY 2025-26) read as
    Tally's bill 2025 as well as bill 26 (``in_year.serial_first``): the other side settles which
    (2025/25-26, 2025: bill 2025; 26: bill 26), never closer than written differently. Two such
    numbers of other calendar years (2025/26, 2026/26) are two bills whichever the reading: Tally's
    2025 and 2026, or bill 26 of two calendar-year series. A run behind a code holding a digit
    (BR2/2031, ``in_year.serials_behind_codes``) is a second reading of the same kind."""
    left, right = ims.serial_first, books.serial_first
    if left is not None:
        level = np.minimum(level, np.maximum(key_levels(left, i, books.keys, j), 2))
    if right is not None:
        level = np.minimum(level, np.maximum(key_levels(ims.keys, i, right, j), 2))
    if left is not None and right is not None:
        a, b = left["exact"][i], right["exact"][j]
        level = np.where((a != -1) & (b != -1) & (a != b) & ~via_original, 5, level).astype(np.int8)
    return level
