"""Set-based writes with SQL literals built here, in one pass per value.

pymysql escapes every value through five Python calls (cursor, connection,
converter table, type encoder, escape), which was most of a 100,000-row
upsert. Here each value costs one dict lookup on its type and, for text, one
``str.translate``: the same escaping rules as pymysql (backslash escapes, or
doubled quotes when the server runs with NO_BACKSLASH_ESCAPES), for the
types the app writes (str, None, bool, int, Decimal, float, date, datetime).
Anything else is refused, never written as its repr.

The statements go to the cursor directly: ``frappe.db.sql`` rewrites
``ifnull(`` anywhere in a query's text, which would alter a value that
contains it. Frappe's transaction bookkeeping (write count, implicit-commit
guard) is still applied.
"""

from __future__ import annotations

import contextlib
import math
import queue
import re
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from decimal import Decimal

import frappe
from frappe.utils import now_datetime

_META = ("name", "creation", "modified", "modified_by", "owner", "docstatus", "idx")
# A statement's text stays well under max_allowed_packet (16 MB by default, 4 MB on old servers).
STATEMENT_CHARS = 1_000_000
AHEAD = 4  # statements built ahead of the one running (a few MB of text)

_BACKSLASH = str.maketrans(
    {"\\": "\\\\", "'": "\\'", '"': '\\"', "\0": "\\0", "\n": "\\n", "\r": "\\r", "\x1a": "\\Z"}
)
_DOUBLED = str.maketrans({"'": "''"})
# Most values have nothing to escape: one C scan finds out, where translate looks up every character.
_SPECIAL = re.compile("[\\\\'\"\0\n\r\x1a]")


def _text(value: str) -> str:
    return "'" + (value.translate(_BACKSLASH) if _SPECIAL.search(value) else value) + "'"


def _text_doubled(value: str) -> str:
    return "'" + (value.translate(_DOUBLED) if "'" in value else value) + "'"


def _decimal(value: Decimal) -> str:
    if not value.is_finite():
        raise ValueError(f"cannot write {value} to the database")
    return format(value, "f")  # never exponent notation, which MariaDB would read as a DOUBLE


def _float(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"cannot write {value} to the database")
    return repr(value)


def _date(value: date) -> str:
    return "'" + value.isoformat() + "'"


def _datetime(value: datetime) -> str:
    if value.tzinfo is not None:
        raise ValueError(f"cannot write an aware datetime ({value}): the database keeps naive times")
    return "'" + value.isoformat(" ") + "'"


_BY_TYPE = {
    str: _text,
    type(None): lambda _: "NULL",
    bool: lambda value: "1" if value else "0",
    int: str,
    Decimal: _decimal,
    float: _float,
    date: _date,
    datetime: _datetime,
}


def _encoders(doubled_quotes: bool) -> dict:
    return {**_BY_TYPE, str: _text_doubled} if doubled_quotes else _BY_TYPE


def _no_backslash_escapes() -> bool:
    conn = getattr(frappe.db, "_conn", None)
    if conn is None:
        frappe.db.connect()
        conn = frappe.db._conn
    status = getattr(conn, "server_status", None)
    if status is not None:
        # pymysql (Frappe 15) keeps the status flags of the last OK packet, which carry the sql_mode.
        return bool(status & 512)  # SERVER_STATUS_NO_BACKSLASH_ESCAPES
    # mysqlclient (Frappe 16) does not expose them: ask the session.
    mode = frappe.db.sql("select @@session.sql_mode")[0][0] or ""
    return "NO_BACKSLASH_ESCAPES" in mode.upper().split(",")


def _encoder(encoders: dict, value: object):
    """The encoder of a value's type or of the nearest known base (a str subclass is text)."""
    for kind in type(value).__mro__:
        if kind in encoders:
            return encoders[kind]
    raise TypeError(f"cannot write a {type(value).__name__} to the database: {value!r}")


def literal(value: object, *, doubled_quotes: bool = False) -> str:
    """The SQL literal of one value."""
    return _encoder(_encoders(doubled_quotes), value)(value)


