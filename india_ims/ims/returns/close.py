"""Period close: mark a period's GSTR-3B filed, and reopen it.

Filing is the core's ``lifecycle.file_gstr3b``: the period's actions freeze (FAQ 12); accepted,
rejected and no-action records leave IMS; pending ones stay and count in the next open period;
from October 2025 a specified record still pending is deemed accepted in the next period (spec
1.8); a local action never uploaded is dropped, since GSTN froze its own. Every row changed is
written in bulk, each changed action is in the Action Log, and the event (with each row's values
before and after) is kept on the IMS Return Period, so a System Manager's reopen can put back
exactly what the close changed, where nothing has changed it since.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

import frappe
from frappe import _
from frappe.utils import getdate, now_datetime

from india_ims.gst_india.errors import GstError
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules.lifecycle import file_gstr3b

from .. import bulk, figures_store, sqlwrite
from ..actions import load_rows, write_action_logs
from ..constants import INWARD_SUPPLY, RETURN_PERIOD, SOURCE_RULE
from ..context import record_state, rule_context
from ..rows import upload_pending
from ..upload import ensure_return_period
from . import indexes
from . import scope as scopes

# ``carried_to``: where a record kept Pending through the filing now counts (``file_gstr3b``); events
# kept before it was stored lack it, and their rows had none ("").
COLUMNS = ("action", "gstn_action", "pending_action_blocked", "gstr2b_period", "carried_to")
_UNSET = {"carried_to": ""}
FILED, REOPENED = "GSTR-3B Filed", "Reopened"
EVENT = "IMS Return Period Event"


def _row_values(state) -> dict:
    blocked = state.record.pending_blocked
    return {
        "action": state.action.label,
        "gstn_action": state.gstn_action.label,
        "pending_action_blocked": "" if blocked is None else ("Yes" if blocked else "No"),
        "gstr2b_period": state.gstr2b_period or "",
        "carried_to": state.carried_to or "",
    }


def _stored(row: dict) -> dict:
    return {column: row.get(column) or "" for column in COLUMNS}


def _context(company_gstin: str, scope):
    context = rule_context(company_gstin)
    if not context.filed_3b_periods:
        # The first period closed in the app: earlier returns were filed before it kept track.
        context = replace(context, first_return_period=scope.period)
    return context


@dataclass(frozen=True)
class Verdict:
    """What closing does to one record: it stays Pending, is deemed accepted, had a local action
    never uploaded (dropped), and the columns it changes (None: its row stays as it is)."""

    pending: bool
    deemed: bool
    unsent: bool
    change: dict | None


def _judge(rows: list[dict], company_gstin: str, scope) -> dict[str, Verdict]:
    """``file_gstr3b`` over stored rows: each row's verdict, by name, in the order the core gives."""
    states = {row["name"]: record_state(row) for row in rows}
    try:
        filing = file_gstr3b(list(states.values()), scope.period, _context(company_gstin, scope))
    except GstError as error:
        frappe.throw(str(error), title=_("GSTR-3B cannot be marked filed"))
    by_key = {state.record.key: name for name, state in states.items()}
    deemed = {by_key[state.record.key] for state in filing.deemed_accepted}
    unsent = {by_key[state.record.key] for state in filing.unsaved}
    kept = {by_key[state.record.key] for state in filing.kept}
    rows_by_name = {row["name"]: row for row in rows}
    verdicts = {}
    for after in filing.kept + filing.removed:
        name = by_key[after.record.key]
        before_values, after_values = _stored(rows_by_name[name]), _row_values(after)
        if not after_values["gstr2b_period"]:
            after_values["gstr2b_period"] = before_values["gstr2b_period"]
        change = None
        if before_values != after_values:
            change = {"name": name, "before": before_values, "after": after_values}
        verdicts[name] = Verdict(
            pending=name in kept and after.gstn_action.value == "P",
            deemed=name in deemed,
            unsent=name in unsent,
            change=change,
        )
    return verdicts


