"""Bench figure for the IMS Tool's server calls, over HTTP against a running desk (gunicorn on 127.0.0.1).

The tool never ships a month to the browser: each tab is one or two calls that page, filter or sum on
the server. This times each call the screen makes for one company GSTIN and period (median of
``--repeat`` runs) and prints the records in scope next to the seconds, so the figure can be read
against the month's size. The baseline is the naive screen: fetching every row of the month through
Frappe's generic ``frappe.client.get_list`` and summing in the browser. Asserts nothing.

    python benchmarks/bench_ims_tool.py --url http://127.0.0.1:8000 --host ims.localhost \\
        --gstin 27ORYHO8320S1ZL --period 102025
"""

from __future__ import annotations

import argparse
import json
import statistics
import time

import requests

API = "/api/method/india_ims.ims.api."
TOOL = "/api/method/india_ims.ims.tool_api."


def timed(session: requests.Session, url: str, params: dict, repeat: int) -> tuple[float, dict]:
    seconds, body = [], {}
    for _ in range(repeat):
        started = time.perf_counter()
        response = session.post(url, data=params, timeout=600)
        seconds.append(time.perf_counter() - started)
        response.raise_for_status()
        body = response.json().get("message") if "json" in response.headers.get("content-type", "") else {}
    return statistics.median(seconds), body or {}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--url", default="http://127.0.0.1:8000")
    parser.add_argument("--host", default="ims.localhost", help="site name, sent as the Host header")
    parser.add_argument("--user", default="Administrator")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--gstin", required=True)
    parser.add_argument("--period", required=True)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    session = requests.Session()
    session.headers["Host"] = args.host
    session.post(
        args.url + "/api/method/login", data={"usr": args.user, "pwd": args.password}
    ).raise_for_status()
    scope = {"company_gstin": args.gstin, "period": args.period}
    first = session.post(args.url + API + "get_documents", data={**scope, "page_length": 1}).json()
    records = first["message"]["total"]
    first_row = session.post(args.url + API + "get_documents", data=scope).json()["message"]["rows"][0]
    name = first_row["name"]
    calls = [
        ("Match Summary", API + "get_match_summary", scope),
        ("Document View, page 1 of 50", API + "get_documents", {**scope, "page_length": 50}),
        ("Document View, last page", API + "get_documents", {**scope, "page": max(1, records // 50)}),
        (
            "Document View, filtered + sorted",
            API + "get_documents",
            {**scope, "filters": json.dumps({"match_status": "Mismatch"}), "order_by": "taxable_value"},
        ),
        (
            "Document View, sorted by taxable value",
            API + "get_documents",
            {**scope, "order_by": "taxable_value", "descending": 1},
        ),
        (
            "Document View, search GSTIN prefix",
            API + "get_documents",
            {**scope, "filters": json.dumps({"search": first_row["supplier_gstin"][:6]})},
        ),
        (
            "Document View, search by number",
            API + "get_documents",
            {**scope, "filters": json.dumps({"search": first_row["document_number"]})},
        ),
        ("Action Summary", API + "get_action_summary", scope),
        ("ITC at stake", TOOL + "get_itc_at_stake", scope),
        ("Pending upload", TOOL + "get_pending_changes", {"company_gstin": args.gstin}),
        ("Record detail", TOOL + "get_record_detail", {"name": name}),
        ("Export to Excel (whole month)", TOOL + "export_documents", scope),
    ]
    print(f"{records} IMS records for {args.gstin} in {args.period}; median of {args.repeat} runs")
    print(f"{'call':36} {'seconds':>8}")
    for label, path, params in calls:
        seconds, _ = timed(session, args.url + path, params, args.repeat)
        print(f"{label:36} {seconds:8.3f}")
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
        f"baseline: every row to the browser (get_list, {len(rows)} rows) {baseline:.3f} s; "
        f"the Match Summary call is {baseline / max(summary, 1e-6):.0f}x faster"
    )


if __name__ == "__main__":
    main()
