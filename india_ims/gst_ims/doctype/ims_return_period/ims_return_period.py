import frappe
from frappe.model.document import Document

from india_ims.gst_india.periods import ReturnPeriod
from india_ims.ims import clock
from india_ims.ims.protect import guard

# Filing freezes a period's actions (FAQ 12): only ``india_ims.ims.returns.close`` may change these,
# where the manager is checked, the records are rolled and the event is logged.
CLOSE_FIELDS = ("gstr3b_filed", "gstr3b_filed_on", "gstr3b_filed_by")


class IMSReturnPeriod(Document):
    def validate(self):
        # GSTR-2B's status, when it was generated and whether it needs a recompute are the jobs'
        # record of GSTN; the GSTR-3B filing is the user's to record.
        guard(self)
        try:
            self.return_period = str(ReturnPeriod.parse(self.return_period))
        except ValueError as error:
            frappe.throw(str(error), title=frappe._("Return Period"))
        if not frappe.flags.in_ims_period_close:
            before = None if self.is_new() else self.get_doc_before_save()
            for field in CLOSE_FIELDS:
                old = before.get(field) if before else None
                if str(old or "") != str(self.get(field) or "") and (before or self.get(field)):
                    frappe.throw(
                        frappe._(
                            "{0}: GSTR-3B filing is marked with Mark GSTR-3B Filed and undone with Reopen "
                            "on the GSTR-2B & 3B Preview page, not by editing {1}"
                        ).format(self.name or self.return_period, field),
                        frappe.PermissionError,
                    )
        if self.gstr3b_filed and not self.gstr3b_filed_on:
            self.gstr3b_filed_on = clock.today()
