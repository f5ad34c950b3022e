"""IMS Settings' "Test connection": what worked and what did not, in words, for one GSTIN."""

import frappe
from frappe import _

from india_ims.gstn.connection_check import check_connection

from . import gstn_link
from .permissions import check_gstin, require_user


def _system_time(epoch: float) -> str:
    """Epoch seconds in the site's time zone (India's), as the user reads it."""
    from datetime import datetime, timezone

    from frappe.utils import convert_utc_to_system_timezone

    utc = datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None)
    return convert_utc_to_system_timezone(utc).strftime("%d-%m-%Y %H:%M")


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
    checked = check_connection(adapter, format_time=_system_time)
    steps += [{"name": _(s.name), "ok": s.ok, "words": s.words} for s in checked]
    gstn_link.keep_session(company_gstin, adapter)  # a count call may have refreshed the session
    return {"steps": steps}
