"""A period's figures as plain data, computed once per data version (``cache``) and served to the
page, its drill-down, its charts and the reports."""

from __future__ import annotations

from india_ims.gst_india.documents import ZERO, Amounts
from india_ims.gst_india.returns.compare import BLOCKS
from india_ims.gst_india.returns.table4_view import copyable_summary, table4_rows

from ..suppliers import fill_names
from . import charts, preview
from .cache import cached
from .scope import Scope

HEADS = ("igst", "cgst", "sgst", "cess")


def rupees(amounts: Amounts | None) -> dict | None:
    if amounts is None:
        return None
    return {head: getattr(amounts, head) / 100 for head in HEADS} | {"total": amounts.total_tax / 100}


def period_figures(scope: Scope) -> dict:
    return cached(scope, "figures", lambda: _compute(scope))


def chart_figures(scope: Scope) -> dict:
    return cached(scope, "charts", lambda: _charts(scope))


def _charts(scope: Scope) -> dict:
    suppliers = [dict(row) for row in charts.top_suppliers(scope, top=100_000)]
    fill_names(suppliers)  # named as the IMS Tool names them: GSTN often sends no trade name
    return {
        "by_action": charts.by_action_and_match(scope),
        "suppliers": suppliers,
        "trend": charts.trend(scope.company_gstin, scope.period, scope.quarterly),
    }


def _compute(scope: Scope) -> dict:
    local, counts = preview.local_summary(scope)
    latest = preview.latest_gstr2b(scope.company_gstin, scope.period)
    result, details = preview.reconciliation(scope, local, latest, counts["document_nets"])
    local_table = preview.table4_of(local, scope.period, scope.quarterly)
    gstn_table = (
        preview.table4_of(preview.gstn_summary(latest.name), scope.period, scope.quarterly)
        if latest
        else None
    )
    blocks = [
        {
            "block": comparison.block.value,
            "records": counts.get(comparison.block.value, 0),
            "local": rupees(comparison.local),
            "gstn": rupees(comparison.gstn),
            "difference": rupees(comparison.difference) if comparison.gstn is not None else None,
            "explained": rupees(result.explained(comparison.block)),
            "summary_only": rupees(result.summary_only(comparison.block)),
            "reconciles": result.reconciles(comparison.block),
        }
        for comparison in result.blocks
    ]
    reasons = [
        {
            "code": reason.code,
            "text": reason.value,
            "records": count,
            "effects": {
                block.value: rupees(effects.get(block, ZERO)) for block in BLOCKS if block in effects
            },
        }
        for reason, (count, effects) in result.by_reason().items()
    ]
    explanations = []
    for item in result.explanations:
        row = details.get(item.key) or {}
        explanations.append(
            {
                "inward_supply": row.get("name"),
                "gstr2b_document": row.get("d_name"),
                "supplier_gstin": row.get("supplier_gstin"),
                "supplier_name": row.get("supplier_name") or "",
                "document_number": row.get("document_number"),
                "reason": item.reason.code,
                "reason_text": item.reason.value,
                "local_block": item.local_block.value if item.local_block else None,
                "gstn_block": item.gstn_block.value if item.gstn_block else None,
                "local_action": item.local_action.label if item.local_action else None,
                "gstn_action": item.gstn_action.label if item.gstn_action else None,
                "action_in_2b": row.get("g_action") or None,
                "effects": {b.value: rupees(a) for b, a in item.effects},
                "weight": max(abs(a.total_tax) for _b, a in item.effects),
            }
        )
    explanations.sort(key=lambda e: (-e["weight"], e["inward_supply"] or e["gstr2b_document"] or ""))
    return {
        # from the period sums: the records' upload_pending as of their refreshed parts
        "not_uploaded": counts["unsent"],
        "left_out": counts.get("left out", 0),
        "gstr2b": dict(latest) if latest else None,
        "blocks": blocks,
        "reasons": reasons,
        "stale": sum(1 for item in result.explanations if item.reason.code == "RECOMPUTE_PENDING"),
        "table4": [
            {
                "row": row.row,
                "label": row.label,
                "source": row.source,
                "local": rupees(row.local),
                "gstn": rupees(row.gstn),
                "difference": rupees(row.difference),
            }
            for row in table4_rows(local_table, gstn_table)
        ],
        "rcm_3_1d": rupees(local_table.reverse_charge_liability_3_1d),
        "copy_local": copyable_summary(
            local_table, scope.period, gstin=scope.company_gstin, basis="local preview"
        ),
        "copy_gstn": copyable_summary(
            gstn_table, scope.period, gstin=scope.company_gstin, basis="GSTN's GSTR-2B"
        )
        if gstn_table
        else None,
        "supplier_add_back": rupees(preview.supplier_add_back(scope)),
        "explanations": explanations,
    }
