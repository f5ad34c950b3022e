import frappe
from frappe.model.document import Document


class IMSGSTR2B(Document):
    """Written by the GSTR-2B download job only: GSTN's statement as it was downloaded."""

    def validate(self):
        if not self.is_new() and not frappe.flags.in_ims_gstr2b_download:
            frappe.throw(frappe._("A downloaded GSTR-2B cannot be edited"), frappe.PermissionError)


def on_doctype_update():
    frappe.db.add_index(
        "IMS GSTR-2B", ["company_gstin", "return_period", "generation"], index_name="gstin_period_gen"
    )
    # Sites that had IMS Inward Supply before this DocType: its index for the preview's cache key
    # (declared there too, for new sites) is added here, whichever DocType a migrate updates first.
    from india_ims.ims import state_index

    state_index.ensure()
