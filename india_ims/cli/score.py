"""``india-ims score``: compare a RESULT.csv with a truth.csv (pair precision, recall, statuses)."""

from __future__ import annotations

from pathlib import Path

from ..gst_india.matching.scoring import score_files


def register(subparsers) -> None:
    parser = subparsers.add_parser("score", help="score a reconcile RESULT.csv against a truth.csv")
    parser.add_argument("--result", type=Path, required=True)
    parser.add_argument("--truth", type=Path, required=True)
    parser.add_argument("--strict", action="store_true", help="exit 1 when a quality bar is not met")
    parser.set_defaults(handler=run)


def run(args) -> int:
    score = score_files(args.result, args.truth)
    print(score.report())
    return 1 if args.strict and not score.meets_bars() else 0
