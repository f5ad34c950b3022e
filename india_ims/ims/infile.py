"""New rows loaded with ``LOAD DATA LOCAL INFILE``, the server's cheapest way in.

A lakh of rows sent as ``INSERT ... VALUES`` text costs the server about 3 s of parsing on top of
the insert itself; the same rows as a tab-separated file cost it about 0.9 s (measured on a copy of
IMS Inward Supply: 8.6-9.3 s against 6.4 s). The side connection of a first write
(``side_write``) loads its rows this way when the server allows it.

Two things make a LOCAL load less strict than an INSERT, and both are checked after every chunk:
the server turns a duplicate key into a skipped row and a value that does not fit into a warning
(it cannot stop a client mid-file). So a chunk whose affected rows are not its own count, or that
left any warning, is refused (``LoadRefused``): the side's transaction is rolled back and the job's
connection writes those rows with INSERT statements, which raise what is wrong with them.

Only rows whose every value is one of the types below are written (as ``sqlwrite``); the file is
written in a private temporary directory and deleted once loaded.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import repeat

from . import sqlwrite
from .sqlwrite import _date, _datetime

# Rows per file: a few MB, so the next file is written while the server loads this one.
CHUNK_ROWS = 5_000

# The default LOAD DATA format: tab between fields, a newline after a row, backslash escapes,
# \N for NULL. Quotes are plain characters in it.
_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\0": "\\0"})
_SPECIAL = re.compile("[\\\\\t\n\r\0]")


def _text(value: str) -> str:
    return value.translate(_ESCAPES) if _SPECIAL.search(value) else value


# sqlwrite's literals where the two formats agree (numbers), text as the file writes it
_BY_TYPE = {
    **sqlwrite._BY_TYPE,
    str: _text,
    type(None): lambda _: "\\N",
    date: lambda value: _date(value)[1:-1],
    datetime: lambda value: _datetime(value)[1:-1],
}


def _encode(value) -> str:
    encode = _BY_TYPE.get(type(value))
    return (encode or sqlwrite._encoder(_BY_TYPE, value))(value)


_NULL = "\\N"
# A column of one of these types (NULLs aside) is encoded by a C loop over the column, or with one
# call a value: a lookup and call per value was 1.1-1.25 s of the job's Python for a lakh of
# rows, beside the server's load on the same two cores.
_COLUMN_MAPS = {int: str, float: float.__repr__, date: date.isoformat}


def _column(values: list) -> list[str]:
    """``values`` (one column) as ``_encode`` writes each of them."""
    kinds = set(map(type, values))
    if kinds == {str}:
        return values if not _SPECIAL.search("".join(values)) else list(map(_text, values))
    nulls = type(None) in kinds
    kinds.discard(type(None))
    if len(kinds) != 1:  # only NULLs, or several types: value by value
        return list(map(_encode, values))
    kind = kinds.pop()
    if kind is float and not all(map(math.isfinite, filter(None, values))):
        return list(map(_encode, values))  # raises what sqlwrite says of a NaN
    if kind is str:  # with NULLs: one scan of the text for anything to escape, as above
        if _SPECIAL.search("".join(filter(None, values))):
            return list(map(_encode, values))
        return [_NULL if value is None else value for value in values]
    if kind is Decimal:
        # amounts: nearly every value differs, so one format each beats hashing them for the map below
        # (a lakh of rupee values: 0.016 s against 0.067-0.096 s)
        if not all(value.is_finite() for value in values if value is not None):
            return list(map(_encode, values))  # raises what sqlwrite says of a NaN
        if not nulls:
            return list(map(format, values, repeat("f")))
        return [_NULL if value is None else format(value, "f") for value in values]
    encode = _COLUMN_MAPS.get(kind)
    if encode is None:
        # a datetime, a flag: few distinct values in a column (a write's own time), each
        # encoded once; one type only, so 1, 1.0 and True never share an entry
        try:
            known = {value: _encode(value) for value in set(values)}
        except TypeError:  # unhashable: refused by _encode, value by value
            return list(map(_encode, values))
        return list(map(known.__getitem__, values))
    if not nulls:
        return list(map(encode, values))
    return [_NULL if value is None else encode(value) for value in values]


def lines(rows: Sequence[Sequence]) -> str:
    """``rows`` as the file's text, a row a line (tab between values), written a column at a time."""
    if not rows:
        return ""
    return _joined(map(_column, map(list, zip(*rows))))


