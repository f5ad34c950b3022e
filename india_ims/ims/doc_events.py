"""Purchase Invoice events that keep IMS links right.

Cancel or delete: every IMS record linked to the invoice loses the link and
turns Missing in PI; an Accepted record goes back to No Action (logged,
source Rule), since the acceptance rested on the booked invoice. Submitting
an amendment of a cancelled invoice queues a reconciliation of the period
its original was matched in, so the amendment is matched again.

A cancelled invoice keeps the name of the record it released (and claims no
period): the amendment's submit finds that record by name. Finding it by its
reason read every IMS record of every GSTIN on each such submit (0.28 s at a
lakh of records, more each month the table grows).
"""

from __future__ import annotations

import frappe

from . import pi_links
from .actions import unlink
from .constants import INWARD_SUPPLY, KIND_RECONCILE, PI_LINK, PI_MATCH_REASON, PI_MATCH_STATUS, PI_PERIOD

_REASON = "Purchase Invoice {} was {}"
_CANCELLED = "cancelled"


def _linked(invoice: str) -> list[str]:
    return frappe.get_all(INWARD_SUPPLY, filters={"purchase_invoice": invoice}, pluck="name")


def _release(doc, what: str) -> None:
    names = _linked(doc.name)
    if names:
        unlink(names, reason=_REASON.format(doc.name, what))
    # a link is one record to one invoice (linking by hand unlinks the invoice's other record)
    kept = names[0] if names and what == _CANCELLED else None
    if what != _CANCELLED:
        pi_links.delete([doc.name])
    elif kept or any(pi_links.get_all(doc.name).values()):
        pi_links.update(
            doc.name,
            {
                PI_LINK: kept,
                PI_MATCH_STATUS: "",
                PI_PERIOD: "",
                PI_MATCH_REASON: released_note(kept) if kept else None,
            },
        )


def released_note(record: str) -> str:
    """What a cancelled invoice says of the record its cancel released."""
    return f"cancelled: IMS record {record} released"


def on_cancel(doc, method=None) -> None:
    _release(doc, _CANCELLED)


def on_trash(doc, method=None) -> None:
    _release(doc, "deleted")


def onload(doc, method=None) -> None:
    """The form's IMS section (``public/js/purchase_invoice_ims.js``) shows the invoice's links, which
    are not fields of the invoice (``pi_links``)."""
    if doc.is_new():
        return
    links = pi_links.get_all(doc.name)
    if any(links.values()):
        doc.set_onload(
            "ims_match",
            {
                "record": links[PI_LINK],
                "status": links[PI_MATCH_STATUS],
                "period": links[PI_PERIOD],
                "reason": links[PI_MATCH_REASON],
            },
        )


def on_submit(doc, method=None) -> None:
    """An amendment replaces a cancelled invoice: match it where the original was matched. A draft
    made from an IMS record under a changed bill number is linked to that record."""
    from .pi_create import link_drafted

    link_drafted(doc)
    original = doc.get("amended_from")
    released = pi_links.get(original)
    if not released:
        return
    row = frappe.db.get_value(
        INWARD_SUPPLY, released, ["company_gstin", "supplier_return_period", "match_reason"], as_dict=True
    )
    # still as the cancel left it: matched again since (a reconciliation, a link by hand), it is not
    # the original's any more
    if row and row.match_reason == _REASON.format(original, _CANCELLED):
        from .jobs import enqueue_job

        enqueue_job(KIND_RECONCILE, row.company_gstin, row.supplier_return_period)
