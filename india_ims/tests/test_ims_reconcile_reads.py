"""How a reconciliation of a period whose invoices are linked already reads them: the invoices are
read beside the records being made (the server works meanwhile), and those whose link columns claim
the period but are no longer paired are cleared, found without reading every linked invoice's name
when the books' scope names them all."""

from unittest.mock import patch

import frappe

from india_ims.ims import jobs, pi_links, reconcile, sqlread
from india_ims.ims.benchmark import bench_name
from india_ims.ims.constants import KIND_RECONCILE, PI_LINK, PI_MATCH_STATUS, PI_PERIOD
from india_ims.tests import helpers
from india_ims.tests.reconcile_case import DownloadedMonthCase

_LINKS = (PI_LINK, PI_MATCH_STATUS, PI_PERIOD)


class TestImsReconcileReads(DownloadedMonthCase):
    MONTH = {"records": 60, "seed": 83}

    def setUp(self):
        super().setUp()
        self._reconcile()

    def _reconcile(self):
        frappe.cache.delete_keys(f"india_ims:reconcile-digest:{self.gstin}:")  # run it whole
        log = helpers.new_log(KIND_RECONCILE, self.gstin, self.company)
        jobs.run_reconcile(log, self.gstin, helpers.PERIOD)

    def _linked(self) -> list[str]:
        return frappe.get_all(
            "IMS Purchase Link",
            filters={
                "name": ("like", bench_name(self.gstin, "%")),
                PI_PERIOD: helpers.PERIOD,
                PI_LINK: ("is", "set"),
            },
            pluck="name",
        )

    def test_when_the_books_name_every_claim_no_invoice_name_is_read_again(self):
        self.assertTrue(self._linked())
        with patch.object(pi_links, "claiming", wraps=pi_links.claiming) as claiming:
            self._reconcile()
        asked = [call for call in claiming.call_args_list if not call.kwargs.get("count")]
        counted = [call for call in claiming.call_args_list if call.kwargs.get("count")]
        self.assertEqual((len(counted), asked), (1, []))

    def test_a_claim_outside_the_books_scope_is_cleared(self):
        cancelled = self._linked()[0]
        # cancelled behind the app's back (a script, say): its links still claim the period
        frappe.db.sql("update `tabPurchase Invoice` set docstatus = 2 where name = %s", cancelled)
        frappe.db.commit()
        self._reconcile()
        self.assertEqual(frappe.db.get_value("IMS Purchase Link", cancelled, _LINKS), (None, "", ""))
        self.assertTrue(self._linked())  # the others keep theirs

    def test_the_invoices_are_read_while_the_records_are_made(self):
        order = []
        real_ahead, real_record = sqlread.ReadAhead.__init__, reconcile.row_to_record

        def sent(ahead, *args, **kwargs):
            order.append("invoices asked for")
            real_ahead(ahead, *args, **kwargs)

        def made(row):
            order.append("record made")
            return real_record(row)

        with (
            patch.object(sqlread.ReadAhead, "__init__", sent),
            patch.object(reconcile, "row_to_record", made),
        ):
            self._reconcile()
        self.assertEqual(order[:2], ["invoices asked for", "record made"])
        self.assertTrue(self._linked())

    def test_a_failure_while_the_records_are_made_leaves_the_connection_the_job_s(self):
        def broken(row):
            raise ValueError("a record could not be made")

        with patch.object(reconcile, "row_to_record", broken), self.assertRaises(ValueError):
            self._reconcile()
        self.assertEqual(frappe.db.sql("select 1")[0][0], 1)
