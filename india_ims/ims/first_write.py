"""The write of a period matched before saving: its new rows, then its invoices' links.

A large one is split over two connections (``side_write``): a share of the rows goes to a second
connection while the job's own writes the rest and the links, so the server works on both cores.
The job's connection cannot see the side's rows until both commit, and the digest a reconciliation
compares (``reconcile.remember``) covers all of them: so such a write commits, side first, right
after its last statement. The digest's parts that read the invoices are taken before that commit,
in the snapshot the matching read them in, so an invoice saved while the job ran still counts as a
change. If the job fails after that commit, the caller takes the write back (``take_back``: the
rows were all new, and the invoices' link columns are put back as they were read), so a failed
download still leaves nothing; only a process killed in between leaves the period written, whole
and consistent, as a download run again would write it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from operator import itemgetter

import frappe

from . import figures_store, reconcile, side_write
from .constants import INWARD_SUPPLY

# The side's share of the rows: the job's connection also writes the invoices' links, which take
# about half as long as its rows (measured at 100,000 records: rows 8.2 s, links 3.6 s on one).
SIDE_SHARE = 0.7


def write_period(
    rows: Sequence[dict],
    plan: reconcile.WritePlan,
    *,
    company_gstin: str,
    period: str,
    settings,
    write_rows: Callable[[Sequence[dict]], None],
    statements: Callable[[Sequence[dict]], Iterator[tuple[str, int]]],
    undo: list[Callable[[], None]],
    clock=None,
) -> dict | None:
    """Write ``rows`` (all new) with ``write_rows`` and then the links. Returns the digest's
    invoice parts (``reconcile.books_digest_parts``) when the write was split and so committed,
    else None (nothing committed). ``statements(rows)``: ``write_rows``' statements, for the side's
    connection. ``undo`` receives what takes a committed write back, for the caller to run if the
    job fails after all (``take_back``)."""
    pi_updates = plan.pi_updates
    side = None
    if len(rows) >= side_write.SIDE_FROM:
        # Contiguous in name order: every index whose leading columns are the same for all new rows
        # (the GSTIN and the figures not kept yet) orders them by name, so the two connections write
        # two separate runs of its pages instead of fighting over the same ones.
        ordered = sorted(rows, key=itemgetter("name"))
        cut = int(len(ordered) * SIDE_SHARE)
        theirs, mine = ordered[:cut], ordered[cut:]
        previous = _links_before(plan)
        side = side_write.start(statements, theirs)
    if side is None:
        write_rows(rows)
        _lap(clock, "write_ims")
        reconcile.write_purchase_links(pi_updates)
        _lap(clock, "write_purchases")
        return None
    try:
        # The links first: a deadlock's victim is the transaction that has written less, and the
        # side's is the cheaper to lose.
        reconcile.write_purchase_links(pi_updates)
        _lap(clock, "write_purchases")
        if not _write_beside(side, write_rows, mine):
            side = None
        _lap(clock, "write_ims")
        if side is not None and not side.finish():
            side = None
        if side is None:
            write_rows(theirs)  # the side gave way: its rows were rolled back
        _lap(clock, "write_side")
        books = reconcile.books_digest_parts(company_gstin, period, settings)
        figures_store.after_write([company_gstin])
    except BaseException:
        if side is not None:
            side.give_way()
        raise
    # Registered before the two commits: if either fails, the caller takes back whatever of the
    # write was committed (the side's rows, when only the job's own commit failed).
    undo.append(lambda: take_back(company_gstin, period, [row["name"] for row in ordered], previous))
    if side is not None:
        side.commit()
        if clock is not None and clock.timings is not None:
            clock.timings["side_rows"] = float(side.rows)
            clock.timings["side_s"] = side.seconds
    frappe.db.commit()
    _lap(clock, "commit")
    return books


@contextmanager
def taken_back_on_failure() -> Iterator[list[Callable[[], None]]]:
    """A list for ``write_period``'s ``undo``: on an error inside, what the job's connection holds is
    rolled back, the committed writes are taken back (latest first) and that is committed, and the
    error goes on."""
    undo: list[Callable[[], None]] = []
    try:
        yield undo
    except BaseException:
        if undo:
            frappe.db.rollback()
            for step in reversed(undo):
                step()
            frappe.db.commit()
        raise


def take_back(company_gstin: str, period: str, names: list[str], previous: dict) -> None:
    """Undo a committed first write (its rows were all new): delete the rows, put the invoices'
    link columns back as they were read, forget the digest taken after it."""
    for start in range(0, len(names), 10_000):
        frappe.db.delete(INWARD_SUPPLY, {"name": ("in", names[start : start + 10_000])})
    # Read back, an empty column and a NULL one are the same (nothing linked): both come back NULL.
    restored = [
        {"name": name, **{c: v or None for c, v in zip(reconcile.PI_LINK_COLUMNS, values, strict=True)}}
        for name, values in previous.items()
    ]
    reconcile.write_purchase_links(restored)
    reconcile.forget(company_gstin, period)


def _links_before(plan: reconcile.WritePlan) -> dict:
    """The link columns of every invoice the write changes, as they were: read with the books for
    most (``plan.links_read``), from the table for the rest (invoices out of scope the write unlinks)."""
    read = plan.links_read
    previous = {u["name"]: read[u["name"]] for u in plan.pi_updates if u["name"] in read}
    unread = [update["name"] for update in plan.pi_updates if update["name"] not in previous]
    if unread:
        columns = ", ".join(f"ifnull(`{c}`, '')" for c in reconcile.PI_LINK_COLUMNS)
        for name, *values in frappe.db.sql(
            f"select name, {columns} from `tabPurchase Invoice` where name in %(names)s", {"names": unread}
        ):
            previous[name] = (values[0] or None, *values[1:])
    return previous


def _write_beside(side: side_write.SideInsert, write_rows, rows: list[dict]) -> bool:
    """``write_rows(rows)`` waiting at most ``LOCK_WAIT`` for the side's locks; on a longer wait the
    side gives way and the rows are written again (an upsert: the ones written already are
    rewritten as they are). False if the side gave way."""
    before = frappe.db.sql("select @@session.innodb_lock_wait_timeout")[0][0]
    frappe.db.sql(f"set session innodb_lock_wait_timeout = {side_write.LOCK_WAIT}")
    try:
        write_rows(rows)
        return True
    except frappe.QueryTimeoutError:
        pass  # only the statement that waited is undone
    finally:
        frappe.db.sql(f"set session innodb_lock_wait_timeout = {int(before)}")
    side.give_way()
    write_rows(rows)
    return False


def _lap(clock, name: str) -> None:
    if clock is not None:
        clock.lap(name)
