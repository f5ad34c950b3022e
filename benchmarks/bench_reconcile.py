"""Benchmark the reconciliation engine: speed, memory, quality, and a greedy first-fit baseline.

Prints figures, asserts nothing. Default run (about a minute): a generated
month of 100,000 IMS records against its ~100,000 purchase documents
(Zipf-like supplier sizes, the largest supplier over 10,000 documents), then
the engine and a greedy first-fit matcher (how reconcilers commonly do it:
per record, the first unpaired document of the same GSTIN whose cleaned
number or amounts agree) on a smaller month, and quality on the shared
sample and on generated months of every profile.

The speed month's engine runs in a process of its own that holds nothing but
its inputs: the month is handed over as columns and the records are built
again one after another, a value that repeats (a date, a period, a GSTIN)
shared as a loader that interns them holds it, and the garbage collector
frozen. It prints the resident memory with the inputs alone and the peak RSS
while the engine ran (the peak of loading is reset first, Linux), and with
--tracemalloc the engine's own allocations.

    python benchmarks/bench_reconcile.py                  # 100k x 100k
    python benchmarks/bench_reconcile.py --size 1000000   # 1M x 1M
    python benchmarks/bench_reconcile.py --skip-quality --skip-baseline
    python benchmarks/bench_reconcile.py --size 100000 --tracemalloc --skip-quality --skip-baseline
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import pickle
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import defaultdict
from operator import attrgetter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from india_ims.data import SAMPLE_MONTH  # noqa: E402
from india_ims.gst_india.documents import Amounts  # noqa: E402
from india_ims.gst_india.matching import read_purchase_register, reconcile  # noqa: E402
from india_ims.gst_india.matching.features import is_credit  # noqa: E402
from india_ims.gst_india.matching.result_file import result_rows  # noqa: E402
from india_ims.gst_india.matching.scoring import score_rows  # noqa: E402
from india_ims.gst_india.payload.ims import parse_getinv  # noqa: E402
from india_ims.synthetic import PROFILES, generate_month  # noqa: E402

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
REPEATING = {"section", "supplier_gstin", "document_date", "supplier_return_period", "place_of_supply",
             "action", "invoice_type", "source_form", "original_date", "document_type", "bill_date",
             "company_gstin", "supplier_name", "posting_date"}


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux: VmHWM, its own memory's high-water mark (getrusage
    would also report the peak of the parent that spawned it, carried over at exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def current_rss_mb() -> float | None:
    """Resident now (the peak so far includes the generator's own working memory); Linux only."""
    try:
        with open("/proc/self/statm", encoding="ascii") as handle:
            return int(handle.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return None


def truth_rows(month) -> list[dict]:
    return [{"section": t.section, "supplier_gstin": t.supplier_gstin, "document_number": t.document_number,
             "purchase_invoice": t.purchase_invoice, "category": t.category} for t in month.truth]


def quality(results, records, books, truth) -> str:
    score = score_rows(list(result_rows(results, records, books)), truth)
    return (f"precision {score.precision:7.3%}  recall {score.recall:7.3%}  "
            f"status {score.status_agreement:7.3%}  wrong Exact/Suggested {score.wrong_confident}")


# ---------------------------------------------------------------- baseline


def _clean(number: str) -> str:
    return "".join(ch for ch in number.upper() if ch.isalnum())


def greedy_first_fit(records, books, tolerance=100, window=7):
    """Per IMS record in input order, the first unpaired book document of the same GSTIN and side whose
    cleaned number is equal, or whose date and amounts agree. Python loops over each supplier's documents."""
    from india_ims.gst_india.documents import DocumentType, MatchStatus
    from india_ims.gst_india.matching import MatchResult

    by_gstin = defaultdict(list)
    for j, document in enumerate(books):
        by_gstin[document.supplier_gstin].append(j)
    used = set()
    results = []
    for i, record in enumerate(records):
        credit = record.document_type == DocumentType.CREDIT_NOTE
        number = _clean(record.document_number)
        picked = None
        for j in by_gstin.get(record.supplier_gstin, ()):
            if j in used:
                continue
            document = books[j]
            if is_credit(document) != credit:
                continue
            amounts = document.amounts.negated() if is_credit(document) else document.amounts
            same_number = _clean(document.bill_no) == number
            same_amounts = abs(amounts.taxable_value - record.amounts.taxable_value) <= tolerance \
                and abs(amounts.total_tax - record.amounts.total_tax) <= tolerance
            close_date = document.bill_date is not None \
                and abs((document.bill_date - record.document_date).days) <= window
            if same_number or (same_amounts and close_date):
                picked = j
                break
        if picked is None:
            results.append(MatchResult(i, None, MatchStatus.MISSING_IN_PI, ""))
            continue
        used.add(picked)
        document = books[picked]
        exact = document.bill_no.strip().upper() == record.document_number.strip().upper() \
            and document.bill_date == record.document_date
        results.append(MatchResult(i, picked, MatchStatus.EXACT if exact else MatchStatus.SUGGESTED, ""))
    results.extend(MatchResult(None, j, MatchStatus.MISSING_IN_IMS, "") for j in range(len(books))
                   if j not in used)
    return results


# ---------------------------------------------------------------- runs


def speed(size: int, profile: str, seed: int, trace: bool = False) -> None:
    print(f"== speed: generated month, profile {profile!r}, seed {seed}")
    started = time.perf_counter()
    month = generate_month(seed, size, profile)
    records, books = month.ims_records, month.purchases
    generated = time.perf_counter() - started
    largest = max(_supplier_sizes(records).values())
    print(f"generated {len(records):,} IMS records and {len(books):,} purchase documents "
          f"in {generated:.1f} s (largest supplier PAN: {largest:,} IMS records)")
    # The engine runs in a fresh process holding only its inputs: this one also holds the
    # generator's leftovers (its truth, its drafts' garbage scattered through the heap).
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "month.pickle"
        with open(path, "wb") as handle:
            pickle.dump((_columns(records), _columns(books)), handle, protocol=5)
            pickle.dump(truth_rows(month), handle, protocol=5)  # read after the engine has run
        del month, records, books
        command = [sys.executable, __file__, "--engine-process", str(path)]
        command += ["--tracemalloc"] if trace else []
        subprocess.run(command, check=True)


def _columns(items) -> tuple[type, list[str], list[list]]:
    """A list of dataclass objects as one list per field (amounts as their five heads)."""
    kind = type(items[0])
    names = [field.name for field in dataclasses.fields(kind)]
    columns = []
    for name in names:
        values = list(map(attrgetter(name), items))
        if name == "amounts":
            values = [list(map(attrgetter(head), values)) for head in HEADS]
        columns.append(values)
    return kind, names, columns


def _rebuild(kind: type, names: list[str], columns: list[list]) -> list:
    """The objects again, built one after another (no garbage between them); a value that repeats (a
    date, a period, a GSTIN) is one shared object, as a loader that interns its values holds it."""
    shared: dict = {}
    for position, name in enumerate(names):
        if name == "amounts":
            columns[position] = list(map(Amounts, *columns[position]))
        elif name in REPEATING:
            columns[position] = [shared.setdefault(value, value) for value in columns[position]]
    del shared
    return list(map(kind, *columns))


def engine_process(path: str, trace: bool) -> None:
    handle = open(path, "rb")  # noqa: SIM115 - the truth is read from it after the engine has run
    ims_columns, books_columns = pickle.load(handle)
    records, books = _rebuild(*ims_columns), _rebuild(*books_columns)
    del ims_columns, books_columns
    gc.collect()
    gc.freeze()  # millions of long-lived objects: no collection should walk them again
    inputs = current_rss_mb()
    _reset_peak()
    if trace:
        tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    results = reconcile(records, books)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    total = len(records) + len(books)
    print(f"engine: {len(records):,} x {len(books):,} in {seconds:.2f} s wall, {cpu:.2f} s CPU "
          f"= {total / seconds:,.0f} records/s (IMS + books records per wall second)")
    traced = ""
    if trace:
        traced = f"; tracemalloc: engine peak {tracemalloc.get_traced_memory()[1] / 2**20:,.0f} MB"
        tracemalloc.stop()
    resident = f"{inputs:,.0f} MB resident with the inputs alone (imports included), " if inputs else ""
    print(f"peak RSS: {peak_rss_mb():,.0f} MB (engine process: {resident}"
          f"peak while the engine ran{traced})")
    with handle:
        truth = pickle.load(handle)
    print(f"quality: {quality(results, records, books, truth)}")


def _reset_peak() -> None:
    """Forget the peak of loading the inputs (Linux: the peak RSS restarts from what is resident)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as handle:
            handle.write("5")
    except OSError:
        print("(peak RSS includes loading the inputs: /proc/self/clear_refs unavailable)")


def _supplier_sizes(records) -> dict:
    sizes: dict = defaultdict(int)
    for record in records:
        sizes[record.supplier_gstin[2:12]] += 1
    return sizes


def baseline(size: int, seed: int) -> None:
    print(f"== baseline: greedy first-fit vs engine, {size:,} IMS records (profile 'sample')")
    month = generate_month(seed, size, "sample")
    records, books, truth = month.ims_records, month.purchases, truth_rows(month)
    started = time.perf_counter()
    engine_results = reconcile(records, books)
    engine_seconds = time.perf_counter() - started
    started = time.perf_counter()
    greedy_results = greedy_first_fit(records, books)
    greedy_seconds = time.perf_counter() - started
    print(f"engine    {engine_seconds:7.2f} s  {quality(engine_results, records, books, truth)}")
    print(f"greedy    {greedy_seconds:7.2f} s  {quality(greedy_results, records, books, truth)}")
    print(f"speed ratio (greedy time / engine time): {greedy_seconds / engine_seconds:.1f}x")


def quality_table(size: int, seeds: list[int]) -> None:
    print(f"== quality: shared sample and generated months of {size:,} IMS records")
    with open(SAMPLE_MONTH / "ims.json", encoding="utf-8") as handle:
        records = parse_getinv(json.load(handle))
    books = read_purchase_register(SAMPLE_MONTH / "purchases.csv")
    with open(SAMPLE_MONTH / "truth.csv", encoding="utf-8") as handle:
        import csv

        truth = list(csv.DictReader(handle))
    print(f"{'sample month':<24}{quality(reconcile(records, books), records, books, truth)}")
    for profile in PROFILES:
        for seed in seeds:
            month = generate_month(seed, size, profile)
            results = reconcile(month.ims_records, month.purchases)
            label = f"{profile} seed {seed}"
            print(f"{label:<24}{quality(results, month.ims_records, month.purchases, truth_rows(month))}")


def habits_table() -> None:
    """The two independent generators of tests/ (written apart from india_ims.synthetic)."""
    print("== quality: months of tests/matching_independent and tests/matching_habits")
    from tests.matching_habits.month import PROFILES as HABIT_PROFILES
    from tests.matching_habits.month import make_month as habit_month
    from tests.matching_independent.month import PROFILES as INDEPENDENT_PROFILES
    from tests.matching_independent.month import make_month as independent_month

    months = [(f"independent {p} 11", independent_month(11, p, 2000)) for p in sorted(INDEPENDENT_PROFILES)]
    months.append(("independent big 13", independent_month(13, "traps", 1500, big_supplier=5000)))
    months += [(f"habits {p} 1", habit_month(1, p, 3000)) for p in sorted(HABIT_PROFILES)]
    for label, month in months:
        results = reconcile(month.ims, month.purchases)
        print(f"{label:<24}{quality(results, month.ims, month.purchases, month.truth)}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="IMS records of the speed month")
    parser.add_argument("--profile", default="sample", choices=sorted(PROFILES))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--baseline-size", type=int, default=20_000)
    parser.add_argument("--quality-size", type=int, default=5_000)
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-quality", action="store_true")
    parser.add_argument("--tracemalloc", action="store_true", help="trace engine allocations (slow)")
    parser.add_argument("--engine-process", help=argparse.SUPPRESS)  # the engine's own process (``speed``)
    args, _ = parser.parse_known_args(argv)  # ./run bench passes its own arguments to every script
    if args.engine_process:
        engine_process(args.engine_process, args.tracemalloc)
        return 0
    speed(args.size, args.profile, args.seed, args.tracemalloc)
    if not args.skip_baseline:
        baseline(args.baseline_size, args.seed)
    if not args.skip_quality:
        quality_table(args.quality_size, [1, 2, 3])
        habits_table()
    return 0


if __name__ == "__main__":
    sys.exit(main())
