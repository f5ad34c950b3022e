"""FAQ 21 in the IMS Tool's Action Summary: a record GSTN holds Pending past its Section 16(4) deadline
has left IMS (no action can be taken on it, none can claim its ITC), so it is counted in a row of its
own, "Left IMS", and no longer under Pending, where an accountant read it as a record still to act on.

The world of ``test_ims_left_ims_stake``: an invoice of March 2026 held Pending is in IMS on 30-11-2026
and has left on 01-12-2026; a downward amendment and a credit note held Pending, and an invoice with
No Action, stay in their rows.
"""

from unittest.mock import patch

import frappe

from india_ims.ims import api, clock, export, figures_store, queries, stake_sums, summary_left
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.context import rule_context
from india_ims.tests.test_ims_left_ims_stake import AFTER, PERIOD, LeftImsWorld

LEFT = summary_left.LEFT_IMS


def _rows(summary, table="by_action") -> dict:
    return {row["action"]: row for row in summary[table]}


def _figures(row) -> tuple:
    heads = ("taxable_value", "igst", "total_tax")
    return (int(row["count"]), *(round(float(row[k] or 0), 2) for k in heads))


class TestActionSummaryLeftIms(LeftImsWorld):
    def summary(self, period_field="gstr2b_period", filters=None):
        return api.get_action_summary(self.gstin, PERIOD, filters=filters, period_field=period_field)

    def test_faq21_left_ims_records_have_their_own_row_not_pending(self):
        before = _rows(self.summary())
        self.assertNotIn(LEFT, before, "on the deadline day the invoice is still in IMS")
        pending = frappe.db.get_value(
            INWARD_SUPPLY, self.name("pending"), ["taxable_value", "igst", "cgst", "sgst", "cess"],
            as_dict=True,
        )
        tax = round(float(pending.igst + pending.cgst + pending.sgst + pending.cess), 2)
        with clock.pinned(AFTER):
            figures_store.ensure_fresh(self.gstin)  # what the tool's ITC at stake does first
            after = self.summary()
            rows = _rows(after)
            self.assertEqual(_figures(rows[LEFT]),
                             (1, float(pending.taxable_value), float(pending.igst), tax))
            # out of Pending, which keeps the credit note and the downward amendment
            self.assertEqual(
                _figures(rows["Pending"]),
                tuple(
                    round(b - a, 2)
                    for b, a in zip(_figures(before["Pending"]), _figures(rows[LEFT]), strict=True)
                ),
            )
            self.assertEqual(int(rows["Pending"]["count"]), 2)
            # every other row as it was, and the row comes after the actions
            for action, row in before.items():
                if action != "Pending":
                    self.assertEqual(_figures(rows[action]), _figures(row), action)
            self.assertEqual(after["by_action"][-1]["action"], LEFT)
            self.assertEqual(set(rows), set(before) | {LEFT})
            # the by-section table agrees, and the ITC at stake note counts the same record
            sections = {(r["section"], r["action"]): r for r in after["by_section"]}
            section = frappe.db.get_value(INWARD_SUPPLY, self.name("pending"), "section")
            self.assertEqual([key for key in sections if key[1] == LEFT], [(section, LEFT)])
            self.assertEqual(int(sections[(section, LEFT)]["count"]), 1)
            left = stake_sums.left_ims(self.gstin, PERIOD, {}, rule_context(self.gstin))
            self.assertEqual((left["records"], left["total_tax"]), (1, tax))
            # the kept figures and a recount of the records, with filters (recounted) or without
            recount = frappe.as_json(self.recounted())
            self.assertEqual(frappe.as_json(queries.action_summary(self.gstin, period=PERIOD)), recount)
            filtered = _rows(self.summary(filters={"supplier_gstin": self.records["pending"].supplier_gstin}))
            self.assertEqual(set(filtered), {LEFT})
            by_supplier_period = _rows(self.summary(period_field="supplier_return_period"))
            self.assertEqual(_figures(by_supplier_period[LEFT]), _figures(rows[LEFT]))

    def recounted(self):
        with patch.object(queries, "_kept_action_rows", lambda *args: None):
            return queries.action_summary(self.gstin, period=PERIOD)

    def test_faq21_summary_asked_first_on_the_day_after_is_not_kept_stale(self):
        # the summary is the first view of 1 December: it marks the parts the cut-off moved, and the
        # answer it keeps until their refresh is not the one it gives after it (no data version moves)
        with clock.pinned(AFTER):
            first = _rows(self.summary())
            self.assertEqual(sorted(figures_store.stale_names(self.gstin)),
                             sorted([self.name("pending"), self.name("amendment")]))
            # written since the refresh, the invoice is counted by its action until the refresh
            self.assertNotIn(LEFT, first)
            figures_store.ensure_fresh(self.gstin)
            self.assertEqual(int(_rows(self.summary())[LEFT]["count"]), 1)

    def test_faq21_a_left_record_written_since_its_refresh_keeps_its_action_row_until_refreshed(self):
        with clock.pinned(AFTER):
            figures_store.ensure_fresh(self.gstin)
            frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set modified = now(6) where name = %s",
                          self.name("pending"))
            for summary in (queries.action_summary(self.gstin, period=PERIOD), self.recounted()):
                self.assertNotIn(LEFT, _rows(summary))
            figures_store.ensure_fresh(self.gstin)
            self.assertIn(LEFT, _rows(queries.action_summary(self.gstin, period=PERIOD)))

    def test_faq21_export_summary_names_the_row(self):
        with clock.pinned(AFTER):
            figures_store.ensure_fresh(self.gstin)
            _status, action = export._summary_rows(self.gstin, PERIOD, "gstr2b_period", {})
            labels = [export._action_label(row) for row in action["by_action"]]
            self.assertEqual(labels[-1], "Left IMS (Section 16(4), FAQ 21)")
            self.assertIn("Pending", labels)

    def test_faq21_left_rows_are_found_on_their_own_index(self):
        if not summary_left.has_left_index():
            self.skipTest("MariaDB's index")
        where, values = queries._where(self.gstin, PERIOD, "gstr2b_period", None)
        query = summary_left.moved_to_left_sql(where, "sum(m.m * igst) as igst")
        plan = frappe.db.sql(f"explain {query}", values, as_dict=True)
        self.assertEqual(plan[0]["key"], summary_left.LEFT_INDEX, plan)
