"""Generate independent months, write them as files, run the CLI and the scorer; print per-month scores.

python3 -m tests.matching_independent.run_months [--out DIR] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import time
from pathlib import Path

from india_ims.gst_india.payload.ims import build_getinv

from .month import make_month

MONTHS = [  # (profile, seed, documents, big supplier documents)
    (profile, seed, n, big)
    for profile, n, big in (("clerk", 3000, 0), ("amounts", 3000, 0), ("dates", 3000, 0),
                            ("traps", 4000, 0), ("notes", 3000, 0), ("clerk", 6000, 6000),
                            ("notes", 14000, 6000))
    for seed in (1, 2)
]

PURCHASE_COLUMNS = ("name", "company_gstin", "supplier_gstin", "supplier_name", "doc_type", "bill_no",
                    "bill_date", "posting_date", "place_of_supply", "is_reverse_charge", "taxable_value",
                    "igst", "cgst", "sgst", "cess", "grand_total")


def rupees(paise: int) -> str:
    sign = "-" if paise < 0 else ""
    return f"{sign}{abs(paise) // 100}.{abs(paise) % 100:02d}"


def write_month(month, folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ims.json").write_text(json.dumps(build_getinv(month.ims)), encoding="utf-8")
    with open(folder / "purchases.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(PURCHASE_COLUMNS)
        for d in month.purchases:
            a = d.amounts
            writer.writerow([d.name, d.company_gstin, d.supplier_gstin, "", d.document_type.value, d.bill_no,
                             d.bill_date.isoformat() if d.bill_date else "",
                             d.posting_date.isoformat() if d.posting_date else "", d.place_of_supply, 0,
                             rupees(a.taxable_value), rupees(a.igst), rupees(a.cgst), rupees(a.sgst),
                             rupees(a.cess), rupees(d.grand_total)])
    with open(folder / "truth.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, ["section", "supplier_gstin", "document_number", "purchase_invoice",
                                         "category"])
        writer.writeheader()
        writer.writerows(month.truth)
    with open(folder / "habits.csv", "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(month.habits.items())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=Path("/tmp/independent-months"))
    args = parser.parse_args()
    for profile, seed, n, big in MONTHS:
        folder = args.out / f"{profile}-{seed}-{n}-{big}"
        month = make_month(seed, profile, n, big)
        write_month(month, folder)
        started = time.perf_counter()
        subprocess.run(["india-ims", "reconcile", "--ims", folder / "ims.json", "--purchases",
                        folder / "purchases.csv", "--out", folder / "result.csv"], check=True,
                       capture_output=True)
        seconds = time.perf_counter() - started
        report = subprocess.run(["india-ims", "score", "--result", folder / "result.csv", "--truth",
                                 folder / "truth.csv"], capture_output=True, text=True).stdout
        lines = report.splitlines()
        print(f"{folder.name:28} ims={len(month.ims):6} books={len(month.purchases):6} {seconds:5.1f}s")
        for line in lines[:5]:
            print("   ", line)


if __name__ == "__main__":
    main()