def row_literals(rows: Iterable[Sequence], *, doubled_quotes: bool | None = None) -> Iterable[str]:
    """``(v1, v2, ...)`` for each row."""
    if doubled_quotes is None:
        doubled_quotes = _no_backslash_escapes()
    encoders = _encoders(doubled_quotes)
    for row in rows:
        try:
            yield "(" + ",".join([encoders[type(value)](value) for value in row]) + ")"
        except KeyError:  # a subclass of a known type, or refused by _encoder
            yield "(" + ",".join([_encoder(encoders, value)(value) for value in row]) + ")"


def execute(query: str) -> None:
    """Run a statement whose values are already literals (not through ``frappe.db.sql``, see above)."""
    db = frappe.db
    if not db._conn:
        db.connect()
    db.check_transaction_status(query)
    try:
        db._cursor.execute(query)
    except Exception as error:
        if db.is_deadlocked(error):
            raise frappe.QueryDeadlockError(error) from error
        if db.is_timedout(error):
            raise frappe.QueryTimeoutError(error) from error
        raise


def _statements(head: str, rows: Iterable[Sequence], tail: str, doubled_quotes: bool) -> Iterator[tuple]:
    """(statement, rows in it) of about STATEMENT_CHARS characters each."""
    batch, size = [], 0
    for text in row_literals(rows, doubled_quotes=doubled_quotes):
        batch.append(text)
        size += len(text) + 1
        if size >= STATEMENT_CHARS:
            yield f"{head} VALUES {','.join(batch)}{tail}", len(batch)
            batch, size = [], 0
    if batch:
        yield f"{head} VALUES {','.join(batch)}{tail}", len(batch)


class Ahead:
    """The items of ``items``, produced up to ``depth`` ahead in a thread started at once: the next
    statement's text is built while the server runs this one (a thread waiting on the socket
    releases the GIL, and the server has a core of its own). The producer must not touch
    ``frappe``, whose state is per thread. Its error is raised to the consumer; ``close`` stops it."""

    def __init__(self, items: Iterator, depth: int = AHEAD):
        self._slots: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._worker = threading.Thread(
            target=self._produce, args=(items,), name="india_ims-ahead", daemon=True
        )
        self._worker.start()

    def _produce(self, items: Iterator) -> None:
        try:
            for item in items:
                if self._stop.is_set():
                    return
                self._slots.put((True, item))
            self._slots.put((False, None))
        except BaseException as error:  # handed to the consumer, which raises it
            self._slots.put((None, error))

    def __iter__(self) -> Iterator:
        while True:
            more, item = self._slots.get()
            if more is None:
                raise item
            if not more:
                return
            yield item

    def close(self) -> None:
        self._stop.set()
        while self._worker.is_alive():  # free a slot for a producer waiting on a full queue
            with contextlib.suppress(queue.Empty):
                self._slots.get(timeout=0.05)
        self._worker.join()


def insert_values(head: str, rows: Iterable[Sequence], tail: str = "") -> int:
    """``head VALUES (...), (...) tail`` in statements of about STATEMENT_CHARS characters each; the
    ones after the first are built while the first ones run (``Ahead``)."""
    statements = _statements(head, rows, tail, _no_backslash_escapes())
    first = next(statements, None)
    if first is None:
        return 0
    rest = Ahead(statements)
    try:
        execute(first[0])
        count = first[1]
        for statement, size in rest:
            execute(statement)
            count += size
    finally:
        rest.close()
    return count


def _quoted(columns: Iterable[str]) -> str:
    return ", ".join(f"`{c}`" for c in columns)


def upsert(
    doctype: str,
    rows: Sequence[Mapping],
    columns: Sequence[str],
    *,
    update: Sequence[str] = (),
    update_expressions: Sequence[str] = (),
    complete: Callable[[Mapping], Mapping] | None = None,
) -> int:
    """``INSERT ... ON DUPLICATE KEY UPDATE`` on the row name.

    ``update_expressions`` come first in the SET list: MariaDB evaluates the
    assignments left to right, so an expression still reads a column's old
    value before a later assignment replaces it. ``complete(row)``: the row to write, made as it is
    taken; all but the first statement's rows are taken in a thread (``insert_values``), so it must
    not touch ``frappe``.
    """
    if not rows:
        return 0
    head, values, tail = _upsert_parts(
        doctype, rows, columns, update=update, update_expressions=update_expressions, complete=complete
    )
    return insert_values(head, values, tail)


