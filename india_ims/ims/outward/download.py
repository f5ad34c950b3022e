"""Supplier-view job body: our sales of one period with the recipients' actions, the liabilities
GSTN added back in that period, then the pairing with Sales Invoices.

Rows are named by identity and written only when their content changed, so a rerun (or the daily
schedule) over an unchanged answer writes nothing.
"""

from __future__ import annotations

import frappe

from india_ims.gst_india.outward import liability
from india_ims.gst_india.outward.model import OutwardRecord
from india_ims.gst_india.periods import ReturnPeriod

from .. import gstn_link, synclog
from . import pairing, store


def as_record(sale) -> OutwardRecord:
    """The adapter's ``SupplierSale`` as the core's record (same fields, neutral names)."""
    return OutwardRecord(
        sale.section,
        sale.recipient_gstin,
        sale.document_number,
        sale.document_date,
        sale.document_value,
        sale.amounts,
        sale.recipient_action,
        sale.return_type,
        sale.return_period,
        original_number=sale.original_number,
        original_date=sale.original_date,
    )


def reported_line(item, period: str) -> liability.AddedBackLine:
    """A provider's added-back row lands in the period it was asked for (SB-abl)."""
    return liability.AddedBackLine(
        item.recipient_gstin,
        item.section,
        item.document_number,
        item.document_date,
        item.amounts,
        item.supplier_period or str(ReturnPeriod.parse(period).add(-1)),
        period,
        liability.REPORTED,
        item.remarks,
    )


def download(company: str, company_gstin: str, period: str, *, gstn=None, progress=None) -> synclog.Outcome:
    gstn = gstn or gstn_link.client(company_gstin)
    try:
        if progress:
            progress(0, 3, "reading the supplier view", force=True)
        records = [as_record(sale) for sale in gstn.supplier_sales(period)]
        if progress:
            progress(1, 3, "reading added-back liabilities", force=True)
        reported = [reported_line(item, period) for item in gstn.added_back_liabilities(period)]
    finally:
        gstn_link.keep_session(company_gstin, gstn)
    outward_rows = [store.outward_row(company, company_gstin, record) for record in records]
    inserted, updated, unchanged = store.write_changed(
        store.OUTWARD_SUPPLY, outward_rows, store.OUTWARD_COLUMNS
    )
    expected = liability.expected_added_back(records, earlier=earlier_versions(company_gstin, records))
    back_rows = _added_back_rows(company, company_gstin, period, reported, expected)
    back = store.write_changed(store.ADDED_BACK, back_rows, store.ADDED_BACK_COLUMNS)
    if progress:
        progress(2, 3, "pairing with Sales Invoices", force=True)
    paired = pairing.pair_period(company_gstin, period)
    outcome = synclog.Outcome(
        counts={
            "records_received": len(records),
            "records_inserted": inserted,
            "records_updated": updated,
            "records_unchanged": unchanged,
        }
    )
    outcome.message = (
        f"{len(records)} sales received: {inserted} new, {updated} changed, {unchanged} unchanged; "
        f"added-back liabilities: {len(reported)} reported by GSTN, {len(expected)} expected, "
        f"{back[0] + back[1]} written; pairing: "
        + (
            ", ".join(f"{count} {status}" for status, count in sorted(paired["counts"].items()))
            or "nothing to pair"
        )
        + f"; {len(paired['not_reported'])} Sales Invoices not in GSTR-1"
    )
    return outcome


def earlier_versions(company_gstin: str, records: list[OutwardRecord]) -> dict:
    """Each amendment's stored earlier versions, oldest first: the original, then earlier amendments
    of it reported before this one (the amendment rules count from the version last acted on)."""
    wanted = {}
    for record in records:
        key = liability.original_key(record)
        if key and liability.adds_back(record.section, record.recipient_action):
            wanted.setdefault(key, []).append(record)
    if not wanted:
        return {}
    numbers = sorted({key[2] for key in wanted})
    fields = ["section", "recipient_gstin", "document_number", "document_date", "document_value",
              "taxable_value", "igst", "cgst", "sgst", "cess", "recipient_action", "return_type",
              "return_period", "original_document_number", "original_document_date"]
    rows = frappe.get_all(
        store.OUTWARD_SUPPLY,
        filters={"company_gstin": company_gstin},
        or_filters={"document_number": ("in", numbers), "original_document_number": ("in", numbers)},
        fields=fields,
    )
    stored = [pairing.stored_record(row) for row in rows]
    out = {}
    for key, amendments in wanted.items():
        latest = min(amendments, key=lambda r: ReturnPeriod.parse(r.return_period))
        before = ReturnPeriod.parse(latest.return_period)
        versions = [
            r for r in stored
            if ReturnPeriod.parse(r.return_period) < before
            and r.recipient_gstin.upper() == key[0]
            and (
                (r.section.value == key[1] and r.document_number.strip().upper() == key[2])
                or liability.original_key(r) == key
            )
        ]
        versions.sort(key=lambda r: (ReturnPeriod.parse(r.return_period), r.section.is_amendment))
        if versions:
            out[key] = [liability.as_version(r) for r in versions]
    return out


def _added_back_rows(company, company_gstin, period, reported, expected) -> list[dict]:
    """Reported lines win over expected ones for the same document; expected lines of this period's
    sales that are no longer rejected (the recipient changed its mind before filing) are removed."""
    by_name: dict[str, dict] = {}
    expected_amounts: dict[str, object] = {}
    for line in expected:
        row = store.added_back_row(company, company_gstin, line)
        by_name[row["name"]] = row
        expected_amounts[row["name"]] = line.amounts
    reported_names = [store.added_back_row(company, company_gstin, line)["name"] for line in reported]
    # what we expected for each reported line: from this download, else as stored before the report
    # replaces it; GSTN's figure wins, ours is kept beside it when they differ (FAQ 34)
    stored = store.stored_expectations([n for n in reported_names if n not in expected_amounts])
    for line, name in zip(reported, reported_names, strict=True):
        by_name[name] = store.added_back_row(
            company, company_gstin, line, expected_amounts.get(name) or stored.get(name)
        )
    already_reported = set(
        frappe.get_all(
            store.ADDED_BACK,
            filters={"company_gstin": company_gstin, "basis": liability.REPORTED},
            pluck="name",
        )
    )
    for name in [n for n, row in by_name.items() if row["basis"] != liability.REPORTED]:
        if name in already_reported:
            del by_name[name]  # GSTN already said where it landed: an expectation never overrides it
    keep = [name for name, row in by_name.items() if row["supplier_period"] == period]
    frappe.db.delete(
        store.ADDED_BACK,
        {
            "company_gstin": company_gstin,
            "supplier_period": period,
            "basis": ("!=", liability.REPORTED),
            **({"name": ("not in", keep)} if keep else {}),
        },
    )
    return list(by_name.values())
