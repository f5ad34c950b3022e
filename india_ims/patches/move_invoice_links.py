"""Move each Purchase Invoice's IMS link columns to ``IMS Purchase Link`` and off the invoice.

Earlier versions kept the record, match status, period and reason on the invoice's own row, with a
column MariaDB computed from two of them and an index on it for the Missing in IMS figures. A draft
made from an IMS record (unsubmitted, a record but no status) carried the record there too: it now
has a field of its own (``ims_drafted_from``). Copied in one statement each, then the old custom
fields and columns are dropped, so nothing reads a stale copy."""

import frappe

from india_ims.compat import forget_table_columns
from india_ims.ims import install
from india_ims.ims.constants import (
    PI_DRAFTED_FROM,
    PI_LINK,
    PI_LINKS,
    PI_MATCH_REASON,
    PI_MATCH_STATUS,
    PI_MISSING_PERIOD,
    PI_PERIOD,
)

TABLE = "tabPurchase Invoice"
OLD_INDEXES = ("ims_gstin_missing", "ims_gstin_period_status")
COLUMNS = (PI_LINK, PI_MATCH_STATUS, PI_PERIOD, PI_MATCH_REASON)


def execute():
    frappe.reload_doc("gst_ims", "doctype", "ims_purchase_link")
    install.make_custom_fields()  # the draft's own field, before its value is copied into it
    present = frappe.db.get_table_columns("Purchase Invoice")
    if PI_LINK in present:
        move(present)
    drop_old(frappe.db.get_table_columns("Purchase Invoice"))


def move(present: list[str]) -> None:
    # columns a very old install never had read as empty
    values = [f"pi.`{c}`" if c in present else "null" for c in COLUMNS]
    judged = " or ".join(f"ifnull({v}, '') != ''" for v in values[:2])
    listed = ", ".join(f"`{c}`" for c in COLUMNS)
    frappe.db.sql(
        f"""insert into `tab{PI_LINKS}`
                (name, creation, modified, owner, modified_by, docstatus, idx, {listed})
            select pi.name, now(6), now(6), 'Administrator', 'Administrator', 0, 0, {", ".join(values)}
            from `{TABLE}` pi where ({judged}) and not (pi.docstatus = 0 and ifnull({values[1]}, '') = '')
            on duplicate key update {", ".join(f"`{c}` = values(`{c}`)" for c in COLUMNS)}"""
    )
    # a draft made from a record: the record, and no status yet
    frappe.db.sql(
        f"""update `{TABLE}` pi set pi.`{PI_DRAFTED_FROM}` = pi.`{PI_LINK}`
            where pi.docstatus = 0 and ifnull(pi.`{PI_LINK}`, '') != ''
              and ifnull({values[1]}, '') = '' and ifnull(pi.`{PI_DRAFTED_FROM}`, '') = ''"""
    )


def drop_old(present: list[str]) -> None:
    indexes = {row.Key_name for row in frappe.db.sql(f"show index from `{TABLE}`", as_dict=True)}
    for index in OLD_INDEXES:
        if index in indexes:
            frappe.db.sql_ddl(f"alter table `{TABLE}` drop index `{index}`")
    # the computed column first: it reads two of the others
    for column in (PI_MISSING_PERIOD, *COLUMNS):
        if column in present:
            frappe.db.sql_ddl(f"alter table `{TABLE}` drop column `{column}`")
    for column in COLUMNS:
        frappe.delete_doc("Custom Field", f"Purchase Invoice-{column}", ignore_missing=True, force=True)
    forget_table_columns(TABLE)
    frappe.clear_cache(doctype="Purchase Invoice")