def upsert_statements(doctype: str, rows: Sequence[Mapping], columns: Sequence[str], **options):
    """``upsert``'s statements, (text, rows in it), made as they are taken: for a connection other
    than the job's (``side_write``). Everything that reads ``frappe`` is read here, at once.
    ``options``: ``upsert``'s keyword arguments."""
    head, values, tail = _upsert_parts(doctype, rows, columns, **options)
    return _statements(head, values, tail, _no_backslash_escapes())


def new_rows(doctype: str, rows: Iterable[Mapping], columns: Sequence[str], *, complete=None) -> tuple:
    """(table, its columns with Frappe's own first, each row's values) as ``upsert`` inserts them,
    made as they are taken (``complete`` as in ``upsert``); for ``infile.Files`` too."""
    if complete is not None:
        rows = map(complete, rows)
    now, user = now_datetime(), frappe.session.user
    values = ((row["name"], now, now, user, user, 0, 0, *[row.get(c) for c in columns]) for row in rows)
    return f"tab{doctype}", (*_META, *columns), values


def _upsert_parts(doctype, rows, columns, *, update=(), update_expressions=(), complete=None) -> tuple:
    table, listed, values = new_rows(doctype, rows, columns, complete=complete)
    assignments = [*update_expressions, *(f"`{c}` = VALUES(`{c}`)" for c in update)]
    assignments += ["`modified` = VALUES(`modified`)", "`modified_by` = VALUES(`modified_by`)"]
    head = f"INSERT INTO `{table}` ({_quoted(listed)})"
    return head, values, " ON DUPLICATE KEY UPDATE " + ", ".join(assignments)


def update_join_sql(doctype: str, stage: str, columns: Sequence[str], *, touch: bool) -> str:
    """The staged rows drive the join (STRAIGHT_JOIN), so the table is reached by primary key and
    the update reads, and locks, the rows it names. Joined the other way round the optimizer chose a
    full scan, and an UPDATE under REPEATABLE READ locks every row and gap it reads (60,342 row locks
    in the deadlock it caused with another GSTIN's download). Still, until this transaction ends, an
    insert that lands in a locked gap next to a named row (a page's end) waits: seen with a plain
    ``UPDATE ... WHERE name IN (...)`` as well, so jobs keep their write transactions short."""
    sets = [f"t.`{c}` = v.`{c}`" for c in columns]
    if touch:
        sets += ["t.`modified` = %s", "t.`modified_by` = %s"]
    return f"update `{stage}` v straight_join `tab{doctype}` t on t.`name` = v.`name` set {', '.join(sets)}"


def update_by_name(
    doctype: str, rows: Sequence[Mapping], columns: Sequence[str], *, touch: bool = True
) -> int:
    """Set ``columns`` on existing rows: stage the values in a temporary table, then one ``UPDATE ...
    JOIN``. Names not in the table are ignored; a name given twice takes its last values."""
    if not rows:
        return 0
    rows = list({row["name"]: row for row in rows}.values())
    # Temporary tables belong to one connection, so parallel jobs never share one; the random
    # suffix keeps two stages of one job apart.
    stage = f"ims_stage_{frappe.generate_hash(length=10)}"
    # CREATE/DROP TEMPORARY TABLE do not commit in MariaDB, unlike other DDL; Frappe's guard
    # against implicit commits reads only a statement's first word, hence the leading comment.
    frappe.db.sql(
        f"/* india_ims bulk */ create temporary table `{stage}` (primary key (`name`)) "
        f"select {_quoted(('name', *columns))} from `tab{doctype}` where 1 = 0"
    )
    try:
        insert_values(
            f"insert into `{stage}` ({_quoted(('name', *columns))})",
            ([row["name"], *[row.get(c) for c in columns]] for row in rows),
        )
        frappe.db.sql(
            update_join_sql(doctype, stage, columns, touch=touch),
            (now_datetime(), frappe.session.user) if touch else (),
        )
    finally:
        frappe.db.sql(f"/* india_ims bulk */ drop temporary table if exists `{stage}`")
    return len(rows)
