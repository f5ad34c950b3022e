"""Upload job in a bench: SAVE/RESET through the sandbox, per-record outcomes, crash and re-run."""

import time
from unittest.mock import patch

import frappe

from india_ims.ims import jobs, upload
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import INWARD_SUPPLY, KIND_DOWNLOAD, KIND_UPLOAD, SYNC_LOG
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase


class TestImsUpload(MonthCase):
    MONTH = {"records": 60, "seed": 33}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keys = {row_name(identity(cls.gstin, r)): r.key for r in cls.month.ims_records}

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)

    def tearDown(self):
        helpers.clear(self.gstin)

    def _download(self, client):
        helpers.download_job(self.gstin, self.company, client)

    def _decide(self, count=6, action="Rejected"):
        names = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "section": "b2b"},
            pluck="name",
            order_by="name",
        )[:count]
        result = set_actions(names, action, source="Bulk", mode="valid_only")
        frappe.db.commit()
        self.assertEqual(result["applied"], count, result)
        return names

    def _upload(self, client):
        log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
        return log, jobs.run_upload(log, self.gstin, None, gstn=client)

    def test_upload_saves_actions_at_gstn_and_a_rerun_sends_nothing(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            names = self._decide()
            log, outcome = self._upload(client)
            self.assertEqual(
                frappe.db.get_value(SYNC_LOG, log, "status"),
                "Completed",
                frappe.db.get_value(SYNC_LOG, log, "message"),
            )
            self.assertEqual(outcome.counts["records_processed"], len(names))
            # the receipt counts in words a user reads: "in 1 request", never "in 1 requests"
            receipt = frappe.db.get_value(SYNC_LOG, log, "message")
            self.assertIn(f"{len(names)} to send in 1 request; ", receipt)
            # GSTR-2B of the period is already generated (the 14th has passed): it is recomputed.
            self.assertIn(helpers.PERIOD, outcome.recompute)
            self.assertIn("india_ims.ims.jobs.run_regenerate", self.queued_methods())
            held = server.portal.held()
            for name in names:
                self.assertEqual(held[self.keys[name]].value, "R")
            after = {r.name: r for r in helpers.rows(self.gstin)}
            for name in names:
                self.assertEqual(
                    (after[name].action, after[name].gstn_action, after[name].upload_pending),
                    ("Rejected", "Rejected", 0),
                )
            _, again = self._upload(client)
            self.assertEqual(again.counts["records_processed"], 0)
            applied = dict(server.portal.applied)
        for name in names:
            self.assertEqual(len(applied[self.keys[name]]), 1, "each action reached GSTN exactly once")

    def test_going_back_to_no_action_is_a_reset(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            names = self._decide(count=3, action="Accepted")
            self._upload(client)
            result = set_actions(names, "No Action", source="Bulk", mode="valid_only")
            frappe.db.commit()
            self.assertEqual(result["applied"], 3, result)
            self._upload(client)
            held = server.portal.held()
        for name in names:
            self.assertEqual(held[self.keys[name]].value, "N")

    def test_a_job_killed_after_submitting_is_finished_by_the_rerun(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            names = self._decide(count=5)
            with patch.object(upload, "_resolve", side_effect=SystemExit("worker killed")):
                log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
                with self.assertRaises(SystemExit):
                    jobs.run_upload(log, self.gstin, None, gstn=client)
            # SystemExit is not an Exception: like a killed worker, the log is left Running.
            self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Running")
            entries = upload.synclog.references(log)
            self.assertTrue(any(e.get("state") == "sent" and e.get("reference_id") for e in entries))
            _, outcome = self._upload(client)
            held = server.portal.held()
            applied = dict(server.portal.applied)
        first = frappe.db.get_value(SYNC_LOG, log, ["status", "message"], as_dict=True)
        self.assertEqual(first.status, "Failed")
        self.assertIn("Interrupted", first.message)
        after = {r.name: r for r in helpers.rows(self.gstin)}
        for name in names:
            self.assertEqual(held[self.keys[name]].value, "R")
            self.assertEqual(len(applied[self.keys[name]]), 1, "no action sent twice")
            self.assertEqual((after[name].action, after[name].gstn_action), ("Rejected", "Rejected"))
        self.assertEqual(
            frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}),
            len(self.month.ims_records),
            "no duplicate rows",
        )
        self.assertEqual(outcome.counts["records_processed"], len(names))

    def test_a_lost_reply_is_settled_by_the_refresh_not_sent_twice(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            names = self._decide(count=4)
            server.faults.add("drop", action="SAVE", when="after")
            log, outcome = self._upload(client)
            self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Partly Failed")
            self._upload(client)
            applied = dict(server.portal.applied)
        after = {r.name: r for r in helpers.rows(self.gstin)}
        for name in names:
            self.assertEqual(len(applied[self.keys[name]]), 1, "the dropped request was not repeated")
            self.assertEqual(
                (after[name].action, after[name].gstn_action, after[name].upload_pending),
                ("Rejected", "Rejected", 0),
            )

    def test_failures_the_report_does_not_place_save_nothing_until_the_next_download_says(self):
        # PE with err_cnt 2 and no error report: which two failed is not known, so no record of the
        # request may be taken as saved (before, all were); the next upload's download settles it.
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            names = self._decide(count=6)
            server.faults.add("partial", action="SAVE", records=2, report="none")
            log, outcome = self._upload(client)
            first = {r.name: r for r in helpers.rows(self.gstin)}
            entries = [e for e in upload.synclog.references(log) if e.get("kind") == "request"]
            held_then = server.portal.held()
            self._upload(client)
            held = server.portal.held()
            applied = dict(server.portal.applied)
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Partly Failed")
        self.assertIn("outcome GSTN left unclear", frappe.db.get_value(SYNC_LOG, log, "message"))
        self.assertEqual([e["state"] for e in entries], ["uncertain"])
        self.assertEqual(outcome.counts["records_processed"], 0)
        for name in names:
            self.assertEqual(first[name].gstn_action, "No Action", "nothing believed saved")
            self.assertEqual(first[name].upload_pending, 1)
        saved_first = {n for n in names if held_then[self.keys[n]].value == "R"}
        self.assertEqual(len(saved_first), 4)
        after = {r.name: r for r in helpers.rows(self.gstin)}
        for name in names:
            self.assertEqual(held[self.keys[name]].value, "R")
            self.assertEqual((after[name].gstn_action, after[name].upload_pending), ("Rejected", 0))
            # saved the first time: learnt from the download, never sent again; refused: sent once more
            self.assertEqual(len(applied[self.keys[name]]), 1, name)

    def test_no_answer_about_a_later_request_keeps_what_the_earlier_ones_saved(self):
        # the helper's blind upload tests: REQSTS failing for good raised out of the job, whose log
        # then said nothing of the request before it, which GSTN had confirmed
        from india_ims.gstn.errors import GstnTransportError
        from india_ims.ims import receipt

        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            rows = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin},
                                  fields=["name", "section"], order_by="name")
            sections = sorted({r.section for r in rows})
            self.assertGreaterEqual(len(sections), 2, sections)
            picked = [r.name for r in rows if r.section == sections[0]][:2] \
                + [r.name for r in rows if r.section == sections[1]][:2]
            result = set_actions(picked, "Rejected", source="Bulk", mode="valid_only")
            frappe.db.commit()
            picked = [n for n in picked if n not in {x["name"] for x in result["refused"]}]
            real, calls = type(client).wait_for_request, []

            def first_answered(this, reference_id):
                calls.append(reference_id)
                if len(calls) > 1:
                    raise GstnTransportError("REQSTS: HTTP 503 after 3 tries", status=503)
                return real(this, reference_id)

            with patch.object(type(client), "wait_for_request", first_answered):
                log, outcome = self._upload(client)
            entries = [e for e in upload.synclog.references(log) if e.get("kind") == "request"]
            states = [ref["state"] for ref in receipt.receipt(log)["references"]]
            first = {r.name: r for r in helpers.rows(self.gstin)}
            _, rerun = self._upload(client)
            applied = dict(server.portal.applied)
        self.assertEqual([e["state"] for e in entries], ["resolved", "sent"])
        self.assertIn("no answer from GSTN", entries[1]["error"])
        log_row = frappe.db.get_value(SYNC_LOG, log, ["status", "message"], as_dict=True)
        self.assertEqual(log_row.status, "Partly Failed")
        saved_first = [name for name, _ in entries[0]["items"]]
        self.assertIn(f"{len(saved_first)} saved at GSTN", log_row.message)
        self.assertIn("1 request GSTN gave no answer about: the next upload asks again", log_row.message)
        self.assertEqual(states, ["resolved", "sent, no answer from GSTN yet (the next upload asks again)"])
        self.assertEqual(outcome.counts["records_processed"], len(saved_first))
        for name in saved_first:
            self.assertEqual((first[name].gstn_action, first[name].upload_pending), ("Rejected", 0))
        after = {r.name: r for r in helpers.rows(self.gstin)}
        for name in picked:
            self.assertEqual(len(applied[self.keys[name]]), 1, "nothing sent twice")
            self.assertEqual((after[name].gstn_action, after[name].upload_pending), ("Rejected", 0))
        self.assertEqual(rerun.counts["records_processed"], len(picked) - len(saved_first))

    def test_a_status_answer_that_cannot_be_read_leaves_the_request_unclear_not_stuck(self):
        from india_ims.gst_india.errors import PayloadError

        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            names = self._decide(count=3)
            with patch.object(
                type(client), "wait_for_request", side_effect=PayloadError("REQSTS: 'status_cd' is missing")
            ):
                log, outcome = self._upload(client)
            entries = [e for e in upload.synclog.references(log) if e.get("kind") == "request"]
            self._upload(client)
            applied = dict(server.portal.applied)
        self.assertEqual([e["state"] for e in entries], ["uncertain"])
        self.assertIn("status_cd", entries[0]["error"])
        after = {r.name: r for r in helpers.rows(self.gstin)}
        for name in names:
            self.assertEqual(len(applied[self.keys[name]]), 1, "GSTN took it once; the refresh learnt it")
            self.assertEqual((after[name].gstn_action, after[name].upload_pending), ("Rejected", 0))

    def test_a_reference_id_given_twice_is_never_read_as_the_new_request_s_status(self):
        # a gateway replaying an earlier answer: the earlier request's status must not confirm this one
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            first = self._decide(count=2)
            log, _ = self._upload(client)
            requests = [e for e in upload.synclog.references(log) if e.get("kind") == "request"]
            earlier = requests[0]["reference_id"]
            names = self._decide(count=4, action="Accepted")[2:]
            submit = type(client).submit

            def replayed(this, *args, **kwargs):
                submit(this, *args, **kwargs)  # GSTN takes it, but the answer names the earlier id
                return earlier

            with patch.object(type(client), "submit", replayed):
                log, outcome = self._upload(client)
            entries = [e for e in upload.synclog.references(log) if e.get("kind") == "request"]
            unsettled = {r.name: r for r in helpers.rows(self.gstin)}
            self._upload(client)
            applied = dict(server.portal.applied)
        self.assertEqual([e["state"] for e in entries], ["uncertain"])
        self.assertIn("earlier request", entries[0]["error"])
        self.assertEqual(outcome.counts["records_processed"], 0)
        for name in names:
            self.assertEqual(unsettled[name].gstn_action, "No Action", "not confirmed by another's status")
        after = {r.name: r for r in helpers.rows(self.gstin)}
        for name in names:
            self.assertEqual(len(applied[self.keys[name]]), 1, "taken once; the refresh learnt it")
            self.assertEqual((after[name].gstn_action, after[name].upload_pending), ("Accepted", 0))
        self.assertTrue(first)

    def test_records_gstn_refuses_are_reported_per_record(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            names = self._decide(count=6)
            server.faults.add("partial", action="SAVE", records=2)
            log, outcome = self._upload(client)
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Partly Failed")
        errors = frappe.get_all("IMS Sync Log Error", filters={"parent": log}, fields=["inward_supply"])
        self.assertEqual(len(errors), 2)
        after = {r.name: r for r in helpers.rows(self.gstin)}
        failed = {e.inward_supply for e in errors}
        for name in names:
            expected = 1 if name in failed else 0
            self.assertEqual(after[name].upload_pending, expected, name)


class TestImsUploadStillProcessing(MonthCase):
    """GSTN still processing after the whole polling schedule: the scheduled resolver finishes it."""

    MONTH = {"records": 30, "seed": 71}

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)

    def tearDown(self):
        helpers.clear(self.gstin)

    def test_requests_left_processing_are_resolved_later_without_sending_anything(self):
        from india_ims.gstn.client import GstnClient
        from india_ims.gstn.clock import FakeClock
        from india_ims.gstn.sandbox import TEST_OTP

        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, _):
            # two polls per wait, on a clock whose sleeps only move its hands
            client = GstnClient(server.client_settings(poll_delays=(0.01,)), clock=FakeClock(time.time()))
            client.request_otp()
            client.login(TEST_OTP)
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)
            names = frappe.get_all(
                INWARD_SUPPLY,
                filters={"company_gstin": self.gstin, "section": "b2b"},
                pluck="name",
                order_by="name",
            )[:3]
            set_actions(names, "Rejected", source="Bulk", mode="valid_only")
            frappe.db.commit()
            server.faults.add("slow", action="SAVE", polls=3)
            log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
            jobs.run_upload(log, self.gstin, None, gstn=client)
            self.assertEqual(set(client.clock.sleeps), {0.01})  # the schedule was followed
            self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Partly Failed")
            self.assertEqual({r.upload_pending for r in helpers.rows(self.gstin) if r.name in names}, {1})
            jobs.follow_up_uploads()
            self.assertIn("india_ims.ims.jobs.run_resolve_uploads", self.queued_methods())
            result = jobs.run_resolve_uploads(self.gstin, gstn=client)
            applied = dict(server.portal.applied)
        self.assertEqual(result["processed"], 3)
        after = {r.name: r for r in helpers.rows(self.gstin)}
        for name in names:
            self.assertEqual((after[name].gstn_action, after[name].upload_pending), ("Rejected", 0))
        self.assertEqual(sum(len(v) for v in applied.values()), 3, "nothing was sent again")
        self.assertIn("resolved later", frappe.db.get_value(SYNC_LOG, log, "message"))
