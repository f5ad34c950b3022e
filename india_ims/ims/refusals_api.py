"""Whitelisted methods for the rules engine's refusals of an action: each refused record named as a
user knows it (number, date, supplier, section) with the reason in words, on screen or as Excel.

Same contract as ``api``: type-annotated, a permission check first.
"""

from io import BytesIO

import frappe

from . import export, sheets
from .constants import INWARD_SUPPLY
from .permissions import check_records, require_user
from .suppliers import master_names

# The most refusals described at once: a bulk action over a lakh refuses by reason (``refused_by_reason``),
# and the screen lists the first of them.
MAX_REFUSALS = 5000


def _described(refused: list) -> list[dict]:
    rows = [r for r in refused if isinstance(r, dict) and isinstance(r.get("name"), str)][:MAX_REFUSALS]
    records = {}
    if rows:
        check_records([r["name"] for r in rows], "read")
        fields = ["name", "document_number", "document_date", "supplier_gstin", "supplier_name", "section"]
        records = {
            row.name: row
            for row in frappe.get_all(
                INWARD_SUPPLY, filters={"name": ("in", [r["name"] for r in rows])}, fields=fields
            )
        }
    names = master_names(row.get("supplier_gstin") for row in records.values())
    out = []
    for refusal in rows:
        record = records.get(refusal["name"]) or {}
        gstin = record.get("supplier_gstin") or ""
        out.append(
            {
                "name": refusal["name"],
                "document_number": record.get("document_number") or "",
                "document_date": record.get("document_date"),
                "supplier_gstin": gstin,
                "supplier_name": names.get(gstin) or record.get("supplier_name") or "",
                "section": export.section_label(record.get("section")),
                "code": str(refusal.get("code") or ""),
                "message": str(refusal.get("message") or ""),
            }
        )
    return out


@frappe.whitelist()
def describe_refusals(refused: str | list) -> list[dict]:
    """The rules engine's refusals by document: number, date, supplier, and the reason in words."""
    require_user()
    return _described(frappe.parse_json(refused) if isinstance(refused, str) else refused or [])


@frappe.whitelist()
def export_refusals(refused: str | list) -> None:
    require_user()
    from openpyxl import Workbook  # only the export needs it

    rows = describe_refusals(refused)
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Refused")
    sheets.widths(sheet, (20, 12, 30, 18, 22, 26, 70))
    titles = ["Number", "Date", "Supplier", "Supplier GSTIN", "Section", "Code", "Why"]
    sheet.append(sheets.header(sheet, titles))
    for row in rows:
        values = ("document_number", "document_date", "supplier_name", "supplier_gstin", "section", "code",
                  "message")
        sheet.append([sheets.cell(sheet, row[key]) for key in values])
    out = BytesIO()
    book.save(out)
    frappe.response["filename"] = "IMS-refused.xlsx"
    frappe.response["filecontent"] = out.getvalue()
    frappe.response["type"] = "binary"
