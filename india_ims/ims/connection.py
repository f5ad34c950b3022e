"""IMS Settings' "Test connection": what worked and what did not, in words, for one GSTIN."""

import frappe
from frappe import _

from india_ims.gstn.connection_check import check_connection

from . import gstn_link
from .permissions import check_gstin, require_user


@frappe.whitelist()
def test_connection(company_gstin: str) -> dict:
    """Provider login, OTP session and a count call; sends no OTP and changes nothing at GSTN."""
    require_user()
    check_gstin(company_gstin, "write")
    try:
        adapter = gstn_link.client(company_gstin)
    except frappe.ValidationError as error:
        return {"steps": [{"name": _("Settings"), "ok": False, "words": str(error)}]}
    steps = [{"name": _("Settings"), "ok": True, "words": _("The provider settings are complete.")}]
    steps += [{"name": _(s.name), "ok": s.ok, "words": s.words} for s in check_connection(adapter)]
    gstn_link.keep_session(company_gstin, adapter)  # a count call may have refreshed the session
    return {"steps": steps}
