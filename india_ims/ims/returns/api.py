"""Whitelisted methods of the "GSTR-2B & 3B Preview (IMS)" page and the workspace's number card.

Same contract as ``ims.api``: type-annotated (no postponed annotations, so Frappe checks the
types), a permission check first, bad input a one-line 417 (``frappe.ValidationError``). Accounts
User views and starts the GSTR-2B download; Accounts Manager marks a GSTR-3B filed; only a
System Manager reopens a period, with a reason.
"""

import frappe
from frappe import _
from werkzeug.wrappers import Response

from india_ims.gst_india.documents import Amounts
from india_ims.gst_india.errors import GstError
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.returns.compare import BLOCKS, Reason
from india_ims.gst_india.returns.generation import can_generate_gstr2b

from .. import jobs
from ..constants import ADMIN_ROLE, INWARD_SUPPLY, KIND_GSTR2B_DOWNLOAD, MANAGER_ROLE, MAX_PAGE, RETURN_PERIOD
from ..context import rule_context
from ..permissions import check_gstin, require_manager, require_role, require_user
from ..tool_api import get_tool_setup
from . import charts, close, figures, preview, reports
from . import scope as scopes
from .own_added_back import own_added_back

HEADS = ("igst", "cgst", "sgst", "cess")


def _period(period: str) -> str:
    try:
        return str(ReturnPeriod.parse(period))
    except (GstError, ValueError, TypeError) as error:
        frappe.throw(_("period: {0}").format(error), title=_("Return period"))


def _rupees(amounts: Amounts | None) -> dict | None:
    if amounts is None:
        return None
    return {head: getattr(amounts, head) / 100 for head in HEADS} | {"total": amounts.total_tax / 100}


def _quarter_month(scope_context, period: str) -> dict | None:
    decision = can_generate_gstr2b(period, scope_context)
    if decision.code != "QRMP_MONTH_WITHOUT_2B":
        return None
    return {
        "message": decision.message + " (FAQ 27). The figures below are the quarter's GSTR-2BQ.",
        "quarter_period": str(ReturnPeriod.parse(period).quarter_end),
    }


def _behind(scope) -> dict | None:
    """The words a view shows while the background refresh is adding records (``Scope.behind``)."""
    if not scope.behind:
        return None
    records, changed_at = scope.behind
    at = reports.clock_text(changed_at)
    return {
        "records": records,
        "changed_at": str(changed_at or ""),
        "message": _(
            "{0} record(s) changed at {1} are being added to these figures in the background: the "
            "figures below are from before that change and do not include them yet. Copying Table 4 "
            "is off until they are in; this page refreshes itself."
        ).format(reports.count_text(records), at),
    }


@frappe.whitelist()
def get_returns_setup() -> dict:
    """GSTINs and periods as the IMS Tool offers them, and what this user may do here."""
    require_user()
    setup = get_tool_setup()
    roles = set(frappe.get_roles())
    setup["can_close"] = bool(roles & {MANAGER_ROLE, ADMIN_ROLE})
    setup["can_reopen"] = ADMIN_ROLE in roles
    return setup


@frappe.whitelist()
def get_comparison(company_gstin: str, period: str) -> dict:
    """The local preview beside GSTN's GSTR-2B per block and tax head, what explains the difference,
    GSTR-3B Table 4 from both, and the period's close status."""
    require_user()
    check_gstin(company_gstin, "read")
    asked = _period(period)
    scope = scopes.build(company_gstin, asked, may_lag=True)
    data = {key: value for key, value in figures.period_figures(scope).items() if key != "explanations"}
    behind = _behind(scope)
    if behind:  # a return is never copied from figures that are not final
        data["copy_local"] = data["copy_gstn"] = None
    pending_uploads = data.pop("not_uploaded")
    period_row = frappe.db.get_value(
        RETURN_PERIOD,
        {"company_gstin": company_gstin, "return_period": scope.period},
        [
            "name",
            "gstr2b_status",
            "gstr2b_generated_on",
            "recompute_needed",
            "gstr3b_filed",
            "gstr3b_filed_on",
            "gstr3b_filed_by",
        ],
        as_dict=True,
    )
    events = (
        frappe.get_all(
            "IMS Return Period Event",
            filters={"parent": period_row.name, "parenttype": RETURN_PERIOD},
            fields=["event", "user", "at", "reason", "outcome"],
            order_by="idx desc",
            limit=20,
        )
        if period_row
        else []
    )
    return {
        **data,
        "period": scope.period,
        "period_label": ReturnPeriod.parse(scope.period).label,
        "asked_period": asked,
        "quarterly": scope.quarterly,
        "quarter_month": _quarter_month(scope.context, asked) if scope.quarterly else None,
        "words": preview.recompute_words(scope, data["stale"], data["gstr2b"], pending_uploads),
        # outside the figures' cache: the supplier view's downloads do not move its version
        "own_added_back": own_added_back(scope.company_gstin, scope.period, scope.quarterly),
        "not_uploaded": pending_uploads,
        "close": {**(period_row or {}), "events": events, "filed": scope.filed},
        "behind": behind,
    }


