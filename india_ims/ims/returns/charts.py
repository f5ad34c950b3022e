"""The month in pictures: ITC by action and match status, the suppliers with the most ITC at stake,
and accepted / rejected / pending ITC over the last twelve periods. Sums in the database.

"ITC" is the net tax of the preview (credit notes negative); "at stake" is the core's
``itc_at_stake``: what accepting everything would give, less what the current actions give, summed
from each record's stored part (``figures_store``: ``fig_moved_tax``, ``fig_stake_action``), the
same definition the IMS Tool's ITC at stake sums.
"""

from __future__ import annotations

import frappe

from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules import RuleContext

from .. import figures_store
from ..constants import INWARD_SUPPLY
from .scope import Scope, replaced_where

ACTIONS = ("Accepted", "No Action", "Rejected", "Pending")


def by_action_and_match(scope: Scope) -> dict:
    rows = frappe.db.sql(
        "select t.fig_action as action, "
        "ifnull(nullif(t.match_status, ''), 'Not Reconciled') as match_status, "
        "count(*) as records, sum(t.fig_net_tax) as itc "
        f"from `tab{INWARD_SUPPLY}` t force index (gstin_fig_action) where {scope.where()} "
        # an original its same-period amendment replaces is not in GSTR-2B (FAQ 13)
        "and t.name not in %(replaced)s group by t.fig_action, match_status",
        scope.block_values(),
        as_dict=True,
    )
    statuses = sorted({row.match_status for row in rows})
    cells = {(row.action, row.match_status): row for row in rows}
    return {
        "labels": list(ACTIONS),
        "datasets": [
            {
                "name": status,
                "values": [float((cells.get((action, status)) or {}).get("itc") or 0) for action in ACTIONS],
                "records": [
                    int((cells.get((action, status)) or {}).get("records") or 0) for action in ACTIONS
                ],
            }
            for status in statuses
        ],
    }


def top_suppliers(scope: Scope, top: int = 10) -> list[dict]:
    if scope.filed:
        return []  # every action of a filed period is frozen: nothing is at stake any more
    # The sums come off the gstin_fig_supplier index alone; each supplier's name from one of its rows.
    rows = frappe.db.sql(
        "select t.supplier_gstin, min(t.name) as one, count(*) as records, "
        "sum(t.fig_moved_tax) as at_stake, "
        "sum(if(t.fig_stake_action = 'Rejected', t.fig_moved_tax, 0)) as rejected, "
        "sum(if(t.fig_stake_action = 'Pending', t.fig_moved_tax, 0)) as pending "
        f"from `tab{INWARD_SUPPLY}` t force index (gstin_fig_supplier) where {scope.where()} "
        "and t.name not in %(replaced)s "  # no action on a replaced original moves ITC (FAQ 13)
        "group by t.supplier_gstin having sum(t.fig_moved_tax) != 0 "
        "order by abs(sum(t.fig_moved_tax)) desc, t.supplier_gstin limit %(top)s",
        {**scope.block_values(), "top": int(top)},
        as_dict=True,
    )
    names = {}
    for start in range(0, len(rows), 5000):
        names.update(
            frappe.db.sql(
                f"select name, supplier_name from `tab{INWARD_SUPPLY}` where name in %(names)s",
                {"names": [row.one for row in rows[start : start + 5000]]},
            )
        )
    for row in rows:
        row["supplier_name"] = names.get(row.pop("one")) or ""
    return rows


def open_at_stake(company_gstin: str, context: RuleContext, *, may_lag: bool = False) -> float:
    """ITC at stake over every record whose action can still change (not frozen by a filed GSTR-3B).
    ``may_lag``: while the background refresh adds a download's records, the sum as it stands
    (``figures_store.ensure_fresh``) instead of refreshing them all in the request."""
    from ..stake_sums import replaced_in_open_periods

    figures_store.ensure_fresh(company_gstin, may_lag=may_lag)
    # A record is frozen exactly when the period it counts in is filed (a pending one never counts
    # in a filed period: it rolls to the next open one). An original its same-period amendment
    # replaces moves no ITC (FAQ 13).
    replaced = replaced_in_open_periods(company_gstin, context)
    total = frappe.db.sql(
        f"select sum(t.fig_moved_tax) from `tab{INWARD_SUPPLY}` t where t.company_gstin = %(gstin)s "
        "and t.fig_period != '' and t.fig_period not in %(filed)s and t.name not in %(replaced)s",
        {
            "gstin": company_gstin,
            "filed": sorted(context.filed_3b_periods) or [""],
            "replaced": replaced or [""],
        },
    )[0][0]
    return float(total or 0)


def trend(company_gstin: str, period: str, quarterly: bool, count: int = 12) -> dict:
    step = 3 if quarterly else 1
    last = ReturnPeriod.parse(period).gstr2b_period(quarterly=quarterly)
    periods = [last.add(-step * back) for back in range(count - 1, -1, -1)]
    values = {"gstin": company_gstin, "periods": [str(p) for p in periods]}
    # an original amended in its own GSTR-2B period is not in that GSTR-2B (FAQ 13)
    replaced = replaced_where(
        "a.company_gstin = %(gstin)s and a.gstr2b_period in %(periods)s",
        "o.gstr2b_period = a.gstr2b_period",
        values,
    )
    rows = frappe.db.sql(
        "select t.gstr2b_period, t.fig_action as action, sum(t.fig_net_tax) as itc "
        f"from `tab{INWARD_SUPPLY}` t force index (gstin_2b_trend) "
        "where t.company_gstin = %(gstin)s and t.gstr2b_period in %(periods)s "
        "and t.name not in %(replaced)s group by t.gstr2b_period, t.fig_action",
        {**values, "replaced": list(replaced) or [""]},
        as_dict=True,
    )
    cells: dict[tuple[str, str], float] = {}
    for row in rows:
        kind = "Accepted" if row.action in ("Accepted", "No Action") else row.action
        cells[(row.gstr2b_period, kind)] = cells.get((row.gstr2b_period, kind), 0.0) + float(row.itc or 0)
    return {
        "labels": [p.label for p in periods],
        "periods": [str(p) for p in periods],
        "datasets": [
            {"name": name, "values": [cells.get((str(p), name), 0.0) for p in periods]}
            for name in ("Accepted", "Rejected", "Pending")
        ],
    }
