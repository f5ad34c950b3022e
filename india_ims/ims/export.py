"""The Excel workbook a CA hands to a client: a summary, the documents with IMS beside the books and
their differences, and the Purchase Invoices GSTN does not show (Missing in IMS).

Streamed (``reports.stream_xlsx``) from one query in the Document View's order, so a large month stays
light: openpyxl's write-only cells took 14-15 s for 100,000 rows. Every text value is written as an
inline string: no formula injection from GSTN's data; the only formulas are the totals written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.documents import Section
from india_ims.gst_india.memory import cyclic_gc_paused
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.reports.stream_xlsx import Formula, RowFormat, StreamingWorkbook

from . import missing_in_ims, purchases, queries, sheets, sqlread, summary_left
from .args import LEFT_FILTER, REPLACED_FILTER
from .constants import INWARD_SUPPLY
from .summary_left import LEFT_IMS, LEFT_IMS_WORDS
from .summary_replaced import REPLACED, REPLACED_WORDS
from .suppliers import master_names

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")

# (title, width, kind) of the Documents sheet; kind "money" gets a number format and a total.
DOC_COLUMNS = (
    ("Supplier", 30, "text"),
    ("Supplier GSTIN", 18, "text"),
    ("Section", 20, "text"),
    ("Number", 18, "text"),
    ("Date", 12, "date"),
    ("Supplier's filing period", 12, "text"),
    ("Filed by supplier", 10, "text"),
    ("GSTR-2B period", 12, "text"),
    ("IMS Taxable", 14, "money"),
    ("IMS IGST", 12, "money"),
    ("IMS CGST", 12, "money"),
    ("IMS SGST", 12, "money"),
    ("IMS Cess", 10, "money"),
    ("IMS Total Tax", 14, "money"),
    ("Purchase Invoice", 20, "text"),
    ("Bill No", 18, "text"),
    ("Bill Date", 12, "date"),
    ("Books Taxable", 14, "money"),
    ("Books Total Tax", 14, "money"),
    ("Difference Taxable", 14, "money"),
    ("Difference Tax", 14, "money"),
    ("Match Status", 16, "text"),
    ("Reason", 50, "text"),
    ("GSTN Action", 12, "text"),
    ("Local Action", 12, "text"),
    ("Not uploaded", 10, "text"),
    ("Remarks", 30, "text"),
    ("Upload Error", 40, "text"),
)


def period_label(period: str | None) -> str:
    if not period:
        return ""
    try:
        return ReturnPeriod.parse(period).label
    except Exception:
        return str(period)


def section_label(section: str | None) -> str:
    try:
        return Section(section).label
    except ValueError:
        return section or ""


class _Styles:
    """The workbook's cell formats (``sheets``' formats and colours), made once per workbook."""

    def __init__(self, book: StreamingWorkbook):
        self.money = book.style(number_format=sheets.MONEY_FORMAT)
        self.count = book.style(number_format=sheets.COUNT_FORMAT)
        self.date = book.style(number_format=sheets.DATE_FORMAT)
        self.bold = book.style(bold=True)
        self.bold_money = book.style(bold=True, number_format=sheets.MONEY_FORMAT)
        self.bold_count = book.style(bold=True, number_format=sheets.COUNT_FORMAT)
        self.head = book.style(bold=True, fill=sheets.HEAD_COLOUR, wrap=True)
        self.diff = book.style(fill=sheets.DIFF_COLOUR, number_format=sheets.MONEY_FORMAT)

    def header(self, titles) -> tuple[list, list]:
        titles = list(titles)
        return titles, [self.head] * len(titles)

    def line(self, values, *, money_from: int = 99, bold: bool = False) -> tuple[list, list]:
        """Values with ``sheets.cell``'s formats: money from a column on, counts, dates; text as text."""
        values = [float(v) if isinstance(v, Decimal) else v for v in values]
        styles = []
        for index, value in enumerate(values):
            number = isinstance(value, (int, float)) and not isinstance(value, bool)
            if number and index >= money_from:
                styles.append(self.bold_money if bold else self.money)
            elif number and isinstance(value, int):
                styles.append(self.bold_count if bold else self.count)
            elif isinstance(value, date):
                styles.append(self.date)
            else:
                styles.append(self.bold if bold else None)
        return values, styles


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value


_SECTION_LABELS = {section.value: section.label for section in Section}


def _number(expression: str) -> str:
    # rounded to paise here, a double in Python: a DECIMAL would be a Decimal object per cell
    return f"cast(round({expression}, 2) as double)"


def _serial(column: str) -> str:
    """A date as Excel's day number (the column's style shows it as a date): no date object per cell."""
    return f"datediff({column}, '1899-12-30')"


