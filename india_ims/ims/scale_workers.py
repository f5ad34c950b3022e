"""The RQ workers the scale-out benchmark (``scale_benchmark``) starts for each worker count: ``bench
worker --queue long`` processes in process groups of their own (so stopping them stops their work
horses too), logging to ``logs/scale-benchmark-worker-*.log``, and waited for until RQ lists them."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import frappe
from frappe.utils.background_jobs import get_queue

from . import jobs


def long_queue_workers() -> list:
    from rq import Worker

    return Worker.all(queue=get_queue(jobs.QUEUE))


def refuse_if_workers_listen() -> None:
    listening = long_queue_workers()
    if listening:
        frappe.throw(
            f"{len(listening)} worker(s) already listen on the long queue "
            f"({', '.join(w.name for w in listening)}): stop them first, or the figures would not be "
            "for the worker count asked for"
        )


def start_workers(count: int, label: str) -> list[tuple[subprocess.Popen, str]]:
    bench = frappe.utils.get_bench_path()
    started = []
    for number in range(1, count + 1):
        path = os.path.join(bench, "logs", f"scale-benchmark-worker-{label}-{number}.log")
        with open(path, "w") as log:
            process = subprocess.Popen(
                ["bench", "worker", "--queue", jobs.QUEUE],
                cwd=bench,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: stopped below by that id alone
            )
        started.append((process, path))
    deadline = time.monotonic() + 120
    while len(long_queue_workers()) < count:
        if time.monotonic() > deadline:
            stop_workers(started)
            frappe.throw(f"{count} workers did not register with RQ within 120 s")
        time.sleep(0.5)
    return started


def stop_workers(started) -> None:
    for process, _path in started:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process, _path in started:
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)
    deadline = time.monotonic() + 30
    while long_queue_workers() and time.monotonic() < deadline:
        time.sleep(0.5)
