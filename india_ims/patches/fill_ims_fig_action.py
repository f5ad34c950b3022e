"""``fig_action`` (the action as of a record's stored part) for the parts stored before it existed.

A part that is current was computed from the record as it is, so its action is the record's; a
stale one is rewritten by the next refresh whatever this writes (its digest now covers the column).
``modified`` is not moved: the parts stay as current as they were."""

import frappe

from india_ims.ims.constants import INWARD_SUPPLY


def execute():
    frappe.reload_doc("gst_ims", "doctype", "ims_inward_supply")
    frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set fig_action = ifnull(action, '')")
    frappe.db.commit()
