"""The Action Summary read from the kept index (each record's action as of its figures refresh) and
corrected by the records written since is, at every moment, the full recount of the records: right
after a bulk action (nothing refreshed yet), halfway through the refresh, and after it."""

import frappe

from india_ims.ims import actions, figures_store, queries, reconcile
from india_ims.ims.constants import INWARD_SUPPLY, SOURCE_BULK
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

_SUMS = ("upload_pending", "count", "taxable_value", "igst", "cgst", "sgst", "cess", "total_tax")


def _groups(rows) -> list[tuple]:
    return sorted(
        (row.section, row.action, int(row.filed), *(round(float(row[k] or 0), 6) for k in _SUMS))
        for row in rows
    )


class TestActionSummaryKept(MonthCase):
    MONTH = {"records": 90, "seed": 161}

    def setUp(self):
        super().setUp()
        if not queries.has_action_index():
            self.skipTest("the kept Action Summary is MariaDB's (its index)")
        helpers.clear(self.gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        reconcile.reconcile(self.company, self.gstin, helpers.PERIOD)
        figures_store.refresh_stale(self.gstin)
        frappe.db.commit()

    def tearDown(self):
        helpers.clear(self.gstin)

    def assert_recount(self, note: str) -> None:
        for period_field in ("supplier_return_period", "gstr2b_period"):
            where, values = queries._where(self.gstin, helpers.PERIOD, period_field, None)
            kept = queries._kept_action_rows(period_field, where, values)
            self.assertIsNotNone(kept, note)
            self.assertEqual(_groups(kept), _groups(queries.recounted_action_rows(where, values)),
                             f"{note} ({period_field})")
            summary = queries.action_summary(self.gstin, period=helpers.PERIOD, period_field=period_field)
            with self.patch_kept_away():
                self.assertEqual(
                    frappe.as_json(summary),
                    frappe.as_json(
                        queries.action_summary(self.gstin, period=helpers.PERIOD, period_field=period_field)
                    ),
                    f"{note} ({period_field}): the three tables",
                )

    def patch_kept_away(self):
        from unittest.mock import patch

        return patch.object(queries, "_kept_action_rows", lambda *args: None)

    def names(self, **filters) -> list[str]:
        return frappe.get_all(
            INWARD_SUPPLY, filters={"company_gstin": self.gstin, **filters}, pluck="name", order_by="name"
        )

    def test_rule_action_summary_equals_a_full_recount_before_during_and_after_the_refresh(self):
        self.assertEqual(figures_store.stale_names(self.gstin), [])
        self.assert_recount("all refreshed")
        before = _groups(queries.recounted_action_rows(*queries._where(
            self.gstin, helpers.PERIOD, "supplier_return_period", None)))
        names = self.names()
        rejected = actions.set_actions(names[: len(names) // 2], "Rejected", source=SOURCE_BULK,
                                       mode="valid_only")
        pending = actions.set_actions(names[len(names) // 2 :], "Pending", source=SOURCE_BULK,
                                      mode="valid_only")
        self.assertTrue(rejected["applied"] and pending["applied"], "the month needs actions that change")
        stale = figures_store.stale_names(self.gstin)
        self.assertTrue(stale, "the actions left records for the refresh")
        after = _groups(queries.recounted_action_rows(*queries._where(
            self.gstin, helpers.PERIOD, "supplier_return_period", None)))
        self.assertNotEqual(before, after)
        self.assert_recount("right after the bulk actions, nothing refreshed")
        figures_store.refresh(stale[: len(stale) // 2])  # the job halfway
        self.assertTrue(figures_store.stale_names(self.gstin))
        self.assert_recount("half refreshed")
        figures_store.refresh_stale(self.gstin)
        self.assertEqual(figures_store.stale_names(self.gstin), [])
        self.assert_recount("refreshed")
        # a record a download rewrites (its section and values move too) is corrected as well
        name = names[0]
        frappe.db.sql(
            f"update `tab{INWARD_SUPPLY}` set action = 'Accepted', upload_pending = 1, igst = igst + 7, "
            "gstr2b_period = '', modified = now(6) where name = %s",
            name,
        )
        self.assert_recount("a record rewritten behind the refresh")

    def test_the_index_is_not_written_by_a_bulk_action(self):
        # what the bulk action writes is in none of the index's columns (it costs that write nothing)
        written = {"action", "upload_pending", "upload_remarks", "modified", "modified_by", "fig_stale",
                   *actions.DECLARATION_COLUMNS}
        self.assertFalse(written & set(queries.ACTION_INDEX_COLUMNS))
        plan = frappe.db.sql(
            f"explain select section, fig_action from `tab{INWARD_SUPPLY}` "
            f"force index (`{queries.ACTION_INDEX}`) where company_gstin = %s and gstr2b_period = %s",
            (self.gstin, helpers.PERIOD),
            as_dict=True,
        )
        self.assertIn("Using index", plan[0]["Extra"])

    def test_a_month_mostly_stale_is_recounted(self):
        from unittest.mock import patch

        names = self.names()
        actions.set_actions(names, "Rejected", source=SOURCE_BULK, mode="valid_only")
        stale = len(figures_store.stale_names(self.gstin))
        self.assertTrue(stale)
        where, values = queries._where(self.gstin, helpers.PERIOD, "gstr2b_period", None)
        with patch.object(queries, "MOST_STALE", stale - 1):
            self.assertIsNone(queries._kept_action_rows("gstr2b_period", where, values))
            self.assert_recount_only()
        with patch.object(queries, "MOST_STALE", stale):
            self.assertIsNotNone(queries._kept_action_rows("gstr2b_period", where, values))

    def assert_recount_only(self):
        where, values = queries._where(self.gstin, helpers.PERIOD, "gstr2b_period", None)
        summary = queries.action_summary(self.gstin, period=helpers.PERIOD, period_field="gstr2b_period")
        rows = queries.recounted_action_rows(where, values)
        self.assertEqual(sum(r["count"] for r in summary["by_section"]), sum(r.count for r in rows))
