"""Building blocks of ``features``: values that repeat worked out once per distinct value.

A month's two sides share most of their numbers (the books hold what IMS
reports), and dates, GSTINs, places and periods repeat thousands of times, so
everything per value is computed once and spread to rows with an index array.
That is what keeps a million-record month fast and small (no per-row tuples
of key strings, no wide fixed-width string arrays).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from itertools import chain, islice
from operator import attrgetter, itemgetter

import numpy as np

from .characters import letters_and_digits
from .in_year import (
    YEAR_LIKE_SERIALS,
    OtherReading,
    other_reading,
    serial_first,
    serials_behind_codes,
    takes_other,
)
from .normalize import key_tuple
from .relations import suffix_dropped
from .years import fy_start

NO_DATE = -(10**7)  # far from every real ordinal: never "within the window"
KEY_KINDS = ("exact", "separators", "tokens", "serial", "transposed", "zeroless")
# Kinds a number read in its document's financial year takes from that reading (``in_year``); the
# number as written (exact, separators, look-alike letters) stays its own.
READ_KINDS = frozenset(("tokens", "serial", "transposed", "zeroless"))
# letters and digits with look-alike letters read as digits (the separators key when there are none)
LOOK_ALIKE = "lookalike"
# the letters and digits of a number without what was added after its serial, a clerk's suffix or a
# letter mark (``relations.suffix_dropped``); -1 for a number without either
SUFFIX_DROPPED = "suffix_dropped"
_TABLE_KINDS = (*KEY_KINDS, LOOK_ALIKE, SUFFIX_DROPPED)
_EMPTY = ("",) * (len(KEY_KINDS) + 1)
# Distinct numbers worked at a time: bounds the short-lived key tuples (a few hundred bytes each).
_CHUNK = 65_536


class Interner(dict):
    """Values to small ints, in order of first sight."""

    def __missing__(self, key):
        value = self[key] = len(self)
        return value

    def ids(self, values: Sequence) -> np.ndarray:
        return np.fromiter(map(self.__getitem__, values), np.int64, len(values))


class Factor:
    """A column of repeating values (GSTINs, sections, places, periods) as small ints, ``codes``, into
    its distinct values, ``values`` (first seen first): whatever depends on the value alone is worked
    out once per distinct value and spread to the rows with ``spread``."""

    __slots__ = ("codes", "values")

    def __init__(self, items: Sequence, convert=None) -> None:
        local = Interner()
        self.codes = local.ids(items)
        self.values = list(local) if convert is None else list(map(convert, local))

    def __len__(self) -> int:
        return len(self.codes)

    def spread(self, per_value: Iterable, dtype=np.int64) -> np.ndarray:
        """Row for row, ``per_value`` (one entry per distinct value)."""
        return np.fromiter(per_value, dtype, len(self.values))[self.codes]

    def ranks(self) -> np.ndarray:
        """``ranks`` of the rows' values (equal values, equal ranks: the same over the distinct ones)."""
        return ranks(self.values)[self.codes] if self.values else np.zeros(0, np.int64)


class Texts:
    """Text per row, looked up in a table of distinct values when read: a million rows of a few
    hundred thousand distinct numbers are never laid out as a list (each entry a trip to memory)."""

    __slots__ = ("ids", "values")

    def __init__(self, values: list[str], ids: np.ndarray) -> None:
        self.values, self.ids = values, ids

    def __getitem__(self, position: int) -> str:
        return self.values[self.ids[position]]

    def __len__(self) -> int:
        return len(self.ids)


class KeyColumns(Mapping):
    """Key hashes by kind (``KEY_KINDS`` and ``LOOK_ALIKE``), row for row, gathered from the table of
    distinct numbers when read: a side holds one id per row, not seven hashes (at a million rows,
    with the amendments' original numbers, 170 MB less at the engine's peak)."""

    def __init__(self, table: dict[str, np.ndarray], ids: np.ndarray, read: np.ndarray | None = None) -> None:
        """``read``: ids of the numbers as read in each row's financial year (``NumberKeys.reread``),
        for ``READ_KINDS``; None when every row reads its number as written."""
        self.table, self.ids, self.read = table, ids, read

    def __getitem__(self, kind: str) -> np.ndarray:
        if self.read is not None and kind in READ_KINDS:
            return self.table[kind][self.read]
        return self.table[kind][self.ids]

    def __iter__(self):
        return iter(self.table)

    def __len__(self) -> int:
        return len(self.table)

    def take(self, rows: np.ndarray) -> KeyColumns:
        """The same keys for ``rows`` only, in their order."""
        return KeyColumns(self.table, self.ids[rows], None if self.read is None else self.read[rows])


