"""Whitelisted methods the IMS Tool page needs beyond ``api``: its set-up, one record's detail,
ITC at stake, job results and the Excel export.

Same contract as ``api``: every method is type-annotated (no postponed
annotations, so Frappe checks the types) and starts with a permission check
from ``permissions``. Reads only; actions and jobs stay in ``api``.
"""

import hashlib
import json

import frappe

from india_ims.gst_india.documents import Action, Amounts
from india_ims.gst_india.matching.explain import books_amounts, books_document_type
from india_ims.gst_india.periods import ReturnPeriod, section_16_4_deadline
from india_ims.gst_india.returns import can_generate_gstr2b
from india_ims.gst_india.returns.effects import action_effect, replaced_effect
from india_ims.gst_india.rules import check_action
from india_ims.gst_india.rules.classify import itc_deadline, pending_past_section_16_4

from . import (
    actions,
    clock,
    export,
    figures_store,
    originals,
    purchases,
    receipt,
    stake_sums,
    state_index,
    synclog,
)
from .args import as_filters, as_list, as_period
from .constants import ACTION_LOG, INWARD_SUPPLY, MANAGER_ROLE, MAX_PAGE, SETTINGS, SYNC_LOG, SYNC_LOG_ERROR
from .context import is_quarterly, record_states, rule_context
from .permissions import allowed_companies, check_company, check_gstin, check_records, require_user
from .returns.cache import cached
from .returns.reports import clock_text, count_text
from .returns.scope import build as return_scope
from .summary_replaced import replacing_amendments
from .suppliers import master_names

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
SIDE_FIELDS = ("supplier_gstin", "document_type", "document_number", "document_date", "place_of_supply")
LOG_FIELDS = (*synclog.STATUS_FIELDS, "return_period", "requested_by")
MAX_ERRORS = 500
LAST_VIEW_KEY = "ims_tool_last_view"


def _rupees(amounts: Amounts) -> dict:
    return {head: getattr(amounts, head) / 100 for head in HEADS} | {"total_tax": amounts.total_tax / 100}






# ---------------------------------------------------------------- set-up


@frappe.whitelist()
def get_tool_setup() -> dict:
    """Companies and GSTINs the user may work on, the default period, and what the user may do."""
    require_user()
    companies = allowed_companies()
    gstins = frappe.get_all(
        "IMS Settings GSTIN",
        filters={"parenttype": SETTINGS, "company": ("in", companies or [""])},
        fields=["company", "gstin", "quarterly_filer", "enabled"],
        order_by="company, gstin",
    )
    counts = dict(
        frappe.db.sql(
            f"select company_gstin, count(*) from `tab{INWARD_SUPPLY}` where company_gstin in %(gstins)s "
            "group by company_gstin",
            {"gstins": [row.gstin for row in gstins] or [""]},
        )
    )
    day = clock.today()
    for row in gstins:
        row["records"] = counts.get(row.gstin, 0)
        row["default_period"] = str(_default_period(day, bool(row.quarterly_filer)))
    roles = set(frappe.get_roles())
    last = frappe.parse_json(frappe.defaults.get_user_default(LAST_VIEW_KEY) or "{}") or {}
    if last.get("company_gstin") not in {row.gstin for row in gstins}:
        last = {}
    return {
        "gstins": gstins,
        "companies": sorted({row.company for row in gstins}),
        "default_period": str(_default_period(day, False)),
        "last": last,
        "can_upload": bool(roles & {MANAGER_ROLE, "System Manager"}),
    }


def _default_period(day, quarterly: bool) -> ReturnPeriod:
    """The GSTR-3B period a CA is filing: last month's (the last quarter's for a QRMP filer)."""
    return ReturnPeriod.of(day).previous().gstr2b_period(quarterly=quarterly)


@frappe.whitelist()
def remember_view(company_gstin: str, period: str | None = None) -> None:
    """The GSTIN and period the user works on, so the tool opens on them next time."""
    check_gstin(company_gstin, "read")
    value = frappe.as_json({"company_gstin": company_gstin, "period": as_period(period) or ""})
    frappe.defaults.set_user_default(LAST_VIEW_KEY, value)


