"""Indexes of IMS Inward Supply that the period close's preview and the IMS register read, added with
the rest of that table's indexes by its DocType's ``on_doctype_update`` (``install.after_migrate``
runs it on every migrate); ``add_index`` skips one that exists.
"""

from __future__ import annotations

import frappe

from ..constants import INWARD_SUPPLY

# What the closing rules read of a record (``close.JUDGED``), after the period it counts in: a month's
# records are grouped from this index alone. ``fig_action`` (the action as of the record's stored
# part, equal to ``action`` once the figures are fresh) stands in for ``action``, so a user's action
# rewrites no entry here: the background refresh does. The utf8mb4 key limit (3,072 bytes) leaves no
# room for the three columns read only for a record without a GSTR-2B period (``close.UNPLACED``).
CLOSE_INDEX = "gstin_close"
CLOSE_COLUMNS = (
    "company_gstin",
    "fig_period",
    "gstn_action",
    "fig_action",
    "pending_action_blocked",
    "gstr2b_period",
    "carried_to",
    "section",
)
# The IMS register's order within a GSTR-2B period: its first page comes off the index in order
# (by supplier's period, the Document View's search index does the same: it holds (date, name)).
REGISTER_INDEX = "gstin_2b_date"
PERIOD_ORDER_INDEX = "gstin_period_search"
REGISTER_COLUMNS = ("company_gstin", "gstr2b_period", "document_date")


def add_indexes() -> None:
    if not frappe.db.table_exists(INWARD_SUPPLY):
        return  # the app's own install: the table comes first, then this runs again
    frappe.db.add_index(INWARD_SUPPLY, list(CLOSE_COLUMNS), index_name=CLOSE_INDEX)
    frappe.db.add_index(INWARD_SUPPLY, list(REGISTER_COLUMNS), index_name=REGISTER_INDEX)


def has_index(index_name: str, columns: tuple[str, ...] = ()) -> bool:
    """Whether the site has it yet (a query forcing a missing index fails); with ``columns``, only
    if it has that many (an older index of the name is not the one a query is written for)."""
    if frappe.db.db_type != "mariadb":
        return False
    found = frappe.db.sql(f"show index from `tab{INWARD_SUPPLY}` where Key_name = %s", index_name)
    return len(found) == len(columns) if columns else bool(found)
