import frappe
from frappe.model.document import Document

from india_ims.ims.protect import guard


class IMSSyncLog(Document):
    """Written by the job bookkeeping (``india_ims.ims.synclog``) only."""

    def validate(self):
        guard(self)


def on_doctype_update():
    frappe.db.add_index("IMS Sync Log", ["job_id", "status"], index_name="job_status")
    frappe.db.add_index("IMS Sync Log", ["company_gstin", "kind", "creation"], index_name="gstin_kind")
