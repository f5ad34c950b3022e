"""Scale-out figure: several company GSTINs downloaded and reconciled by Frappe's own RQ workers.

    bench --site ims.localhost execute india_ims.ims.scale_benchmark.run \
        --kwargs "{'records': 25000, 'gstins': 4, 'workers': [1, 2]}"

What it does, on the site it runs on:

1. Fixture (not timed). One company (the site's default, as ``benchmark`` uses) with ``gstins``
   registrations in different states, as a group registered in several states is: one synthetic
   month of ``records`` IMS records per GSTIN and its purchase register, inserted as submitted
   ``IMS-BENCH-<gstin>-...`` Purchase Invoices (``benchmark.insert_purchases``).
2. One GSTN sandbox per GSTIN, each in its own forked process on a free port of 127.0.0.1 (so the
   four portals do not share one interpreter lock with each other or with this process). Each
   GSTIN's row in IMS Settings is pointed at its sandbox ("Local sandbox", Provider base URL) and
   logged in with the sandbox OTP through ``gstn_link``, which stores the session in the
   database: the workers find the sandbox and the session exactly as they would a real GSP.
3. For each worker count in ``workers``: start that many ``bench worker --queue long`` processes
   (their own process groups, logs in ``logs/scale-benchmark-worker-*.log``), wait until RQ lists
   them, enqueue one download per GSTIN through ``jobs.enqueue_job`` (the download job queues the
   reconciliation of every period it touched), wait until every job's IMS Sync Log is finished,
   stop the workers (SIGTERM to the process group this module started), and check the result.
   Before each run the GSTINs' IMS rows, Sync Logs and match fields are cleared, so every run
   downloads and reconciles everything from scratch.

Printed: ``uptime`` and the CPU count, wall time per worker count and their ratio, each job's
queue wait and duration (from its Sync Log), rows per GSTIN against the sandbox's records, whether
every matched Purchase Invoice and its IMS row point at each other exactly once, whether two runs
gave the same matches, and lock errors: "Deadlock"/"Lock wait timeout" in the worker logs, the
Error Log and the Sync Logs, plus the MariaDB server's deadlock counter (which other databases on
the same server also move).

Nothing else may be consuming the bench's "long" queue while it runs (it refuses if a worker is
already listening). Only the fixture's own rows are touched, and afterwards its GSTINs leave IMS
Settings again (with their GSTN sessions); ``keep=True`` leaves all of it in place.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import re
import resource
import time
from datetime import datetime

import frappe
from frappe.utils.background_jobs import get_queue

from . import benchmark, gstn_link, jobs, pi_links, scale_workers
from .constants import (
    ACTION_LOG,
    COMPLETED,
    GSTN_SESSION,
    INWARD_SUPPLY,
    KIND_DOWNLOAD,
    PI_LINK,
    PI_MATCH_STATUS,
    PI_PERIOD,
    QUEUED,
    RETURN_PERIOD,
    RUNNING,
    SETTINGS,
    SYNC_LOG,
)
from .rows import identity, row_name

STATES = ("27", "29", "33", "07", "24", "09", "19", "36")  # Maharashtra, Karnataka, Tamil Nadu, Delhi...
LOCK_ERRORS = re.compile(r"deadlock|lock wait timeout|\b1205\b|\b1213\b", re.IGNORECASE)
POLL_SECONDS = 0.2


def run(
    records: int = 25_000,
    gstins: int = 4,
    workers=(1, 2),
    seed: int = 1601,  # no test uses it: a test registers its GSTIN to its own company
    profile: str = "enterprise",
    period: str | None = None,
    rounds: int = 1,
    timeout: int = 3600,
    keep: bool = False,
) -> dict:
    """``rounds`` > 1 repeats the worker counts, reversed every other round, so a drift in the
    machine's load does not always favour the same count."""
    from india_ims.synthetic import generate_month

    frappe.set_user("Administrator")
    if gstins > len(STATES):
        frappe.throw(f"At most {len(STATES)} GSTINs")
    scale_workers.refuse_if_workers_listen()
    started = time.perf_counter()
    months = [
        generate_month(seed + index, records, profile, period=period, recipient_state=STATES[index])
        for index in range(gstins)
    ]
    period = months[0].period
    company = benchmark._company()
    for month in months:
        _clear(month.recipient_gstin, period)
        existing = frappe.db.count(
            "Purchase Invoice", {"name": ("like", benchmark.bench_name(month.recipient_gstin, "%"))}
        )
        if existing != len(month.purchases):
            benchmark._clear(month.recipient_gstin)
            benchmark.insert_purchases(company, month.recipient_gstin, month.purchases)
        frappe.db.commit()
    print(
        f"fixture: {gstins} GSTINs x {records} IMS records ({sum(len(m.purchases) for m in months)} "
        f"purchase invoices) for {company}, period {period}, in {time.perf_counter() - started:.1f} s "
        "(not timed)"
    )
    sandboxes = [_Sandbox(month) for month in months]
    results: list[dict] = []
    try:
        for sandbox, month in zip(sandboxes, months):
            _point_at(company, month.recipient_gstin, sandbox.base_url)
        for sandbox, month in zip(sandboxes, months):
            gstn_link.request_otp(month.recipient_gstin)
            gstn_link.login(month.recipient_gstin, sandbox.otp)
        frappe.db.commit()
        order = list(workers)
        for round_number in range(1, rounds + 1):
            for count in order if round_number % 2 else reversed(order):
                results.append(_one_run(count, months, company, period, timeout, round_number))
    finally:
        for sandbox in sandboxes:
            sandbox.stop()
        if not keep:
            for month in months:
                _clear(month.recipient_gstin, period)
                benchmark._clear(month.recipient_gstin)
            forget([month.recipient_gstin for month in months])
    _summary(results, months)
    # What ``bench execute`` echoes: the figures above, not every check again.
    return {f"round {r['round']}, {r['workers']} worker(s)": r["wall_s"] for r in results}


