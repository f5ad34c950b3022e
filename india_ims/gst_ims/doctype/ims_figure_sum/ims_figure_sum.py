"""Sums of the IMS records' stored contributions per GSTIN, GSTR-2B period and placement, kept by
``figure_sums`` in the same transaction as the records' own parts; nothing writes them by hand."""

import frappe
from frappe.model.document import Document


class IMSFigureSum(Document):
    pass


def on_doctype_update():
    # the preview reads one GSTIN's period: a few dozen rows
    frappe.db.add_index("IMS Figure Sum", ["company_gstin", "fig_period"], index_name="gstin_period")
