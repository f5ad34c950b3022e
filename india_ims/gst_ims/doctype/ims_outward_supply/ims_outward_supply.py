import frappe
from frappe.model.document import Document

from india_ims.ims.protect import guard


class IMSOutwardSupply(Document):
    """Written in bulk by the supplier-view download and the sales pairing; named by identity."""

    def validate(self):
        # The recipient's action is GSTN's, the pairing is the engine's: no form or REST save changes them.
        guard(self)


def on_doctype_update():
    frappe.db.add_index("IMS Outward Supply", ["company_gstin", "return_period"])