# ---------------------------------------------------------------- sandboxes in their own processes


def _serve(month, pipe) -> None:
    from india_ims.gstn.sandbox import SandboxServer, make_portal

    portal = make_portal(
        month.ims_records,
        gstin=month.recipient_gstin,
        period=month.period,
        queue_threshold=10_000_000,  # every section answered at once: what is timed is the bench side
        file_records=20_000,
    )
    server = SandboxServer(portal)
    pipe.send((server.base_url, portal.config.otp))
    server.httpd.serve_forever(0.05)


class _Sandbox:
    """A forked process serving one GSTIN's portal; it touches no database or Redis connection."""

    def __init__(self, month):
        context = multiprocessing.get_context("fork")
        ours, theirs = context.Pipe()
        self.process = context.Process(target=_serve, args=(month, theirs), daemon=True)
        self.process.start()
        if not ours.poll(120):
            self.stop()
            frappe.throw(f"The sandbox for {month.recipient_gstin} did not start")
        self.base_url, self.otp = ours.recv()

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join(10)


def _point_at(company: str, gstin: str, base_url: str) -> None:
    settings = frappe.get_single(SETTINGS)
    row = next((r for r in settings.company_gstins if r.gstin == gstin), None)
    if row is None:
        row = settings.append("company_gstins", {"gstin": gstin})
    row.update(
        {
            "company": company,
            "enabled": 0,
            "portal_username": "sandbox-user",
            "provider": "Local sandbox",
            "provider_base_url": base_url,
        }
    )
    settings.save(ignore_permissions=True)
    frappe.db.commit()
    frappe.clear_document_cache(SETTINGS, SETTINGS)


def forget(gstins: list[str]) -> None:
    """Take the benchmark's GSTINs out of IMS Settings, with their GSTN sessions."""
    settings = frappe.get_single(SETTINGS)
    rows = [row for row in settings.company_gstins if row.gstin in gstins]
    for row in rows:
        settings.remove(row)
    if rows:
        settings.save(ignore_permissions=True)
    for name in frappe.get_all(GSTN_SESSION, filters={"company_gstin": ("in", gstins)}, pluck="name"):
        frappe.delete_doc(GSTN_SESSION, name, ignore_permissions=True, force=True)
    frappe.db.commit()
    frappe.clear_document_cache(SETTINGS, SETTINGS)


