"""Jobs of different GSTINs at once, as two RQ workers run them (issue 16): each thread has its own
database connection, both write the same tables in the same seconds, and neither loses, repeats or
deadlocks on the other's rows."""

import threading
from dataclasses import replace
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Action
from india_ims.ims import jobs, sqlwrite
from india_ims.ims import reconcile as reconcile_body
from india_ims.ims.benchmark import bench_name, insert_purchases
from india_ims.ims.constants import INWARD_SUPPLY, KIND_DOWNLOAD, KIND_RECONCILE, PI_LINK, PI_LINKS, SYNC_LOG
from india_ims.ims.download import apply_records
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

RECORDS = 2000  # several upsert statements per job: the two jobs' statements interleave


def run_together(calls: dict) -> dict:
    """Each call in its own thread and connection, released at the same instant; their errors."""
    site, sites_path = frappe.local.site, frappe.local.sites_path
    start = threading.Barrier(len(calls))
    errors: dict = {}

    def run(key, call):
        frappe.init(site=site, sites_path=sites_path)
        frappe.connect()
        try:
            frappe.set_user("Administrator")
            start.wait(30)
            call()
            frappe.db.commit()
        except Exception as error:
            frappe.db.rollback()
            errors[key] = error
        finally:
            frappe.destroy()

    threads = [threading.Thread(target=run, args=item, name=item[0]) for item in calls.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(300)
    return errors


class TestImsScale(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.months = [helpers.month(records=RECORDS, seed=seed, profile="enterprise") for seed in (161, 162)]
        cls.gstins = [month.recipient_gstin for month in cls.months]
        assert len(set(cls.gstins)) == 2
        for gstin in cls.gstins:
            helpers.register(cls.company, gstin)

    def setUp(self):
        super().setUp()
        for gstin, month in zip(self.gstins, self.months):
            helpers.clear(gstin)
            insert_purchases(self.company, gstin, month.purchases)
        frappe.db.commit()

    def tearDown(self):
        for gstin in self.gstins:
            helpers.clear(gstin)

    def _download_and_reconcile_together(self, portions) -> None:
        """Both GSTINs' download jobs at once, then both reconciliations at once."""
        with (
            helpers.sandbox(portions[0], self.gstins[0]) as (_, first),
            helpers.sandbox(portions[1], self.gstins[1]) as (_, second),
        ):
            clients = dict(zip(self.gstins, (first, second)))
            logs = {gstin: helpers.new_log(KIND_DOWNLOAD, gstin, self.company) for gstin in self.gstins}
            errors = run_together(
                {
                    gstin: lambda gstin=gstin: jobs.run_download(
                        logs[gstin], gstin, helpers.PERIOD, gstn=clients[gstin], reconcile_after=False
                    )
                    for gstin in self.gstins
                }
            )
        self.assertEqual(errors, {})
        logs = {gstin: helpers.new_log(KIND_RECONCILE, gstin, self.company) for gstin in self.gstins}
        errors = run_together(
            {
                gstin: lambda gstin=gstin: jobs.run_reconcile(logs[gstin], gstin, helpers.PERIOD)
                for gstin in self.gstins
            }
        )
        self.assertEqual(errors, {})
        frappe.db.rollback()  # a fresh snapshot of what both threads committed

    def _assert_every_row_once_and_every_link_both_ways(self, gstin, records) -> None:
        expected = {row_name(identity(gstin, record)) for record in records}
        stored = frappe.get_all(
            INWARD_SUPPLY, filters={"company_gstin": gstin}, fields=["name", "purchase_invoice"]
        )
        self.assertEqual(len(stored), len(expected), gstin)
        self.assertEqual({row.name for row in stored}, expected, gstin)
        linked = {row.name: row.purchase_invoice for row in stored if row.purchase_invoice}
        self.assertGreater(len(linked), len(expected) // 2, gstin)  # the register matches most of it
        self.assertEqual(len(set(linked.values())), len(linked), f"{gstin}: an invoice matched twice")
        invoices = dict(
            frappe.db.sql(
                f"select name, `{PI_LINK}` from `tab{PI_LINKS}` where name like %s",
                bench_name(gstin, "%"),
            )
        )
        back = {invoice: row for invoice, row in invoices.items() if row}
        self.assertEqual(back, {invoice: row for row, invoice in linked.items()}, gstin)

    def test_two_gstins_downloaded_and_reconciled_at_once_lose_and_repeat_nothing(self):
        # As daily downloads go: first half the month; then the rest arrives as new rows between the
        # stored ones while those change (an action taken on the portal) in the same statements;
        # then every row changes.
        rounds = [
            [month.ims_records[::2] for month in self.months],
            [
                [replace(r, action=Action.ACCEPT) if i % 2 == 0 else r for i, r in enumerate(m.ims_records)]
                for m in self.months
            ],
            [[replace(r, action=Action.REJECT) for r in m.ims_records] for m in self.months],
        ]
        for portions in rounds:
            self._download_and_reconcile_together(portions)
            for gstin, records in zip(self.gstins, portions):
                self._assert_every_row_once_and_every_link_both_ways(gstin, records)
        statuses = frappe.get_all(
            SYNC_LOG, filters={"company_gstin": ("in", self.gstins)}, pluck="status", distinct=True
        )
        self.assertEqual(statuses, ["Completed"])
        actions = frappe.get_all(
            INWARD_SUPPLY, filters={"company_gstin": ("in", self.gstins)}, pluck="gstn_action", distinct=True
        )
        self.assertEqual(actions, ["Rejected"])

    def test_a_download_upserts_its_rows_in_primary_key_order(self):
        # Names are hashes, so two GSTINs' rows interleave in the primary key; batches taken in
        # arrival order made two download jobs take gap locks in opposite directions (a deadlock
        # on two workers in the scale benchmark). In key order they queue behind each other.
        written: list[str] = []
        real = sqlwrite.upsert

        def recording(doctype, rows, *args, **kwargs):
            written.extend(row["name"] for row in rows)
            return real(doctype, rows, *args, **kwargs)

        records = self.months[0].ims_records
        with patch.object(sqlwrite, "upsert", side_effect=recording):
            apply_records(self.company, self.gstins[0], records[::2])
            apply_records(self.company, self.gstins[0], records)
        self.assertEqual(len(written), len(records))
        self.assertEqual(written[: len(records[::2])], sorted(written[: len(records[::2])]))
        self.assertEqual(written[len(records[::2]) :], sorted(written[len(records[::2]) :]))

    def test_a_job_chosen_as_deadlock_victim_runs_again_and_says_so(self):
        gstin = self.gstins[0]
        real = reconcile_body.reconcile
        calls = []

        def victim_once(*args, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")
            return real(*args, **kwargs)

        log = helpers.new_log(KIND_RECONCILE, gstin, self.company)
        # The pause between tries is patched out: under a faked clock (the date matrix runs the
        # suite under libfaketime) a real sleep fails with EINVAL, and the test needs no wait.
        with (
            patch.object(reconcile_body, "reconcile", side_effect=victim_once),
            patch.object(jobs.time, "sleep") as paused,
        ):
            jobs.run_reconcile(log, gstin, helpers.PERIOD)
        self.assertEqual(len(calls), 2)
        self.assertEqual(paused.call_count, 1)
        self.assertGreater(paused.call_args.args[0], 0)
        status, message = frappe.db.get_value(SYNC_LOG, log, ["status", "message"])
        self.assertEqual(status, "Completed")
        self.assertIn("run again after 1 deadlock(s)", message)

        log = helpers.new_log(KIND_RECONCILE, gstin, self.company)
        deadlock = frappe.QueryDeadlockError("Deadlock found when trying to get lock")
        with (
            patch.object(reconcile_body, "reconcile", side_effect=deadlock) as always,
            patch.object(jobs.time, "sleep"),
            self.assertRaises(frappe.QueryDeadlockError),
        ):
            jobs.run_reconcile(log, gstin, helpers.PERIOD)
        self.assertEqual(always.call_count, 1 + jobs.DEADLOCK_RETRIES)
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Failed")
