"""Scan the third generator's months through the engine and show every row it got wrong.

    .venv/bin/python -m tests.matching_third.run_months [seeds] [n_documents] [profile ...]
"""

from __future__ import annotations

import sys
from collections import Counter

from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.result_file import result_rows
from india_ims.gst_india.matching.scoring import score_rows

from .month import PROFILES, Month, make_month

STATUS = {"exact": "Exact Match", "suggested": "Suggested Match", "mismatch": "Mismatch",
          "missing_in_pi": "Missing in PI", "missing_in_ims": "Missing in IMS"}


def run(month: Month):
    rows = list(result_rows(reconcile(month.ims, month.purchases), month.ims, month.purchases))
    return rows, score_rows(rows, month.truth)


def _amounts(a) -> str:
    heads = [f"{name}={value / 100:.2f}" for name, value in zip(("tv", "i", "c", "s", "cess"),
             (a.taxable_value, a.igst, a.cgst, a.sgst, a.cess)) if value or name == "tv"]
    return " ".join(heads)


def _habit(month: Month, truth: dict) -> str:
    key = truth["purchase_invoice"] or truth["document_number"]
    return month.habits.get(key) or month.habits.get(f"{truth['supplier_gstin']}/{key}", "?")


def disagreements(month: Month, rows: list[dict]) -> list[tuple]:
    """(habit, truth, engine row, ims record, purchase) for each truth row the engine did not give."""
    by_ims = {(r["section"], r["supplier_gstin"], r["document_number"]): r for r in rows if r["section"]}
    by_pi = {}
    for r in rows:
        if r["purchase_invoice"]:
            by_pi.setdefault(r["purchase_invoice"], r)
    ims = {(r.section.value, r.supplier_gstin, r.document_number): r for r in month.ims}
    pis = {p.name: p for p in month.purchases}
    wrong = []
    for t in month.truth:
        key = (t["section"], t["supplier_gstin"], t["document_number"])
        row = by_ims.get(key) if t["section"] else by_pi.get(t["purchase_invoice"])
        if row is None or row["purchase_invoice"] != t["purchase_invoice"] \
                or row["match_status"] != STATUS[t["category"]]:
            wrong.append((_habit(month, t), t, row, ims.get(key), pis.get(t["purchase_invoice"])))
    return wrong


def describe(item) -> str:
    habit, t, row, record, pi = item
    lines = [f"  [{habit}] truth {t['category']} -> engine {row['match_status'] if row else 'no row'}"
             f" with {row['purchase_invoice'] or '-' if row else '-'}: {row['reason'] if row else ''}"]
    if record is not None:
        lines.append(f"      IMS {record.section.value} {record.supplier_gstin} {record.document_number!r}"
                     f" {record.document_date} {_amounts(record.amounts)} pos={record.place_of_supply}"
                     + (f" orig={record.original_number!r}" if record.original_number else ""))
    if pi is not None:
        lines.append(f"      PI  {pi.name} {pi.supplier_gstin} {pi.bill_no!r} {pi.bill_date}"
                     f" {_amounts(pi.amounts)} pos={pi.place_of_supply}"
                     + (" RCM" if pi.reverse_charge else ""))
    if row is not None and row["purchase_invoice"] and (pi is None or row["purchase_invoice"] != pi.name):
        lines.append(f"      engine's PI {row['purchase_invoice']} {row['bill_no']!r} {row['bill_date']}"
                     f" tv={row['books_taxable_value']} tax={row['books_total_tax']}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    seeds = int(argv[0]) if argv else 10
    size = int(argv[1]) if len(argv) > 1 else 400
    profiles = argv[2:] or list(PROFILES)
    by_habit = Counter()
    for profile in profiles:
        totals = Counter()
        for seed in range(1, seeds + 1):
            month = make_month(seed, profile, size)
            rows, score = run(month)
            for field in ("true_pairs", "predicted_pairs", "correct_pairs"):
                totals[field] += getattr(score, field)
            totals["status"] += score.status_agreement
            print(f"{profile:14s} seed {seed:3d}: precision {score.precision:.4f} recall {score.recall:.4f}"
                  f" status {score.status_agreement:.4f}  ({len(month.ims)} IMS, {len(month.purchases)} PI)")
            if min(score.precision, score.recall, score.status_agreement) < 1.0:
                for item in disagreements(month, rows):
                    by_habit[(profile, item[0], item[1]["category"],
                              item[2]["match_status"] if item[2] else "none")] += 1
                    print(describe(item))
        p = totals["correct_pairs"] / max(1, totals["predicted_pairs"])
        r = totals["correct_pairs"] / max(1, totals["true_pairs"])
        print(f"== {profile}: {seeds} months, precision {p:.4f} recall {r:.4f} "
              f"status agreement (mean of months) {totals['status'] / seeds:.4f}\n")
    for key, count in sorted(by_habit.items()):
        print(f"  {count:4d}  {key}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
