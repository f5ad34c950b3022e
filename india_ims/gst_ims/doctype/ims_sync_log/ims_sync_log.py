import frappe
from frappe.model.document import Document


class IMSSyncLog(Document):
    pass


def on_doctype_update():
    frappe.db.add_index("IMS Sync Log", ["job_id", "status"], index_name="job_status")
    frappe.db.add_index("IMS Sync Log", ["company_gstin", "kind", "creation"], index_name="gstin_kind")