def _joined(columns: Iterable[list[str]]) -> str:
    """Encoded columns as the file's rows: tab between values, a newline after each row."""
    return "\n".join(map("\t".join, zip(*columns))) + "\n"


def file_parts(columns: Sequence[str], rows: Sequence[Sequence]) -> tuple[tuple[str, ...], str, tuple]:
    """(the file's columns, its text, the rest as (column, SQL literal) pairs): a column holding one
    value of one type in every row is left out of the file and set once by the load statement. A
    first write's company, GSTIN, times, owner and defaults are a third of its columns: encoding,
    joining and parsing them for every row was work done a lakh times over. The first column (the
    name) always stays in the file."""
    kept: list[str] = []
    texts: list[list[str]] = []
    constants: list[tuple[str, str]] = []
    for position, (column, values) in enumerate(zip(columns, zip(*rows), strict=True)):
        first = values[0]
        if position and values.count(first) == len(values) and len(set(map(type, values))) == 1:
            constants.append((column, sqlwrite.literal(first)))
        else:
            kept.append(column)
            texts.append(_column(list(values)))
    return tuple(kept), _joined(texts), tuple(constants)


class LoadRefused(Exception):
    """A chunk the server did not take whole (a duplicate key, a value that does not fit)."""


@dataclass(frozen=True)
class Chunk:
    """A written file of ``rows`` rows for ``table``'s ``columns``."""

    table: str
    columns: tuple[str, ...]
    path: str
    rows: int
    constants: tuple[tuple[str, str], ...] = ()  # (column, SQL literal) set for every row

    def discard(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)


class Files:
    """The rows of ``values`` as files of up to ``CHUNK_ROWS`` rows, in a private temporary folder:
    iterating writes each as it is taken and yields (file, rows in it). ``load`` deletes a file it
    loaded; ``remove`` deletes the folder with whatever was not loaded (the taker calls it when
    done, after the iteration has stopped)."""

    def __init__(self, table: str, columns: Sequence[str], values: Iterable[Sequence]):
        self.table, self.columns, self._values = table, tuple(columns), values
        self.folder = tempfile.mkdtemp(prefix="india_ims-load-")

    def __iter__(self) -> Iterator[tuple[Chunk, int]]:
        batch: list[Sequence] = []
        number = 0
        for row in self._values:
            batch.append(row)
            if len(batch) >= CHUNK_ROWS:
                number += 1
                yield self._written(number, batch), len(batch)
                batch = []
        if batch:
            number += 1
            yield self._written(number, batch), len(batch)

    def _written(self, number: int, rows: list[Sequence]) -> Chunk:
        columns, text, constants = file_parts(self.columns, rows)
        path = os.path.join(self.folder, f"{number}.tsv")
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write(text)
        return Chunk(self.table, columns, path, len(rows), constants)

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def usable(cursor) -> bool:
    """Whether this connection may load files: the server allows LOCAL loads, and backslashes are
    escapes in its strings (the file's format and the statement's path literal rely on it)."""
    cursor.execute("select @@local_infile, @@session.sql_mode")
    allowed, mode = cursor.fetchone()
    return bool(int(allowed or 0)) and "NO_BACKSLASH_ESCAPES" not in str(mode or "").upper().split(",")


def load(cursor, chunk: Chunk) -> None:
    """Load ``chunk`` within the connection's transaction and delete its file; ``LoadRefused`` unless
    the server took every row as it is."""
    columns = ", ".join(f"`{column}`" for column in chunk.columns)
    path = chunk.path.replace("\\", "\\\\").replace("'", "\\'")
    sets = ", ".join(f"`{column}` = {value}" for column, value in chunk.constants)
    try:
        cursor.execute(
            f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE `{chunk.table}` CHARACTER SET utf8mb4 ({columns})"
            + (f" SET {sets}" if sets else "")
        )
        taken = cursor.rowcount
        cursor.execute("select @@warning_count")
        warnings = int(cursor.fetchone()[0] or 0)
    finally:
        chunk.discard()
    if taken != chunk.rows or warnings:
        raise LoadRefused(
            f"{chunk.table}: the server took {taken} of {chunk.rows} rows with {warnings} warnings"
        )
