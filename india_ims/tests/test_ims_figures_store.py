"""Each IMS record's stored contribution (``figures_store``) in a bench: flagged stale by every
write path and refreshed off it (the background job, or the next view), and the preview's, the
charts' and the IMS Tool's sums over it equal the core's ``compute_gstr2b`` and ``itc_at_stake``
over the same rows, to the paisa, on generated months.

Today is pinned to 30-11-2026; the month is October 2026, September's GSTR-3B is filed (its pending
records roll to October, and a specified one still pending there is deemed accepted).
"""

from dataclasses import replace
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Action, Section
from india_ims.ims import download, figure_sums, figures_store
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import INWARD_SUPPLY, KIND_RECONCILE
from india_ims.ims.returns import api, close
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers
from india_ims.tests.figures_case import EARLIER, GSTIN, PERIOD, FiguresCase


class TestFiguresEqualTheCore(FiguresCase):
    def test_monthly_filer_on_several_seeds(self):
        for seed in (3, 17, 2026):
            with self.subTest(seed=seed):
                self._clear()
                self.load(seed)
                self.assert_equal_to_the_core()

    def test_quarterly_filer(self):
        frappe.db.set_value("IMS Settings GSTIN", {"gstin": GSTIN}, "quarterly_filer", 1)
        self.load(41)
        self.assert_equal_to_the_core()


class TestEveryWritePathFlagsStale(FiguresCase):
    def test_download_set_action_and_an_originals_change_refresh_the_parts(self):
        from india_ims.synthetic import generate_month

        month = generate_month(5, 40, "sample", period=PERIOD)
        original = next(r for r in month.ims_records if r.section is Section.B2B and r.supplier_filed)
        amendment = replace(
            original,
            section=Section.B2BA,
            document_number=f"A-{original.document_number}"[:16],
            supplier_return_period="112026",
            original_number=original.document_number,
            original_date=original.document_date,
            amounts=replace(original.amounts, igst=original.amounts.igst + 50_000),
            checksum="f" * 32,
        )
        download.apply_records(self.company, GSTIN, [*month.ims_records, amendment])
        self.assert_fresh()
        self.assertFalse(
            frappe.db.count(INWARD_SUPPLY, {"company_gstin": GSTIN, "fig_digest": ("in", ("", None))})
        )
        amended = row_name(identity(GSTIN, amendment))
        set_actions([row_name(identity(GSTIN, original))], "Rejected", source="User")
        self.assert_fresh()
        # the supplier's original changes at GSTN: the amendment's difference follows it
        before = frappe.db.get_value(INWARD_SUPPLY, amended, "fig_igst")
        changed = replace(
            original, amounts=replace(original.amounts, igst=original.amounts.igst + 100), checksum="e" * 32
        )
        download.apply_records(self.company, GSTIN, [changed])
        self.assert_fresh()
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, amended, "fig_igst"), before - 1)

    def test_close_and_reopen_move_pending_records_and_upload_paths_refresh(self):
        from india_ims.ims import upload
        from india_ims.synthetic import generate_month

        month = generate_month(9, 30, "sample", period=EARLIER)
        records = [replace(r, action=Action.PENDING) for r in month.ims_records]
        download.apply_records(self.company, GSTIN, records)
        pending = self.names(gstr2b_period=EARLIER, gstn_action="Pending")
        self.assertTrue(pending)
        figures_store.ensure_fresh(GSTIN)
        self.assertEqual({frappe.db.get_value(INWARD_SUPPLY, n, "fig_period") for n in pending}, {EARLIER})
        close.close(self.company, GSTIN, EARLIER, discard_not_uploaded=True)
        # rolled on to the next open period, not recomputed yet
        self.assertTrue(set(pending) <= set(figures_store.stale_names(GSTIN)))
        self.assert_fresh()
        still = self.names(gstr2b_period=EARLIER, gstn_action="Pending")
        self.assertEqual({frappe.db.get_value(INWARD_SUPPLY, n, "fig_period") for n in still}, {PERIOD})
        close.reopen(self.company, GSTIN, EARLIER, "marked filed by mistake")
        self.assert_fresh()
        self.assertEqual({frappe.db.get_value(INWARD_SUPPLY, n, "fig_period") for n in still}, {EARLIER})
        # the upload path: a declaration GSTN already holds is cleared, and the part follows
        note = still[0]
        frappe.db.sql(
            f"update `tab{INWARD_SUPPLY}` set gstn_action = 'Accepted', action = 'Accepted', "
            "upload_itc_reduction = 'N' where name = %s",
            note,
        )
        self.assertEqual(figures_store.stale([note]), [note])  # written behind the store's back
        self.assertEqual(figures_store.stale_names(GSTIN), [])  # no write moved ``modified``: not flagged
        upload._clear_declarations([note], GSTIN)
        self.assertEqual(figures_store.stale_names(GSTIN), [note])
        figures_store.ensure_fresh(GSTIN)
        self.assertEqual(figures_store.stale([note]), [])


