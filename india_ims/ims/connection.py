"""IMS Settings' "Test connection": what worked and what did not, in words, for one GSTIN."""

import frappe
from frappe import _

from india_ims.gstn.connection_check import check_connection

from . import gstn_link
from .constants import SETTINGS
from .permissions import check_gstin, require_user


def _system_time(epoch: float) -> str:
    """Epoch seconds in the site's time zone (India's), as the user reads it."""
    from datetime import datetime, timezone

    from frappe.utils import convert_utc_to_system_timezone

    utc = datetime.fromtimestamp(epoch, timezone.utc).replace(tzinfo=None)
    return convert_utc_to_system_timezone(utc).strftime("%d-%m-%Y %H:%M")


def _certificate_step() -> dict | None:
    """GSTN's certificate: its expiry, warned 30 days ahead (only where one is configured)."""
    from india_ims.gstn.certificate import CertificateError, load_certificate, today_utc

    text = frappe.get_cached_doc(SETTINGS).get("gstn_certificate")
    if not text:
        return None
    try:
        certificate = load_certificate(text)
    except CertificateError as error:
        return {"name": _("GSTN certificate"), "ok": False, "words": str(error)}
    warning = certificate.warning(today_utc())
    if warning:
        return {"name": _("GSTN certificate"), "ok": False, "words": warning}
    if certificate.not_after is None:
        return {"name": _("GSTN certificate"), "ok": True, "words": _("A public key without an expiry date.")}
    until = certificate.not_after.strftime("%d-%m-%Y")
    return {"name": _("GSTN certificate"), "ok": True, "words": _("Valid until {0}.").format(until)}


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
    certificate = _certificate_step()
    if certificate:
        steps.append(certificate)
    checked = check_connection(adapter, format_time=_system_time)
    steps += [{"name": _(s.name), "ok": s.ok, "words": s.words} for s in checked]
    gstn_link.keep_session(company_gstin, adapter)  # a count call may have refreshed the session
    return {"steps": steps}
