"""Run the engine over sixth-generator months and list where it disagrees with the truth.

    python -m tests.matching_sixth.run_months SEED [SEED ...] --size N [--profiles P ...] [--quiet]

Per month one line with precision, recall and status agreement; then (unless --quiet) every
disagreement with both documents and their habits; at the end the disagreement kinds counted.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass

from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.result_file import result_rows
from india_ims.gst_india.matching.scoring import CATEGORY_STATUS, PAIRED, Score, score_rows

from .month import PROFILES, Month, make_month


@dataclass
class Disagreement:
    kind: str  # wrong_pair, missed_pair, status
    text: str
    habits: tuple[str, ...]
    truth: str
    predicted: str


def _rupees(paise: int) -> str:
    return f"{paise / 100:,.2f}"


def describe_ims(month: Month, index: int) -> str:
    r = month.ims[index]
    a = r.amounts
    return (f"IMS  {r.section.value:6} {r.supplier_gstin} {r.document_number!r:22} {r.document_date} "
            f"pos={r.place_of_supply} tx={_rupees(a.taxable_value)} i={_rupees(a.igst)} c={_rupees(a.cgst)} "
            f"s={_rupees(a.sgst)} cess={_rupees(a.cess)} tags={','.join(month.ims_habits[index]) or '-'}")


def describe_books(month: Month, index: int) -> str:
    p = month.purchases[index]
    a = p.amounts
    return (f"PI   {p.name} {p.document_type.value:11} {p.supplier_gstin or '(unregistered)'} "
            f"{p.bill_no!r:22} bill={p.bill_date} post={p.posting_date} pos={p.place_of_supply} "
            f"tx={_rupees(a.taxable_value)} "
            f"i={_rupees(a.igst)} c={_rupees(a.cgst)} s={_rupees(a.sgst)} cess={_rupees(a.cess)} "
            f"habits={','.join(month.books_habits[index]) or '-'}")


def run_month(month: Month) -> tuple[Score, list[Disagreement]]:
    results = list(reconcile(month.ims, month.purchases))
    rows = list(result_rows(results, month.ims, month.purchases))
    score = score_rows(rows, month.truth)
    ims_at = {(r.section.value, r.supplier_gstin, r.document_number): i for i, r in enumerate(month.ims)}
    books_at = {p.name: n for n, p in enumerate(month.purchases)}
    truth = {(t["section"], t["supplier_gstin"], t["document_number"]): t
             for t in month.truth if t["section"]}
    found = {}
    for result in results:
        if result.ims_index is not None:
            found[result.ims_index] = result
    disagreements = []
    for key, row in truth.items():
        i = ims_at[key]
        result = found.get(i)
        given = result.purchase_index if result else None
        predicted_pi = month.purchases[given].name if given is not None else ""
        status = result.status.value if result else "absent"
        reason = result.reason if result else ""
        want_pi, category = row["purchase_invoice"], row["category"]
        kind = None
        if predicted_pi and predicted_pi != want_pi:
            kind = "wrong_pair"
        elif category in PAIRED and not predicted_pi:
            kind = "missed_pair"
        elif status != CATEGORY_STATUS[category]:
            kind = "status"
        if kind is None:
            continue
        lines = [f"  [{kind}] truth={category} result={status} ({reason})", "    " + describe_ims(month, i)]
        habits = list(month.ims_habits[i])
        for name in dict.fromkeys(n for n in (want_pi, predicted_pi) if n):
            label = "true " if name == want_pi else "given"
            lines.append(f"    {label} " + describe_books(month, books_at[name]))
            habits += month.books_habits[books_at[name]]
        disagreements.append(Disagreement(kind, "\n".join(lines), tuple(habits), category, status))
    return score, disagreements


def _kind_key(d: Disagreement) -> str:
    shown = sorted({h.split(":")[0] if h.startswith("(") else h for h in d.habits}) or ["no habit"]
    return f"{d.kind}: {d.truth} -> {d.predicted} | {'+'.join(shown)}"


def main(argv: list[str] | None = None, make=None, profiles=PROFILES, doc: str | None = None) -> int:
    """The CLI over ``make(seed, profile, size)`` months (this generator's by default): another
    generator whose months have this one's shape passes its own ``make``, ``profiles`` and ``doc``."""
    make = make or make_month
    parser = argparse.ArgumentParser(description=(doc or __doc__).splitlines()[0])
    parser.add_argument("seeds", nargs="+", type=int)
    parser.add_argument("--size", type=int, default=600)
    parser.add_argument("--profiles", nargs="+", default=list(profiles), choices=profiles)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    kinds: Counter = Counter()
    classes: Counter = Counter()
    totals = Counter()
    per_profile: dict[str, Counter] = {p: Counter() for p in args.profiles}
    months = 0
    for seed in args.seeds:
        for profile in args.profiles:
            month = make(seed, profile, args.size)
            score, disagreements = run_month(month)
            months += 1
            totals.update(precision=score.precision, recall=score.recall, status=score.status_agreement,
                          wrong_confident=score.wrong_confident)
            per_profile[profile].update(precision=score.precision, recall=score.recall, months=1,
                                        status=score.status_agreement, disagreements=len(disagreements))
            line = (f"seed={seed} profile={profile} ims={len(month.ims)} pi={len(month.purchases)} "
                    f"precision={score.precision:.4f} recall={score.recall:.4f} "
                    f"status={score.status_agreement:.4f} disagreements={len(disagreements)}")
            if not args.quiet or disagreements:
                print(line, flush=True)
            for d in disagreements:
                kinds[d.kind] += 1
                classes[_kind_key(d)] += 1
                if not args.quiet:
                    print(d.text)
    print(f"\nsummary over {months} months: mean precision={totals['precision'] / months:.5f} "
          f"recall={totals['recall'] / months:.5f} status={totals['status'] / months:.5f} "
          f"wrong pairs labelled Exact/Suggested={int(totals['wrong_confident'])}")
    for profile, t in per_profile.items():
        n = t["months"]
        print(f"  {profile:13} precision={t['precision'] / n:.5f} recall={t['recall'] / n:.5f} "
              f"status={t['status'] / n:.5f} disagreements={t['disagreements']}")
    for kind in ("wrong_pair", "missed_pair", "status"):
        print(f"  {kind}: {kinds[kind]}")
    if classes:
        print("by class:")
        for name, count in classes.most_common():
            print(f"  {count:5}  {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
