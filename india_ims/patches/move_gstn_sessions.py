"""Move each GSTIN's OTP session from its IMS Settings row (where any save of the settings wiped
it) to IMS GSTN Session, so nobody is logged out by the move either."""

import json

import frappe
from frappe.utils.password import get_decrypted_password

from india_ims.gstn.session import SessionState
from india_ims.ims import gstn_link
from india_ims.ims.constants import SETTINGS

OLD_DOCTYPE, OLD_FIELD = "IMS Settings GSTIN", "gstn_session"


def execute():
    frappe.reload_doc("gst_ims", "doctype", "ims_gstn_session")
    rows = frappe.db.sql_list(
        "select name from `__Auth` where doctype = %s and fieldname = %s", (OLD_DOCTYPE, OLD_FIELD)
    )
    for row in rows:
        gstin = frappe.db.get_value(OLD_DOCTYPE, {"name": row, "parenttype": SETTINGS}, "gstin")
        text = get_decrypted_password(OLD_DOCTYPE, row, OLD_FIELD, raise_exception=False)
        if gstin and text:
            gstn_link._save_state(gstin, SessionState.from_dict(json.loads(text)))
        frappe.db.sql(
            "delete from `__Auth` where doctype = %s and name = %s and fieldname = %s",
            (OLD_DOCTYPE, row, OLD_FIELD),
        )