# ---------------------------------------------------------------- one timed run


def _one_run(count: int, months, company: str, period: str, timeout: int, round_number: int) -> dict:
    gstins = [m.recipient_gstin for m in months]
    for gstin in gstins:
        _clear(gstin, period)
    frappe.db.commit()
    queue = get_queue(jobs.QUEUE)
    if queue.count:
        frappe.throw(f"The long queue holds {queue.count} jobs; empty it before measuring")
    deadlocks_before = _server_deadlocks()
    errors_before = frappe.db.sql("select max(creation) from `tabError Log`")[0][0] or datetime(1970, 1, 1)
    label = f"r{round_number}-{count}w"
    cpu_before = _children_cpu()
    workers = scale_workers.start_workers(count, label)
    try:
        load = _uptime()
        t0 = time.perf_counter()
        since = frappe.utils.now_datetime()
        for gstin in gstins:
            jobs.enqueue_job(KIND_DOWNLOAD, gstin, period, user="Administrator")
        logs = _wait(gstins, since, timeout)
        wall = time.perf_counter() - t0
    finally:
        scale_workers.stop_workers(workers)
    worker_cpu = _children_cpu() - cpu_before
    worker_lock_lines = []
    for _process, path in workers:
        with open(path, errors="replace") as log:
            worker_lock_lines += [line.strip() for line in log if LOCK_ERRORS.search(line)]
    error_logs = frappe.db.sql(
        "select name, method, error from `tabError Log` where creation > %s", errors_before, as_dict=True
    )
    failed = [log for log in logs if log.status != COMPLETED]
    checks = {gstin: _check(months[i], company, period) for i, gstin in enumerate(gstins)}
    result = {
        "round": round_number,
        "workers": count,
        "wall_s": round(wall, 2),
        # the workers' own CPU (job processes included, start-up too); MariaDB's is not in it
        "worker_cpu_s": round(worker_cpu, 1),
        "job_seconds": round(sum(float(log.duration_seconds or 0) for log in logs), 1),
        "uptime_before": load,
        "uptime_after": _uptime(),
        "jobs": [_job_figures(log) for log in logs],
        "failed_jobs": [
            f"{log.kind} {log.company_gstin} {log.return_period}: {log.message}" for log in failed
        ],
        "lock_errors_in_worker_logs": worker_lock_lines,
        "lock_errors_in_error_log": [e.name for e in error_logs if LOCK_ERRORS.search(e.error or "")],
        "error_logs": len(error_logs),
        "lock_errors_in_sync_logs": [log.name for log in logs if LOCK_ERRORS.search(log.error or "")],
        # a deadlock victim run again by jobs._retrying_deadlocks: no error, but counted here
        "deadlocks_retried": [
            log.name for log in logs if "deadlock(s) with another job" in (log.message or "")
        ],
        "server_deadlocks_during_run": _server_deadlocks() - deadlocks_before,
        "checks": checks,
        "worker_logs": [path for _process, path in workers],
    }
    _print_run(result)
    return result


def _wait(gstins: list[str], since, timeout: int) -> list:
    """Every job of the run finished: one download per GSTIN and the reconciliations it queued."""
    deadline = time.monotonic() + timeout
    queue = get_queue(jobs.QUEUE)
    while True:
        frappe.db.rollback()  # a fresh snapshot of what the workers committed
        logs = frappe.get_all(
            SYNC_LOG,
            filters={"company_gstin": ("in", gstins), "queued_on": (">=", since)},
            fields=[
                "name",
                "kind",
                "company_gstin",
                "return_period",
                "status",
                "message",
                "error",
                "queued_on",
                "started_on",
                "finished_on",
                "duration_seconds",
                "records_inserted",
                "records_updated",
            ],
            order_by="queued_on asc",
        )
        downloads = [log for log in logs if log.kind == KIND_DOWNLOAD]
        open_logs = [log for log in logs if log.status in (QUEUED, RUNNING)]
        idle = not queue.count and not queue.started_job_registry.count
        if len(downloads) == len(gstins) and not open_logs and idle:
            return logs
        if time.monotonic() > deadline:
            still = [(log.kind, log.company_gstin) for log in open_logs]
            frappe.throw(f"Jobs still open after {timeout} s: {still}")
        time.sleep(POLL_SECONDS)


