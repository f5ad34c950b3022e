"""The IMS Tool's queries use the indexes made for them (EXPLAIN, never a time): the Document View's
default order within a period, its match status and action filters, and the summaries' grouping."""

import frappe

from india_ims.ims import queries
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase


class TestImsToolIndexes(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.month = helpers.month(records=60, seed=61)
        cls.gstin = cls.month.recipient_gstin
        helpers.register(cls.company, cls.gstin)
        frappe.set_user("Administrator")
        helpers.clear(cls.gstin)
        apply_records(cls.company, cls.gstin, cls.month.ims_records)
        frappe.db.commit()

    @classmethod
    def tearDownClass(cls):
        # Other suites count every record of the test company: leave none behind.
        helpers.clear(cls.gstin)
        frappe.db.commit()
        super().tearDownClass()

    def _keys(self, filters=None, *, period_field="supplier_return_period", order_by="document_date"):
        where, values = queries._where(self.gstin, helpers.PERIOD, period_field, filters)
        plan = frappe.db.sql(
            f"explain select name from `tab{INWARD_SUPPLY}` where {where} "
            f"order by `{order_by}`, name limit 50",
            values,
            as_dict=True,
        )
        return {row.key for row in plan}

    def test_the_document_view_pages_a_period_off_the_gstin_period_date_index(self):
        self.assertIn("gstin_period_date", self._keys())

    def test_a_match_status_filter_uses_the_gstin_period_match_index(self):
        keys = self._keys({"match_status": "Mismatch"})
        self.assertTrue(keys & {"gstin_period_match", "gstin_period_date"}, keys)

    def test_the_gstr_3b_period_view_with_an_action_filter_uses_the_gstin_2b_action_index(self):
        keys = self._keys({"action": "Rejected"}, period_field="gstr2b_period")
        self.assertTrue(keys & {"gstin_2b_action"}, keys)

    def test_the_index_columns_are_the_tools_filters_and_default_order(self):
        rows = frappe.db.sql(f"show index from `tab{INWARD_SUPPLY}`", as_dict=True)
        columns: dict[str, list[str]] = {}
        for row in sorted(rows, key=lambda r: (r.Key_name, r.Seq_in_index)):
            columns.setdefault(row.Key_name, []).append(row.Column_name)
        period = ["company_gstin", "supplier_return_period"]
        self.assertEqual(columns["gstin_period_date"], [*period, "document_date"])
        self.assertEqual(columns["gstin_period_match"], [*period, "match_status"])
        self.assertEqual(columns["gstin_2b_action"], ["company_gstin", "gstr2b_period", "action"])
