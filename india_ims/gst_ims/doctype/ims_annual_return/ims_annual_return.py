import frappe
from frappe import _
from frappe.model.document import Document

from india_ims.gst_india.gstin import validate_gstin
from india_ims.gst_india.periods import check_annual_return_date, financial_year_label, parse_financial_year
from india_ims.ims import clock


class IMSAnnualReturn(Document):
    """When a GSTIN's annual return for a year was filed: the rules' context reads it (Section 16(4)
    ends that year's ITC on this day if it is before 30 November), and so do the stored figures."""

    def autoname(self):
        # one per GSTIN and year, however the year was written
        self._normalise()
        self.name = f"{self.company_gstin}-{self.financial_year}"

    def validate(self):
        start = self._normalise()
        _checked(_("Annual Return Filed On"), check_annual_return_date, start,
                 frappe.utils.getdate(self.filed_on), clock.today())
        self.recorded_by = frappe.session.user

    def _normalise(self) -> int:
        self.company_gstin = _checked(_("Company GSTIN"), validate_gstin, self.company_gstin or "").value
        start = _checked(_("Financial Year"), parse_financial_year, self.financial_year)
        self.financial_year = financial_year_label(start)
        return start

    def on_update(self):
        # true for a new one; a save that changes nothing moves no deadline
        if self.has_value_changed("filed_on"):
            self._deadlines_moved()

    def on_trash(self):
        self._deadlines_moved()

    def _deadlines_moved(self):
        # Each record's stored part keeps its Section 16(4) deadline: the GSTIN's are recomputed
        # (in the background, or by the next view first).
        from india_ims.ims import figures_store

        figures_store.mark_stale(self.company_gstin)


def _checked(label: str, check, *args):
    """``check(*args)``, its ValueError shown as a message naming the field."""
    try:
        return check(*args)
    except ValueError as error:
        frappe.throw(f"{label}: {error}", title=_("IMS Annual Return"))
