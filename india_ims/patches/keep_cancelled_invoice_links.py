"""Give each invoice cancelled before this version the name of the IMS record its cancel released.

An amendment's submit now finds the record to match it against on the cancelled original
(``doc_events``); an invoice cancelled earlier had its link cleared, and the record says which
invoice released it only in its reason. Read once here (every record, at migrate), so that an
amendment submitted after the upgrade is matched again as before."""

import frappe

from india_ims.ims.constants import INWARD_SUPPLY, PI_LINK, PI_MATCH_REASON
from india_ims.ims.doc_events import _REASON, released_note

_PREFIX, _SUFFIX = _REASON.split("{}", 1)[0], _REASON.split("{}")[1] + "cancelled"


def execute():
    if not frappe.db.has_column("Purchase Invoice", PI_LINK):
        return
    rows = frappe.db.sql(
        f"select name, match_reason from `tab{INWARD_SUPPLY}` where match_reason like %s",
        f"{_PREFIX}%{_SUFFIX}",
    )
    released = {reason[len(_PREFIX) : -len(_SUFFIX)]: name for name, reason in rows}
    if not released:
        return
    cancelled = frappe.get_all(
        "Purchase Invoice",
        filters={"name": ("in", list(released)), "docstatus": 2, PI_LINK: ("is", "not set")},
        pluck="name",
    )
    for invoice in cancelled:
        record = released[invoice]
        frappe.db.set_value(
            "Purchase Invoice",
            invoice,
            {PI_LINK: record, PI_MATCH_REASON: released_note(record)},
            update_modified=False,
        )
