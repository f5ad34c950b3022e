"""Bench figures for the GSTR-2B & 3B Preview's server calls and the IMS Register, over HTTP against a
running desk.

Each view is timed as a user meets it after a change: its cached figures emptied first (``--redis``,
the bench's redis_cache; without it the repeats after the first ride on the cache), then ``--repeat``
runs; prints the first, the median and every run against the bar (issue 14: 300 ms), and the
``behind`` the preview reported (the background refresh still adding records). Asserts nothing.

    python benchmarks/bench_returns_views.py --url http://127.0.0.1:8016 --host plain.localhost \\
        --gstin 24AAACB7403R1Z5 --period 102026 --redis redis://127.0.0.1:13016
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import requests
from needs_site import skipped

API = "/api/method/india_ims.ims.returns.api."
REPORT = "/api/method/frappe.desk.query_report.run"  # as the Desk asks for a Script Report
BAR = 0.3


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--host", default="plain.localhost", help="site name, sent as the Host header")
    parser.add_argument("--user", default="Administrator")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--gstin")
    parser.add_argument("--period")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--redis", help="redis_cache URL: empty the figures' cache before every run")
    args = parser.parse_args()
    if skipped("bench_returns_views", args, "gstin", "period"):
        return 0

    session = requests.Session()
    session.headers["Host"] = args.host
    login = {"usr": args.user, "pwd": args.password}
    session.post(f"{args.url}/api/method/login", data=login).raise_for_status()
    cache = None
    if args.redis:
        import redis

        cache = redis.Redis.from_url(args.redis)

    def empty_cache() -> None:
        if cache is not None:
            keys = list(cache.scan_iter(match="*india_ims:returns:*", count=1000))
            if keys:
                cache.delete(*keys)

    params = {"company_gstin": args.gstin, "period": args.period}
    register = {
        "report_name": "IMS Register",
        "filters": json.dumps({**params, "period_of": "GSTR-2B"}),
        "ignore_prepared_report": 1,
    }
    # label: (method path, form); a bare name is the Preview's API
    views = {
        "comparison + Table 4 (get_comparison)": ("get_comparison", params),
        "drill-down page (get_difference_documents)": ("get_difference_documents", params),
        "charts (get_charts)": ("get_charts", params),
        "close preview (get_close_preview)": ("get_close_preview", params),
        "IMS Register, whole month (query_report.run)": (REPORT, register),
    }
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{args.host}, {args.gstin} {args.period}; load average {load:.2f}; cache emptied: {bool(cache)}")
    for label, (method, form) in views.items():
        laps, behind = [], None
        path = method if "." in method else f"{API}{method}"
        for _ in range(args.repeat):
            empty_cache()
            started = time.perf_counter()
            response = session.post(f"{args.url}{path}", data=form, timeout=600)
            laps.append(time.perf_counter() - started)
            response.raise_for_status()
            behind = (response.json().get("message") or {}).get("behind") or behind
        median = statistics.median(laps)
        verdict = "met" if median <= BAR else "NOT met"
        runs = " ".join(f"{s:.3f}" for s in laps)
        said = f"  behind: {behind['records']} records" if behind else ""
        print(f"{label:46} median {median:6.3f} s  bar {BAR} {verdict:8} [{runs}]{said}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
