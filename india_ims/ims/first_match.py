"""Match a supplier period's new records before their first write: each row is written once.

A download whose records open a supplier period (nothing of it stored yet), and which reconciles
that period right after, matches them in memory first: the rows are inserted with their match
columns set, then the Purchase Invoices' links are written, and the digest a reconciliation leaves
is stored. The reconcile job queued after the download then finds nothing changed and says the
download matched them. Inserting and then updating a lakh of rows wrote every row and most of its
indexes twice (the update also moved ``modified``), and the reconciliation read them back.

The answer is the reconciliation's own (``reconcile.py``): the same scope, engine, comparison and
writes, on the records as downloaded instead of read back from their rows (the engine orders its
input itself, so the order they come in does not matter). Periods are taken in the order a worker
reconciles them, and only while each one's rows are all new (``merge.periods_to_match_first``).
"""

from __future__ import annotations

from collections.abc import Sequence

from india_ims.gst_india.documents import ImsRecord
from india_ims.gst_india.matching import MatchSettings
from india_ims.gst_india.matching import reconcile as match

from . import reconcile, sqlread


class BooksAhead:
    """A period's invoices in scope (``reconcile.load_books``), read ahead (``sqlread.ReadAhead``):
    the statement is made here (it reads the site's settings), the read starts with ``start``."""

    def __init__(self, company_gstin: str, period: str, settings: MatchSettings, *, start: bool = True):
        self.period, self.settings = period, settings
        self.current: dict[str, tuple] = {}
        self._query = reconcile.books_query(company_gstin, period, settings)
        self._read: sqlread.ReadAhead | None = None
        if start:
            self.start()

    def start(self, after: sqlread.ReadAhead | None = None) -> None:
        """Read in a thread, after ``after`` (a read ahead on the same connection) if given."""
        query = self._query
        self._read = sqlread.ReadAhead(
            query.expressions,
            query.rest,
            query.values,
            lambda data: query.documents(data, self.current),
            after=after,
        )

    def wait(self) -> None:
        self._read.wait()

    def result(self) -> tuple[list, dict]:
        return self._read.result(), self.current


def match_new_rows(
    company_gstin: str,
    period: str,
    rows: Sequence[dict],
    records: Sequence[ImsRecord],
    settings: MatchSettings,
    clock=None,
    ahead: BooksAhead | None = None,
) -> reconcile.WritePlan:
    """Match ``records`` (the new rows' own, in the same order) against the period's invoices and set
    each row's match columns in place; returns the plan, whose Purchase Invoice links are written
    after the rows are. ``ahead``: the period's invoices, being read already."""
    if ahead is not None:
        books, current = ahead.result()
    else:
        current: dict[str, tuple] = {}
        books = reconcile.load_books(company_gstin, period, settings, current)
    if clock:
        clock.lap("load_purchases")
    results = match(records, books, settings=settings)
    if clock:
        clock.lap("match")
    # Not stored yet: each row gets its result, set on the row itself.
    plan = reconcile.plan_writes(company_gstin, period, rows, [], books, results, current, new_rows=True)
    if clock:
        clock.lap("compare")
    return plan
