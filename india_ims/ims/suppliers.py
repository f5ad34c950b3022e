"""Supplier names as the accountant knows them: the Supplier master's name for a GSTIN, else the trade
name GSTN sent with the record."""

from __future__ import annotations

from collections.abc import Iterable

import frappe

from .purchases import has_india_compliance


def master_names(gstins: Iterable[str]) -> dict[str, str]:
    """GSTIN -> Supplier name from the Supplier master (India Compliance's ``gstin``, else ``tax_id``)."""
    gstins = sorted({g for g in gstins if g})
    if not gstins:
        return {}
    out: dict[str, str] = {}
    columns = ["tax_id"]
    if has_india_compliance():
        columns.insert(0, "gstin")
    for column in reversed(columns):  # India Compliance's field wins where both are set
        for gstin, name in frappe.db.sql(
            f"select `{column}`, supplier_name from `tabSupplier` where `{column}` in %(gstins)s "
            "and disabled = 0 order by creation",
            {"gstins": gstins},
        ):
            out[str(gstin).upper()] = name
    return out


def fill_names(rows: list[dict], gstin_field="supplier_gstin", name_field="supplier_name") -> None:
    """Put the master's name in ``name_field`` of each row; GSTN's trade name stays where there is none."""
    names = master_names(row.get(gstin_field) for row in rows)
    for row in rows:
        master = names.get(str(row.get(gstin_field) or "").upper())
        if master:
            row[name_field] = master
