"""Give each invoice cancelled before this version the name of the IMS record its cancel released.

An amendment's submit now finds the record to match it against on the cancelled original
(``doc_events``); an invoice cancelled earlier had its link cleared, and the record says which
invoice released it only in its reason. Read once here (every record, at migrate), so that an
amendment submitted after the upgrade is matched again as before."""

import frappe

from india_ims.ims import pi_links
from india_ims.ims.constants import INWARD_SUPPLY, PI_LINK, PI_MATCH_REASON
from india_ims.ims.doc_events import _REASON, released_note

_PREFIX, _SUFFIX = _REASON.split("{}", 1)[0], _REASON.split("{}")[1] + "cancelled"


def execute():
    # Before ``move_invoice_links`` the links are the invoice's own columns; a site that runs this
    # after it (a first install marks every patch done, so only a test) has them in ``pi_links``.
    on_invoice = frappe.db.has_column("Purchase Invoice", PI_LINK)
    rows = frappe.db.sql(
        f"select name, match_reason from `tab{INWARD_SUPPLY}` where match_reason like %s",
        f"{_PREFIX}%{_SUFFIX}",
    )
    released = {reason[len(_PREFIX) : -len(_SUFFIX)]: name for name, reason in rows}
    if not released:
        return
    cancelled = frappe.get_all(
        "Purchase Invoice", filters={"name": ("in", list(released)), "docstatus": 2}, pluck="name"
    )
    if on_invoice:
        filters = {"name": ("in", cancelled or [""])}
        fields = ["name", PI_LINK]
        linked = dict(frappe.get_all("Purchase Invoice", filters=filters, fields=fields, as_list=True))
    else:
        linked = {name: columns[0] for name, columns in pi_links.current(cancelled).items()}
    for invoice in cancelled:
        if linked.get(invoice):
            continue
        record = released[invoice]
        values = {PI_LINK: record, PI_MATCH_REASON: released_note(record)}
        if on_invoice:
            frappe.db.set_value("Purchase Invoice", invoice, values, update_modified=False)
        else:
            pi_links.update(invoice, values)
