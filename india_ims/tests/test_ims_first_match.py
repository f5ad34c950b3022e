"""A download that matches new records before saving them (first_match) leaves exactly what saving
them and then reconciling leaves: every IMS row and every Purchase Invoice link, byte for byte."""

from dataclasses import replace
from unittest.mock import patch

import frappe

from india_ims.gst_india.periods import ReturnPeriod
from india_ims.ims import api, first_match, jobs, pi_links, reconcile
from india_ims.ims.benchmark import bench_name, insert_purchases
from india_ims.ims.constants import INWARD_SUPPLY, KIND_DOWNLOAD, KIND_RECONCILE, SYNC_LOG
from india_ims.synthetic import generate_month
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

# Set on every write: they differ between any two runs.
_WRITE_TIMES = {"creation", "modified", "downloaded_on"}
_PI_COLUMNS = ("ims_inward_supply", "ims_match_status", "ims_period")


def _saved_first():
    """The path before first_match: no period is matched before its rows are saved."""
    return patch("india_ims.ims.download.periods_to_match_first", return_value=[])


class TestImsFirstMatch(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        month = helpers.month(records=150, seed=5, profile="messy")
        cls.gstin = month.recipient_gstin
        # The month before, for the same GSTIN: its last week's invoices are in this month's scope too,
        # so which period claims an invoice first matters.
        earlier = str(ReturnPeriod.parse(helpers.PERIOD).previous())
        before = generate_month(6, 80, "messy", period=earlier)
        cls.earlier = earlier
        cls.records = [*month.ims_records, *before.ims_records]
        cls.purchases = [
            *month.purchases,
            *(replace(d, name=f"E-{d.name}", company_gstin=cls.gstin) for d in before.purchases),
        ]
        cls.this_month = list(month.ims_records)
        helpers.register(cls.company, cls.gstin)

    def setUp(self):
        super().setUp()
        self._fresh()

    def tearDown(self):
        helpers.clear(self.gstin)

    def _fresh(self):
        helpers.clear(self.gstin)
        frappe.cache.delete_keys(f"india_ims:reconcile-digest:{self.gstin}:")
        insert_purchases(self.company, self.gstin, self.purchases)
        frappe.db.commit()

    def _cycle(self, records, between=None) -> tuple[str, list]:
        """A download job, then the reconcile jobs it queued, run as a worker would, in order
        (``between`` is called after the download, before them)."""
        seen = len(self.enqueued.call_args_list)
        with helpers.sandbox(records, self.gstin) as (_, client):
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client)
        if between:
            between()
        outcomes = []
        for call in self.enqueued.call_args_list[seen:]:
            if call.args[0] == "india_ims.ims.jobs.run_reconcile":
                kwargs = call.kwargs
                outcomes.append(jobs.run_reconcile(kwargs["sync_log"], self.gstin, kwargs["period"]))
                status = frappe.db.get_value(SYNC_LOG, kwargs["sync_log"], "status")
                self.assertEqual(status, "Completed")
        return frappe.db.get_value(SYNC_LOG, log, "message"), outcomes

    def _state(self) -> tuple[dict, dict]:
        rows = frappe.db.sql(
            f"select * from `tab{INWARD_SUPPLY}` where company_gstin = %s", self.gstin, as_dict=True
        )
        ims = {
            row.name: {k: v for k, v in row.items() if k not in _WRITE_TIMES and not k.startswith("fig_")}
            for row in rows
        }
        # every invoice of the GSTIN, judged or not (no row of links reads as NULLs)
        invoices = frappe.db.sql(
            f"select pi.name, {', '.join(f'lk.`{c}`' for c in _PI_COLUMNS)} "
            f"from `tabPurchase Invoice` pi {pi_links.join()} where pi.name like %s",
            bench_name(self.gstin, "%"),
        )
        return ims, {name: tuple(values) for name, *values in invoices}

    def _assert_meaningful(self, ims: dict, invoices: dict) -> None:
        statuses = {row["match_status"] for row in ims.values()}
        self.assertTrue({"Exact Match", "Missing in PI"} <= statuses, statuses)
        both = {self.earlier, helpers.PERIOD}
        self.assertEqual({row["supplier_return_period"] for row in ims.values()}, both)
        periods = {link[2] for link in invoices.values()}
        self.assertTrue({self.earlier, helpers.PERIOD} <= periods, periods)
        self.assertTrue(any(link[1] == "Missing in IMS" for link in invoices.values()))

    def _assert_same(self, got, expected) -> None:
        self.assertEqual(got[1], expected[1])
        self.assertEqual(got[0].keys(), expected[0].keys())
        for name, row in expected[0].items():
            self.assertEqual(got[0][name], row, name)

    def test_matching_before_saving_leaves_what_saving_then_reconciling_leaves(self):
        with _saved_first():
            message, before = self._cycle(self.records)
        self.assertNotIn("matched before saving", message)
        expected = self._state()
        self._assert_meaningful(*expected)
        self.assertTrue(all(o.counts["records_updated"] for o in before))

        self._fresh()
        # Both periods are matched in the download, in the order the reconcile jobs ran above.
        message, _ = self._cycle(self.records, between=lambda: self._assert_same(self._state(), expected))
        self.assertIn(f"Supplier's filing period {ReturnPeriod.parse(self.earlier).label}, ", message)
        self.assertIn(f"Supplier's filing period {ReturnPeriod.parse(helpers.PERIOD).label}, ", message)
        self.assertIn("matched before saving", message)
        got = self._state()
        self._assert_same(got, expected)

    def test_the_reconcile_job_queued_after_the_download_finds_nothing_changed(self):
        with _saved_first():
            _, before = self._cycle(self.this_month)
        expected = self._state()
        self._fresh()
        _, after = self._cycle(self.this_month)
        self.assertEqual(len(after), 1)
        self.assertEqual(after[0].counts["records_updated"], 0)
        self.assertEqual(after[0].counts["records_processed"], before[0].counts["records_processed"])
        self.assertIn("matched by the download", after[0].message)
        self.assertEqual(after[0].message.split(" (")[0], before[0].message)
        self.assertEqual(self._state(), expected)

    def test_a_period_with_stored_rows_and_its_manual_match_are_reconciled_after_saving_as_before(self):
        """First this month's first half, a manual match, then everything: the earlier month's rows are
        all new and come first (matched before saving); this month's have stored rows (saved first)."""
        half = self.this_month[: len(self.this_month) // 2]

        def run():
            self._cycle(half)
            missing = frappe.get_all(
                INWARD_SUPPLY,
                filters={"company_gstin": self.gstin, "match_status": "Missing in PI"},
                pluck="name",
                order_by="name",
            )
            spare = frappe.get_all(
                "IMS Purchase Link",
                filters={"ims_match_status": "Missing in IMS", "name": ("like", bench_name(self.gstin, "%"))},
                pluck="name",
                order_by="name",
            )
            api.link_purchase_invoice(missing[0], spare[0])
            frappe.db.commit()
            message, outcomes = self._cycle(self.records)
            return (missing[0], spare[0]), message, outcomes

        with _saved_first():
            manual, message, outcomes = run()
        expected = self._state()
        self._assert_meaningful(*expected)
        self.assertEqual(expected[0][manual[0]]["match_status"], "Manual Match")

        self._fresh()
        manual_again, message, outcomes = run()
        self.assertEqual(manual_again, manual)
        self.assertIn(f"Supplier's filing period {ReturnPeriod.parse(self.earlier).label}, ", message)
        self.assertNotIn(f"Supplier's filing period {ReturnPeriod.parse(helpers.PERIOD).label}, ", message)
        earlier, this = outcomes
        self.assertEqual(earlier.counts["records_updated"], 0)
        self.assertGreater(this.counts["records_updated"], 0)
        self.assertEqual(self._state(), expected)

    def test_a_failed_download_leaves_nothing_and_its_digest_is_not_taken_for_the_state(self):
        with _saved_first():
            self._cycle(self.records)
        expected = self._state()
        self._fresh()
        with (
            patch("india_ims.ims.download.write_action_logs", side_effect=RuntimeError("disk full")),
            self.assertRaises(RuntimeError),
        ):
            self._cycle(self.records)
        self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), 0)
        links = self._state()[1]
        self.assertEqual(set(links.values()), {(None, None, None)})
        failed = frappe.get_all(SYNC_LOG, filters={"company_gstin": self.gstin}, pluck="status")
        self.assertEqual(failed, ["Failed"])
        # The digest stored before the failure describes rows that were rolled back: a reconciliation
        # now runs (and finds nothing), and the next download does it all again.
        for period in (self.earlier, helpers.PERIOD):
            log = helpers.new_log(KIND_RECONCILE, self.gstin, self.company, period)
            outcome = jobs.run_reconcile(log, self.gstin, period)
            self.assertNotIn("nothing written", outcome.message)
        self._cycle(self.records)
        self.assertEqual(self._state(), expected)

    def test_invoices_read_ahead_in_a_thread_are_the_ones_the_reconciliation_reads(self):
        with _saved_first():
            self._cycle(self.records)  # links of both periods in place: every part of the scope matters
        settings = reconcile.match_settings()
        for period in (self.earlier, helpers.PERIOD):
            ahead = first_match.BooksAhead(self.gstin, period, settings)
            books, current = ahead.result()
            expected_current = {}
            expected = reconcile.load_books(self.gstin, period, settings, expected_current)
            self.assertTrue(expected)
            self.assertEqual(books, expected)
            self.assertEqual(current, expected_current)


    def test_invoices_read_while_gstn_answers_are_matched_as_saving_then_reconciling_matches_them(self):
        with _saved_first():
            self._cycle(self.this_month)
        expected = self._state()
        self._fresh()
        real = first_match.BooksAhead.start
        with patch.object(first_match.BooksAhead, "start", autospec=True, side_effect=real) as started:
            message, outcomes = self._cycle(self.this_month)
        # read once, after what is stored, while the sandbox answered: not again before matching
        self.assertEqual(started.call_count, 1)
        self.assertIsNotNone(started.call_args.kwargs.get("after"))
        self.assertIn("matched before saving", message)
        self.assertTrue(all(o.counts["records_updated"] == 0 for o in outcomes))
        self._assert_same(self._state(), expected)
