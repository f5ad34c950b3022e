"""A draft Purchase Invoice from an IMS record GSTN shows but the books lack (Missing in PI).

ERPNext fills what it always fills (``set_missing_values``: supplier details, currency, accounts,
``calculate_taxes_and_totals``); the record brings the supplier, bill number and date, the taxable
value and the tax. Tax lines come from the company's Purchase Taxes and Charges Template that carries
the record's heads (IGST for an inter-state supply, CGST and SGST within the state), with GSTN's
amounts as Actual charges, so the draft agrees with GSTN to the paisa (beside India Compliance, which
refuses Actual GST lines, as the rate on the net total that gives them). It is saved as a draft for
the user to check, complete (items, expense accounts) and submit; nothing is submitted here.
"""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import escape_html, flt, strip_html_tags, today
from frappe.utils.html_utils import sanitize_html

from . import pi_links
from .constants import (
    INWARD_SUPPLY,
    PI_DEBIT_NOTE,
    PI_DRAFTED_FROM,
    PI_LINK,
    PI_MATCH_REASON,
    PI_MATCH_STATUS,
    PI_PERIOD,
    SETTINGS,
)
from .purchases import field_map, has_india_compliance

TEMPLATE = "Purchase Taxes and Charges Template"
# Angle quotation marks for < and >: the number stays readable and distinct, and no markup filter
# touches it (Frappe sanitises only values holding < or >).
_MARKUP_FREE = str.maketrans({"<": "\u2039", ">": "\u203a"})
HEADS = ("igst", "cgst", "sgst", "cess")
_SETTINGS_HEADS = {"IGST": "igst", "CGST": "cgst", "SGST": "sgst", "Cess": "cess"}
_IC_HEADS = {"igst": "igst", "cgst": "cgst", "sgst": "sgst", "cess": "cess"}
_RECORD_FIELDS = (
    "name",
    "company",
    "company_gstin",
    "supplier_gstin",
    "supplier_name",
    "document_number",
    "document_date",
    "document_type",
    "section",
    "place_of_supply",
    "is_reverse_charge",
    "taxable_value",
    *HEADS,
    "purchase_invoice",
)


def bill_number(number: str) -> str:
    """The supplier's number as a bill number Frappe keeps as it is given.

    Frappe sanitises every Data field that looks like markup when a document is saved: 15 escapes a
    tag (``&lt;script&gt;``), 16 removes it with its content, so ``<script>1</script>`` becomes an
    empty bill number. The check is Frappe's own ``sanitize_html`` on the running version: a number
    it leaves alone (``A<1>``) is kept exactly; one it would change has < and > written as angle
    quotation marks, and the draft stays tied to its IMS record by the link (``link_drafted``)."""
    number = number or ""
    if ("<" in number or ">" in number) and sanitize_html(number) != number:
        return number.translate(_MARKUP_FREE)
    return number


def supplier_of(gstin: str) -> str | None:
    if has_india_compliance():
        supplier = frappe.db.get_value("Supplier", {"gstin": gstin, "disabled": 0}, "name")
        if supplier:
            return supplier
    return frappe.db.get_value("Supplier", {"tax_id": gstin, "disabled": 0}, "name")


def create_supplier(record_name: str) -> str:
    """A Supplier named as GSTN names the record's supplier, carrying its GSTIN."""
    record = frappe.db.get_value(INWARD_SUPPLY, record_name, _RECORD_FIELDS, as_dict=True)
    existing = supplier_of(record.supplier_gstin)
    if existing:
        return existing
    doc = frappe.new_doc("Supplier")
    doc.supplier_name = record.supplier_name or record.supplier_gstin
    doc.tax_id = record.supplier_gstin
    if has_india_compliance():
        doc.gstin = record.supplier_gstin
        doc.gst_category = "Registered Regular"
    doc.insert()
    return doc.name


def _account_heads(company: str) -> dict[str, str]:
    """Account -> head (igst/cgst/sgst/cess): India Compliance's input GST accounts of the company
    (GST Settings), and the tax accounts mapped in IMS Settings."""
    rows = frappe.get_all(
        "IMS Tax Account",
        filters={"parenttype": SETTINGS},
        fields=["account", "tax_head"],
    )
    heads = {row.account: _SETTINGS_HEADS[row.tax_head] for row in rows if row.tax_head in _SETTINGS_HEADS}
    if has_india_compliance():
        for row in frappe.get_all(
            "GST Account",
            filters={"company": company, "account_type": "Input"},
            fields=[f"{head}_account" for head in HEADS],
        ):
            heads.update({row[f"{head}_account"]: head for head in HEADS if row.get(f"{head}_account")})
    return heads