@frappe.whitelist()
def get_period_info(company_gstin: str, period: str) -> dict:
    """What GSTN allows for this GSTR-3B period today: regenerating its GSTR-2B (after the 14th,
    before the 3B), and whether documents of the period are past Section 16(4)."""
    check_gstin(company_gstin, "read")
    parsed = ReturnPeriod.parse(as_period(period))
    context = rule_context(company_gstin)
    regenerate = can_generate_gstr2b(parsed, context)
    deadline = section_16_4_deadline(parsed.last_day)
    return {
        "period": str(parsed),
        "label": parsed.label,
        "gstr3b_filed": context.is_3b_filed(parsed),
        "regenerate_allowed": regenerate.allowed,
        "regenerate_reason": regenerate.message,
        "section_16_4_deadline": deadline,
        "section_16_4_past": context.today > deadline,
    }


# ---------------------------------------------------------------- one record


def _books(record: dict) -> dict | None:
    if not record.get("purchase_invoice"):
        return None
    found = purchases.load(record["company_gstin"], names=[record["purchase_invoice"]])
    if not found:
        return None
    document = found[0]
    amounts = books_amounts(document)
    return {
        "name": document.name,
        "supplier_gstin": document.supplier_gstin,
        "document_type": books_document_type(document).value,
        "document_number": document.bill_no,
        "document_date": document.bill_date or document.posting_date,
        "place_of_supply": document.place_of_supply,
        "supplier_name": document.supplier_name,
        **{head: getattr(amounts, head) / 100 for head in HEADS},
    }


def _effects(row: dict, replaced_by: str | None = None) -> list[dict]:
    """What each action would do to ITC, and whether the rules engine allows it now; ``replaced_by``:
    the amendment of the same period that replaces this original (FAQ 13)."""
    state = record_states([row])[0]  # an amendment with its stored original (spec 1.8)
    context = rule_context(row["company_gstin"])
    original = originals.original_text(state)
    out = []
    for action in Action:
        effect = action_effect(state, action, context)
        if replaced_by:
            effect = replaced_effect(effect, replaced_by)
        decision = check_action(state, action, context)
        out.append(
            {
                "action": action.label,
                "allowed": decision.allowed,
                "code": decision.code,
                "message": decision.message,
                "recipient_itc": _rupees(effect.recipient_itc),
                "supplier_liability": _rupees(effect.supplier_liability),
                "gstr2b_block": effect.gstr2b_block.value if effect.gstr2b_block else None,
                "table4_row": effect.table4_row,
                "text": f"{effect.text} {original}".strip(),
                "confirmed": effect.confirmed,
            }
        )
    return out


@frappe.whitelist()
def get_record_detail(name: str) -> dict:
    """IMS values against the linked Purchase Invoice, the differences, the action history and
    the effect of each action on ITC."""
    check_records([name], "read")
    record = frappe.db.get_value(INWARD_SUPPLY, name, "*", as_dict=True)
    loaded = actions.load_rows([name])
    history = frappe.get_all(
        ACTION_LOG,
        filters={"inward_supply": name},
        fields=["logged_at", "user", "source", "old_action", "new_action", "remark"],
        order_by="logged_at desc, creation desc",
        limit=100,
    )
    try:
        differences = json.loads(record.match_differences or "[]")
    except ValueError:
        differences = []
    master = master_names([record.supplier_gstin]).get(record.supplier_gstin)
    replaced_by = replacing_amendments([name]).get(name)
    return {
        "record": record,
        "supplier_name": master or record.supplier_name,
        "ims": {field: record.get(field) for field in (*SIDE_FIELDS, *HEADS)},
        "books": _books(record),
        "differences": differences,
        "history": history,
        "effects": _effects(loaded[0], replaced_by) if loaded else [],
        # FAQ 21: kept Pending past Section 16(4), it has left IMS (every action refused, NOT_IN_IMS)
        "left_ims": _left_ims(loaded).get(name),
        # FAQ 13: an original its amendment of the same period replaces (GSTR-2B carries the amendment)
        "replaced_by": replaced_by,
        # an amendment: where its original was found, or that it is unknown (spec 1.8, 4.3)
        "original": originals.original_text(record_states(loaded)[0]) if loaded else "",
        "gstr2b_period_basis": record.get("gstr2b_period_basis") or "",
        # the Purchase Invoice field holding the supplier's GSTIN (India Compliance's or this app's)
        "pi_supplier_gstin_field": purchases.field_map()["supplier_gstin"],
    }


def _left_ims(rows: list[dict]) -> dict[str, dict]:
    """FAQ 21: the loaded rows GSTN holds Pending past their Section 16(4) deadline, which have left
    IMS (the portal removes them; the rules engine refuses every action with NOT_IN_IMS), each with
    its deadline. The core decides (``pending_past_section_16_4``), the screen only shows it."""
    rows = [row for row in rows if row.get("gstn_action") == Action.PENDING.label]
    if not rows:
        return {}
    contexts = {gstin: rule_context(gstin) for gstin in {row["company_gstin"] for row in rows}}
    out = {}
    for state, row in zip(record_states(rows), rows):
        context = contexts[row["company_gstin"]]
        if pending_past_section_16_4(state, context):
            out[row["name"]] = {"deadline": str(itc_deadline(state, context))}
    return out


