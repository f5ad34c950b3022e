"""The Purchase Invoices Missing in IMS of a period, for the Match Summary, its list and the export.

Read from the invoices' links (``pi_links``) by period and status first, so a lakh of matched
invoices is never read to find them, then each invoice by its name.
"""

from __future__ import annotations

from collections.abc import Sequence

import frappe

from . import sqlread
from .constants import MAX_PAGE, PI_MATCH_REASON
from .pi_links import missing_scope
from .purchases import field_map


def _scope() -> str:
    return missing_scope(field_map()["company_gstin"])


def _listed() -> str:
    """Them in the list's order (bill date, then name), for the list's pages and the export."""
    return f"{_scope()} order by pi.bill_date, pi.name"


def missing_in_ims_summary_sql() -> str:
    return (
        "select count(*) as count, sum(pi.base_net_total) as taxable_value, "
        f"sum(pi.base_total_taxes_and_charges) as total_tax {_scope()}"
    )


def missing_in_ims_summary(company_gstin: str, period: str) -> dict:
    row = frappe.db.sql(
        missing_in_ims_summary_sql(), {"gstin": company_gstin, "period": period}, as_dict=True
    )
    return row[0] if row else {"count": 0}


def missing_in_ims(company_gstin: str, period: str, *, page: int = 1, page_length: int | None = 50) -> dict:
    """A page of them; ``page_length=None`` (the export) every one in one read."""
    values = {"gstin": company_gstin, "period": period}
    total = frappe.db.sql(f"select count(*) {_scope()}", values)[0][0]
    if page_length is None:
        page, page_length = 1, max(1, total)
    else:
        page_length = max(1, min(int(page_length), MAX_PAGE))
    rows = frappe.db.sql(
        missing_in_ims_sql(),
        {**values, "limit": page_length, "offset": (max(1, int(page)) - 1) * page_length},
        as_dict=True,
    )
    return {"rows": rows, "total": total, "page": page, "page_length": page_length}


def all_rows(company_gstin: str, period: str, expressions: Sequence[str]) -> list[list]:
    """Every one (the export), each as ``expressions`` of ``pi`` in one JSON array a row
    (``sqlread.json_rows``), in the list's order: as dicts, pymysql decoded 6,500 of them in 0.3-0.6 s."""
    return sqlread.json_rows(expressions, _listed(), {"gstin": company_gstin, "period": period})


def missing_in_ims_sql() -> str:
    """A page of ``missing_in_ims``, as its own text so a failing test can EXPLAIN what ran."""
    return (
        f"select pi.name, pi.supplier, pi.supplier_name, "
        f"pi.`{field_map()['supplier_gstin']}` as supplier_gstin, "
        f"pi.bill_no, pi.bill_date, pi.posting_date, pi.is_return, pi.base_net_total as taxable_value, "
        f"pi.base_total_taxes_and_charges as total_tax, lk.`{PI_MATCH_REASON}` as reason "
        f"{_listed()} limit %(limit)s offset %(offset)s"
    )
