"""Set-based writes in a bench: staged in a temporary table, one UPDATE ... JOIN, never a commit."""

import frappe

from india_ims.ims import bulk
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase


class TestImsBulk(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.month = helpers.month(records=30, seed=71)
        cls.gstin = cls.month.recipient_gstin
        helpers.register(cls.company, cls.gstin)

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        frappe.db.commit()

    def tearDown(self):
        frappe.db.rollback()
        helpers.clear(self.gstin)

    def _names(self):
        return frappe.get_all(
            INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name", order_by="name"
        )

    def test_update_by_name_writes_every_row_and_a_repeated_name_takes_its_last_values(self):
        names = self._names()
        rows = [{"name": n, "match_reason": f"r-{n}", "match_score": 0.5} for n in names]
        rows.append({"name": names[0], "match_reason": "last", "match_score": 0.25})
        written = bulk.update_by_name(INWARD_SUPPLY, rows, ("match_reason", "match_score"), batch=7)
        self.assertEqual(written, len(names))
        fields = ["name", "match_reason", "match_score"]
        stored = {
            r.name: (r.match_reason, r.match_score)
            for r in frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, fields=fields)
        }
        self.assertEqual(stored[names[0]], ("last", 0.25))
        self.assertEqual(stored[names[-1]], (f"r-{names[-1]}", 0.5))

    def test_update_by_name_inside_a_transaction_that_wrote_commits_nothing(self):
        names = self._names()
        frappe.db.set_value(INWARD_SUPPLY, names[0], "match_reason", "written first")
        staged = [{"name": n, "match_reason": "staged"} for n in names]
        bulk.update_by_name(INWARD_SUPPLY, staged, ("match_reason",))
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, names[-1], "match_reason"), "staged")
        frappe.db.rollback()
        reasons = set(
            frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="match_reason")
        )
        self.assertNotIn("staged", reasons)
        self.assertNotIn("written first", reasons)
