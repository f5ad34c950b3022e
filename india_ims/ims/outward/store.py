"""IMS Outward Supply and IMS Added Back Liability rows: named by identity, written in bulk, and only
when their content changed (a second download of the same answer writes nothing)."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.documents import Amounts
from india_ims.gst_india.money import to_paise, to_rupees
from india_ims.gst_india.outward import liability
from india_ims.gst_india.outward.model import OutwardRecord

from .. import sqlwrite
from ..rows import row_name

OUTWARD_SUPPLY = "IMS Outward Supply"
ADDED_BACK = "IMS Added Back Liability"

OUTWARD_COLUMNS = (
    "company",
    "company_gstin",
    "section",
    "document_type",
    "return_type",
    "return_period",
    "recipient_gstin",
    "document_number",
    "document_date",
    "original_document_number",
    "original_document_date",
    "document_value",
    "taxable_value",
    "igst",
    "cgst",
    "sgst",
    "cess",
    "recipient_action",
    "remarks",
    "adds_back",
)
ADDED_BACK_COLUMNS = (
    "company",
    "company_gstin",
    "landing_period",
    "basis",
    "gstr3b_table",
    "table_note",
    "recipient_gstin",
    "section",
    "document_number",
    "document_date",
    "supplier_period",
    "outward_supply",
    "remarks",
    "taxable_value",
    "igst",
    "cgst",
    "sgst",
    "cess",
    "total_tax",
    "expected_igst",
    "expected_cgst",
    "expected_sgst",
    "expected_cess",
    "expected_total_tax",
    "gstn_differs",
)
EXPECTED_HEADS = ("igst", "cgst", "sgst", "cess", "total_tax")
HEADS = ("igst", "cgst", "sgst", "cess")


def _digest(row: dict, columns: Sequence[str]) -> str:
    text = "|".join(str(row.get(column) if row.get(column) is not None else "") for column in columns)
    return hashlib.sha1(text.encode()).hexdigest()


def outward_name(company_gstin: str, section: str, recipient: str, number: str, period: str) -> str:
    return row_name(
        ("outward", company_gstin.upper(), section, recipient.upper(), number.strip().upper(), period)
    )


def outward_row(company: str, company_gstin: str, sale: OutwardRecord) -> dict:
    amounts = sale.amounts
    row = {
        "name": outward_name(
            company_gstin, sale.section.value, sale.recipient_gstin, sale.document_number, sale.return_period
        ),
        "company": company,
        "company_gstin": company_gstin,
        "section": sale.section.value,
        "document_type": sale.document_type.value,
        "return_type": sale.return_type,
        "return_period": sale.return_period,
        "recipient_gstin": sale.recipient_gstin,
        "document_number": sale.document_number,
        "document_date": sale.document_date,
        "original_document_number": sale.original_number or "",
        "original_document_date": sale.original_date,
        "document_value": to_rupees(sale.document_value),
        "taxable_value": to_rupees(amounts.taxable_value),
        "igst": to_rupees(amounts.igst),
        "cgst": to_rupees(amounts.cgst),
        "sgst": to_rupees(amounts.sgst),
        "cess": to_rupees(amounts.cess),
        "recipient_action": sale.recipient_action.label,
        "remarks": sale.remarks or "",
        "adds_back": int(liability.adds_back(sale.section, sale.recipient_action)),
    }
    row["content_digest"] = _digest(row, OUTWARD_COLUMNS)
    return row


def added_back_row(
    company: str, company_gstin: str, line: liability.AddedBackLine, expected: Amounts | None = None
) -> dict:
    """``expected``: beside a line GSTN reported, the figure we worked out for it, kept (with the
    reason in words) only when the two differ."""
    amounts = line.amounts
    outward = outward_name(
        company_gstin, line.section.value, line.recipient_gstin, line.document_number, line.supplier_period
    )
    row = {
        "name": row_name(("added-back", outward)),
        "company": company,
        "company_gstin": company_gstin,
        "landing_period": line.landing_period,
        "basis": line.basis,
        "gstr3b_table": liability.GSTR3B_TABLE,
        "table_note": liability.TABLE_WORDS,
        "recipient_gstin": line.recipient_gstin,
        "section": line.section.value,
        "document_number": line.document_number,
        "document_date": line.document_date,
        "supplier_period": line.supplier_period,
        "outward_supply": outward if frappe.db.exists(OUTWARD_SUPPLY, outward) else None,
        "remarks": line.remarks or "",
        "taxable_value": to_rupees(amounts.taxable_value),
        "igst": to_rupees(amounts.igst),
        "cgst": to_rupees(amounts.cgst),
        "sgst": to_rupees(amounts.sgst),
        "cess": to_rupees(amounts.cess),
        "total_tax": to_rupees(amounts.total_tax),
    }
    differs = None
    if expected is not None and line.basis == liability.REPORTED:
        differs = liability.reported_differs(amounts, expected)
    for head in EXPECTED_HEADS:
        value = getattr(expected, head) if differs else 0
        row[f"expected_{head}"] = to_rupees(value)
    row["gstn_differs"] = differs or ""
    row["content_digest"] = _digest(row, ADDED_BACK_COLUMNS)
    return row


def stored_expectations(names: list[str]) -> dict[str, Amounts]:
    """For rows about to be replaced by GSTN's report: the figure we expected for each, from the stored
    expectation (basis other than reported) or the one kept beside an earlier report."""
    if not names:
        return {}
    rows = frappe.get_all(
        ADDED_BACK,
        filters={"name": ("in", names)},
        fields=["name", "basis", "gstn_differs", *HEADS, *(f"expected_{h}" for h in HEADS)],
    )
    out = {}
    for row in rows:
        prefix = "" if row.basis != liability.REPORTED else "expected_"
        if prefix and not row.gstn_differs:
            continue  # an earlier report with nothing kept beside it: nothing was expected otherwise
        out[row.name] = Amounts(**{head: to_paise(row[f"{prefix}{head}"] or 0) for head in HEADS})
    return out


def write_changed(doctype: str, rows: list[dict], columns: Sequence[str]) -> tuple[int, int, int]:
    """Upsert rows whose digest differs from the stored one; returns (inserted, updated, unchanged)."""
    if not rows:
        return 0, 0, 0
    stored = dict(
        frappe.db.sql(
            f"select name, content_digest from `tab{doctype}` where name in %(names)s",
            {"names": [row["name"] for row in rows]},
        )
    )
    changed = [row for row in rows if stored.get(row["name"]) != row["content_digest"]]
    now = now_datetime()
    extra = ("content_digest", "downloaded_on") if doctype == OUTWARD_SUPPLY else ("content_digest",)
    for row in changed:
        row["downloaded_on"] = now
    all_columns = (*columns, *extra)
    sqlwrite.upsert(doctype, changed, all_columns, update=all_columns)
    inserted = sum(1 for row in changed if row["name"] not in stored)
    return inserted, len(changed) - inserted, len(rows) - len(changed)
