import frappe
from frappe.model.document import Document

from india_ims.ims.protect import guard
from india_ims.ims.queries import SEARCH_INDEXES
from india_ims.ims.rows import row_name, upload_pending


class IMSInwardSupply(Document):
    """Written in bulk by the jobs; a document save is the exception, and gets the same name."""

    def autoname(self):
        self.name = row_name(
            (
                (self.company_gstin or "").strip().upper(),
                self.section,
                (self.supplier_gstin or "").strip().upper(),
                (self.document_number or "").strip().upper(),
                self.financial_year,
            )
        )

    def validate(self):
        # Every field is GSTN's, the reconciliation's, the rules-checked action API's or the
        # upload's: a form, REST or import save changes none of them, for any role.
        guard(self)
        self.upload_pending = upload_pending(self)


def on_doctype_update():
    frappe.db.add_unique(
        "IMS Inward Supply",
        ["company_gstin", "section", "supplier_gstin", "document_number", "financial_year"],
        constraint_name="unique_ims_document",
    )
    frappe.db.add_index(
        "IMS Inward Supply",
        ["company_gstin", "supplier_return_period", "match_status"],
        index_name="gstin_period_match",
    )
    frappe.db.add_index(
        "IMS Inward Supply", ["company_gstin", "gstr2b_period", "action"], index_name="gstin_2b_action"
    )
    # The Document View's default order within a period: its pages come off this index in order.
    frappe.db.add_index(
        "IMS Inward Supply",
        ["company_gstin", "supplier_return_period", "document_date"],
        index_name="gstin_period_date",
    )
    # Sorted by taxable value within a period: the page comes off the index in order.
    frappe.db.add_index(
        "IMS Inward Supply",
        ["company_gstin", "supplier_return_period", "taxable_value"],
        index_name="gstin_period_taxable",
    )
    # The searched Document View (a number, GSTIN or name anywhere in the text: LIKE '%...%') is
    # judged inside these indexes, in date order, without reading a row that does not match; the
    # GSTR-3B period's (a range over three GSTR-2B values, so always sorted) also covers its sorts
    # and its match status and action filters. queries.index_hint names them where they cover.
    frappe.db.add_index(
        "IMS Inward Supply",
        [*SEARCH_INDEXES["gstin_period_search"]],
        index_name="gstin_period_search",
    )
    frappe.db.add_index(
        "IMS Inward Supply",
        [*SEARCH_INDEXES["gstin_2b_view"]],
        index_name="gstin_2b_view",
    )
    frappe.db.add_index("IMS Inward Supply", ["company_gstin", "upload_pending"], index_name="gstin_upload")
    frappe.db.add_index("IMS Inward Supply", ["company_gstin", "supplier_gstin"], index_name="gstin_supplier")
    # The GSTR-2B & 3B Preview keys its cached figures on a GSTIN's latest write (returns.cache).
    frappe.db.add_index("IMS Inward Supply", ["company_gstin", "modified"], index_name="gstin_modified")
    _missing_in_ims_index()


PI_INDEX = "ims_gstin_period_status"


def _missing_in_ims_index():
    """The Match Summary sums the Purchase Invoices GSTN does not show (company GSTIN, IMS period,
    match status) on every view, outside the kept figures: without this index every invoice is read
    (0.3-0.8 s at a lakh). The columns are custom fields made at install (India Compliance's GSTIN or
    this app's): until they exist (during the app's own install) there is nothing to index, and the
    next migrate (after_migrate calls this) adds it."""
    from india_ims.ims.constants import PI_MATCH_STATUS, PI_PERIOD
    from india_ims.ims.purchases import field_map

    # and the figures it sums, so the count reads the index alone
    columns = [field_map()["company_gstin"], PI_PERIOD, PI_MATCH_STATUS, "docstatus", "base_net_total",
               "base_total_taxes_and_charges"]
    if all(frappe.db.has_column("Purchase Invoice", column) for column in columns):
        frappe.db.add_index("Purchase Invoice", columns, index_name=PI_INDEX)
