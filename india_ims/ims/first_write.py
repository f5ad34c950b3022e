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

from . import figures_store, infile, match_plan, pi_links, reconcile, side_write
from .constants import INWARD_SUPPLY

# Each side connection's share of the rows, in name order; the job's connection writes the rest
# after the invoices' links. Sides load their rows as files (``infile``) where the server allows,
# which costs it a third of INSERT statements, so they take them all. At 100,000 records on two
# cores: two sides of 50,000 loaded in 7.3-8.3 s beside the links (5.7-6.0 s); one side of 70,000
# beside the job's 30,000 took 8.5 s, and (0.45, 0.45) with the job's 10,000 was slower too; again
# with the links in their own table (a second of the server's time, ``pi_links``): upsert 13.19 and
# 15.63 s against 11.84 and 14.79 s, interleaved.
SIDE_SHARES = (0.5, 0.5)


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
    loads: Callable[[Sequence[dict]], infile.Files] | None = None,
) -> dict | None:
    """Write ``rows`` (all new) with ``write_rows`` and then the links. Returns the digest's
    invoice parts (``reconcile.books_digest_parts``) when the write was split and so committed,
    else None (nothing committed). ``statements(rows)``: ``write_rows``' statements, for a side
    connection; ``loads(rows)``: the same rows as files, which it loads where the server allows
    (``infile``). ``undo`` receives what takes a committed write back, for the caller to run if the
    job fails after all (``take_back``)."""
    pi_updates = plan.pi_updates
    sides: list[side_write.SideInsert] = []
    theirs: list[dict] = []  # the sides' rows
    if len(rows) >= side_write.SIDE_FROM:
        # Contiguous in name order: every index whose leading columns are the same for all new rows
        # (the GSTIN and the figures not kept yet) orders them by name, so the connections write
        # separate runs of its pages instead of fighting over the same ones.
        ordered = sorted(rows, key=itemgetter("name"))
        previous = _links_before(plan)
        parts = _cut(ordered, SIDE_SHARES)
        mine = parts.pop()
        for part in parts:
            side = side_write.start(statements, part, loads) if part else None
            if side is None:
                mine = part + mine  # no second connection: the job's own writes these
            else:
                sides.append(side)
                theirs += part
    if not sides:
        write_rows(rows)
        _lap(clock, "write_ims")
        reconcile.write_purchase_links(pi_updates)
        _lap(clock, "write_purchases")
        return None
    try:
        # The links first: a deadlock's victim is the transaction that has written less, and a
        # side's is the cheaper to lose.
        reconcile.write_purchase_links(pi_updates)
        _lap(clock, "write_purchases")
        gave_way = bool(mine) and not _write_beside(sides, write_rows, mine)
        _lap(clock, "write_ims")
        # Taken while the sides still load, not after (0.3-0.4 s for a lakh's invoices): the job's
        # connection sees none of the sides' rows until they commit, so it reads the same either way.
        # Only when it writes their rows itself below does that change what it reads.
        books = reconcile.books_digest_parts(company_gstin, period, settings)
        _lap(clock, "digest_books")
        finished = [side.finish() for side in sides]
        if gave_way or not all(finished):
            # One side gave way, so all do: the rows of two sides meet all over the unique document
            # index, and the job's connection could not write one's rows past the other's locks.
            for side in sides:
                side.give_way()
            sides = []
            write_rows(theirs)
            books = reconcile.books_digest_parts(company_gstin, period, settings)
        _lap(clock, "write_side")
        figures_store.after_write([company_gstin])
    except BaseException:
        for side in sides:
            side.give_way()
        raise
    # Registered before the commits: if one fails, the caller takes back whatever of the write was
    # committed (the sides' rows, when only the job's own commit failed).
    undo.append(lambda: take_back(company_gstin, period, [row["name"] for row in ordered], previous))
    for side in sides:
        side.commit()
    _side_laps(clock, sides)
    frappe.db.commit()
    _lap(clock, "commit")
    return books


def _cut(ordered: list[dict], shares: Sequence[float]) -> list[list[dict]]:
    """``ordered`` in consecutive parts, one per share and the rest last (possibly empty)."""
    parts, start = [], 0
    for share in shares:
        end = min(len(ordered), start + int(len(ordered) * share))
        parts.append(ordered[start:end])
        start = end
    parts.append(ordered[start:])
    return parts


def _side_laps(clock, sides: list[side_write.SideInsert]) -> None:
    if clock is None or clock.timings is None or not sides:
        return
    clock.timings["side_rows"] = float(sum(side.rows for side in sides))
    clock.timings["side_s"] = max(side.seconds for side in sides)


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
    # Read back, an empty column and a NULL one are the same (nothing linked): both come back NULL,
    # and an invoice that had nothing has its row taken away.
    restored = [
        {"name": name, **{c: v or None for c, v in zip(match_plan.PI_LINK_COLUMNS, values, strict=True)}}
        for name, values in previous.items()
    ]
    had = [any(row[c] for c in match_plan.PI_LINK_COLUMNS) for row in restored]
    reconcile.write_purchase_links([row for row, kept in zip(restored, had, strict=True) if kept])
    pi_links.delete([row["name"] for row, kept in zip(restored, had, strict=True) if not kept])
    reconcile.forget(company_gstin, period)


def _links_before(plan: reconcile.WritePlan) -> dict:
    """The link columns of every invoice the write changes, as they were: read with the books for
    most (``plan.links_read``), from the table for the rest (invoices out of scope the write unlinks)."""
    read = plan.links_read
    previous = {u["name"]: read[u["name"]] for u in plan.pi_updates if u["name"] in read}
    unread = [update["name"] for update in plan.pi_updates if update["name"] not in previous]
    if unread:
        stored = pi_links.current(unread)
        previous.update({name: stored.get(name, (None, "", "", "")) for name in unread})
    return previous


def _write_beside(sides: list[side_write.SideInsert], write_rows, rows: list[dict]) -> bool:
    """``write_rows(rows)`` waiting at most ``LOCK_WAIT`` for the sides' locks; on a longer wait
    the sides give way and the rows are written again (an upsert: the ones written already are
    rewritten as they are). False if the sides gave way."""
    before = frappe.db.sql("select @@session.innodb_lock_wait_timeout")[0][0]
    frappe.db.sql(f"set session innodb_lock_wait_timeout = {side_write.LOCK_WAIT}")
    try:
        write_rows(rows)
        return True
    except frappe.QueryTimeoutError:
        pass  # only the statement that waited is undone
    finally:
        frappe.db.sql(f"set session innodb_lock_wait_timeout = {int(before)}")
    for side in sides:
        side.give_way()
    write_rows(rows)
    return False


def _lap(clock, name: str) -> None:
    if clock is not None:
        clock.lap(name)
