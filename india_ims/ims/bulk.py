"""Set-based writes: hundreds of rows per statement, never a get_doc/save per row."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import frappe
from frappe.utils import now_datetime

from . import sqlwrite

_META = ("name", "creation", "modified", "modified_by", "owner", "docstatus", "idx")


def insert_new(doctype: str, rows: Sequence[Mapping], columns: Sequence[str]) -> int:
    """Plain multi-row insert for rows with fresh names (logs, GSTR-2B documents).

    ``frappe.db.bulk_insert`` builds each statement through pypika, which took 4-5 s of 9 for 14,000
    Action Log rows; driver placeholders then cost pymysql five Python calls a value (3.9 s of a
    GSTR-2B download's 12.3 s: 825,000 values). The literals are built here (``sqlwrite``), the next
    statement while the server runs this one."""
    if not rows:
        return 0
    now, user = now_datetime(), frappe.session.user
    names = ", ".join(f"`{c}`" for c in (*_META, *columns))
    values = [
        (row.get("name") or frappe.generate_hash(length=12), now, now, user, user, 0, 0,
         *[row.get(column) for column in columns])
        for row in rows
    ]
    return sqlwrite.insert_values(f"INSERT INTO `tab{doctype}` ({names})", values)


@contextmanager
def staged(columns: Sequence[tuple[str, str]], rows: Sequence[Sequence]) -> Iterator[str]:
    """A temporary table of ``rows`` (``columns``: name and SQL type), numbered in order in ``seq``,
    for set-based statements that read it in that order and join from it to the tables' primary
    keys (so it has no other index to build); dropped on leaving."""
    stage = f"ims_stage_{frappe.generate_hash(length=10)}"
    declared = ", ".join(f"`{name}` {kind}" for name, kind in columns)
    # CREATE/DROP TEMPORARY TABLE do not commit in MariaDB (see sqlwrite.update_by_name).
    frappe.db.sql(
        f"/* india_ims bulk */ create temporary table `{stage}` "
        f"(`seq` int not null auto_increment primary key, {declared})"
    )
    try:
        listed = ", ".join(f"`{name}`" for name, _kind in columns)
        # literals built here (``sqlwrite``): pymysql's escaping of ten thousand names was a tenth
        # of a bulk action's Python
        sqlwrite.insert_values(f"insert into `{stage}` ({listed})", rows)
        yield stage
    finally:
        frappe.db.sql(f"/* india_ims bulk */ drop temporary table if exists `{stage}`")


def insert_children(
    doctype: str,
    parent_doctype: str,
    parent: str,
    parentfield: str,
    rows: Sequence[Mapping],
    columns: Sequence[str],
) -> int:
    """Child rows of ``parent`` after those it has, numbered on from its last, in as few statements
    as ``sqlwrite`` makes of them (one for a few thousand rows)."""
    if not rows:
        return 0
    start = (
        frappe.db.sql(
            f"select max(idx) from `tab{doctype}` where parent=%s and parentfield=%s", (parent, parentfield)
        )[0][0]
        or 0
    )
    now, user = now_datetime(), frappe.session.user
    names = ", ".join(f"`{c}`" for c in (*_META, "parent", "parenttype", "parentfield", *columns))
    values = [
        (frappe.generate_hash(length=12), now, now, user, user, 0, start + index, parent, parent_doctype,
         parentfield, *(row.get(column) for column in columns))
        for index, row in enumerate(rows, start=1)
    ]
    return sqlwrite.insert_values(f"INSERT INTO `tab{doctype}` ({names})", values)
