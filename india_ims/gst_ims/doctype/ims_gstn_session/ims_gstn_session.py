import frappe
from frappe import _
from frappe.model.document import Document


class IMSGSTNSession(Document):
    """Written by ``india_ims.ims.gstn_link`` only (set_value and __Auth); deleting one logs the
    GSTIN out, which is how a System Manager ends a session by hand."""

    def validate(self):
        if not self.is_new() and not self.flags.ims_app_write:
            frappe.throw(_("The GSTN session is written by the app's OTP login only"), frappe.PermissionError)
