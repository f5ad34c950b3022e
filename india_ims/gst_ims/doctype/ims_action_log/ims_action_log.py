import frappe
from frappe.model.document import Document


class IMSActionLog(Document):
    """Append-only: written by the app in bulk, never edited."""

    def validate(self):
        if not self.is_new():
            frappe.throw(frappe._("IMS Action Log entries cannot be changed"))


def on_doctype_update():
    frappe.db.add_index("IMS Action Log", ["company_gstin", "logged_at"], index_name="gstin_logged_at")
    # Which of many records changed after a moment (the preview's "recompute needed"): one range of
    # this index per record, answered from the index alone. On ``inward_supply`` alone each log row
    # was a primary-key lookup: 0.7 s for the 10,000 records of a bulk action.
    frappe.db.add_index("IMS Action Log", ["inward_supply", "logged_at"], index_name="supply_logged_at")
    from india_ims.ims import summary_index

    summary_index.ensure()