# The records in one read of their own table, one JSON array a row (``sqlread.json_rows``): pymysql
# decoded every field of 100,000 rows x 25 columns in Python. Money is rounded to paise and dates are
# Excel day numbers in SQL, so a row needs no conversion here. The books' side is what the last
# reconciliation stored on each record (``match_plan.BOOKS_COLUMNS``): looking a lakh of invoices and
# their tax rows up was half the export's time.
_RECORD_COLUMNS = (
    "t.supplier_gstin", "t.supplier_name", "t.section", "t.document_number", _serial("t.document_date"),
    "t.supplier_return_period", "t.supplier_filing_status = 'Not Filed'", "t.gstr2b_period",
    *(_number(f"ifnull(t.{head}, 0)") for head in HEADS),
    _number(" + ".join(f"ifnull(t.{head}, 0)" for head in HEADS[1:])),
    "t.purchase_invoice", "t.match_status", "t.match_reason", "t.gstn_action", "t.action", "t.upload_pending",
    "if(ifnull(t.upload_remarks, '') != '', t.upload_remarks, t.remarks)", "t.upload_error",
    # the paired invoice's bill, taxable value and tax in signed paise, as the last reconciliation
    # stored them; the name they belong to is compared with the link (``_books_now``)
    "t.books_invoice", "t.books_bill_no", _serial("t.books_bill_date"),
    "cast(round(ifnull(t.books_taxable_value, 0) * 100, 0) as signed)",
    "cast(round(({}) * 100, 0) as signed)".format(" + ".join(f"ifnull(t.books_{h}, 0)" for h in HEADS[1:])),
    "t.name",
)
_DAY, _INVOICE, _BOOKS, _NAME = 4, 14, 22, -1
_DERIVED_COLUMNS = (
    "name", "supplier_gstin", "supplier_name", "section", "document_number", "document_date",
    "supplier_return_period", "supplier_filing_status", "gstr2b_period", *HEADS, "purchase_invoice",
    "match_status", "match_reason", "gstn_action", "action", "upload_pending", "upload_remarks", "remarks",
    "upload_error", "books_invoice", "books_bill_no", "books_bill_date", "books_taxable_value",
    *(f"books_{head}" for head in HEADS[1:]),
)


def _records(company_gstin: str, where: str, values: dict) -> list[list]:
    """The Document View's records in its order, each with its paired invoice's bill and figures.

    The tool's conditions are unqualified column names: the records are a derived table (merged by
    MariaDB into one plan: a month that is most of the table is read in one pass, a smaller one through
    an index)."""
    derived = ", ".join(f"`{column}`" for column in _DERIVED_COLUMNS)
    found = sqlread.json_rows(
        _RECORD_COLUMNS, f"from (select {derived} from `tab{INWARD_SUPPLY}` where {where}) t", values
    )
    _books_now(company_gstin, found)
    # The Document View's order (date, blank first, then name) sorted here: MariaDB sorted the wide
    # rows of a lakh in a 2 MB sort buffer, spilling to disk; this sorts one key per row.
    found.sort(key=lambda row: (row[_DAY] is not None, row[_DAY] or 0, row[_NAME]))
    return found


def _books_now(company_gstin: str, found: list[list]) -> None:
    """The books' side of records whose stored figures are not their link's (linked by hand since the
    last reconciliation, or never reconciled): read from the invoices now, in place. Only a submitted
    invoice of this GSTIN counts; no link, no books."""
    stale = {row[_INVOICE] for row in found if row[_INVOICE] and row[_BOOKS] != row[_INVOICE]}
    books: dict[str, list] = {}
    names = sorted(stale)
    for start in range(0, len(names), 5000):
        books.update(_invoice_figures(company_gstin, names[start:start + 5000]))
    for row in found:
        invoice = row[_INVOICE]
        if not invoice:
            row[_BOOKS:_BOOKS + 5] = [None, None, None, 0, 0]
        elif invoice in stale:
            row[_BOOKS:_BOOKS + 5] = books.get(invoice) or [None, None, None, 0, 0]


def _invoice_figures(company_gstin: str, names: list[str]) -> dict[str, list]:
    """{invoice: [name, bill no, bill day, taxable paise, GST tax paise]} of submitted invoices."""
    fields = purchases.field_map()
    found = {
        row[0]: row
        for row in sqlread.json_rows(
            ("pi.name", "pi.bill_no", _serial("pi.bill_date"),
             "cast(round(ifnull(pi.base_net_total, 0) * 100, 0) as signed)", "0"),
            f"from `tabPurchase Invoice` pi where pi.name in %(names)s and pi.docstatus = 1 "
            f"and pi.`{fields['company_gstin']}` = %(gstin)s",
            {"names": names, "gstin": company_gstin},
        )
    }
    key_column, heads = purchases.tax_head_keys()
    if found and heads:
        for parent, paise in sqlread.json_rows(
            ("tax.parent", "if(tax.add_deduct_tax = 'Deduct', -1, 1) * "
             "cast(round(ifnull(tax.base_tax_amount_after_discount_amount, 0) * 100, 0) as signed)"),
            "from `tabPurchase Taxes and Charges` tax where tax.parent in %(names)s "
            f"and tax.parenttype = 'Purchase Invoice' and {key_column} in %(tax_keys)s",
            {"names": list(found), "tax_keys": list(heads)},
        ):
            found[parent][4] += paise
    return found


