"""The Action Summary's indexes on IMS Inward Supply (``queries.ACTION_INDEX``, and
``summary_left.LEFT_INDEX`` for its "Left IMS" row), added with the rest of
that table's indexes by its DocType's ``on_doctype_update`` (which ``install.after_migrate`` calls on
every migrate)."""

from __future__ import annotations

import frappe

from .constants import INWARD_SUPPLY
from .queries import ACTION_INDEX, ACTION_INDEX_COLUMNS
from .summary_left import LEFT_INDEX, LEFT_INDEX_COLUMNS


def ensure() -> None:
    from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import keep_index

    if frappe.db.db_type != "mariadb" or not frappe.db.table_exists(INWARD_SUPPLY):
        return
    # the figures columns come with the IMS Inward Supply DocType; until its table has them (the
    # app's own install) there is nothing to index, and the next migrate adds it
    if all(frappe.db.has_column(INWARD_SUPPLY, column) for column in ACTION_INDEX_COLUMNS):
        keep_index(INWARD_SUPPLY, list(ACTION_INDEX_COLUMNS), ACTION_INDEX)
    if all(frappe.db.has_column(INWARD_SUPPLY, column) for column in LEFT_INDEX_COLUMNS):
        keep_index(INWARD_SUPPLY, list(LEFT_INDEX_COLUMNS), LEFT_INDEX)