class NumberKeys:
    """Key hashes, serial and tokens keys of every distinct document number seen, shared by both sides.

    Keys are 64-bit string hashes (only ever compared for equality within one
    run; a collision needs two of a few million keys to share 64 bits); -1
    for an empty number.
    """

    def __init__(self) -> None:
        self.index = Interner()
        self.hashes: list[np.ndarray] = []  # per chunk: (rows, 8) exact..zeroless, lookalike, suffix
        self.serials: list[str] = []
        self.tokens: list[str] = []
        self._ranks: np.ndarray | None = None
        self._numbers: list[str] = []
        self._lengths = np.zeros(0, np.int64)
        self._table: dict[str, np.ndarray] | None = None
        self.readings: dict[int, OtherReading] = {}  # id -> the other reading of a two-year number
        # id -> Tally's reading of a bare calendar and short year (2025/26 as bill 2025), and the
        # financial years in which both runs name the year (``in_year.serial_first``); or the run
        # behind a code holding a digit (BR2/2031 as bill 2031) in any year (``serials_behind_codes``)
        self.serials_first: dict[int, tuple[str, frozenset[int]]] = {}

    def intern(self, numbers: Sequence[str | None]) -> np.ndarray:
        """Ids of ``numbers`` (None as empty), working out the keys of numbers not seen before."""
        seen = len(self.index)
        ids = self.index.ids([number or "" for number in numbers])
        if len(self.index) > seen:
            fresh = list(self.index)[seen:]
            for start in range(0, len(fresh), _CHUNK):
                self._add(fresh[start:start + _CHUNK], seen + start)
            # the other readings' texts are numbers too, interned with the rest: one sort of the
            # distinct numbers (``ranks``) then serves both sides
            fresh_ids = range(seen, len(self.index))
            others = [self.readings[k].text for k in fresh_ids if k in self.readings]
            others += [self.serials_first[k][0] for k in fresh_ids if k in self.serials_first]
            if others:
                self.intern(others)
        return ids

    def reread(self, ids: np.ndarray, days: np.ndarray) -> np.ndarray | None:
        """Ids of the numbers as each row's financial year (``days``: ordinals) reads them
        (``in_year``); None when no row reads its number another way."""
        if not self.readings:
            return None
        rows = np.flatnonzero(np.isin(ids, np.fromiter(self.readings, np.int64, len(self.readings))))
        read = None
        starts: dict[int, int] = {}
        for row, number, day in zip(rows.tolist(), ids[rows].tolist(), days[rows].tolist()):
            if day <= 0:
                continue
            start = starts.get(day)
            if start is None:
                start = starts[day] = fy_start(date.fromordinal(day))
            reading = self.readings[number]
            if takes_other(reading, start):
                read = ids.copy() if read is None else read
                read[row] = self.index[reading.text]
        return read

    def alternate(self, ids: np.ndarray, days: np.ndarray) -> np.ndarray | None:
        """Ids of the second reading of rows whose number is a bare calendar and short year that both
        name the row's financial year (``in_year.serial_first``), the empty number's elsewhere; None
        when no row has one."""
        if not self.serials_first:
            return None
        known = np.fromiter(self.serials_first, np.int64, len(self.serials_first))
        rows = np.flatnonzero(np.isin(ids, known))
        alternate = None
        empty = int(self.intern([""])[0])
        for row, number, day in zip(rows.tolist(), ids[rows].tolist(), days[rows].tolist()):
            text, years = self.serials_first[number]
            if day > 0 and fy_start(date.fromordinal(day)) in years:
                alternate = np.full(len(ids), empty, np.int64) if alternate is None else alternate
                alternate[row] = self.index[text]
        return alternate

    def ranks(self) -> np.ndarray | None:
        """Sort rank of every distinct number (index: id), as numpy orders the text; None when a NUL
        character would make numpy's order differ (see ``ranks``). One sort serves both sides when
        every number was interned first."""
        if self._ranks is None or len(self._ranks) != len(self.index):
            distinct = list(self.index)
            if "\x00" in "".join(distinct):
                return None
            rank = np.empty(len(distinct), np.int64)
            rank[sorted(range(len(distinct)), key=distinct.__getitem__)] = np.arange(len(distinct))
            self._ranks = rank
        return self._ranks

    def columns(self, numbers: Sequence[str | None], ids: np.ndarray | None = None):
        """Keys by kind of ``numbers``, row for row (``KeyColumns``), and the numbers' ids (for
        ``texts``); ``ids``: from ``intern`` already."""
        ids = self.intern(numbers) if ids is None else ids
        if self._table is None or len(self._table["exact"]) != len(self.index):
            empty = np.empty((0, len(_TABLE_KINDS)), np.int64)
            table = np.concatenate(self.hashes) if self.hashes else empty
            self._table = {kind: np.ascontiguousarray(table[:, column])
                           for column, kind in enumerate(_TABLE_KINDS)}
        return KeyColumns(self._table, ids), ids

    def texts(self, ids: np.ndarray) -> tuple[Texts, Texts]:
        """Serial and tokens keys as text, for the few comparisons no hash can answer."""
        return Texts(self.serials, ids), Texts(self.tokens, ids)

    def numbers(self, ids: np.ndarray) -> Texts:
        """The numbers themselves (None read as empty)."""
        if len(self._numbers) != len(self.index):
            self._numbers = list(self.index)
            self._lengths = np.fromiter(map(len, self._numbers), np.int64, len(self._numbers))
        return Texts(self._numbers, ids)

    def lengths(self, ids: np.ndarray) -> np.ndarray:
        """Length of each number, row for row."""
        self.numbers(ids)
        return self._lengths[ids]

    def _add(self, numbers: list[str], first: int) -> None:
        """``first``: the id of ``numbers[0]``."""
        rows = [(key_tuple(number) or _EMPTY) if number else _EMPTY for number in numbers]
        count = len(rows)
        serial = KEY_KINDS.index("serial")
        year_like = map(YEAR_LIKE_SERIALS.__contains__, map(itemgetter(serial), rows))
        for k in np.flatnonzero(np.fromiter(year_like, bool, count)).tolist():
            reading = other_reading(numbers[k], rows[k][serial])
            if reading is not None:
                self.readings[first + k] = reading
            second = serial_first(numbers[k])
            if second is not None:
                self.serials_first[first + k] = second
        for k, second in serials_behind_codes(numbers).items():
            self.serials_first.setdefault(first + k, second)  # BR2/2031: bill 2031 of branch BR2 too
        table = np.empty((count, len(_TABLE_KINDS)), np.int64)
        for column in range(len(KEY_KINDS)):
            table[:, column] = np.fromiter(map(hash, map(itemgetter(column), rows)), np.int64, count)
        # the separators key, except for the few numbers with a look-alike letter
        table[:, 6] = table[:, 1]
        for row in np.flatnonzero(np.fromiter(map(bool, map(itemgetter(6), rows)), bool, count)).tolist():
            table[row, 6] = hash(rows[row][6])
        # A suffix's digit or two are the serial key (3205-1: 1), and a mark leaves a letter among the
        # last three characters (3205A, 181-R1): only those numbers are read again.
        table[:, 7] = -1
        for row in [row for row, keys in enumerate(rows)
                    if keys[0] and (not keys[0][-3:].isdigit() or 0 < len(keys[serial]) <= 2)]:
            dropped = suffix_dropped(numbers[row])
            if dropped:
                table[row, 7] = hash(letters_and_digits(dropped))
        table[np.fromiter((not row[0] for row in rows), bool, count)] = -1
        self.hashes.append(table)
        self.serials.extend(map(itemgetter(KEY_KINDS.index("serial")), rows))
        self.tokens.extend(map(itemgetter(KEY_KINDS.index("tokens")), rows))


