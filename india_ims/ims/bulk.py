"""Set-based writes: hundreds of rows per statement, never a get_doc/save per row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import frappe
from frappe.utils import now_datetime

BATCH = 1000
_META = ("name", "creation", "modified", "modified_by", "owner", "docstatus", "idx")


def _chunks(items: Sequence, size: int) -> Iterable[Sequence]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def upsert(
    doctype: str,
    rows: Sequence[Mapping],
    columns: Sequence[str],
    *,
    update: Sequence[str] = (),
    update_expressions: Sequence[str] = (),
    batch: int = BATCH,
) -> int:
    """``INSERT ... ON DUPLICATE KEY UPDATE`` on the row name.

    ``update_expressions`` come first in the SET list: MariaDB evaluates the
    assignments left to right, so an expression can still read a column's old
    value before a later assignment replaces it.
    """
    if not rows:
        return 0
    now, user = now_datetime(), frappe.session.user
    names = ", ".join(f"`{c}`" for c in (*_META, *columns))
    width = len(_META) + len(columns)
    assignments = [*update_expressions, *(f"`{c}` = VALUES(`{c}`)" for c in update)]
    assignments += ["`modified` = VALUES(`modified`)", "`modified_by` = VALUES(`modified_by`)"]
    tail = " ON DUPLICATE KEY UPDATE " + ", ".join(assignments)
    one = "(" + ", ".join(["%s"] * width) + ")"
    for chunk in _chunks(rows, batch):
        values: list = []
        for row in chunk:
            values.extend((row["name"], now, now, user, user, 0, 0))
            values.extend(row.get(column) for column in columns)
        frappe.db.sql(
            f"INSERT INTO `tab{doctype}` ({names}) VALUES {', '.join([one] * len(chunk))}{tail}",
            values,
        )
    return len(rows)


def update_by_name(
    doctype: str, rows: Sequence[Mapping], columns: Sequence[str], *, batch: int = 5000, touch: bool = True
) -> int:
    """Set ``columns`` per row: one ``UPDATE ... JOIN`` per batch on a table value constructor.

    The new values form one derived table (``select ... union all values (...), ...``) joined on
    the primary key, so the statement stays linear in the batch. One VALUES list parses far
    faster than a thousand ``select ... union all`` blocks (100,000 Purchase Invoices: 8 s against
    22 s on 2 busy cores), and unlike a temporary table it needs no DDL, which Frappe refuses
    inside a transaction that has written.
    """
    if not rows:
        return 0
    now, user = now_datetime(), frappe.session.user
    width = 1 + len(columns)
    first = "select " + ", ".join(f"%s as `{c}`" for c in ("name", *columns))
    one = "(" + ", ".join(["%s"] * width) + ")"
    sets = [f"t.`{c}` = v.`{c}`" for c in columns]
    if touch:
        sets += ["t.`modified` = %s", "t.`modified_by` = %s"]
    for chunk in _chunks(rows, batch):
        values: list = []
        for row in chunk:
            values.append(row["name"])
            values.extend(row.get(column) for column in columns)
        if touch:
            values.extend((now, user))
        derived = first
        if len(chunk) > 1:
            derived += " union all values " + ", ".join([one] * (len(chunk) - 1))
        frappe.db.sql(
            f"update `tab{doctype}` t join ({derived}) v on t.`name` = v.`name` set {', '.join(sets)}",
            values,
        )
    return len(rows)


def insert_new(doctype: str, rows: Sequence[Mapping], columns: Sequence[str], *, batch: int = BATCH) -> int:
    """Plain multi-row insert for rows with fresh names (logs)."""
    if not rows:
        return 0
    now, user = now_datetime(), frappe.session.user
    values = [
        (
            row.get("name") or frappe.generate_hash(length=12),
            now,
            now,
            user,
            user,
            0,
            0,
            *(row.get(column) for column in columns),
        )
        for row in rows
    ]
    frappe.db.bulk_insert(doctype, [*_META, *columns], values, chunk_size=batch)
    return len(rows)


def insert_children(
    doctype: str,
    parent_doctype: str,
    parent: str,
    parentfield: str,
    rows: Sequence[Mapping],
    columns: Sequence[str],
) -> int:
    if not rows:
        return 0
    start = (
        frappe.db.sql(
            f"select max(idx) from `tab{doctype}` where parent=%s and parentfield=%s", (parent, parentfield)
        )[0][0]
        or 0
    )
    now, user = now_datetime(), frappe.session.user
    values = [
        (
            frappe.generate_hash(length=12),
            now,
            now,
            user,
            user,
            0,
            start + index,
            parent,
            parent_doctype,
            parentfield,
            *(row.get(column) for column in columns),
        )
        for index, row in enumerate(rows, start=1)
    ]
    frappe.db.bulk_insert(doctype, [*_META, "parent", "parenttype", "parentfield", *columns], values)
    return len(rows)
