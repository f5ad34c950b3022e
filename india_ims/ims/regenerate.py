"""Regenerate job body: GEN2B and its status for one period, then the period each IMS record is in as
the generated GSTR-2B lists it."""

from __future__ import annotations

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gstn.errors import GstnError

from . import figures_store, gstn_link, sqlwrite, synclog
from .constants import INWARD_SUPPLY, RETURN_PERIOD
from .merge import gstr2b_listing
from .upload import ensure_return_period


def regenerate(company: str, company_gstin: str, period: str, *, gstn=None) -> synclog.Outcome:
    """GEN2B and GENSTS2B for one period; the IMS Return Period records when."""
    gstn = gstn or gstn_link.client(company_gstin)
    status = gstn.regenerate_2b(period)
    gstn_link.keep_session(company_gstin, gstn)
    name = ensure_return_period(company, company_gstin, period)
    before = frappe.db.get_value(RETURN_PERIOD, name, "gstr2b_status")
    if status.status == "IP":
        return synclog.Outcome(partly_failed=True, message=f"GSTR-2B {period}: GSTN is still generating it")
    frappe.db.set_value(
        RETURN_PERIOD,
        name,
        {
            "gstr2b_status": "Recomputed" if before in ("Generated", "Recomputed") else "Generated",
            "gstr2b_generated_on": now_datetime(),
            "recompute_needed": 0,
        },
    )
    placed = record_gstr2b_periods(company_gstin, period, gstn)
    return synclog.Outcome(
        counts={"records_processed": 1},
        message=f"GSTR-2B {period} generated; {placed} IMS records placed in it as GSTN lists them",
    )


def record_gstr2b_periods(company_gstin: str, period: str, gstn) -> int:
    """The generated GSTR-2B settles which period its documents are in (spec 3.5): a document the
    supplier filed after the cut-off is in a later 2B than its return period says."""
    try:
        download = gstn.get_2b(period)
    except GstnError as error:
        # the 2B itself was generated; the periods stay as decided until its documents can be read
        frappe.log_error(title=f"GSTR-2B {period}: documents not read", message=str(error))
        return 0
    listing = gstr2b_listing(download.documents, period, ReturnPeriod.parse(period).label)
    if not listing:
        return 0
    rows = frappe.db.sql(
        "select name, section, supplier_gstin, document_number, gstr2b_period, gstr2b_period_basis "
        f"from `tab{INWARD_SUPPLY}` where company_gstin = %(gstin)s and supplier_gstin in %(suppliers)s",
        {"gstin": company_gstin, "suppliers": sorted({key[1] for key in listing})},
        as_dict=True,
    )
    updates = []
    for row in rows:
        placed = listing.get((row.section, row.supplier_gstin, (row.document_number or "").strip().upper()))
        if placed and (row.gstr2b_period, row.gstr2b_period_basis) != tuple(placed.values()):
            updates.append({"name": row.name, **placed})
    sqlwrite.update_by_name(INWARD_SUPPLY, updates, ("gstr2b_period", "gstr2b_period_basis"))
    if updates:
        figures_store.after_write([company_gstin])
    return len(updates)
