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
from . import figures, indexes
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


# The register on screen: its summary and the first rows in date order. A month of a lakh is some
# 60,000 records: as one report answer that took 1.6 s (mostly every Action Log entry of the GSTIN
# read to find each record's latest) and a table no one scrolls; every record comes from
# Download Full Register (``download_register``), streamed a chunk at a time. 2,000 rows answer in
# 0.13-0.19 s over HTTP at load 4 for a month of 61,579 records, 5,000 in 0.26-0.49 s.
SCREEN_ROWS = 2_000
CHUNK = 5_000
REGISTER_SELECT = (
    "t.name, t.supplier_gstin, t.supplier_name, t.section, t.document_type, t.document_number, "
    "t.document_date, t.taxable_value, t.igst, t.cgst, t.sgst, t.cess, t.match_status, "
    "t.purchase_invoice, t.gstn_action, t.action, t.upload_pending, t.supplier_return_period, "
    "t.gstr2b_period"
)
GUARDED = ("action_remark", "document_number", "supplier_name")


def _register_where(filters) -> tuple[str, dict, str]:
    """The register's conditions, their values and the index its date order comes off."""
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
    index = indexes.REGISTER_INDEX if column == "gstr2b_period" else indexes.PERIOD_ORDER_INDEX
    return " and ".join(conditions), values, index


def _register_rows(where: str, values: dict, index: str, limit: int, after=None) -> list[dict]:
    """Up to ``limit`` rows in (document date, name) order, after the ``(date, name)`` given; each
    with who set its action, when and how."""
    force = f"force index ({index}) " if indexes.has_index(index) else ""
    keyset = ""
    if after is not None:
        keyset = (
            " and (t.document_date > %(after_date)s or (t.document_date = %(after_date)s "
            "and t.name > %(after_name)s) or (%(after_date)s is null and (t.document_date is not null "
            "or t.name > %(after_name)s)))"
        )
        values = {**values, "after_date": after[0], "after_name": after[1]}
    rows = frappe.db.sql(
        f"select {REGISTER_SELECT} from `tab{INWARD_SUPPLY}` t {force}where {where}{keyset} "
        f"order by t.document_date, t.name limit {int(limit)}",
        values,
        as_dict=True,
    )
    fill_names(rows)  # as the IMS Tool names suppliers: the master's name, else GSTN's trade name
    last = _last_actions([row.name for row in rows])
    filed = set(rule_context(values["gstin"]).filed_3b_periods)
    for row in rows:
        who = last.get(row.name) or {}
        row.action_by = who.get("user")
        row.action_at = who.get("logged_at")
        row.action_source = who.get("source")
        row.action_remark = who.get("remark") or ""
        row.gstr3b_filed = "Yes" if row.gstr2b_period in filed else "No"
        row.upload_pending = "Yes" if row.upload_pending else "No"
        row.currency = RUPEES
    return rows


def count_text(value: int) -> str:
    """A count in Indian grouping, as a CA reads it next to rupee figures: 1,23,456 (not 123,456)."""
    return frappe.utils.fmt_money(value, precision=0, format="#,##,###.##")


def clock_text(moment) -> str:
    """The time of day a "behind" note names (the latest write the refresh is adding): HH:MM."""
    return frappe.utils.get_datetime(moment).strftime("%H:%M") if moment else ""


def _register_summary(where: str, values: dict, shown: int) -> tuple[list, str | None]:
    """Records per action (from ``gstin_2b_view`` alone for a GSTR-2B period) and, when the month
    is longer than the screen, the words saying where the rest is."""
    counts = dict(
        frappe.db.sql(
            f"select t.action, count(*) from `tab{INWARD_SUPPLY}` t where {where} group by t.action", values
        )
    )
    total = sum(counts.values())
    summary = [{"value": total, "label": _("Records"), "datatype": "Int", "indicator": "Blue"}]
    colours = {"No Action": "Grey", "Accepted": "Green", "Rejected": "Red", "Pending": "Orange"}
    summary += [
        {"value": counts.get(action, 0), "label": _(action), "datatype": "Int", "indicator": colour}
        for action, colour in colours.items()
    ]
    message = None
    if total > shown:
        message = _(
            "{0} records: the first {1} by document date are shown (and exported from the menu). "
            "Download Full Register gives every record."
        ).format(count_text(total), count_text(shown))
    return summary, message