class TestRefreshOffTheWritePath(FiguresCase):
    """The write paths compute no part: they leave the records flagged stale and queue one refresh;
    the job or the next view recomputes them."""

    def loaded(self, count: int = 60) -> list[str]:
        from india_ims.synthetic import generate_month

        month = generate_month(23, count, "sample", period=PERIOD)
        download.apply_records(self.company, GSTIN, month.ims_records)
        figures_store.ensure_fresh(GSTIN)
        return self.names(gstr2b_period=PERIOD, supplier_filing_status="Filed", section="b2b")

    def spy(self):
        from unittest.mock import patch

        computed: list[int] = []
        real = figures_store._refresh

        def counting(names, *args, **kwargs):
            computed.append(len(names))
            return real(names, *args, **kwargs)

        patcher = patch.object(figures_store, "_refresh", counting)
        patcher.start()
        self.addCleanup(patcher.stop)
        return computed

    def test_a_bulk_action_computes_no_part_and_the_view_is_still_right(self):
        invoices = self.loaded()
        computed = self.spy()
        result = set_actions(invoices, "Rejected", source="User", mode="valid_only")
        self.assertTrue(result["applied"])
        self.assertEqual(computed, [])  # nothing recomputed in the write
        flagged = set(figures_store.stale_names(GSTIN))
        self.assertEqual(len(flagged), result["applied"])
        self.assertTrue(flagged <= set(invoices))
        self.assertEqual(sorted(figures_store.stale(flagged)), sorted(flagged))  # their parts are old
        computed.clear()
        self.assert_equal_to_the_core()  # the views refresh them first
        self.assertEqual(sum(computed), len(flagged))
        self.assertEqual(figures_store.stale_names(GSTIN), [])

    def test_the_tools_summaries_after_a_bulk_action_wait_for_no_refresh(self):
        # They sum actions and amounts, never a stored part: refreshing in their request made the
        # Action Summary's first call after a 10,000-record action take 2.5 s instead of 0.2 s.
        from india_ims.ims import api

        invoices = self.loaded()
        set_actions(invoices, "Rejected", source="User", mode="valid_only")
        computed = self.spy()
        summary = api.get_action_summary(GSTIN, PERIOD, period_field="supplier_return_period")
        self.assertEqual(computed, [])
        rejected = [row for row in summary["by_action"] if row["action"] == "Rejected"]
        self.assertEqual(rejected[0]["count"], len(figures_store.stale_names(GSTIN)))

    def test_a_download_computes_no_part(self):
        from india_ims.synthetic import generate_month

        computed = self.spy()
        month = generate_month(29, 40, "sample", period=PERIOD)
        download.apply_records(self.company, GSTIN, month.ims_records)
        self.assertEqual(computed, [])
        self.assertEqual(sorted(figures_store.stale_names(GSTIN)), sorted(self.names()))
        self.assert_equal_to_the_core()

    def test_the_background_job_refreshes_what_the_writes_flagged(self):
        from unittest.mock import patch

        from india_ims.ims import jobs

        invoices = self.loaded()
        frappe.flags.ims_figures_queued = set()  # as after the download's commit
        queued_before = len(frappe.db.after_commit._functions)
        set_actions(invoices[:5], "Rejected", source="User", mode="valid_only")
        set_actions(invoices[5:10], "Accepted", source="User", mode="valid_only")
        # one refresh queued for the GSTIN, however many writes the transaction made
        added = list(frappe.db.after_commit._functions)[queued_before:]
        self.assertEqual(len(added), 1)
        with patch.object(frappe, "enqueue") as enqueue:
            added[0]()
        enqueue.assert_called_once()
        self.assertEqual(enqueue.call_args.args[0], jobs.FIGURES_JOB)
        kwargs = enqueue.call_args.kwargs
        self.assertEqual(
            (kwargs["queue"], kwargs["job_id"], kwargs["deduplicate"], kwargs["company_gstin"]),
            ("long", jobs.figures_job_id(GSTIN), True, GSTIN),
        )
        frappe.db.after_commit._functions.remove(added[0])
        frappe.flags.ims_figures_queued = set()
        self.assertEqual(len(figures_store.stale_names(GSTIN)), 10)
        with patch.object(frappe.db, "commit"):  # the job commits each round; the test rolls back
            done = jobs.run_figures_refresh(GSTIN)
        self.assertGreaterEqual(done["records"], 10)
        self.assertEqual(figures_store.stale_names(GSTIN), [])
        self.assertEqual(figures_store.stale(self.names()), [])

    def test_a_write_in_the_same_second_or_during_the_refresh_is_not_lost(self):
        from datetime import timedelta
        from unittest.mock import patch

        invoices = self.loaded()
        first, second = invoices[:2]
        stamp = frappe.db.get_value(INWARD_SUPPLY, first, "modified")
        # a write a microsecond after the one the part was computed from (same second)
        frappe.db.sql(
            f"update `tab{INWARD_SUPPLY}` set action = 'Rejected', modified = %s where name = %s",
            (stamp + timedelta(microseconds=1), first),
        )
        self.assertEqual(figures_store.stale_names(GSTIN), [first])
        # a write that lands after the refresh read the row and before it wrote the part
        set_actions([second], "Rejected", source="User")
        real_load = figures_store._load

        def load_then_write(names):
            rows = real_load(names)
            if second in names:
                set_actions([second], "Accepted", source="User")
            return rows

        with patch.object(figures_store, "_load", load_then_write):
            figures_store.ensure_fresh(GSTIN)
        # the part written was computed from the read before the write: still flagged
        self.assertEqual(figures_store.stale_names(GSTIN), [second])
        self.assertEqual(figures_store.stale([first]), [])
        self.assert_fresh()

    def test_a_view_that_meets_the_job_on_the_same_rows_asks_again(self):
        from unittest.mock import patch

        invoices = self.loaded()
        set_actions(invoices[:3], "Rejected", source="User", mode="valid_only")
        real = figures_store.refresh
        calls: list[int] = []

        def deadlocked_once(names, **kwargs):
            calls.append(len(names))
            if len(calls) == 1:
                raise frappe.QueryDeadlockError("Deadlock found when trying to get lock")
            return real(names, **kwargs)

        # the rollback is the database's on a real deadlock; here it would drop the test's rows
        with patch.object(figures_store, "refresh", deadlocked_once), patch.object(frappe.db, "rollback"):
            figures_store.ensure_fresh(GSTIN)
        self.assertEqual(calls, [3, 3])
        self.assertEqual(figures_store.stale_names(GSTIN), [])

    def test_a_change_of_filing_frequency_marks_the_gstins_parts_stale(self):
        self.loaded()
        self.assertEqual(figures_store.stale_names(GSTIN), [])
        settings = frappe.get_single("IMS Settings")
        row = next(r for r in settings.company_gstins if r.gstin == GSTIN)
        row.quarterly_filer = 1
        settings.save(ignore_permissions=True)
        self.assertEqual(sorted(figures_store.stale_names(GSTIN)), sorted(self.names()))
        self.assert_equal_to_the_core()  # summed as a quarterly filer's, every part recomputed