def _job_figures(log) -> dict:
    wait = (log.started_on - log.queued_on).total_seconds() if log.started_on else None
    return {
        "kind": log.kind,
        "gstin": log.company_gstin,
        "period": log.return_period,
        "status": log.status,
        "queued_s": round(wait, 2) if wait is not None else None,
        "run_s": round(float(log.duration_seconds or 0), 2),
        "inserted": log.records_inserted,
        "updated": log.records_updated,
    }


# ---------------------------------------------------------------- checks


def _check(month, company: str, period: str) -> dict:
    """Rows against the sandbox's records, and the two sides of every match pointing at each other."""
    gstin = month.recipient_gstin
    expected = {row_name(identity(gstin, record)) for record in month.ims_records}
    stored = frappe.get_all(
        INWARD_SUPPLY,
        filters={"company_gstin": gstin},
        fields=["name", "company", "match_status", "purchase_invoice"],
        order_by="name",
    )
    names = [row.name for row in stored]
    linked = {row.name: row.purchase_invoice for row in stored if row.purchase_invoice}
    invoices = frappe.db.sql(
        f"""select pi.name, lk.`{PI_LINK}` as link, lk.`{PI_MATCH_STATUS}` as status,
                lk.`{PI_PERIOD}` as period
            from `tabPurchase Invoice` pi {pi_links.join()} where pi.name like %s""",
        benchmark.bench_name(gstin, "%"),
        as_dict=True,
    )
    by_invoice = {pi.name: pi for pi in invoices}
    twice = len(linked) - len(set(linked.values()))
    one_sided = [name for name, invoice in linked.items() if by_invoice.get(invoice, {}).get("link") != name]
    dangling = [pi.name for pi in invoices if pi.link and linked.get(pi.link) != pi.name]
    # An invoice Missing in IMS claims the month it is dated in, which may be the month before this
    # period (the date window reaches back): only a status with no period at all is wrong.
    unmatched_flagged = [pi.name for pi in invoices if pi.status and not pi.period]
    statuses: dict[str, int] = {}
    for row in stored:
        statuses[row.match_status or ""] = statuses.get(row.match_status or "", 0) + 1
    fingerprint = hashlib.sha256(
        "\n".join(f"{row.name}|{row.match_status}|{row.purchase_invoice or ''}" for row in stored).encode()
    ).hexdigest()[:16]
    return {
        "records_in_sandbox": len(month.ims_records),
        "rows_expected": len(expected),
        "rows_stored": len(stored),
        "rows_missing": len(expected - set(names)),
        "rows_unexpected": len(set(names) - expected),
        "rows_of_other_company": sum(1 for row in stored if row.company != company),
        "matched_rows": len(linked),
        "invoices_linked": sum(1 for pi in invoices if pi.link),
        "invoice_linked_by_two_rows": twice,
        "row_links_not_returned_by_invoice": len(one_sided),
        "invoice_links_not_returned_by_row": len(dangling),
        "invoices_with_status_but_no_period": len(unmatched_flagged),
        "match_statuses": dict(sorted(statuses.items())),
        "fingerprint": fingerprint,
        "ok": (
            set(names) == expected
            and not twice
            and not one_sided
            and not dangling
            and not unmatched_flagged
            and all(row.company == company for row in stored)
        ),
    }


def _clear(gstin: str, period: str) -> None:
    """The GSTIN's IMS rows, their action logs, Sync Logs and return periods; its invoices' match fields."""
    frappe.db.sql(
        f"delete from `tab{ACTION_LOG}` where inward_supply in "
        f"(select name from `tab{INWARD_SUPPLY}` where company_gstin = %s)",
        gstin,
    )
    logs = frappe.get_all(SYNC_LOG, filters={"company_gstin": gstin}, pluck="name")
    if logs:
        frappe.db.delete("IMS Sync Log Error", {"parent": ("in", logs)})
    frappe.db.delete(SYNC_LOG, {"company_gstin": gstin})
    frappe.db.delete(RETURN_PERIOD, {"company_gstin": gstin})
    benchmark._clear(gstin, purchases_too=False)
    frappe.cache.delete_keys(f"india_ims:reconcile-digest:{gstin}:")


