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
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime

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


def line(values: Sequence) -> str:
    """One row of the file."""
    try:
        return "\t".join([_BY_TYPE[type(value)](value) for value in values]) + "\n"
    except KeyError:  # a subclass of a known type, or refused by sqlwrite._encoder
        return "\t".join([sqlwrite._encoder(_BY_TYPE, value)(value) for value in values]) + "\n"


class LoadRefused(Exception):
    """A chunk the server did not take whole (a duplicate key, a value that does not fit)."""


@dataclass(frozen=True)
class Chunk:
    """A written file of ``rows`` rows for ``table``'s ``columns``."""

    table: str
    columns: tuple[str, ...]
    path: str
    rows: int

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
        batch: list[str] = []
        number = 0
        for row in self._values:
            batch.append(line(row))
            if len(batch) >= CHUNK_ROWS:
                number += 1
                yield self._written(number, batch), len(batch)
                batch = []
        if batch:
            number += 1
            yield self._written(number, batch), len(batch)

    def _written(self, number: int, lines: list[str]) -> Chunk:
        path = os.path.join(self.folder, f"{number}.tsv")
        with open(path, "w", encoding="utf-8", newline="") as out:
            out.write("".join(lines))
        return Chunk(self.table, self.columns, path, len(lines))

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
    try:
        cursor.execute(
            f"LOAD DATA LOCAL INFILE '{path}' INTO TABLE `{chunk.table}` CHARACTER SET utf8mb4 ({columns})"
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
