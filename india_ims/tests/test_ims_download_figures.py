"""The download job computes the stored figures of what it wrote before it reports done, so the first
view after a download refreshes nothing in its request. Today is pinned to 30-11-2026."""

from dataclasses import replace

import frappe

from india_ims.ims import figures_store, jobs
from india_ims.ims.constants import INWARD_SUPPLY, KIND_DOWNLOAD, SYNC_LOG
from india_ims.tests import helpers
from india_ims.tests.test_ims_returns import HAND, HAND_GSTIN, PERIOD, TODAY, ReturnsCase, sandbox_at


class TestDownloadJobRefreshesItsFigures(ReturnsCase):
    gstin = HAND_GSTIN

    def test_a_download_reports_done_with_no_stale_figure_and_each_part_the_cores(self):
        with sandbox_at(HAND, self.gstin, PERIOD, TODAY) as (_server, client):
            self.download_ims(client)
        names = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name")
        self.assertEqual(len(names), len(HAND))
        self.assertEqual(figures_store.stale_names(self.gstin), [])
        self.assertEqual(figures_store.stale(names), [])  # every stored part is what the core says
        # a re-download with a document changed by its supplier: its part follows before done
        changed = [replace(HAND[0], document_value=HAND[0].document_value + 10_000), *HAND[1:]]
        with sandbox_at(changed, self.gstin, PERIOD, TODAY) as (_server, client):
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company, None)
            jobs.run_download(log, self.gstin, None, gstn=client, reconcile_after=False)
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Completed")
        self.assertEqual(figures_store.stale_names(self.gstin), [])
        self.assertEqual(figures_store.stale(names), [])

    def test_a_download_larger_than_a_view_would_refresh_leaves_its_figures_to_the_figures_job(self):
        # A first download of a lakh would spend some 16 s on figures before saying done: above what a
        # view refreshes in its request, the download reports done and the queued figures job does it.
        from unittest.mock import patch

        with (
            patch.object(figures_store, "IN_REQUEST", len(HAND) - 1),
            sandbox_at(HAND, self.gstin, PERIOD, TODAY) as (_server, client),
        ):
            self.download_ims(client)
        names = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name")
        self.assertEqual(sorted(figures_store.stale_names(self.gstin)), sorted(names))
        self.assertIn("india_ims.ims.jobs.run_figures_refresh", self.queued_methods())
        jobs.run_figures_refresh(self.gstin)
        self.assertEqual(figures_store.stale_names(self.gstin), [])