def register(filters) -> tuple:
    where, values, index = _register_where(filters)
    rows = _register_rows(where, values, index, SCREEN_ROWS)
    columns = _register_columns()
    if _exporting():  # the menu's export writes the rows on screen (Frappe keeps the visible ones)
        return columns, _for_export(rows, GUARDED)
    summary, message = _register_summary(where, values, len(rows))
    return columns, rows, message, None, summary


def register_csv(filters):
    """Every record of the register as CSV text (the header first), read ``CHUNK`` rows at a time
    in the screen's order; text a supplier or a clerk wrote is written as text. The filters and the
    user's right to the GSTIN are checked here, before the first line is written."""
    where, values, index = _register_where(filters)
    return _csv_chunks(where, values, index)


def _csv_chunks(where: str, values: dict, index: str):
    import csv
    import io

    columns = [c for c in _register_columns() if not c.get("hidden")]
    fields = [c["fieldname"] for c in columns]
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush() -> str:
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    writer.writerow([c["label"] for c in columns])
    yield "\ufeff" + flush()  # a spreadsheet then reads the file as UTF-8
    after = None
    while True:
        rows = _register_rows(where, values, index, CHUNK, after)
        for row in rows:
            writer.writerow(
                ["" if row[f] is None else as_text(row[f]) if f in GUARDED else row[f] for f in fields]
            )
        if rows:
            yield flush()
        if len(rows) < CHUNK:
            return
        after = (rows[-1].document_date, rows[-1].name)


def _last_actions(names: list[str]) -> dict:
    """The latest Action Log entry of each record: who set its action, when, how. The latest time of
    each is found in the (inward supply, logged at) index alone; only those entries are read."""
    if not names:
        return {}
    logs = frappe.db.sql(
        f"select l.inward_supply, l.user, l.logged_at, l.source, l.remark from `tab{ACTION_LOG}` l "
        f"join (select inward_supply, max(logged_at) as at from `tab{ACTION_LOG}` "
        "where inward_supply in %(names)s group by inward_supply) m "
        "on l.inward_supply = m.inward_supply and l.logged_at = m.at order by l.logged_at, l.creation",
        {"names": names},
        as_dict=True,
    )
    return {log.inward_supply: log for log in logs}


def _col(fieldname, label, fieldtype="Data", width=120, options=None):
    column = {"fieldname": fieldname, "label": _(label), "fieldtype": fieldtype, "width": width}
    if fieldtype == "Currency":
        # GST is in rupees whatever the site's default currency (a group whose first company is
        # abroad showed "$"): each row names its currency, and Frappe's total row takes the first
        # row's from the hidden Link column (``CURRENCY_COLUMN``)
        options = options or "currency"
    if options:
        column["options"] = options
    return column


RUPEES = "INR"
CURRENCY_COLUMN = {"fieldname": "currency", "label": "Currency", "fieldtype": "Link", "options": "Currency",
                   "hidden": 1, "width": 80}


def _register_columns() -> list[dict]:
    return [
        _col("name", "IMS Record", "Link", 150, "IMS Inward Supply"),
        _col("supplier_gstin", "Supplier GSTIN", width=170),
        _col("supplier_name", "Supplier", width=180),
        _col("section", "Section", width=150),
        _col("document_type", "Type", width=100),
        _col("document_number", "Number", width=140),
        _col("document_date", "Date", "Date", 115),
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
        CURRENCY_COLUMN,
    ]


def supplier_stake(filters) -> tuple:
    gstin, period = _filters(filters)
    # right after a download the background refresh adds its records: the report answers at once
    # and says what is not in it yet, as the preview does, instead of refreshing them all here
    scope = scopes.build(gstin, period, may_lag=True)
    # named from the master
    rows = [{**row, "currency": RUPEES} for row in figures.chart_figures(scope)["suppliers"]]
    _for_export(rows, ("supplier_name",))
    columns = [
        _col("supplier_gstin", "Supplier GSTIN", width=160),
        _col("supplier_name", "Supplier", width=220),
        _col("records", "Records", "Int", 90),
        _col("at_stake", "ITC at Stake", "Currency", 140),
        _col("rejected", "of which Rejected", "Currency", 140),
        _col("pending", "of which Pending", "Currency", 140),
        CURRENCY_COLUMN,
    ]
    if scope.behind and not _exporting():
        records, _changed_at = scope.behind
        message = _(
            "{0} records written since the last refresh are being added to these figures in the "
            "background and are not in them yet: run the report again in a minute."
        ).format(count_text(records))
        return columns, rows, message
    return columns, rows
