"""The Excel workbook a CA hands to a client: a summary, the documents with IMS beside the books and
their differences, and the Purchase Invoices GSTN does not show (Missing in IMS).

Streamed (``reports.stream_xlsx``) from one query in the Document View's order (``export_records``),
written as the server sends it, so a large month stays light: openpyxl's write-only cells took 14-15 s
for 100,000 rows. Every text value is written as an inline string: no formula injection from GSTN's
data; the only formulas are the totals written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal
from io import BytesIO

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.documents import Section
from india_ims.gst_india.memory import cyclic_gc_paused
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.reports.stream_xlsx import Formula, RowFormat, StreamingWorkbook

from . import export_records, missing_in_ims, purchases, queries, sheets, summary_left
from .args import LEFT_FILTER, REPLACED_FILTER
from .constants import PI_MATCH_REASON
from .export_records import HEADS
from .summary_left import LEFT_IMS, LEFT_IMS_WORDS
from .summary_replaced import REPLACED, REPLACED_WORDS
from .suppliers import master_names

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

    def row_format(self, kinds, marked: set[int] = frozenset()) -> RowFormat:
        """Columns of kind "text", "date" or "money" (a number format each); ``marked`` columns in
        the difference colour."""
        styles = [self.diff if index in marked else self.money if kind == "money"
                  else self.date if kind == "date" else None for index, kind in enumerate(kinds)]
        return RowFormat(["text" if kind == "text" else "number" for kind in kinds], styles)

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


_SECTION_LABELS = {section.value: section.label for section in Section}


def _document_rows(records, names: dict[str, str]):
    """Each record's row (``export_records.parsed``) and whether it differs from the books: the
    books' figures have the sign of ``books_amounts`` (a return booked negative reads positive)."""
    sections, periods = _SECTION_LABELS, _PeriodLabels()
    for ((gstin, supplier_name, section, number, filing_period, gstr2b_period, invoice, match_status, reason,
          gstn_action, action, remarks, error, booked, bill_no),
         (day, not_filed, taxable, igst, cgst, sgst, cess, ims_tax, pending, bill_day, books_paise,
          books_tax_paise)) in records:
        if booked:
            if books_paise + books_tax_paise < 0:
                books_paise, books_tax_paise = -books_paise, -books_tax_paise
            books_taxable, books_tax = books_paise / 100, books_tax_paise / 100
            bill_no = bill_no.strip()
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
                     filters) -> int:
    where, values = queries._where(company_gstin, period, period_field, filters)
    names = master_names(export_records.supplier_gstins(company_gstin))
    kinds = [kind for _title, _width, kind in DOC_COLUMNS]
    plain = styles.row_format(kinds)
    differing = styles.row_format(kinds, marked={i for i, (title, _w, _k) in enumerate(DOC_COLUMNS)
                                                 if title.startswith("Difference")})
    count = 0

    def rows(records):
        nonlocal count
        yield styles.header(title for title, _w, _k in DOC_COLUMNS)
        for values, differs in _document_rows(export_records.parsed(records), names):
            count += 1
            yield values, differing if differs else plain
        if count:
            last = count + 1
            totals: list = ["Total"] + [None] * (len(DOC_COLUMNS) - 1)
            marks: list = [styles.bold] + [None] * (len(DOC_COLUMNS) - 1)
            for index, (_title, _width, kind) in enumerate(DOC_COLUMNS):
                if kind == "money":
                    letter = sheets.column(index)
                    totals[index] = Formula(f"=SUBTOTAL(9,{letter}2:{letter}{last})")
                    marks[index] = styles.bold_money
            yield totals, marks

    hint = export_records.order_hint(period, period_field, filters)
    with export_records.streamed(company_gstin, where, values, hint) as records:
        book.write_sheet("Documents", rows(records), columns=len(DOC_COLUMNS),
                         widths=[width for _t, width, _k in DOC_COLUMNS], freeze=(1, 2))
    return count


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
    shown = queries.used_filters(filters)
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


# The Missing in IMS sheet's columns: (title, width, kind, the invoice's value in SQL).
_MISSING_COLUMNS = (
    ("Purchase Invoice", 20, "text", "pi.name"),
    ("Supplier", 30, "text", "ifnull(nullif(pi.supplier_name, ''), ifnull(pi.supplier, ''))"),
    ("Supplier GSTIN", 18, "text", "ifnull(pi.`{supplier_gstin}`, '')"),
    ("Bill No", 18, "text", "ifnull(pi.bill_no, '')"),
    ("Bill Date", 12, "date", export_records.serial("pi.bill_date")),
    ("Posting Date", 12, "date", export_records.serial("pi.posting_date")),
    ("Return", 8, "text", "if(pi.is_return, 'Yes', '')"),
    ("Taxable", 14, "money", "cast(ifnull(pi.base_net_total, 0) as double)"),
    ("Total Tax", 14, "money", "cast(ifnull(pi.base_total_taxes_and_charges, 0) as double)"),
    ("Reason", 60, "text", f"ifnull(lk.`{PI_MATCH_REASON}`, '')"),
)


def _missing_lines(styles: _Styles, company_gstin, period):
    yield styles.header(title for title, _width, _kind, _sql in _MISSING_COLUMNS)
    if not period:
        return
    gstin_field = purchases.field_map()["supplier_gstin"]
    expressions = [sql.replace("{supplier_gstin}", gstin_field) for _t, _w, _k, sql in _MISSING_COLUMNS]
    line = styles.row_format([kind for _t, _w, kind, _s in _MISSING_COLUMNS])
    count = 0
    for row in missing_in_ims.all_rows(company_gstin, period, expressions):
        count += 1
        yield row, line
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
        widths = [width for _title, width, _kind, _sql in _MISSING_COLUMNS]
        book.write_sheet("Missing in IMS", _missing_lines(styles, company_gstin, period),
                         columns=len(_MISSING_COLUMNS), widths=widths)
    book.close()
    return out.getvalue()
