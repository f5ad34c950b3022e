"""Purchase Invoice events that keep IMS links right.

Cancel or delete: every IMS record linked to the invoice loses the link and
turns Missing in PI; an Accepted record goes back to No Action (logged,
source Rule), since the acceptance rested on the booked invoice. Submitting
an amendment of a cancelled invoice queues a reconciliation of the periods
its original was matched in, so the amendment is matched again.
"""

from __future__ import annotations

import frappe

from .actions import unlink
from .constants import INWARD_SUPPLY, KIND_RECONCILE, PI_LINK, PI_MATCH_REASON, PI_MATCH_STATUS, PI_PERIOD

_REASON = "Purchase Invoice {} was {}"


def _linked(invoice: str) -> list[str]:
    return frappe.get_all(INWARD_SUPPLY, filters={"purchase_invoice": invoice}, pluck="name")


def _release(doc, what: str) -> None:
    names = _linked(doc.name)
    if names:
        unlink(names, reason=_REASON.format(doc.name, what))
    if doc.get(PI_LINK) or doc.get(PI_MATCH_STATUS):
        frappe.db.set_value(
            "Purchase Invoice",
            doc.name,
            {PI_LINK: None, PI_MATCH_STATUS: "", PI_PERIOD: "", PI_MATCH_REASON: None},
            update_modified=False,
        )


def on_cancel(doc, method=None) -> None:
    _release(doc, "cancelled")


def on_trash(doc, method=None) -> None:
    _release(doc, "deleted")


def on_submit(doc, method=None) -> None:
    """An amendment replaces a cancelled invoice: match it where the original was matched. A draft
    made from an IMS record under a changed bill number is linked to that record."""
    from .pi_create import link_drafted

    link_drafted(doc)
    original = doc.get("amended_from")
    if not original:
        return
    rows = frappe.get_all(
        INWARD_SUPPLY,
        filters={"match_reason": _REASON.format(original, "cancelled")},
        fields=["company_gstin", "supplier_return_period"],
        distinct=True,
    )
    if not rows:
        return
    from .jobs import enqueue_job

    for row in rows:
        enqueue_job(KIND_RECONCILE, row.company_gstin, row.supplier_return_period)