class TestPeriodSums(FiguresCase):
    """``IMS Figure Sum``: the preview's local GSTR-2B is read from a few stored sums per period,
    which the records' refresh moves by exactly the parts it replaces."""

    def test_the_sums_follow_downloads_actions_reconcile_and_close_without_a_rebuild(self):
        from india_ims.ims import jobs

        self.load(41)  # downloads, actions of every kind, a declared reduction, a close: each checked
        self.assertTrue(figure_sums.stored(GSTIN))
        for period in (EARLIER, PERIOD):
            log = helpers.new_log(KIND_RECONCILE, GSTIN, self.company, period)
            jobs.run_reconcile(log, GSTIN, period)
            self.assertEqual(frappe.db.get_value("IMS Sync Log", log, "status"), "Completed")
        self.assert_fresh()
        self.assert_equal_to_the_core()
        self.assert_sums_kept()

    def test_a_refresh_that_meets_another_on_the_same_records_moves_the_sums_once(self):
        self.load(43)
        names = self.names(gstr2b_period=PERIOD, supplier_filing_status="Filed", section="b2b")[:20]
        set_actions(names, "Rejected", source="User", mode="valid_only")
        real = figures_store._load
        met = []

        def load_then_meet(chunk):
            rows = real(chunk)
            if not met:  # another refresh (the job, a view) writes the same records meanwhile
                met.append(len(chunk))
                figures_store.refresh(chunk, dependants=False)
            return rows

        with patch.object(figures_store, "_load", load_then_meet):
            figures_store.ensure_fresh(GSTIN)
        self.assertTrue(met)
        self.assert_sums_kept()
        self.assert_equal_to_the_core()

    def test_a_record_deleted_by_hand_is_seen_and_its_period_rebuilt(self):
        self.load(47)
        gone = self.names(fig_period=PERIOD, fig_block="ITC Available")[0]
        frappe.db.sql(f"delete from `tab{INWARD_SUPPLY}` where name = %s", gone)
        self.assertNotEqual(figure_sums.stored(GSTIN), figure_sums.rebuilt(GSTIN))
        self.assert_equal_to_the_core()  # the preview counted the period, found one record less
        self.assertEqual([args[:2] for args in self.rebuilds], [(GSTIN, PERIOD)])
        self.rebuilds.clear()
        self.assert_sums_kept()


