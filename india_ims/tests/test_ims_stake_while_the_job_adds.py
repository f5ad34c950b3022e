"""ITC at stake on the IMS Tool, and the desk's ITC at stake card, while the background refresh adds
a download's records: they answer at once from the stored parts as they stand and say so, instead of
refreshing thousands of records in the request (33 s at a lakh, against the job for the same rows)."""

from __future__ import annotations

from unittest.mock import patch

from india_ims.ims import figures_store, tool_api
from india_ims.ims.actions import set_actions
from india_ims.ims.returns import api, reports
from india_ims.tests.figures_case import GSTIN, PERIOD, FiguresCase


class TestItcAtStakeWhileTheJobAdds(FiguresCase):
    def test_itc_at_stake_answers_from_the_last_refresh_says_so_and_is_exact_once_the_job_is_done(self):
        names = self.changed()
        before = tool_api.get_itc_at_stake(GSTIN, PERIOD)
        self.assertIsNone(before["behind"])
        set_actions(names, "Rejected", source="User", mode="valid_only")
        self.lag(limit=2, on_its_way=True)
        during = tool_api.get_itc_at_stake(GSTIN, PERIOD)
        self.assertEqual(during["behind"]["records"], len(names))
        self.assertIn(f"{len(names)} records written at", during["behind"]["message"])
        # the sums as the stored parts stand: those of before the Reject, nothing refreshed here
        self.assertEqual(during["moved"], before["moved"])
        self.assertEqual(set(figures_store.stale_names(GSTIN)), set(names))
        # asked again before the job commits anything: kept, not summed again; once a chunk of the
        # job is in (fewer records waiting), summed again
        with patch.object(tool_api, "_stake", wraps=tool_api._stake) as summed:
            self.assertEqual(tool_api.get_itc_at_stake(GSTIN, PERIOD), during)
            self.assertEqual(summed.call_count, 0)
            figures_store.refresh(names[:1])
            partly = tool_api.get_itc_at_stake(GSTIN, PERIOD)
            self.assertEqual(summed.call_count, 1)
            self.assertEqual(partly["behind"]["records"], len(names) - 1)
        figures_store.refresh_stale(GSTIN)  # the job finishes
        after = tool_api.get_itc_at_stake(GSTIN, PERIOD)
        self.assertIsNone(after["behind"])
        # the Reject gives up ITC: had the lagging answer been kept in the cache, this would be it
        self.assertGreater(after["moved"]["total_tax"], before["moved"]["total_tax"])
        self.assert_sums_kept()

    def test_itc_at_stake_refreshes_in_the_request_without_a_job_on_its_way_or_with_few_records(self):
        names = self.changed()
        set_actions(names, "Rejected", source="User", mode="valid_only")
        self.lag(limit=2, on_its_way=False)  # queued long ago with no worker, or no queue at all
        without_job = tool_api.get_itc_at_stake(GSTIN, PERIOD)
        self.assertIsNone(without_job["behind"])
        self.assertEqual(figures_store.stale_names(GSTIN), [])
        set_actions(names[:2], "Accepted", source="User", mode="valid_only")
        self.lag(limit=2, on_its_way=True)  # a normal action: exact figures at once
        few = tool_api.get_itc_at_stake(GSTIN, PERIOD)
        self.assertIsNone(few["behind"])
        self.assertEqual(figures_store.stale_names(GSTIN), [])
        self.assertLess(few["moved"]["total_tax"], without_job["moved"]["total_tax"])

    def test_the_desk_card_sums_what_stands_while_the_job_adds_and_everything_after(self):
        names = self.changed()
        before = api.itc_at_stake_card()["value"]
        set_actions(names, "Rejected", source="User", mode="valid_only")
        self.lag(limit=2, on_its_way=True)
        self.assertEqual(api.itc_at_stake_card()["value"], before)
        self.assertEqual(set(figures_store.stale_names(GSTIN)), set(names))
        figures_store.refresh_stale(GSTIN)
        self.assertGreater(api.itc_at_stake_card()["value"], before)

    def test_asking_for_the_gstr2b_download_refreshes_nothing_while_the_job_adds(self):
        names = self.changed()
        set_actions(names, "Rejected", source="User", mode="valid_only")
        # even with no job on its way: the request reads no stored part, so it refreshes none
        self.lag(limit=2, on_its_way=False)
        queued = api.start_gstr2b_download(GSTIN, PERIOD)
        self.assertEqual(queued["job_id"], f"india_ims::gstr2b::{GSTIN}::{PERIOD}")
        self.assertEqual(set(figures_store.stale_names(GSTIN)), set(names))

    def test_the_supplier_itc_at_stake_report_says_what_is_not_in_it_yet_and_is_whole_after(self):
        names = self.changed()
        filters = {"company_gstin": GSTIN, "period": PERIOD}
        self.assertEqual(len(reports.supplier_stake(filters)), 2)  # no message when up to date
        set_actions(names, "Rejected", source="User", mode="valid_only")
        self.lag(limit=2, on_its_way=True)
        columns, during, message = reports.supplier_stake(filters)
        self.assertIn(f"{len(names)} records written since the last refresh", message)
        self.assertEqual(set(figures_store.stale_names(GSTIN)), set(names))
        figures_store.refresh_stale(GSTIN)
        columns, after = reports.supplier_stake(filters)
        rejected = lambda rows: sum(row["rejected"] for row in rows)  # noqa: E731
        self.assertGreater(rejected(after), rejected(during))
