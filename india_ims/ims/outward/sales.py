"""Sales Invoices as the core's ``SalesDocument``s, loaded with two queries (like ``ims.purchases``).

With India Compliance its fields are read (``billing_address_gstin``, ``company_gstin``, place of
supply) and tax heads come from the taxes table's ``gst_tax_type``. Without it the app's own custom
fields (``ims_`` prefix, added at install) carry the GSTINs, and tax heads come from the accounts
mapped in IMS Settings (map the output tax accounts there too). A return keeps the books' sign.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import frappe

from india_ims.gst_india.documents import Amounts
from india_ims.gst_india.money import to_paise
from india_ims.gst_india.outward.model import SalesDocument

from ..purchases import document_type_of, has_india_compliance, tax_head_keys

_IC_FIELDS = {
    "customer_gstin": "billing_address_gstin",
    "company_gstin": "company_gstin",
    "place_of_supply": "place_of_supply",
}
OWN_FIELDS = {
    "customer_gstin": "ims_customer_gstin",
    "company_gstin": "ims_company_gstin",
    "place_of_supply": "ims_place_of_supply",
}


def field_map() -> dict[str, str]:
    return _IC_FIELDS if has_india_compliance() else OWN_FIELDS


def load(
    company_gstin: str, *, date_from: date | None = None, date_to: date | None = None, names=()
) -> list[SalesDocument]:
    """Submitted Sales Invoices of a company GSTIN to registered customers, posted in the dates or named."""
    fields = field_map()
    conditions = [
        f"si.`{fields['company_gstin']}` = %(gstin)s",
        "si.docstatus = 1",
        f"ifnull(si.`{fields['customer_gstin']}`, '') != ''",
    ]
    values: dict = {"gstin": company_gstin}
    scope = []
    if date_from and date_to:
        scope.append("si.posting_date between %(from)s and %(to)s")
        values.update({"from": date_from, "to": date_to})
    names = list(names)
    if names:
        scope.append("si.name in %(names)s")
        values["names"] = names
    if scope:
        conditions.append("(" + " or ".join(scope) + ")")
    where = " and ".join(conditions)
    rows = frappe.db.sql(
        f"""select si.name, si.customer, si.customer_name, si.posting_date, si.is_return, si.is_debit_note,
                si.base_net_total, si.base_grand_total,
                si.`{fields["customer_gstin"]}` as customer_gstin,
                si.`{fields["company_gstin"]}` as company_gstin,
                si.`{fields["place_of_supply"]}` as place_of_supply
            from `tabSales Invoice` si where {where}""",
        values,
        as_dict=True,
    )
    taxes = _tax_heads(where, values)
    return [_document(row, taxes.get(row.name, {})) for row in rows]


def _tax_heads(where: str, values: dict) -> dict[str, dict[str, int]]:
    key_column, heads = tax_head_keys()
    if not heads:
        return {}
    rows = frappe.db.sql(
        f"""select tax.parent, {key_column} as tax_key,
                tax.base_tax_amount_after_discount_amount as amount
            from `tabSales Taxes and Charges` tax
            join `tabSales Invoice` si on si.name = tax.parent
            where tax.parenttype = 'Sales Invoice' and {key_column} in %(keys)s and {where}""",
        {**values, "keys": list(heads)},
    )
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for parent, key, value in rows:
        out[parent][heads[key]] += to_paise(value or 0)
    return out


def _document(row, heads: dict[str, int]) -> SalesDocument:
    document_type = document_type_of(row)
    place = (row.place_of_supply or "").strip()
    return SalesDocument(
        name=row.name,
        customer_gstin=(row.customer_gstin or "").strip().upper(),
        document_type=document_type,
        number=row.name,
        posting_date=row.posting_date,
        amounts=Amounts(
            taxable_value=to_paise(row.base_net_total or 0),
            igst=heads.get("igst", 0),
            cgst=heads.get("cgst", 0),
            sgst=heads.get("sgst", 0),
            cess=heads.get("cess", 0),
        ),
        customer_name=row.customer_name or "",
        customer=row.customer or "",
        company_gstin=(row.company_gstin or "").strip().upper(),
        place_of_supply=place[:2] if place[:2].isdigit() else "",
        grand_total=to_paise(row.base_grand_total or 0),
    )
