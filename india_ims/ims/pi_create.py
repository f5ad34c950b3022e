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
from frappe.utils import flt, strip_html_tags, today

from .constants import INWARD_SUPPLY, PI_DEBIT_NOTE, SETTINGS
from .purchases import field_map, has_india_compliance

TEMPLATE = "Purchase Taxes and Charges Template"
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


def build(record_name: str):
    """The unsaved draft; the caller checked access to the record."""
    record = frappe.db.get_value(INWARD_SUPPLY, record_name, _RECORD_FIELDS, as_dict=True)
    if record.purchase_invoice:
        frappe.throw(
            _("{0} is already linked to {1}").format(record.document_number, record.purchase_invoice)
        )
    fields = field_map()
    credit = record.document_type == "Credit Note"
    sign = -1 if credit else 1
    doc = frappe.new_doc("Purchase Invoice")
    doc.company = record.company
    doc.supplier = supplier_of(record.supplier_gstin)
    doc.bill_no = record.document_number
    doc.bill_date = record.document_date
    doc.posting_date = today()
    doc.is_return = int(credit)
    doc.set(PI_DEBIT_NOTE, int(record.document_type == "Debit Note"))
    doc.set(fields["supplier_gstin"], record.supplier_gstin)
    doc.set(fields["company_gstin"], record.company_gstin)
    doc.set(fields["reverse_charge"], record.is_reverse_charge)
    if not has_india_compliance():
        doc.set(fields["place_of_supply"], record.place_of_supply)
    company = frappe.get_cached_doc("Company", record.company)
    doc.append(
        "items",
        {
            "item_name": f"{record.document_type} {record.document_number}"[:140],
            "description": _("Taxable value as reported by {0} ({1})").format(
                record.supplier_name or record.supplier_gstin, record.supplier_gstin
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


def _addresses(doc, record) -> None:
    """India Compliance reads the GSTINs from the addresses: the company's and the supplier's that
    carry them."""
    for field, link_doctype, link_name, gstin in (
        ("billing_address", "Company", record.company, record.company_gstin),
        ("supplier_address", "Supplier", doc.supplier, record.supplier_gstin),
    ):
        if not link_name:
            continue
        address = frappe.db.sql(
            """select a.name from `tabAddress` a join `tabDynamic Link` l on l.parent = a.name
               and l.parenttype = 'Address' where l.link_doctype = %s and l.link_name = %s
               and a.gstin = %s and a.disabled = 0 limit 1""",
            (link_doctype, link_name, gstin),
        )
        if address:
            doc.set(field, address[0][0])


def create_draft(record_name: str) -> dict:
    """Save the draft (never submitted) and say what still needs the user. Where ERPNext or India
    Compliance refuse to save it yet (an address missing, say), the filled document comes back unsaved
    with their reason, for the user to complete in a new form."""
    doc = build(record_name)
    if not doc.supplier:
        return {"needs_supplier": True, "supplier_gstin": doc.get(field_map()["supplier_gstin"])}
    if has_india_compliance():
        _addresses(doc, frappe.db.get_value(INWARD_SUPPLY, record_name, _RECORD_FIELDS, as_dict=True))
    try:
        doc.insert()
    except frappe.ValidationError as error:
        frappe.clear_last_message()
        reason = strip_html_tags(str(error))  # the reason is shown as text
        return {"unsaved": doc.as_dict(no_default_fields=True), "reason": reason}
    return {
        "name": doc.name,
        "taxes_and_charges": doc.taxes_and_charges,
        "tax_rows": len(doc.taxes),
        "grand_total": doc.grand_total,
    }
