"""A lasting receipt of a GSTN job (an upload above all): what GSTN saved, what it refused (by document
number and reason) and GSTN's reference ids, read from the IMS Sync Log in words, never as raw JSON
or a traceback."""

from __future__ import annotations

import json
from io import BytesIO

import frappe
from openpyxl import Workbook

from . import sheets
from .constants import INWARD_SUPPLY, SYNC_LOG, SYNC_LOG_ERROR
from .export import period_label, section_label
from .suppliers import master_names

MAX_ERRORS = 5000
_STATE_WORDS = {
    "sent": "sent, GSTN still processing",
    "unanswered": "sent, no answer from GSTN yet (the next upload asks again)",
    "uncertain": "outcome unknown (settled by the next download)",
    "sending": "not confirmed as sent",
    "done": "processed",
}


def _references(raw: str | None) -> list[dict]:
    try:
        entries = json.loads(raw or "[]")
    except ValueError:
        return []
    out = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not entry.get("reference_id"):
            continue
        state = str(entry.get("state") or "")
        if state == "sent" and entry.get("error"):
            state = "unanswered"  # GSTN gave no answer about it (``upload._resolve``)
        out.append(
            {
                "reference_id": str(entry["reference_id"]),
                "section": section_label(entry.get("section")),
                "records": len(entry.get("items") or ()),
                "state": _STATE_WORDS.get(state, state or "processed"),
            }
        )
    return out


def receipt(sync_log: str) -> dict:
    """The Sync Log as a receipt; the caller checked access to its company."""
    log = frappe.db.get_value(
        SYNC_LOG,
        sync_log,
        [
            "name", "kind", "status", "company", "company_gstin", "return_period", "requested_by",
            "queued_on", "finished_on", "message", "records_processed", "records_failed",
            "records_received", "gstn_references",
        ],
        as_dict=True,
    )
    if not log:
        frappe.throw(frappe._("IMS Sync Log {0} not found").format(sync_log), frappe.DoesNotExistError)
    errors = frappe.get_all(
        SYNC_LOG_ERROR,
        filters={"parent": sync_log, "parenttype": SYNC_LOG},
        fields=["section", "supplier_gstin", "document_number", "inward_supply", "error_code", "message"],
        order_by="idx",
        limit=MAX_ERRORS,
    )
    # Refusals name the document as the accountant knows it: number, supplier, date.
    records = {
        row.name: row
        for row in frappe.get_all(
            INWARD_SUPPLY,
            filters={"name": ("in", [e.inward_supply for e in errors if e.inward_supply] or [""])},
            fields=["name", "document_number", "document_date", "supplier_gstin", "supplier_name"],
        )
    }
    names = master_names([e.supplier_gstin for e in errors] + [r.supplier_gstin for r in records.values()])
    refused = []
    for error in errors:
        record = records.get(error.inward_supply or "") or {}
        gstin = error.supplier_gstin or record.get("supplier_gstin") or ""
        refused.append(
            {
                "document_number": error.document_number or record.get("document_number") or "",
                "document_date": record.get("document_date"),
                "supplier_gstin": gstin,
                "supplier_name": names.get(gstin) or record.get("supplier_name") or "",
                "section": section_label(error.section),
                "code": error.error_code or "",
                "reason": error.message or "",
                "inward_supply": error.inward_supply or "",
            }
        )
    return {
        "name": log.name,
        "kind": log.kind,
        "status": log.status,
        "company_gstin": log.company_gstin,
        "period": period_label(log.return_period),
        "requested_by": log.requested_by,
        "queued_on": log.queued_on,
        "finished_on": log.finished_on,
        "message": log.message or "",
        "received": log.records_received or 0,
        "saved": log.records_processed or 0,
        "refused_count": log.records_failed or len(refused),
        "refused": refused,
        "references": _references(log.gstn_references),
    }


def receipt_workbook(data: dict) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Receipt")
    sheets.widths(sheet, (26, 60))
    cell = sheets.cell
    sheet.append([cell(sheet, f"IMS {data['kind']} receipt", bold=True)])
    for label, value in (
        ("Sync Log", data["name"]),
        ("Company GSTIN", data["company_gstin"]),
        ("Period", data["period"] or "every pending change"),
        ("Status", data["status"]),
        ("Requested by", data["requested_by"] or ""),
        ("Finished on", str(data["finished_on"] or "")),
        ("Saved at GSTN", int(data["saved"])),
        ("Refused by GSTN", int(data["refused_count"])),
        ("Summary", data["message"]),
    ):
        sheet.append([cell(sheet, label, bold=True), cell(sheet, value)])
    sheet.append([])
    sheet.append(sheets.header(sheet, ["GSTN reference", "Section", "Records", "State"]))
    for ref in data["references"]:
        sheet.append([cell(sheet, ref["reference_id"]), cell(sheet, ref["section"]),
                      cell(sheet, ref["records"]), cell(sheet, ref["state"])])
    refused = book.create_sheet("Refused")
    sheets.widths(refused, (20, 12, 30, 18, 20, 14, 60))
    refused.append(sheets.header(refused, ["Number", "Date", "Supplier", "Supplier GSTIN", "Section", "Code",
                                           "Reason"]))
    for row in data["refused"]:
        refused.append([cell(refused, v) for v in (
            row["document_number"], row["document_date"], row["supplier_name"], row["supplier_gstin"],
            row["section"], row["code"], row["reason"])])
    out = BytesIO()
    book.save(out)
    return out.getvalue()
