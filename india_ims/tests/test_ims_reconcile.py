"""Reconcile job in a bench: Purchase Invoices and IMS rows loaded in bulk give the engine's own answer."""

from dataclasses import replace
from datetime import timedelta
from unittest.mock import patch

import frappe

from india_ims.gst_india.matching import reconcile as engine
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.ims import api, jobs
from india_ims.ims import missing_in_ims as missing_pages
from india_ims.ims import reconcile as reconcile_body
from india_ims.ims.benchmark import bench_name, insert_purchases
from india_ims.ims.constants import INWARD_SUPPLY, KIND_DOWNLOAD, KIND_RECONCILE, SYNC_LOG
from india_ims.ims.reconcile import match_settings
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers, missing_report
from india_ims.tests.helpers import BaseTestCase
from india_ims.tests.reconcile_case import DownloadedMonthCase


class TestImsReconcile(DownloadedMonthCase):
    MONTH = {"records": 120, "seed": 5, "profile": "messy"}

    def _reconcile(self):
        log = helpers.new_log(KIND_RECONCILE, self.gstin, self.company)
        return log, jobs.run_reconcile(log, self.gstin, helpers.PERIOD)

    def test_statuses_and_links_equal_the_engine_run_on_the_same_month(self):
        log, outcome = self._reconcile()
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Completed")
        expected, reasons = {}, {}
        missing_in_ims = set()
        settings = match_settings()
        period = ReturnPeriod.parse(helpers.PERIOD)
        low, high = period.first_day - timedelta(days=settings.date_window_days), period.last_day
        # The job's scope: billed or posted from the date window before the period to its end.
        purchases = [
            d
            for d in self.month.purchases
            if (d.bill_date and low <= d.bill_date <= high)
            or (d.posting_date and low <= d.posting_date <= high)
        ]
        for result in engine(self.month.ims_records, purchases, settings):
            invoice = (
                bench_name(self.gstin, purchases[result.purchase_index].name)
                if result.purchase_index is not None
                else None
            )
            if result.ims_index is None:
                # claimed for the month of its bill date (one the window reaches may be the month before)
                document = purchases[result.purchase_index]
                own = ReturnPeriod.of(document.bill_date or document.posting_date)
                missing_in_ims.add((invoice, str(own)))
                reasons[invoice] = result.reason
                continue
            record = self.month.ims_records[result.ims_index]
            expected[row_name(identity(self.gstin, record))] = (result.status.value, invoice)
        stored = {r.name: (r.match_status, r.purchase_invoice) for r in helpers.rows(self.gstin)}
        self.assertEqual(stored, expected)
        flagged = {
            (row.name, row.ims_period)
            for row in frappe.get_all(
                "IMS Purchase Link",
                filters={
                    "ims_match_status": "Missing in IMS",
                    "name": ("like", bench_name(self.gstin, "%")),
                },
                fields=["name", "ims_period"],
            )
        }
        self.assertEqual(flagged, missing_in_ims)
        self.assertTrue({p for _, p in missing_in_ims} >= {helpers.PERIOD})
        # every invoice Missing in IMS keeps the engine's reason (what to chase the supplier for);
        # a matched one keeps none (its reason is on its IMS record)
        stored_reasons = dict(
            frappe.get_all(
                "IMS Purchase Link",
                filters={"ims_match_reason": ("is", "set"), "name": ("like", bench_name(self.gstin, "%"))},
                fields=["name", "ims_match_reason"],
                as_list=True,
            )
        )
        self.assertEqual(stored_reasons, reasons)
        self.assertTrue(all(r.startswith("not reported by the supplier in IMS") for r in reasons.values()))
        page = missing_pages.missing_in_ims(self.gstin, helpers.PERIOD)["rows"]
        if not page or any(row.reason != reasons.get(row.name) for row in page):
            # Seen twice in full suites (an empty page over the rows just checked): say what each
            # reading holds, so the failure names its cause (missing_report).
            on_page = {name for name, period in flagged if period == helpers.PERIOD}
            self.fail(missing_report.report(self.gstin, helpers.PERIOD, page, on_page))
        linked = frappe.get_all(
            "IMS Purchase Link",
            filters={"ims_inward_supply": ("is", "set"), "name": ("like", bench_name(self.gstin, "%"))},
            fields=["name", "ims_inward_supply"],
        )
        for row in linked:
            self.assertEqual(stored[row.ims_inward_supply][1], row.name)

    def test_a_second_reconcile_writes_nothing_and_keeps_manual_matches(self):
        self._reconcile()
        missing = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "match_status": "Missing in PI"},
            pluck="name",
        )
        spare = frappe.get_all(
            "IMS Purchase Link",
            filters={
                "ims_match_status": "Missing in IMS",
                "ims_period": helpers.PERIOD,
                "name": ("like", bench_name(self.gstin, "%")),
            },
            pluck="name",
        )
        self.assertTrue(missing and spare, "the month should have both kinds of orphans")
        api.link_purchase_invoice(missing[0], spare[0])
        frappe.db.commit()
        _, outcome = self._reconcile()
        self.assertEqual(outcome.counts["records_updated"], 0)
        row = frappe.db.get_value(
            INWARD_SUPPLY, missing[0], ["match_status", "purchase_invoice"], as_dict=True
        )
        self.assertEqual((row.match_status, row.purchase_invoice), ("Manual Match", spare[0]))
        self.assertEqual(
            frappe.db.get_value("IMS Purchase Link", spare[0], "ims_match_status"), "Manual Match"
        )

    def test_summaries_add_up_to_the_rows(self):
        self._reconcile()
        summary = api.get_match_summary(self.gstin, helpers.PERIOD)
        total = sum(row["count"] for row in summary["by_status"])
        self.assertEqual(total, len(self.month.ims_records))
        taxable = sum(row["taxable_value"] for row in summary["by_status"])
        self.assertAlmostEqual(
            float(taxable), sum(r.amounts.taxable_value for r in self.month.ims_records) / 100, places=2
        )
        page = api.get_documents(
            self.gstin, helpers.PERIOD, filters={"match_status": "Exact Match"}, page=1, page_length=10
        )
        exact = next(r["count"] for r in summary["by_status"] if r["match_status"] == "Exact Match")
        self.assertEqual(page["total"], exact)
        self.assertLessEqual(len(page["rows"]), 10)
        # Only this test's invoices: other GSTINs' data may sit on the same site.
        flagged = frappe.get_all(
            "IMS Purchase Link",
            filters={"ims_match_status": "Missing in IMS", "name": ("like", bench_name(self.gstin, "%"))},
            fields=["name", "ims_period"],
        )
        if summary["missing_in_ims"]["count"] != len(flagged):
            on_page = {row.name for row in flagged if row.ims_period == helpers.PERIOD}
            self.fail(
                f"count {summary['missing_in_ims']['count']} != {len(flagged)} flagged\n"
                + missing_report.report(self.gstin, helpers.PERIOD, None, on_page)
            )
        actions = api.get_action_summary(self.gstin, helpers.PERIOD, period_field="supplier_return_period")
        # records the supplier saved but has not filed are counted apart (no GSTR-2B period yet)
        counted = sum(r["count"] for key in ("by_action", "not_filed") for r in actions[key])
        self.assertEqual(counted, len(self.month.ims_records))

    def test_nothing_changed_is_decided_from_digests_and_any_input_change_reruns(self):
        _, first = self._reconcile()
        with patch.object(reconcile_body, "match", wraps=reconcile_body.match) as matched:
            _, again = self._reconcile()
            matched.assert_not_called()
            self.assertEqual(again.counts["records_updated"], 0)
            self.assertEqual(again.counts["records_processed"], first.counts["records_processed"])
            self.assertIn("nothing changed", again.message)
            invoice = frappe.get_all(
                "Purchase Invoice", filters={"name": ("like", bench_name(self.gstin, "%"))}, pluck="name"
            )[0]
            # an invoice edited in the books since the last run
            frappe.db.set_value("Purchase Invoice", invoice, "bill_no", "EDITED-1")
            frappe.db.commit()
            self._reconcile()
            self.assertEqual(matched.call_count, 1)
            self._reconcile()
            self.assertEqual(matched.call_count, 1)
            # a record GSTN reported differently since the last run
            name = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name")[0]
            frappe.db.set_value(INWARD_SUPPLY, name, "content_digest", "changed")
            frappe.db.commit()
            self._reconcile()
            self.assertEqual(matched.call_count, 2)

    def test_an_invoice_deleted_or_added_after_a_nothing_changed_run_is_picked_up(self):
        self._reconcile()
        with patch.object(reconcile_body, "match", wraps=reconcile_body.match) as matched:
            _, again = self._reconcile()
            matched.assert_not_called()
            linked = frappe.db.sql(
                f"""select name, purchase_invoice from `tab{INWARD_SUPPLY}` where company_gstin = %s
                    and match_status = 'Exact Match' order by name limit 1""",
                self.gstin,
            )
            record, invoice = linked[0]
            document = next(d for d in self.month.purchases if bench_name(self.gstin, d.name) == invoice)
            # the invoice leaves the books (as a cancel and delete would)
            frappe.db.sql("delete from `tabPurchase Taxes and Charges` where parent = %s", invoice)
            frappe.db.sql("delete from `tabPurchase Invoice` where name = %s", invoice)
            frappe.db.commit()
            self._reconcile()
            self.assertEqual(matched.call_count, 1)
            row = frappe.db.get_value(
                INWARD_SUPPLY, record, ["match_status", "purchase_invoice"], as_dict=True
            )
            self.assertNotEqual(row.purchase_invoice, invoice)
            # and comes back
            insert_purchases(self.company, self.gstin, [document])
            frappe.db.commit()
            self._reconcile()
            self.assertEqual(matched.call_count, 2)
            row = frappe.db.get_value(
                INWARD_SUPPLY, record, ["match_status", "purchase_invoice"], as_dict=True
            )
            self.assertEqual((row.match_status, row.purchase_invoice), ("Exact Match", invoice))
            self.assertEqual(frappe.db.get_value("IMS Purchase Link", invoice, "ims_inward_supply"), record)
            self._reconcile()
            self.assertEqual(matched.call_count, 2)


