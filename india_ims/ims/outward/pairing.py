"""Pair one period's reported sales with Sales Invoices and write the results (only changes).

Scope, as on the purchase side: the sales the supplier view reported for the period, and the
submitted Sales Invoices of the company GSTIN posted from ``date window`` days before the period to
its end, plus those already linked to these rows; invoices linked to rows of other periods stay out.
"""

from __future__ import annotations

from datetime import timedelta

import frappe

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.money import to_paise
from india_ims.gst_india.outward.model import OutwardRecord, SalesDocument
from india_ims.gst_india.outward.pairing import SalesMatch, pair_sales
from india_ims.gst_india.periods import ReturnPeriod

from .. import sqlwrite
from ..reconcile import match_settings
from . import sales
from .store import OUTWARD_SUPPLY

PAIR_COLUMNS = ("sales_invoice", "match_status", "match_reason", "customer", "recipient_name")
_LOAD = (
    "name",
    "section",
    "recipient_gstin",
    "document_number",
    "document_date",
    "document_value",
    "taxable_value",
    "igst",
    "cgst",
    "sgst",
    "cess",
    "recipient_action",
    "return_type",
    "return_period",
    "original_document_number",
    "original_document_date",
    *PAIR_COLUMNS,
)


def stored_record(row) -> OutwardRecord:
    return OutwardRecord(
        Section(row.section),
        row.recipient_gstin,
        row.document_number,
        row.document_date,
        to_paise(row.document_value),
        Amounts(*(to_paise(row[k]) for k in ("taxable_value", "igst", "cgst", "sgst", "cess"))),
        Action.from_label(row.recipient_action),
        row.return_type,
        row.return_period,
        original_number=row.original_document_number or None,
        original_date=row.original_document_date,
    )


def scope(company_gstin: str, period: str) -> tuple[list, list[OutwardRecord], list[SalesDocument]]:
    rows = frappe.get_all(
        OUTWARD_SUPPLY,
        filters={"company_gstin": company_gstin, "return_period": period},
        fields=list(_LOAD),
        order_by="name",
    )
    month = ReturnPeriod.parse(period)
    window = match_settings().date_window_days
    # An amendment may be booked under its original's number, posted before the window: named here.
    originals = [row.original_document_number for row in rows if row.original_document_number]
    loaded = sales.load(
        company_gstin,
        date_from=month.first_day - timedelta(days=window),
        date_to=month.last_day,
        names=[row.sales_invoice for row in rows if row.sales_invoice] + originals,
    )
    linked_elsewhere = _linked_elsewhere(company_gstin, period, [document.name for document in loaded])
    books = [
        document
        for document in loaded
        # the amendment replaces its original, so the original's Sales Invoice is free for it
        if document.name not in linked_elsewhere or document.number in originals
    ]
    return rows, [stored_record(row) for row in rows], books


def _linked_elsewhere(company_gstin: str, period: str, names: list[str]) -> set[str]:
    """Which of these Sales Invoices rows of other periods hold, looked up on the ``sales_invoice``
    index: every invoice linked in every other period of the GSTIN was read before (a year of a
    lakh a month: over a million names per pairing, for a month's few thousand invoices)."""
    found: set[str] = set()
    for start in range(0, len(names), 5000):
        found.update(
            frappe.get_all(
                OUTWARD_SUPPLY,
                filters={
                    "company_gstin": company_gstin,
                    "return_period": ("!=", period),
                    "sales_invoice": ("in", names[start : start + 5000]),
                },
                pluck="sales_invoice",
            )
        )
    return found


def pair_period(company_gstin: str, period: str) -> dict:
    """Pair and write; returns counts and the Sales Invoices not in the supplier view."""
    rows, records, books = scope(company_gstin, period)
    results = pair_sales(records, books, match_settings())
    updates, not_reported, counts = [], [], {}
    for result in results:
        counts[result.status] = counts.get(result.status, 0) + 1
        if result.sale_index is None:
            not_reported.append(_not_reported(books[result.book_index], result))
            continue
        row = rows[result.sale_index]
        book = books[result.book_index] if result.book_index is not None else None
        new = {
            "name": row.name,
            "sales_invoice": book.name if book else None,
            "match_status": result.status,
            "match_reason": result.reason,
            "customer": book.customer if book else row.customer,
            "recipient_name": book.customer_name if book else row.recipient_name,
        }
        if any((row.get(column) or None) != (new[column] or None) for column in PAIR_COLUMNS):
            updates.append(new)
    sqlwrite.update_by_name(OUTWARD_SUPPLY, updates, PAIR_COLUMNS)
    return {"counts": counts, "updated": len(updates), "not_reported": not_reported}


def _not_reported(document: SalesDocument, result: SalesMatch) -> dict:
    return {
        "sales_invoice": document.name,
        "customer": document.customer,
        "customer_name": document.customer_name,
        "customer_gstin": document.customer_gstin,
        "posting_date": str(document.posting_date),
        "reason": result.reason,
    }