@frappe.whitelist()
def get_left_ims(company_gstin: str, names: str | list) -> dict:
    """Of the named records (a page of the Document View), those that have left IMS under FAQ 21,
    each with its Section 16(4) deadline: the list shows them as such, not as Pending records."""
    check_gstin(company_gstin, "read")
    names = as_list(names, "names")
    if len(names) > MAX_PAGE:
        frappe.throw(f"names: at most {MAX_PAGE} records at a time", frappe.ValidationError)
    if not names:
        return {}
    # bound to the GSTIN checked above: a name of another company's record reads as not there
    where = ("company_gstin = %(gstin)s and name in %(names)s and gstn_action = 'Pending'",
             {"gstin": company_gstin, "names": names})
    return _left_ims(actions.load_rows([], where=where))


# ---------------------------------------------------------------- ITC at stake


@frappe.whitelist()
def get_itc_at_stake(
    company_gstin: str, period: str, filters: str | dict | None = None, top: int = 10
) -> dict:
    """ITC the current actions move against accepting everything, for the records (under the tool's
    filters) whose action counts in this GSTR-2B period; the suppliers moving the most first."""
    check_gstin(company_gstin, "read")
    period = as_period(period)
    filters = as_filters(filters)
    context = rule_context(company_gstin)
    # Right after a download the background refresh is adding a month of stored parts: refreshing
    # them here instead took the request 33 s at a lakh (and fought the job for the same rows), so
    # the screen gets the figures as they stand and says how many records are not in them yet.
    lag = figures_store.ensure_fresh(company_gstin, may_lag=True).get("behind")
    # One grouped query over the records' stored parts; the screen asks again on every tab switch, so
    # the answer is also kept per data version (returns.cache: any write, action, filed period or new
    # day changes it) and per filter set. While behind, also per count of records still waiting: the
    # refresh moves no data version, but each chunk it commits lowers that count (and a screen asking
    # every few seconds meanwhile summed the month each time, 0.14-0.39 s beside the job).
    if period:
        scope = return_scope(company_gstin, period, context, fresh=False)
        kind = "tool_stake:" + hashlib.sha1(frappe.as_json(filters or {}).encode()).hexdigest()[:12]
        if lag:
            kind += f":behind:{int(lag['records'])}"
        stake = cached(scope, kind, lambda: _stake(company_gstin, period, filters, context, scope.replaced))
    else:
        stake = _stake(company_gstin, period, filters, context, None)  # stake_sums finds the replaced
    moving = [s for s in stake.suppliers if s.moved.total_tax][: max(0, int(top))]
    # each supplier's name from one of its rows (the first by name, off the gstin_supplier index)
    first = frappe.db.sql_list(
        f"select min(name) from `tab{INWARD_SUPPLY}` force index (gstin_supplier) "
        "where company_gstin = %(gstin)s and supplier_gstin in %(suppliers)s group by supplier_gstin",
        {"gstin": company_gstin, "suppliers": [s.supplier_gstin for s in moving] or [""]},
    )
    names_by_gstin = dict(
        frappe.db.sql(
            f"select supplier_gstin, supplier_name from `tab{INWARD_SUPPLY}` where name in %(names)s",
            {"names": first or [""]},
        )
    )
    names_by_gstin.update(master_names(names_by_gstin))
    return {
        "all_accepted": _rupees(stake.all_accepted),
        "current": _rupees(stake.current),
        "moved": _rupees(stake.moved),
        "moved_by_action": {action.label: _rupees(stake.moved_by(action)) for action in Action},
        # FAQ 21: listed under Pending, counted in no ITC figure above
        "left_ims": stake_sums.left_ims(company_gstin, period, filters, context),
        "behind": _behind_note(lag),
        "suppliers": [
            {
                "supplier_gstin": s.supplier_gstin,
                "supplier_name": names_by_gstin.get(s.supplier_gstin) or "",
                "records": s.moved_records,
                "moved": _rupees(s.moved),
            }
            for s in moving
        ],
    }


def _stake(company_gstin: str, period: str, filters, context, replaced):
    # the core's itc_at_stake, summed from each record's stored part (figures_store), made fresh
    # (or found behind) by the caller
    return stake_sums.itc_at_stake(company_gstin, period, filters, context, fresh=False, replaced=replaced)


