"""One index of IMS Inward Supply for what every write moves: (GSTIN, ``fig_stale``, ``upload_pending``,
``modified``), in place of three that each had one of them.

A user's action changes a record's ``modified`` (so ``fig_stale`` turns 1) and usually whether it waits
for upload. With an index for each, an action moved three entries per record besides the record
itself; a bulk action of 8,689 records spent 0.5 s of its second in that ``UPDATE``, and the three
entries were measured at about 0.1 s of it. Now it moves one. A first download of a lakh writes two
entries fewer per record too.

What each index answered, this one answers from its entries alone:
- the records to refresh (``fig_stale = 1``): its leading columns;
- the records waiting for upload: ``fig_stale in (0, 1) and upload_pending = 1``, two ranges (MariaDB
  does not skip a column of an index by itself);
- a GSTIN's first and latest write (the figures' cache version): the least and greatest of four
  ranges, one per (``fig_stale``, ``upload_pending``) pair, each read at one end.

Where ``fig_stale`` is not a column (not MariaDB) the three indexes stay as they were.
"""

from __future__ import annotations

import frappe

from .constants import INWARD_SUPPLY

STATE_INDEX = "gstin_state"
STATE_COLUMNS = ("company_gstin", "fig_stale", "upload_pending", "modified")
# the indexes it replaces, each of the GSTIN and one of its columns
REPLACED = ("gstin_fig_stale", "gstin_upload", "gstin_modified")
_FLAGS = ((0, 0), (0, 1), (1, 0), (1, 1))


def merged() -> bool:
    """Whether this site reads the merged index: MariaDB with the generated ``fig_stale``."""
    return frappe.db.db_type == "mariadb" and frappe.db.has_column(INWARD_SUPPLY, "fig_stale")


def ensure() -> None:
    """Add the merged index and drop the three it replaces (a migrate of a site made before), or,
    without ``fig_stale``, keep the two of them that need no such column."""
    from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import drop_index, keep_index

    if not frappe.db.table_exists(INWARD_SUPPLY):
        return
    if not merged():
        frappe.db.add_index(INWARD_SUPPLY, ["company_gstin", "upload_pending"], index_name="gstin_upload")
        frappe.db.add_index(INWARD_SUPPLY, ["company_gstin", "modified"], index_name="gstin_modified")
        return
    keep_index(INWARD_SUPPLY, list(STATE_COLUMNS), STATE_INDEX)
    for name in REPLACED:
        drop_index(INWARD_SUPPLY, name)


def _table(is_merged: bool) -> str:
    named = f"`tab{INWARD_SUPPLY}`"
    return f"{named} force index (`{STATE_INDEX}`)" if is_merged else named


def pending_from() -> str:
    """``from ... where`` of a GSTIN's records waiting for upload (the GSTIN a ``%s``), read through the
    merged index where the site has it: within both values of ``fig_stale``."""
    is_merged = merged()
    flag = "fig_stale in (0, 1) and upload_pending = 1" if is_merged else "upload_pending = 1"
    return f"from {_table(is_merged)} where company_gstin = %s and {flag}"


def first_and_latest_write(company_gstin: str) -> tuple:
    """The least and greatest ``modified`` of the GSTIN's records, (None, None) when it has none."""
    if not merged():
        return tuple(
            frappe.db.sql(
                f"select min(modified), max(modified) from `tab{INWARD_SUPPLY}` where company_gstin = %s",
                company_gstin,
            )[0]
        )
    # each part has every column before ``modified`` fixed: MariaDB reads one entry at each end
    parts = " union all ".join(
        f"select min(modified) as first, max(modified) as latest from {_table(True)} "
        f"where company_gstin = %(gstin)s and fig_stale = {stale} and upload_pending = {pending}"
        for stale, pending in _FLAGS
    )
    return tuple(
        frappe.db.sql(f"select min(first), max(latest) from ({parts}) ends", {"gstin": company_gstin})[0]
    )
