"""Setting actions: judged by the rules engine, written in bulk, every change logged."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from operator import itemgetter

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.documents import Action, ItcReduction
from india_ims.gst_india.money import format_inr
from india_ims.gst_india.rules import check_action
from india_ims.gst_india.rules.declaration import default_declaration, needs_declaration
from india_ims.gst_india.rules.lifecycle import unlink_purchase_invoice

from . import bulk, figures_store, judging, sqlread, sqlwrite
from .constants import ACTION_LOG, INWARD_SUPPLY, SETTINGS, SOURCE_RULE
from .context import STATE_COLUMNS, record_state, record_states, rule_context
from .rows import DECLARATION_COLUMNS, GSTN_COLUMNS, declaration_columns, declaration_of, upload_pending

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
LOAD_COLUMNS = tuple(dict.fromkeys(("name", *GSTN_COLUMNS, *STATE_COLUMNS, *DECLARATION_COLUMNS)))
_WRITTEN = ("action", "upload_pending", "upload_remarks", *DECLARATION_COLUMNS)
# The refusal of a request that lost a race: the record changed after the user last saw it.
CHANGED_MEANWHILE = "CHANGED_MEANWHILE"


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


def load_rows(
    names: Sequence[str], *, lock: bool = False, where: tuple[str, Mapping] | None = None
) -> list[dict]:
    """The rows as they are now: ``names``, or those a condition selects (``where``: SQL and its
    values, e.g. the tool's filters). ``lock`` reads them ``FOR UPDATE`` (in name order, so two
    requests on overlapping records queue instead of deadlocking) and holds them to the commit: a
    concurrent change waits, then judges and logs against what this one wrote."""
    if where is None:
        if not names:
            return []
        where = ("name in %(names)s", {"names": list(names)})
    condition, values = where
    return frappe.db.sql(
        f"select {', '.join(f'`{c}`' for c in LOAD_COLUMNS)} from `tab{INWARD_SUPPLY}` "
        f"where {condition}" + (" order by name for update" if lock else ""),
        dict(values),
        as_dict=True,
    )


def _locked_rows(names: Sequence[str], where: tuple[str, Mapping] | None) -> list[dict]:
    """``load_rows(names, lock=True, where=where)`` read as one JSON array a row (``sqlread``): for
    the 10,000 records of a bulk action pymysql decoded 40 fields a row in Python. Dates come as ISO
    text and amounts as floats, which ``row_to_record`` and ``to_paise`` read exactly.

    Rows are locked as the server reads them, before any sort: names are read off the primary key,
    so in name order; a filter's rows in the order of the index it ranges on, the same for two
    requests with the same filter. An ``order by name`` there only sorted them after locking
    (0.04 s of a bulk action's 10,000 rows in the server's filesort), so they are put in name order
    here, as the refusals and the log list them."""
    if where is None:
        if not names:
            return []
        condition, values, order = "name in %(names)s", {"names": list(names)}, " order by name"
    else:
        (condition, values), order = where, ""
    rows = sqlread.dict_rows(
        LOAD_COLUMNS, f"from `tab{INWARD_SUPPLY}` where {condition}{order} for update", dict(values)
    )
    if not order:
        rows.sort(key=itemgetter("name"))
    return rows


def _changed_meanwhile(rows: list[dict], seen: Mapping[str, str]) -> list[dict]:
    """Refusals for records whose action is no longer what the user saw (someone else changed it)."""
    stale = [row for row in rows if row["name"] in seen and (seen[row["name"]] or "") != row["action"]]
    if not stale:
        return []
    by = dict(
        frappe.db.sql(
            # a locking read sees the latest commit (a plain one, this transaction's snapshot)
            f"select name, modified_by from `tab{INWARD_SUPPLY}` where name in %(names)s for update",
            {"names": [row["name"] for row in stale]},
        )
    )
    return [
        {
            "name": row["name"],
            "code": CHANGED_MEANWHILE,
            "message": f"{row['name']}: changed from {seen[row['name']]} to {row['action']} by "
            f"{by.get(row['name']) or 'someone else'} since you loaded it; reload and choose again",
        }
        for row in stale
    ]


def describe_declaration(reduction: ItcReduction | None) -> str:
    """How the audit trail states a declared ITC reduction."""
    if reduction is None:
        return ""
    if not reduction.required:
        return "ITC reduction declared: N (ITC never availed, nothing to reduce)"
    if reduction.full_undeclared:
        return "ITC reduction declared: Y without amounts (the full reduction)"
    return (
        f"ITC reduction declared: Y (IGST {format_inr(reduction.igst)}, CGST {format_inr(reduction.cgst)}, "
        f"SGST {format_inr(reduction.sgst)}, cess {format_inr(reduction.cess)})"
    )


def declaration_defaults() -> tuple[str | None, str | None]:
    """IMS Settings' default credit-note declaration ("Y"/"N" or None) and the remarks sent with N."""
    settings = frappe.get_cached_doc(SETTINGS)
    choice = str(settings.get("default_itc_declaration") or "")[:1] or None
    return choice, settings.get("default_itc_remarks") or None


