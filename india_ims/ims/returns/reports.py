"""The two Script Reports: the IMS register for auditors and supplier-wise ITC at stake.

Both are exportable from the report view; text a supplier controls (numbers, names) is written so a
spreadsheet reads it as text, never as a formula. Only the export gets the guard (``_for_export``): on
screen it put an apostrophe before a number such as "-12" or "=A1".
"""

from __future__ import annotations

import frappe
from frappe import _

from india_ims.gst_india.periods import ReturnPeriod

from ..constants import ACTION_LOG, INWARD_SUPPLY
from ..context import rule_context
from ..permissions import check_gstin, require_user
from ..suppliers import fill_names
from . import figures
from . import scope as scopes
from .text import as_text

# Frappe's Script Report export runs the report again through these (the request, or the job a big
# export is sent to); the screen's run is ``frappe.desk.query_report.run``.
_EXPORTS = frozenset(
    ("frappe.desk.query_report.export_query", "frappe.desk.query_report.run_export_query_job")
)


def _exporting() -> bool:
    job = getattr(frappe.local, "job", None)
    form = getattr(frappe.local, "form_dict", None) or {}
    return form.get("cmd") in _EXPORTS or bool(job and job.get("method") in _EXPORTS)


def _for_export(rows, fields: tuple[str, ...]):
    """Text a supplier or a clerk wrote, guarded against formula injection when it goes to a file."""
    if _exporting():
        for row in rows:
            for field in fields:
                row[field] = as_text(row[field] or "")
    return rows


PERIOD_OF = {"GSTR-2B": "gstr2b_period", "Supplier's filing": "supplier_return_period"}
ACTIONS = ("No Action", "Accepted", "Rejected", "Pending")


def _filters(filters) -> tuple[str, str]:
    filters = frappe._dict(filters or {})
    require_user()
    gstin = (filters.get("company_gstin") or "").strip().upper()
    if not gstin:
        frappe.throw(_("Choose a Company GSTIN"))
    check_gstin(gstin, "read")
    period = filters.get("period") or ""
    try:
        period = str(ReturnPeriod.parse(period))
    except ValueError as error:
        frappe.throw(_("period: {0}").format(error))
    return gstin, period


def register(filters) -> tuple[list, list]:
    gstin, period = _filters(filters)
    filters = frappe._dict(filters)
    column = PERIOD_OF.get(filters.get("period_of") or "GSTR-2B")
    if column is None:
        frappe.throw(_("period_of must be one of {0}").format(", ".join(PERIOD_OF)))
    conditions = ["t.company_gstin = %(gstin)s", f"t.`{column}` = %(period)s"]
    values = {"gstin": gstin, "period": period}
    if filters.get("action"):
        if filters.action not in ACTIONS:
            frappe.throw(_("action must be one of {0}").format(", ".join(ACTIONS)))
        conditions.append("t.action = %(action)s")
        values["action"] = filters.action
    if filters.get("supplier_gstin"):
        conditions.append("t.supplier_gstin = %(supplier)s")
        values["supplier"] = filters.supplier_gstin.strip().upper()
    rows = frappe.db.sql(
        "select t.name, t.supplier_gstin, t.supplier_name, t.section, t.document_type, t.document_number, "
        "t.document_date, t.taxable_value, t.igst, t.cgst, t.sgst, t.cess, t.match_status, "
        "t.purchase_invoice, "
        "t.gstn_action, t.action, t.upload_pending, t.supplier_return_period, t.gstr2b_period "
        f"from `tab{INWARD_SUPPLY}` t where {' and '.join(conditions)} order by t.document_date, t.name",
        values,
        as_dict=True,
    )
    fill_names(rows)  # as the IMS Tool names suppliers: the master's name, else GSTN's trade name
    last = _last_actions(gstin, [row.name for row in rows])
    filed = set(rule_context(gstin).filed_3b_periods)
    for row in rows:
        who = last.get(row.name) or {}
        row.action_by = who.get("user")
        row.action_at = who.get("logged_at")
        row.action_source = who.get("source")
        row.action_remark = who.get("remark") or ""
        row.gstr3b_filed = "Yes" if row.gstr2b_period in filed else "No"
        row.upload_pending = "Yes" if row.upload_pending else "No"
    return _register_columns(), _for_export(rows, ("action_remark", "document_number", "supplier_name"))


def _last_actions(gstin: str, names: list[str]) -> dict:
    """The latest Action Log entry of each record: who set its action, when, how."""
    if not names:
        return {}
    logs = frappe.db.sql(
        f"select inward_supply, user, logged_at, source, remark from `tab{ACTION_LOG}` "
        "where company_gstin = %s order by logged_at, creation",
        gstin,
        as_dict=True,
    )
    wanted = set(names)
    return {log.inward_supply: log for log in logs if log.inward_supply in wanted}


def _col(fieldname, label, fieldtype="Data", width=120, options=None):
    column = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
    if options:
        column["options"] = options
    return column


def _register_columns() -> list[dict]:
    return [
        _col("name", "IMS Record", "Link", 150, "IMS Inward Supply"),
        _col("supplier_gstin", "Supplier GSTIN", width=150),
        _col("supplier_name", "Supplier", width=180),
        _col("section", "Section", width=150),
        _col("document_type", "Type", width=100),
        _col("document_number", "Number", width=140),
        _col("document_date", "Date", "Date", 100),
        _col("taxable_value", "Taxable", "Currency", 120),
        _col("igst", "IGST", "Currency", 110),
        _col("cgst", "CGST", "Currency", 110),
        _col("sgst", "SGST", "Currency", 110),
        _col("cess", "Cess", "Currency", 90),
        _col("match_status", "Match Status", width=130),
        _col("purchase_invoice", "Purchase Invoice", "Link", 150, "Purchase Invoice"),
        _col("action", "Action", width=100),
        _col("gstn_action", "GSTN Holds", width=100),
        _col("upload_pending", "Not Uploaded", width=90),
        _col("action_by", "Action By", "Link", 160, "User"),
        _col("action_at", "Action At", "Datetime", 160),
        _col("action_source", "Action Source", width=100),
        _col("action_remark", "Remark", width=200),
        _col("supplier_return_period", "Supplier Period", width=100),
        _col("gstr2b_period", "GSTR-2B Period", width=100),
        _col("gstr3b_filed", "GSTR-3B Filed", width=90),
    ]


def supplier_stake(filters) -> tuple[list, list]:
    gstin, period = _filters(filters)
    scope = scopes.build(gstin, period)
    rows = [dict(row) for row in figures.chart_figures(scope)["suppliers"]]  # named from the master
    _for_export(rows, ("supplier_name",))
    columns = [
        _col("supplier_gstin", "Supplier GSTIN", width=160),
        _col("supplier_name", "Supplier", width=220),
        _col("records", "Records", "Int", 90),
        _col("at_stake", "ITC at Stake", "Currency", 140),
        _col("rejected", "of which Rejected", "Currency", 140),
        _col("pending", "of which Pending", "Currency", 140),
    ]
    return columns, rows