class TestAdjacentPeriods(BaseTestCase):
    """Invoices dated in the window before a period are in scope for it and for the month they are
    dated in: reconciling both, in either order, leaves them alike, and neither undoes the other."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.month = helpers.month(records=120, seed=5, profile="messy")
        cls.gstin = cls.month.recipient_gstin
        cls.before = str(ReturnPeriod.parse(helpers.PERIOD).previous())
        helpers.register(cls.company, cls.gstin)

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)
        period = ReturnPeriod.parse(helpers.PERIOD)
        template = self.month.purchases[0]
        # Unbooked by any supplier filing: one in the window before the period, one well before it.
        spares = [
            replace(template, name=f"SPARE-{n}", bill_no=f"SPARE/{n}", bill_date=day, posting_date=day)
            for n, day in ((1, period.first_day - timedelta(days=2)), (2, period.first_day - timedelta(20)))
        ]
        insert_purchases(self.company, self.gstin, [*self.month.purchases, *spares])
        frappe.db.commit()
        with helpers.sandbox(self.month.ims_records, self.gstin) as (_, client):
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)
        # a few of the records were filed by their suppliers a month earlier
        names = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name",
                               order_by="name", limit=15)
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set supplier_return_period = %s where name in %s",
                      (self.before, names))
        frappe.db.commit()
        self.spare = bench_name(self.gstin, "SPARE-1")

    def tearDown(self):
        helpers.clear(self.gstin)

    def _state(self) -> dict:
        return {
            row.name: (row.ims_inward_supply, row.ims_match_status, row.ims_period)
            for row in frappe.get_all(
                "IMS Purchase Link",
                filters={"name": ("like", bench_name(self.gstin, "%"))},
                fields=["name", "ims_inward_supply", "ims_match_status", "ims_period"],
            )
        }

    def _run(self, *periods) -> list:
        outcomes = [reconcile_body.reconcile(self.company, self.gstin, period) for period in periods]
        frappe.db.commit()
        return outcomes

    def _reset(self) -> None:
        frappe.db.sql("delete from `tabIMS Purchase Link` where name like %s", bench_name(self.gstin, "%"))
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set match_status = '', purchase_invoice = null "
                      "where company_gstin = %s", self.gstin)
        for period in (self.before, helpers.PERIOD):
            frappe.cache.delete_value(reconcile_body._DIGEST_KEY.format(self.gstin, period))
        frappe.db.commit()

    def test_two_adjacent_periods_reconciled_in_either_order_agree_and_then_change_nothing(self):
        self._run(self.before, helpers.PERIOD)
        forward = self._state()
        # the invoice the later period's window reaches is its own month's Missing in IMS
        self.assertEqual(forward[self.spare], (None, "Missing in IMS", self.before))
        self.assertEqual(forward[bench_name(self.gstin, "SPARE-2")], (None, "Missing in IMS", self.before))
        # The later period's new links are among the earlier one's inputs (they take invoices out of
        # its scope): it matches once more and writes nothing; from then on nothing changes.
        settle = self._run(self.before, helpers.PERIOD)
        self.assertEqual([o.counts["records_updated"] for o in settle], [0, 0])
        self.assertEqual(self._state(), forward)
        for outcome in self._run(self.before, helpers.PERIOD):
            self.assertIn("nothing changed", outcome.message)
        self._reset()
        self._run(helpers.PERIOD, self.before)
        self.assertEqual(self._state(), forward)
        with patch.object(reconcile_body, "match", wraps=reconcile_body.match) as matched:
            again = self._run(helpers.PERIOD, self.before)
            matched.assert_not_called()
        for outcome in again:
            self.assertIn("nothing changed", outcome.message)

    def test_the_outcome_names_the_suppliers_filing_period_as_a_ca_reads_it(self):
        (outcome,) = self._run(helpers.PERIOD)
        label = ReturnPeriod.parse(helpers.PERIOD).label
        self.assertTrue(
            outcome.message.startswith(
                f"Supplier's filing period {label}, all {outcome.counts['records_received']} records "
                "whichever GSTR-3B period they count in: "
            ),
            outcome.message,
        )
        self.assertIn("; 0 manual matches kept", outcome.message)

    def test_invoices_read_in_bulk_are_the_documents_row_by_row_conversion_gives(self):
        from india_ims.gst_india.documents import Amounts, DocumentType, PurchaseDocument
        from india_ims.gst_india.money import to_paise
        from india_ims.ims import purchases, sqlread

        query = reconcile_body.books_query(self.gstin, helpers.PERIOD, match_settings())
        data = sqlread.json_rows(query.expressions, query.rest, query.values)
        self.assertGreater(len(data), 50)
        links = {}
        got = query.documents(data, links)

        # the conversion before it read a lakh of rows faster, one dict per row
        def day(text):
            return sqlread.day(text)

        expected, expected_links = [], {}
        for values in data:
            row = dict(zip(query.keys, values, strict=True))
            expected_links[row["name"]] = (
                row["ims_link"], row["ims_status"] or "", row["ims_period"] or "", row["ims_reason"] or ""
            )
            heads = {}
            for key, add_deduct, value in row["taxes"] or ():
                paise = to_paise(value or 0)
                head = query.heads[key]
                heads[head] = heads.get(head, 0) + (-paise if add_deduct == "Deduct" else paise)
            place = (row["place_of_supply"] or "").strip()
            kind = (
                DocumentType.CREDIT_NOTE
                if row["is_return"]
                else DocumentType.DEBIT_NOTE
                if row["is_debit_note"]
                else DocumentType.INVOICE
            )
            expected.append(
                PurchaseDocument(
                    name=row["name"],
                    supplier_gstin=(row["supplier_gstin"] or "").strip().upper(),
                    document_type=kind,
                    bill_no=(row["bill_no"] or "").strip(),
                    bill_date=day(row["bill_date"]),
                    amounts=Amounts(
                        taxable_value=to_paise(row["base_net_total"] or 0),
                        **{h: heads.get(h, 0) for h in ("igst", "cgst", "sgst", "cess")},
                    ),
                    place_of_supply=place[:2] if place[:2].isdigit() else "",
                    company_gstin=(row["company_gstin"] or "").strip().upper(),
                    supplier_name=row["supplier_name"] or "",
                    posting_date=day(row["posting_date"]),
                    reverse_charge=bool(row["reverse_charge"]),
                    grand_total=to_paise(row["base_grand_total"] or 0),
                )
            )
        self.assertEqual(got, expected)
        self.assertEqual(links, expected_links)
        self.assertTrue(any(d.amounts.igst or d.amounts.cgst for d in got))
        self.assertEqual(purchases.document_type_of(frappe._dict(is_return=1, is_debit_note=0)),
                         DocumentType.CREDIT_NOTE)