def plan(company_gstin: str, period: str) -> dict:
    """What closing would do, without doing it: the rows to change and the counts. Every record the
    close may change is loaded and judged: the close itself writes from this."""
    scope = scopes.build(company_gstin, period)
    total, leaving = frappe.db.sql(
        f"select count(*), sum(t.gstn_action != 'Pending') from `tab{INWARD_SUPPLY}` t where {scope.where()}",
        scope.values(),
    )[0]
    # Only these can change: an action not uploaded is dropped, a pending record stays or is deemed
    # accepted. Every other record leaves IMS with the action GSTN holds, which its row already says.
    names = frappe.db.sql_list(
        f"select t.name from `tab{INWARD_SUPPLY}` t where {scope.where()} "
        "and (t.action != t.gstn_action or t.gstn_action = 'Pending')",
        scope.values(),
    )
    verdicts = _judge(load_rows(names), company_gstin, scope)
    return {
        "period": scope.period,
        "records": int(total or 0),
        "leave_ims": int(leaving or 0),
        "stay_pending": sum(v.pending for v in verdicts.values()),
        "deemed_accepted": sum(v.deemed for v in verdicts.values()),
        "not_uploaded": sum(v.unsent for v in verdicts.values()),
        "changes": [v.change for v in verdicts.values() if v.change],
    }


# What the closing rules read of a record (``file_gstr3b``: the period its action counts in, whether
# GSTN holds Pending, a local action not uploaded, Pending blocked, a specified record by its
# section; an amendment's original is not looked up by the close) and all a close writes back.
JUDGED = ("gstn_action", "action", "pending_action_blocked", "gstr2b_period", "carried_to", "section")
# Read only for a record without a GSTR-2B period (``classify.default_gstr2b_period``).
UNPLACED = ("supplier_filing_status", "supplier_return_period", "source_form")


def _candidate(group: dict) -> bool:
    """The per-record plan's ``action != gstn_action or gstn_action = 'Pending'``, NULLs as SQL has them."""
    action, gstn = group["action"], group["gstn_action"]
    return gstn == "Pending" or (action is not None and gstn is not None and action != gstn)


def _groups(scope) -> list[dict]:
    """The period's records counted per distinct value of what the rules read (a few dozen groups
    for a month of a lakh), each with one of its records; read from ``indexes.CLOSE_INDEX`` alone.
    ``fig_action`` is ``action`` here: ``scopes.build`` refreshed every stale part first."""
    force = f"force index ({indexes.CLOSE_INDEX}) " if indexes.has_index(indexes.CLOSE_INDEX) else ""
    groups = _grouped(JUDGED, scope.where(), scope.values(), force)
    if any(_unplaced(g) for g in groups):  # rare: split them by the columns their period then comes from
        groups = [g for g in groups if not _unplaced(g)]
        where = f"{scope.where()} and ifnull(t.gstr2b_period, '') = ''"
        groups += [g for g in _grouped((*JUDGED, *UNPLACED), where, scope.values()) if _candidate(g)]
    return groups


def _unplaced(group: dict) -> bool:
    return _candidate(group) and not group["gstr2b_period"]


def _grouped(columns, where: str, values, force: str = "") -> list[dict]:
    """Records counted per distinct ``columns`` (``action`` read as ``fig_action``), one name each."""
    key = _key(columns)
    groups = frappe.db.sql(
        f"select {key}, count(*) as records, min(t.name) as name from `tab{INWARD_SUPPLY}` t {force}"
        f"where {where} group by {key}",
        values,
        as_dict=True,
    )
    for group in groups:
        group["action"] = group.pop("fig_action")
    return groups


def _key(columns) -> str:
    return ", ".join("t.fig_action" if c == "action" else f"t.`{c}`" for c in columns)


