"""A repeated download leaves unread the sections that come exactly as last time (issue 16), and
reads any section whose rows changed since, whatever changed them."""

from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Section
from india_ims.gst_india.payload import ims as ims_wire
from india_ims.gst_india.payload import section_answer
from india_ims.ims import jobs
from india_ims.ims.constants import INWARD_SUPPLY, SYNC_LOG
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

UNREAD = "counted unchanged without being read again"


class _Parses:
    """Counts the answers parsed: GETINV's (``section_answer``) and queued files' (the client's)."""

    def __enter__(self):
        modules = (section_answer, ims_wire)
        self._patches = [patch.object(m, "parse_getinv", wraps=m.parse_getinv) for m in modules]
        self._mocks = [p.start() for p in self._patches]
        return self

    def __exit__(self, *exc):
        for p in self._patches:
            p.stop()

    @property
    def call_count(self) -> int:
        return sum(mock.call_count for mock in self._mocks)


class TestImsDownloadUnread(MonthCase):
    MONTH = {"records": 60, "seed": 33}
    CLEAR_EACH = True

    def _download(self, client):
        """One download job; its outcome, its Sync Log's message and how many answers were parsed."""
        with _Parses() as parse:
            log, outcome = helpers.download_job(self.gstin, self.company, client)
        return outcome, frappe.db.get_value(SYNC_LOG, log, "message") or "", parse.call_count

    def _sections(self) -> int:
        return len({record.section for record in self.month.ims_records})

    def test_a_download_exactly_as_the_last_reads_no_section_and_counts_every_record(self):
        total = len(self.month.ims_records)
        with helpers.sandbox(self.month.ims_records, self.gstin) as (_, client):
            first, _message, parsed = self._download(client)
            self.assertEqual((first.counts["records_inserted"], parsed), (total, self._sections()))
            second, message, parsed = self._download(client)
        self.assertEqual(parsed, 0)
        self.assertIn(UNREAD, message)
        self.assertEqual(second.counts["records_received"], total)
        self.assertEqual(second.counts["records_unchanged"], total)
        self.assertEqual(second.counts["records_inserted"] + second.counts["records_updated"], 0)
        self.assertIn(f"{total} received", message)

    def test_a_row_deleted_since_is_read_and_written_again(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (_, client):
            self._download(client)
            name, section = frappe.db.get_value(
                INWARD_SUPPLY, {"company_gstin": self.gstin}, ["name", "section"], order_by="name"
            )
            frappe.db.delete(INWARD_SUPPLY, {"name": name})
            outcome, message, parsed = self._download(client)
        self.assertEqual(outcome.counts["records_inserted"], 1)
        self.assertTrue(frappe.db.exists(INWARD_SUPPLY, name))
        self.assertEqual(parsed, 1)  # that section alone
        named = message.split("; the ")[-1].split(" section")[0]
        self.assertNotIn(Section(section).label, named.replace(" and ", ", ").split(", "))
        self.assertEqual(len(named.replace(" and ", ", ").split(", ")), self._sections() - 1)

    def test_rows_cleared_since_are_all_downloaded_again(self):
        total = len(self.month.ims_records)
        with helpers.sandbox(self.month.ims_records, self.gstin) as (_, client):
            self._download(client)
            helpers.clear(self.gstin)  # as a write taken back would leave them: none of the rows
            outcome, message, parsed = self._download(client)
        self.assertEqual(outcome.counts["records_inserted"], total)
        self.assertEqual(parsed, self._sections())
        self.assertNotIn(UNREAD, message)
        self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), total)

    def test_queued_sections_whose_files_are_as_last_time_are_not_read_when_collected(self):
        total = len(self.month.ims_records)
        with helpers.sandbox(self.month.ims_records, self.gstin, queue_threshold=5, file_records=7) as (
            _,
            client,
        ):
            counts = []
            for _attempt in range(2):
                log, _outcome = helpers.download_job(self.gstin, self.company, client)
                with _Parses() as parse:
                    jobs.run_follow_up(log, self.gstin, helpers.PERIOD, gstn=client, now_due=True)
                state = frappe.db.get_value(SYNC_LOG, log, ["status", "message"], as_dict=True)
                counts.append((state.status, parse.call_count, UNREAD in (state.message or "")))
        self.assertEqual(counts[0][:1] + counts[0][2:], ("Completed", False))
        self.assertGreater(counts[0][1], 0)
        self.assertEqual(counts[1], ("Completed", 0, True))
        self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), total)
