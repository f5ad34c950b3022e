import frappe
from frappe.model.document import Document

from india_ims.gst_india.periods import ReturnPeriod
from india_ims.ims import clock
from india_ims.ims.protect import guard

MANAGER_ROLES = {"Accounts Manager", "System Manager"}


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
            self._check_filing_change()
        if self.gstr3b_filed and not self.gstr3b_filed_on:
            self.gstr3b_filed_on = clock.today()

    def _check_filing_change(self):
        """Filing freezes the period's actions (FAQ 12). Ticking it on the form closes the period
        the way Mark GSTR-3B Filed does (a manager; rows rolled and logged); unticking is a reopen,
        which only a System Manager does, with a reason, on the GSTR-2B & 3B Preview page."""
        before = None if self.is_new() else self.get_doc_before_save()
        was, now = bool(before and before.gstr3b_filed), bool(self.gstr3b_filed)
        if was and not now:
            frappe.throw(
                frappe._(
                    "{0}: reopen a filed period with Reopen Period (System Manager, with a reason)"
                ).format(self.name),
                frappe.PermissionError,
            )
        if now and not was:
            if not MANAGER_ROLES & set(frappe.get_roles()):
                raise frappe.PermissionError(frappe._("Only an Accounts Manager marks a GSTR-3B filed"))
            from india_ims.ims.returns import close

            # Planned now, while the period is not yet filed; applied once the row is saved.
            self.flags.close_plan = close.plan(self.company_gstin, self.return_period)
            self.gstr3b_filed_by = frappe.session.user

    def on_update(self):
        plan = self.flags.pop("close_plan", None)
        if plan is not None:
            from india_ims.ims.returns import close

            close.record_form_close(self, plan)

