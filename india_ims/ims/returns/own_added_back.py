"""Our own liability added back (FAQ 34) for the GSTR-3B preview: the supplier side of the return.

Customers who reject our credit notes (or amendments) undo the reduction we took; the supplier view
stores each such line in IMS Added Back Liability with the period of our GSTR-3B it lands in. The
preview shows their sum as a line of its own, beside Table 4, for the period being prepared (for a
quarterly filer, every month of the quarter). Which table carries it is our reading (spec 7.8), and
the line says so.
"""

from __future__ import annotations

import frappe

from india_ims.gst_india.outward import liability
from india_ims.gst_india.periods import ReturnPeriod

from ..outward.store import ADDED_BACK

HEADS = ("igst", "cgst", "sgst", "cess")


def landing_periods(period: str, quarterly: bool) -> list[str]:
    month = ReturnPeriod.parse(period)
    return [str(m) for m in month.quarter_months()] if quarterly else [str(month)]


def own_added_back(company_gstin: str, period: str, quarterly: bool = False) -> dict:
    """What lands in the GSTR-3B of ``period``: totals in rupees, counts, and the table in words."""
    periods = landing_periods(period, quarterly)
    sums = ", ".join(f"sum(`{head}`) as `{head}`" for head in HEADS)
    rows = frappe.db.sql(
        f"""select basis, count(*) as documents, {sums} from `tab{ADDED_BACK}`
            where company_gstin = %(gstin)s and landing_period in %(periods)s group by basis""",
        {"gstin": company_gstin, "periods": periods},
        as_dict=True,
    )
    totals = {head: sum(float(row[head] or 0) for row in rows) for head in HEADS}
    by_basis = {row.basis: row.documents for row in rows}
    return {
        "periods": periods,
        "period_label": ReturnPeriod.parse(period).label,
        "documents": sum(by_basis.values()),
        "reported": by_basis.get(liability.REPORTED, 0),
        "awaiting": by_basis.get(liability.AWAITING, 0),
        **{head: round(value, 2) for head, value in totals.items()},
        "total": round(sum(totals.values()), 2),
        "table": liability.GSTR3B_TABLE,
        "table_words": liability.TABLE_WORDS,
    }