def _row_head(row: dict, mapped: dict[str, str]) -> str | None:
    if has_india_compliance() and row.get("gst_tax_type") in _IC_HEADS:
        return _IC_HEADS[row["gst_tax_type"]]
    return mapped.get(row.get("account_head"))


def _template_rows(company: str, wanted: set[str]) -> tuple[str | None, list[dict]]:
    """The company's template whose GST heads are exactly the heads the record carries."""
    from erpnext.controllers.accounts_controller import get_taxes_and_charges

    mapped = _account_heads(company)
    templates = frappe.get_all(
        TEMPLATE, filters={"company": company, "disabled": 0}, pluck="name", order_by="is_default desc, name"
    )
    for template in templates:
        rows = get_taxes_and_charges(TEMPLATE, template) or []
        heads = {_row_head(row, mapped) for row in rows} - {None}
        if heads and heads - {"cess"} == wanted - {"cess"}:
            return template, rows
    return None, []


def _settings_rows(company: str, wanted: set[str]) -> list[dict]:
    """No template fits: one row per head from the accounts mapped in IMS Settings for this company."""
    rows = []
    for account, head in _account_heads(company).items():
        taken = {r["_head"] for r in rows}
        ours = frappe.db.get_value("Account", account, "company") == company
        if head in wanted and head not in taken and ours:
            rows.append({"account_head": account, "description": head.upper(), "_head": head})
    return rows


def _charge(record, amount: float) -> dict:
    """GSTN's amount as an Actual charge; India Compliance refuses Actual GST lines (they compute no
    item-wise tax), so beside it the line is the rate on the net total that gives GSTN's amount."""
    if has_india_compliance() and flt(record.taxable_value):
        rate = flt(100 * abs(amount) / abs(flt(record.taxable_value)), 3)
        return {"charge_type": "On Net Total", "rate": rate, "category": "Total"}
    return {"charge_type": "Actual", "tax_amount": amount, "rate": 0, "category": "Total"}


def _taxes(record, sign: int) -> tuple[str | None, list[dict]]:
    wanted = {head for head in HEADS if flt(record[head])}
    template, rows = _template_rows(record.company, wanted)
    mapped = _account_heads(record.company)
    if not rows:
        rows = _settings_rows(record.company, wanted)
    out = []
    for row in rows:
        head = row.pop("_head", None) or _row_head(row, mapped)
        if head is None:
            continue  # a non-GST charge of the template: the user adds it if the bill has it
        amount = flt(record[head]) * sign
        row.update(_charge(record, amount))
        row.setdefault("add_deduct_tax", "Add")
        for key in ("name", "idx", "parent", "parentfield", "parenttype", "doctype"):
            row.pop(key, None)
        out.append(row)
    return template, out


