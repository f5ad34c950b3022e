"""The month in pictures: ITC by action and match status, the suppliers with the most ITC at stake,
and accepted / rejected / pending ITC over the last twelve periods. Sums in the database.

"ITC" is the net tax of the preview (credit notes negative); "at stake" is the core's
``itc_at_stake``: what accepting everything would give, less what the current actions give.
"""

from __future__ import annotations

import frappe

from india_ims.gst_india.periods import ReturnPeriod

from ..constants import INWARD_SUPPLY
from . import scope as scopes
from .scope import HEADS, Scope

ACTIONS = ("Accepted", "No Action", "Rejected", "Pending")


def _tax(alias: str = "t") -> str:
    return " + ".join(f"{alias}.{head}" for head in HEADS)


def _moved(alias: str = "t") -> str:
    """ITC a record's current action gives up against accepting it as reported (``itc_at_stake``).

    Rejected and pending give up all of it; an accepted record with a declared reduction gives up
    the difference; accepted and no-action records otherwise nothing. Credit notes count negative.
    """
    sign = scopes.net_sign(alias)
    declared = " + ".join(scopes.value(head, alias) for head in HEADS)
    return (
        f"(case when {alias}.action in ('Rejected', 'Pending') then {sign} * ({_tax(alias)}) "
        f"when {scopes.reduced(alias)} then {sign} * (({_tax(alias)}) - ({declared})) else 0 end)"
    )


def by_action_and_match(scope: Scope) -> dict:
    rows = frappe.db.sql(
        f"select t.action, ifnull(nullif(t.match_status, ''), 'Not Reconciled') as match_status, "
        f"count(*) as records, sum({scopes.net_sign()} * ({_tax()})) as itc "
        f"from `tab{INWARD_SUPPLY}` t where {scope.where()} group by t.action, match_status",
        scope.values(),
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
    # Each record's movement once, in a derived table; the sums and the order read it.
    return frappe.db.sql(
        "select supplier_gstin, max(supplier_name) as supplier_name, count(*) as records, "
        "sum(moved) as at_stake, sum(if(action = 'Rejected', moved, 0)) as rejected, "
        "sum(if(action = 'Pending', moved, 0)) as pending from ("
        f"select t.supplier_gstin, t.supplier_name, t.action, {_moved()} as moved "
        f"from `tab{INWARD_SUPPLY}` t where {scope.where()}) x group by supplier_gstin "
        "having sum(moved) != 0 order by abs(sum(moved)) desc, supplier_gstin limit %(top)s",
        {**scope.values(), "top": int(top)},
        as_dict=True,
    )


def open_at_stake(company_gstin: str, filed_periods) -> float:
    """ITC at stake over every record whose action can still change (not frozen by a filed GSTR-3B)."""
    total = frappe.db.sql(
        f"select sum({_moved()}) from `tab{INWARD_SUPPLY}` t where t.company_gstin = %(gstin)s "
        "and t.supplier_filing_status = 'Filed' "
        "and (t.gstn_action = 'Pending' or t.gstr2b_period not in %(filed)s)",
        {"gstin": company_gstin, "filed": list(filed_periods) or [""]},
    )[0][0]
    return float(total or 0)


def trend(company_gstin: str, period: str, quarterly: bool, count: int = 12) -> dict:
    step = 3 if quarterly else 1
    last = ReturnPeriod.parse(period).gstr2b_period(quarterly=quarterly)
    periods = [last.add(-step * back) for back in range(count - 1, -1, -1)]
    rows = frappe.db.sql(
        f"select t.gstr2b_period, t.action, sum({scopes.net_sign()} * ({_tax()})) as itc "
        f"from `tab{INWARD_SUPPLY}` t where t.company_gstin = %(gstin)s and t.gstr2b_period in %(periods)s "
        "group by t.gstr2b_period, t.action",
        {"gstin": company_gstin, "periods": [str(p) for p in periods]},
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
