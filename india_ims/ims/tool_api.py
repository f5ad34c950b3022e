"""Whitelisted methods the IMS Tool page needs beyond ``api``: its set-up, one record's detail,
ITC at stake, job results and the Excel export.

Same contract as ``api``: every method is type-annotated (no postponed
annotations, so Frappe checks the types) and starts with a permission check
from ``permissions``. Reads only; actions and jobs stay in ``api``.
"""

import json

import frappe
from frappe.utils import add_months, getdate

from india_ims.gst_india.documents import Action, Amounts
from india_ims.gst_india.matching.explain import books_amounts, books_document_type
from india_ims.gst_india.returns.effects import action_effect
from india_ims.gst_india.returns.stake import itc_at_stake
from india_ims.gst_india.rules import check_action

from . import actions, clock, originals, purchases, queries, synclog
from .args import as_filters, as_period
from .constants import ACTION_LOG, INWARD_SUPPLY, MANAGER_ROLE, SETTINGS, SYNC_LOG, SYNC_LOG_ERROR
from .context import is_quarterly, record_states, rule_context
from .permissions import allowed_companies, check_company, check_gstin, check_records, require_user

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
SIDE_FIELDS = ("supplier_gstin", "document_type", "document_number", "document_date", "place_of_supply")
LOG_FIELDS = (*synclog.STATUS_FIELDS, "return_period", "requested_by")
MAX_ERRORS = 500


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
    for row in gstins:
        row["records"] = counts.get(row.gstin, 0)
    last_month = getdate(add_months(clock.today(), -1))
    roles = set(frappe.get_roles())
    return {
        "gstins": gstins,
        "companies": sorted({row.company for row in gstins}),
        "default_period": f"{last_month.month:02d}{last_month.year}",
        "can_upload": bool(roles & {MANAGER_ROLE, "System Manager"}),
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


def _effects(row: dict) -> list[dict]:
    """What each action would do to ITC, and whether the rules engine allows it now."""
    state = record_states([row])[0]  # an amendment with its stored original (spec 1.8)
    context = rule_context(row["company_gstin"])
    original = originals.original_text(state)
    out = []
    for action in Action:
        effect = action_effect(state, action, context)
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
    return {
        "record": record,
        "ims": {field: record.get(field) for field in (*SIDE_FIELDS, *HEADS)},
        "books": _books(record),
        "differences": differences,
        "history": history,
        "effects": _effects(loaded[0]) if loaded else [],
        # an amendment: where its original was found, or that it is unknown (spec 1.8, 4.3)
        "original": originals.original_text(record_states(loaded)[0]) if loaded else "",
        "gstr2b_period_basis": record.get("gstr2b_period_basis") or "",
        # the Purchase Invoice field holding the supplier's GSTIN (India Compliance's or this app's)
        "pi_supplier_gstin_field": purchases.field_map()["supplier_gstin"],
    }


# ---------------------------------------------------------------- ITC at stake


@frappe.whitelist()
def get_itc_at_stake(
    company_gstin: str, period: str, filters: str | dict | None = None, top: int = 10
) -> dict:
    """ITC the current actions move against accepting everything, for the records (under the tool's
    filters) whose action counts in this GSTR-2B period; the suppliers moving the most first."""
    check_gstin(company_gstin, "read")
    period = as_period(period)
    names = queries.matching_names(
        company_gstin, period=period, period_field="gstr2b_period", filters=as_filters(filters)
    )
    states = record_states(actions.load_rows(names))
    context = rule_context(company_gstin)
    stake = itc_at_stake(states, context, period=period)
    names_by_gstin = dict(
        frappe.db.sql(
            f"select supplier_gstin, max(supplier_name) from `tab{INWARD_SUPPLY}` "
            "where company_gstin = %s group by supplier_gstin",
            company_gstin,
        )
    )
    return {
        "all_accepted": _rupees(stake.all_accepted),
        "current": _rupees(stake.current),
        "moved": _rupees(stake.moved),
        "moved_by_action": {action.label: _rupees(stake.moved_by(action)) for action in Action},
        "suppliers": [
            {
                "supplier_gstin": s.supplier_gstin,
                "supplier_name": names_by_gstin.get(s.supplier_gstin) or "",
                "records": s.records,
                "moved": _rupees(s.moved),
            }
            for s in stake.suppliers[: max(0, int(top))]
            if s.moved.total_tax
        ],
    }


@frappe.whitelist()
def get_pending_changes(company_gstin: str) -> list[dict]:
    """What the next upload sends: changed actions by what GSTN holds and what it becomes."""
    check_gstin(company_gstin, "read")
    return frappe.db.sql(
        f"select gstn_action, action, count(*) as count, sum(taxable_value) as taxable_value, "
        f"sum(igst + cgst + sgst + cess) as total_tax from `tab{INWARD_SUPPLY}` "
        "where company_gstin = %s and upload_pending = 1 group by gstn_action, action "
        "order by gstn_action, action",
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
    pending = frappe.db.count(INWARD_SUPPLY, {"company_gstin": company_gstin, "upload_pending": 1})
    periods = frappe.db.sql(
        f"select supplier_return_period as period, count(*) as count from `tab{INWARD_SUPPLY}` "
        "where company_gstin = %s group by supplier_return_period",
        company_gstin,
        as_dict=True,
    )
    return {
        "latest": latest,
        "upload_pending": pending,
        "quarterly": is_quarterly(company_gstin),
        "periods": periods,
    }


# ---------------------------------------------------------------- export


EXPORT_COLUMNS = (
    ("supplier_gstin", "Supplier GSTIN", 18),
    ("supplier_name", "Supplier", 30),
    ("section", "Section", 8),
    ("document_type", "Type", 12),
    ("document_number", "Number", 18),
    ("document_date", "Date", 12),
    ("place_of_supply", "POS", 6),
    ("taxable_value", "Taxable", 14),
    ("igst", "IGST", 12),
    ("cgst", "CGST", 12),
    ("sgst", "SGST", 12),
    ("cess", "Cess", 10),
    ("match_status", "Match Status", 16),
    ("match_reason", "Reason", 50),
    ("purchase_invoice", "Purchase Invoice", 22),
    ("gstn_action", "GSTN Action", 12),
    ("action", "Local Action", 12),
    ("upload_pending", "Upload Pending", 8),
    ("pending_allowed", "Pending Allowed", 8),
    ("supplier_return_period", "Supplier Period", 10),
    ("gstr2b_period", "GSTR-2B Period", 10),
    ("upload_error", "Upload Error", 40),
)
MONEY = {"taxable_value", "igst", "cgst", "sgst", "cess"}
FLAGS = {"upload_pending", "pending_allowed"}


def workbook_bytes(company_gstin: str, period: str | None, period_field: str, filters: dict) -> bytes:
    """The Document View as .xlsx: streamed (write-only) in chunks, so a large month stays light."""
    from io import BytesIO

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Documents")
    for index, (_field, _title, width) in enumerate(EXPORT_COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "C2"
    header = []
    for _field, title, _width in EXPORT_COLUMNS:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font = Font(bold=True)
        header.append(cell)
    sheet.append(header)
    # One streamed query in the Document View's order (the tool's own WHERE, so the same filters),
    # not page after page of OFFSETs.
    where, values = queries._where(company_gstin, period, period_field, filters)
    columns = ", ".join(f"`{field}`" for field, _title, _width in EXPORT_COLUMNS)
    cursor = frappe.db.sql(
        f"select {columns} from `tab{INWARD_SUPPLY}` where {where} order by document_date, name",
        values,
        as_list=True,
        as_iterator=True,
    )
    money = [index for index, (field, _t, _w) in enumerate(EXPORT_COLUMNS) if field in MONEY]
    flags = [index for index, (field, _t, _w) in enumerate(EXPORT_COLUMNS) if field in FLAGS]
    for row in cursor:
        row = list(row)
        for index in money:
            row[index] = float(row[index] or 0)
        for index in flags:
            row[index] = "Yes" if row[index] else "No"
        sheet.append(row)
    out = BytesIO()
    book.save(out)
    return out.getvalue()


@frappe.whitelist()
def export_documents(
    company_gstin: str,
    period: str | None = None,
    filters: str | dict | None = None,
    period_field: str = "supplier_return_period",
) -> None:
    """Download the Document View (current filters) as an Excel file."""
    check_gstin(company_gstin, "read")
    period = as_period(period)
    content = workbook_bytes(company_gstin, period, period_field, as_filters(filters))
    frappe.response["filename"] = f"IMS-{company_gstin}-{period or 'all'}.xlsx"
    frappe.response["filecontent"] = content
    frappe.response["type"] = "binary"
