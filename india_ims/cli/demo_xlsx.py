"""The demo's Excel report: the reconciliation report of ``india_ims.reports`` plus two GSTN sheets
(what GSTN holds and the ITC of the recomputed GSTR-2B; per record, the action and the upload outcome)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.styles import Font

from ..gst_india.documents import Action
from ..gst_india.money import to_rupees
from ..gst_india.returns.layout import Block
from ..reports.xlsx import write_report

BOLD = Font(bold=True)


def write_demo_report(result, path: Path) -> Path:
    path = Path(path)
    write_report(path, result.results, result.records, result.purchases)
    book = load_workbook(path)
    _gstn_summary(book.create_sheet("GSTN"), result)
    _actions(book.create_sheet("IMS actions"), result)
    book.save(path)
    return path


def _gstn_summary(sheet, result) -> None:
    held = Counter(result.ledger.held.values())
    rows = [
        ("GSTIN", result.gstin),
        ("Return period", result.period),
        *((f"GSTN holds: {action.label}", held[action]) for action in Action),
        ("Actions uploaded and confirmed", result.upload.count("saved")),
        ("Actions not sent (refused by the rules)", sum(result.refused.values())),
        ("Upload requests", len(result.upload.requests)),
        (f"GSTR-2B {result.gstr2b.period}: ITC available (Rs)",
         float(to_rupees(result.gstr2b.net(Block.AVAILABLE).total_tax))),
        (f"GSTR-2B {result.gstr2b.period}: ITC rejected (Rs)",
         float(to_rupees(result.gstr2b.net(Block.REJECTED).total_tax))),
        ("ITC kept pending (Rs)", float(to_rupees(result.pending_tax))),
    ]
    for label, value in rows:
        sheet.append([label, value])
        sheet.cell(row=sheet.max_row, column=1).font = BOLD
    sheet.column_dimensions["A"].width = 44
    sheet.column_dimensions["B"].width = 20


def _actions(sheet, result) -> None:
    sheet.append(["Section", "Supplier GSTIN", "Document", "Match status", "Default action",
                  "Action at GSTN", "Upload", "Reference id", "Error"])
    for cell in sheet[1]:
        cell.font = BOLD
    planned = {item.key: item.action for item in result.planned}
    outcomes = {o.key: o for o in result.upload.outcomes}
    for item in result.results:
        if item.ims_index is None:
            continue
        record = result.records[item.ims_index]
        held = result.ledger.held.get(record.key)
        outcome = outcomes.get(record.key)
        _append_text_safe(sheet, [
            record.section.value, record.supplier_gstin, record.document_number, item.status.value,
            planned[record.key].label if record.key in planned else "",
            held.label if held else "", outcome.status if outcome else "",
            outcome.reference_id if outcome else "", (outcome.message or "") if outcome else "",
        ])
    sheet.freeze_panes = "D2"


def _append_text_safe(sheet, values: list) -> None:
    """``sheet.append`` turns a string starting with "=" into a formula; supplier values stay text."""
    sheet.append(values)
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
