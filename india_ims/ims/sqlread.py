"""Wide reads of many rows: one JSON array per row, built by MariaDB and parsed by orjson.

pymysql decodes every field of every row in Python (about a microsecond
each), so reading 100,000 rows of 40 columns took seconds. Asking the server
for ``JSON_ARRAY(col, ...)`` leaves pymysql one field per row, and orjson
parses the array in C. Values come back as JSON gives them: text as str,
NULL as None, integers as int, DECIMAL columns as float (rupee amounts read
through ``to_paise`` stay exact: its float path rounds to whole paise),
dates and datetimes as ISO text (use ``day``).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date

import frappe
import orjson


def json_rows(expressions: Sequence[str], rest: str, values=None) -> list[list]:
    """``select <expressions> <rest>`` as a list of lists (``rest`` starts with ``from``)."""
    loads = orjson.loads
    return [loads(row[0]) for row in _texts(expressions, rest, values)]


def _texts(expressions: Sequence[str], rest: str, values=None) -> tuple:
    query = f"select json_array({', '.join(expressions)}) {rest}"
    return frappe.db.sql(query, values) if values is not None else frappe.db.sql(query)


def dict_rows(columns: Sequence[str], rest: str, values=None, *, alias: str = "") -> list[frappe._dict]:
    """Rows of ``columns`` (plain column names, optionally of table ``alias``) as frappe._dict."""
    return parsed_dicts(columns, dict_texts(columns, rest, values, alias=alias))


def dict_texts(columns: Sequence[str], rest: str, values=None, *, alias: str = "") -> tuple:
    """``dict_rows``' rows as the server sent them, one JSON text each, for ``parsed_dicts`` to
    parse later: the connection is free meanwhile for another read (``ReadAhead``)."""
    prefix = f"{alias}." if alias else ""
    return _texts([f"{prefix}`{c}`" for c in columns], rest, values)


def parsed_dicts(columns: Sequence[str], texts: Sequence) -> list[frappe._dict]:
    loads, keys = orjson.loads, tuple(columns)
    return [frappe._dict(zip(keys, loads(row[0]), strict=True)) for row in texts]


def day(text: str | None) -> date | None:
    """A DATE column as read here ("2026-11-30") -> date."""
    return date.fromisoformat(text[:10]) if text else None


class ReadAhead:
    """``json_rows`` on the job's own connection, in a thread, while the caller works in Python (a
    download, a plan): the server builds the rows meanwhile, and ``convert`` (run in the thread too)
    turns them into what the caller needs. Until ``wait`` returns the connection is the thread's:
    the caller must not touch the database. The statement is built before the thread starts, and
    neither it nor ``convert`` may touch ``frappe`` (its state is per thread). One connection, one
    transaction: the rows are the ones the same read would give the caller. ``after``: a read ahead
    still running on the connection, which this one waits for before it reads (and the caller for
    both)."""

    def __init__(
        self,
        expressions: Sequence[str],
        rest: str,
        values=None,
        convert: Callable | None = None,
        *,
        after: ReadAhead | None = None,
    ):
        self._statement = f"select json_array({', '.join(expressions)}) {rest}"
        self._values, self._convert, self._after = values, convert, after
        self._result = self._error = None
        if not frappe.db._conn:
            frappe.db.connect()
        self._thread = threading.Thread(
            target=self._read, args=(frappe.db._conn,), name="india_ims-read-ahead", daemon=True
        )
        self._thread.start()

    def _read(self, connection) -> None:
        if self._after is not None:
            self._after.wait()
        try:
            cursor = connection.cursor()
            try:
                cursor.execute(self._statement, self._values)
                data = [orjson.loads(row[0]) for row in cursor.fetchall()]
            finally:
                cursor.close()
            self._result = self._convert(data) if self._convert else data
        except BaseException as error:  # raised to the caller by result()
            self._error = error

    def wait(self) -> None:
        self._thread.join()
        if self._after is not None:
            self._after.wait()

    def result(self):
        self.wait()
        if self._error is not None:
            raise self._error
        return self._result