class TestViewsWhileTheJobAdds(FiguresCase):
    """A big change (thousands of records) is added by the background job; the preview then answers
    at once from the last refresh and says so, and is exact again once the job is done."""

    def test_many_stale_records_with_the_job_running_answer_from_the_last_refresh_and_say_so(self):
        names = self.changed()
        before = api.get_comparison(GSTIN, PERIOD)
        self.assertIsNone(before["behind"])
        self.assertTrue(before["copy_local"])
        set_actions(names, "Rejected", source="User", mode="valid_only")
        self.lag(limit=2, on_its_way=True)
        during = api.get_comparison(GSTIN, PERIOD)
        self.assertEqual(during["behind"]["records"], len(names))
        self.assertIn(f"{len(names)} record(s) changed at", during["behind"]["message"])
        self.assertIsNone(during["copy_local"])  # no return is copied from figures that are not final
        self.assertEqual(during["blocks"], before["blocks"])  # as of the last refresh, not half of it
        self.assertEqual(set(figures_store.stale_names(GSTIN)), set(names))  # nothing done in the view
        self.assertTrue(api.get_charts(GSTIN, PERIOD)["behind"])
        self.assertTrue(api.get_difference_documents(GSTIN, PERIOD)["behind"])
        figures_store.refresh_stale(GSTIN)  # the job finishes
        after = api.get_comparison(GSTIN, PERIOD)
        self.assertIsNone(after["behind"])
        self.assertTrue(after["copy_local"])
        self.assertNotEqual(after["blocks"], before["blocks"])  # not the figures kept from the lag
        self.assert_equal_to_the_core()
        self.assert_sums_kept()

    def test_without_a_job_on_its_way_or_with_few_stale_records_the_view_refreshes_itself(self):
        names = self.changed()
        set_actions(names, "Rejected", source="User", mode="valid_only")
        self.lag(limit=2, on_its_way=False)  # queued long ago with no worker, or no queue at all
        self.assertIsNone(api.get_comparison(GSTIN, PERIOD)["behind"])
        self.assertEqual(figures_store.stale_names(GSTIN), [])
        self.assert_equal_to_the_core()
        set_actions(names[:2], "Accepted", source="User", mode="valid_only")
        self.lag(limit=2, on_its_way=True)  # a normal action: exact figures at once
        self.assertIsNone(api.get_comparison(GSTIN, PERIOD)["behind"])
        self.assertEqual(figures_store.stale_names(GSTIN), [])
        self.assert_equal_to_the_core()

    def test_a_job_counts_as_on_its_way_only_while_running_or_just_queued(self):
        from datetime import datetime, timedelta
        from types import SimpleNamespace

        def job(status, waited=0):
            queued_at = datetime.utcnow() - timedelta(seconds=waited)
            return SimpleNamespace(get_status=lambda: status, enqueued_at=queued_at)

        cases = [
            (job("started", 3600), True),
            (job("queued", 5), True),
            (job("queued", figures_store.QUEUED_GRACE_SECONDS + 60), False),  # no worker takes it
            (job("finished"), False),
            (job("failed"), False),
            (None, False),
        ]
        for found, expected in cases:
            with patch("frappe.utils.background_jobs.get_job", lambda job_id, found=found: found):
                self.assertEqual(figures_store._job_on_its_way(GSTIN), expected, found and found.get_status())

        def unreachable(job_id):
            raise ConnectionError("redis is down")

        with patch("frappe.utils.background_jobs.get_job", unreachable):
            self.assertFalse(figures_store._job_on_its_way(GSTIN))
