"""Bench figures for the IMS Tool's server calls, over HTTP against a running desk (``bench serve``).

The tool never ships a month to the browser: each tab is one or two calls that page, filter or sum on
the server. This times each call the screen makes for one company GSTIN and period and prints, per
row, the records the call covers, the median of ``--repeat`` runs, every run, and the bar (issue 16:
a screen within 300 ms, a bulk action within 1 s, the Excel export of a lakh of rows within 3 s).

The bulk action is "set action on everything a filter selects" (``--bulk-filter``, by default the
records to look at: Mismatch and Missing in PI, about a tenth of a month); its runs alternate two
actions so every run changes every record it may, and each is followed by the Action Summary, whose
cached figures the change has just invalidated: its first call after a change. The baseline is the
naive screen: every row of the month through Frappe's generic ``frappe.client.get_list``.
Asserts nothing. It changes the actions of the benchmark month (``india_ims.ims.benchmark`` with
``keep_records``).

    python benchmarks/bench_ims_tool.py --url http://127.0.0.1:8000 --host ims.localhost \\
        --gstin 27ORYHO8320S1ZL --period 102025
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time

import requests
from needs_site import BULK_FILTER, skipped

API = "/api/method/india_ims.ims.api."
TOOL = "/api/method/india_ims.ims.tool_api."
SCREEN, BULK, EXPORT = 0.3, 1.0, 3.0


def call(session: requests.Session, url: str, params: dict) -> tuple[float, dict]:
    started = time.perf_counter()
    response = session.post(url, data=params, timeout=600)
    seconds = time.perf_counter() - started
    response.raise_for_status()
    body = response.json().get("message") if "json" in response.headers.get("content-type", "") else {}
    return seconds, body or {}


def timed(session: requests.Session, url: str, params: dict, repeat: int) -> tuple[list[float], dict]:
    seconds, body = [], {}
    for _ in range(repeat):
        took, body = call(session, url, params)
        seconds.append(took)
    return seconds, body


def line(label: str, records, seconds: list[float], bar: float | None) -> None:
    median = statistics.median(seconds)
    verdict = "" if bar is None else f"{bar:5.2f}  {'met' if median <= bar else 'NOT met'}"
    runs = " ".join(f"{s:.3f}" for s in seconds)
    print(f"{label:50} {records!s:>8} {median:8.3f}  {verdict:14} [{runs}]")


def figures_settle(session: requests.Session, url: str, gstin: str, limit: float = 120.0) -> float:
    """Seconds until no stored-figures refresh job of ``gstin`` is queued or running (RQ Job list)."""
    job_id = f"india_ims::figures::{gstin}"
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        response = session.post(url + "/api/method/frappe.client.get_list", data={
            "doctype": "RQ Job", "fields": json.dumps(["job_id", "status"]),
            "filters": json.dumps({"status": ["in", ["queued", "started"]]}), "order_by": "modified desc",
            "limit_page_length": 500,
        })
        response.raise_for_status()
        if not any(job_id in (job.get("job_id") or "") for job in response.json().get("message") or []):
            break
        time.sleep(0.2)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--host", default="ims.localhost", help="site name, sent as the Host header")
    parser.add_argument("--user", default="Administrator")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--gstin")
    parser.add_argument("--period")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--period-field",
        default="supplier_return_period",
        help="supplier_return_period (the supplier's filing period) or gstr2b_period (the tool's "
        "GSTR-3B period, with the records saved but not filed)",
    )
    parser.add_argument(
        "--bulk-filter", default=BULK_FILTER
    )
    parser.add_argument("--bulk-actions", default="Rejected,Pending")
    parser.add_argument("--skip-bulk", action="store_true")
    parser.add_argument(
        "--settle", action="store_true",
        help="before each bulk run, wait until the GSTIN's stored-figures refresh job (queued by the run "
        "before) has finished, and print how long it ran: the request alone, not beside that job",
    )
    args = parser.parse_args()
    if skipped("bench_ims_tool", args, "gstin", "period"):
        return

    session = requests.Session()
    session.headers["Host"] = args.host
    session.post(
        args.url + "/api/method/login", data={"usr": args.user, "pwd": args.password}
    ).raise_for_status()
    scope = {"company_gstin": args.gstin, "period": args.period, "period_field": args.period_field}
    first = session.post(args.url + API + "get_documents", data={**scope, "page_length": 1}).json()
    records = first["message"]["total"]
    first_row = session.post(args.url + API + "get_documents", data=scope).json()["message"]["rows"][0]
    name = first_row["name"]
    load = os.getloadavg()
    print(
        f"{records} IMS records for {args.gstin} in {args.period} ({args.period_field}); "
        f"median of {args.repeat} runs; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"{'call':50} {'records':>8} {'median s':>8}  {'bar s':14} [runs]")

    def documents(label: str, params: dict) -> None:
        seconds, body = timed(session, args.url + API + "get_documents", {**scope, **params}, args.repeat)
        line(label, body.get("total", ""), seconds, SCREEN)

    seconds, _ = timed(session, args.url + API + "get_match_summary", scope, args.repeat)
    line("Match Summary", records, seconds, SCREEN)
    documents("Document View, page 1 of 50", {"page_length": 50})
    documents("Document View, last page", {"page": max(1, -(-records // 50))})
    documents(
        "Document View, Mismatch sorted by taxable value",
        {"filters": json.dumps({"match_status": "Mismatch"}), "order_by": "taxable_value"},
    )
    documents("Document View, sorted by taxable value", {"order_by": "taxable_value", "descending": 1})
    prefix = first_row["supplier_gstin"][:6]
    documents("Document View, search GSTIN prefix", {"filters": json.dumps({"search": prefix})})
    documents(
        "Document View, search by number", {"filters": json.dumps({"search": first_row["document_number"]})}
    )
    documents(
        "Document View, search by part of a number",
        {"filters": json.dumps({"search": first_row["document_number"][-4:]})},
    )
    seconds, _ = timed(session, args.url + API + "get_action_summary", scope, args.repeat)
    line("Action Summary (kept figures)", records, seconds, SCREEN)
    seconds, _ = timed(session, args.url + TOOL + "get_itc_at_stake", scope, args.repeat)
    line("ITC at stake", records, seconds, SCREEN)
    pending = {"company_gstin": args.gstin}
    seconds, _ = timed(session, args.url + TOOL + "get_pending_changes", pending, args.repeat)
    line("Pending upload", "", seconds, SCREEN)
    seconds, _ = timed(session, args.url + TOOL + "get_record_detail", {"name": name}, args.repeat)
    line("Record detail", 1, seconds, SCREEN)

    if not args.skip_bulk:
        bulk_filter = json.loads(args.bulk_filter)
        selected = session.post(
            args.url + API + "get_documents",
            data={**scope, "filters": json.dumps(bulk_filter), "page_length": 1},
        ).json()["message"]["total"]
        actions = args.bulk_actions.split(",")
        bulk_seconds, cold_seconds, outcomes = [], [], []
        writing = []  # the runs that changed records: a run whose action every record has writes nothing
        settled = []
        for run in range(args.repeat):
            if args.settle:
                settled.append(figures_settle(session, args.url, args.gstin))
            took, body = call(
                session,
                args.url + API + "set_action_by_filter",
                {**scope, "action": actions[run % len(actions)], "filters": json.dumps(bulk_filter),
                 "mode": "valid_only"},
            )
            bulk_seconds.append(took)
            writing.extend([took] if body.get("applied") else [])
            reasons = ", ".join(f"{r['code']} {r['count']}" for r in body.get("refused_by_reason") or [])
            outcomes.append(
                f"{actions[run % len(actions)]}: {body.get('applied')} applied, {body.get('unchanged')} "
                f"unchanged, {len(body.get('refused') or [])} refused ({reasons or 'none'})"
            )
            took, _ = call(session, args.url + API + "get_action_summary", scope)
            cold_seconds.append(took)
        label = "Set action by filter" + (" (figures job settled)" if args.settle else "")
        line(f"{label} {args.bulk_filter}", selected, bulk_seconds, BULK)
        if writing and len(writing) < len(bulk_seconds):
            line("    of which the runs that changed records", selected, writing, BULK)
        if settled:
            print("    waited for the figures job before each run: " + " ".join(f"{s:.2f}" for s in settled))
        for outcome in outcomes:
            print(f"    {outcome}")
        line("Action Summary, first call after a change", records, cold_seconds, SCREEN)

    seconds, _ = timed(session, args.url + TOOL + "export_documents", scope, args.repeat)
    line("Export to Excel (Document View, whole period)", records, seconds, EXPORT)
    baseline, rows = timed(
        session,
        args.url + "/api/method/frappe.client.get_list",
        {
            "doctype": "IMS Inward Supply",
            "filters": json.dumps({"company_gstin": args.gstin, "supplier_return_period": args.period}),
            "fields": json.dumps(["name", "match_status", "taxable_value", "igst", "cgst", "sgst", "cess"]),
            "limit_page_length": 0,
        },
        1,
    )
    summary, _ = timed(session, args.url + API + "get_match_summary", scope, args.repeat)
    print(
        f"baseline: every row to the browser (get_list, {len(rows)} rows) {baseline[0]:.3f} s; "
        f"the Match Summary call is {baseline[0] / max(statistics.median(summary), 1e-6):.0f}x faster"
    )
    load = os.getloadavg()
    print(f"load average at the end {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
