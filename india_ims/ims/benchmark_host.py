"""What the benchmark prints beside its figures about the machine it ran on: how fast the host is
right now, how the database server is sized, and what the server itself did during a run. The same
code runs slower on busy or throttled cores or a smaller server, and these say by how much."""

from __future__ import annotations

import os
import time

import frappe

from .figures_store import stale_count


def host_speed() -> dict:
    """Two fixed pieces of work, timed beside the figures: the same code runs slower when the cores
    it shares are busy or the host throttles them, and these say by how much (the README keeps what
    they took on a quiet machine)."""
    started = time.perf_counter()
    total = 0
    for number in range(5_000_000):
        total += number
    python_s = time.perf_counter() - started
    started = time.perf_counter()
    frappe.db.sql("select benchmark(3000000, md5('india_ims'))")
    return {
        "python_5m_additions_s": round(python_s, 3),
        "mariadb_3m_md5_s": round(time.perf_counter() - started, 3),
        "load_average": os.getloadavg() if hasattr(os, "getloadavg") else None,
        "cpus": os.cpu_count(),
        "server": _server_sizing(),
    }


# The server settings a first write of a lakh depends on most: where the rows' pages live, and how
# much redo may be written before InnoDB must flush pages to make room (a first run writes about
# 1.2 GB of it). Printed, so a figure is never read apart from the server it was measured on.
_SIZING = ("innodb_buffer_pool_size", "innodb_log_file_size", "innodb_flush_log_at_trx_commit", "log_bin")


def _server_sizing() -> dict:
    found = dict(
        frappe.db.sql("show global variables where variable_name in %(names)s", {"names": list(_SIZING)})
    )
    sizes = {"innodb_buffer_pool_size": "buffer_pool_mb", "innodb_log_file_size": "redo_log_mb"}
    return {
        sizes.get(name, name.removeprefix("innodb_")): (
            int(found[name]) >> 20 if name in sizes else found[name]
        )
        for name in _SIZING
        if name in found
    }


def server_work(before: dict | None = None) -> dict:
    """What the database server did: its CPU seconds (when it runs on this machine) and the pages
    InnoDB had to read from disk because they were not in its buffer pool. With ``before``, the
    difference since then: a run that reads thousands of pages waits on the disk, not on our code."""
    pids = _server_pids()
    status = dict(
        frappe.db.sql(
            "show global status where variable_name in ('Innodb_buffer_pool_reads', 'Innodb_pages_written')"
        )
    )
    now = {
        "cpu_s": _cpu_ticks(pids) / 100 if pids else None,
        "pages_read": int(status.get("Innodb_buffer_pool_reads") or 0),
        "pages_written": int(status.get("Innodb_pages_written") or 0),
    }
    if before is None:
        return now
    return {
        key: (round(value - before[key], 2) if value is not None and before[key] is not None else None)
        for key, value in now.items()
    }


def _server_pids() -> list[str]:
    return [
        entry.name
        for entry in os.scandir("/proc")
        if entry.name.isdigit() and _read(f"/proc/{entry.name}/comm").strip() in ("mariadbd", "mysqld")
    ]


def wait_for_idle_server(limit_s: float = 90.0) -> float:
    """Seconds waited until the database server, when it runs on this machine, stays idle: the
    fixture deleted the last run's 100,000 rows, and InnoDB purges them (22 indexes each) in the
    background for several seconds, on the cores the first run is timed on. A user's first
    download does not start behind such a purge. The site's user may not read InnoDB's status
    (PROCESS privilege), so the server's CPU time is read from /proc; elsewhere nothing is waited."""
    pids = _server_pids()
    started = time.perf_counter()
    if not pids:
        return 0.0
    quiet, before = 0, _cpu_ticks(pids)
    while quiet < 3 and time.perf_counter() - started < limit_s:
        time.sleep(0.5)
        now = _cpu_ticks(pids)
        # under a tenth of a core over half a second (ticks are 1/100 s)
        quiet = quiet + 1 if now - before <= 5 else 0
        before = now
    return time.perf_counter() - started


def _read(path: str) -> str:
    try:
        with open(path) as file:
            return file.read()
    except OSError:
        return ""


def _cpu_ticks(pids: list[str]) -> int:
    total = 0
    for pid in pids:
        fields = _read(f"/proc/{pid}/stat").rsplit(")", 1)[-1].split()
        if len(fields) > 12:
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def figures_ready(company_gstin: str, limit_s: float = 300.0, stalled_s: float = 30.0) -> dict:
    """Seconds until no record of ``company_gstin`` waits for its stored figures (the background
    refresh a large write leaves to the worker), and how many waited at first. A run timed while
    that refresh works beside it shares the cores with it, which a user downloading again hours
    later does not. ``seconds`` is None when the count stops moving for ``stalled_s`` (no worker)."""
    started = last_move = time.perf_counter()
    waiting = previous = _stale_count(company_gstin)
    while previous and time.perf_counter() - started < limit_s:
        time.sleep(0.5)
        count = _stale_count(company_gstin)
        if count != previous:
            last_move, previous = time.perf_counter(), count
        elif time.perf_counter() - last_move > stalled_s:
            return {"records": waiting, "seconds": None}
    return {"records": waiting, "seconds": round(time.perf_counter() - started, 2) if not previous else None}


def _stale_count(company_gstin: str) -> int:
    frappe.db.rollback()  # a new snapshot: the worker's commits since
    return stale_count(company_gstin)[0]
