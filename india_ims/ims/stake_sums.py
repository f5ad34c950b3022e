"""ITC at stake for the IMS Tool, summed in the database from each record's stored part.

The core's ``itc_at_stake`` is the sum of ``contribution.record_stake`` over the records that are
not frozen and count in the period; ``figures_store`` keeps each record's part, so this is one
grouped query over the tool's filters, answered the same way the preview's charts answer.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import frappe

from india_ims.gst_india.documents import ZERO, Amounts
from india_ims.gst_india.money import to_paise
from india_ims.gst_india.returns.stake import ItcAtStake, SupplierStake, gather
from india_ims.gst_india.rules import RuleContext

from . import figures_store, queries
from .constants import INWARD_SUPPLY
from .rows import ACTION_BY_LABEL
from .summary_left import LEFT_PART

HEADS = ("igst", "cgst", "sgst", "cess")


def _amounts(row: Mapping, prefix: str) -> Amounts:
    return Amounts(0, *(to_paise(row[f"{prefix}{head}"] or 0) for head in HEADS))


def itc_at_stake(
    company_gstin: str,
    period: str | None,
    filters: Mapping | None,
    context: RuleContext,
    *,
    fresh: bool = True,
    replaced: Sequence[str] | None = None,
) -> ItcAtStake:
    """``itc_at_stake`` over the records the tool's filters select (their GSTR-2B period ``period``).
    ``fresh=False``: the caller has refreshed the stale parts, or chose to show them as behind.
    ``replaced``: the originals an amendment of the same period replaces (``Scope.replaced``): left
    out, as the preview leaves them out of GSTR-2B (FAQ 13), so the two show the same ITC; looked up
    here when the caller has not."""
    if fresh:
        figures_store.ensure_fresh(company_gstin)
    if period and context.is_3b_filed(str(context.return_period(period))):
        return gather(())  # every record counting in a filed period is frozen
    where, values = _open_scope(company_gstin, period, filters, context)
    if replaced is None:
        replaced = _replaced(company_gstin, period, context)
    if replaced:
        where += " and name not in %(replaced)s"
        values["replaced"] = list(replaced)
    sums = ", ".join(
        f"sum(fig_{kind}_{head}) as `{kind}_{head}`" for kind in ("accepted", "current") for head in HEADS
    )
    rows = frappe.db.sql(
        f"select supplier_gstin, fig_stake_action as action, count(*) as records, "
        f"sum(fig_moved_tax != 0) as moving, {sums} from `tab{INWARD_SUPPLY}` "
        # without filters the sums come off this index alone (with them, the rows it points at)
        "force index (gstin_fig_supplier) "
        f"where {where} and fig_stake_action != '' group by supplier_gstin, fig_stake_action",
        values,
        as_dict=True,
    )
    per_supplier: dict[str, dict] = defaultdict(
        lambda: {"records": 0, "moving": 0, "all": ZERO, "current": ZERO, "by": {}}
    )
    for row in rows:
        bucket = per_supplier[row.supplier_gstin]
        accepted, current = _amounts(row, "accepted_"), _amounts(row, "current_")
        bucket["records"] += int(row.records)
        bucket["moving"] += int(row.moving or 0)
        bucket["all"] = bucket["all"] + accepted
        bucket["current"] = bucket["current"] + current
        bucket["by"][ACTION_BY_LABEL[row.action]] = accepted + current.negated()
    return gather(
        SupplierStake(
            gstin,
            b["records"],
            b["all"],
            b["current"],
            tuple(sorted(b["by"].items(), key=lambda item: item[0].value)),
            b["moving"],
        )
        for gstin, b in per_supplier.items()
    )


def _replaced(company_gstin: str, period: str | None, context: RuleContext) -> Sequence[str]:
    from .returns.scope import build  # the scope builds on the stored figures this module sums

    if not period:
        return replaced_in_open_periods(company_gstin, context)
    return build(company_gstin, period, context, fresh=False).replaced


def replaced_in_open_periods(company_gstin: str, context: RuleContext) -> list[str]:
    """``Scope.replaced`` of every open period the GSTIN's records count in (a few): for the stake of
    all open periods at once."""
    from .returns.scope import build

    periods = frappe.db.sql_list(
        f"select distinct fig_period from `tab{INWARD_SUPPLY}` force index (gstin_fig_action) "
        "where company_gstin = %(gstin)s and fig_period != '' and fig_period not in %(filed)s",
        {"gstin": company_gstin, "filed": sorted(context.filed_3b_periods) or [""]},
    )
    replaced: list[str] = []
    for period in periods:
        replaced += build(company_gstin, period, context, fresh=False).replaced
    return replaced


def left_ims(company_gstin: str, period: str | None, filters: Mapping | None, context: RuleContext) -> dict:
    """The records under the same scope that GSTN holds Pending past Section 16(4) (FAQ 21): they
    have left IMS, so their stored part has no stake (``record_stake``); the Action Summary lists
    them in a row of their own. Their count and tax, so the screen can say why no ITC figure counts
    them. Read after ``itc_at_stake`` (which refreshed the parts)."""
    where, values = _open_scope(company_gstin, period, filters, context)
    row = frappe.db.sql(
        f"select count(*) as records, sum(igst + cgst + sgst + cess) as total_tax from `tab{INWARD_SUPPLY}` "
        f"where {where} and {LEFT_PART}",
        values,
        as_dict=True,
    )[0]
    return {"records": int(row.records or 0), "total_tax": float(row.total_tax or 0)}


def _open_scope(company_gstin: str, period: str | None, filters: Mapping | None, context: RuleContext):
    """The tool's filters on the records whose part counts in ``period`` (every open period
    without one): frozen exactly when the period a record counts in is filed (pending ones roll to
    an open one)."""
    where, values = queries._where(company_gstin, period, "gstr2b_period", filters)
    if period:
        where += " and fig_period = %(fig_period)s"
        values["fig_period"] = str(context.return_period(period))
    else:
        where += " and fig_period != '' and fig_period not in %(filed)s"
        values["filed"] = sorted(context.filed_3b_periods) or [""]
    return where, values