def _decisions(
    group: list[dict], new: Action, gstin: str, override_reason, remark, itc_reduction, defaults=None
):
    """One decision per row, and the declaration (and remarks) a row gets from the default."""
    context = rule_context(gstin)
    if itc_reduction is not None:
        # A declaration is per document (the caller allows one record): judged with every
        # ITC_REDUCTION_* and REMARKS_* rule.
        return [
            check_action(
                state, new, context, override_reason=override_reason, remarks=remark,
                itc_reduction=itc_reduction,
            )
            for state in record_states(group)
        ], {}
    # amendments with their stored originals (spec 1.8); the others are states of their row alone
    amendments = [row for row in group if row["section"] in judging.AMENDMENT_VALUES]
    amended = {row["name"]: state for row, state in zip(amendments, record_states(amendments))}
    defaulting = new is Action.ACCEPT and defaults and defaults[0]

    def state_of(row):
        return amended.get(row["name"]) or record_state(row)

    def judge(state):
        # An Accept of a credit note needs a declaration (IMSSAV0054): the default from IMS Settings,
        # judged per record; without a default the rules refuse it (ITC_DECLARATION_REQUIRED).
        if defaulting and needs_declaration(state, context):
            found = default_declaration(state.record, defaults[0], defaults[1])
            if found is not None:
                reduction, default_remarks = found
                decision = check_action(
                    state, new, context, override_reason=override_reason,
                    remarks=remark or default_remarks, itc_reduction=reduction,
                )
                return decision, found
        return check_action(state, new, context, override_reason=override_reason, remarks=remark), None

    # only refusals' words reach the user (set_actions' "refused"): allowed ones keep their kind's
    judged = judging.judge_rows(group, judge, state_of, name_allowed=False)
    by_name = {row["name"]: found for row, (_decision, found) in zip(group, judged) if found is not None}
    return [decision for decision, _found in judged], by_name


