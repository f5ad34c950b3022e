"""The Excel workbook a CA hands to a client: a summary, the documents with IMS beside the books and
their differences, and the Purchase Invoices GSTN does not show (Missing in IMS).

Streamed (write-only) in one query in the Document View's order, so a large month stays light.
Every text value is written as text (``sheets.cell``): no formula injection from GSTN's data.
"""

from __future__ import annotations

from collections.abc import Mapping
from io import BytesIO

import frappe
from frappe.utils import now_datetime
from openpyxl import Workbook

from india_ims.gst_india.documents import Section
from india_ims.gst_india.matching.explain import books_amounts
from india_ims.gst_india.periods import ReturnPeriod

from . import purchases, queries, sheets
from .constants import INWARD_SUPPLY
from .suppliers import master_names

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
CHUNK = 2000

# (title, width, kind) of the Documents sheet; kind "money" gets a number format and a total.
DOC_COLUMNS = (
    ("Supplier", 30, "text"),
    ("Supplier GSTIN", 18, "text"),
    ("Section", 20, "text"),
    ("Number", 18, "text"),
    ("Date", 12, "date"),
    ("Supplier's filing period", 12, "text"),
    ("Filed by supplier", 10, "text"),
    ("GSTR-2B period", 12, "text"),
    ("IMS Taxable", 14, "money"),
    ("IMS IGST", 12, "money"),
    ("IMS CGST", 12, "money"),
    ("IMS SGST", 12, "money"),
    ("IMS Cess", 10, "money"),
    ("IMS Total Tax", 14, "money"),
    ("Purchase Invoice", 20, "text"),
    ("Bill No", 18, "text"),
    ("Bill Date", 12, "date"),
    ("Books Taxable", 14, "money"),
    ("Books Total Tax", 14, "money"),
    ("Difference Taxable", 14, "money"),
    ("Difference Tax", 14, "money"),
    ("Match Status", 16, "text"),
    ("Reason", 50, "text"),
    ("GSTN Action", 12, "text"),
    ("Local Action", 12, "text"),
    ("Not uploaded", 10, "text"),
    ("Remarks", 30, "text"),
    ("Upload Error", 40, "text"),
)
_FIELDS = (
    "name", "supplier_gstin", "supplier_name", "section", "document_number", "document_date",
    "supplier_return_period", "supplier_filing_status", "gstr2b_period", *HEADS, "purchase_invoice",
    "match_status", "match_reason", "gstn_action", "action", "upload_pending", "remarks", "upload_remarks",
    "upload_error",
)


def period_label(period: str | None) -> str:
    if not period:
        return ""
    try:
        return ReturnPeriod.parse(period).label
    except Exception:
        return str(period)


def section_label(section: str | None) -> str:
    try:
        return Section(section).label
    except ValueError:
        return section or ""


def _books(company_gstin: str, names: list[str]) -> dict[str, dict]:
    out = {}
    for document in purchases.load(company_gstin, names=names) if names else []:
        amounts = books_amounts(document)
        out[document.name] = {
            "bill_no": document.bill_no,
            "bill_date": document.bill_date,
            "taxable_value": amounts.taxable_value / 100,
            "total_tax": amounts.total_tax / 100,
        }
    return out


