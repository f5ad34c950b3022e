import frappe
from frappe import _
from frappe.model.document import Document

from india_ims.ims.rows import DECLARATION_COLUMNS, GSTN_COLUMNS, MATCH_COLUMNS, row_name, upload_pending

# Set only by the download (GSTN's values), the rules-checked action API and the reconciliation:
# a form or REST save must not change them behind the rules engine's back. The remarks and the
# declared ITC reduction to upload are judged with the action (REMARKS_*, ITC_REDUCTION_*).
PROTECTED = (
    *GSTN_COLUMNS,
    *MATCH_COLUMNS,
    "action",
    "upload_pending",
    "upload_remarks",
    *DECLARATION_COLUMNS,
    "pending_allowed",
    "gstr2b_period",
)


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
        if not self.is_new():
            before = self.get_doc_before_save()
            changed = [f for f in PROTECTED if before and str(before.get(f) or "") != str(self.get(f) or "")]
            if changed:
                frappe.throw(
                    _("{0} can only change through the IMS tool, where GSTN's rules are checked: {1}").format(
                        self.name, ", ".join(changed)
                    ),
                    frappe.PermissionError,
                )
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
    frappe.db.add_index("IMS Inward Supply", ["company_gstin", "upload_pending"], index_name="gstin_upload")
    frappe.db.add_index("IMS Inward Supply", ["company_gstin", "supplier_gstin"], index_name="gstin_supplier")
    # The GSTR-2B & 3B Preview keys its cached figures on a GSTIN's latest write (returns.cache).
    frappe.db.add_index("IMS Inward Supply", ["company_gstin", "modified"], index_name="gstin_modified")
