"""A Purchase Invoice's IMS match, named as the invoice: see ``india_ims.ims.pi_links``."""

import frappe
from frappe.model.document import Document


class IMSPurchaseLink(Document):
    pass


def on_doctype_update():
    # A reconciliation's scope takes in every invoice claiming its period, and the Missing in IMS
    # figures read the period's unpaired invoices: both by period first.
    frappe.db.add_index("IMS Purchase Link", ["ims_period", "ims_match_status"], index_name="period_status")
