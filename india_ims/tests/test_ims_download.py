"""Download job in a bench: bulk upsert, idempotence, portal pick-up, queued sections, crash and re-run."""

from dataclasses import replace
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Action
from india_ims.gst_india.money import to_paise
from india_ims.ims import jobs, sqlwrite
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import ACTION_LOG, INWARD_SUPPLY, KIND_DOWNLOAD, SYNC_LOG
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase


class TestImsDownload(MonthCase):
    MONTH = {"records": 80, "seed": 21}

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)

    def tearDown(self):
        helpers.clear(self.gstin)

    def _download(self, client):
        return helpers.download_job(self.gstin, self.company, client)

    def test_download_inserts_every_record_and_a_second_download_writes_nothing(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (_, client):
            with patch("frappe.publish_realtime") as publish:
                log, first = self._download(client)
            events = [c.args[1] for c in publish.call_args_list if c.args[0] == "ims_sync_progress"]
            # Throttled: eight sections and a save step in well under 1.5 s give one update, then "done".
            self.assertLessEqual(len(events), 3)
            self.assertEqual((events[-1]["sync_log"], events[-1]["stage"]), (log, "done"))
            self.assertTrue(
                frappe.db.exists("Notification Log", {"document_name": log, "for_user": "Administrator"})
            )
            self.assertEqual(first.counts["records_inserted"], len(self.month.ims_records))
            self.assertEqual(
                frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), len(self.month.ims_records)
            )
            self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Completed")
            before = dict(
                frappe.db.sql(
                    f"select name, modified from `tab{INWARD_SUPPLY}` where company_gstin=%s", self.gstin
                )
            )
            _, second = self._download(client)
        self.assertEqual(second.counts["records_inserted"], 0)
        self.assertEqual(second.counts["records_updated"], 0)
        self.assertEqual(second.counts["records_unchanged"], len(self.month.ims_records))
        after = dict(
            frappe.db.sql(
                f"select name, modified from `tab{INWARD_SUPPLY}` where company_gstin=%s", self.gstin
            )
        )
        self.assertEqual(before, after, "an unchanged download must not touch any row")

    def test_one_record_changed_in_an_otherwise_unchanged_download_is_the_only_row_written(self):
        records = self.month.ims_records
        with helpers.sandbox(records, self.gstin) as (server, client):
            self._download(client)
            before = dict(
                frappe.db.sql(
                    f"select name, modified from `tab{INWARD_SUPPLY}` where company_gstin=%s", self.gstin
                )
            )
            changed = records[len(records) // 2]
            name = row_name(identity(self.gstin, changed))
            with server.portal.lock:
                state = server.portal.states[changed.key]
                amounts = replace(state.record.amounts, taxable_value=state.record.amounts.taxable_value + 1)
                server.portal.states[changed.key] = replace(
                    state, record=replace(state.record, amounts=amounts, remarks="it's \\ changed <b>")
                )
            _, outcome = self._download(client)
        self.assertEqual(outcome.counts["records_updated"], 1)
        self.assertEqual(outcome.counts["records_inserted"], 0)
        self.assertEqual(outcome.counts["records_unchanged"], len(records) - 1)
        after = dict(
            frappe.db.sql(
                f"select name, modified from `tab{INWARD_SUPPLY}` where company_gstin=%s", self.gstin
            )
        )
        self.assertEqual({n for n in after if after[n] != before[n]}, {name})
        stored = frappe.db.get_value(INWARD_SUPPLY, name, ["taxable_value", "remarks"], as_dict=True)
        self.assertEqual(to_paise(stored.taxable_value), changed.amounts.taxable_value + 1)
        self.assertEqual(stored.remarks, "it's \\ changed <b>")

    def test_portal_decision_is_picked_up_and_a_local_one_is_kept(self):
        records = self.month.ims_records
        with helpers.sandbox(records, self.gstin) as (server, client):
            self._download(client)
            by_key = {row_name(identity(self.gstin, record)): record for record in records}
            b2b = frappe.get_all(
                INWARD_SUPPLY,
                filters={"company_gstin": self.gstin, "section": "b2b"},
                pluck="name",
                order_by="name",
            )
            portal_name, local_name = b2b[:2]
            # The user accepts one record locally (not uploaded), the portal rejects another one.
            result = set_actions([local_name], "Accepted", source="User", mode="valid_only")
            frappe.db.commit()
            self.assertEqual(result["applied"], 1, result)
            helpers.portal_sets_action(server, by_key[portal_name].key, Action.REJECT)
            helpers.portal_sets_action(server, by_key[local_name].key, Action.PENDING)
            self._download(client)
        after = {r.name: r for r in helpers.rows(self.gstin)}
        self.assertEqual(after[portal_name].action, "Rejected")
        self.assertEqual(after[portal_name].gstn_action, "Rejected")
        self.assertEqual(after[portal_name].upload_pending, 0)
        self.assertEqual(after[local_name].action, "Accepted", "a decision not uploaded is never overwritten")
        self.assertEqual(after[local_name].gstn_action, "Pending")
        self.assertEqual(after[local_name].upload_pending, 1)
        logs = frappe.get_all(
            ACTION_LOG, filters={"inward_supply": portal_name}, fields=["source", "old_action", "new_action"]
        )
        self.assertEqual(
            [(x.source, x.old_action, x.new_action) for x in logs], [("Portal Sync", "No Action", "Rejected")]
        )

    def test_queued_sections_wait_for_the_scheduled_follow_up(self):
        with helpers.sandbox(self.month.ims_records, self.gstin, queue_threshold=5, file_records=7) as (
            _,
            client,
        ):
            log, outcome = self._download(client)
            self.assertTrue(outcome.waiting)
            state = frappe.db.get_value(SYNC_LOG, log, ["status", "stage"], as_dict=True)
            self.assertEqual((state.status, state.stage), ("Queued", "waiting for GSTN"))
            jobs.run_follow_up(log, self.gstin, helpers.PERIOD, gstn=client, now_due=True)
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Completed")
        self.assertEqual(
            frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), len(self.month.ims_records)
        )
        self.assertIn("india_ims.ims.jobs.run_reconcile", self.queued_methods(), "reconcile follows")

    def test_a_download_that_dies_halfway_leaves_nothing_half_written_and_reruns_cleanly(self):
        real = sqlwrite.upsert
        calls = {"n": 0}

        def dies_on_second_batch(*args, **kwargs):
            calls["n"] += 1
            if calls["n"] == 2:
                raise RuntimeError("worker killed")
            return real(*args, **kwargs)

        records = self.month.ims_records
        with helpers.sandbox(records, self.gstin) as (_, client):
            with (
                patch.object(sqlwrite, "upsert", side_effect=dies_on_second_batch),
                patch("india_ims.ims.download.UPSERT_CHUNK", 30),
            ):
                log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
                with self.assertRaises(RuntimeError):
                    jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)
            failed = frappe.db.get_value(SYNC_LOG, log, ["status", "message"], as_dict=True)
            self.assertEqual(failed.status, "Failed")
            self.assertIn("worker killed", failed.message)
            self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), 0)
            _, outcome = self._download(client)
        self.assertEqual(outcome.counts["records_inserted"], len(records))
        self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), len(records))

    def test_a_section_that_cannot_be_read_fails_the_download_naming_it_and_writes_nothing(self):
        # Answers are read in a thread while GSTN sends the next one; the error must still reach the
        # job, in the adapter's words, and nothing of the other sections may be written.
        from india_ims.gst_india.documents import Section
        from india_ims.gst_india.errors import PayloadError
        from india_ims.gst_india.payload import section_answer
        from india_ims.gstn.errors import GstnError

        real = section_answer.parse_getinv

        def unreadable_b2b(payload, sections):
            if Section.B2B in sections:
                raise PayloadError("not a number: '12,3x'", section="B2B", position=3, field="taxable value")
            return real(payload, sections=sections)

        with (
            helpers.sandbox(self.month.ims_records, self.gstin) as (_, client),
            patch.object(section_answer, "parse_getinv", side_effect=unreadable_b2b),
        ):
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            with self.assertRaises(GstnError):
                jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)
        failed = frappe.db.get_value(SYNC_LOG, log, ["status", "message"], as_dict=True)
        self.assertEqual(failed.status, "Failed")
        for words in ("GETINV b2b", "record 3", "'taxable value'", "not a number: '12,3x'"):
            self.assertIn(words, failed.message)
        self.assertNotIn("Traceback", failed.message)
        self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), 0)


class TestImsGstnLogin(MonthCase):
    """The real wiring: IMS Settings to client, OTP login kept in the database, no injected client."""

    MONTH = {"records": 30, "seed": 61}

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)
        self.base_url = frappe.db.get_single_value("IMS Settings", "gsp_base_url")

    def tearDown(self):
        frappe.db.set_single_value("IMS Settings", "gsp_base_url", self.base_url)
        frappe.db.commit()
        helpers.clear(self.gstin)

    def test_otp_login_survives_a_cache_flush_and_serves_the_download_job(self):
        from india_ims.gstn.sandbox import TEST_OTP
        from india_ims.ims import gstn_link

        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, _):
            frappe.db.set_single_value("IMS Settings", "gsp_base_url", server.base_url)
            frappe.db.commit()
            frappe.clear_document_cache("IMS Settings", "IMS Settings")
            gstn_link.request_otp(self.gstin)
            gstn_link.login(self.gstin, TEST_OTP)
            frappe.db.commit()
            frappe.clear_cache()
            self.assertTrue(gstn_link.session_valid(self.gstin))
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            jobs.run_download(log, self.gstin, helpers.PERIOD, reconcile_after=False)
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Completed")
        self.assertEqual(
            frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), len(self.month.ims_records)
        )
