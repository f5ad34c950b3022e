"""Job status per GSTIN (issue 10 bug 2) in a bench: a log whose job is gone is marked by the
scheduler, a manager can cancel a queued one, and status answers stay with their GSTIN."""

from unittest.mock import MagicMock, patch

import frappe
from frappe.utils import add_to_date, now_datetime

from india_ims.ims import api, download, job_watch, jobs, synclog
from india_ims.ims.constants import JOB_CANCELLED, JOB_LOST, KIND_DOWNLOAD, KIND_UPLOAD, SYNC_LOG
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

USER = "ims.jobs.user@example.com"
MANAGER = "ims.jobs.manager@example.com"


class TestImsJobStatus(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.gstin = helpers.month(records=5, seed=101).recipient_gstin
        cls.second_gstin = helpers.month(records=5, seed=102).recipient_gstin
        helpers.register(cls.company, cls.gstin)
        helpers.register(cls.company, cls.second_gstin)
        helpers.user(USER, ["Accounts User"], cls.company)
        helpers.user(MANAGER, ["Accounts User", "Accounts Manager"], cls.company)

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        for gstin in (self.gstin, self.second_gstin):
            helpers.clear(gstin)

    def tearDown(self):
        frappe.set_user("Administrator")
        for gstin in (self.gstin, self.second_gstin):
            helpers.clear(gstin)

    def _log(self, kind=KIND_DOWNLOAD, minutes_ago=30, gstin=None, **values):
        log = helpers.new_log(kind, gstin or self.gstin, self.company)
        frappe.db.set_value(
            SYNC_LOG, log, {"queued_on": add_to_date(now_datetime(), minutes=-minutes_ago), **values}
        )
        frappe.db.commit()
        return log

    def _state(self, log):
        return frappe.db.get_value(SYNC_LOG, log, ["status", "error_code", "message"], as_dict=True)

    def test_the_scheduler_marks_a_queued_or_running_log_whose_job_is_gone(self):
        gone = self._log()
        running = self._log(status="Running")
        fresh = self._log(minutes_ago=1)
        waiting = self._log(stage=download.WAITING)
        alive = self._log(kind=KIND_UPLOAD)
        alive_id = frappe.db.get_value(SYNC_LOG, alive, "job_id")
        alive_only = {"side_effect": lambda jid: jid == alive_id}
        with (
            patch.object(job_watch, "is_job_enqueued", **alive_only),
            patch.object(jobs, "is_job_enqueued", **alive_only),
        ):
            jobs.follow_up_queued()
        for log in (gone, running):
            state = self._state(log)
            self.assertEqual((state.status, state.error_code), ("Failed", JOB_LOST), log)
            self.assertIn("job is gone", state.message)
        for log in (fresh, waiting, alive):
            self.assertEqual(self._state(log).status, "Queued", log)

    def test_a_manager_cancels_a_queued_job_and_its_worker_then_skips_it(self):
        log = self._log()
        frappe.set_user(USER)
        with self.assertRaises(frappe.PermissionError):
            api.cancel_job(log)
        frappe.set_user(MANAGER)
        job = MagicMock()
        job.get_status.return_value = "queued"
        with (
            patch.object(job_watch, "get_job", return_value=job),
            patch.object(job_watch, "is_job_enqueued", side_effect=lambda jid: "follow-up" not in jid),
        ):
            result = api.cancel_job(log)
        job.cancel.assert_called_once()
        self.assertEqual((result.status, result.error_code), ("Cancelled", JOB_CANCELLED))
        self.assertIn(MANAGER, result.message)
        body = MagicMock()
        outcome = synclog.run_logged(log, body)
        body.assert_not_called()
        self.assertIn("cancelled", outcome.message)
        self.assertEqual(self._state(log).status, "Cancelled")
        with self.assertRaises(frappe.ValidationError):
            api.cancel_job(log)

    def test_a_running_job_is_not_cancelled_halfway(self):
        log = self._log(status="Running")
        job = MagicMock()
        job.get_status.return_value = "started"
        frappe.set_user(MANAGER)
        with (
            patch.object(job_watch, "get_job", return_value=job),
            patch.object(job_watch, "is_job_enqueued", return_value=True),
            self.assertRaises(frappe.ValidationError),
        ):
            api.cancel_job(log)
        job.cancel.assert_not_called()
        self.assertEqual(self._state(log).status, "Running")

    def test_status_and_progress_belong_to_their_gstin(self):
        log = self._log(gstin=self.second_gstin)
        frappe.set_user(USER)
        self.assertEqual(api.get_sync_status(log, self.second_gstin)["name"], log)
        with self.assertRaises(frappe.ValidationError):
            api.get_sync_status(log, self.gstin)
        frappe.set_user("Administrator")
        with patch("frappe.publish_realtime") as publish:
            synclog.run_logged(log, lambda progress: synclog.Outcome(message="done"))
        events = [c.args[1] for c in publish.call_args_list if c.args[0] == synclog.PROGRESS_EVENT]
        self.assertTrue(events)
        self.assertEqual(
            {(e["company_gstin"], e["kind"]) for e in events}, {(self.second_gstin, KIND_DOWNLOAD)}
        )
