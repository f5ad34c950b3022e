"""The IMS Tool's Action Summary adds up to the ITC cards above it (a CA's walk on the 1st, issue
polish): credit notes net against invoices, as GSTR-2B and GSTR-3B net them."""

import frappe

from india_ims.ims import api, reconcile, tool_api
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase


class TestActionSummaryAddsUp(MonthCase):
    MONTH = {"records": 80, "seed": 83}

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        reconcile.reconcile(self.company, self.gstin, helpers.PERIOD)
        frappe.db.commit()

    def tearDown(self):
        helpers.clear(self.gstin)

    def test_rule_gstr2b_nets_credit_notes_so_the_action_table_adds_up_to_itc_if_all_accepted(self):
        args = {"period": helpers.PERIOD, "period_field": "gstr2b_period"}
        notes = frappe.get_all(
            INWARD_SUPPLY,
            filters={
                "company_gstin": self.gstin,
                "gstr2b_period": helpers.PERIOD,
                "document_type": "Credit Note",
            },
            fields=["name", "igst", "cgst", "sgst", "cess"],
        )
        self.assertTrue(notes, "the month needs a credit note for this rule")
        summary = api.get_action_summary(self.gstin, **args)
        column = sum(float(row["total_tax"]) for row in summary["by_action"])
        stake = tool_api.get_itc_at_stake(self.gstin, helpers.PERIOD)
        all_accepted = stake["all_accepted"]["total_tax"]
        self.assertAlmostEqual(column, float(all_accepted), places=2)
        # the notes are minus figures: summed as documents they would be twice their tax too high
        note_tax = sum(float(n.igst + n.cgst + n.sgst + n.cess) for n in notes)
        gross = sum(
            float(r.igst + r.cgst + r.sgst + r.cess)
            for r in frappe.get_all(
                INWARD_SUPPLY,
                filters={
                    "company_gstin": self.gstin,
                    "gstr2b_period": helpers.PERIOD,
                    "supplier_filing_status": "Filed",
                },
                fields=["igst", "cgst", "sgst", "cess"],
            )
        )
        self.assertAlmostEqual(column, gross - 2 * note_tax, places=2)
