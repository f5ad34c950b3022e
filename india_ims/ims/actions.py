"""Setting actions: judged by the rules engine, written in bulk, every change logged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.documents import Action
from india_ims.gst_india.rules import check_bulk
from india_ims.gst_india.rules.lifecycle import unlink_purchase_invoice

from . import bulk
from .constants import ACTION_LOG, INWARD_SUPPLY, SOURCE_RULE
from .context import STATE_COLUMNS, record_state, rule_context
from .rows import GSTN_COLUMNS

_LOG_COLUMNS = (
    "inward_supply",
    "company",
    "company_gstin",
    "old_action",
    "new_action",
    "source",
    "user",
    "logged_at",
    "remark",
)
LOAD_COLUMNS = tuple(dict.fromkeys(("name", *GSTN_COLUMNS, *STATE_COLUMNS)))


def write_action_logs(
    changes: Sequence[dict],
    *,
    company: str | None = None,
    company_gstin: str | None = None,
    source: str,
    remark: str | None = None,
    user: str | None = None,
) -> int:
    """One IMS Action Log row per change: ``{"inward_supply", "old_action", "new_action"}`` (+ overrides)."""
    if not changes:
        return 0
    now, user = now_datetime(), user or frappe.session.user
    rows = [
        {
            "company": company,
            "company_gstin": company_gstin,
            "source": source,
            "user": user,
            "logged_at": now,
            "remark": remark or "",
            **change,
        }
        for change in changes
    ]
    return bulk.insert_new(ACTION_LOG, rows, _LOG_COLUMNS)


def load_rows(names: Sequence[str]) -> list[dict]:
    if not names:
        return []
    return frappe.db.sql(
        f"select {', '.join(f'`{c}`' for c in LOAD_COLUMNS)} from `tab{INWARD_SUPPLY}` "
        "where name in %(names)s",
        {"names": list(names)},
        as_dict=True,
    )


def set_actions(
    names: Sequence[str],
    action: str,
    *,
    source: str,
    mode: str = "all_or_nothing",
    remark: str | None = None,
    override_reason: str | None = None,
) -> dict:
    """Judge ``action`` on every record and store it where allowed; returns what happened per record."""
    try:
        new = Action.from_label(action)
    except ValueError as error:
        frappe.throw(str(error), title=frappe._("Unknown action"))
    rows = load_rows(names)
    by_gstin: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_gstin[row["company_gstin"]].append(row)
    refused, applied, unchanged = [], [], 0
    plans = []
    for gstin, group in by_gstin.items():
        states = [record_state(row) for row in group]
        decision = check_bulk(
            states,
            new,
            rule_context(gstin),
            mode="valid_only",
            override_reason=override_reason,
            remarks=remark,
        )
        for row, item in zip(group, decision.items):
            if not item.decision.allowed:
                refused.append(
                    {"name": row["name"], "code": item.decision.code, "message": item.decision.message}
                )
            elif item.decision.code == "UNCHANGED" or row["action"] == new.label:
                unchanged += 1
            else:
                plans.append(row)
    if refused and mode == "all_or_nothing":
        return {"applied": 0, "unchanged": 0, "refused": refused, "mode": mode}
    updates = [
        {
            "name": row["name"],
            "action": new.label,
            "upload_pending": int(new.label != row["gstn_action"]),
            "upload_remarks": remark or "",
        }
        for row in plans
    ]
    bulk.update_by_name(INWARD_SUPPLY, updates, ("action", "upload_pending", "upload_remarks"))
    for row in plans:
        applied.append(row["name"])
    logs: dict[tuple, list[dict]] = defaultdict(list)
    for row in plans:
        logs[(row["company"], row["company_gstin"])].append(
            {"inward_supply": row["name"], "old_action": row["action"], "new_action": new.label}
        )
    for (company, gstin), changes in logs.items():
        write_action_logs(
            changes, company=company, company_gstin=gstin, source=source, remark=override_reason or remark
        )
    return {"applied": len(applied), "unchanged": unchanged, "refused": refused, "mode": mode}


def unlink(names: Sequence[str], *, reason: str, source: str = SOURCE_RULE) -> int:
    """Drop the Purchase Invoice link; an Accepted record goes back to No Action (logged)."""
    rows = load_rows(names)
    updates, logs = [], defaultdict(list)
    for row in rows:
        after = unlink_purchase_invoice(record_state(row))
        new_action = (after.local_action or after.gstn_action).label
        updates.append(
            {
                "name": row["name"],
                "purchase_invoice": None,
                "match_status": after.match_status.value if after.match_status else "",
                "match_reason": reason,
                "match_differences": None,
                "match_score": 0,
                "action": new_action,
                "upload_pending": int(new_action != row["gstn_action"]),
            }
        )
        if new_action != row["action"]:
            logs[(row["company"], row["company_gstin"])].append(
                {"inward_supply": row["name"], "old_action": row["action"], "new_action": new_action}
            )
    bulk.update_by_name(
        INWARD_SUPPLY,
        updates,
        (
            "purchase_invoice",
            "match_status",
            "match_reason",
            "match_differences",
            "match_score",
            "action",
            "upload_pending",
        ),
    )
    for (company, gstin), changes in logs.items():
        write_action_logs(changes, company=company, company_gstin=gstin, source=source, remark=reason)
    return len(updates)
