"""What each column a user's action writes costs the database, inside one process: the records a
filter selects (as ``profile_bulk_action.py``) are staged once, then for each set of columns the same
``UPDATE ... JOIN`` the action makes is run and rolled back, printing its seconds and the InnoDB redo
it wrote (``Innodb_lsn_current``: bytes, the same for the same work whatever the host's load).

Run from the bench's ``sites`` directory with the bench's Python (as the bench user):

    ../env/bin/python ../apps/india_ims/benchmarks/profile_action_columns.py --site plain.localhost \\
        --gstin 27KEMCC8779D1ZM --period 102026

Asserts nothing and leaves nothing written: every statement is rolled back.
"""

from __future__ import annotations

import argparse
import statistics
import time

from needs_site import add_month_options, connect, skipped

# (label, SET clause on the record ``t``): the action's own write, and its parts one by one. A
# varchar whose length changes rewrites the whole record within its page (several times the redo,
# hardly more time); a change to any indexed column moves its entries and puts every indexed column
# in the undo record (the time).
WRITES = (
    ("modified_by (no index, same length)", "t.modified_by = reverse(t.modified_by)"),
    ("upload_remarks (no index, longer)", "t.upload_remarks = concat(ifnull(t.upload_remarks, ''), '.')"),
    ("upload_pending (gstin_state)", "t.upload_pending = 1 - t.upload_pending"),
    ("modified (gstin_state, modified, fig_stale)", "t.modified = now(6)"),
    ("action, same length (gstin_2b_view)", "t.action = if(t.action = 'Accepted', 'Rejected', 'Accepted')"),
    ("action, other length (gstin_2b_view)", "t.action = if(t.action = 'Pending', 'No Action', 'Pending')"),
    (
        "what an action writes",
        "t.action = if(t.action = 'Pending', 'No Action', 'Pending'), "
        "t.upload_pending = 1 - t.upload_pending, t.upload_remarks = '', t.modified = now(6)",
    ),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_month_options(parser)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if skipped("profile_action_columns", args, "site", "gstin", "period"):
        return

    frappe = connect(args.site)
    from india_ims.ims import queries
    from india_ims.ims.args import as_filters, as_period
    from india_ims.ims.constants import INWARD_SUPPLY

    where, values = queries._where(
        args.gstin, as_period(args.period), args.period_field, as_filters(args.filters)
    )
    names = [row[0] for row in frappe.db.sql(f"select name from `tab{INWARD_SUPPLY}` where {where}", values)]
    print(f"{len(names)} records selected by {args.filters} in {args.period}")
    frappe.db.sql("create temporary table profile_stage (name varchar(140) primary key)")
    for start in range(0, len(names), 5_000):
        part = names[start : start + 5_000]
        frappe.db.sql("insert into profile_stage values " + ", ".join(["(%s)"] * len(part)), part)
    frappe.db.commit()  # the stage is the connection's own; the updates below are rolled back

    def lsn() -> int:
        return int(frappe.db.sql("show global status like 'Innodb_lsn_current'")[0][1])

    for label, sets in WRITES:
        seconds, redo = [], []
        for _run in range(args.runs):
            before = lsn()
            started = time.perf_counter()
            frappe.db.sql(
                f"update profile_stage v straight_join `tab{INWARD_SUPPLY}` t on t.name = v.name set {sets}"
            )
            seconds.append(time.perf_counter() - started)
            redo.append((lsn() - before) / 1e6)
            frappe.db.rollback()
        print(
            f"{label:48s} median {statistics.median(seconds):.3f} s, redo {statistics.median(redo):5.1f} MB "
            f"[{' '.join(f'{s:.3f}' for s in seconds)}]"
        )
    frappe.destroy()


if __name__ == "__main__":
    main()
