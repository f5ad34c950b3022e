"""Purchase Invoices as the core's ``PurchaseDocument``s, loaded with two queries.

With India Compliance installed its fields are read (GSTINs, place of
supply, reverse charge) and tax heads come from the taxes table's
``gst_tax_type``. Without it the app's own custom fields (``ims_`` prefix,
added at install) carry the GSTINs, and tax heads come from the accounts
mapped in IMS Settings. Amounts keep the books' sign: returns are negative.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import frappe
import orjson

from india_ims.gst_india.documents import Amounts, DocumentType, MatchStatus, PurchaseDocument
from india_ims.gst_india.money import to_paise

from . import pi_links, sqlread
from .constants import (
    INWARD_SUPPLY,
    PI_DEBIT_NOTE,
    PI_LINK,
    PI_MATCH_REASON,
    PI_MATCH_STATUS,
    PI_PERIOD,
    SETTINGS,
)

_IC_FIELDS = {
    "supplier_gstin": "supplier_gstin",
    "company_gstin": "company_gstin",
    "place_of_supply": "place_of_supply",
    "reverse_charge": "is_reverse_charge",
}
OWN_FIELDS = {
    "supplier_gstin": "ims_supplier_gstin",
    "company_gstin": "ims_company_gstin",
    "place_of_supply": "ims_place_of_supply",
    "reverse_charge": "ims_is_reverse_charge",
}
# India Compliance's gst_tax_type values for tax the supplier charged (RCM rows are the buyer's).
_IC_HEADS = {"igst": "igst", "cgst": "cgst", "sgst": "sgst", "cess": "cess", "cess_non_advol": "cess"}
MANUAL = MatchStatus.MANUAL.value
_SETTINGS_HEADS = {"IGST": "igst", "CGST": "cgst", "SGST": "sgst", "Cess": "cess"}


def has_india_compliance() -> bool:
    return "india_compliance" in frappe.get_installed_apps()


def field_map() -> dict[str, str]:
    return _IC_FIELDS if has_india_compliance() else OWN_FIELDS


def _state_code(place_of_supply: str | None) -> str:
    """ "27-Maharashtra" or "27" -> "27"."""
    text = (place_of_supply or "").strip()
    return text[:2] if text[:2].isdigit() else ""


def load(
    company_gstin: str,
    *,
    date_from: date | None = None,
    date_to: date | None = None,
    names: Iterable[str] = (),
    exclude: Iterable[str] = (),
    links: dict | None = None,
    period: str | None = None,
) -> list[PurchaseDocument]:
    """Submitted Purchase Invoices of a company GSTIN: by bill or posting date, plus ``names``.

    With ``period`` (a reconciliation's scope) the database adds the invoices linked to the
    period's records and leaves out the ones linked to other periods' records or matched by
    hand, in subqueries: no list of a lakh of names travels to the server and back.
    """
    query = Query(
        company_gstin, date_from=date_from, date_to=date_to, names=names, exclude=exclude, period=period
    )
    return query.documents(sqlread.json_rows(query.expressions, query.rest, query.values), links)


class Query:
    """``load``'s statement, built with what it needs from ``frappe``; ``documents`` turns its rows
    into ``PurchaseDocument``s without ``frappe``, so another thread may read and convert them."""

    def __init__(
        self,
        company_gstin: str,
        *,
        date_from: date | None = None,
        date_to: date | None = None,
        names: Iterable[str] = (),
        exclude: Iterable[str] = (),
        period: str | None = None,
    ):
        fields = field_map()
        conditions = [f"pi.`{fields['company_gstin']}` = %(gstin)s", "pi.docstatus = 1"]
        values: dict = {"gstin": company_gstin}
        scope = []
        if date_from and date_to:
            scope.append("pi.bill_date between %(from)s and %(to)s")
            scope.append("pi.posting_date between %(from)s and %(to)s")
            values.update({"from": date_from, "to": date_to})
        names = list(names)
        if names:
            scope.append("pi.name in %(names)s")
            values["names"] = names
        if period:
            values["period"] = period
            scope.append(
                f"""pi.name in (select ims.purchase_invoice from `tab{INWARD_SUPPLY}` ims
                    where ims.company_gstin = %(gstin)s and ims.supplier_return_period = %(period)s
                    and ims.purchase_invoice is not null and ifnull(ims.match_status, '') != '{MANUAL}')"""
            )
            # NOT EXISTS, one lookup of each invoice on the records' purchase_invoice index. NOT IN
            # checked each invoice against the index's NULL entries too (NOT IN is never true when
            # the subquery yields a NULL): every record not paired, each time; with a lakh of
            # invoices and 50,000 such records the read ran for minutes (0.6 s this way).
            conditions.append(
                f"""not exists (select 1 from `tab{INWARD_SUPPLY}` ims where ims.purchase_invoice = pi.name
                    and ims.company_gstin = %(gstin)s
                    and (ims.supplier_return_period != %(period)s or ims.match_status = '{MANUAL}'))"""
            )
        if scope:
            conditions.append("(" + " or ".join(scope) + ")")
        exclude = list(exclude)
        if exclude:
            conditions.append("pi.name not in %(exclude)s")
            values["exclude"] = exclude
        columns = {
            "name": "pi.name",
            "supplier_name": "pi.supplier_name",
            "bill_no": "pi.bill_no",
            "bill_date": "pi.bill_date",
            "posting_date": "pi.posting_date",
            "is_return": "pi.is_return",
            "is_debit_note": f"pi.`{PI_DEBIT_NOTE}`",
            "base_net_total": "pi.base_net_total",
            "base_grand_total": "pi.base_grand_total",
            "supplier_gstin": f"pi.`{fields['supplier_gstin']}`",
            "company_gstin": f"pi.`{fields['company_gstin']}`",
            "place_of_supply": f"pi.`{fields['place_of_supply']}`",
            "reverse_charge": f"pi.`{fields['reverse_charge']}`",
            "ims_link": f"lk.`{PI_LINK}`",
            "ims_status": f"lk.`{PI_MATCH_STATUS}`",
            "ims_period": f"lk.`{PI_PERIOD}`",
            "ims_reason": f"lk.`{PI_MATCH_REASON}`",
            "taxes": _taxes_expression(values),
        }
        self.keys = tuple(columns)
        self.expressions = list(columns.values())
        self.rest = f"from `tabPurchase Invoice` pi {pi_links.join()} where {' and '.join(conditions)}"
        self.values = values
        self.heads = tax_head_keys()[1]

    def documents(self, data: list[list], links: dict | None = None) -> list[PurchaseDocument]:
        """The rows read (``sqlread.json_rows`` of ``expressions`` and ``rest``) as documents;
        ``links`` receives each invoice's IMS link columns as stored (what the invoice says about
        its IMS match now, so a reconciliation writes only changes).

        A lakh of rows: each is unpacked in the statement's column order, and the few dozen days and
        places of supply they share are converted once each."""
        if self.keys != _KEYS:
            raise RuntimeError(f"Query columns {self.keys} are not the ones documents() unpacks")
        heads, days, states = self.heads, {None: None, "": None}, {}
        out = []
        for (
            name, supplier_name, bill_no, bill_date, posting_date, is_return, is_debit_note, net_total,
            grand_total, supplier_gstin, company_gstin, place_of_supply, reverse_charge, ims_link,
            ims_status, ims_period, ims_reason, taxes,
        ) in data:
            if links is not None:
                links[name] = (ims_link, ims_status or "", ims_period or "", ims_reason or "")
            paise = _tax_heads(taxes, heads)
            bill_day = days.get(bill_date, _UNSEEN)
            if bill_day is _UNSEEN:
                bill_day = days[bill_date] = sqlread.day(bill_date)
            posting_day = days.get(posting_date, _UNSEEN)
            if posting_day is _UNSEEN:
                posting_day = days[posting_date] = sqlread.day(posting_date)
            state = states.get(place_of_supply)
            if state is None:
                state = states[place_of_supply] = _state_code(place_of_supply)
            out.append(
                PurchaseDocument(
                    name=name,
                    supplier_gstin=(supplier_gstin or "").strip().upper(),
                    document_type=_kind(is_return, is_debit_note),
                    bill_no=(bill_no or "").strip(),
                    bill_date=bill_day,
                    amounts=Amounts(
                        taxable_value=to_paise(net_total),
                        igst=paise.get("igst", 0),
                        cgst=paise.get("cgst", 0),
                        sgst=paise.get("sgst", 0),
                        cess=paise.get("cess", 0),
                    ),
                    place_of_supply=state,
                    company_gstin=(company_gstin or "").strip().upper(),
                    supplier_name=supplier_name or "",
                    posting_date=posting_day,
                    reverse_charge=bool(reverse_charge),
                    grand_total=to_paise(grand_total),
                )
            )
        return out


# The order ``Query`` selects its columns in, which ``Query.documents`` unpacks.
_KEYS = (
    "name", "supplier_name", "bill_no", "bill_date", "posting_date", "is_return", "is_debit_note",
    "base_net_total", "base_grand_total", "supplier_gstin", "company_gstin", "place_of_supply",
    "reverse_charge", "ims_link", "ims_status", "ims_period", "ims_reason", "taxes",
)
_UNSEEN = object()


def tax_head_keys() -> tuple[str, dict[str, str]]:
    """Which column of a taxes table names the GST head, and its values -> head: India Compliance's
    ``gst_tax_type``, else the accounts mapped in IMS Settings (none mapped: no heads)."""
    if has_india_compliance():
        return "tax.gst_tax_type", _IC_HEADS
    return "tax.account_head", {
        row.account: _SETTINGS_HEADS[row.tax_head]
        for row in frappe.get_all(
            "IMS Tax Account", filters={"parenttype": SETTINGS}, fields=["account", "tax_head"]
        )
    }


def _taxes_expression(values: dict) -> str:
    """Each invoice's GST tax rows as a JSON array, read in the invoice's own row: one pass over the
    invoices instead of a second scan joined to the taxes table (adds the heads to ``values``)."""
    key_column, heads = tax_head_keys()
    if not heads:
        return "null"
    values["tax_keys"] = list(heads)
    return f"""(select json_arrayagg(json_array({key_column}, tax.add_deduct_tax,
                tax.base_tax_amount_after_discount_amount))
            from `tabPurchase Taxes and Charges` tax
            where tax.parent = pi.name and tax.parenttype = 'Purchase Invoice'
            and {key_column} in %(tax_keys)s)"""


def _tax_heads(taxes, heads: dict[str, str]) -> dict[str, int]:
    """{head: paise} of one invoice's tax rows, Deduct rows negative."""
    if not taxes:
        return {}
    if isinstance(taxes, str):  # a server that hands the aggregate back as text
        taxes = orjson.loads(taxes)
    out: dict[str, int] = defaultdict(int)
    for key, add_deduct, value in taxes:
        paise = to_paise(value)
        out[heads[key]] += -paise if add_deduct == "Deduct" else paise
    return out


def document_type_of(row) -> DocumentType:
    """An ERPNext invoice's kind, from its return and debit-note flags (sales and purchases alike)."""
    return _kind(row.is_return, row.is_debit_note)


def _kind(is_return, is_debit_note) -> DocumentType:
    if is_return:
        return DocumentType.CREDIT_NOTE
    if is_debit_note:
        return DocumentType.DEBIT_NOTE
    return DocumentType.INVOICE


def linked_elsewhere(company_gstin: str, out_of_scope_periods_sql: str, values: dict) -> list[str]:
    """Purchase Invoices already matched to records outside the scope being reconciled."""
    return frappe.db.sql_list(
        f"""select purchase_invoice from `tab{INWARD_SUPPLY}`
            where company_gstin = %(gstin)s and ifnull(purchase_invoice, '') != ''
            and {out_of_scope_periods_sql}""",
        {"gstin": company_gstin, **values},
    )


def company_gstin_of(invoice) -> str:
    return (invoice.get(field_map()["company_gstin"]) or "").strip().upper()


__all__ = ["load", "has_india_compliance", "field_map", "linked_elsewhere", "company_gstin_of", "PI_LINK"]