def _document_rows(sheet, rows: list[dict], company_gstin: str, names: dict[str, str]):
    books = _books(company_gstin, [row["purchase_invoice"] for row in rows if row["purchase_invoice"]])
    for row in rows:
        ims = [float(row[head] or 0) for head in HEADS]
        ims_tax = round(sum(ims[1:]), 2)
        book = books.get(row["purchase_invoice"] or "")
        differs = bool(book) and (
            abs(ims[0] - book["taxable_value"]) >= 0.01 or abs(ims_tax - book["total_tax"]) >= 0.01
        )
        fill = sheets.DIFF_FILL if differs else None
        remarks = row["upload_remarks"] or row["remarks"] or ""
        values = [
            names.get(row["supplier_gstin"]) or row["supplier_name"] or "",
            row["supplier_gstin"],
            section_label(row["section"]),
            row["document_number"],
            row["document_date"],
            period_label(row["supplier_return_period"]),
            "No" if row["supplier_filing_status"] == "Not Filed" else "Yes",
            period_label(row["gstr2b_period"]),
            *ims,
            ims_tax,
            row["purchase_invoice"] or "",
            book["bill_no"] if book else "",
            book["bill_date"] if book else None,
            book["taxable_value"] if book else None,
            book["total_tax"] if book else None,
            round(ims[0] - book["taxable_value"], 2) if book else None,
            round(ims_tax - book["total_tax"], 2) if book else None,
            row["match_status"] or "Not reconciled",
            row["match_reason"] or "",
            row["gstn_action"] or "",
            row["action"] or "",
            "Yes" if row["upload_pending"] else "",
            remarks,
            row["upload_error"] or "",
        ]
        yield [
            sheets.cell(
                sheet,
                value,
                money=kind == "money",
                fill=fill if title.startswith("Difference") else None,
            )
            for value, (title, _width, kind) in zip(values, DOC_COLUMNS, strict=True)
        ]


def _documents_sheet(book, company_gstin, period, period_field, filters) -> dict:
    sheet = book.create_sheet("Documents")
    sheets.widths(sheet, (width for _t, width, _k in DOC_COLUMNS))
    sheet.freeze_panes = "C2"
    sheet.append(sheets.header(sheet, [title for title, _w, _k in DOC_COLUMNS]))
    where, values = queries._where(company_gstin, period, period_field, filters)
    columns = ", ".join(f"`{field}`" for field in _FIELDS)
    cursor = frappe.db.sql(
        f"select {columns} from `tab{INWARD_SUPPLY}` where {where} order by document_date, name",
        values,
        as_dict=True,
        as_iterator=True,
    )
    count = 0
    names: dict[str, str] = {}
    chunk: list[dict] = []

    def flush():
        names.update(master_names(row["supplier_gstin"] for row in chunk))
        for cells in _document_rows(sheet, chunk, company_gstin, names):
            sheet.append(cells)
        chunk.clear()

    for row in cursor:
        chunk.append(row)
        count += 1
        if len(chunk) >= CHUNK:
            flush()
    flush()
    if count:
        last = count + 1
        totals = [sheets.cell(sheet, "Total", bold=True)] + [None] * (len(DOC_COLUMNS) - 1)
        for index, (_title, _width, kind) in enumerate(DOC_COLUMNS):
            if kind == "money":
                letter = sheets.column(index)
                totals[index] = sheets.formula(sheet, f"=SUBTOTAL(9,{letter}2:{letter}{last})")
        sheet.append(totals)
    return {"count": count}


def _summary_rows(company_gstin, period, period_field, filters) -> tuple[dict, dict]:
    by_status = queries.match_summary(
        company_gstin, period=period, period_field=period_field, filters=filters
    )
    by_action = queries.action_summary(
        company_gstin, period=period, period_field=period_field, filters=filters
    )
    return by_status, by_action


