"""Whitelisted methods of the supplier view and the follow-up e-mails.

Every method is type-annotated (Frappe validates the types; no postponed annotations here, so it
can), checks permissions first, and raises a ValidationError (HTTP 417) on bad input. Downloads and
bulk e-mails are queued through ``jobs``.
"""

import frappe
from frappe import _

from india_ims import compat
from india_ims.gst_india.outward import followup as core
from india_ims.gst_india.outward import liability

from .. import jobs
from ..args import as_filters, as_list, as_period
from ..constants import KIND_FOLLOW_UP, KIND_SUPPLIER_VIEW
from ..permissions import check_gstin, require_manager, require_user
from . import export, followup, pairing
from .store import ADDED_BACK, OUTWARD_SUPPLY

ACTIONS = ("Accepted", "Rejected", "Pending", "No Action")
FILTERABLE = {"recipient_gstin", "recipient_action", "match_status", "section", "customer"}
LIST_FIELDS = (
    "name",
    "recipient_gstin",
    "recipient_name",
    "customer",
    "section",
    "document_type",
    "document_number",
    "document_date",
    "document_value",
    "taxable_value",
    "igst",
    "cgst",
    "sgst",
    "cess",
    "recipient_action",
    "adds_back",
    "sales_invoice",
    "match_status",
    "match_reason",
    "return_type",
    "last_follow_up",
)


def _required_period(period: str | None) -> str:
    checked = as_period(period)
    if not checked:
        frappe.throw(_("period is required (MMYYYY)"), title=_("Invalid argument"))
    return checked


def _filters(company_gstin: str, period: str, filters: str | dict | None) -> dict:
    given = as_filters(filters)
    unknown = sorted(set(given) - FILTERABLE)
    if unknown:
        frappe.throw(
            _("filters: unknown field(s) {0}").format(", ".join(unknown)), title=_("Invalid argument")
        )
    action = given.get("recipient_action")
    if action and action not in ACTIONS:
        frappe.throw(_("filters.recipient_action must be one of {0}").format(", ".join(ACTIONS)))
    return {**given, "company_gstin": company_gstin, "return_period": period}


@frappe.whitelist()
def download_supplier_view(company_gstin: str, period: str) -> dict:
    """Queue the supplier view of a period (our sales, recipients' actions, added-back liabilities)."""
    require_user()
    check_gstin(company_gstin, "write")
    return jobs.enqueue_job(KIND_SUPPLIER_VIEW, company_gstin.strip().upper(), _required_period(period))


@frappe.whitelist()
def get_summary(company_gstin: str, period: str, filters: str | dict | None = None) -> dict:
    """Documents and values per customer and recipient's action, totals per action and match status."""
    require_user()
    check_gstin(company_gstin, "read")
    where = _filters(company_gstin.strip().upper(), _required_period(period), filters)
    agg = compat.aggregate
    heads = ("igst", "cgst", "sgst", "cess")
    rows = frappe.get_all(
        OUTWARD_SUPPLY,
        filters=where,
        fields=[
            "recipient_gstin",
            agg("max", "recipient_name", "recipient_name"),
            "recipient_action",
            agg("count", "*", "documents"),
            agg("sum", "document_value", "document_value"),
            *(agg("sum", head, f"tax_{head}") for head in heads),
        ],
        group_by="recipient_gstin, recipient_action",
        order_by="recipient_gstin, recipient_action",
    )
    # One sum per head, added here: Frappe 16's field syntax takes a function of one column.
    for row in rows:
        row["tax"] = sum(row.pop(f"tax_{head}") or 0 for head in heads)
    by_action = frappe.get_all(
        OUTWARD_SUPPLY,
        filters=where,
        fields=[
            "recipient_action",
            agg("count", "*", "documents"),
            agg("sum", "document_value", "document_value"),
        ],
        group_by="recipient_action",
    )
    by_match = frappe.get_all(
        OUTWARD_SUPPLY,
        filters=where,
        fields=["match_status", agg("count", "*", "documents")],
        group_by="match_status",
    )
    return {"by_customer": rows, "by_action": by_action, "by_match": by_match}


@frappe.whitelist()
def get_documents(
    company_gstin: str, period: str, filters: str | dict | None = None, page: int = 1, page_length: int = 100
) -> dict:
    require_user()
    check_gstin(company_gstin, "read")
    if page < 1 or not 1 <= page_length <= 500:
        frappe.throw(_("page must be 1 or more and page_length 1 to 500"), title=_("Invalid argument"))
    where = _filters(company_gstin.strip().upper(), _required_period(period), filters)
    return {
        "rows": frappe.get_all(
            OUTWARD_SUPPLY,
            filters=where,
            fields=list(LIST_FIELDS),
            order_by="recipient_gstin, document_date, document_number",
            **compat.list_page(page_length, (page - 1) * page_length),
        ),
        "total": frappe.db.count(OUTWARD_SUPPLY, where),
    }


