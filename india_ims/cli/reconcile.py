"""``india-ims reconcile``: pair an IMS download with a purchase register, write RESULT.csv (and a report)."""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

from ..gst_india.documents import ImsRecord, MatchStatus
from ..gst_india.matching import MatchSettings, read_purchase_register, reconcile
from ..gst_india.matching.register import RowWarning, write_warnings_csv
from ..gst_india.matching.result_file import write_result_csv
from ..gst_india.money import to_paise
from .ims_file import read_ims_file, report_notes


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "reconcile", help="pair IMS records with purchase documents and say what differs")
    parser.add_argument("--ims", type=Path, required=True, help="GETINV-shaped JSON (any sections)")
    parser.add_argument("--purchases", type=Path, required=True, help="purchase register CSV")
    parser.add_argument("--out", type=Path, required=True, help="RESULT.csv to write")
    parser.add_argument("--xlsx", type=Path, help="also write an Excel report (summary + documents)")
    parser.add_argument("--amount-tolerance", default="1.00",
                        help="rupees per amount head still called rounding (default 1.00)")
    parser.add_argument("--date-window", type=int, default=7,
                        help="days a date may be off and still be a clerical slip (default 7)")
    parser.set_defaults(handler=run)


def read_ims(path: Path) -> list[ImsRecord]:
    """IMS records of a GETINV file (bare or in an envelope); errors name the file, section, record and
    field; a GSTIN failing its check character is a warning on stderr, the record kept."""
    read = read_ims_file(path)
    report_notes(path, read)
    return read.records


def run(args) -> int:
    tolerance = to_paise(args.amount_tolerance, field="--amount-tolerance")
    settings = MatchSettings(amount_tolerance=tolerance, date_window_days=args.date_window)
    started = time.perf_counter()
    ims = read_ims(args.ims)
    warnings: list[RowWarning] = []  # one bad row never stops the run: it is reported on its row
    purchases = read_purchase_register(args.purchases, warnings)
    parsed = time.perf_counter()
    results = reconcile(ims, purchases, settings)
    matched = time.perf_counter()
    rows = write_result_csv(args.out, results, ims, purchases)
    if args.xlsx:
        from ..reports.xlsx import write_report  # openpyxl only when a report is asked for

        write_report(args.xlsx, results, ims, purchases)
    written = time.perf_counter()
    counts = Counter(result.status for result in results)
    print(f"{len(ims)} IMS records, {len(purchases)} purchase documents -> {rows} rows in {args.out}")
    for status in MatchStatus:
        if counts[status]:
            print(f"  {status.value:<16} {counts[status]:>8}")
    warnings_path = args.out.with_name(args.out.stem + ".warnings.csv")
    if not warnings and warnings_path.exists():
        warnings_path.unlink()  # an earlier run's warnings would be read as this run's
    if warnings:
        write_warnings_csv(warnings_path, warnings)
        rows_hit = len({w.row for w in warnings})
        print(f"  {rows_hit} register row{'s' if rows_hit != 1 else ''} with a value that could not be read "
              f"({len(warnings)} warning{'s' if len(warnings) != 1 else ''}): {warnings_path}")
        for warning in warnings[:3]:
            print(f"warning: {warning.text(args.purchases)}", file=sys.stderr)
    print(f"read {parsed - started:.2f} s, engine {matched - parsed:.2f} s, "
          f"write {written - matched:.2f} s", file=sys.stderr)
    return 0