@frappe.whitelist()
def get_difference_documents(
    company_gstin: str,
    period: str,
    reason: str | None = None,
    block: str | None = None,
    page: int = 1,
    page_length: int = 50,
) -> dict:
    """The documents behind a difference, optionally of one reason or one block, a page at a time."""
    require_user()
    check_gstin(company_gstin, "read")
    scope = scopes.build(company_gstin, _period(period), may_lag=True)
    if reason and reason not in Reason.__members__:
        frappe.throw(_("reason must be one of {0}").format(", ".join(Reason.__members__)))
    if block and block not in {b.value for b in BLOCKS}:
        frappe.throw(_("block must be one of {0}").format(", ".join(b.value for b in BLOCKS)))
    items = [
        item
        for item in figures.period_figures(scope)["explanations"]
        if (not reason or item["reason"] == reason) and (not block or block in item["effects"])
    ]
    page_length = max(1, min(int(page_length), MAX_PAGE))
    page = max(1, int(page))
    return {
        "rows": items[(page - 1) * page_length : page * page_length],
        "total": len(items),
        "page": page,
        "page_length": page_length,
        "behind": _behind(scope),
    }


@frappe.whitelist()
def get_charts(company_gstin: str, period: str, top: int = 10) -> dict:
    require_user()
    check_gstin(company_gstin, "read")
    scope = scopes.build(company_gstin, _period(period), may_lag=True)
    data = figures.chart_figures(scope)
    return {
        "by_action": data["by_action"],
        "top_suppliers": data["suppliers"][: max(1, min(int(top), 50))],
        "trend": data["trend"],
        "behind": _behind(scope),
    }


@frappe.whitelist()
def start_gstr2b_download(company_gstin: str, period: str) -> dict:
    """Queue the download of GSTN's GSTR-2B (every file) for the period."""
    require_user()
    check_gstin(company_gstin, "read")
    # only the GSTR-2B period is read here: no stored part, so no refresh to wait for
    scope = scopes.build(company_gstin, _period(period), fresh=False)
    return jobs.enqueue_job(KIND_GSTR2B_DOWNLOAD, company_gstin, scope.period)


@frappe.whitelist()
def get_close_preview(company_gstin: str, period: str) -> dict:
    """What marking the GSTR-3B filed would do, before it is done."""
    require_manager()
    check_gstin(company_gstin, "write")
    return close.preview(company_gstin, _period(period))


@frappe.whitelist(methods=["POST"])
def mark_gstr3b_filed(
    company_gstin: str, period: str, filed_on: str | None = None, discard_not_uploaded: bool = False
) -> dict:
    """Record that the period's GSTR-3B is filed: its actions freeze (FAQ 12), pending records roll on."""
    require_manager()
    company = check_gstin(company_gstin, "write")
    if filed_on:
        try:
            filed_on = frappe.utils.getdate(filed_on)
        except Exception:
            frappe.throw(_("filed_on: {0!r} is not a date").format(filed_on))
        if filed_on > scopes.today_date():
            frappe.throw(_("filed_on: {0} is in the future").format(filed_on))
    return close.close(
        company,
        company_gstin,
        _period(period),
        filed_on=filed_on,
        discard_not_uploaded=bool(discard_not_uploaded),
    )


@frappe.whitelist(methods=["POST"])
def reopen_period(company_gstin: str, period: str, reason: str) -> dict:
    """Undo a close: System Manager only, with a reason that is kept."""
    require_role(ADMIN_ROLE)  # System Manager only: no other role passes
    company = check_gstin(company_gstin, "write")
    return close.reopen(company, company_gstin, _period(period), reason)


@frappe.whitelist()
def download_register(filters: str | dict) -> Response:
    """Every record of the IMS Register for the filters, as a CSV file streamed a chunk at a time (the
    report on screen shows the first rows: ``reports.SCREEN_ROWS``)."""
    require_user()
    frappe.permissions.can_export(INWARD_SUPPLY, raise_exception=True)
    filters = frappe._dict(frappe.parse_json(filters) or {})
    lines = reports.register_csv(filters)  # checks the filters and the GSTIN first
    name = f"IMS Register {filters.company_gstin.strip().upper()} {filters.period}.csv"
    response = Response(lines, mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@frappe.whitelist()
def itc_at_stake_card(filters: str | dict | None = None) -> dict:
    """Number card: ITC at stake over the open periods of every GSTIN the user may see."""
    require_user()
    total = 0.0
    for row in get_tool_setup()["gstins"]:
        try:
            check_gstin(row.gstin, "read")
        except frappe.PermissionError:
            continue
        # a card on the desk's home page must not hold it while a download's records are refreshed:
        # it shows the sum as it stands, and the preview it leads to says what is not in it yet
        total += charts.open_at_stake(row.gstin, rule_context(row.gstin), may_lag=True)
    return {"value": total, "fieldtype": "Currency", "route": ["ims-returns"]}