@frappe.whitelist()
def get_added_back(company_gstin: str, period: str | None = None) -> dict:
    """Added-back liabilities per GSTR-3B period (all periods, or the one given), with the lines."""
    require_user()
    check_gstin(company_gstin, "read")
    where = {"company_gstin": company_gstin.strip().upper()}
    period = as_period(period)
    if period:
        where["landing_period"] = period
    lines = frappe.get_all(
        ADDED_BACK,
        filters=where,
        fields=[
            "name",
            "landing_period",
            "basis",
            "recipient_gstin",
            "section",
            "document_number",
            "document_date",
            "supplier_period",
            "outward_supply",
            "taxable_value",
            "igst",
            "cgst",
            "sgst",
            "cess",
            "total_tax",
            "expected_igst",
            "expected_cgst",
            "expected_sgst",
            "expected_cess",
            "expected_total_tax",
            "gstn_differs",
        ],
        order_by="landing_period, recipient_gstin, document_number",
    )
    periods: dict[str, dict] = {}
    for line in lines:
        total = periods.setdefault(
            line.landing_period,
            {
                "period": line.landing_period,
                "documents": 0,
                "awaiting": 0,
                "igst": 0,
                "cgst": 0,
                "sgst": 0,
                "cess": 0,
                "total_tax": 0,
                "differs": 0,  # lines where GSTN's figure is not the one we worked out
                "table": liability.GSTR3B_TABLE,
                "table_words": liability.TABLE_WORDS,
            },
        )
        total["documents"] += 1
        total["awaiting"] += line.basis == liability.AWAITING
        total["differs"] += bool(line.gstn_differs)
        for head in ("igst", "cgst", "sgst", "cess", "total_tax"):
            total[head] += float(line[head] or 0)
    return {"periods": list(periods.values()), "lines": lines}


@frappe.whitelist()
def get_not_reported(company_gstin: str, period: str) -> list:
    """Sales Invoices to registered customers that the supplier view of the period does not show."""
    require_user()
    check_gstin(company_gstin, "read")
    rows, records, books = pairing.scope(company_gstin.strip().upper(), _required_period(period))
    from india_ims.gst_india.outward.pairing import pair_sales

    from ..reconcile import match_settings

    return [
        pairing._not_reported(books[result.book_index], result)
        for result in pair_sales(records, books, match_settings())
        if result.sale_index is None
    ]


@frappe.whitelist()
def sales_invoice_status(sales_invoice: str) -> dict | None:
    """The recipient's IMS action on one Sales Invoice (for the headline on its form; the form asks
    only when the user may read IMS Outward Supply)."""
    require_user()
    if not frappe.has_permission("Sales Invoice", "read", doc=sales_invoice):
        raise frappe.PermissionError(_("You are not permitted to read {0}").format(sales_invoice))
    row = frappe.db.get_value(
        OUTWARD_SUPPLY,
        {"sales_invoice": sales_invoice},
        [
            "name",
            "recipient_action",
            "match_status",
            "return_period",
            "adds_back",
            "remarks",
            "company_gstin",
        ],
        as_dict=True,
        order_by="return_period desc",
    )
    if row:
        check_gstin(row.company_gstin, "read")
        row.pop("company_gstin")
    return row


@frappe.whitelist()
def export_supplier_view(company_gstin: str, period: str, filters: str | dict | None = None) -> None:
    """The supplier view (current filters) as .xlsx; text cells stay text."""
    require_user()
    check_gstin(company_gstin, "read")
    where = _filters(company_gstin.strip().upper(), _required_period(period), filters)
    frappe.response["filename"] = f"IMS-Supplier-View-{company_gstin}-{period}.xlsx"
    frappe.response["filecontent"] = export.workbook(where)
    frappe.response["type"] = "binary"


# ---------------------------------------------------------------- follow-up e-mails


def _side(side: str) -> str:
    if side not in (core.CUSTOMERS, core.SUPPLIERS):
        frappe.throw(_("side must be customers or suppliers"), title=_("Invalid argument"))
    return side


@frappe.whitelist()
def preview_follow_up(company_gstin: str, period: str, side: str) -> dict:
    """Each party's e-mail as it would be sent (a party without an address is listed with none)."""
    require_user()
    check_gstin(company_gstin, "read")
    return followup.preview(company_gstin.strip().upper(), _required_period(period), _side(side))


@frappe.whitelist()
def send_follow_up(
    company_gstin: str, period: str, side: str, parties: str | list, send_again: bool | int | str = False
) -> dict:
    """Queue the e-mails to the chosen parties (GSTINs): an Accounts Manager's explicit action.

    Writing again about the same documents within the resend window needs ``send_again``."""
    require_manager()
    check_gstin(company_gstin, "write")
    chosen = as_list(parties, "parties")
    if not chosen:
        frappe.throw(_("parties: choose at least one party (GSTIN) to write to"), title=_("Invalid argument"))
    gstin, month, which = company_gstin.strip().upper(), _required_period(period), _side(side)
    again = str(send_again).strip().lower() in ("1", "true", "yes")
    if not again:
        repeated = followup.repeats(gstin, month, which, chosen)
        if repeated:
            frappe.throw(
                _(
                    "send_follow_up: already written to {0} about the same documents less than {1} days "
                    "ago (last letter shown); confirm \"send again\" to write once more"
                ).format(", ".join(repeated), core.RESEND_AFTER_DAYS),
                title=_("Sent recently"),
            )
    return jobs.enqueue_job(
        KIND_FOLLOW_UP, gstin, month, side=which, parties=chosen, send_again=again
    )
