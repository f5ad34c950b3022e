"""The download job checks what it received against GSTN's count (GETCNT): a section that came
short is named in the Sync Log's message with both numbers; a download whose counts agree says
nothing of it; a queued section keeps its count for when its files come."""

import json
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Section
from india_ims.gstn.clock import SystemClock
from india_ims.ims import jobs
from india_ims.ims.constants import INWARD_SUPPLY, KIND_DOWNLOAD, SYNC_LOG
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase


class TestImsDownloadCounts(MonthCase):
    MONTH = {"records": 80, "seed": 23}

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)

    def tearDown(self):
        helpers.clear(self.gstin)

    def _download(self, client) -> str:
        log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
        jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)
        return log

    def test_a_section_that_came_short_is_named_with_both_numbers(self):
        held = sum(1 for record in self.month.ims_records if record.section == Section.B2B)
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            server.faults.add("drop_records", action="GETINV", records=3)
            log = self._download(client)
        message = frappe.db.get_value(SYNC_LOG, log, "message")
        said = f"GSTN counts {held} records in IMS (GETCNT) but the download returned {held - 3}"
        self.assertIn(said, message)
        self.assertIn("B2B Invoice (b2b)", message)
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Completed")  # a warning only
        stored = frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin})
        self.assertEqual(stored, len(self.month.ims_records) - 3)

    def test_a_download_whose_counts_agree_says_nothing_of_them(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (_, client):
            log = self._download(client)
        message = frappe.db.get_value(SYNC_LOG, log, "message")
        self.assertNotIn("GETCNT", message)

    def test_counts_that_cannot_be_read_are_said_and_the_records_still_come(self):
        # GETCNT is retried with backoff (about 18 s of real sleeps): the sleeps are skipped here
        with (
            helpers.sandbox(self.month.ims_records, self.gstin) as (server, client),
            patch.object(SystemClock, "sleep", lambda clock, seconds: None),
        ):
            server.faults.add("http_500", action="GETCNT", times=10)
            log = self._download(client)
        self.assertIn("could not be read", frappe.db.get_value(SYNC_LOG, log, "message"))
        stored = frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin})
        self.assertEqual(stored, len(self.month.ims_records))

    def test_a_queued_section_keeps_its_count_for_when_its_files_come(self):
        held = sum(1 for record in self.month.ims_records if record.section == Section.B2B)
        with helpers.sandbox(self.month.ims_records, self.gstin, queue_threshold=5, file_records=7) as (
            _,
            client,
        ):
            log = self._download(client)
            entries = json.loads(frappe.db.get_value(SYNC_LOG, log, "gstn_references"))
            b2b = [e for e in entries if e.get("section") == Section.B2B.value]
            self.assertEqual([e["counted"] for e in b2b], [held])
            jobs.run_follow_up(log, self.gstin, helpers.PERIOD, gstn=client, now_due=True)
        self.assertNotIn("GETCNT", frappe.db.get_value(SYNC_LOG, log, "message"))
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Completed")
