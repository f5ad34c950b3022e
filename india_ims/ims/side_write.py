"""Part of a large insert written on another connection, so the server's second core writes too.

MariaDB runs one connection's statements on one core. A first download of a lakh of records spends
most of its time inside the server, keeping 22 indexes of the new rows and writing the invoices'
links, while the job's own Python waits on the socket and the machine's other core idles. Side
connections insert shares of the rows meanwhile (``first_write``), each in a transaction of its own,
from files (``infile``) where the server takes LOCAL loads, else as INSERT statements.

The transactions end together: the sides commit right before the job's connection, once all have
done their work, and a failure of any before that rolls all back. Whatever they could wait for
between them, a side gives way: each waits at most ``LOCK_WAIT`` seconds for another's locks (rows
of one write only meet on the unique keys' gaps, when a row of the same name or identity was just
deleted); then the side's statement is stopped, its transaction rolled back, and the job's
connection writes the side's rows as well. A deadlock goes the same way when a side is InnoDB's
victim; when the job's connection is, its whole transaction is gone and the job runs again
(``jobs._retrying_deadlocks``), as with any other deadlock."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable

import frappe

from . import infile, sqlwrite

# Below this many rows the second connection's set-up is not repaid.
SIDE_FROM = 20_000
# Seconds either connection waits for a lock of the other before the side gives way (the server's
# default is 50: long enough for a download to look hung).
LOCK_WAIT = 2


def connect(*, local_infile: bool = False):
    """A connection of the site's own kind (pymysql on Frappe 15, mysqlclient on 16), with its
    settings, outside ``frappe.local``: a thread may use it while the job's thread uses ``frappe.db``.
    ``local_infile``: it may send files for ``LOAD DATA LOCAL`` (``infile``); Frappe's own never do.
    Only the statements this module sends ask for a file, and only for files ``infile`` wrote."""
    conf = frappe.conf
    db = frappe.database.get_db(
        socket=conf.db_socket,
        host=conf.db_host,
        port=conf.db_port,
        user=conf.db_user or conf.db_name,
        password=conf.db_password,
        cur_db_name=conf.db_name,
    )
    if local_infile:
        settings = db.get_connection_settings
        db.get_connection_settings = lambda: {**settings(), "local_infile": True}
    db.connect()
    return db


def start(statements, rows, loads=None) -> SideInsert | None:
    """``SideInsert`` of ``loads(rows)`` (``infile.Files``, for all-new rows) where the server
    takes LOCAL loads, else of ``statements(rows)``; or None when no second connection can be had
    (the server's connections are all taken, say): then the job's own writes everything, as before."""
    try:
        db = connect(local_infile=loads is not None)
        try:
            loading = False
            if loads is not None:
                cursor = db._conn.cursor()
                try:
                    loading = infile.usable(cursor)
                finally:
                    cursor.close()
            return SideInsert(loads(rows) if loading else statements(rows), db)
        except BaseException:
            db.close()
            raise
    except Exception:
        frappe.logger("india_ims").warning("no second connection for a first write", exc_info=True)
        return None


class SideInsert:
    """Runs ``statements`` (``sqlwrite.upsert_statements``, or ``infile.Files`` on a connection
    that may load them) on ``db`` (by default a new connection), in a thread started at once;
    nothing is committed until ``commit``. The statements' producer must not touch ``frappe``
    (``sqlwrite.Ahead``)."""

    def __init__(self, statements: Iterable[tuple[str | infile.Chunk, int]], db=None):
        self._db = db or connect()
        self._conn = self._db._conn
        self._thread_id = self._conn.thread_id()
        self.rows = 0
        self.seconds = 0.0
        self._error: BaseException | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(
            target=self._run, args=(statements,), name="india_ims-side-write", daemon=True
        )
        self._thread.start()

    def _run(self, statements: Iterable[tuple[str | infile.Chunk, int]]) -> None:
        started = time.perf_counter()
        cursor = self._conn.cursor()
        ahead = sqlwrite.Ahead(statements)
        try:
            cursor.execute(f"set session innodb_lock_wait_timeout = {LOCK_WAIT}")
            for statement, size in ahead:
                if self._stop.is_set():
                    return
                if isinstance(statement, infile.Chunk):
                    infile.load(cursor, statement)
                else:
                    cursor.execute(statement)
                self.rows += size
        except BaseException as error:  # the caller learns it from ``finish``
            self._error = error
        finally:
            ahead.close()
            if isinstance(statements, infile.Files):
                statements.remove()
            cursor.close()
            self.seconds = time.perf_counter() - started

    def finish(self) -> bool:
        """Wait for the side's statements: True when all ran (uncommitted), False when it failed or
        gave way (then rolled back and closed, and its rows are the caller's to write)."""
        self._thread.join()
        if self._error is None and not self._stop.is_set():
            return True
        self._close(commit=False)
        return False

    def give_way(self) -> None:
        """Stop at once and roll back, releasing every lock the side holds (its running statement
        is killed from the job's connection, the only one free to ask)."""
        self._stop.set()
        if self._thread.is_alive():
            # the job's connection may be the one that failed: then the side's statement ends on
            # its own (at most LOCK_WAIT on a lock), and the rollback below still releases it all
            with contextlib.suppress(Exception):
                frappe.db.sql(f"kill query {int(self._thread_id)}")
        self._thread.join()
        self._close(commit=False)

    def commit(self) -> None:
        self._close(commit=True)

    def _close(self, *, commit: bool) -> None:
        if self._conn is None:
            return
        try:
            if commit:
                self._conn.commit()
            else:
                # a lost connection has rolled back already: nothing of the side's stays either way
                with contextlib.suppress(Exception):
                    self._conn.rollback()
        finally:
            self._db.close()
            self._conn = None