# ---------------------------------------------------------------- figures


def _uptime() -> str:
    with open("/proc/loadavg") as f:
        one, five, fifteen = f.read().split()[:3]
    return f"load average {one} {five} {fifteen} on {os.cpu_count()} CPUs"


def _children_cpu() -> float:
    """CPU seconds of this process's finished children and what they waited for (workers, horses)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _server_deadlocks() -> int:
    row = frappe.db.sql("show global status like 'Innodb_deadlocks'")
    return int(row[0][1]) if row else 0


def _print_run(result: dict) -> None:
    print(
        f"\n== round {result['round']}, {result['workers']} worker(s): wall {result['wall_s']} s, "
        f"job run times add up to {result['job_seconds']} s ({result['job_seconds'] / result['wall_s']:.2f} "
        f"jobs at a time on average), workers used {result['worker_cpu_s']} s of CPU "
        f"({result['uptime_before']} before, {result['uptime_after']} after)"
    )
    for job in result["jobs"]:
        print(
            f"  {job['kind']:<14} {job['gstin']} {job['period'] or '':<6} {job['status']:<10} "
            f"waited {job['queued_s']} s, ran {job['run_s']} s, inserted {job['inserted']}, "
            f"updated {job['updated']}"
        )
    for gstin, check in result["checks"].items():
        print(
            f"  {gstin}: {check['rows_stored']} rows stored / {check['rows_expected']} expected "
            f"({check['records_in_sandbox']} records in the sandbox), missing {check['rows_missing']}, "
            f"unexpected {check['rows_unexpected']}; {check['matched_rows']} matched rows, "
            f"{check['invoices_linked']} invoices linked, "
            f"linked twice {check['invoice_linked_by_two_rows']}, one-sided "
            f"{check['row_links_not_returned_by_invoice'] + check['invoice_links_not_returned_by_row']}"
            f"; {'OK' if check['ok'] else 'NOT OK'} (matches {check['fingerprint']})"
        )
    print(
        f"  failed jobs: {result['failed_jobs'] or 'none'}; lock errors: worker logs "
        f"{len(result['lock_errors_in_worker_logs'])}, Error Log {len(result['lock_errors_in_error_log'])} "
        f"(of {result['error_logs']} new), Sync Logs {len(result['lock_errors_in_sync_logs'])}, "
        f"jobs run again after a deadlock {len(result['deadlocks_retried'])}; "
        f"MariaDB deadlocks server-wide during the run: {result['server_deadlocks_during_run']}"
    )
    for line in result["lock_errors_in_worker_logs"][:10]:
        print(f"    {line[:300]}")


def _summary(results: list[dict], months) -> None:
    print(f"\n== summary ({len(months)} GSTINs x {len(months[0].ims_records)} records, {_uptime()})")
    by_count: dict[int, list[float]] = {}
    for result in results:
        by_count.setdefault(result["workers"], []).append(result["wall_s"])
        ok = all(c["ok"] for c in result["checks"].values()) and not result["failed_jobs"]
        print(
            f"  round {result['round']}: {result['workers']} worker(s) {result['wall_s']} s, "
            f"rows and links {'OK' if ok else 'NOT OK'}, lock errors "
            f"{len(result['lock_errors_in_worker_logs']) + len(result['lock_errors_in_sync_logs'])}, "
            f"deadlocks retried {len(result['deadlocks_retried'])}"
        )
    if 1 in by_count:
        one = min(by_count[1])
        for count, walls in sorted(by_count.items()):
            if count != 1:
                best = min(walls)
                print(f"  best of {count} worker(s) {best} s against 1 worker {one} s: {one / best:.2f}x")
    prints = {}
    for result in results:
        for gstin, check in result["checks"].items():
            prints.setdefault(gstin, set()).add(check["fingerprint"])
    same = all(len(p) == 1 for p in prints.values())
    print(f"  every run made the same matches per GSTIN: {'yes' if same else 'NO'}")
