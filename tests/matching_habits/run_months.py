"""Write habit months as files, run ``india-ims reconcile`` and ``india-ims score`` on each; print scores.

python3 -m tests.matching_habits.run_months [--out DIR]
"""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

from tests.matching_independent.run_months import write_month as _write_without_names

from .month import PROFILES, make_month

MONTHS = [(profile, seed, 3000) for profile in sorted(PROFILES) for seed in (1, 2)]


def write_month(month, folder: Path) -> None:
    """The independent generator's file layout, with the supplier names this generator types."""
    _write_without_names(month, folder)
    import csv

    path = folder / "purchases.csv"
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    names = {d.name: d.supplier_name for d in month.purchases}
    column = rows[0].index("supplier_name")
    for row in rows[1:]:
        row[column] = names[row[0]]
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/tmp/habit-months"))
    args = parser.parse_args()
    for profile, seed, n in MONTHS:
        folder = args.out / f"{profile}-{seed}-{n}"
        month = make_month(seed, profile, n)
        write_month(month, folder)
        started = time.perf_counter()
        run = subprocess.run(["india-ims", "reconcile", "--ims", folder / "ims.json", "--purchases",
                              folder / "purchases.csv", "--out", folder / "result.csv"], capture_output=True,
                             text=True)
        seconds = time.perf_counter() - started
        print(f"{folder.name:20} ims={len(month.ims):6} books={len(month.purchases):6} {seconds:5.1f}s")
        if run.returncode:
            print("    reconcile failed:", run.stderr.strip().splitlines()[-1])
            continue
        report = subprocess.run(["india-ims", "score", "--result", folder / "result.csv", "--truth",
                                 folder / "truth.csv"], capture_output=True, text=True).stdout
        for line in report.splitlines()[:4]:
            print("   ", line)


if __name__ == "__main__":
    main()