def set_actions(
    names: Sequence[str],
    action: str,
    *,
    source: str,
    mode: str = "all_or_nothing",
    remark: str | None = None,
    override_reason: str | None = None,
    itc_reduction: ItcReduction | None = None,
    seen: Mapping[str, str] | None = None,
    where: tuple[str, Mapping] | None = None,
) -> dict:
    """Judge ``action`` on every record and store it where allowed; returns what happened per record.

    ``where`` (SQL and values, ``queries``' conditions) selects the records instead of ``names``:
    a bulk action on all a filter selects reads them once, locked, with no list of names between.

    ``itc_reduction`` (one record only) is stored with an Accept for the next upload; any other
    action, and an Accept without one, clears an earlier declaration (latest wins, FAQ 12).

    The rows are read under a row lock, so each log row is one real change with its true
    before-state however many users act at once. ``seen`` (name -> the action the user was shown)
    makes it a compare-and-set: a record changed since is refused as CHANGED_MEANWHILE.
    """
    try:
        new = Action.from_label(action)
    except ValueError as error:
        frappe.throw(str(error), title=frappe._("Unknown action"))
    if itc_reduction is not None and (where is not None or len(names) != 1):
        frappe.throw(frappe._("An ITC reduction is declared per document: select exactly one record"))
    rows = _locked_rows(names, where)
    refused = _changed_meanwhile(rows, seen or {})
    stale = {item["name"] for item in refused}
    by_gstin: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        if row["name"] not in stale:
            by_gstin[row["company_gstin"]].append(row)
    unchanged = 0
    plans = []
    defaults = declaration_defaults() if new is Action.ACCEPT and itc_reduction is None else None
    defaulted: dict[str, tuple] = {}
    for gstin, group in by_gstin.items():
        decisions, by_name = _decisions(group, new, gstin, override_reason, remark, itc_reduction, defaults)
        defaulted.update(by_name)
        for row, decision in zip(group, decisions):
            wanted = defaulted[row["name"]][0] if row["name"] in defaulted else itc_reduction
            if not decision.allowed:
                refused.append({"name": row["name"], "code": decision.code, "message": decision.message})
            elif row["action"] == new.label and declaration_of(row) == wanted:
                unchanged += 1
            else:
                plans.append(row)
    if refused and mode == "all_or_nothing":
        return {"applied": 0, "unchanged": 0, "refused": refused, "refused_by_reason": _by_reason(refused),
                "mode": mode}
    declared = declaration_columns(itc_reduction if new is Action.ACCEPT else None)
    groups: dict[tuple, int] = {}
    befores: dict[tuple, int] = {}
    staged = []
    # without a defaulted declaration a record's new values differ only by GSTN's action
    by_gstn_action: dict[str, int] = {}

    def group_of(row: dict, own: dict, remarks: str) -> int:
        update = {"action": new.label, "upload_remarks": remarks, **own}
        # what ``upload_pending`` reads: the new action and declaration, and GSTN's action
        update["upload_pending"] = upload_pending({"gstn_action": row["gstn_action"], **update})
        return groups.setdefault(tuple(update[column] for column in _WRITTEN), len(groups))

    for row in plans:
        if row["name"] in defaulted:
            reduction, default_remarks = defaulted[row["name"]]
            group = group_of(row, declaration_columns(reduction), remark or default_remarks or "")
        else:
            group = by_gstn_action.get(row["gstn_action"])
            if group is None:
                group = by_gstn_action[row["gstn_action"]] = group_of(row, declared, remark or "")
        was = befores.setdefault((row["action"], row["company"], row["company_gstin"]), len(befores) + 1)
        staged.append((row["name"], group, was))
    by_default = "credit notes: ITC declaration from the IMS Settings default" if defaulted else ""
    note = "; ".join(
        part for part in (override_reason or remark, describe_declaration(itc_reduction), by_default) if part
    )
    _store(staged, groups, befores, new_action=new.label, source=source, remark=note)
    figures_store.after_write(row["company_gstin"] for row in plans)
    applied = [row["name"] for row in plans]
    return {"applied": len(applied), "unchanged": unchanged, "refused": refused,
            "refused_by_reason": _by_reason(refused), "mode": mode}


def _by_reason(refused: list[dict]) -> list[dict]:
    """The refusals counted by rule code, most first, each with one of its messages: thousands of
    records refused by a bulk action read as a few reasons."""
    counts: dict[str, dict] = {}
    for item in refused:
        code = item["code"]
        found = counts.setdefault(code, {"code": code, "count": 0, "message": item["message"]})
        found["count"] += 1
    return sorted(counts.values(), key=lambda reason: (-reason["count"], reason["code"] or ""))


