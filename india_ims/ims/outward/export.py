"""The supplier view as .xlsx, every text written as text (a value starting with = stays a value)."""

from __future__ import annotations

from io import BytesIO

import frappe

from .store import OUTWARD_SUPPLY

COLUMNS = (
    ("recipient_gstin", "Recipient GSTIN", 18),
    ("recipient_name", "Recipient", 30),
    ("section", "Section", 8),
    ("document_type", "Type", 12),
    ("document_number", "Number", 18),
    ("document_date", "Date", 12),
    ("document_value", "Value", 14),
    ("taxable_value", "Taxable", 14),
    ("igst", "IGST", 12),
    ("cgst", "CGST", 12),
    ("sgst", "SGST", 12),
    ("cess", "Cess", 10),
    ("recipient_action", "Recipient's Action", 14),
    ("remarks", "Recipient's Remarks", 30),
    ("sales_invoice", "Sales Invoice", 22),
    ("match_status", "Match Status", 18),
    ("match_reason", "Reason", 50),
    ("return_type", "Reported in", 8),
    ("return_period", "Period", 8),
)
MONEY = {"document_value", "taxable_value", "igst", "cgst", "sgst", "cess"}


def workbook(filters: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Supplier View")
    for index, (_field, _title, width) in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    header = []
    for _field, title, _width in COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    rows = frappe.get_all(
        OUTWARD_SUPPLY,
        filters=filters,
        fields=[field for field, _t, _w in COLUMNS],
        order_by="recipient_gstin, document_date, document_number",
        as_list=True,
    )
    for row in rows:
        cells = []
        for (field, _t, _w), value in zip(COLUMNS, row):
            if field in MONEY:
                cells.append(float(value or 0))
                continue
            cell = WriteOnlyCell(sheet, value=None if value is None else str(value))
            cell.data_type = "s"  # never a formula, whatever the text starts with
            cells.append(cell)
        sheet.append(cells)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
