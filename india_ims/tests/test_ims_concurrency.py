"""Two users at the same instant (issue 11 item 8), with a database connection per thread as two web
workers have: the Action Log tells the truth, the loser of a race is told, one job per kind and
GSTIN, an action taken while an upload runs is never lost, and a time-barred invoice gets one answer."""

import threading
from unittest.mock import MagicMock, patch

import frappe

from india_ims.gst_india.documents import Action
from india_ims.ims import actions, api, jobs, synclog
from india_ims.ims.actions import CHANGED_MEANWHILE
from india_ims.ims.constants import ACTION_LOG, INWARD_SUPPLY, KIND_DOWNLOAD, KIND_UPLOAD, SYNC_LOG
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

FIRST = "ims.race.first@example.com"
SECOND = "ims.race.second@example.com"
PAUSE_SECONDS = 3


def in_thread(name: str, user: str, call) -> tuple[threading.Thread, dict]:
    """Run ``call`` as ``user`` on its own connection (as its own request would), then commit."""
    site, sites_path = frappe.local.site, frappe.local.sites_path
    result: dict = {}

    def run():
        frappe.init(site=site, sites_path=sites_path)
        frappe.connect()
        try:
            frappe.set_user(user)
            result["value"] = call()
            frappe.db.commit()
        except Exception as error:
            frappe.db.rollback()
            result["error"] = error
        finally:
            frappe.destroy()

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread, result


