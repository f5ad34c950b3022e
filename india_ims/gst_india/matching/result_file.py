"""RESULT.csv: one row per IMS record and one per purchase document left unpaired."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path

from ..documents import ImsRecord, PurchaseDocument
from ..export_text import csv_text
from .model import MatchResult

COLUMNS = (
    "section", "supplier_gstin", "document_number", "document_date", "purchase_invoice", "match_status",
    "reason", "score", "differences", "bill_no", "bill_date", "books_supplier_gstin", "ims_taxable_value",
    "ims_total_tax", "books_taxable_value", "books_total_tax", "original_number",
)

_TEXT_COLUMNS = frozenset({"supplier_gstin", "document_number", "purchase_invoice", "reason", "differences",
                           "bill_no", "books_supplier_gstin", "original_number"})


def _rupees(paise: int) -> str:
    """Exact two-decimal rupees, without Decimal (a RESULT.csv has four per row)."""
    whole, cents = divmod(abs(paise), 100)
    return f"{'-' if paise < 0 else ''}{whole}.{cents:02d}"


def result_rows(results: Sequence[MatchResult], ims: Sequence[ImsRecord],
                purchases: Sequence[PurchaseDocument]):
    for result in results:
        record = ims[result.ims_index] if result.ims_index is not None else None
        document = purchases[result.purchase_index] if result.purchase_index is not None else None
        row = dict.fromkeys(COLUMNS, "")
        row.update(match_status=result.status.value, reason=result.reason,
                   score=f"{result.score:.4f}" if document is not None and record is not None else "",
                   differences=",".join(d.field for d in result.differences))
        if record is not None:
            row.update(section=record.section.value, supplier_gstin=record.supplier_gstin,
                       document_number=record.document_number,
                       document_date=record.document_date.isoformat(),
                       ims_taxable_value=_rupees(record.amounts.taxable_value),
                       ims_total_tax=_rupees(record.amounts.total_tax),
                       original_number=record.original_number or "")
        if document is not None:
            day = document.bill_date or document.posting_date
            row.update(purchase_invoice=document.name, bill_no=document.bill_no,
                       bill_date=day.isoformat() if day else "", books_supplier_gstin=document.supplier_gstin,
                       books_taxable_value=_rupees(document.amounts.taxable_value),
                       books_total_tax=_rupees(document.amounts.total_tax))
        yield row


def write_result_csv(path: str | Path, results, ims, purchases) -> int:
    count = 0
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for row in result_rows(results, ims, purchases):
            # Numbers and dates are ours; the rest comes from suppliers and clerks (formula injection).
            for key in _TEXT_COLUMNS:
                row[key] = csv_text(row[key])
            writer.writerow(row)
            count += 1
    return count