def build(record_name: str, addresses: dict | None = None):
    """The unsaved draft; the caller checked access to the record. ``addresses`` are set before
    ERPNext fills the rest, so it renders those and picks no other."""
    record = frappe.db.get_value(INWARD_SUPPLY, record_name, _RECORD_FIELDS, as_dict=True)
    if record.purchase_invoice:
        frappe.throw(
            _("{0} is already linked to {1}").format(
                escape_html(record.document_number), escape_html(record.purchase_invoice)
            )
        )
    fields = field_map()
    credit = record.document_type == "Credit Note"
    sign = -1 if credit else 1
    doc = frappe.new_doc("Purchase Invoice")
    doc.company = record.company
    doc.supplier = supplier_of(record.supplier_gstin)
    doc.update({field: value for field, value in (addresses or {}).items() if value})
    doc.bill_no = bill_number(record.document_number)
    doc.bill_date = record.document_date
    doc.posting_date = today()
    # which IMS record the draft was made from: on submit it is linked to it (``link_drafted``)
    doc.set(PI_DRAFTED_FROM, record.name)
    doc.is_return = int(credit)
    doc.set(PI_DEBIT_NOTE, int(record.document_type == "Debit Note"))
    doc.set(fields["supplier_gstin"], record.supplier_gstin)
    doc.set(fields["company_gstin"], record.company_gstin)
    doc.set(fields["reverse_charge"], record.is_reverse_charge)
    if not has_india_compliance():
        doc.set(fields["place_of_supply"], record.place_of_supply)
    company = frappe.get_cached_doc("Company", record.company)
    # GSTN's amounts are rupees. Left to ERPNext, a site set up in another currency (its buying price
    # list, its global default) drafts in that currency and refuses the draft for want of a rate.
    doc.currency = "INR"
    if company.default_currency == "INR":
        doc.conversion_rate = 1
    doc.buying_price_list = _rupee_price_list(doc.supplier)
    doc.append(
        "items",
        {
            "item_name": f"{record.document_type} {doc.bill_no}"[:140],
            "description": escape_html(
                _("Taxable value as reported by {0} ({1})").format(
                    record.supplier_name or record.supplier_gstin, record.supplier_gstin
                )
            ),
            "qty": sign,
            "uom": frappe.db.get_single_value("Stock Settings", "stock_uom") or "Nos",
            "conversion_factor": 1,
            "rate": flt(record.taxable_value),
            "expense_account": company.default_expense_account,
            "cost_center": company.cost_center,
        },
    )
    template, taxes = _taxes(record, sign)
    doc.taxes_and_charges = template
    for row in taxes:
        doc.append("taxes", row)
    if doc.supplier:
        doc.set_missing_values()
    doc.calculate_taxes_and_totals()
    return doc


def _rupee_price_list(supplier: str | None) -> str | None:
    """The buying price list ERPNext would take (the supplier's, else Buying Settings'), or an enabled
    buying list in rupees where that one is in another currency: the draft carries no list prices,
    and a list in dollars makes ERPNext ask for a dollar rate before it saves a rupee bill. With no
    list in rupees ERPNext's own choice stands: it asks for the rate, as it would ask the user."""
    chosen = (supplier and frappe.db.get_value("Supplier", supplier, "default_price_list")) or (
        frappe.db.get_single_value("Buying Settings", "buying_price_list")
    )
    if chosen and frappe.db.get_value("Price List", chosen, "currency") == "INR":
        return chosen
    return frappe.db.get_value("Price List", {"buying": 1, "enabled": 1, "currency": "INR"}, "name") or chosen


def _readable_address(link_doctype: str, link_name: str, gstin: str | None) -> str | None:
    """An address of the party the user may read (``frappe.get_list`` applies their permissions),
    the one carrying the GSTIN first, then the primary one. Sorted here, not in SQL: Frappe 15 and 16
    read an ``order_by`` across the Dynamic Link join differently."""
    if not frappe.has_permission("Address", "read"):
        return None  # Frappe 16's get_list refuses outright; ERPNext may not need one (no address at all)
    filters = [
        ["Dynamic Link", "link_doctype", "=", link_doctype],
        ["Dynamic Link", "link_name", "=", link_name],
        ["Dynamic Link", "parenttype", "=", "Address"],
        ["disabled", "=", 0],
    ]
    if gstin and frappe.get_meta("Address").has_field("gstin"):
        filters.append(["gstin", "=", gstin])
    rows = frappe.get_list("Address", filters=filters, fields=["name", "is_primary_address"], limit=100)
    rows = sorted(rows, key=lambda row: (-(row.is_primary_address or 0), row.name))
    return rows[0].name if rows else None


def _addresses(record, supplier: str) -> dict:
    """The supplier's address the user may read, the one with its GSTIN first (India Compliance reads
    the GSTINs from the addresses, so beside it the company's address with its GSTIN too)."""
    if not has_india_compliance():
        return {"supplier_address": _readable_address("Supplier", supplier, None)}
    return {
        "supplier_address": _readable_address("Supplier", supplier, record.supplier_gstin),
        "billing_address": _readable_address("Company", record.company, record.company_gstin),
    }


def _address_refusal(supplier: str) -> str:
    return _(
        "ERPNext reads the addresses of Supplier {0} and of your company into every Purchase Invoice, "
        "and your roles may not read them, so ERPNext would refuse to save this draft. A user with the "
        "Accounts User or Purchase User role can create it, or ask your System Manager for one of them."
    ).format(supplier)


