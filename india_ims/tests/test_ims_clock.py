"""The Frappe layer's dates come from one clock (India's date, pinnable), and the GST calendar rules
that depend on "today" follow the day a test pins: Section 16(4), the GSTR-2B on the 14th, the
period a user works on."""

from datetime import UTC, date, datetime, timedelta
from unittest.mock import patch

import frappe

from india_ims.gst_india.periods import ReturnPeriod, section_16_4_deadline
from india_ims.ims import api, clock, tool_api, upload
from india_ims.ims.constants import INWARD_SUPPLY, RETURN_PERIOD
from india_ims.ims.context import rule_context
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase


class TestImsClock(MonthCase):
    MONTH = {"records": 40, "seed": 61}
    CLEAR_EACH = True

    def setUp(self):
        super().setUp()
        apply_records(self.company, self.gstin, self.month.ims_records)
        frappe.db.commit()

    def _invoices(self):
        """b2b invoices of the latest financial year in the month, latest document first."""
        rows = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "section": "b2b", "gstn_action": ("in", ("", "No Action"))},
            fields=["name", "document_date", "financial_year"],
            order_by="document_date desc, name",
        )
        self.assertGreaterEqual(len(rows), 2, "the generated month has too few b2b invoices")
        latest = rows[0].financial_year
        return [row for row in rows if row.financial_year == latest]

    def test_today_is_the_date_in_india_not_the_sites_time_zone(self):
        # 20:00 UTC on 30 November is 01:30 on 1 December in India.
        instant = datetime(2026, 11, 30, 20, 0, tzinfo=UTC)

        class Clock(datetime):
            @classmethod
            def now(cls, tz=None):
                return instant.astimezone(tz)

        clock.unpin()  # the class pin; put back below so tearDownClass pops its own
        try:
            with patch.object(clock, "datetime", Clock):
                self.assertEqual(clock.today(), date(2026, 12, 1))
        finally:
            clock.pin(self.today)

    def test_rule_context_and_the_tools_default_period_read_the_pinned_day(self):
        self.assertEqual(rule_context(self.gstin).today, helpers.TODAY)
        self.assertEqual(tool_api.get_tool_setup()["default_period"], helpers.PERIOD)
        new_year = date(helpers.TODAY.year + 1, 1, 5)
        with clock.pinned(new_year):
            self.assertEqual(rule_context(self.gstin).today, new_year)
            self.assertEqual(tool_api.get_tool_setup()["default_period"], f"12{helpers.TODAY.year}")
        self.assertEqual(clock.today(), helpers.TODAY)

    def test_section_16_4_bars_accept_from_the_day_after_the_deadline_but_never_reject(self):
        first, second, *_ = self._invoices()
        deadline = section_16_4_deadline(first.document_date)
        self.assertEqual(deadline, section_16_4_deadline(second.document_date))
        with clock.pinned(deadline):
            on_the_day = api.set_action(frappe.as_json([first.name]), "Accepted")
        self.assertEqual(on_the_day["applied"], 1, on_the_day)
        with clock.pinned(deadline + timedelta(days=1)):
            late = api.set_action(frappe.as_json([second.name]), "Accepted")
            self.assertEqual(late["applied"], 0, late)
            self.assertEqual(late["refused"][0]["code"], "SECTION_16_4_EXPIRED")
            rejected = api.set_action(frappe.as_json([second.name]), "Rejected")
            self.assertEqual(rejected["applied"], 1, rejected)

    def test_gstr2b_recompute_is_flagged_only_once_the_2b_is_generated_on_the_14th(self):
        generated = ReturnPeriod.parse(helpers.PERIOD).gstr2b_generation_date()
        self.assertEqual(generated, helpers.gstr2b_day(helpers.PERIOD, 14))
        with clock.pinned(generated - timedelta(days=1)):
            self.assertEqual(upload.flag_recompute(self.company, self.gstin, {helpers.PERIOD}), set())
        with clock.pinned(generated):
            self.assertEqual(
                upload.flag_recompute(self.company, self.gstin, {helpers.PERIOD}), {helpers.PERIOD}
            )
        flagged = {"company_gstin": self.gstin, "return_period": helpers.PERIOD}
        self.assertEqual(frappe.db.get_value(RETURN_PERIOD, flagged, "recompute_needed"), 1)

    def test_gstr3b_filed_on_defaults_to_the_day_in_india(self):
        name = upload.ensure_return_period(self.company, self.gstin, helpers.PERIOD)
        filed_day = helpers.gstr2b_day(helpers.PERIOD, 20)
        with clock.pinned(filed_day):
            doc = frappe.get_doc(RETURN_PERIOD, name)
            doc.gstr3b_filed = 1
            doc.save(ignore_permissions=True)
        self.assertEqual(frappe.db.get_value(RETURN_PERIOD, name, "gstr3b_filed_on"), filed_day)
