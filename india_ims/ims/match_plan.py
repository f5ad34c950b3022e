"""What a reconciliation writes, decided from the engine's results: the IMS rows' match columns and
the Purchase Invoices' link columns. No database here (``reconcile.plan_writes`` adds the invoices
that claim the period from the database), so it is tested without a site against the loop it
replaced (``tests/frappe_static/test_match_plan.py``).

A first download matches its new rows before writing them (``first_match``), and the server has
nothing to do until this is done: a lakh's plan took 1.7-2.1 s of CPU on a slow host, as long as
the matching itself. Its rows hold no match columns yet, so they are not compared with what is
stored, and their results go into the rows themselves.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, is_dataclass
from datetime import date, datetime

from india_ims.gst_india.documents import MatchStatus
from india_ims.gst_india.matching.model import Difference
from india_ims.gst_india.periods import ReturnPeriod

from .constants import PI_LINK, PI_MATCH_REASON, PI_MATCH_STATUS, PI_PERIOD
from .rows import stored_as

# The paired invoice's figures as this reconciliation saw them (the export shows them beside the
# record): written with the match columns, "as of the last reconciliation" like the status they
# explain. ``books_invoice`` names the invoice they belong to: a record linked since (by hand) to
# another invoice has none stored, and the export reads that invoice itself.
BOOKS_COLUMNS = (
    "books_invoice", "books_bill_no", "books_bill_date", "books_taxable_value",
    "books_igst", "books_cgst", "books_sgst", "books_cess",
)
# Currency columns are NOT NULL (Frappe's default 0): no invoice, zero figures.
NO_BOOKS = {column: None if column in ("books_invoice", "books_bill_no", "books_bill_date") else 0
            for column in BOOKS_COLUMNS}
PI_LINK_COLUMNS = (PI_LINK, PI_MATCH_STATUS, PI_PERIOD, PI_MATCH_REASON)
_MISSING_IN_PI = MatchStatus.MISSING_IN_PI.value
_MANUAL = MatchStatus.MANUAL.value


@dataclass
class Planned:
    ims_updates: list[dict]
    pi_updates: list[dict]
    counts: dict[str, int]


def claiming_period(document) -> str | None:
    """The period whose Missing in IMS list an unpaired invoice belongs to: the month of its bill
    date (the supplier reports it in GSTR-1 by its document date), else of its posting date.

    A function of the invoice alone, so every period whose date window reaches it writes the same
    claim: two adjacent periods reconciled in either order leave it alike, and neither undoes the
    other (which changed the other's digest, so "nothing changed" never held)."""
    day = document.bill_date or document.posting_date
    return str(ReturnPeriod.of(day)) if day else None


def books_figures(document) -> dict:
    """An invoice's figures as stored on the record it is paired with: the books' sign (a return is
    negative), rupees, the bill date as ISO text (as a stored row reads back, so "unchanged" holds)."""
    amounts = document.amounts
    return {
        "books_invoice": document.name,
        "books_bill_no": document.bill_no or "",
        "books_bill_date": document.bill_date.isoformat() if document.bill_date else None,
        "books_taxable_value": amounts.taxable_value / 100,
        "books_igst": amounts.igst / 100,
        "books_cgst": amounts.cgst / 100,
        "books_sgst": amounts.sgst / 100,
        "books_cess": amounts.cess / 100,
    }


def link_columns(update: Mapping) -> tuple:
    """An invoice's link columns as ``purchases.Query.documents`` reads them back."""
    return (update[PI_LINK], update[PI_MATCH_STATUS], update[PI_PERIOD], update[PI_MATCH_REASON] or "")


def changed_links(pi_updates: list[dict], current: Mapping) -> list[dict]:
    """The updates that change what ``current`` (the link columns as read) holds."""
    return [u for u in pi_updates if current.get(u["name"]) != link_columns(u)]


def plan(
    period: str, free: Sequence, pinned: Sequence, books: Sequence, results, *, new_rows: bool = False
) -> Planned:
    """What changes, from the engine's results: ``free`` rows (mappings with ``name`` and the match
    columns as stored) in the order the engine was given them. ``new_rows``: none of them is stored
    yet, so each one gets its result, set on the row itself (the row is its own update)."""
    ims_updates, pi_updates = [], []
    matched = set()
    counts: dict[str, int] = {}
    texts: dict = {}  # a status's text: a lakh of results hold a handful of statuses
    for result in results:
        status = texts.get(result.status)
        if status is None:
            value = result.status
            status = texts[value] = value.value if hasattr(value, "value") else str(value)
        counts[status] = counts.get(status, 0) + 1
        document = books[result.purchase_index] if result.purchase_index is not None else None
        if result.ims_index is None:
            pi_updates.append(
                {
                    "name": document.name,
                    PI_LINK: None,
                    PI_MATCH_STATUS: status,
                    PI_PERIOD: claiming_period(document) or period,
                    PI_MATCH_REASON: result.reason or None,
                }
            )
            continue
        row = free[result.ims_index]
        new = _match_columns(status, document, result)
        matched.add(result.ims_index)
        if document is not None:
            pi_updates.append(
                {
                    "name": document.name,
                    PI_LINK: row["name"],
                    PI_MATCH_STATUS: status,
                    PI_PERIOD: period,
                    PI_MATCH_REASON: None,
                }
            )
        if new_rows or not stored_as(row, new):
            ims_updates.append(_updated(row, new, new_rows))
    if len(matched) < len(free):
        for index in sorted(set(range(len(free))) - matched):
            row = free[index]
            if row.get("match_status") != _MISSING_IN_PI:
                ims_updates.append(_updated(row, _UNPAIRED, new_rows))
    for row in pinned:
        if row.get("purchase_invoice"):
            pi_updates.append(
                {
                    "name": row["purchase_invoice"],
                    PI_LINK: row["name"],
                    PI_MATCH_STATUS: _MANUAL,
                    PI_PERIOD: period,
                    PI_MATCH_REASON: None,
                }
            )
    return Planned(ims_updates, pi_updates, counts)


# A record the engine paired with nothing.
_UNPAIRED = {
    "match_status": _MISSING_IN_PI,
    "purchase_invoice": None,
    "match_reason": "",
    "match_differences": None,
    "match_score": 0,
    **NO_BOOKS,
}


def _updated(row: dict, new: Mapping, in_place: bool) -> dict:
    """The update of ``row`` to ``new``: the row itself when it is not stored yet (``in_place``)."""
    if in_place:
        row.update(new)
        return row
    return {"name": row["name"], **new}


def _match_columns(status: str, document, result) -> dict:
    """A record's match columns and its paired invoice's figures (``books_figures``), in one dict."""
    differences = result.differences
    return {
        "match_status": status,
        "purchase_invoice": document.name if document is not None else None,
        "match_reason": result.reason or "",
        "match_differences": as_json(differences) if differences else None,
        "match_score": float(result.score or 0),
        **(books_figures(document) if document is not None else NO_BOOKS),
    }


# Values a Difference holds that ``asdict`` would copy unchanged (it recurses into dataclasses only).
_PLAIN = frozenset({str, int, float, bool, type(None), date, datetime})


def _as_dict(item):
    """``asdict(item)`` of a Difference holding plain values (most of a lakh), without its deep copy."""
    if type(item) is Difference and type(item.ims) in _PLAIN and type(item.books) in _PLAIN:
        return {"field": item.field, "ims": item.ims, "books": item.books}
    return asdict(item) if is_dataclass(item) else item


def as_json(value) -> str | None:
    if value in (None, "", (), [], {}):
        return None
    if is_dataclass(value):
        value = _as_dict(value)
    elif isinstance(value, (list, tuple)):
        value = [_as_dict(item) for item in value]
    return json.dumps(value, default=_json_default, sort_keys=True)


def _json_default(value):
    return value.value if hasattr(value, "value") else str(value)
