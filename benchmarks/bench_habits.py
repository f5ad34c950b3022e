"""Precision and recall per habit: which clerks' habits the engine pairs, and which it pairs wrongly.

Prints a table and asserts nothing. Each generated month labels every truth
row with the habit behind it (``TruthRow.kind``); per habit:

- ``n``: documents of that habit (an IMS record, or a books document missing in IMS)
- ``recall``: true pairs paired with the right document
- ``precision``: of the pairs the engine made that involve a document of that habit, the right ones
- ``status``: true pairs paired right and with the right status
- ``wrong E/S``: wrong pairs labelled Exact or Suggested (must be 0)
- ``left alone``: for documents that must stay unpaired (missing in PI / in IMS), the share left so

    python benchmarks/bench_habits.py                        # every profile, 2 seeds of 5,000 records
    python benchmarks/bench_habits.py --profiles habits --size 20000 --seeds 1 2 3
    python benchmarks/bench_habits.py --generator accountants --profiles fourth --size 3000 --seeds 1 2 3

``--generator accountants`` scores the months of ``tests/matching_habits`` (habits accountants report,
written apart from ``india_ims.synthetic``) the same way, habit by habit; ``--generator independent``
those of ``tests/matching_independent``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from india_ims.gst_india.matching import reconcile  # noqa: E402
from india_ims.gst_india.matching.scoring import CATEGORY_STATUS, CONFIDENT, PAIRED  # noqa: E402
from india_ims.synthetic import PROFILES, generate_month  # noqa: E402


def tally(month, results, counts) -> None:
    """Add one month's figures to ``counts``: kind -> counters."""
    ims_key = {id(r): (r.section.value, r.supplier_gstin, r.document_number) for r in month.ims_records}
    truth_of_ims = {}
    truth_of_book = {}
    for row in month.truth:
        kind = row.kind or "(plain)"
        if row.section:
            truth_of_ims[(row.section, row.supplier_gstin, row.document_number)] = row
        if row.purchase_invoice:
            truth_of_book[row.purchase_invoice] = row
        if row.category == "missing_in_ims":
            counts[(kind, row.category)]["n"] += 1
    for result in results:
        record = month.ims_records[result.ims_index] if result.ims_index is not None else None
        book = month.purchases[result.purchase_index].name if result.purchase_index is not None else None
        truth = truth_of_ims.get(ims_key[id(record)]) if record is not None else truth_of_book.get(book)
        if record is None:
            if truth is not None and truth.category == "missing_in_ims":
                counts[(truth.kind or "(plain)", truth.category)]["alone"] += 1
            continue
        kind = truth.kind or "(plain)"
        entry = counts[(kind, truth.category)]
        entry["n"] += 1
        right = book is not None and book == truth.purchase_invoice
        if truth.category in PAIRED:
            entry["pairs_true"] += 1
            entry["right"] += right
            entry["status"] += right and result.status.value == CATEGORY_STATUS[truth.category]
        elif book is None:
            entry["alone"] += 1
        if book is not None:
            entry["made"] += 1
            entry["made_right"] += right
            if not right:
                entry["wrong_confident"] += result.status.value in CONFIDENT
                other = truth_of_book.get(book)  # the books document's own habit made a wrong pair too
                if other is not None and other is not truth:
                    side = counts[(other.kind or "(plain)", other.category)]
                    side["made"] += 1
                    side["wrong_confident"] += result.status.value in CONFIDENT


def accountants_month(seed: int, size: int, profile: str, generator: str = "accountants"):
    """A ``tests/matching_habits`` (or ``tests/matching_independent``) month in the shape ``tally``
    reads: records, books, labelled truth."""
    from types import SimpleNamespace

    if generator == "independent":
        from tests.matching_independent.month import make_month
    else:
        from tests.matching_habits.month import make_month

    month = make_month(seed, profile, size)
    truth = []
    for row in month.truth:
        key = row["purchase_invoice"] or f"{row['supplier_gstin']}:{row['document_number']}"
        truth.append(SimpleNamespace(**row, kind=month.habits.get(key, "")))
    return SimpleNamespace(ims_records=month.ims, purchases=month.purchases, truth=truth)


def table(counts) -> str:
    lines = [f"{'habit':34} {'truth':14} {'n':>6} {'recall':>8} {'precision':>9} {'status':>8} "
             f"{'wrong E/S':>9} {'left alone':>10}"]
    for (kind, category), entry in sorted(counts.items(), key=lambda item: (item[0][1], item[0][0])):
        def share(part, whole):
            return f"{part / whole:8.2%}" if whole else f"{'-':>8}"
        paired = category in PAIRED
        lines.append(
            f"{kind:34} {category:14} {entry['n']:>6} "
            f"{share(entry['right'], entry['pairs_true']) if paired else '-':>8} "
            f"{share(entry['made_right'], entry['made']):>9} "
            f"{share(entry['status'], entry['pairs_true']) if paired else '-':>8} "
            f"{entry['wrong_confident']:>9} "
            f"{'-' if paired else share(entry['alone'], entry['n']):>10}")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--generator", default="synthetic",
                        choices=("synthetic", "accountants", "independent"),
                        help="whose months: india_ims.synthetic, tests/matching_habits or _independent")
    parser.add_argument("--profiles", nargs="+", default=None,
                        help=f"synthetic: {', '.join(sorted(PROFILES))}; the others: their own")
    parser.add_argument("--size", type=int, default=5_000)
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--period", default="102025", help="return period MMYYYY (fixed: results repeat)")
    args = parser.parse_args()
    counts: dict = defaultdict(lambda: defaultdict(int))
    engine = 0.0
    if args.generator == "accountants":
        from tests.matching_habits.month import PROFILES as ACCOUNTANTS

        args.profiles = args.profiles or sorted(ACCOUNTANTS)
    elif args.generator == "independent":
        from tests.matching_independent.month import PROFILES as INDEPENDENT

        args.profiles = args.profiles or sorted(INDEPENDENT)
    else:
        args.profiles = args.profiles or sorted(PROFILES)
    for profile in args.profiles:
        for seed in args.seeds:
            if args.generator != "synthetic":
                month = accountants_month(seed, args.size, profile, args.generator)
            else:
                month = generate_month(seed, args.size, profile, period=args.period)
            start = time.perf_counter()
            results = reconcile(month.ims_records, month.purchases)
            engine += time.perf_counter() - start
            tally(month, results, counts)
    print(f"profiles {', '.join(args.profiles)}; seeds {args.seeds}; {args.size:,} IMS records each; "
          f"engine {engine:.1f} s in all")
    print(table(counts))


if __name__ == "__main__":
    main()
