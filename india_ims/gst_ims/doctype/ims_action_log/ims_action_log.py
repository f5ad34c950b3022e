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
    # ``(inward_supply, logged_at)`` leads with the same column: a second index on it alone only
    # cost every bulk action's 10,000 log rows one more random insert each
    from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import drop_index

    drop_index("IMS Action Log", "inward_supply")
