"""The rules engine's inputs built from stored rows: ``RuleContext`` and ``RecordState``."""

from __future__ import annotations

from collections.abc import Mapping

import frappe

from india_ims.gst_india.documents import Action
from india_ims.gst_india.rules import RecordState, RuleContext, pending_allowed
from india_ims.gst_india.rules.classify import default_gstr2b_period

from . import clock
from .constants import RETURN_PERIOD, SETTINGS
from .rows import ACTION_BY_LABEL, MATCH_BY_LABEL, row_to_record

# Columns a RecordState needs beyond the GSTN-owned ones.
STATE_COLUMNS = (
    "name",
    "action",
    "gstn_action",
    "match_status",
    "purchase_invoice",
    "gstr2b_period",
    "remarks",
)


def is_quarterly(company_gstin: str) -> bool:
    return bool(
        frappe.db.get_value(
            "IMS Settings GSTIN", {"parenttype": SETTINGS, "gstin": company_gstin}, "quarterly_filer"
        )
    )


def rule_context(company_gstin: str) -> RuleContext:
    filed = frappe.get_all(
        RETURN_PERIOD, filters={"company_gstin": company_gstin, "gstr3b_filed": 1}, pluck="return_period"
    )
    return RuleContext(
        today=clock.today(), filed_3b_periods=frozenset(filed), quarterly=is_quarterly(company_gstin)
    )


def record_state(row: Mapping) -> RecordState:
    record = row_to_record(row)
    local = ACTION_BY_LABEL.get(row.get("action") or "No Action", Action.NO_ACTION)
    return RecordState(
        record=record,
        gstn_action=record.action,
        local_action=local,
        match_status=MATCH_BY_LABEL.get(row.get("match_status") or ""),
        purchase_invoice=row.get("purchase_invoice") or None,
        gstr2b_period=row.get("gstr2b_period") or None,
        remarks=row.get("remarks") or None,
    )


def derived_columns(context: RuleContext):
    """Columns computed from a downloaded record: whether Pending is allowed, its GSTR-2B period."""

    def derive(record) -> dict:
        period = default_gstr2b_period(record, quarterly=context.quarterly)
        verdict = pending_allowed(RecordState(record=record), context)
        return {"pending_allowed": int(verdict.allowed), "gstr2b_period": str(period) if period else ""}

    return derive
