"""Custom fields on Purchase Invoice, created at install and on every migrate.

The ``ims_`` prefix keeps them apart from India Compliance's fields: the GSTIN
fields are only added when India Compliance is absent, and stay harmless if
it is installed later (the loader then reads India Compliance's fields).
"""

from __future__ import annotations

import frappe
from frappe.custom.doctype.custom_field.custom_field import create_custom_fields

from .constants import INWARD_SUPPLY, PI_DEBIT_NOTE, PI_DRAFTED_FROM, PI_MATCH_HTML
from .outward import followup
from .outward.sales import OWN_FIELDS as SALES_FIELDS
from .purchases import OWN_FIELDS, has_india_compliance

ALWAYS = [
    {
        "fieldname": PI_DEBIT_NOTE,
        "label": "Supplier's Debit Note",
        "fieldtype": "Check",
        "insert_after": "is_return",
        "default": "0",
        "description": "This bill is a debit note the supplier issued (matched to IMS debit notes).",
        "print_hide": 1,
    },
    {
        "fieldname": "ims_section",
        "label": "Invoice Management System",
        "fieldtype": "Section Break",
        "insert_after": "remarks",
        "collapsible": 1,
    },
    {
        "fieldname": PI_MATCH_HTML,
        "label": "IMS Match",
        "fieldtype": "HTML",
        "insert_after": "ims_section",
        # filled by the form from ``__onload`` (``doc_events.onload``): the links live in their own
        # table (``pi_links``), so the invoice's row carries none of them
        "print_hide": 1,
    },
    {
        "fieldname": PI_DRAFTED_FROM,
        "label": "Drafted from IMS Record",
        "fieldtype": "Link",
        "options": INWARD_SUPPLY,
        "insert_after": PI_MATCH_HTML,
        "read_only": 1,
        "no_copy": 1,
        # set on the unsaved draft ``pi_create`` hands the Desk, so it is saved with the draft; its
        # submit links the draft to the record when the number had to change (``link_drafted``)
        "depends_on": f"eval:doc.{PI_DRAFTED_FROM}",
        "print_hide": 1,
    },
]

WITHOUT_INDIA_COMPLIANCE = [
    {
        "fieldname": OWN_FIELDS["supplier_gstin"],
        "label": "Supplier GSTIN",
        "fieldtype": "Data",
        "length": 15,
        "insert_after": "supplier_name",
        "print_hide": 1,
    },
    {
        "fieldname": OWN_FIELDS["company_gstin"],
        "label": "Company GSTIN",
        "fieldtype": "Data",
        "length": 15,
        "insert_after": "company",
        "print_hide": 1,
        "search_index": 1,
    },
    {
        "fieldname": OWN_FIELDS["place_of_supply"],
        "label": "Place of Supply (state code)",
        "fieldtype": "Data",
        "length": 20,
        "insert_after": OWN_FIELDS["company_gstin"],
        "print_hide": 1,
    },
    {
        "fieldname": OWN_FIELDS["reverse_charge"],
        "label": "Reverse Charge",
        "fieldtype": "Check",
        "default": "0",
        "insert_after": "is_paid",
        "print_hide": 1,
    },
]


# Sales Invoice GSTINs for the supplier view's pairing, only without India Compliance (which has its own).
SALES_WITHOUT_INDIA_COMPLIANCE = [
    {
        "fieldname": SALES_FIELDS["customer_gstin"],
        "label": "Customer GSTIN",
        "fieldtype": "Data",
        "length": 15,
        "insert_after": "customer_name",
        "print_hide": 1,
    },
    {
        "fieldname": SALES_FIELDS["company_gstin"],
        "label": "Company GSTIN",
        "fieldtype": "Data",
        "length": 15,
        "insert_after": "company",
        "print_hide": 1,
        "search_index": 1,
    },
    {
        "fieldname": SALES_FIELDS["place_of_supply"],
        "label": "Place of Supply (state code)",
        "fieldtype": "Data",
        "length": 20,
        "insert_after": SALES_FIELDS["company_gstin"],
        "print_hide": 1,
    },
]


def custom_fields() -> dict[str, list[dict]]:
    fields = list(ALWAYS)
    if not has_india_compliance():
        fields += WITHOUT_INDIA_COMPLIANCE
        return {"Purchase Invoice": fields, "Sales Invoice": list(SALES_WITHOUT_INDIA_COMPLIANCE)}
    return {"Purchase Invoice": fields}


def after_install() -> None:
    # The same steps as a migrate: the Purchase Invoice index needs the custom fields made first,
    # so a fresh install would otherwise lack it until its first migrate.
    after_migrate()


def after_migrate() -> None:
    make_custom_fields()
    followup.make_templates()
    # Frappe runs on_doctype_update only when a DocType's JSON changes; an index added in code since
    # would otherwise be missing on a site migrated before (add_index skips an existing one).
    from india_ims.gst_ims.doctype.ims_action_log import ims_action_log
    from india_ims.gst_ims.doctype.ims_gstr_2b_document import ims_gstr_2b_document
    from india_ims.gst_ims.doctype.ims_inward_supply.ims_inward_supply import on_doctype_update

    on_doctype_update()
    ims_gstr_2b_document.on_doctype_update()
    ims_action_log.on_doctype_update()


def make_custom_fields() -> None:
    create_custom_fields(custom_fields(), update=True)


def before_uninstall() -> None:
    names = [f"Purchase Invoice-{field['fieldname']}" for field in ALWAYS + WITHOUT_INDIA_COMPLIANCE]
    names += [f"Sales Invoice-{field['fieldname']}" for field in SALES_WITHOUT_INDIA_COMPLIANCE]
    for name in names:
        frappe.delete_doc("Custom Field", name, ignore_missing=True, force=True)