def _summary_sheet(book, company_gstin, period, period_field, filters):
    sheet = book.create_sheet("Summary")
    sheets.widths(sheet, (44, 12, 16, 14, 14, 14, 12, 16))
    cell = sheets.cell
    sheet.append([cell(sheet, "Invoice Management (IMS): summary", bold=True)])
    sheet.append([cell(sheet, "Company GSTIN"), cell(sheet, company_gstin)])
    sheet.append([cell(sheet, "GSTR-3B period"), cell(sheet, period_label(period) or "All periods")])
    shown = {key: value for key, value in (filters or {}).items() if value not in (None, "", [])}
    if shown:
        text = "; ".join(f"{key}: {value}" for key, value in sorted(shown.items()))
        sheet.append([cell(sheet, "Filters"), cell(sheet, text)])
    sheet.append([cell(sheet, "Generated on"), cell(sheet, now_datetime().strftime("%d-%m-%Y %H:%M"))])
    sheet.append([])
    titles = ["Documents", "Taxable", "IGST", "CGST", "SGST", "Cess", "Total Tax"]
    status, action = _summary_rows(company_gstin, period, period_field, filters)

    def table(title, rows, label):
        sheet.append(sheets.header(sheet, [title, *titles]))
        totals = [0] * 7
        for row in rows:
            figures = [int(row["count"] or 0), *(float(row[h] or 0) for h in HEADS)]
            figures.append(float(row["total_tax"] or 0))
            totals = [a + b for a, b in zip(totals, figures, strict=True)]
            line = [cell(sheet, v, money=i > 0) for i, v in enumerate(figures)]
            sheet.append([cell(sheet, label(row)), *line])
        sheet.append(
            [cell(sheet, "Total", bold=True)]
            + [cell(sheet, round(v, 2) if i else v, money=i > 0, bold=True) for i, v in enumerate(totals)]
        )
        sheet.append([])

    table("Match status", status["by_status"], lambda r: r["match_status"] or "Not reconciled")
    table("Action (filed by the supplier)", action["by_action"], lambda r: r["action"] or "No Action")
    if action["not_filed"]:
        table("Action (saved by the supplier, not filed: no ITC yet)", action["not_filed"],
              lambda r: r["action"] or "No Action")
    missing = status.get("missing_in_ims") or {}
    if missing.get("count"):
        sheet.append(sheets.header(sheet, ["Purchase Invoices GSTN does not show", "Documents", "Taxable",
                                           "", "", "", "", "Total Tax"]))
        sheet.append([cell(sheet, "Missing in IMS"), cell(sheet, int(missing["count"])),
                      cell(sheet, float(missing["taxable_value"] or 0), money=True), None, None, None, None,
                      cell(sheet, float(missing["total_tax"] or 0), money=True)])


def _missing_sheet(book, company_gstin, period):
    sheet = book.create_sheet("Missing in IMS")
    titles = ["Purchase Invoice", "Supplier", "Supplier GSTIN", "Bill No", "Bill Date", "Posting Date",
              "Return", "Taxable", "Total Tax"]
    sheets.widths(sheet, (20, 30, 18, 18, 12, 12, 8, 14, 14))
    sheet.append(sheets.header(sheet, titles))
    if not period:
        return
    page, count = 1, 0
    while True:
        result = queries.missing_in_ims(company_gstin, period, page=page, page_length=queries.MAX_PAGE)
        for row in result["rows"]:
            count += 1
            values = [row.name, row.supplier_name or row.supplier or "", row.supplier_gstin or "",
                      row.bill_no or "", row.bill_date, row.posting_date, "Yes" if row.is_return else "",
                      float(row.taxable_value or 0), float(row.total_tax or 0)]
            sheet.append([sheets.cell(sheet, v, money=i >= 7) for i, v in enumerate(values)])
        if page * queries.MAX_PAGE >= result["total"]:
            break
        page += 1
    if count:
        sheet.append([sheets.cell(sheet, "Total", bold=True), *([None] * 6),
                      sheets.formula(sheet, f"=SUM(H2:H{count + 1})"),
                      sheets.formula(sheet, f"=SUM(I2:I{count + 1})")])


def workbook_bytes(company_gstin: str, period: str | None, period_field: str, filters: Mapping) -> bytes:
    book = Workbook(write_only=True)
    _summary_sheet(book, company_gstin, period, period_field, dict(filters))
    _documents_sheet(book, company_gstin, period, period_field, dict(filters))
    if frappe.has_permission("Purchase Invoice", "read"):
        _missing_sheet(book, company_gstin, period)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
