import frappe
from frappe.model.document import Document


class IMSGSTR2BDocument(Document):
    """Written in bulk by the GSTR-2B download; never edited."""

    def validate(self):
        if not self.is_new():
            frappe.throw(frappe._("A downloaded GSTR-2B document cannot be edited"), frappe.PermissionError)


def on_doctype_update():
    frappe.db.add_index("IMS GSTR-2B Document", ["gstr2b", "inward_supply"], index_name="gstr2b_inward")
    frappe.db.add_index("IMS GSTR-2B Document", ["inward_supply"], index_name="inward_supply")
    # The preview pairs a month of documents with the IMS records (returns.preview): from this index alone.
    frappe.db.add_index(
        "IMS GSTR-2B Document",
        ["gstr2b", "inward_supply", "block", "credit_note", "igst", "cgst", "sgst", "cess"],
        index_name="gstr2b_compare",
    )
