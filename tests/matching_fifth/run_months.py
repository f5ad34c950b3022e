"""Run the engine over generated months and say where it and the derived truth disagree.

    python -m tests.matching_fifth.run_months 1 2 3 --size 600 --profiles fy_boundary services

Prints, per month, precision / recall / status agreement as ``scoring.score_rows`` computes them,
then every disagreement with both documents and the habits applied to each.
"""

from __future__ import annotations

import argparse
import collections
import sys
from dataclasses import dataclass, field

from india_ims.gst_india.documents import MatchStatus
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.result_file import result_rows
from india_ims.gst_india.matching.scoring import score_rows

from .month import PROFILES, Month, make_month
from .truth import classify

STATUS = {MatchStatus.EXACT: "exact", MatchStatus.SUGGESTED: "suggested", MatchStatus.MISMATCH: "mismatch",
          MatchStatus.MISSING_IN_PI: "missing_in_pi", MatchStatus.MISSING_IN_IMS: "missing_in_ims",
          MatchStatus.MANUAL: "manual"}


@dataclass
class Disagreement:
    kind: str  # wrong_pair, missed_pair, status
    record: int | None
    purchase: str | None
    engine: str
    truth: str
    reason: str = ""
    other: str | None = None  # truth partner of the record (wrong_pair) or engine partner (missed_pair)


@dataclass
class Evaluation:
    month: Month
    precision: float
    recall: float
    status_agreement: float
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def wrong_pairs(self) -> list[Disagreement]:
        return [d for d in self.disagreements if d.kind == "wrong_pair"]


def evaluate(month: Month) -> Evaluation:
    results = reconcile(month.ims, month.purchases)
    rows = list(result_rows(results, month.ims, month.purchases))
    score = score_rows(rows, month.truth)
    names = [p.name for p in month.purchases]
    truth_pair, truth_cat, truth_doc = {}, {}, {}
    index_of = {(r.section.value, r.supplier_gstin, r.document_number): i for i, r in enumerate(month.ims)}
    for row in month.truth:
        if row["section"]:
            i = index_of[(row["section"], row["supplier_gstin"], row["document_number"])]
            truth_pair[i] = row["purchase_invoice"] or None
            truth_cat[i] = row["category"]
            if row["purchase_invoice"]:
                truth_doc[row["purchase_invoice"]] = i
    engine_pair, engine_doc, found = {}, {}, []
    for result in results:
        status = STATUS.get(result.status, str(result.status))
        record = result.ims_index
        purchase = names[result.purchase_index] if result.purchase_index is not None else None
        if record is not None:
            engine_pair[record] = purchase
        if purchase is not None:
            engine_doc[purchase] = record
        if record is not None and purchase is not None:
            if truth_pair.get(record) != purchase:
                found.append(Disagreement("wrong_pair", record, purchase, status,
                                          truth_cat.get(record, "?"), result.reason, truth_pair.get(record)))
            elif truth_cat[record] != status:
                found.append(Disagreement("status", record, purchase, status, truth_cat[record],
                                          result.reason))
        elif record is not None and truth_cat.get(record) != status and truth_pair.get(record) is None:
            found.append(Disagreement("status", record, None, status, truth_cat.get(record, "?"),
                                      result.reason))
        elif purchase is not None and purchase in truth_doc and status == "missing_in_ims":
            pass  # reported as missed_pair below
        elif purchase is not None and purchase not in truth_doc and status != "missing_in_ims":
            found.append(Disagreement("status", None, purchase, status, "missing_in_ims", result.reason))
    for record, purchase in truth_pair.items():
        if purchase is not None and engine_pair.get(record) != purchase:
            engine = "unpaired" if engine_doc.get(purchase) is None else "paired elsewhere"
            found.append(Disagreement("missed_pair", record, purchase, engine, truth_cat[record], "",
                                      engine_pair.get(record)))
    return Evaluation(month, score.precision, score.recall, score.status_agreement, found)


def _amounts(a) -> str:
    short = {"taxable_value": "tx", "igst": "igst", "cgst": "cgst", "sgst": "sgst", "cess": "cess"}
    heads = [f"{short[h]}={getattr(a, h) / 100:.2f}" for h in short if getattr(a, h)]
    return " ".join(heads)


def describe_record(month: Month, index: int) -> str:
    r = month.ims[index]
    return (f"IMS[{r.section.value}] {r.supplier_gstin} {r.document_number!r} {r.document_date} "
            f"pos={r.place_of_supply} {_amounts(r.amounts)} period={r.supplier_return_period} "
            f"case={month.cases.get(('ims', index))} habits={month.habits_of_record(index)}")


def describe_purchase(month: Month, name: str) -> str:
    p = next(p for p in month.purchases if p.name == name)
    return (f"PI {p.name} {p.document_type.value} {p.supplier_gstin} {p.bill_no!r} bill={p.bill_date} "
            f"post={p.posting_date} pos={p.place_of_supply} {_amounts(p.amounts)} "
            f"case={month.cases.get(('pi', name))} habits={month.habits_of_purchase(name)}")


def report(evaluation: Evaluation, out=sys.stdout) -> None:
    m = evaluation.month
    print(f"seed={m.seed} profile={m.profile} ims={len(m.ims)} pi={len(m.purchases)} "
          f"precision={evaluation.precision:.4f} recall={evaluation.recall:.4f} "
          f"status={evaluation.status_agreement:.4f} disagreements={len(evaluation.disagreements)}", file=out)
    for d in evaluation.disagreements:
        print(f"  [{d.kind}] engine={d.engine} truth={d.truth} reason={d.reason!r}", file=out)
        if d.record is not None:
            print(f"    {describe_record(m, d.record)}", file=out)
        if d.purchase is not None:
            print(f"    {describe_purchase(m, d.purchase)}", file=out)
            if d.record is not None:
                verdict, why = classify(m.ims[d.record], next(p for p in m.purchases if p.name == d.purchase))
                print(f"    truth.classify of this pair: {verdict} {why}", file=out)
        if d.other:
            label = "truth partner" if d.kind == "wrong_pair" else "engine partner"
            print(f"    {label}: {describe_purchase(m, d.other)}", file=out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seeds", nargs="+", type=int)
    parser.add_argument("--size", type=int, default=600)
    parser.add_argument("--profiles", nargs="+", default=list(PROFILES), choices=PROFILES)
    parser.add_argument("--quiet", action="store_true", help="figures only, no disagreement details")
    args = parser.parse_args(argv)
    totals = collections.Counter()
    kinds = collections.Counter()
    for profile in args.profiles:
        for seed in args.seeds:
            evaluation = evaluate(make_month(seed, profile, args.size))
            if args.quiet:
                report(Evaluation(evaluation.month, evaluation.precision, evaluation.recall,
                                  evaluation.status_agreement, []))
                print(f"  disagreements={len(evaluation.disagreements)}")
            else:
                report(evaluation)
            totals["months"] += 1
            totals["precision"] += evaluation.precision
            totals["recall"] += evaluation.recall
            totals["status"] += evaluation.status_agreement
            for d in evaluation.disagreements:
                kinds[(d.kind, d.engine, d.truth)] += 1
    n = totals["months"]
    print(f"\nmonths={n} mean precision={totals['precision'] / n:.4f} recall={totals['recall'] / n:.4f} "
          f"status={totals['status'] / n:.4f}")
    for (kind, engine, truth), count in kinds.most_common():
        print(f"  {count:5d} {kind}: engine={engine} truth={truth}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