def _behind_note(lag: dict | None) -> dict | None:
    """What the ITC at stake cards say while the background refresh adds records to them."""
    if not lag:
        return None
    at = clock_text(lag.get("changed_at"))
    return {
        "records": int(lag["records"]),
        "message": frappe._(
            "{0} records written at {1} are being added to these ITC figures in the background: the "
            "figures below do not count them yet. They fill in by themselves in a minute or so."
        ).format(count_text(int(lag["records"])), at),
    }


@frappe.whitelist()
def get_pending_changes(company_gstin: str) -> list[dict]:
    """What the next upload sends: changed actions by what GSTN holds and what it becomes."""
    check_gstin(company_gstin, "read")
    return frappe.db.sql(
        f"select gstn_action, action, count(*) as count, sum(taxable_value) as taxable_value, "
        f"sum(igst + cgst + sgst + cess) as total_tax {state_index.pending_from()} "
        "group by gstn_action, action order by gstn_action, action",
        company_gstin,
        as_dict=True,
    )


# ---------------------------------------------------------------- jobs


@frappe.whitelist()
def get_sync_result(sync_log: str) -> dict:
    """A Sync Log with its per-record errors (an upload's refusals), the first 500."""
    check_company(frappe.db.get_value(SYNC_LOG, sync_log, "company") or "", "read")
    log = frappe.db.get_value(SYNC_LOG, sync_log, LOG_FIELDS, as_dict=True)
    log["errors"] = frappe.get_all(
        SYNC_LOG_ERROR,
        filters={"parent": sync_log, "parenttype": SYNC_LOG},
        fields=["section", "supplier_gstin", "document_number", "inward_supply", "error_code", "message"],
        order_by="idx",
        limit=MAX_ERRORS,
    )
    log["error_count"] = frappe.db.count(SYNC_LOG_ERROR, {"parent": sync_log, "parenttype": SYNC_LOG})
    return log


@frappe.whitelist()
def get_recent_jobs(company_gstin: str) -> dict:
    """The latest Sync Log of each kind for a GSTIN, so the page knows what runs when it opens."""
    check_gstin(company_gstin, "read")
    latest = {}
    for row in frappe.get_all(
        SYNC_LOG,
        filters={"company_gstin": company_gstin},
        fields=LOG_FIELDS,
        order_by="creation desc",
        limit=40,
    ):
        latest.setdefault(row.kind, row)
    pending = frappe.db.sql(f"select count(*) {state_index.pending_from()}", company_gstin)[0][0]
    # Counted by the GSTR-3B period the tool shows (a record the supplier has not filed yet counts
    # under its filing period), so the period list and the tabs agree.
    periods = frappe.db.sql(
        "select if(ifnull(gstr2b_period, '') = '', supplier_return_period, gstr2b_period) as period, "
        f"count(*) as count from `tab{INWARD_SUPPLY}` where company_gstin = %s group by 1",
        company_gstin,
        as_dict=True,
    )
    return {
        "latest": latest,
        "upload_pending": pending,
        "quarterly": is_quarterly(company_gstin),
        "periods": periods,
    }


# ---------------------------------------------------------------- receipts and refusals


def _check_log(sync_log: str) -> None:
    check_company(frappe.db.get_value(SYNC_LOG, sync_log, "company") or "", "read")


@frappe.whitelist()
def get_upload_receipt(sync_log: str) -> dict:
    """What GSTN saved and refused (by document number and reason) and its reference ids."""
    _check_log(sync_log)
    return receipt.receipt(sync_log)


@frappe.whitelist()
def export_upload_receipt(sync_log: str) -> None:
    _check_log(sync_log)
    data = receipt.receipt(sync_log)
    frappe.response["filename"] = f"IMS-receipt-{sync_log}.xlsx"
    frappe.response["filecontent"] = receipt.receipt_workbook(data)
    frappe.response["type"] = "binary"


# ---------------------------------------------------------------- export


@frappe.whitelist()
def export_documents(
    company_gstin: str,
    period: str | None = None,
    filters: str | dict | None = None,
    period_field: str = "supplier_return_period",
) -> None:
    """Download the Document View (current filters) as the workbook a CA hands to a client."""
    check_gstin(company_gstin, "read")
    period = as_period(period)
    content = export.workbook_bytes(company_gstin, period, period_field, as_filters(filters))
    frappe.response["filename"] = f"IMS-{company_gstin}-{period or 'all'}.xlsx"
    frappe.response["filecontent"] = content
    frappe.response["type"] = "binary"