def create_draft(record_name: str) -> dict:
    """Save the draft (never submitted) and say what still needs the user. Where ERPNext or India
    Compliance refuse to save it yet (an address missing, say), the filled document comes back unsaved
    with their reason, for the user to complete in a new form.

    Addresses are chosen among those the user may read. ERPNext renders the supplier's default
    address with the user's permissions on every save, so a user who may not read it (Accounts Manager
    alone reads only the addresses they made) could never save the draft: they get that in words, not
    ERPNext's 403, and no permission is widened for them."""
    record = frappe.db.get_value(INWARD_SUPPLY, record_name, _RECORD_FIELDS, as_dict=True)
    supplier = supplier_of(record.supplier_gstin)
    if not supplier:
        return {"needs_supplier": True, "supplier_gstin": record.supplier_gstin}
    try:
        doc = build(record_name, _addresses(record, supplier))
    except frappe.PermissionError:
        frappe.clear_last_message()
        return {"refused": _address_refusal(supplier)}
    notes = []
    if doc.bill_no != record.document_number:
        notes.append(
            _(
                "The supplier's number {0} holds markup that ERPNext removes from a bill number, so the "
                "draft carries {1}; once submitted it is linked to this IMS record, which keeps the "
                "supplier's number, so the two stay paired."
            ).format(escape_html(record.document_number), escape_html(doc.bill_no))
        )
    try:
        doc.insert()
    except frappe.PermissionError:
        frappe.clear_last_message()
        return {"refused": _address_refusal(supplier)}
    except frappe.ValidationError as error:
        frappe.clear_last_message()
        reason = strip_html_tags(str(error))  # the reason is shown as text
        return {"unsaved": _unsaved_form(doc), "reason": reason, "notes": notes}
    return {
        "name": doc.name,
        "bill_no": doc.bill_no,
        "notes": notes,
        "taxes_and_charges": doc.taxes_and_charges,
        "tax_rows": len(doc.taxes),
        "grand_total": doc.grand_total,
    }


def link_drafted(doc) -> None:
    """On submit: a Purchase Invoice drafted from an IMS record whose number it could not carry as
    the supplier wrote it (``bill_number``) is linked to that record, so it pairs as the user meant.
    A draft with the supplier's own number is left to the reconciliation, which compares it in full."""
    name = doc.get(PI_DRAFTED_FROM)
    if not name or pi_links.get(doc.name, PI_MATCH_STATUS):
        return
    record = frappe.db.get_value(
        INWARD_SUPPLY,
        name,
        ["name", "document_number", "purchase_invoice", "supplier_return_period"],
        as_dict=True,
    )
    if not record or record.purchase_invoice or doc.bill_no == record.document_number:
        return
    if doc.bill_no != bill_number(record.document_number):
        return  # the user typed another number: the reconciliation judges it
    frappe.db.set_value(
        INWARD_SUPPLY,
        name,
        {
            "purchase_invoice": doc.name,
            "match_status": "Manual Match",
            "match_reason": (
                f"Drafted from this record; the bill number is {doc.bill_no} since ERPNext "
                f"removes markup from {record.document_number}"
            ),
            "match_differences": None,
        },
    )
    pi_links.update(
        doc.name,
        {
            PI_LINK: name,
            PI_MATCH_STATUS: "Manual Match",
            PI_PERIOD: record.supplier_return_period,
            PI_MATCH_REASON: None,
        },
    )


def _unsaved_form(doc) -> dict:
    """The filled document as the Desk opens a mapped one (``frappe.model.sync``): new, unnamed rows
    that the form names itself, so its grids find every row it is given."""
    values = doc.as_dict()
    values.update(name=None, __islocal=1, docstatus=0)
    # as Frappe's mapper marks what it hands over: ERPNext's form then keeps the figures it is given
    # instead of running a new document's defaults over them (seen: a tax row's amount came out 0
    # beside a correct total, on a site set up in another currency)
    values["__onload"] = {**(values.get("__onload") or {}), "load_after_mapping": True}
    for df in doc.meta.get_table_fields():
        for row in values.get(df.fieldname) or []:
            row.update(name=None, parent=None, __islocal=1, docstatus=0)
    return values
