"""Fill each IMS record's contribution to GSTR-2B and ITC at stake (``fig_*``) for rows stored before
the columns existed, GSTIN by GSTIN, in bulk (``figures_store.refresh``), and pair the records with
their documents in each latest GSTR-2B (``figures_store.pair_with_gstr2b``)."""

import frappe

from india_ims.ims import figures_store
from india_ims.ims.constants import INWARD_SUPPLY


def execute():
    frappe.reload_doc("gst_ims", "doctype", "ims_inward_supply")
    for gstin in frappe.db.sql_list(f"select distinct company_gstin from `tab{INWARD_SUPPLY}`"):
        figures_store.refresh_all(gstin)
        frappe.db.commit()
    for gstin, period, name in frappe.db.sql(
        "select company_gstin, return_period, name from `tabIMS GSTR-2B` where is_latest = 1"
    ):
        figures_store.pair_with_gstr2b(gstin, period, name)
        frappe.db.commit()
