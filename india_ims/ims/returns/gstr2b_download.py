"""The GSTR-2B download job body: GET2B with every ``file_num`` into IMS GSTR-2B and its documents.

Each distinct statement GSTN serves for a period (the draft of the 14th, then every recompute) is
kept as its own generation; the same statement downloaded again changes nothing but the time it
was last seen. Documents are linked to the IMS Inward Supply that is the same document, by the
row name the download gives it (company GSTIN, IMS section, supplier, number, financial year).
"""

from __future__ import annotations

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.payload.gstr2b_api import parse_gstr2b_pages
from india_ims.gst_india.payload.gstr2b_summary import file_facts, parse_itcsumm, place
from india_ims.gst_india.periods import ReturnPeriod, financial_year_of
from india_ims.gst_india.returns.compare import block_nets

from .. import bulk, figures_store, gstn_link, synclog
from ..constants import GSTR2B, GSTR2B_DOCUMENT, INWARD_SUPPLY, RETURN_PERIOD
from ..context import is_quarterly
from ..rows import ACTION_BY_LABEL, row_name
from ..upload import ensure_return_period

DOCUMENT_COLUMNS = (
    "gstr2b",
    "company_gstin",
    "return_period",
    "block",
    "gstr2b_section",
    "credit_note",
    "supplier_gstin",
    "document_number",
    "document_date",
    "ims_action",
    "inward_supply",
    "taxable_value",
    "igst",
    "cgst",
    "sgst",
    "cess",
)
_LABEL = {action: label for label, action in ACTION_BY_LABEL.items()}
_NET_FIELDS = {
    "ITC Available": "itc_available",
    "ITC Not Available": "itc_not_available",
    "ITC Reversal": "itc_reversal",
    "ITC Rejected": "itc_rejected",
}


def statement_period(period: str, quarterly: bool) -> str:
    """The period GSTN files the statement under: a QRMP filer's 2BQ sits under the quarter's last month."""
    return str(ReturnPeriod.parse(period).gstr2b_period(quarterly=quarterly))


def fetch_pages(gstn, period: str) -> list[dict]:
    """Every file of GET2B (``fc`` / ``file_num``); the one call to the client, kept in one place."""
    return gstn.get_2b_pages(period)


def _rupees(paise: int) -> float:
    return paise / 100


def download(company: str, company_gstin: str, period: str, *, gstn=None, progress=None) -> synclog.Outcome:
    quarterly = is_quarterly(company_gstin)
    period = statement_period(period, quarterly)
    gstn = gstn or gstn_link.client(company_gstin)
    if progress:
        progress(0, 1, "downloading GSTR-2B", force=True)
    pages = fetch_pages(gstn, period)
    if getattr(gstn, "session", None) is not None:  # a stand-in serving stored files has none
        gstn_link.keep_session(company_gstin, gstn)
    statement = parse_gstr2b_pages(pages)
    summary = parse_itcsumm(pages)
    facts = file_facts(pages)
    if statement.gstin and statement.gstin.upper() != company_gstin.upper():
        frappe.throw(f"GET2B {period}: the statement is for GSTIN {statement.gstin}, not {company_gstin}")
    if statement.period != period:
        frappe.throw(f"GET2B {period}: the statement is for return period {statement.period}")
    period_name = ensure_return_period(company, company_gstin, period)
    same = frappe.db.get_value(
        GSTR2B, {"company_gstin": company_gstin, "return_period": period, "checksum": facts.checksum}, "name"
    )
    now = now_datetime()
    if same:
        frappe.db.set_value(GSTR2B, same, "downloaded_on", now, update_modified=False)
        frappe.db.set_value(RETURN_PERIOD, period_name, "gstr2b_downloaded_on", now, update_modified=False)
        return synclog.Outcome(
            counts={
                "records_received": len(statement.documents),
                "records_unchanged": len(statement.documents),
            },
            message=f"GSTR-2B {period}: unchanged since the last download ({same})",
        )
    generation = (
        frappe.db.sql(
            f"select max(generation) from `tab{GSTR2B}` where company_gstin = %s and return_period = %s",
            (company_gstin, period),
        )[0][0]
        or 0
    ) + 1
    recomputed = frappe.db.get_value(RETURN_PERIOD, period_name, "gstr2b_status") == "Recomputed"
    name = f"{company_gstin}-{period}-{generation}"
    nets = block_nets(summary)
    doc = frappe.get_doc(
        {
            "doctype": GSTR2B,
            "name": name,
            "company": company,
            "company_gstin": company_gstin,
            "return_period": period,
            "is_quarterly": int(quarterly),
            "generation": generation,
            "status": "Recomputed" if generation > 1 or recomputed else "Draft",
            "generated_on": statement.generated_on,
            "downloaded_on": now,
            "file_count": facts.file_count,
            "document_count": len(statement.documents),
            "checksum": facts.checksum,
            "schema_version": facts.version,
            "sync_log": None,
            **{field: _rupees(nets[block].total_tax) for block, field in _block_fields(nets)},
            "summary": [
                {
                    "block": block.value,
                    "part": part.value,
                    "gstr2b_section": section.value,
                    **{head: _rupees(getattr(amounts, head)) for head in ("igst", "cgst", "sgst", "cess")},
                }
                for (block, part, section), amounts in sorted(summary.totals.items(), key=lambda t: str(t[0]))
            ],
        }
    )
    doc.flags.name_set = True
    doc.insert(ignore_permissions=True, set_name=name)
    rows = _document_rows(name, company_gstin, period, statement.documents)
    linked = _link(company_gstin, rows)
    for count, row in enumerate(rows, start=1):
        row["name"] = f"{name}-{count:06d}"
    bulk.insert_new(GSTR2B_DOCUMENT, rows, DOCUMENT_COLUMNS)
    frappe.db.set_value(GSTR2B, name, "linked_count", linked, update_modified=False)
    frappe.db.sql(
        f"update `tab{GSTR2B}` set is_latest = (name = %s) where company_gstin = %s and return_period = %s",
        (name, company_gstin, period),
    )
    figures_store.pair_with_gstr2b(company_gstin, period, name)
    values = {"latest_gstr2b": name, "gstr2b_downloaded_on": now}
    if frappe.db.get_value(RETURN_PERIOD, period_name, "gstr2b_status") == "Not Generated":
        values["gstr2b_status"] = "Generated"
    frappe.db.set_value(RETURN_PERIOD, period_name, values, update_modified=False)
    _warm(company_gstin, period)
    if progress:
        progress(1, 1, "stored", force=True)
    return synclog.Outcome(
        counts={"records_received": len(rows), "records_inserted": len(rows), "records_processed": linked},
        message=(
            f"GSTR-2B {period} generation {generation} ({facts.file_count} file(s)): {len(rows)} documents, "
            f"{linked} linked to IMS records"
        ),
    )