def preview(company_gstin: str, period: str) -> dict:
    """``plan``'s counts without loading every record: the records are counted per distinct value of
    what the closing rules read (``JUDGED``), and one record of each group, given exactly its group's
    values, is judged by the same ``file_gstr3b``; its verdict counts for the whole group. The close
    itself judges every record (``plan``)."""
    scope = scopes.build(company_gstin, period)
    groups = _groups(scope)
    candidates = [g for g in groups if _candidate(g)]
    loaded = {row["name"]: row for row in load_rows([g["name"] for g in candidates])}
    columns = (*JUDGED, *UNPLACED)
    rows = [{**loaded[g["name"]], **{c: g[c] for c in columns if c in g}} for g in candidates]
    verdicts = _judge(rows, company_gstin, scope) if rows else {}
    weight = {g["name"]: g["records"] for g in candidates}

    def count(test) -> int:
        return sum(weight[name] for name, verdict in verdicts.items() if test(verdict))

    return {
        "period": scope.period,
        "records": sum(g["records"] for g in groups),
        "leave_ims": sum(g["records"] for g in groups if g["gstn_action"] not in (None, "Pending")),
        "stay_pending": count(lambda v: v.pending),
        "deemed_accepted": count(lambda v: v.deemed),
        "not_uploaded": count(lambda v: v.unsent),
        "rows_changed": count(lambda v: v.change is not None),
    }


def close(
    company: str, company_gstin: str, period: str, *, filed_on=None, discard_not_uploaded: bool = False
) -> dict:
    result = plan(company_gstin, period)
    if result["not_uploaded"] and not discard_not_uploaded:
        frappe.throw(
            _(
                "{0} action(s) of {1} were never uploaded: GSTN froze the action it holds. Upload them "
                "first, or confirm that they are dropped."
            ).format(result["not_uploaded"], ReturnPeriod.parse(result["period"]).label),
            title=_("Actions not uploaded"),
        )
    _apply(
        result["changes"], "after", company, company_gstin, f"GSTR-3B of {result['period']} filed (FAQ 12)"
    )
    name = ensure_return_period(company, company_gstin, result["period"])
    doc = frappe.get_doc(RETURN_PERIOD, name)
    doc.gstr3b_filed = 1
    doc.gstr3b_filed_on = getdate(filed_on) if filed_on else scopes.today_date()
    doc.gstr3b_filed_by = frappe.session.user
    doc.recompute_needed = 0
    outcome = _outcome(result)
    doc.append(
        "events",
        {
            "event": FILED,
            "user": frappe.session.user,
            "at": now_datetime(),
            "reason": "",
            "outcome": outcome,
            "changes": json.dumps(result["changes"]),
        },
    )
    _save(doc)
    figures_store.refresh_after_filing(company_gstin, [c["name"] for c in result["changes"]])
    return {key: value for key, value in result.items() if key != "changes"} | {"message": outcome}


def _outcome(result: dict) -> str:
    return (
        f"{result['records']} record(s): {result['leave_ims']} leave IMS, {result['stay_pending']} stay "
        f"pending for the next period, {result['deemed_accepted']} deemed accepted, "
        f"{result['not_uploaded']} local action(s) never uploaded dropped"
    )


def record_form_close(doc, result: dict) -> None:
    """The period was ticked filed on its form: the same rows change and the same event is kept.

    The return is filed on the portal already, so a local action never uploaded is dropped: GSTN
    froze its own."""
    _apply(
        result["changes"],
        "after",
        doc.company,
        doc.company_gstin,
        f"GSTR-3B of {doc.return_period} filed (FAQ 12)",
    )
    frappe.db.set_value(RETURN_PERIOD, doc.name, "recompute_needed", 0, update_modified=False)
    bulk.insert_children(
        EVENT,
        RETURN_PERIOD,
        doc.name,
        "events",
        [
            {
                "event": FILED,
                "user": frappe.session.user,
                "at": now_datetime(),
                "reason": "marked on the form",
                "outcome": _outcome(result),
                "changes": json.dumps(result["changes"]),
            }
        ],
        ("event", "user", "at", "reason", "outcome", "changes"),
    )
    figures_store.refresh_after_filing(doc.company_gstin, [c["name"] for c in result["changes"]])


