"""What a reconciliation says of each Purchase Invoice, in a narrow table of its own.

An invoice's IMS record, match status, claimed period and (Missing in IMS) reason live in ``IMS
Purchase Link``, one row named as the invoice, and not on the invoice's own 140-column row. A first
download links a lakh of invoices at once: written on the invoice, every row grew from empty and
InnoDB moved it (7-8 s of the server's time beside the records' own insert, issue 16); here they
are narrow inserts. The columns keep their names (``constants.PI_LINK`` ...), so the plan's updates
are rows of this table as they are.

Reads join it to the invoices (``JOIN``); an invoice without a row has never been judged, which
reads as the empty link every caller already treats as "nothing linked".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import frappe

from india_ims.gst_india.documents import MatchStatus

from . import sqlwrite
from .constants import PI_LINK, PI_LINKS, PI_MATCH_STATUS, PI_PERIOD
from .match_plan import PI_LINK_COLUMNS as COLUMNS

MISSING_IN_IMS = MatchStatus.MISSING_IN_IMS.value
TABLE = f"`tab{PI_LINKS}`"


def join(invoices: str = "pi", links: str = "lk") -> str:
    """``LEFT JOIN`` of the links on the invoices aliased ``invoices``, by primary key."""
    return f"left join {TABLE} {links} on {links}.name = {invoices}.name"


def write(rows: Sequence[Mapping]) -> int:
    """Each row (``name`` and the four columns) as the invoice's links, inserted or replaced whole.
    A name given twice takes its last values. On a duplicate primary key the insert locks only that
    record, not the gap before it (``test_ims_pi_links``), so two GSTINs' jobs, whose invoices'
    names interleave, never wait on each other here."""
    rows = list({row["name"]: row for row in rows}.values())
    return sqlwrite.upsert(PI_LINKS, rows, COLUMNS, update=COLUMNS)


def update(invoice: str, values: Mapping) -> None:
    """Set some of an invoice's link columns (the others kept, or empty for a new row)."""
    unknown = set(values) - set(COLUMNS)
    if unknown:
        raise ValueError(f"Not a link column of {PI_LINKS}: {', '.join(sorted(unknown))}")
    columns = list(values)
    sqlwrite.upsert(PI_LINKS, [{"name": invoice, **values}], columns, update=columns)


def get(invoice: str | None, column: str = PI_LINK):
    """One link column of an invoice (None when it has none)."""
    if not invoice:
        return None
    return frappe.db.get_value(PI_LINKS, invoice, column)


def get_all(invoice: str) -> dict:
    """The four columns of an invoice, None each when it has no row."""
    row = frappe.db.get_value(PI_LINKS, invoice, list(COLUMNS), as_dict=True)
    return {column: (row or {}).get(column) for column in COLUMNS}


def delete(invoices: Sequence[str]) -> None:
    if invoices:
        frappe.db.delete(PI_LINKS, {"name": ("in", list(invoices))})


def current(names: Sequence[str]) -> dict[str, tuple]:
    """The four columns of each named invoice that has a row, as ``purchases.Query`` reads them
    (``ifnull`` to ''; the link None when empty)."""
    if not names:
        return {}
    expressions = ", ".join(f"ifnull(`{c}`, '')" for c in COLUMNS)
    rows = frappe.db.sql(f"select name, {expressions} from {TABLE} where name in %(names)s", {"names": names})
    return {name: (values[0] or None, *values[1:]) for name, *values in rows}


def claiming(company_gstin_field: str, company_gstin: str, period: str, *, count: bool = False):
    """Every invoice of a GSTIN whose links claim ``period``, whatever its docstatus (a cancelled
    one keeps only the record it released, and claims none): their names, or with ``count`` how
    many."""
    what = "count(*)" if count else "lk.name"
    rows = frappe.db.sql(
        f"""select {what} from {TABLE} lk straight_join `tabPurchase Invoice` pi on pi.name = lk.name
            where lk.`{PI_PERIOD}` = %(period)s and pi.`{company_gstin_field}` = %(gstin)s""",
        {"period": period, "gstin": company_gstin},
    )
    return rows[0][0] if count else [row[0] for row in rows]


def missing_scope(gstin_field: str) -> str:
    """``FROM ... WHERE`` of a GSTIN's submitted invoices Missing in IMS of a period (``%(gstin)s``,
    ``%(period)s``), the invoices aliased ``pi`` and their links ``lk``: the period's few unpaired
    links by index (``period_status``), then each invoice by its name."""
    return (
        f"from {TABLE} lk straight_join `tabPurchase Invoice` pi on pi.name = lk.name "
        f"where lk.`{PI_PERIOD}` = %(period)s and lk.`{PI_MATCH_STATUS}` = '{MISSING_IN_IMS}' "
        f"and pi.`{gstin_field}` = %(gstin)s and pi.docstatus = 1"
    )
