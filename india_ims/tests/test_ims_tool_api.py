"""The IMS Tool's own APIs (``india_ims.ims.tool_api``) in a bench: set-up, record detail, ITC at stake,
job results, pending changes and the Excel export, each bound to the user's companies."""

from io import BytesIO

import frappe
from openpyxl import load_workbook

from india_ims.ims import api, benchmark, reconcile, tool_api
from india_ims.ims.constants import INWARD_SUPPLY, KIND_UPLOAD, SYNC_LOG, SYNC_LOG_ERROR
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

USER = "ims.tool.user@example.com"


class TestImsToolApi(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.other = helpers.company("IMS Other Company", "IMSOC")
        cls.month = helpers.month(records=60, seed=51)
        cls.other_month = helpers.month(records=10, seed=52)
        cls.gstin, cls.other_gstin = cls.month.recipient_gstin, cls.other_month.recipient_gstin
        helpers.register(cls.company, cls.gstin)
        helpers.register(cls.other, cls.other_gstin)
        helpers.user(USER, ["Accounts User"], cls.company)

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        for gstin in (self.gstin, self.other_gstin):
            helpers.clear(gstin)
        benchmark.insert_purchases(self.company, self.gstin, self.month.purchases)
        apply_records(self.company, self.gstin, self.month.ims_records)
        apply_records(self.other, self.other_gstin, self.other_month.ims_records)
        reconcile.reconcile(self.company, self.gstin, helpers.PERIOD)
        frappe.db.commit()

    def tearDown(self):
        frappe.set_user("Administrator")
        for gstin in (self.gstin, self.other_gstin):
            helpers.clear(gstin)

    def _names(self, gstin=None, **filters):
        return frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": gstin or self.gstin, **filters},
            pluck="name",
            order_by="name",
        )

    def test_setup_lists_only_the_users_companies_with_record_counts(self):
        frappe.set_user(USER)
        setup = tool_api.get_tool_setup()
        gstins = {row["gstin"]: row for row in setup["gstins"]}
        self.assertIn(self.gstin, gstins)
        self.assertNotIn(self.other_gstin, gstins)
        self.assertEqual(gstins[self.gstin]["records"], len(self._names()))
        self.assertFalse(setup["can_upload"])
        # The month before the (pinned) day in India: the period a user works on.
        self.assertEqual(setup["default_period"], helpers.PERIOD)

    def test_detail_puts_books_beside_ims_and_judges_every_action(self):
        linked = self._names(match_status="Mismatch") or self._names(match_status="Exact Match")
        detail = tool_api.get_record_detail(linked[0])
        record = detail["record"]
        self.assertEqual(detail["books"]["name"], record.purchase_invoice)
        self.assertEqual(detail["ims"]["document_number"], record.document_number)
        self.assertEqual(
            {e["action"] for e in detail["effects"]}, {"Accepted", "Rejected", "Pending", "No Action"}
        )
        effects = {e["action"]: e for e in detail["effects"]}
        self.assertEqual(effects["Rejected"]["recipient_itc"]["total_tax"], 0)
        for field in {d["field"] for d in detail["differences"]}:
            self.assertIn(field, (*tool_api.SIDE_FIELDS, *tool_api.HEADS, "reverse_charge"))

    def test_detail_of_missing_in_pi_refuses_accept_and_shows_history(self):
        name = self._names(match_status="Missing in PI", section="b2b")[0]
        detail = tool_api.get_record_detail(name)
        self.assertIsNone(detail["books"])
        accept = next(e for e in detail["effects"] if e["action"] == "Accepted")
        self.assertFalse(accept["allowed"])
        self.assertEqual(accept["code"], "ACCEPT_MISSING_IN_PI")
        api.set_action(frappe.as_json([name]), "Rejected", remark="not ours")
        history = tool_api.get_record_detail(name)["history"]
        self.assertEqual([(h.old_action, h.new_action) for h in history], [("No Action", "Rejected")])

    def test_another_companys_record_and_gstin_are_refused(self):
        frappe.set_user(USER)
        with self.assertRaises(frappe.PermissionError):
            tool_api.get_record_detail(self._names(self.other_gstin)[0])
        with self.assertRaises(frappe.PermissionError):
            tool_api.export_documents(self.other_gstin, helpers.PERIOD)
        with self.assertRaises(frappe.PermissionError):
            tool_api.get_itc_at_stake(self.other_gstin, helpers.PERIOD)

    def test_itc_at_stake_counts_what_rejections_give_up(self):
        before = tool_api.get_itc_at_stake(self.gstin, helpers.PERIOD)
        self.assertEqual(before["moved"]["total_tax"], 0)
        invoices = self._names(section="b2b", gstr2b_period=helpers.PERIOD)[:4]
        result = api.set_action(frappe.as_json(invoices), "Rejected", mode="valid_only")
        self.assertEqual(result["applied"], len(invoices), result)
        after = tool_api.get_itc_at_stake(self.gstin, helpers.PERIOD)
        tax = frappe.db.sql(
            f"select sum(igst + cgst + sgst + cess) from `tab{INWARD_SUPPLY}` where name in %s", [invoices]
        )[0][0]
        self.assertAlmostEqual(after["moved_by_action"]["Rejected"]["total_tax"], float(tax), places=2)
        self.assertAlmostEqual(
            after["all_accepted"]["total_tax"] - after["current"]["total_tax"], float(tax), places=2
        )
        changes = tool_api.get_pending_changes(self.gstin)
        self.assertEqual(
            [(c.gstn_action, c.action, c["count"]) for c in changes], [("No Action", "Rejected", 4)]
        )

    def test_export_holds_every_record_with_its_books_figures(self):
        # The records, their invoices and the invoices' tax rows are three reads on one connection:
        # every record is written, and each linked one with the books' figures of purchases.load.
        from india_ims.gst_india.matching.explain import books_amounts
        from india_ims.ims import purchases

        tool_api.export_documents(self.gstin, helpers.PERIOD)
        sheet = load_workbook(BytesIO(frappe.response["filecontent"]))["Documents"]
        header = [cell.value for cell in sheet[1]]
        rows = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)][:-1]
        expected = self._names(supplier_return_period=helpers.PERIOD)
        self.assertGreater(len(expected), 7)
        self.assertEqual(len(rows), len(expected))
        linked = {row["Purchase Invoice"]: row for row in rows if row["Purchase Invoice"]}
        self.assertTrue(linked)
        for document in purchases.load(self.gstin, names=list(linked)):
            amounts, row = books_amounts(document), linked[document.name]
            self.assertEqual(row["Bill No"], document.bill_no)
            self.assertAlmostEqual(row["Books Taxable"], amounts.taxable_value / 100, places=2)
            self.assertAlmostEqual(row["Books Total Tax"], amounts.total_tax / 100, places=2)
            difference = round(row["IMS Taxable"] - amounts.taxable_value / 100, 2)
            self.assertAlmostEqual(row["Difference Taxable"], difference, places=2)

    def test_export_counts_an_invoice_linked_twice_once(self):
        from india_ims.gst_india.matching.explain import books_amounts
        from india_ims.ims import purchases

        linked = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "supplier_return_period": helpers.PERIOD,
                     "purchase_invoice": ("is", "set")},
            fields=["name", "purchase_invoice"],
            order_by="name",
            limit=2,
        )
        self.assertEqual(len(linked), 2)
        invoice = linked[0].purchase_invoice
        frappe.db.set_value(INWARD_SUPPLY, linked[1].name, "purchase_invoice", invoice)
        tool_api.export_documents(self.gstin, helpers.PERIOD)
        sheet = load_workbook(BytesIO(frappe.response["filecontent"]))["Documents"]
        header = [cell.value for cell in sheet[1]]
        rows = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]
        shown = [row for row in rows if row["Purchase Invoice"] == invoice]
        self.assertEqual(len(shown), 2)
        amounts = books_amounts(purchases.load(self.gstin, names=[invoice])[0])
        for row in shown:
            self.assertAlmostEqual(row["Books Total Tax"], amounts.total_tax / 100, places=2)

    def test_export_rows_come_in_the_document_views_order_for_both_periods(self):
        # The export sorts its rows itself (export._records): the same order as the Document View's
        # pages (date, then name), every record once, for the supplier's and the GSTR-3B period.
        from india_ims.ims import queries

        for period_field in queries.PERIOD_FIELDS:
            tool_api.export_documents(self.gstin, helpers.PERIOD, period_field=period_field)
            sheet = load_workbook(BytesIO(frappe.response["filecontent"]))["Documents"]
            shown = [(row[1], row[3]) for row in sheet.iter_rows(min_row=2, values_only=True)][:-1]
            view = queries.documents(self.gstin, period=helpers.PERIOD, period_field=period_field,
                                     page_length=500)
            self.assertGreater(view["total"], 7)
            self.assertEqual(len(shown), view["total"])
            self.assertEqual(shown, [(row.supplier_gstin, row.document_number) for row in view["rows"]])

    def test_export_writes_hostile_texts_as_text_in_their_own_cells(self):
        # A row reaches the sheet as its texts joined by U+0001 (export_records): a U+0001 of the
        # record's own must not move a value into the next cell; it is written as U+FFFD, as the
        # sheet writes any control character. Markup and formulas stay text.
        name = self._names(supplier_return_period=helpers.PERIOD)[0]
        number, gstin = frappe.db.get_value(INWARD_SUPPLY, name, ["document_number", "supplier_gstin"])
        texts = {"remarks": "=HYPERLINK(\"x\")\x01next <b>&amp;", "upload_error": "a\x01b\x01c 🙂",
                 "match_reason": "₹ 1,000 \x01 differs"}
        frappe.db.set_value(INWARD_SUPPLY, name, {**texts, "upload_remarks": ""}, update_modified=False)
        tool_api.export_documents(self.gstin, helpers.PERIOD)
        sheet = load_workbook(BytesIO(frappe.response["filecontent"]))["Documents"]
        header = [cell.value for cell in sheet[1]]
        rows = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)][:-1]
        self.assertEqual(len(rows), len(self._names(supplier_return_period=helpers.PERIOD)))
        row = next(row for row in rows if row["Number"] == number and row["Supplier GSTIN"] == gstin)
        self.assertEqual(row["Remarks"], "=HYPERLINK(\"x\")\ufffdnext <b>&amp;")
        self.assertEqual(row["Upload Error"], "a\ufffdb\ufffdc 🙂")
        self.assertEqual(row["Reason"], "₹ 1,000 \ufffd differs")
        for cell in next(r for r in sheet.iter_rows(min_row=2) if r[3].value == number):
            self.assertNotEqual(cell.data_type, "f")

    def test_export_lists_the_invoices_missing_in_ims_as_the_screen_does(self):
        from india_ims.ims import missing_in_ims

        listed = missing_in_ims.missing_in_ims(self.gstin, helpers.PERIOD, page_length=None)["rows"]
        self.assertTrue(listed)
        tool_api.export_documents(self.gstin, helpers.PERIOD, frappe.as_json({"section": "b2b"}))
        sheet = load_workbook(BytesIO(frappe.response["filecontent"]))["Missing in IMS"]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:3], ("Purchase Invoice", "Supplier", "Supplier GSTIN"))
        self.assertEqual(rows[-1][0], "Total")
        self.assertEqual(rows[-1][7], f"=SUM(H2:H{len(listed) + 1})")
        shown = rows[1:-1]
        self.assertEqual([row[0] for row in shown], [row.name for row in listed])
        for row, invoice in zip(shown, listed, strict=True):
            self.assertEqual(row[1], invoice.supplier_name or invoice.supplier)
            self.assertEqual(row[2] or "", invoice.supplier_gstin or "")
            self.assertEqual(row[3] or "", invoice.bill_no or "")
            self.assertEqual(row[4].date(), invoice.bill_date)
            self.assertEqual(row[5].date(), invoice.posting_date)
            self.assertEqual(row[6] or "", "Yes" if invoice.is_return else "")
            self.assertAlmostEqual(row[7], float(invoice.taxable_value), places=2)
            self.assertAlmostEqual(row[8], float(invoice.total_tax), places=2)
            self.assertEqual(row[9] or "", invoice.reason or "")
        date_cell = sheet.cell(row=2, column=5)
        self.assertTrue(date_cell.is_date, date_cell.number_format)

    def test_export_is_the_filtered_document_view(self):
        tool_api.export_documents(self.gstin, helpers.PERIOD, frappe.as_json({"section": "b2b"}))
        self.assertEqual(frappe.response["type"], "binary")
        self.assertTrue(frappe.response["filename"].endswith(".xlsx"))
        sheet = load_workbook(BytesIO(frappe.response["filecontent"]))["Documents"]
        rows = list(sheet.iter_rows(values_only=True))
        self.assertEqual(rows[0][:2], ("Supplier", "Supplier GSTIN"))
        expected = len(self._names(section="b2b", supplier_return_period=helpers.PERIOD))
        self.assertEqual(len(rows) - 2, expected)  # a header, the documents, a totals row
        self.assertEqual({row[2] for row in rows[1:-1]}, {"B2B Invoice"})
        self.assertEqual(rows[-1][0], "Total")

    def test_sync_result_carries_the_record_errors_and_recent_jobs_the_latest_log(self):
        log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
        name = self._names()[0]
        doc = frappe.get_doc(SYNC_LOG, log)
        doc.append(
            "record_errors",
            {
                "section": "b2b",
                "inward_supply": name,
                "error_code": "RET191",
                "message": "changed by supplier",
            },
        )
        doc.status = "Partly Failed"
        doc.save(ignore_permissions=True)
        result = tool_api.get_sync_result(log)
        self.assertEqual(result["error_count"], 1)
        self.assertEqual(result["errors"][0]["error_code"], "RET191")
        recent = tool_api.get_recent_jobs(self.gstin)
        self.assertEqual(recent["latest"][KIND_UPLOAD]["name"], log)
        self.assertIn(helpers.PERIOD, {row["period"] for row in recent["periods"]})
        self.assertEqual(frappe.db.count(SYNC_LOG_ERROR, {"parent": log}), 1)
