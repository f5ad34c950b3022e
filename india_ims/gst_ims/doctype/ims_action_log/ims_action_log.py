import frappe
from frappe.model.document import Document


class IMSActionLog(Document):
    """Append-only: written by the app in bulk, never edited."""

    def validate(self):
        if not self.is_new():
            frappe.throw(frappe._("IMS Action Log entries cannot be changed"))


def on_doctype_update():
    frappe.db.add_index("IMS Action Log", ["company_gstin", "logged_at"], index_name="gstin_logged_at")
