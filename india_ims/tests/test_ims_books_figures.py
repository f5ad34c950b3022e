"""The paired invoice's figures stored on each IMS record (``match_plan.BOOKS_COLUMNS``): written by the
reconciliation and by a download that matches new rows first, refreshed when the invoice changes, filled
for existing rows by the patch, and what the export shows, as the invoices themselves give them."""

from io import BytesIO

import frappe
from openpyxl import load_workbook

from india_ims.gst_india.matching.explain import books_amounts
from india_ims.ims import benchmark, match_plan, purchases, reconcile, tool_api
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.patches import fill_ims_books_figures
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")


class TestImsBooksFigures(MonthCase):
    MONTH = {"records": 60, "seed": 61}

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        helpers.clear(self.gstin)
        frappe.cache.delete_keys(f"india_ims:reconcile-digest:{self.gstin}:")
        benchmark.insert_purchases(self.company, self.gstin, self.month.purchases)
        frappe.db.commit()

    def tearDown(self):
        helpers.clear(self.gstin)

    def _stored(self) -> dict[str, dict]:
        rows = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin},
            fields=["name", "purchase_invoice", *match_plan.BOOKS_COLUMNS],
        )
        return {row.name: row for row in rows}

    def _assert_books_of_invoices(self) -> dict[str, dict]:
        """Every linked record holds its invoice's figures as ``purchases.load`` reads them now; every
        other record holds none."""
        stored = self._stored()
        linked = {row.purchase_invoice for row in stored.values() if row.purchase_invoice}
        self.assertGreater(len(linked), 7)
        documents = {d.name: d for d in purchases.load(self.gstin, names=sorted(linked))}
        for name, row in stored.items():
            if not row.purchase_invoice:
                self.assertIsNone(row.books_invoice, name)
                self.assertFalse(any(row[f"books_{head}"] for head in HEADS), name)
                continue
            document = documents[row.purchase_invoice]
            self.assertEqual(row.books_invoice, document.name, name)
            self.assertEqual(row.books_bill_no or "", document.bill_no, name)
            self.assertEqual(row.books_bill_date, document.bill_date, name)
            for head in HEADS:
                self.assertEqual(round(row[f"books_{head}"] * 100), getattr(document.amounts, head), name)
        return stored

    def _reconcile(self):
        outcome = reconcile.reconcile(self.company, self.gstin, helpers.PERIOD)
        frappe.db.commit()
        return outcome

    def test_reconcile_stores_the_paired_invoices_figures(self):
        apply_records(self.company, self.gstin, self.month.ims_records)
        self._reconcile()
        self._assert_books_of_invoices()
        # Stored as a reconciliation reads them back: the next one writes nothing.
        self.assertEqual(self._reconcile().counts["records_updated"], 0)

    def test_a_download_that_matches_first_stores_what_a_reconciliation_stores(self):
        apply_records(self.company, self.gstin, self.month.ims_records, reconcile_with=[helpers.PERIOD])
        frappe.db.commit()
        first = self._assert_books_of_invoices()
        self.assertTrue(any(row.books_invoice for row in first.values()))
        frappe.cache.delete_keys(f"india_ims:reconcile-digest:{self.gstin}:")
        self.assertEqual(self._reconcile().counts["records_updated"], 0)
        self.assertEqual(self._stored(), first)

    def test_an_amended_invoice_is_read_again_and_its_figures_replace_the_old(self):
        apply_records(self.company, self.gstin, self.month.ims_records)
        self._reconcile()
        stored = self._stored()
        invoice = next(row.purchase_invoice for row in stored.values() if row.purchase_invoice)
        # The books amended: a new taxable value and tax, and ``modified`` moves as any save moves it
        # (``modified`` is what the "nothing changed" digest sees of an invoice).
        frappe.db.sql(
            "update `tabPurchase Invoice` set base_net_total = base_net_total + 5, "
            "modified = now(6) where name = %s",
            invoice,
        )
        frappe.db.sql(
            "update `tabPurchase Taxes and Charges` set base_tax_amount_after_discount_amount = "
            "base_tax_amount_after_discount_amount + 0.45 where parent = %s",
            invoice,
        )
        frappe.db.commit()
        outcome = self._reconcile()
        self.assertGreaterEqual(outcome.counts["records_updated"], 1)
        after = self._assert_books_of_invoices()
        # still paired (a small difference), now with the amended figures
        row = next(row for row in after.values() if row.books_invoice == invoice)
        before = next(r for r in stored.values() if r.books_invoice == invoice)
        self.assertEqual(round((row.books_taxable_value - before.books_taxable_value) * 100), 500)

    def test_the_patch_fills_what_the_reconciliation_would_store_without_touching_modified(self):
        apply_records(self.company, self.gstin, self.month.ims_records)
        self._reconcile()
        expected = self._stored()
        modified = dict(frappe.db.sql(
            f"select name, modified from `tab{INWARD_SUPPLY}` where company_gstin = %s", self.gstin
        ))
        blank = ", ".join(f"`{column}` = {'null' if value is None else value}"
                          for column, value in match_plan.NO_BOOKS.items())
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set {blank} where company_gstin = %s", self.gstin)
        written = fill_ims_books_figures.fill(self.gstin)
        self.assertEqual(written, sum(1 for row in expected.values() if row.purchase_invoice))
        self.assertEqual(self._stored(), expected)
        self.assertEqual(dict(frappe.db.sql(
            f"select name, modified from `tab{INWARD_SUPPLY}` where company_gstin = %s", self.gstin
        )), modified)
        self.assertEqual(self._reconcile().counts["records_updated"], 0)

    def test_export_shows_the_stored_figures_and_reads_an_invoice_linked_since(self):
        apply_records(self.company, self.gstin, self.month.ims_records)
        self._reconcile()
        stored = self._stored()
        unlinked = next(name for name, row in stored.items() if not row.purchase_invoice)
        # A record linked by hand since the reconciliation: its stored figures are none of its link's.
        invoice = next(row.purchase_invoice for row in stored.values() if row.purchase_invoice)
        frappe.db.set_value(INWARD_SUPPLY, unlinked, "purchase_invoice", invoice)
        tool_api.export_documents(self.gstin, helpers.PERIOD)
        sheet = load_workbook(BytesIO(frappe.response["filecontent"]))["Documents"]
        header = [cell.value for cell in sheet[1]]
        rows = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)][:-1]
        self.assertEqual(len(rows), len(stored))
        linked = sorted({row["Purchase Invoice"] for row in rows if row["Purchase Invoice"]})
        documents = {d.name: d for d in purchases.load(self.gstin, names=linked)}
        self.assertEqual(set(documents), set(linked))
        self.assertGreater(sum(1 for row in rows if row["Purchase Invoice"] == invoice), 1)
        for row in rows:
            if not row["Purchase Invoice"]:
                self.assertIsNone(row["Books Taxable"])
                continue
            document = documents[row["Purchase Invoice"]]
            amounts = books_amounts(document)
            self.assertEqual(row["Bill No"] or "", document.bill_no)
            self.assertEqual(row["Bill Date"].date(), document.bill_date)
            self.assertAlmostEqual(row["Books Taxable"], amounts.taxable_value / 100, places=2)
            self.assertAlmostEqual(row["Books Total Tax"], amounts.total_tax / 100, places=2)
        summary = [[cell.value for cell in row] for row in
                   load_workbook(BytesIO(frappe.response["filecontent"]))["Summary"].iter_rows()]
        self.assertIn("as of the last reconciliation", str(summary))
