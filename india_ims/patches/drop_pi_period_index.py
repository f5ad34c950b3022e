"""Drop the Purchase Invoice index on the IMS period alone (``ims_period_index``).

Every query on the period also names the company GSTIN, which ``ims_gstin_period_status`` serves
(company GSTIN, period, match status, ...); the lone index only cost the writes of a reconciliation,
which sets the period on every invoice it matches. The custom field no longer asks for it
(``install.ALWAYS``): its stored copy is told so here, so no later save of it makes the index again."""

import frappe

from india_ims.ims.constants import PI_PERIOD

TABLE = "tabPurchase Invoice"


def lone_indexes(column: str) -> list[str]:
    """Names of the Purchase Invoice indexes on ``column`` alone (not the composite ones)."""
    rows = frappe.db.sql(f"show index from `{TABLE}`", as_dict=True)
    columns: dict[str, list[str]] = {}
    for row in sorted(rows, key=lambda r: (r.Key_name, r.Seq_in_index)):
        columns.setdefault(row.Key_name, []).append(row.Column_name)
    return [name for name, cols in columns.items() if cols == [column]]


def drop_lone_indexes(column: str) -> None:
    """No index on ``column`` alone, and its custom field no longer asking for one."""
    field = f"Purchase Invoice-{column}"
    if frappe.db.exists("Custom Field", field):
        frappe.db.set_value("Custom Field", field, "search_index", 0, update_modified=False)
    for name in lone_indexes(column):
        frappe.db.sql_ddl(f"alter table `{TABLE}` drop index `{name}`")


def execute():
    drop_lone_indexes(PI_PERIOD)
