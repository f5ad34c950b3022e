import frappe
from frappe.model.document import Document

from india_ims.gst_india.periods import ReturnPeriod
from india_ims.ims import clock
from india_ims.ims.protect import guard


class IMSReturnPeriod(Document):
    def validate(self):
        # GSTR-2B's status, when it was generated and whether it needs a recompute are the jobs'
        # record of GSTN; the GSTR-3B filing is the user's to record.
        guard(self)
        try:
            self.return_period = str(ReturnPeriod.parse(self.return_period))
        except ValueError as error:
            frappe.throw(str(error), title=frappe._("Return Period"))
        if self.gstr3b_filed and not self.gstr3b_filed_on:
            self.gstr3b_filed_on = clock.today()