_STAGE = (
    ("name", "varchar(140)"),
    ("grp", "int"),
    # which (action before, company, company GSTIN), numbered from 1: a few for ten thousand rows,
    # read with the rows under their lock; the log takes them from here, not by joining each record
    ("was", "int"),
)


def _store(
    staged: list[tuple],
    groups: dict[tuple, int],
    befores: dict[tuple, int],
    *,
    new_action: str,
    source: str,
    remark: str,
) -> None:
    """Write the planned rows and their Action Log in set-based statements: the names go into a
    temporary table once; each distinct set of new values (usually one or two: the action, whether
    it waits for upload, the declaration) is one ``UPDATE ... JOIN``, and the log one
    ``INSERT ... SELECT`` of the stage (each record's company and its action before, ``befores``).

    Within the caller's transaction: a failure rolls back the request whole."""
    if not staged:
        return
    now, user = now_datetime(), frappe.session.user
    sets = ", ".join(f"t.`{column}` = %s" for column in _WRITTEN)
    with bulk.staged(_STAGE, staged) as stage:
        for values, group in groups.items():
            frappe.db.sql(
                f"update `{stage}` v straight_join `tab{INWARD_SUPPLY}` t on t.name = v.name "
                f"set {sets}, t.modified = %s, t.modified_by = %s where v.grp = %s",
                (*values, now, user, group),
            )
        # Unique per request (a random stem of 10 hex digits: two requests share one once in 10^12)
        # and per row (its number in the stage), as Frappe's "hash" naming would be.
        listed = ", ".join(f"`{column}`" for column in _LOG_COLUMNS)
        values = {"stem": frappe.generate_hash(length=10), "now": now, "user": user, "new": new_action,
                  "source": source, "remark": remark}
        picked = []
        for position, part in enumerate(("action", "company", "gstin")):
            for before, number in befores.items():
                values[f"{part}{number}"] = before[position]
            picked.append("elt(v.was, " + ", ".join(f"%({part}{n})s" for n in befores.values()) + ")")
        frappe.db.sql(
            f"insert into `tab{ACTION_LOG}` (name, creation, modified, modified_by, owner, docstatus, idx, "
            f"{listed}) select concat(%(stem)s, v.seq), %(now)s, %(now)s, "
            f"%(user)s, %(user)s, 0, 0, v.name, {picked[1]}, {picked[2]}, {picked[0]}, %(new)s, "
            f"%(source)s, %(user)s, %(now)s, %(remark)s from `{stage}` v order by v.seq",
            values,
        )


def unlink(names: Sequence[str], *, reason: str, source: str = SOURCE_RULE) -> int:
    """Drop the Purchase Invoice link; an Accepted record goes back to No Action (logged)."""
    rows = load_rows(names, lock=True)
    updates, logs = [], defaultdict(list)
    for row in rows:
        after = unlink_purchase_invoice(record_state(row))
        new_action = (after.local_action or after.gstn_action).label
        update = {
            "name": row["name"],
            "purchase_invoice": None,
            "match_status": after.match_status.value if after.match_status else "",
            "match_reason": reason,
            "match_differences": None,
            "match_score": 0,
            "action": new_action,
            # a declaration only travels with Accept: it goes when the Accept goes
            **declaration_columns(declaration_of(row) if new_action == Action.ACCEPT.label else None),
        }
        update["upload_pending"] = upload_pending({**row, **update})
        updates.append(update)
        if new_action != row["action"]:
            logs[(row["company"], row["company_gstin"])].append(
                {"inward_supply": row["name"], "old_action": row["action"], "new_action": new_action}
            )
    sqlwrite.update_by_name(
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
            *DECLARATION_COLUMNS,
        ),
    )
    for (company, gstin), changes in logs.items():
        write_action_logs(changes, company=company, company_gstin=gstin, source=source, remark=reason)
    return len(updates)
