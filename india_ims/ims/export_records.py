"""The export's records: the Document View's rows in its order, each with its paired invoice's
bill and figures, streamed to the workbook as MariaDB sends them.

One statement, read through an unbuffered cursor while the sheet is written: within a supplier's
period the rows come off the period's search index in the Document View's order (date, blank first,
then name), so the server builds the next rows while Python writes these. Read whole and sorted in
Python, a lakh took 1.6-2.2 s before its first row was written; the GSTR-3B period's few index ranges
are sorted by the server before it sends the first row.

A row is its texts joined by ``SEPARATOR``, then a JSON array of its numbers: MariaDB's JSON_ARRAY
escapes every text it is given (for a lakh's 15 texts, 0.8 s of the server's time against 0.2 s to
join them), while the numbers are few and orjson parses them in C. A text's own ``SEPARATOR`` (or any
U+0001) becomes U+FFFD in SQL, which is what the sheet writes for that control character anyway.

The books' side is what the last reconciliation stored on each record (``match_plan.BOOKS_COLUMNS``):
looking a lakh of invoices and their tax rows up was half the export's time. A record linked since
(by hand, or never reconciled) joins its invoice, read now: only a submitted invoice of this GSTIN
counts, and no link means no books."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager

import frappe
import orjson

from . import purchases, queries
from .constants import INWARD_SUPPLY

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
SEPARATOR = "\x01"


def _text(expression: str) -> str:
    return f"replace(ifnull({expression}, ''), char(1), _utf8mb4 x'EFBFBD')"


def _number(expression: str) -> str:
    # rounded to paise here, a double in Python: a DECIMAL would be a Decimal object per cell
    return f"cast(round({expression}, 2) as double)"


def serial(column: str) -> str:
    """A date as Excel's day number (the column's style shows it as a date): no date object per cell."""
    return f"datediff({column}, '1899-12-30')"


def _paise(expression: str) -> str:
    return f"cast(round(ifnull({expression}, 0) * 100, 0) as signed)"


# A record linked since its last reconciliation: its stored books' figures are not its link's.
_LINKED_SINCE = "t.purchase_invoice != ifnull(t.books_invoice, '')"


def _books(now: str, stored: str, unlinked: str) -> str:
    """The books' side of a record: none without a link, read now when linked since, else stored."""
    return (f"case when ifnull(t.purchase_invoice, '') = '' then {unlinked} "
            f"when {_LINKED_SINCE} then {now} else {stored} end")


# In the order ``export._document_rows`` unpacks them.
TEXTS = (
    "t.supplier_gstin", "t.supplier_name", "t.section", "t.document_number", "t.supplier_return_period",
    "t.gstr2b_period", "t.purchase_invoice", "t.match_status", "t.match_reason", "t.gstn_action", "t.action",
    "if(ifnull(t.upload_remarks, '') != '', t.upload_remarks, t.remarks)", "t.upload_error",
    _books("pi.name", "t.books_invoice", "null"), _books("pi.bill_no", "t.books_bill_no", "null"),
)


def _numbers(tax_now: str) -> tuple[str, ...]:
    """The day, "not filed", the IMS figures and total tax, "not uploaded", then the books' bill day,
    taxable value and GST tax in signed paise."""
    return (
        serial("t.document_date"), "t.supplier_filing_status = 'Not Filed'",
        *(_number(f"ifnull(t.{head}, 0)") for head in HEADS),
        _number(" + ".join(f"ifnull(t.{head}, 0)" for head in HEADS[1:])),
        "t.upload_pending",
        _books(serial("pi.bill_date"), serial("t.books_bill_date"), "null"),
        _books(_paise("pi.base_net_total"), _paise("t.books_taxable_value"), "0"),
        _books(tax_now, "cast(round(({}) * 100, 0) as signed)".format(
            " + ".join(f"ifnull(t.books_{head}, 0)" for head in HEADS[1:])), "0"),
    )


