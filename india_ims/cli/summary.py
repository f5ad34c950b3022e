"""``india-ims summary``: what an IMS download holds, by section and action."""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

from ..data import SAMPLE_MONTH
from ..gst_india.documents import Action, Section
from ..gst_india.money import format_inr
from ..gst_india.payload.ims import parse_getinv


def register(subparsers) -> None:
    parser = subparsers.add_parser("summary", help="summarise an IMS GETINV download")
    parser.add_argument(
        "--ims",
        type=Path,
        default=SAMPLE_MONTH / "ims.json",
        help="GETINV-shaped JSON (default: the embedded sample month)",
    )
    parser.set_defaults(handler=run)


def run(args) -> int:
    with open(args.ims, encoding="utf-8") as handle:
        records = parse_getinv(json.load(handle))
    counts: Counter = Counter()
    tax: dict = defaultdict(int)
    for record in records:
        counts[(record.section, record.action)] += 1
        tax[record.section] += record.amounts.total_tax
    print(f"{args.ims}: {len(records)} IMS records")
    header = f"{'section':<28}" + "".join(f"{a.label:>11}" for a in Action) + f"{'tax':>20}"
    print(header)
    for section in Section:
        row = [counts[(section, action)] for action in Action]
        if sum(row):
            cells = "".join(f"{n:>11}" for n in row)
            print(f"{section.label:<28}{cells}{format_inr(tax[section]):>20}")
    return 0
