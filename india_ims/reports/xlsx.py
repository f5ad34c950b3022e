"""REPORT.xlsx: a summary sheet (counts and amounts by status) and a document sheet with IMS and
books values side by side, the fields that differ highlighted.

Written in openpyxl's write-only mode so a month of 100,000 documents stays
a streaming write, not a workbook held in memory cell by cell.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

from ..gst_india.documents import ImsRecord, MatchStatus, PurchaseDocument
from ..gst_india.matching import MatchResult
from ..gst_india.matching.explain import books_amounts, books_document_type

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
SIDE_FIELDS = ("supplier_gstin", "document_type", "document_number", "document_date", "place_of_supply",
               *HEADS)
SIDE_TITLES = ("Supplier GSTIN", "Type", "Number", "Date", "POS", "Taxable", "IGST", "CGST", "SGST", "Cess")
DIFFERENT = PatternFill("solid", fgColor="FFE699")
STATUS_FILL = {
    MatchStatus.EXACT: "C6EFCE",
    MatchStatus.SUGGESTED: "DDEBF7",
    MatchStatus.MISMATCH: "F8CBAD",
    MatchStatus.MISSING_IN_PI: "FCE4D6",
    MatchStatus.MISSING_IN_IMS: "EDEDED",
}
BOLD = Font(bold=True)


def _ims_values(record: ImsRecord | None) -> list:
    if record is None:
        return [None] * len(SIDE_FIELDS)
    amounts = record.amounts
    return [record.supplier_gstin, record.document_type.value, record.document_number, record.document_date,
            record.place_of_supply, *(getattr(amounts, head) / 100 for head in HEADS)]


def _books_values(document: PurchaseDocument | None) -> list:
    if document is None:
        return [None] * len(SIDE_FIELDS)
    amounts = books_amounts(document)
    return [document.supplier_gstin, books_document_type(document).value, document.bill_no,
            document.bill_date or document.posting_date, document.place_of_supply,
            *(getattr(amounts, head) / 100 for head in HEADS)]


def write_report(path: str | Path, results: Sequence[MatchResult], ims: Sequence[ImsRecord],
                 purchases: Sequence[PurchaseDocument]) -> None:
    workbook = Workbook(write_only=True)
    summary = workbook.create_sheet("Summary")
    documents = workbook.create_sheet("Documents")
    _write_summary(summary, results, ims, purchases)
    _write_documents(documents, results, ims, purchases)
    workbook.save(path)


def _write_summary(sheet, results, ims, purchases) -> None:
    counts: dict = defaultdict(int)
    totals: dict = defaultdict(lambda: [0, 0, 0, 0])
    for result in results:
        counts[result.status] += 1
        total = totals[result.status]
        if result.ims_index is not None:
            amounts = ims[result.ims_index].amounts
            total[0] += amounts.taxable_value
            total[1] += amounts.total_tax
        if result.purchase_index is not None:
            amounts = books_amounts(purchases[result.purchase_index])
            total[2] += amounts.taxable_value
            total[3] += amounts.total_tax
    sheet.column_dimensions["A"].width = 18
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 18
    header = ["Status", "Documents", "IMS taxable", "IMS tax", "Books taxable", "Books tax"]
    sheet.append([_bold(sheet, text) for text in header])
    for status in MatchStatus:
        if status == MatchStatus.MANUAL and not counts[status]:
            continue
        row = [status.value, counts[status], *(value / 100 for value in totals[status])]
        cells = [WriteOnlyCell(sheet, value=value) for value in row]
        cells[0].fill = PatternFill("solid", fgColor=STATUS_FILL.get(status, "FFFFFF"))
        for cell in cells[2:]:
            cell.number_format = "#,##,##0.00"
        sheet.append(cells)
    grand = [sum(totals[s][k] for s in totals) / 100 for k in range(4)]
    sheet.append([_bold(sheet, "Total"), len(results), *grand])
    sheet.append([])
    sheet.append([f"{len(ims)} IMS records, {len(purchases)} purchase documents"])


def _bold(sheet, text):
    cell = WriteOnlyCell(sheet, value=text)
    cell.font = BOLD
    return cell


def _write_documents(sheet, results, ims, purchases) -> None:
    titles = ["Status", "Reason", "Section", *(f"IMS {t}" for t in SIDE_TITLES), "Purchase Invoice",
              *(f"Books {t}" for t in SIDE_TITLES)]
    widths = [16, 60, 8, *([16] * len(SIDE_TITLES)), 22, *([16] * len(SIDE_TITLES))]
    for index, width in enumerate(widths):
        sheet.column_dimensions[_letter(index)].width = width
    sheet.freeze_panes = "D2"
    sheet.append([_bold(sheet, title) for title in titles])
    status_fills = {status: PatternFill("solid", fgColor=color) for status, color in STATUS_FILL.items()}
    for result in results:
        record = ims[result.ims_index] if result.ims_index is not None else None
        document = purchases[result.purchase_index] if result.purchase_index is not None else None
        differing = {difference.field for difference in result.differences}
        status_cell = result.status.value
        if result.status != MatchStatus.EXACT:  # plain values stream fastest; exact rows need no colour
            status_cell = WriteOnlyCell(sheet, value=result.status.value)
            status_cell.fill = status_fills.get(result.status, DIFFERENT)
        row = [status_cell, result.reason, record.section.value if record else None]
        for side in (_ims_values(record), [document.name if document else None], _books_values(document)):
            row.extend(side)
        if differing:
            for offset, field in enumerate(SIDE_FIELDS):
                if field in differing:
                    for column in (3 + offset, 3 + len(SIDE_FIELDS) + 1 + offset):
                        cell = WriteOnlyCell(sheet, value=row[column])
                        cell.fill = DIFFERENT
                        row[column] = cell
        sheet.append(row)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)
