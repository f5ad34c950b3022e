"""Benchmarks that measure a served site skip, with a word, when run with no site: `./run bench` runs
every script with no arguments, and one stopping would keep the ones after it from running."""

from __future__ import annotations

import json

# What the bulk-action benchmarks act on: the records to look at, about a tenth of a month.
BULK_FILTER = json.dumps({"match_status": ["Mismatch", "Missing in PI"]})


def skipped(script: str, args, *options: str) -> bool:
    """True (and says so) when any of ``options`` (argparse destinations) was not given."""
    missing = [f"--{option.replace('_', '-')}" for option in options if not getattr(args, option)]
    if missing:
        print(f"{script}: skipped, it needs a site with a month in it (pass {', '.join(missing)})")
    return bool(missing)


def add_month_options(parser) -> None:
    """The options of a script that acts in one process on a month in a site, as a bulk action does:
    the site, the GSTIN and period, and the IMS Tool's filters (by default the records to act on)."""
    parser.add_argument("--site")
    parser.add_argument("--gstin")
    parser.add_argument("--period")
    parser.add_argument("--filters", default=BULK_FILTER)
    parser.add_argument("--period-field", default="supplier_return_period")


def connect(site: str):
    """Frappe connected to ``site`` (run from the bench's ``sites`` directory), as Administrator."""
    import frappe

    frappe.init(site=site, sites_path=".")
    frappe.connect()
    frappe.set_user("Administrator")
    return frappe
