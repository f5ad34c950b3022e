"""Purchase Invoices a person may link an IMS record to, ranked by how well they match, with what
agrees and what differs (``gst_india.matching.rank``) and a preview of each."""

from __future__ import annotations

from datetime import timedelta

import frappe
from frappe.utils import getdate

from india_ims.gst_india.matching.explain import books_amounts
from india_ims.gst_india.matching.rank import Side, rank

from . import pi_links, purchases
from .constants import INWARD_SUPPLY
from .suppliers import master_names

WINDOW_DAYS = 400
LIMIT = 10


def _record_side(record) -> Side:
    tax = sum(round(float(record[h] or 0) * 100) for h in ("igst", "cgst", "sgst", "cess"))
    return Side(
        record.name,
        record.supplier_gstin or "",
        record.document_number or "",
        getdate(record.document_date) if record.document_date else None,
        round(float(record.taxable_value or 0) * 100),
        tax,
    )


def pool_sql() -> str:
    """``_pool``'s statement, as its own text so a test can EXPLAIN it: the supplier's part reads
    the index on the two GSTINs (``ims_gstin_supplier``), the bill number's its own."""
    fields = purchases.field_map()
    return f"""select name from `tabPurchase Invoice`
            where docstatus = 1 and `{fields["company_gstin"]}` = %(gstin)s
              and ((`{fields["supplier_gstin"]}` = %(supplier)s
                    and ifnull(bill_date, posting_date) between %(start)s and %(end)s)
                   or bill_no = %(number)s)
            order by abs(datediff(ifnull(bill_date, posting_date), %(day)s)) limit 300"""


def _pool(record) -> list[str]:
    """Submitted invoices of the company GSTIN from this supplier around the date, plus any invoice of
    another supplier bearing the same bill number (a bill booked against the wrong supplier)."""
    day = getdate(record.document_date) if record.document_date else getdate()
    return frappe.db.sql_list(
        pool_sql(),
        {
            "gstin": record.company_gstin,
            "supplier": record.supplier_gstin,
            "start": day - timedelta(days=WINDOW_DAYS),
            "end": day + timedelta(days=WINDOW_DAYS),
            "number": record.document_number,
            "day": day,
        },
    )


def candidates(record_name: str) -> list[dict]:
    """The caller checked access to the record."""
    record = frappe.db.get_value(
        INWARD_SUPPLY,
        record_name,
        ["name", "company_gstin", "supplier_gstin", "document_number", "document_date", "taxable_value",
         "igst", "cgst", "sgst", "cess"],
        as_dict=True,
    )
    names = _pool(record)
    if not names:
        return []
    documents = {doc.name: doc for doc in purchases.load(record.company_gstin, names=names)}
    sides = []
    for doc in documents.values():
        amounts = books_amounts(doc)
        day = doc.bill_date or doc.posting_date
        sides.append(Side(doc.name, doc.supplier_gstin or "", doc.bill_no or "", day,
                          amounts.taxable_value, amounts.total_tax))
    linked = {name: columns[0] for name, columns in pi_links.current(list(documents)).items()}
    supplier_names = master_names(doc.supplier_gstin for doc in documents.values())
    out = []
    for ranked in rank(_record_side(record), sides, limit=LIMIT):
        doc = documents[ranked.key]
        amounts = books_amounts(doc)
        other = linked.get(doc.name)
        out.append(
            {
                "purchase_invoice": doc.name,
                "score": ranked.score,
                "agrees": list(ranked.agrees),
                "differs": list(ranked.differs),
                "supplier_name": supplier_names.get(doc.supplier_gstin) or doc.supplier_name or "",
                "supplier_gstin": doc.supplier_gstin,
                "bill_no": doc.bill_no,
                "bill_date": doc.bill_date or doc.posting_date,
                "taxable_value": amounts.taxable_value / 100,
                "igst": amounts.igst / 100,
                "cgst": amounts.cgst / 100,
                "sgst": amounts.sgst / 100,
                "cess": amounts.cess / 100,
                "total_tax": amounts.total_tax / 100,
                "linked_to": other if other and other != record.name else None,
            }
        )
    return out
