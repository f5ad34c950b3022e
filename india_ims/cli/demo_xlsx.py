"""The demo's Excel report: summary, one row per reconciled document, the upload requests."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from ..gst_india.documents import Action
from ..gst_india.money import to_rupees
from ..gst_india.returns.layout import Block


def write_demo_report(result, path: Path) -> Path:
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    held = Counter(result.ledger.held.values())
    rows = [
        ("GSTIN", result.gstin),
        ("Return period", result.period),
        ("IMS records", len(result.records)),
        *(
            (f"Match: {status.value}", n)
            for status, n in sorted(
                Counter(r.status for r in result.results).items(), key=lambda t: t[0].value
            )
        ),
        *((f"GSTN holds: {action.label}", held[action]) for action in Action),
        ("Actions uploaded (saved)", result.upload.count("saved")),
        ("ITC available (Rs)", float(to_rupees(result.gstr2b.net(Block.AVAILABLE).total_tax))),
        ("ITC rejected (Rs)", float(to_rupees(result.gstr2b.net(Block.REJECTED).total_tax))),
    ]
    for row in rows:
        summary.append(list(row))
    summary.column_dimensions["A"].width = 32

    detail = book.create_sheet("Reconciliation")
    header = [
        "Section",
        "Supplier GSTIN",
        "Document",
        "Date",
        "Tax (Rs)",
        "Match status",
        "Reason",
        "Purchase document",
        "Action at GSTN",
        "Upload",
    ]
    detail.append(header)
    outcomes = {o.key: o for o in result.upload.outcomes}
    for item in result.results:
        if item.ims_index is None:
            continue
        record = result.records[item.ims_index]
        held_action = result.ledger.held.get(record.key)
        outcome = outcomes.get(record.key)
        detail.append(
            [
                record.section.label,
                record.supplier_gstin,
                record.document_number,
                record.document_date,
                float(to_rupees(record.amounts.total_tax)),
                item.status.value,
                item.reason,
                item.purchase_index if item.purchase_index is not None else "",
                held_action.label if held_action else "",
                outcome.status if outcome else "",
            ]
        )
    requests = book.create_sheet("Upload requests")
    requests.append(["Reference id", "Type", "Section", "Status"])
    for row in result.upload.requests:
        requests.append(list(row))
    for sheet in (detail, requests):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    path = Path(path)
    book.save(path)
    return path