def _warm(company_gstin: str, period: str) -> None:
    """Compute the preview's figures now, so the first look after a download is instant."""
    from . import figures, scope

    figures.period_figures(scope.build(company_gstin, period))


def _block_fields(nets):
    return [(block, _NET_FIELDS[block.value]) for block in nets]


def _document_rows(gstr2b: str, company_gstin: str, period: str, documents) -> list[dict]:
    rows = []
    for document in documents:
        placed = place(document)
        amounts = document.amounts
        rows.append(
            {
                "gstr2b": gstr2b,
                "company_gstin": company_gstin,
                "return_period": period,
                "block": placed.block.value,
                "gstr2b_section": placed.section.name if placed.section else document.section,
                "credit_note": int(placed.credit_note),
                "supplier_gstin": document.supplier_gstin,
                "document_number": document.document_number,
                "document_date": document.document_date,
                "ims_action": _LABEL.get(placed.action, "") if placed.action else "",
                "inward_supply": None,
                "_candidate": (
                    row_name(
                        (
                            company_gstin.strip().upper(),
                            placed.ims_section,
                            document.supplier_gstin.strip().upper(),
                            document.document_number.strip().upper(),
                            financial_year_of(document.document_date),
                        )
                    )
                    if placed.ims_section
                    else None
                ),
                "taxable_value": _rupees(amounts.taxable_value),
                "igst": _rupees(amounts.igst),
                "cgst": _rupees(amounts.cgst),
                "sgst": _rupees(amounts.sgst),
                "cess": _rupees(amounts.cess),
            }
        )
    return rows


def _link(company_gstin: str, rows: list[dict]) -> int:
    """Set ``inward_supply`` where the IMS record exists; returns how many were linked."""
    candidates = [row["_candidate"] for row in rows if row["_candidate"]]
    found: set[str] = set()
    for start in range(0, len(candidates), 5000):
        chunk = candidates[start : start + 5000]
        found.update(
            frappe.db.sql_list(
                f"select name from `tab{INWARD_SUPPLY}` "
                "where name in %(names)s and company_gstin = %(gstin)s",
                {"names": chunk, "gstin": company_gstin},
            )
        )
    linked = 0
    for row in rows:
        candidate = row.pop("_candidate")
        if candidate in found:
            row["inward_supply"] = candidate
            linked += 1
    return linked
