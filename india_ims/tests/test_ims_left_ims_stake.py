"""FAQ 21 in the stored figures: a record GSTN holds Pending leaves IMS once Section 16(4) has run out
on it, and then nothing is at stake on it. Nothing writes the record when 30 November passes, so its
stored part would keep counting it; ``figures_store.expire_past_section_16_4`` marks such parts stale
(from the first view after the cut-off moved, and from a daily job), and the refresh recomputes them.

An invoice of March 2026 (FY 2025-26), held Pending, is at stake on 30-11-2026 and not on 01-12-2026,
in the IMS Tool's ITC at stake and in the Preview's suppliers chart. A downward amendment of the same
year held Pending, a credit note held Pending and an invoice with No Action stay as they were.
"""

import hashlib
from dataclasses import replace
from datetime import date, timedelta
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.returns import itc_at_stake
from india_ims.ims import clock, figures_store, jobs, queries, stake_sums
from india_ims.ims.actions import load_rows
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.context import record_states, rule_context
from india_ims.ims.download import apply_records
from india_ims.ims.returns import api
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

ON_THE_DAY = date(2026, 11, 30)  # FY 2025-26's Section 16(4) deadline
AFTER = date(2026, 12, 1)
DAY = date(2026, 3, 15)
PERIOD = "102026"  # the period the records count in (reported late by their suppliers)
SUPPLIERS = {
    "pending": "27AAPFU0939F1ZV",
    "no_action": "29AAJCM5823E1ZC",
    "credit_note": "33AAHCT4471Q1ZR",
    "amendment": "24AAACF4803R1Z2",
}


class LeftImsWorld(BaseTestCase):
    """The records above, stored and refreshed on 30 November, and the views read over them (also the
    world of ``test_ims_annual_return``)."""

    today = ON_THE_DAY

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.other = helpers.company("IMS Other Company", "IMSOC")
        cls.gstin = helpers.month(records=2, seed=71).recipient_gstin
        cls.other_gstin = helpers.month(records=2, seed=62).recipient_gstin
        assert cls.gstin != cls.other_gstin
        helpers.register(cls.company, cls.gstin)
        helpers.register(cls.other, cls.other_gstin)

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        clock.pin(ON_THE_DAY)
        self.addCleanup(clock.unpin)
        self.addCleanup(self._clear)
        self._clear()
        template = next(r for r in helpers.month(records=20, seed=71).ims_records if r.section is Section.B2B)
        tax = Amounts(500_000, 90_000, 0, 0, 0)

        def doc(key, number, section=Section.B2B, action=Action.PENDING, amounts=tax, period=PERIOD, **kw):
            return replace(
                template, section=section, supplier_gstin=SUPPLIERS[key], document_number=number,
                document_date=DAY, supplier_return_period=period, amounts=amounts,
                document_value=amounts.taxable_value + amounts.total_tax, action=action,
                supplier_filed=True, reverse_charge=False, itc_reduction=None,
                checksum=hashlib.md5(number.encode()).hexdigest(), **kw,
            )

        self.records = {
            "pending": doc("pending", "LATE-1"),
            "no_action": doc("no_action", "QUIET-1", action=Action.NO_ACTION),
            "credit_note": doc("credit_note", "CN-1", section=Section.B2BCN),
            # accepted in March at 1,800, amended down to 900 in October and held Pending
            "original": doc("amendment", "DOWN-1", action=Action.ACCEPT,
                            amounts=Amounts(1_000_000, 180_000, 0, 0, 0), period="032026"),
            "amendment": doc("amendment", "DOWN-1A", section=Section.B2BA, original_number="DOWN-1",
                             original_date=DAY),
        }
        apply_records(self.company, self.gstin, list(self.records.values()))
        # another GSTIN's record in the same state: a GSTIN's expiry never touches it
        self.foreign = replace(self.records["pending"], checksum="f" * 32)
        apply_records(self.other, self.other_gstin, [self.foreign])
        for gstin in (self.gstin, self.other_gstin):
            figures_store.ensure_fresh(gstin)
            frappe.cache.delete_value(figures_store.expiry_key(gstin, AFTER))
        frappe.db.commit()

    def _clear(self):
        for gstin in (self.gstin, self.other_gstin):
            helpers.clear(gstin)
            frappe.cache.delete_value(figures_store.expiry_key(gstin, AFTER))

    def name(self, key, gstin=None):
        return row_name(identity(gstin or self.gstin, self.records[key]))

    def summed(self):
        return stake_sums.itc_at_stake(self.gstin, PERIOD, {}, rule_context(self.gstin))

    def tool(self):
        return {s.supplier_gstin: s for s in self.summed().suppliers}

    def chart(self):
        rows = api.get_charts(self.gstin, PERIOD, top=50)["top_suppliers"]
        return {row["supplier_gstin"]: row for row in rows}

    def core(self):
        """The core's itc_at_stake over the same rows, for the IMS Tool's period filter."""
        chosen = queries.matching_names(self.gstin, period=PERIOD, period_field="gstr2b_period")
        rows = load_rows(chosen)
        states = [figures_store.preview_state(s, r) for s, r in zip(record_states(rows), rows)]
        return itc_at_stake(states, rule_context(self.gstin), period=PERIOD)



