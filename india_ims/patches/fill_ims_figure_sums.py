"""Sum each GSTIN's stored contributions per GSTR-2B period and placement into ``IMS Figure Sum``
(``figure_sums.rebuild``), so the preview reads them from the first view after the upgrade; from
then on the records' refresh keeps them."""

import frappe

from india_ims.ims import figure_sums
from india_ims.ims.constants import INWARD_SUPPLY


def execute():
    frappe.reload_doc("gst_ims", "doctype", "ims_figure_sum")
    frappe.reload_doc("gst_ims", "doctype", "ims_inward_supply")
    # the parts stored before ``fig_unsent`` existed: their records' upload_pending as it is now
    frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set fig_unsent = upload_pending")
    frappe.db.commit()
    for gstin in frappe.db.sql_list(f"select distinct company_gstin from `tab{INWARD_SUPPLY}`"):
        figure_sums.rebuild(gstin)
        frappe.db.commit()