def _document_rows(found, names: dict[str, str]):
    """Each record's row and whether it differs from the books: the books' figures have the sign of
    ``books_amounts`` (a return booked negative reads positive)."""
    sections, periods = _SECTION_LABELS, _PeriodLabels()
    for (gstin, supplier_name, section, number, day, filing_period, not_filed, gstr2b_period, taxable, igst,
         cgst, sgst, cess, ims_tax, invoice, match_status, reason, gstn_action, action, pending, remarks,
         error, booked, bill_no, bill_day, books_paise, books_tax_paise, _name) in found:
        if booked:
            if books_paise + books_tax_paise < 0:
                books_paise, books_tax_paise = -books_paise, -books_tax_paise
            books_taxable, books_tax = books_paise / 100, books_tax_paise / 100
            bill_no = (bill_no or "").strip()
            taxable_difference = round(taxable - books_taxable, 2)
            tax_difference = round(ims_tax - books_tax, 2)
            differs = abs(taxable - books_taxable) >= 0.01 or abs(ims_tax - books_tax) >= 0.01
        else:
            bill_no = bill_day = books_taxable = books_tax = taxable_difference = tax_difference = None
            differs = False
        yield [
            names.get(gstin) or supplier_name,
            gstin,
            sections.get(section, section),
            number,
            day,
            periods[filing_period],
            "No" if not_filed else "Yes",
            periods[gstr2b_period],
            taxable, igst, cgst, sgst, cess, ims_tax,
            invoice,
            bill_no,
            bill_day,
            books_taxable,
            books_tax,
            taxable_difference,
            tax_difference,
            match_status or "Not reconciled",
            reason,
            gstn_action,
            action,
            "Yes" if pending else "",
            remarks,
            error,
        ], differs


class _PeriodLabels(dict):
    """period_label, once per period: a lakh of rows hold a handful of periods."""

    def __missing__(self, period):
        self[period] = label = period_label(period)
        return label


def _documents_sheet(book: StreamingWorkbook, styles: _Styles, company_gstin, period, period_field,
                     filters) -> dict:
    where, values = queries._where(company_gstin, period, period_field, filters)
    # Read whole before writing: the tax rows and supplier names come over the same connection.
    found = _records(company_gstin, where, values)
    names = master_names({row[0] for row in found})
    counted = {"count": len(found)}
    kinds = ["text" if kind == "text" else "number" for _title, _width, kind in DOC_COLUMNS]
    base = [styles.money if kind == "money" else styles.date if kind == "date" else None
            for _title, _width, kind in DOC_COLUMNS]
    plain = RowFormat(kinds, base)
    differing = RowFormat(kinds, [styles.diff if title.startswith("Difference") else style
                                  for (title, _width, _kind), style in zip(DOC_COLUMNS, base, strict=True)])

    def rows():
        yield styles.header(title for title, _w, _k in DOC_COLUMNS)
        for values, differs in _document_rows(found, names):
            yield values, differing if differs else plain
        if counted["count"]:
            last = counted["count"] + 1
            totals: list = ["Total"] + [None] * (len(DOC_COLUMNS) - 1)
            marks: list = [styles.bold] + [None] * (len(DOC_COLUMNS) - 1)
            for index, (_title, _width, kind) in enumerate(DOC_COLUMNS):
                if kind == "money":
                    letter = sheets.column(index)
                    totals[index] = Formula(f"=SUBTOTAL(9,{letter}2:{letter}{last})")
                    marks[index] = styles.bold_money
            yield totals, marks

    book.write_sheet("Documents", rows(), columns=len(DOC_COLUMNS),
                     widths=[width for _t, width, _k in DOC_COLUMNS], freeze=(1, 2))
    return counted


def _summary_rows(company_gstin, period, period_field, filters) -> tuple[dict, dict]:
    """The Match and Action Summaries as the screen keeps them (``queries.kept``, same keys as
    ``api``): an export right after looking at the tabs does not group the month again."""
    by_status = queries.kept(
        company_gstin, period, ("match", period_field, filters),
        lambda: queries.match_summary(company_gstin, period=period, period_field=period_field,
                                      filters=filters, missing=False),
    )
    by_status = {**by_status, "missing_in_ims": missing_in_ims.missing_in_ims_summary(company_gstin, period)
                 if period else None}
    by_action = summary_left.kept_action_summary(company_gstin, period, period_field, filters)
    return by_status, by_action