def ranks(values: Sequence[str]) -> np.ndarray:
    """Sort keys ordering rows exactly as the strings themselves sort in numpy (code point by code
    point), as small ints: a lexsort over them is the lexsort over the text, without the wide arrays."""
    distinct = set(values)
    if set(map(type, distinct)) - {str}:
        values = [text if type(text) is str else str(text) for text in values]  # as numpy reads None
        distinct = set(values)
    if "\x00" in "".join(distinct):
        # numpy drops trailing NULs, so "A" and "A\0" tie there; let numpy decide to stay identical
        return np.unique(np.array(values, dtype=str), return_inverse=True)[1].ravel()
    rank = {text: k for k, text in enumerate(sorted(distinct))}
    return np.fromiter(map(rank.__getitem__, values), np.int64, len(values))


def tie_ranks(values, keys: list[np.ndarray]) -> np.ndarray:
    """Sort keys for ``values`` (a function of a row giving its text) that order, like ``ranks``, the
    rows tied on every one of ``keys`` (lexsort order, last key first); 0 elsewhere, where the text
    never decides. Spares reading and sorting a million distinct texts to settle a few ties."""
    if not len(keys[0]):
        return np.zeros(0, np.int64)
    order = np.lexsort(keys)
    same = np.ones(len(order) - 1, bool)
    for key in keys:
        column = key[order]
        same &= column[1:] == column[:-1]
    tied = np.zeros(len(order), bool)
    tied[1:] |= same
    tied[:-1] |= same
    rows = order[tied]
    out = np.zeros(len(order), np.int64)
    if len(rows):
        out[rows] = ranks([values(row) for row in rows.tolist()])
    return out


