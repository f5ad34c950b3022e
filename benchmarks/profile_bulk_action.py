"""Where "set action on everything a filter selects" spends its time, inside one process: each run
calls the whitelisted method, prints its wall time and the SQL statements that took longest (count
and seconds each), then rolls back, so every run judges and writes the same records and no figures
refresh runs beside it. ``--profile`` adds a cProfile of the last run (Python's share); ``--commit``
commits each run instead (alternating two actions) and refreshes the figures before the next.

Run from the bench's ``sites`` directory with the bench's Python (as the bench user):

    ../env/bin/python ../apps/india_ims/benchmarks/profile_bulk_action.py --site plain.localhost \\
        --gstin 27KEMCC8779D1ZM --period 102026 --action Pending

Asserts nothing and leaves nothing written (the run's transaction is rolled back) unless ``--commit``.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import statistics
import time

from needs_site import add_month_options, connect, skipped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_month_options(parser)
    parser.add_argument("--action", default="Pending")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument(
        "--commit", action="store_true",
        help="commit each run (timed apart) and alternate --action with --other, refreshing the stored "
        "figures between runs (untimed), as the bench's --settle: what a request pays, its commit included",
    )
    parser.add_argument("--other", default="Rejected")
    parser.add_argument(
        "--pause", type=float, default=0.0,
        help="seconds to wait after each run's refresh (with --commit), while InnoDB purges what it replaced",
    )
    parser.add_argument(
        "--history-as", metavar="ROOT_PASSWORD",
        help="print InnoDB's history list length before each run, read as the database's root (it needs "
        "the PROCESS privilege, which a site's user has not)",
    )
    parser.add_argument("--sort", default="cumulative", help="cProfile order: cumulative or tottime")
    parser.add_argument("--lines", type=int, default=25)
    args = parser.parse_args()
    if skipped("profile_bulk_action", args, "site", "gstin", "period"):
        return

    frappe = connect(args.site)
    from india_ims.ims import api, figures_store

    # the run is rolled back (or refreshed here with --commit): no job queued
    figures_store.after_write = lambda *_args, **_kwargs: None
    plain = frappe.db.sql
    spent: dict[str, list] = {}

    def timed(query, *rest, **kwargs):
        started = time.perf_counter()
        try:
            return plain(query, *rest, **kwargs)
        finally:
            key = " ".join(str(query).split())[:80]
            entry = spent.setdefault(key, [0, 0.0])
            entry[0] += 1
            entry[1] += time.perf_counter() - started

    frappe.db.sql = timed
    walls = []
    for run in range(args.runs):
        spent.clear()
        profile = cProfile.Profile() if args.profile and run == args.runs - 1 else None
        started = time.perf_counter()
        if profile:
            profile.enable()
        action = args.other if args.commit and run % 2 else args.action
        if args.history_as:
            print(f"history list length {history_length(args.history_as)}")
        result = api.set_action_by_filter(
            args.gstin, action, period=args.period, filters=args.filters, period_field=args.period_field
        )
        if profile:
            profile.disable()
        committed = ""
        if args.commit:
            before = time.perf_counter()
            frappe.db.commit()
            committed = f", commit {time.perf_counter() - before:.3f} s"
        walls.append(time.perf_counter() - started)
        in_sql = sum(seconds for _count, seconds in spent.values())
        print(f"run {run + 1} ({action}): {walls[-1]:.3f} s ({in_sql:.3f} s in SQL{committed}), "
              f"applied {result['applied']}, "
              f"unchanged {result['unchanged']}, refused {len(result['refused'])}")
        for key, (count, seconds) in sorted(spent.items(), key=lambda item: -item[1][1])[: args.top]:
            print(f"    {seconds:7.3f} s {count:4d}x  {key}")
        if args.commit:
            figures_store.refresh_stale(args.gstin)
            frappe.db.commit()
            time.sleep(args.pause)
        else:
            frappe.db.rollback()
        if profile:
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats(args.sort).print_stats(args.lines)
            print(out.getvalue())
    print(f"median {statistics.median(walls):.3f} s of {args.runs} runs")
    frappe.destroy()


def history_length(root_password: str) -> int:
    """Undo records InnoDB has yet to purge: old versions of rows and index entries a commit replaced."""
    import frappe
    import pymysql

    with pymysql.connect(
        host=frappe.conf.db_host or "127.0.0.1", port=int(frappe.conf.db_port or 3306), user="root",
        password=root_password,
    ) as root, root.cursor() as cursor:
        cursor.execute(
            "select count from information_schema.innodb_metrics where name = 'trx_rseg_history_len'"
        )
        return int(cursor.fetchone()[0])


if __name__ == "__main__":
    main()