def _summary_lines(styles: _Styles, company_gstin, period, period_field, filters):
    yield styles.line(["Invoice Management (IMS): summary"], bold=True)
    yield styles.line(["Company GSTIN", company_gstin])
    yield styles.line(["GSTR-3B period", period_label(period) or "All periods"])
    shown = {key: value for key, value in (filters or {}).items() if value not in (None, "", [])}
    if shown:
        words = (_filter_words(key, value) for key, value in sorted(shown.items()))
        yield styles.line(["Filters", "; ".join(words)])
    yield styles.line(["Generated on", now_datetime().strftime("%d-%m-%Y %H:%M")])
    yield styles.line(["Books figures", "as of the last reconciliation, like the match status they explain"])
    yield [], []
    titles = ["Documents", "Taxable", "IGST", "CGST", "SGST", "Cess", "Total Tax"]
    status, action = _summary_rows(company_gstin, period, period_field, filters)

    def table(title, rows, label):
        yield styles.header([title, *titles])
        totals = [0] * 7
        for row in rows:
            figures = [int(row["count"] or 0), *(float(row[h] or 0) for h in HEADS)]
            figures.append(float(row["total_tax"] or 0))
            totals = [a + b for a, b in zip(totals, figures, strict=True)]
            yield styles.line([label(row), *figures], money_from=2)
        yield styles.line(["Total", *(round(v, 2) if i else v for i, v in enumerate(totals))],
                          money_from=2, bold=True)
        yield [], []

    yield from table("Match status", status["by_status"], lambda r: r["match_status"] or "Not reconciled")
    yield from table("Action (filed by the supplier)", action["by_action"], _action_label)
    if action["not_filed"]:
        yield from table("Action (saved by the supplier, not filed: no ITC yet)", action["not_filed"],
                         _action_label)
    missing = status.get("missing_in_ims") or {}
    if missing.get("count"):
        yield styles.header(["Purchase Invoices GSTN does not show", "Documents", "Taxable", "", "", "", "",
                             "Total Tax"])
        yield styles.line(["Missing in IMS", int(missing["count"]), float(missing["taxable_value"] or 0),
                           None, None, None, None, float(missing["total_tax"] or 0)], money_from=2)


def _filter_words(key: str, value) -> str:
    words = {LEFT_FILTER: LEFT_IMS_WORDS, REPLACED_FILTER: REPLACED_WORDS}.get(key)
    if words:  # 1 or 0 would say nothing to the client reading the sheet
        return f"{words}: {'only these' if value else 'left out'}"
    return f"{key}: {value}"


def _action_label(row) -> str:
    if row["action"] == LEFT_IMS:
        return LEFT_IMS_WORDS
    if row["action"] == REPLACED:
        return REPLACED_WORDS
    return row["action"] or "No Action"


def _missing_lines(styles: _Styles, company_gstin, period):
    yield styles.header(["Purchase Invoice", "Supplier", "Supplier GSTIN", "Bill No", "Bill Date",
                         "Posting Date", "Return", "Taxable", "Total Tax", "Reason"])
    if not period:
        return
    count = 0
    for row in missing_in_ims.missing_in_ims(company_gstin, period, page_length=None)["rows"]:
        count += 1
        yield styles.line([row.name, row.supplier_name or row.supplier or "", row.supplier_gstin or "",
                               row.bill_no or "", _as_date(row.bill_date), _as_date(row.posting_date),
                               "Yes" if row.is_return else "", float(row.taxable_value or 0),
                           float(row.total_tax or 0), row.reason or ""], money_from=7)
    if count:
        yield (["Total", None, None, None, None, None, None, Formula(f"=SUM(H2:H{count + 1})"),
                Formula(f"=SUM(I2:I{count + 1})")],
               [styles.bold, None, None, None, None, None, None, styles.bold_money, styles.bold_money])


@cyclic_gc_paused()
def workbook_bytes(company_gstin: str, period: str | None, period_field: str, filters: Mapping) -> bytes:
    out = BytesIO()
    book = StreamingWorkbook(out)
    styles = _Styles(book)
    filters = dict(filters)
    book.write_sheet("Summary", _summary_lines(styles, company_gstin, period, period_field, filters),
                     columns=8, widths=(44, 12, 16, 14, 14, 14, 12, 16))
    _documents_sheet(book, styles, company_gstin, period, period_field, filters)
    if frappe.has_permission("Purchase Invoice", "read"):
        book.write_sheet("Missing in IMS", _missing_lines(styles, company_gstin, period), columns=10,
                         widths=(20, 30, 18, 18, 12, 12, 8, 14, 14, 60))
    book.close()
    return out.getvalue()
