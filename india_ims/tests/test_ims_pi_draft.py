"""A draft Purchase Invoice made from an IMS record (Missing in PI): a supplier's number that Frappe's
markup filter would change (Frappe 16 empties ``<script>..</script>``), and a user holding only the
Accounts Manager role, who may read only the Addresses they made."""

import frappe

from india_ims.ims import api, pi_create, pi_links, reconcile
from india_ims.ims.constants import INWARD_SUPPLY, PI_DRAFTED_FROM, PI_MATCH_STATUS
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

MANAGER = "ims.pi.manager@example.com"
MARKUP = "<script>alert(1)</script>/7"


class TestDraftPurchaseInvoice(MonthCase):
    MONTH = {"records": 40, "seed": 71}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        helpers.user(MANAGER, ["Accounts Manager"], cls.company)

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        helpers.clear(self.gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        reconcile.reconcile(self.company, self.gstin, helpers.PERIOD)
        self.name = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "match_status": "Missing in PI", "section": "b2b"},
            pluck="name",
            limit=1,
        )[0]
        self.record = frappe.db.get_value(INWARD_SUPPLY, self.name, "*", as_dict=True)
        self.supplier = pi_create.create_supplier(self.name)
        frappe.db.commit()

    def tearDown(self):
        frappe.set_user("Administrator")
        for invoice in frappe.get_all("Purchase Invoice", filters={"supplier": self.supplier}, pluck="name"):
            doc = frappe.get_doc("Purchase Invoice", invoice)
            if doc.docstatus == 1:
                doc.cancel()
            frappe.delete_doc("Purchase Invoice", invoice, force=True)
        for address in frappe.get_all(
            "Dynamic Link", filters={"link_name": self.supplier, "parenttype": "Address"}, pluck="parent"
        ):
            frappe.delete_doc("Address", address, force=True)
        frappe.delete_doc("Supplier", self.supplier, force=True)
        helpers.clear(self.gstin)
        frappe.db.commit()

    def _address(self, owner="Administrator"):
        doc = frappe.get_doc(
            {
                "doctype": "Address",
                "address_title": self.supplier,
                "address_type": "Billing",
                "address_line1": "1 Market Road",
                "city": "Pune",
                "state": "Maharashtra",
                "pincode": "411001",
                "country": "India",
                "is_primary_address": 1,
                "links": [{"link_doctype": "Supplier", "link_name": self.supplier}],
            }
        )
        if doc.meta.has_field("gstin"):
            doc.gstin = self.record.supplier_gstin
            doc.gst_category = "Registered Regular"
        frappe.set_user(owner)
        try:
            doc.insert(ignore_permissions=True)
        finally:
            frappe.set_user("Administrator")
        frappe.db.commit()
        return doc.name

    def _draft(self, user="Administrator"):
        frappe.set_user(user)
        try:
            return api.create_draft_purchase_invoice(self.name)
        finally:
            frappe.set_user("Administrator")

    def test_a_site_set_up_in_dollars_drafts_the_rupee_record_in_rupees(self):
        # ERPNext's own test set-up (and a wizard run in another currency) leaves a USD default and
        # a USD buying price list: the draft took that currency and was refused for want of a rate.
        price_list = frappe.db.get_single_value("Buying Settings", "buying_price_list")
        before = frappe.db.get_default("currency"), price_list and frappe.db.get_value(
            "Price List", price_list, "currency"
        )
        frappe.db.set_default("currency", "USD")
        if price_list:
            frappe.db.set_value("Price List", price_list, "currency", "USD")
        try:
            doc = pi_create.build(self.name, pi_create._addresses(self.record, self.supplier))
        finally:
            frappe.db.set_default("currency", before[0])
            if price_list:
                frappe.db.set_value("Price List", price_list, "currency", before[1])
            frappe.db.commit()
        self.assertEqual((doc.currency, doc.conversion_rate), ("INR", 1))
        self.assertAlmostEqual(doc.base_net_total, float(self.record.taxable_value), places=2)

    def test_the_draft_takes_a_rupee_buying_list_where_the_default_is_in_dollars(self):
        price_list = frappe.db.get_single_value("Buying Settings", "buying_price_list")
        if not price_list:
            self.skipTest("no default buying price list on this site")
        before = frappe.db.get_value("Price List", price_list, "currency")
        frappe.db.set_value("Price List", price_list, "currency", "USD")
        rupees = frappe.db.get_value("Price List", {"buying": 1, "enabled": 1, "currency": "INR"}, "name")
        made = None
        if not rupees:
            made = rupees = frappe.get_doc(
                {"doctype": "Price List", "price_list_name": "IMS Test Buying INR", "currency": "INR",
                 "buying": 1, "enabled": 1}
            ).insert(ignore_permissions=True).name
        try:
            doc = pi_create.build(self.name, pi_create._addresses(self.record, self.supplier))
            self.assertEqual(frappe.db.get_value("Price List", doc.buying_price_list, "currency"), "INR")
            # no list in rupees: ERPNext's own choice stands (it asks for the rate, as for the user)
            frappe.db.set_value("Price List", rupees, "enabled", 0)
            rupee_lists = {"buying": 1, "enabled": 1, "currency": "INR"}
            for name in frappe.get_all("Price List", rupee_lists, pluck="name"):
                frappe.db.set_value("Price List", name, "enabled", 0)
            self.assertEqual(pi_create._rupee_price_list(self.supplier), price_list)
        finally:
            frappe.db.rollback()
            if made:
                frappe.delete_doc("Price List", made, force=True)
            frappe.db.set_value("Price List", price_list, "currency", before)
            frappe.db.commit()

    def test_a_draft_erpnext_refuses_comes_back_as_a_mapped_form_with_its_taxes(self):
        # ERPNext refuses every bill of a supplier on hold: the filled form comes back unsaved, marked
        # as Frappe's mapper marks a mapped document, so the Desk keeps its figures as given.
        frappe.db.set_value("Supplier", self.supplier, {"on_hold": 1, "hold_type": "Invoices"})
        result = self._draft()
        self.assertIn("unsaved", result, result)
        form = result["unsaved"]
        self.assertTrue(form["__onload"]["load_after_mapping"])
        self.assertEqual((form["name"], form["__islocal"], form["currency"]), (None, 1, "INR"))
        rows = form["items"] + form["taxes"]
        self.assertTrue(all(row["name"] is None and row["__islocal"] for row in rows))
        tax = sum(float(self.record[head]) for head in ("igst", "cgst", "sgst", "cess"))
        self.assertAlmostEqual(sum(row["tax_amount"] for row in form["taxes"]), tax, places=2)

    # bill number

    def test_a_number_frappe_would_change_is_written_with_angle_quotes(self):
        self.assertEqual(pi_create.bill_number(MARKUP), "\u2039script\u203aalert(1)\u2039/script\u203a/7")
        self.assertEqual(
            pi_create.bill_number("<img src=x onerror=f()>1"), "\u2039img src=x onerror=f()\u203a1"
        )

    def test_a_number_frappe_leaves_alone_is_kept_exactly(self):
        # markup Frappe allows is kept too: the draft carries what the supplier wrote
        for number in ("INV/25-26/104", "A<1>", "5 > 4", "X<>Y", "<b>INV</b>-1"):
            self.assertEqual(pi_create.bill_number(number), number)

    def test_a_draft_of_a_number_with_markup_says_so_and_pairs_with_its_record_on_submit(self):
        frappe.db.set_value(INWARD_SUPPLY, self.name, "document_number", MARKUP)
        frappe.db.commit()
        result = self._draft()
        expected = pi_create.bill_number(MARKUP)
        self.assertEqual(len(result["notes"]), 1)
        self.assertIn("&lt;script&gt;", result["notes"][0])  # the number is shown, escaped
        self.assertNotIn("<script>", result["notes"][0])
        if "unsaved" in result:
            # India Compliance wants the company's address first: the form carries number and link
            self.assertEqual(result["unsaved"]["bill_no"], expected)
            self.assertEqual(result["unsaved"][PI_DRAFTED_FROM], self.name)
            return
        doc = frappe.get_doc("Purchase Invoice", result["name"])
        self.assertEqual(doc.bill_no, expected)  # saved through Frappe's filter unchanged
        self.assertEqual(doc.get(PI_DRAFTED_FROM), self.name)
        doc.submit()
        linked = frappe.db.get_value(
            INWARD_SUPPLY, self.name, ["purchase_invoice", "match_status"], as_dict=True
        )
        self.assertEqual(linked.purchase_invoice, doc.name)
        self.assertEqual(linked.match_status, "Manual Match")
        # and the invoice's own links say so, for its form and the next reconciliation
        self.assertEqual(
            (pi_links.get(doc.name), pi_links.get(doc.name, PI_MATCH_STATUS)), (self.name, "Manual Match")
        )
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, self.name, "document_number"), MARKUP)

    def test_a_draft_with_the_suppliers_own_number_is_left_to_the_reconciliation(self):
        result = self._draft()
        self.assertEqual(result["notes"], [])
        if "unsaved" in result:
            self.assertEqual(result["unsaved"]["bill_no"], self.record.document_number)
            return
        doc = frappe.get_doc("Purchase Invoice", result["name"])
        self.assertEqual(doc.bill_no, self.record.document_number)
        doc.submit()
        self.assertFalse(frappe.db.get_value(INWARD_SUPPLY, self.name, "purchase_invoice"))

    # Accounts Manager alone

    def test_an_accounts_manager_drafts_for_a_supplier_without_an_address(self):
        result = self._draft(MANAGER)
        self.assertTrue(result.get("name") or result.get("unsaved"), result)

    def test_an_accounts_manager_gets_words_not_a_403_for_an_address_they_may_not_read(self):
        self._address(owner="Administrator")
        result = self._draft(MANAGER)
        self.assertIn("Accounts User or Purchase User", result["refused"])
        self.assertFalse(frappe.get_all("Purchase Invoice", filters={"supplier": self.supplier}))

    def test_an_accounts_manager_drafts_with_an_address_they_may_read(self):
        address = self._address(owner=MANAGER)
        result = self._draft(MANAGER)
        self.assertNotIn("refused", result)
        if "unsaved" in result:
            self.assertEqual(result["unsaved"]["supplier_address"], address)
            return
        self.assertEqual(frappe.db.get_value("Purchase Invoice", result["name"], "supplier_address"), address)
