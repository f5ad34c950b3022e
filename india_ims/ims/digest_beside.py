"""The invoices' part of the reconcile job's "nothing changed" digest, read on a connection of its own.

Right after a download matched a lakh of records, the reconcile job it queued only confirms that
nothing changed since: it hashes the period's records (0.17 s of the server's time) and the invoices
in scope (0.34 s), one after the other on the job's connection, while the machine's other core
idles. The invoices' statements run on a second connection (``side_write.connect``) meanwhile.

Only when the job's connection has written nothing it has not committed: another connection sees
committed rows only, so a job that had changed an invoice itself would be compared on the state
before its change. The other connection may see a commit later than the job's own snapshot; that
later state either differs from the digest remembered (the job then reconciles) or is one that a
later run has already reconciled and remembered.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Sequence

import frappe

from . import side_write

# Below this many records of the period the second connection's set-up is not repaid.
BESIDE_FROM = 20_000


class InvoicesBeside:
    """``statements`` ((sql, values) pairs built by the caller: the thread must not touch
    ``frappe``) run on a new connection in a thread started at once; ``results`` waits for them."""

    def __init__(self, statements: Sequence[tuple[str, dict]]):
        self._results: list | None = None
        self._error: BaseException | None = None
        self._db = side_write.connect()
        self._thread = threading.Thread(
            target=self._read, args=(list(statements),), name="india_ims-digest-beside", daemon=True
        )
        self._thread.start()

    def _read(self, statements: list[tuple[str, dict]]) -> None:
        try:
            cursor = self._db._conn.cursor()
            try:
                results = []
                for sql, values in statements:
                    cursor.execute(sql, values)
                    results.append(cursor.fetchall())
            finally:
                cursor.close()
            self._results = results
        except BaseException as error:  # the caller reads the statements itself instead
            self._error = error

    def results(self) -> list | None:
        """Each statement's rows, or None when the other connection failed (logged)."""
        self._thread.join()
        with contextlib.suppress(Exception):
            self._db.close()
        if self._error is not None:
            frappe.logger("india_ims").warning("digest read beside failed", exc_info=self._error)
            return None
        return self._results


def start(statements: Sequence[tuple[str, dict]], records: int) -> InvoicesBeside | None:
    """``InvoicesBeside`` for a period of ``records`` records, or None where it does not pay or the
    job's connection holds a change of its own (then the caller reads on its own connection)."""
    if records < BESIDE_FROM or frappe.db.transaction_writes:
        return None
    try:
        return InvoicesBeside(statements)
    except Exception:
        frappe.logger("india_ims").warning("no second connection for the digest", exc_info=True)
        return None