class TestImsConcurrency(MonthCase):
    MONTH = {"records": 30, "seed": 91}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        helpers.user(FIRST, ["Accounts User", "Accounts Manager"], cls.company)
        helpers.user(SECOND, ["Accounts User", "Accounts Manager"], cls.company)

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        helpers.clear(self.gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        frappe.db.commit()
        self.names = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "section": "b2b", "pending_allowed": 1},
            pluck="name",
            order_by="name",
            limit=5,
        )
        self.assertEqual(len(self.names), 5)

    def tearDown(self):
        frappe.set_user("Administrator")
        frappe.db.rollback()
        helpers.clear(self.gstin)

    def _race(self, first_call, second_call):
        """The first request stops after reading the records until the second has finished or
        has waited ``PAUSE_SECONDS`` for it: the same interleaving on every run."""
        first_read, second_done = threading.Event(), threading.Event()
        real = actions._decisions

        def slow_first(*args, **kwargs):
            if threading.current_thread().name == "first":
                first_read.set()
                second_done.wait(PAUSE_SECONDS)
            return real(*args, **kwargs)

        def second():
            first_read.wait(20)
            try:
                return second_call()
            finally:
                second_done.set()

        with patch.object(actions, "_decisions", side_effect=slow_first):
            one, first = in_thread("first", FIRST, first_call)
            two, late = in_thread("second", SECOND, second)
            one.join(30)
            two.join(30)
        frappe.db.rollback()  # a fresh snapshot of what both committed
        for result in (first, late):
            if "error" in result:
                raise result["error"]
        return first["value"], late["value"]

    def _history(self, name):
        return frappe.get_all(
            ACTION_LOG,
            filters={"inward_supply": name},
            fields=["old_action", "new_action", "user"],
            order_by="creation asc, logged_at asc",
        )

    def test_every_action_log_row_is_one_real_change_with_its_true_before_state(self):
        first, second = self._race(
            lambda: api.set_action(self.names, "Accepted"), lambda: api.set_action(self.names, "Rejected")
        )
        self.assertEqual(first["applied"] + second["applied"], 2 * len(self.names))
        for name in self.names:
            history = [(row.old_action, row.new_action) for row in self._history(name)]
            self.assertEqual(history, [("No Action", "Accepted"), ("Accepted", "Rejected")], name)
            self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, name, "action"), "Rejected")

    def test_the_request_that_lost_the_race_is_told_so(self):
        seen = dict.fromkeys(self.names, "No Action")
        first, second = self._race(
            lambda: api.set_action(self.names, "Accepted", seen=seen),
            lambda: api.set_action(self.names, "Rejected", seen=seen),
        )
        self.assertEqual(first["applied"], len(self.names))
        self.assertEqual(second["applied"], 0)
        self.assertEqual({r["code"] for r in second["refused"]}, {CHANGED_MEANWHILE})
        self.assertEqual(sorted(r["name"] for r in second["refused"]), self.names)
        self.assertIn(FIRST, second["refused"][0]["message"])
        for name in self.names:
            self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, name, "action"), "Accepted")
            self.assertEqual(
                [(r.old_action, r.new_action) for r in self._history(name)], [("No Action", "Accepted")]
            )

    def test_two_clicks_at_the_same_instant_queue_one_job_and_one_sync_log(self):
        enqueued: list[str] = []
        real_create = synclog.create
        barrier = threading.Barrier(2)

        def enqueue(method, **kwargs):
            enqueued.append(kwargs["job_id"])
            return MagicMock()

        def slow_create(*args, **kwargs):
            threading.Event().wait(0.5)  # widen the window between the check and the insert
            return real_create(*args, **kwargs)

        def click(start):
            barrier.wait(5)
            return start()

        for kind, start in (
            (KIND_DOWNLOAD, lambda: api.start_download(self.gstin, helpers.PERIOD)),
            (KIND_UPLOAD, lambda: api.start_upload(self.gstin)),
        ):
            enqueued.clear()
            with (
                patch("frappe.enqueue", side_effect=enqueue),
                patch.object(jobs, "is_job_enqueued", side_effect=lambda jid: jid in enqueued),
                patch.object(synclog, "create", side_effect=slow_create),
            ):
                one, a = in_thread("first", FIRST, lambda s=start: click(s))
                two, b = in_thread("second", SECOND, lambda s=start: click(s))
                one.join(30)
                two.join(30)
            frappe.db.rollback()
            for result in (a, b):
                if "error" in result:
                    raise result["error"]
            answers = sorted([a["value"]["already_queued"], b["value"]["already_queued"]])
            self.assertEqual(answers, [False, True], kind)
            self.assertEqual(len(enqueued), 1, kind)
            self.assertEqual(a["value"]["sync_log"], b["value"]["sync_log"], kind)
            logs = frappe.get_all(SYNC_LOG, filters={"company_gstin": self.gstin, "kind": kind}, pluck="name")
            self.assertEqual(logs, [a["value"]["sync_log"]], kind)

    def test_an_action_taken_while_an_upload_runs_is_pending_for_the_next_one(self):
        sent, later = self.names[0], self.names[1]
        api.set_action([sent], "Accepted")
        frappe.db.commit()
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            real_submit = client.submit
            changed = {}

            def submit_while_a_user_acts(*args, **kwargs):
                if not changed:
                    thread, changed["result"] = in_thread(
                        "user", FIRST, lambda: api.set_action([sent, later], "Rejected")
                    )
                    thread.join(30)
                return real_submit(*args, **kwargs)

            client.submit = submit_while_a_user_acts
            log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
            jobs.run_upload(log, self.gstin, gstn=client)
            frappe.db.rollback()
            self.assertEqual(changed["result"]["value"]["applied"], 2)
            items = [item for entry in synclog.references(log) for item in entry.get("items", [])]
            self.assertIn([sent, "Accepted"], items)
            self.assertNotIn(later, [name for name, _ in items])
            for name in (sent, later):
                row = frappe.db.get_value(
                    INWARD_SUPPLY, name, ["action", "gstn_action", "upload_pending"], as_dict=True
                )
                self.assertEqual((row.action, row.upload_pending), ("Rejected", 1), name)
            self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, sent, "gstn_action"), "Accepted")
            # the next upload sends both; then local and GSTN agree
            log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
            jobs.run_upload(log, self.gstin, gstn=client)
            key = {row["name"]: row for row in helpers.rows(self.gstin)}
            for name in (sent, later):
                self.assertEqual((key[name].gstn_action, key[name].upload_pending), ("Rejected", 0), name)
        self.assertEqual(sum(s.gstn_action is Action.REJECT for s in server.portal.states.values()), 2)

    def test_no_action_on_a_time_barred_invoice_gets_one_answer_with_or_without_a_remark(self):
        name = self.names[0]
        # an invoice of March 2024 (FY 2023-24): Section 16(4) ran out on 30 Nov 2024
        frappe.db.set_value(
            INWARD_SUPPLY,
            name,
            {"document_date": "2024-03-15", "supplier_return_period": "032024", "gstr2b_period": "032024"},
            update_modified=False,
        )
        frappe.db.commit()
        plain = api.set_action([name], "No Action", mode="valid_only")
        remarked = api.set_action([name], "No Action", remark="checked with the supplier", mode="valid_only")
        self.assertEqual(
            (plain["applied"], plain["unchanged"], plain["refused"]),
            (remarked["applied"], remarked["unchanged"], remarked["refused"]),
        )
        refused = api.set_action([name], "Pending", mode="valid_only")["refused"]
        self.assertEqual([r["code"] for r in refused], ["SECTION_16_4_EXPIRED"])
