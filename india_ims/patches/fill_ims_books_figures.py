"""Store each linked IMS record's paired invoice figures (``match_plan.BOOKS_COLUMNS``), so the export
reads the records alone from the first export after the upgrade; from then on every reconciliation
writes them with the match columns. ``modified`` stays: the figures are what the next reconciliation
would write, so its "nothing changed" digest still holds."""

import frappe

from india_ims.ims import match_plan, purchases, sqlwrite
from india_ims.ims.constants import INWARD_SUPPLY

_CHUNK = 5000


def execute():
    frappe.reload_doc("gst_ims", "doctype", "ims_inward_supply")
    fill()


def fill(company_gstin: str | None = None) -> int:
    """The figures of every record linked to a submitted invoice of its GSTIN; returns rows written."""
    written = 0
    gstins = [company_gstin] if company_gstin else frappe.db.sql_list(
        f"select distinct company_gstin from `tab{INWARD_SUPPLY}` where ifnull(purchase_invoice, '') != ''"
    )
    for gstin in gstins:
        links = frappe.db.sql(
            f"select name, purchase_invoice from `tab{INWARD_SUPPLY}` "
            "where company_gstin = %s and ifnull(purchase_invoice, '') != ''",
            (gstin,),
        )
        invoices = sorted({invoice for _name, invoice in links})
        figures = {}
        for start in range(0, len(invoices), _CHUNK):
            for document in purchases.load(gstin, names=invoices[start:start + _CHUNK]):
                figures[document.name] = match_plan.books_figures(document)
        updates = [{"name": name, **figures[invoice]} for name, invoice in links if invoice in figures]
        written += sqlwrite.update_by_name(INWARD_SUPPLY, updates, match_plan.BOOKS_COLUMNS, touch=False)
        frappe.db.commit()
    return written
