"""Write a generated month as the shared sample's files (ims.json, purchases.csv, truth.csv, meta.json)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from pathlib import Path

from ..gst_india.documents import PurchaseDocument
from ..gst_india.money import to_rupees

PURCHASE_COLUMNS = (
    "name", "company_gstin", "supplier_gstin", "supplier_name", "doc_type", "bill_no", "bill_date",
    "posting_date", "place_of_supply", "is_reverse_charge", "taxable_value", "igst", "cgst", "sgst",
    "cess", "grand_total",
)
TRUTH_COLUMNS = ("section", "supplier_gstin", "document_number", "purchase_invoice", "category", "kind")


def purchase_row(document: PurchaseDocument) -> dict:
    amounts = document.amounts
    return {
        "name": document.name,
        "company_gstin": document.company_gstin,
        "supplier_gstin": document.supplier_gstin,
        "supplier_name": document.supplier_name,
        "doc_type": document.document_type.value,
        "bill_no": document.bill_no,
        "bill_date": document.bill_date.isoformat() if document.bill_date else "",
        "posting_date": document.posting_date.isoformat() if document.posting_date else "",
        "place_of_supply": document.place_of_supply,
        "is_reverse_charge": int(document.reverse_charge),
        "taxable_value": to_rupees(amounts.taxable_value),
        "igst": to_rupees(amounts.igst),
        "cgst": to_rupees(amounts.cgst),
        "sgst": to_rupees(amounts.sgst),
        "cess": to_rupees(amounts.cess),
        "grand_total": to_rupees(document.grand_total),
    }


def write_purchases_csv(documents: Iterable[PurchaseDocument], path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=PURCHASE_COLUMNS)
        writer.writeheader()
        writer.writerows(purchase_row(document) for document in documents)


def write_truth_csv(rows: Iterable, path: Path) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(TRUTH_COLUMNS)
        writer.writerows((r.section, r.supplier_gstin, r.document_number, r.purchase_invoice, r.category,
                          r.kind) for r in rows)


def write_json(payload, path: Path, *, indent: int | None = None) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(payload, handle, indent=indent, ensure_ascii=False)
