import frappe
from frappe.model.document import Document

from india_ims.gst_india.periods import ReturnPeriod
from india_ims.ims import clock


class IMSReturnPeriod(Document):
    def validate(self):
        try:
            self.return_period = str(ReturnPeriod.parse(self.return_period))
        except ValueError as error:
            frappe.throw(str(error), title=frappe._("Return Period"))
        if self.gstr3b_filed and not self.gstr3b_filed_on:
            self.gstr3b_filed_on = clock.today()