def ordinals(days: Sequence[date | None]) -> np.ndarray:
    """Day numbers (``NO_DATE`` for none); a month holds a few dozen distinct days."""
    known = {day: day.toordinal() if day else NO_DATE for day in set(days)}
    return np.fromiter(map(known.__getitem__, days), np.int64, len(days))


def amount_table(amounts: Sequence) -> np.ndarray:
    """(n, 5) paise: taxable, igst, cgst, sgst, cess, of ``Amounts`` objects."""
    heads = attrgetter("taxable_value", "igst", "cgst", "sgst", "cess")
    flat = np.fromiter(chain.from_iterable(map(heads, amounts)), np.int64, 5 * len(amounts))
    return flat.reshape(len(amounts), 5)


def fields(items: Sequence, names: tuple[str, ...]) -> dict[str, list]:
    """The attributes ``names`` of every item, one list per name, read in a single pass: a million
    records visited once rather than once per attribute (each visit a trip to main memory)."""
    getter = attrgetter(*names)
    out: list[list] = [[] for _ in names]
    rows = iter(items)
    while chunk := list(map(getter, islice(rows, _CHUNK))):
        for column, values in zip(out, zip(*chunk)):
            column.extend(values)
    return dict(zip(names, out))


def packed_keys(keys: list[np.ndarray]) -> list[np.ndarray]:
    """``np.lexsort`` keys (last key first) with neighbours packed into one int64 wherever their ranges
    fit in 62 bits together: the same order in fewer sorting passes (a GSTIN rank, a number rank, a
    day and a section fit in one)."""
    out: list[np.ndarray] = []
    packed, bits = None, 0
    for key in reversed(keys):  # most significant first
        key = np.asarray(key, dtype=np.int64)
        low, high = (int(key.min()), int(key.max())) if len(key) else (0, 0)
        width = (high - low).bit_length()
        if width > 62:  # as it is: too wide to share a word
            if packed is not None:
                out.append(packed)
            out.append(key)
            packed, bits = None, 0
            continue
        shifted = key - low
        if packed is not None and bits + width <= 62:
            packed = (packed << width) | shifted
            bits += width
        else:
            if packed is not None:
                out.append(packed)
            packed, bits = shifted, width
    if packed is not None:
        out.append(packed)
    return out[::-1]