def reopen(company: str, company_gstin: str, period: str, reason: str) -> dict:
    reason = (reason or "").strip()
    if not reason:
        frappe.throw(_("Give the reason for reopening the period"), title=_("Reason needed"))
    scope = scopes.build(company_gstin, period)
    if not scope.filed:
        frappe.throw(
            _("The GSTR-3B of {0} is not marked filed").format(ReturnPeriod.parse(scope.period).label)
        )
    following = ReturnPeriod.parse(scope.period).add(scope.context.step())
    if scope.context.is_3b_filed(following):
        frappe.throw(
            _("Reopen {0} first: its GSTR-3B is filed after this one").format(following.label),
            title=_("A later period is filed"),
        )
    name = f"{company_gstin}-{scope.period}"
    doc = frappe.get_doc(RETURN_PERIOD, name)
    closing = next((event for event in reversed(doc.events) if event.event == FILED), None)
    changes = json.loads(closing.changes or "[]") if closing else []
    # Put back only rows the close changed and nothing has changed since (a download may have).
    current = {
        row["name"]: _stored(row)
        for row in frappe.get_all(
            INWARD_SUPPLY,
            filters={"name": ("in", [c["name"] for c in changes] or [""])},
            fields=["name", *COLUMNS],
        )
    }
    restorable = [c for c in changes if current.get(c["name"]) == {**_UNSET, **c["after"]}]
    _apply(restorable, "before", company, company_gstin, f"GSTR-3B of {scope.period} reopened: {reason}")
    # A record acted on since keeps its action, but no longer counts where the filing carried it:
    # with the period open again its action counts in its own period.
    carried = [
        c["name"]
        for c in changes
        if c not in restorable
        and c["after"].get("carried_to", "section")
        and current.get(c["name"], {}).get("carried_to") == c["after"]["carried_to"]
    ]
    if carried:
        cleared = [{"name": name, "carried_to": ""} for name in carried]
        sqlwrite.update_by_name(INWARD_SUPPLY, cleared, ("carried_to",))
    doc.gstr3b_filed = 0
    doc.gstr3b_filed_on = None
    doc.gstr3b_filed_by = None
    outcome = f"{len(restorable)} of {len(changes)} row(s) the close changed put back"
    doc.append(
        "events",
        {
            "event": REOPENED,
            "user": frappe.session.user,
            "at": now_datetime(),
            "reason": reason,
            "outcome": outcome,
        },
    )
    _save(doc)
    figures_store.refresh_after_filing(company_gstin, [c["name"] for c in changes])
    return {
        "period": scope.period,
        "restored": len(restorable),
        "changed_by_close": len(changes),
        "message": outcome,
    }


def _save(doc) -> None:
    frappe.flags.in_ims_period_close = True
    try:
        doc.save(ignore_permissions=True)
    finally:
        frappe.flags.in_ims_period_close = False


def _apply(changes: list[dict], side: str, company: str, company_gstin: str, remark: str) -> None:
    if not changes:
        return
    rows = {row["name"]: row for row in load_rows([c["name"] for c in changes])}
    updates, logs = [], []
    for change in changes:
        values = change[side]
        row = rows[change["name"]]
        update = {"name": change["name"], **_UNSET, **values}
        update["upload_pending"] = upload_pending({**row, **update})
        updates.append(update)
        if row["action"] != values["action"]:
            logs.append(
                {"inward_supply": change["name"], "old_action": row["action"], "new_action": values["action"]}
            )
    sqlwrite.update_by_name(INWARD_SUPPLY, updates, (*COLUMNS, "upload_pending"))
    write_action_logs(logs, company=company, company_gstin=company_gstin, source=SOURCE_RULE, remark=remark)
