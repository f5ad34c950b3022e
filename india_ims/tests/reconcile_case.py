"""A month downloaded over its purchase register and not reconciled yet, fresh for every test: the
start of the reconciliation's bench tests (``MONTH``: ``helpers.month``'s arguments)."""

import frappe

from india_ims.ims import jobs
from india_ims.ims.benchmark import insert_purchases
from india_ims.ims.constants import KIND_DOWNLOAD
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase


class DownloadedMonthCase(MonthCase):
    MONTH = {"records": 60, "seed": 11}

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)
        insert_purchases(self.company, self.gstin, self.month.purchases)
        frappe.db.commit()
        with helpers.sandbox(self.month.ims_records, self.gstin) as (_, client):
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)

    def tearDown(self):
        helpers.clear(self.gstin)
