"""The reports show GST in rupees whatever the site's default currency: on a site whose first company
is abroad (ERPNext's own test set-up makes a US one, as on the bench sites) the IMS Register's and
the Supplier ITC at Stake's amounts and totals read "$". Each Currency column reads its row's
currency, and Frappe's total row takes the first row's from the hidden Link column; the CSV register
keeps to what the screen shows."""

from __future__ import annotations

import frappe
from frappe.desk.query_report import run

from india_ims.ims.actions import set_actions
from india_ims.ims.returns import reports
from india_ims.tests.figures_case import GSTIN, PERIOD, FiguresCase


class TestImsReportsInRupees(FiguresCase):
    def _ran(self, report: str, filters: dict) -> dict:
        return run(report, filters=filters)

    def assert_rupees(self, result: dict) -> None:
        columns = {c["fieldname"]: c for c in result["columns"]}
        money = [c for c in columns.values() if c["fieldtype"] == "Currency"]
        self.assertTrue(money)
        self.assertTrue(all(c.get("options") == "currency" for c in money), money)
        currency = columns["currency"]
        self.assertEqual((currency["fieldtype"], currency["options"], currency["hidden"]),
                         ("Link", "Currency", 1))
        rows = result["result"]
        if result.get("add_total_row"):
            # Frappe's total row is a list in column order: its currency cell is the first row's
            rows, total = rows[:-1], rows[-1]
            self.assertEqual(total[list(columns).index("currency")], "INR")
        self.assertTrue(rows)
        self.assertTrue(all(row["currency"] == "INR" for row in rows))

    def test_the_register_is_in_rupees(self):
        self.load(53)
        self.assert_rupees(self._ran("IMS Register", {"company_gstin": GSTIN, "period": PERIOD,
                                                      "period_of": "GSTR-2B"}))
        # the CSV register: the screen's columns, no currency column
        header = next(iter(reports.register_csv(frappe._dict(company_gstin=GSTIN, period=PERIOD,
                                                              period_of="GSTR-2B"))))
        self.assertNotIn("Currency", header)
        self.assertIn("Taxable", header)

    def test_the_supplier_itc_at_stake_and_its_total_are_in_rupees(self):
        names = self.changed()
        set_actions(names, "Rejected", source="User", mode="valid_only")
        self.assert_rupees(self._ran("IMS Supplier ITC at Stake", {"company_gstin": GSTIN, "period": PERIOD}))
