"""``india-ims summary``: what an IMS download holds, by section and action."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

from ..data import SAMPLE_MONTH
from ..gst_india.documents import Action, Section
from ..gst_india.money import format_inr
from .ims_file import read_ims_file, report_notes


def register(subparsers) -> None:
    parser = subparsers.add_parser("summary", help="summarise an IMS GETINV download")
    parser.add_argument(
        "--ims",
        type=Path,
        default=SAMPLE_MONTH / "ims.json",
        help="GETINV-shaped JSON, bare or in GSTN's or a provider's envelope (default: the sample month)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    read = read_ims_file(args.ims)
    report_notes(args.ims, read)
    records = read.records
    counts: Counter = Counter()
    tax: dict = defaultdict(int)
    for record in records:
        counts[(record.section, record.action)] += 1
        tax[record.section] += record.amounts.total_tax
    skipped = sum(read.skipped.values())
    extra = f" ({skipped} ISD/import records skipped)" if skipped else ""
    warned = f", {len(read.warnings)} with warnings" if read.warnings else ""
    print(f"{args.ims}: {len(records)} IMS records{warned}{extra}")
    header = f"{'section':<28}" + "".join(f"{a.label:>11}" for a in Action) + f"{'tax':>20}"
    print(header)
    for section in Section:
        row = [counts[(section, action)] for action in Action]
        if sum(row):
            cells = "".join(f"{n:>11}" for n in row)
            print(f"{section.label:<28}{cells}{format_inr(tax[section]):>20}")
    return 0