class TestLeftImsStake(LeftImsWorld):
    def test_faq21_pending_invoice_leaves_itc_at_stake_the_day_after_section_16_4(self):
        pending = SUPPLIERS["pending"]
        before_tool, before_chart = self.tool(), self.chart()
        self.assertEqual(before_tool[pending].moved.igst, 90_000)
        self.assertEqual(float(before_chart[pending]["pending"]), 900.0)
        self.assertEqual(self.summed(), self.core())
        left = stake_sums.left_ims(self.gstin, PERIOD, {}, rule_context(self.gstin))
        self.assertEqual(left, {"records": 0, "total_tax": 0.0})
        with clock.pinned(AFTER):
            tool, chart = self.tool(), self.chart()  # each view runs ensure_fresh first
            # the Action Summary lists it under Pending: the screen says why no ITC figure counts it
            left = stake_sums.left_ims(self.gstin, PERIOD, {}, rule_context(self.gstin))
            self.assertEqual(left, {"records": 1, "total_tax": 900.0})
            self.assertNotIn(pending, tool)
            self.assertNotIn(pending, chart)
            self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, self.name("pending"), "fig_stake_action"), "")
            self.assertEqual(figures_store.stale_names(self.gstin), [])
            # the others are what they were: a downward amendment stays in IMS, a credit note has no
            # deadline, a No Action record is deemed accepted, not pending
            for key in ("no_action", "credit_note", "amendment"):
                self.assertEqual(tool[SUPPLIERS[key]], before_tool[SUPPLIERS[key]], key)
            for supplier in (SUPPLIERS["credit_note"], SUPPLIERS["amendment"]):
                self.assertEqual(chart[supplier], before_chart[supplier])
            self.assertEqual(self.summed(), self.core())
            # the other GSTIN's part waits for its own view or job
            foreign = row_name(identity(self.other_gstin, self.foreign))
            self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, foreign, "fig_stake_action"), "Pending")
            self.assertEqual(figures_store.stale_names(self.other_gstin), [])

    def test_faq21_expiry_marks_once_per_cutoff_and_keeps_modified(self):
        name = self.name("pending")
        modified = frappe.db.get_value(INWARD_SUPPLY, name, "modified")
        with clock.pinned(ON_THE_DAY):
            self.assertEqual(figures_store.expire_past_section_16_4(self.gstin), {self.gstin: 0})
        with clock.pinned(AFTER):
            # the invoice and the downward amendment (recomputed, keeping its stake); nothing else
            self.assertEqual(figures_store.expire_past_section_16_4(self.gstin), {self.gstin: 2})
            self.assertEqual(sorted(figures_store.stale_names(self.gstin)),
                             sorted([name, self.name("amendment")]))
            self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, name, "modified"), modified)
            figures_store.ensure_fresh(self.gstin)
            frappe.db.commit()  # the view's commit: the day counts as done
            self.assertTrue(frappe.cache.get_value(figures_store.expiry_key(self.gstin, AFTER), expires=True))
            with patch.object(figures_store, "expire_past_section_16_4") as expire:
                figures_store.ensure_fresh(self.gstin)
            expire.assert_not_called()
        # the cut-off moves once a year: the next days' views do not read the GSTIN's rows again
        self.assertNotEqual(
            figures_store.expiry_key(self.gstin, ON_THE_DAY), figures_store.expiry_key(self.gstin, AFTER)
        )
        with clock.pinned(AFTER + timedelta(days=40)):
            with patch.object(figures_store, "expire_past_section_16_4") as expire:
                figures_store.ensure_fresh(self.gstin)
            expire.assert_not_called()

    def test_faq21_expiry_in_a_view_gives_way_to_a_lock_and_marks_on_the_next_view(self):
        """The figures refresh after a download holds these rows: a view's expiry waits
        ``VIEW_LOCK_WAIT`` for them, then leaves the marking to the next view, and the view goes on."""
        from india_ims.ims import side_write

        name = self.name("pending")
        other = side_write.connect()
        try:
            cursor = other._conn.cursor()
            cursor.execute(f"select name from `tab{INWARD_SUPPLY}` where name = %s for update", (name,))
            with clock.pinned(AFTER), patch.object(figures_store, "VIEW_LOCK_WAIT", 1):
                self.assertEqual(figures_store.expire_when_the_cutoff_moves(self.gstin), 0)
                key = figures_store.expiry_key(self.gstin, AFTER)
                self.assertFalse(frappe.cache.get_value(key, expires=True))
                self.assertNotIn(name, figures_store.stale_names(self.gstin))
        finally:
            other._conn.rollback()
            other.close()
        with clock.pinned(AFTER):
            self.assertEqual(figures_store.expire_when_the_cutoff_moves(self.gstin), 2)
            self.assertIn(name, figures_store.stale_names(self.gstin))

    def test_faq21_daily_job_queues_one_expiry_per_gstin_and_marks_the_parts(self):
        with clock.pinned(AFTER), patch.object(frappe, "enqueue") as enqueue:
            jobs.daily_section_16_4()
        queued = {call.kwargs["company_gstin"]: call.kwargs for call in enqueue.call_args_list}
        self.assertLessEqual({self.gstin, self.other_gstin}, set(queued))
        self.assertEqual(queued[self.gstin]["queue"], "long")
        self.assertEqual(queued[self.gstin]["job_id"], f"india_ims::section-16-4::{self.gstin}::2026-12-01")
        with clock.pinned(AFTER), patch.object(jobs, "enqueue_figures_refresh") as refresh:
            self.assertEqual(jobs.run_section_16_4_expiry(self.other_gstin), 1)
        refresh.assert_called_once_with(self.other_gstin)
        foreign = row_name(identity(self.other_gstin, self.foreign))
        self.assertEqual(figures_store.stale_names(self.other_gstin), [foreign])

    def test_faq21_expiry_reads_only_its_gstins_rows(self):
        if frappe.db.db_type != "mariadb":
            return
        with clock.pinned(AFTER):
            query, values = figures_store.expiry_statement(self.gstin)
        plan = frappe.db.sql(f"explain {query}", values, as_dict=True)
        self.assertEqual(len(plan), 1, plan)
        self.assertEqual(plan[0]["key"], "gstin_close", plan)
        self.assertIn(plan[0]["type"], ("range", "ref"), plan)
