import frappe
from frappe.model.document import Document

from india_ims.ims.protect import guard


class IMSAddedBackLiability(Document):
    """One document a recipient rejected, added back to our liability (FAQ 34); written by the job."""

    def validate(self):
        guard(self)


def on_doctype_update():
    frappe.db.add_index("IMS Added Back Liability", ["company_gstin", "landing_period"])
