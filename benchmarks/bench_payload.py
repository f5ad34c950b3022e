"""Bench figures for reading a GETINV file and writing the Excel report at 100,000 records (issue 16).

Prints before/after pairs measured in the same run (best of three where cheap: the machine is shared),
and asserts nothing:
- reading ``ims.json``: the earlier way (standard-library ``json`` and the field-by-field parser on
  every row, GSTIN check per supplier) against ``read_ims_file`` (orjson, the flat path, the precise
  path only for rows it is not sure of);
- ``india-ims reconcile`` end to end (its own read/engine/write split);
- the Excel report: ``reports.xlsx`` (streamed SpreadsheetML) against openpyxl's write-only mode and,
  when installed, XlsxWriter's constant-memory mode writing the same cells.

    python benchmarks/bench_payload.py [--size 100000] [--skip-xlsx-libraries]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from india_ims.cli.ims_file import read_ims_file  # noqa: E402
from india_ims.cli.main import main as cli  # noqa: E402
from india_ims.gst_india.documents import Section  # noqa: E402
from india_ims.gst_india.gstin import validate_gstin  # noqa: E402
from india_ims.gst_india.matching import read_purchase_register, reconcile  # noqa: E402
from india_ims.gst_india.payload.getinv import parse_record  # noqa: E402
from india_ims.reports import xlsx as report  # noqa: E402
from india_ims.synthetic import generate_month  # noqa: E402


def timed(function, *args, repeat: int = 1):
    """The value and the best wall time of ``repeat`` runs (the least disturbed by other processes)."""
    value, best, _ = timed_cpu(function, *args, repeat=repeat)
    return value, best


def timed_cpu(function, *args, repeat: int = 1):
    """The value, the best wall time and the best CPU time of ``repeat`` runs: on a shared machine the
    CPU time is the figure that other processes disturb least."""
    best, best_cpu = float("inf"), float("inf")
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        value = function(*args)
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - started_cpu)
    return value, best, best_cpu


def read_before(path: Path):
    """The earlier reader: json.load, then every row through the checking parser."""
    with open(path, encoding="utf-8-sig") as handle:
        payload = json.load(handle)
    records = [parse_record(Section(key), row, position=i)
               for key, rows in payload.items() for i, row in enumerate(rows, start=1)]
    for gstin in {r.supplier_gstin for r in records}:
        validate_gstin(gstin)
    return records


def reading(folder: Path) -> None:
    path = folder / "ims.json"
    print(f"== reading {path.stat().st_size / 1e6:.1f} MB of GETINV")
    before, seconds_before, cpu_before = timed_cpu(read_before, path, repeat=3)
    after, seconds_after, cpu_after = timed_cpu(read_ims_file, path, repeat=3)
    assert len(before) == len(after.records)
    print(f"  json + precise path every row  {seconds_before:6.2f} s   ({cpu_before:.2f} s CPU; "
          f"{len(before):,} records)")
    print(f"  orjson + flat path (now)       {seconds_after:6.2f} s   ({cpu_after:.2f} s CPU; "
          f"{len(after.records):,} records)")
    books, seconds_books = timed(read_purchase_register, folder / "purchases.csv", repeat=3)
    print(f"  purchase register CSV          {seconds_books:6.2f} s   ({len(books):,} documents; "
          "reconcile's 'read' is both files)")
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    with redirect_stdout(out), redirect_stderr(err):
        cli(["reconcile", "--ims", str(path), "--purchases", str(folder / "purchases.csv"),
             "--out", str(folder / "RESULT.csv")])
    total = time.perf_counter() - started
    split = err.getvalue().strip().splitlines()[-1]
    print(f"  india-ims reconcile end to end {total:6.2f} s   ({split})")


def _openpyxl_write_only(path, rows) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Documents")
    for values, _ in rows:
        sheet.append(values)
    book.save(path)


def _xlsxwriter_constant_memory(path, rows) -> None:
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet("Documents")
    for number, (values, _) in enumerate(rows):
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, str):
                sheet.write_string(number, column, value)
            elif isinstance(value, date):
                sheet.write_number(number, column, value.toordinal() - 693594)
            else:
                sheet.write_number(number, column, value)
    book.close()


def excel(folder: Path, libraries: bool) -> None:
    ims = read_ims_file(folder / "ims.json").records
    purchases = read_purchase_register(folder / "purchases.csv")
    results = reconcile(ims, purchases)
    print(f"== Excel report, {len(results):,} rows x 24 columns")
    _, seconds = timed(report.write_report, folder / "report.xlsx", results, ims, purchases, repeat=3)
    size = (folder / "report.xlsx").stat().st_size / 1e6
    print(f"  reports.xlsx (streamed, now)   {seconds:6.2f} s   {size:.1f} MB")
    if not libraries:
        return
    from india_ims.reports.stream_xlsx import StreamingWorkbook

    with StreamingWorkbook(folder / "styles.xlsx") as book:
        styles = report._Styles(book)
    titles = ["t"] * 24
    rows = list(report._document_rows(styles, titles, results, ims, purchases))
    _, seconds = timed(_openpyxl_write_only, folder / "openpyxl.xlsx", rows)
    print(f"  openpyxl write-only (values)   {seconds:6.2f} s   (the earlier writer, without its styles)")
    try:
        _, seconds = timed(_xlsxwriter_constant_memory, folder / "xlsxwriter.xlsx", rows)
        print(f"  XlsxWriter constant_memory     {seconds:6.2f} s")
    except ImportError:
        print("  XlsxWriter constant_memory     (not installed: pip install xlsxwriter to compare)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--skip-xlsx-libraries", action="store_true")
    args, _ = parser.parse_known_args(argv)  # ./run bench passes its own arguments to every script
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        generate_month(args.seed, args.size, "sample").write(folder)
        reading(folder)
        excel(folder, not args.skip_xlsx_libraries)
    return 0


if __name__ == "__main__":
    sys.exit(main())
