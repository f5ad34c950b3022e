"""Supplier view in a bench: our sales with the recipients' actions downloaded from the sandbox, paired
with Sales Invoices made through ERPNext, and added-back liabilities (FAQ 34). Follow-up e-mails, who
may see and who may send, and the export: test_ims_follow_up."""

from dataclasses import replace
from datetime import timedelta

import frappe

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gstn.sandbox.supplier import SupplierSide
from india_ims.ims import clock, jobs
from india_ims.ims.constants import KIND_DOWNLOAD, KIND_SUPPLIER_VIEW, SETTINGS, SYNC_LOG
from india_ims.ims.outward import api
from india_ims.ims.outward.sales import field_map
from india_ims.ims.outward.store import ADDED_BACK, OUTWARD_SUPPLY
from india_ims.tests import helpers
from india_ims.tests.supplier_view_case import (
    CUSTOMER_GSTIN,
    ITEM,
    OURS,
    PRICE_LIST,
    SupplierViewCase,
    reported,
)


class TestImsSupplierView(SupplierViewCase):
    def test_download_writes_our_sales_with_the_recipients_actions_and_a_second_writes_nothing(self):
        self.act("IMS Test Customer A", self.inv1, Action.ACCEPT)
        self.act("IMS Test Customer B", self.inv3, Action.PENDING)
        first = self.download()
        rows = self.rows()
        self.assertEqual(first.counts["records_inserted"], 5)
        self.assertEqual(rows[self.inv1].recipient_action, "Accepted")
        self.assertEqual(rows[self.inv3].recipient_action, "Pending")
        self.assertEqual(rows[self.inv2].recipient_action, "No Action")
        again = self.download()
        self.assertEqual((again.counts["records_inserted"], again.counts["records_updated"]), (0, 0))
        self.assertEqual(again.counts["records_unchanged"], 5)
        self.assertEqual(
            {k: r.modified for k, r in self.rows().items()}, {k: r.modified for k, r in rows.items()}
        )
        # a recipient changes its mind: only that row is written
        self.act("IMS Test Customer B", self.inv3, Action.REJECT)
        third = self.download()
        self.assertEqual((third.counts["records_updated"], third.counts["records_unchanged"]), (1, 4))
        self.assertEqual(self.rows()[self.inv3].recipient_action, "Rejected")

    def _daily_job_ids(self, **row_values) -> list[str]:
        """The job ids the daily schedule queues with our GSTIN's row enabled (and ``row_values``);
        the row is put back and the logs of the jobs (mocked, never run) are deleted after."""
        settings = frappe.get_single(SETTINGS)
        row = next(r for r in settings.company_gstins if r.gstin == OURS)
        changed = {"enabled": 1, **row_values}
        before = {field: row.get(field) for field in changed}
        frappe.db.set_single_value(SETTINGS, "daily_download", 1)
        frappe.db.set_value("IMS Settings GSTIN", row.name, changed)
        frappe.clear_document_cache(SETTINGS, SETTINGS)
        logs_before = set(frappe.get_all(SYNC_LOG, pluck="name"))
        try:
            with clock.pinned(self.today):
                jobs.daily_download()
            return [c.kwargs.get("job_id") for c in self.enqueued.call_args_list]
        finally:
            frappe.db.set_value("IMS Settings GSTIN", row.name, before)
            frappe.clear_document_cache(SETTINGS, SETTINGS)
            # every enabled GSTIN of the site got a log whose job (mocked) never runs: left Queued,
            # they would grey out that GSTIN's GSTN menu in the IMS Tool
            made = set(frappe.get_all(SYNC_LOG, pluck="name")) - logs_before
            frappe.db.delete(SYNC_LOG, {"name": ("in", list(made) or [""])})
            frappe.db.commit()

    def test_the_daily_schedule_queues_the_supplier_view_of_last_month(self):
        ids = self._daily_job_ids()
        self.assertIn(jobs.job_id(KIND_SUPPLIER_VIEW, OURS, helpers.PERIOD), ids)

    def test_the_daily_schedule_skips_the_supplier_view_where_the_provider_publishes_none(self):
        ids = self._daily_job_ids(provider="Vayana Enriched API (EAS)")
        self.assertIn(jobs.job_id(KIND_DOWNLOAD, OURS, None), ids)
        self.assertNotIn(jobs.job_id(KIND_SUPPLIER_VIEW, OURS, helpers.PERIOD), ids)

    # ---------------------------------------------------------------- pairing

    def test_sales_pair_with_the_sales_invoices_made_through_erpnext(self):
        self.download()
        rows = self.rows()
        self.assertEqual(
            (rows[self.inv1].sales_invoice, rows[self.inv1].match_status), (self.inv1, "Exact Match")
        )
        self.assertEqual(rows[self.inv1].customer, "IMS Test Customer A")
        self.assertEqual(
            (rows[self.inv2].sales_invoice, rows[self.inv2].match_status), (self.inv2, "Mismatch")
        )
        self.assertIn("differs", rows[self.inv2].match_reason)
        self.assertEqual(rows[self.note].sales_invoice, self.note)  # the return pairs with the credit note
        self.assertEqual(rows["OLD-17"].match_status, "Not in Sales Register")
        self.assertFalse(rows["OLD-17"].sales_invoice)
        not_reported = api.get_not_reported(OURS, helpers.PERIOD)
        self.assertEqual([r["sales_invoice"] for r in not_reported], [self.unreported])
        status = api.sales_invoice_status(self.inv1)
        self.assertEqual((status.recipient_action, status.match_status), ("No Action", "Exact Match"))

    def test_the_loader_reads_tax_heads_and_a_return_negative_with_or_without_india_compliance(self):
        from india_ims.ims.benchmark import mapped_tax_accounts
        from india_ims.ims.outward import sales
        from india_ims.ims.purchases import has_india_compliance

        account = mapped_tax_accounts(self.company)["igst"]
        doc = frappe.get_doc(
            {
                "doctype": "Sales Invoice",
                "company": self.company,
                "customer": "IMS Test Customer A",
                "posting_date": self.day,
                "due_date": self.day,
                "set_posting_time": 1,
                "currency": "INR",
                "conversion_rate": 1,
                "selling_price_list": PRICE_LIST,
                "items": [{"item_code": ITEM, "qty": 1, "rate": 500}],
                "taxes": [
                    {
                        "charge_type": "On Net Total",
                        "account_head": account,
                        "rate": 18,
                        "description": "IGST",
                    }
                ],
            }
        )
        doc.insert(ignore_permissions=True)
        doc.submit()
        if has_india_compliance():
            # India Compliance's own GST accounts say the head; this test's account is not one of them
            frappe.db.set_value("Sales Taxes and Charges", doc.taxes[0].name, "gst_tax_type", "igst")
        fields = field_map()
        frappe.db.set_value(
            "Sales Invoice",
            doc.name,
            {fields["company_gstin"]: OURS, fields["customer_gstin"]: CUSTOMER_GSTIN["IMS Test Customer A"]},
        )
        [loaded] = sales.load(OURS, names=[doc.name])
        self.assertEqual((loaded.amounts.taxable_value, loaded.amounts.igst), (500_00, 90_00))
        [note] = sales.load(OURS, names=[self.note])
        self.assertEqual((note.document_type.value, note.amounts.taxable_value), ("Credit Note", -2000_00))
        frappe.db.set_value("Sales Invoice", doc.name, fields["company_gstin"], "")
        frappe.db.commit()

    # ---------------------------------------------------------------- FAQ 34

    def test_a_rejected_credit_note_awaits_the_recipients_3b_then_is_reported_in_the_next_period(self):
        self.act("IMS Test Customer A", self.note, Action.REJECT)
        self.act("IMS Test Customer A", self.inv1, Action.REJECT)  # a rejected invoice adds nothing back
        self.download()
        following = str(ReturnPeriod.parse(helpers.PERIOD).add(1))
        lines = frappe.get_all(
            ADDED_BACK,
            {"company_gstin": OURS},
            ["document_number", "basis", "landing_period", "taxable_value", "gstr3b_table", "table_note"],
        )
        self.assertEqual(
            [(x.document_number, x.basis, x.landing_period) for x in lines],
            [(self.note, "Awaiting the recipient's GSTR-3B", following)],
        )
        self.assertEqual(lines[0].gstr3b_table, "3.1(a)")
        self.assertIn("not published", lines[0].table_note)
        self.assertEqual(self.rows()[self.note].adds_back, 1)
        # the recipient files its GSTR-3B: GSTN reports the line in our next period's added-back list
        self.side.recipient_files_3b(CUSTOMER_GSTIN["IMS Test Customer A"], helpers.PERIOD)
        self.download(following)
        summary = api.get_added_back(OURS)
        self.assertEqual(
            [(p["period"], p["documents"], p["awaiting"]) for p in summary["periods"]], [(following, 1, 0)]
        )
        self.assertEqual(summary["lines"][0].basis, "Reported by GSTN")
        self.assertEqual(float(summary["lines"][0].taxable_value), 2000.0)
        # GSTN's figure is the one we expected: nothing is kept beside it
        self.assertEqual(summary["lines"][0].gstn_differs, "")
        self.assertEqual(float(summary["lines"][0].expected_total_tax), 0.0)
        # downloading the earlier period again never turns it back into an expectation
        self.download()
        self.assertEqual(
            frappe.get_all(ADDED_BACK, {"company_gstin": OURS}, pluck="basis"), ["Reported by GSTN"]
        )

    def test_rule_spec18_a_rejected_credit_note_amendment_adds_back_only_the_difference(self):
        self._amendment_rejected()

    def _amendment_rejected(self):
        """FAQ 34 + spec 1.8: the note (tax 360) is rejected and added back; its amendment of the next
        period (tax 540, ont_num = the note) is rejected too and adds 180 more, not 540. The amendment
        pairs with the credit note's Sales Invoice through its original number."""
        following = ReturnPeriod.parse(helpers.PERIOD).add(1)
        customer = CUSTOMER_GSTIN["IMS Test Customer A"]
        day = self.day + timedelta(days=5)
        _, note = reported(self.note, day, 2000, section=Section.B2BCN)
        note = replace(note, amounts=Amounts(200000, 36000), document_value=236000)
        amended = replace(
            note,
            section=Section.B2BCNA,
            document_number=f"{self.note}-A",
            document_date=following.first_day,
            supplier_return_period=str(following),
            amounts=Amounts(300000, 54000),
            document_value=354000,
            original_number=self.note,
            original_date=day,
        )
        self.side = SupplierSide(OURS, helpers.PERIOD, clock.today())
        self.side.add_recipient(customer, [note, amended])
        self.act("IMS Test Customer A", self.note, Action.REJECT)
        self.download()
        self.act("IMS Test Customer A", amended.document_number, Action.REJECT)
        self.download(str(following))
        lines = {
            x.document_number: x
            for x in frappe.get_all(
                ADDED_BACK, {"company_gstin": OURS}, ["document_number", "total_tax", "remarks"]
            )
        }
        self.assertEqual(float(lines[self.note].total_tax), 360.0)
        self.assertEqual(float(lines[amended.document_number].total_tax), 180.0)
        self.assertIn("Difference from", lines[amended.document_number].remarks)
        row = frappe.get_all(
            OUTWARD_SUPPLY,
            {"company_gstin": OURS, "document_number": amended.document_number},
            ["original_document_number", "original_document_date", "sales_invoice"],
        )[0]
        self.assertEqual((row.original_document_number, row.original_document_date), (self.note, day))
        self.assertEqual(row.sales_invoice, self.note)
        return amended, following

    def test_rule_faq34_gstns_added_back_figure_counts_and_ours_is_shown_beside_it_when_they_differ(self):
        """The customer files the GSTR-3B of the amendment's period; GSTN's added-back list (here the
        sandbox's, which counts the amendment in full) reports 540 where the supplier view gave us 180:
        the line carries GSTN's 540, the figure our GSTR-3B gets (FAQ 34), with our 180 beside it and
        why, in words; the page's totals add GSTN's figures."""
        amended, following = self._amendment_rejected()
        customer = CUSTOMER_GSTIN["IMS Test Customer A"]
        self.side.recipient_files_3b(customer, helpers.PERIOD)
        self.side.recipient_files_3b(customer, str(following))
        after = str(following.add(1))
        self.download(after)
        summary = api.get_added_back(OURS, after)
        [line] = [x for x in summary["lines"] if x.document_number == amended.document_number]
        self.assertEqual(line.basis, "Reported by GSTN")
        self.assertEqual((float(line.igst), float(line.total_tax)), (540.0, 540.0))
        self.assertEqual((float(line.expected_igst), float(line.expected_total_tax)), (180.0, 180.0))
        self.assertIn(
            "GSTN adds back ₹540.00 (IGST ₹540.00), ₹360.00 more than the ₹180.00", line.gstn_differs
        )
        self.assertIn("GSTN's figure is what your GSTR-3B carries (FAQ 34)", line.gstn_differs)
        self.assertEqual([(p["period"], p["total_tax"]) for p in summary["periods"]], [(after, 540.0)])
        self.assertEqual(summary["periods"][0]["differs"], 1)
        # a second download of the same answer keeps our figure beside GSTN's and writes nothing
        self.download(after)
        again = frappe.db.get_value(
            ADDED_BACK, line.name, ["expected_total_tax", "gstn_differs"], as_dict=True
        )
        self.assertEqual((float(again.expected_total_tax), again.gstn_differs), (180.0, line.gstn_differs))

    def test_the_gstr3b_preview_shows_our_added_back_liability_in_the_period_it_lands_in(self):
        """Issue 14 + FAQ 34 by hand: our credit note of 2,000 + IGST 360 and another of 500 + CGST 45
        + SGST 45 are rejected in the supplier view of the period; a rejected invoice adds nothing.
        They land in the next period's GSTR-3B: IGST 360, CGST 45, SGST 45, total 450, 2 documents,
        both awaiting the customers' GSTR-3B; the period itself gets nothing."""
        from india_ims.ims.returns import api as returns_api

        following = str(ReturnPeriod.parse(helpers.PERIOD).add(1))
        day = self.day + timedelta(days=5)
        _, note = reported(self.note, day, 2000, section=Section.B2BCN)
        note = replace(note, amounts=Amounts(200000, 36000), document_value=236000)
        customer_b, other = reported(
            "CN-B-1", day, 500, section=Section.B2BCN, customer="IMS Test Customer B"
        )
        other = replace(other, amounts=Amounts(50000, 0, 4500, 4500), document_value=59000)
        _, invoice = reported(self.inv1, self.day, 1000)
        invoice = replace(invoice, amounts=Amounts(100000, 18000))
        self.side = SupplierSide(OURS, helpers.PERIOD, clock.today())
        self.side.add_recipient(CUSTOMER_GSTIN["IMS Test Customer A"], [note, invoice])
        self.side.add_recipient(customer_b, [other])
        self.act("IMS Test Customer A", self.note, Action.REJECT)
        self.act("IMS Test Customer A", self.inv1, Action.REJECT)
        self.act("IMS Test Customer B", "CN-B-1", Action.REJECT)
        self.download()
        own = returns_api.get_comparison(OURS, following)["own_added_back"]
        self.assertEqual(own["periods"], [following])
        self.assertEqual((own["documents"], own["awaiting"], own["reported"]), (2, 2, 0))
        self.assertEqual(
            (own["igst"], own["cgst"], own["sgst"], own["cess"], own["total"]),
            (360.0, 45.0, 45.0, 0.0, 450.0),
        )
        self.assertEqual(own["table"], "3.1(a)")
        self.assertIn("not published", own["table_words"])
        nothing = returns_api.get_comparison(OURS, helpers.PERIOD)["own_added_back"]
        self.assertEqual((nothing["documents"], nothing["total"]), (0, 0.0))
        # a quarterly filer's GSTR-3B takes what lands in any month of the quarter
        from india_ims.ims.returns.own_added_back import landing_periods

        quarter = [str(m) for m in ReturnPeriod.parse(following).quarter_months()]
        self.assertEqual(landing_periods(following, quarterly=True), quarter)
        self.assertIn(following, quarter)
