"""Section 16(4) with an annual return: ITC on a financial year's documents may be taken until 30
November after the year, or until the day the year's annual return was filed if that is earlier.
IMS Annual Return records that day; the rules' context and the stored figures follow it.

The world of ``test_ims_left_ims_stake``: an invoice of March 2026 (FY 2025-26) held Pending, seen on
30 November 2026, the last day of its 16(4) window unless GSTR-9 for 2025-26 was filed before.
"""

from datetime import date

import frappe

from india_ims.gst_india.rules.classify import pending_past_section_16_4
from india_ims.ims import figures_store, stake_sums
from india_ims.ims.actions import load_rows
from india_ims.ims.constants import ANNUAL_RETURN
from india_ims.ims.context import record_states, rule_context
from india_ims.tests import test_ims_left_ims_stake as left

FILED = date(2026, 9, 30)


class TestImsAnnualReturn(left.LeftImsWorld):
    def setUp(self):
        super().setUp()
        self.addCleanup(self._forget_annual_returns)
        self._forget_annual_returns()

    def _forget_annual_returns(self):
        frappe.db.delete(ANNUAL_RETURN, {"company_gstin": ("in", [self.gstin, self.other_gstin])})
        frappe.db.commit()

    def _record(self, gstin=None, year="2025-26", filed_on=FILED):
        return frappe.get_doc(
            {"doctype": ANNUAL_RETURN, "company_gstin": gstin or self.gstin, "financial_year": year,
             "filed_on": filed_on}
        ).insert()

    def test_an_annual_return_filed_before_30_november_ends_the_years_itc_on_that_day(self):
        pending = left.SUPPLIERS["pending"]
        self.assertEqual(self.tool()[pending].moved.igst, 90_000)
        self._record()
        frappe.db.commit()
        # each view runs ensure_fresh: the parts are recomputed and the cut-off has moved
        self.assertNotIn(pending, self.tool())
        self.assertNotIn(pending, self.chart())
        self.assertEqual(
            stake_sums.left_ims(self.gstin, left.PERIOD, {}, rule_context(self.gstin)),
            {"records": 1, "total_tax": 900.0},
        )
        self.assertEqual(self.summed(), self.core())
        state = record_states(load_rows([self.name("pending")]))[0]
        self.assertTrue(pending_past_section_16_4(state, rule_context(self.gstin)))

    def test_deleting_the_annual_return_gives_the_year_back_its_30_november(self):
        pending = left.SUPPLIERS["pending"]
        record = self._record()
        frappe.db.commit()
        self.assertNotIn(pending, self.tool())
        record.delete()
        frappe.db.commit()
        self.assertEqual(self.tool()[pending].moved.igst, 90_000)

    def test_the_rule_context_reads_its_own_gstins_annual_returns(self):
        self._record()
        self._record(gstin=self.other_gstin, year="2024-2025", filed_on=date(2025, 10, 15))
        self.assertEqual(dict(rule_context(self.gstin).annual_returns_filed), {"2025-26": FILED})
        self.assertEqual(
            dict(rule_context(self.other_gstin).annual_returns_filed), {"2024-25": date(2025, 10, 15)}
        )

    def test_an_annual_return_names_the_field_that_is_wrong(self):
        cases = {
            "Financial Year": {"year": "2025-27"},
            "Annual Return Filed On": {"filed_on": date(2026, 3, 31)},  # the year's own last day
            "Company GSTIN": {"gstin": "27ABCDE1234F1Z"},
        }
        for field, wrong in cases.items():
            with self.subTest(field), self.assertRaises(frappe.ValidationError) as raised:
                self._record(**wrong)
            self.assertIn(field, str(raised.exception))
        with self.assertRaises(frappe.ValidationError) as raised:
            self._record(filed_on=date(2026, 12, 1))  # after today (30 November)
        self.assertIn("after today", str(raised.exception))

    def test_a_save_that_changes_no_date_marks_no_figure_for_refresh(self):
        record = self._record()
        figures_store.ensure_fresh(self.gstin)
        frappe.db.commit()
        record.save()
        self.assertEqual(figures_store.stale_names(self.gstin), [])
        record.filed_on = date(2026, 10, 15)
        record.save()
        self.assertTrue(figures_store.stale_names(self.gstin))

    def test_one_annual_return_per_gstin_and_year(self):
        self._record()
        with self.assertRaises(frappe.DuplicateEntryError):
            self._record(year="FY 2025/26", filed_on=date(2026, 10, 1))
