"""GSTR-2B & 3B Preview after a bulk action: many records differ from GSTN's GSTR-2B. The figures
and the drill-down's pages, read from the records the indexes name, are the ones a test of the whole
month gives; "changed after generation" is asked of the Action Log's (inward_supply, logged_at) index.

Today is pinned to 30-11-2026; the period is October 2026.
"""

from datetime import datetime
from unittest.mock import patch

import frappe

from india_ims.ims import jobs
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import INWARD_SUPPLY, KIND_DOWNLOAD, KIND_UPLOAD
from india_ims.ims.returns import api, preview
from india_ims.ims.returns import scope as scopes
from india_ims.tests import helpers
from india_ims.tests.test_ims_returns import PERIOD, TODAY, ReturnsCase, sandbox_at


def _fresh(call):
    """``call`` with the figures' cache emptied before it: computed, not read back."""
    frappe.cache.delete_keys("india_ims:returns:")
    return call()


class TestManyRecordsDiffer(ReturnsCase):
    @classmethod
    def setUpClass(cls):
        from india_ims.synthetic import generate_month

        cls.month = generate_month(43, 240, "sample", period=PERIOD)
        cls.gstin = cls.month.recipient_gstin
        super().setUpClass()

    def _invoices(self):
        return frappe.get_all(
            INWARD_SUPPLY,
            filters={
                "company_gstin": self.gstin,
                "gstr2b_period": PERIOD,
                "action": "No Action",
                "supplier_filing_status": "Filed",
            },
            pluck="name",
            order_by="name",
        )

    def _views(self):
        comparison = _fresh(lambda: api.get_comparison(self.gstin, PERIOD))
        pages = [
            _fresh(lambda: api.get_difference_documents(self.gstin, PERIOD, page=1, page_length=25)),
            api.get_difference_documents(self.gstin, PERIOD, page=3, page_length=25),
            api.get_difference_documents(self.gstin, PERIOD, reason="RECOMPUTE_PENDING", page_length=10),
            api.get_difference_documents(self.gstin, PERIOD, block="ITC Rejected", page=2, page_length=10),
        ]
        return comparison, pages

    def test_a_bulk_action_differs_alike_from_the_indexes_and_from_the_whole_month(self):
        with sandbox_at(self.month.ims_records, self.gstin, PERIOD, TODAY, page_records=50) as (_s, client):
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company, None)
            jobs.run_download(log, self.gstin, None, gstn=client, reconcile_after=False)
            client.regenerate_2b(PERIOD)
            jobs.run_download_gstr2b(
                helpers.new_log("GSTR-2B Download", self.gstin, self.company, PERIOD), self.gstin, PERIOD,
                gstn=client,
            )  # fmt: skip
            invoices = self._invoices()
            self.assertGreater(len(invoices), 100, "the month must have many invoices to act on")
            uploaded, unsent = invoices[: len(invoices) // 3], invoices[len(invoices) // 3 :]
            # Rejected and uploaded after GSTN built its 2B (recompute pending), the rest not uploaded.
            set_actions(uploaded, "Rejected", source="User")
            jobs.run_upload(helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None), self.gstin, None,
                            gstn=client)  # fmt: skip
            set_actions(unsent, "Rejected", source="User")
        comparison, pages = self._views()
        reasons = {r["code"]: r["records"] for r in comparison["reasons"]}
        self.assertEqual(reasons, {"RECOMPUTE_PENDING": len(uploaded), "NOT_UPLOADED": len(unsent)})
        for block in comparison["blocks"]:
            self.assertTrue(block["reconciles"], block["block"])
        self.assertEqual(pages[0]["total"], len(invoices))
        self.assertEqual(len(pages[0]["rows"]), 25)
        # The oracle: every record of the month tested, not only those the indexes name.
        with patch.object(preview, "_candidate_filters", lambda scope: None):
            whole_comparison, whole_pages = self._views()
        self.assertEqual(comparison["blocks"], whole_comparison["blocks"])
        self.assertEqual(comparison["reasons"], whole_comparison["reasons"])
        self.assertEqual(comparison["table4"], whole_comparison["table4"])
        self.assertEqual(comparison["stale"], whole_comparison["stale"])
        for page, whole in zip(pages, whole_pages, strict=True):
            self.assertEqual((page["total"], page["rows"]), (whole["total"], whole["rows"]))
        scope = scopes.build(self.gstin, PERIOD)
        latest = preview.latest_gstr2b(self.gstin, PERIOD).name
        named = preview._differing_local(scope, latest)
        self.assertEqual({row.name for row in named}, set(invoices))
        with patch.object(preview, "_candidate_filters", lambda scope: None):
            self.assertEqual(named, preview._differing_local(scope, latest))

    def test_changed_after_generation_is_read_from_the_supply_logged_at_index_alone(self):
        plan = frappe.db.sql(
            f"explain {preview.CHANGED_AFTER}",
            {"names": [f"IMS-{i:06d}" for i in range(300)], "since": datetime(2026, 11, 14)},
            as_dict=True,
        )
        self.assertEqual([row.key for row in plan], ["supply_logged_at"], plan)
        self.assertIn("Using index", plan[0].Extra)