# The tool's conditions are unqualified column names, which the invoice table has too: the records
# are a derived table (merged by MariaDB into one plan, read off the same index).
_DERIVED = (
    "name", "supplier_gstin", "supplier_name", "section", "document_number", "document_date",
    "supplier_return_period", "supplier_filing_status", "gstr2b_period", *HEADS, "purchase_invoice",
    "match_status", "match_reason", "gstn_action", "action", "upload_pending", "upload_remarks", "remarks",
    "upload_error", "books_invoice", "books_bill_no", "books_bill_date", "books_taxable_value",
    *(f"books_{head}" for head in HEADS[1:]),
)


def order_hint(period: str | None, period_field: str, filters: Mapping | None) -> str:
    """A supplier's period with no filter is read off its search index, whose order is the Document
    View's: left to itself, MariaDB may scan and sort a small table first, and send nothing until
    the sort is done. Where filters narrow the rows, its own choice stands (a few rows sorted)."""
    if period and period_field == "supplier_return_period" and not queries.used_filters(filters):
        return "force index (`gstin_period_search`)"
    return ""


def statement(company_gstin: str, where: str, values: Mapping, hint: str = "") -> tuple[str, dict]:
    """The records ``where`` selects (``queries._where``'s conditions) as ``parsed`` reads them;
    ``hint``: ``order_hint``'s."""
    values = {**values, "books_gstin": company_gstin}
    key_column, heads = purchases.tax_head_keys()
    tax_now = "0"
    if heads:
        values["books_tax_keys"] = list(heads)
        tax_now = (
            "ifnull((select cast(sum(if(tax.add_deduct_tax = 'Deduct', -1, 1) * "
            f"{_paise('tax.base_tax_amount_after_discount_amount')}) as signed) "
            "from `tabPurchase Taxes and Charges` tax where tax.parent = pi.name "
            f"and tax.parenttype = 'Purchase Invoice' and {key_column} in %(books_tax_keys)s), 0)"
        )
    texts = ", char(1), ".join(_text(expression) for expression in TEXTS)
    derived = ", ".join(f"`{column}`" for column in _DERIVED)
    gstin_field = purchases.field_map()["company_gstin"]
    return (
        f"select concat({texts}, char(1), json_array({', '.join(_numbers(tax_now))})) "
        f"from (select {derived} from `tab{INWARD_SUPPLY}` {hint} where {where}) t "
        f"left join `tabPurchase Invoice` pi on pi.name = if({_LINKED_SINCE}, t.purchase_invoice, null) "
        f"and pi.docstatus = 1 and pi.`{gstin_field}` = %(books_gstin)s "
        "order by t.document_date, t.name",
        values,
    )


@contextmanager
def streamed(company_gstin: str, where: str, values: Mapping, hint: str = "") -> Iterator[Iterable]:
    """The records' rows as the server sends them (``parsed`` reads them). The connection is the
    stream's until the block ends: read nothing else meanwhile."""
    query, values = statement(company_gstin, where, values, hint)
    with frappe.db.unbuffered_cursor():
        yield frappe.db.sql(query, values, as_iterator=True, pluck=True)


def parsed(rows: Iterable[str]) -> Iterator[tuple[list[str], list]]:
    """Each streamed row's texts (``TEXTS``, blank for NULL) and numbers (``_numbers``)."""
    loads, width = orjson.loads, len(TEXTS)
    for text in rows:
        texts = text.split(SEPARATOR)
        numbers = loads(texts.pop())
        if len(texts) != width:  # every text's own U+0001 was replaced: only a changed TEXTS does this
            raise ValueError(f"export row of {len(texts)} texts, {width} expected")
        yield texts, numbers


def supplier_gstins(company_gstin: str) -> list[str]:
    """Every supplier GSTIN the company's records name, off the (GSTIN, supplier) index alone: the
    master's names are read before the stream takes the connection (a few more than the scope
    needs cost less than a pass over the scope's rows: 0.05 s against 0.15 s at a lakh)."""
    return frappe.db.sql_list(
        f"select distinct supplier_gstin from `tab{INWARD_SUPPLY}` where company_gstin = %s",
        company_gstin,
    )
