"""Follow-up e-mails in a bench (queued in the Email Queue, nothing leaves) to customers about our sales
and to suppliers about theirs, who may see and who may send, and the supplier view's export."""

from datetime import timedelta
from io import BytesIO

import frappe

from india_ims.gst_india.documents import Action
from india_ims.ims import clock, jobs
from india_ims.ims.constants import KIND_FOLLOW_UP, SYNC_LOG
from india_ims.ims.outward import api, followup
from india_ims.ims.outward.store import OUTWARD_SUPPLY
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase
from india_ims.tests.supplier_view_case import (
    CUSTOMER_GSTIN,
    OURS,
    SupplierViewCase,
)


class TestImsFollowUpCustomers(SupplierViewCase):
    # ---------------------------------------------------------------- follow-up e-mails

    def test_follow_up_queues_one_email_per_customer_with_its_documents_and_lists_those_without_address(self):
        self.act("IMS Test Customer A", self.inv1, Action.REJECT)
        self.act("IMS Test Customer A", self.inv2, Action.PENDING)
        # a sale the books do not have: its party is found by the customer's Tax ID (or GSTIN field)
        self.act("IMS Test Customer B", "OLD-17", Action.REJECT)
        frappe.db.set_value(
            "Customer", "IMS Test Customer B", "tax_id", CUSTOMER_GSTIN["IMS Test Customer B"]
        )
        self.download()
        preview = api.preview_follow_up(OURS, helpers.PERIOD, "customers")
        self.assertTrue(preview["outgoing_account"])
        letters = {x["party"]: x for x in preview["letters"]}
        self.assertEqual(letters["IMS Test Customer A"]["email"], "a@customer-a.invalid")
        self.assertEqual(letters["IMS Test Customer B"]["email"], "")  # listed, not dropped
        self.assertIn("OLD-17", letters["IMS Test Customer B"]["body"])
        self.assertEqual(
            frappe.db.count("Email Queue", {"reference_doctype": "Customer"}), 0
        )  # preview sends nothing
        log = helpers.new_log(KIND_FOLLOW_UP, OURS, self.company)
        outcome = jobs.run_follow_up_emails(
            log, OURS, helpers.PERIOD, side="customers", parties=list(CUSTOMER_GSTIN.values())
        )
        self.assertIn("no e-mail address for 1: IMS Test Customer B", outcome.message)
        queued = frappe.get_all(
            "Email Queue",
            {"reference_doctype": "Customer"},
            ["name", "reference_name", "status", "communication"],
        )
        self.assertEqual(
            [(q.reference_name, q.status) for q in queued], [("IMS Test Customer A", "Not Sent")]
        )
        # what was queued is the Communication's text (the queued MIME message wraps its lines)
        message = frappe.db.get_value("Communication", queued[0].communication, "content")
        self.assertIn(self.inv1, message)
        self.assertIn(self.inv2, message)
        self.assertNotIn("OLD-17", message)
        self.assertIn("was rejected by you in IMS", message)
        recipients = frappe.get_all("Email Queue Recipient", {"parent": queued[0].name}, pluck="recipient")
        self.assertEqual(recipients, ["a@customer-a.invalid"])
        names = frappe.get_all(
            OUTWARD_SUPPLY,
            {"document_number": ("in", [self.inv1, self.inv2]), "company_gstin": OURS},
            pluck="name",
        )
        links = frappe.get_all(
            "Communication Link",
            {"link_doctype": OUTWARD_SUPPLY, "link_name": ("in", names)},
            pluck="link_name",
        )
        self.assertEqual(sorted(links), sorted(names))

    def test_rule_resend_after_days_a_second_letter_needs_send_again_and_the_preview_says_when(self):
        self.act("IMS Test Customer A", self.inv1, Action.REJECT)
        self.download()
        party = [CUSTOMER_GSTIN["IMS Test Customer A"]]
        log = helpers.new_log(KIND_FOLLOW_UP, OURS, self.company)
        jobs.run_follow_up_emails(log, OURS, helpers.PERIOD, side="customers", parties=party)
        self.assertEqual(frappe.db.count("Email Queue", {"reference_doctype": "Customer"}), 1)
        [letter] = [
            x for x in api.preview_follow_up(OURS, helpers.PERIOD, "customers")["letters"] if x["email"]
        ]
        self.assertTrue(letter["repeat"])
        self.assertTrue(letter["last_sent"])
        manager = helpers.user("ims-sv-manager@example.com", ["Accounts Manager"], self.company)
        frappe.set_user(manager)
        try:
            with self.assertRaisesRegex(frappe.ValidationError, "already written to IMS Test Customer A"):
                api.send_follow_up(OURS, helpers.PERIOD, "customers", party)
            result = api.send_follow_up(OURS, helpers.PERIOD, "customers", party, send_again=1)
        finally:
            frappe.set_user("Administrator")
        self.assertFalse(result["already_queued"])
        self.assertTrue(self.enqueued.call_args.kwargs["send_again"])
        # the job itself refuses a repeat it was not told to send (two requests racing)
        again = jobs.run_follow_up_emails(
            helpers.new_log(KIND_FOLLOW_UP, OURS, self.company),
            OURS,
            helpers.PERIOD,
            side="customers",
            parties=party,
        )
        self.assertIn("not sent again within 7 days: IMS Test Customer A", again.message)
        self.assertEqual(frappe.db.count("Email Queue", {"reference_doctype": "Customer"}), 1)
        # a week later the letter may go again without asking
        week_ago = clock.today() - timedelta(days=7)
        frappe.db.sql(
            "update `tabCommunication` set creation = %s where subject like %s", (week_ago, "%in your IMS%")
        )
        [letter] = [
            x for x in api.preview_follow_up(OURS, helpers.PERIOD, "customers")["letters"] if x["email"]
        ]
        self.assertFalse(letter["repeat"])
        self.assertTrue(letter["last_sent"].startswith(week_ago.strftime("%d-%m-%Y")))

    def test_template_values_are_escaped(self):
        self.download()
        letter = followup.core.Letter(
            "<b>Evil</b>",
            CUSTOMER_GSTIN["IMS Test Customer A"],
            "x@y.invalid",
            [{"text": "<script>alert(1)</script>", "record": "r", "record_doctype": "x"}],
        )
        _subject, body = followup.render(OURS, helpers.PERIOD, "customers", letter)
        self.assertNotIn("<script>", body)
        self.assertIn("&lt;script&gt;", body)
        self.assertIn("&lt;b&gt;Evil", body)

    # ---------------------------------------------------------------- permissions and export

    def test_an_accounts_user_sees_the_view_but_only_a_manager_sends(self):
        self.act("IMS Test Customer A", self.inv1, Action.REJECT)
        self.download()
        viewer = helpers.user("ims-sv-user@example.com", ["Accounts User"], self.company)
        manager = helpers.user("ims-sv-manager@example.com", ["Accounts Manager"], self.company)
        frappe.set_user(viewer)
        try:
            summary = api.get_summary(OURS, helpers.PERIOD)
            self.assertEqual(sum(r.documents for r in summary["by_customer"]), 5)
            self.assertEqual(len(api.get_documents(OURS, helpers.PERIOD)["rows"]), 5)
            api.preview_follow_up(OURS, helpers.PERIOD, "customers")
            queued = api.download_supplier_view(OURS, helpers.PERIOD)
            self.assertEqual(queued["job_id"], f"india_ims::supplier-view::{OURS}::{helpers.PERIOD}")
            kwargs = self.enqueued.call_args.kwargs
            self.assertEqual((kwargs["queue"], kwargs["deduplicate"]), ("long", True))
            with self.assertRaises(frappe.PermissionError):
                api.send_follow_up(OURS, helpers.PERIOD, "customers", [CUSTOMER_GSTIN["IMS Test Customer A"]])
            frappe.set_user(manager)
            result = api.send_follow_up(
                OURS, helpers.PERIOD, "customers", [CUSTOMER_GSTIN["IMS Test Customer A"]]
            )
            self.assertFalse(result["already_queued"])
            self.assertIn("india_ims.ims.jobs.run_follow_up_emails", self.queued_methods())
            with self.assertRaises(frappe.ValidationError):
                api.send_follow_up(OURS, helpers.PERIOD, "vendors", ["x"])
            with self.assertRaises(frappe.ValidationError):
                api.get_documents(OURS, "13-2026")
        finally:
            frappe.set_user("Administrator")

    def test_follow_ups_to_customers_and_to_suppliers_are_separate_jobs(self):
        """Job id per kind + side + GSTIN + period: queuing the suppliers' letters leaves the customers'
        job queued (one shared id made the second look like the first one's lost job)."""
        self.download()
        manager = helpers.user("ims-sv-manager@example.com", ["Accounts Manager"], self.company)
        frappe.set_user(manager)
        try:
            party = [CUSTOMER_GSTIN["IMS Test Customer A"]]
            customers = api.send_follow_up(OURS, helpers.PERIOD, "customers", party)
            suppliers = api.send_follow_up(OURS, helpers.PERIOD, "suppliers", party)
        finally:
            frappe.set_user("Administrator")
        self.assertEqual(
            customers["job_id"], f"india_ims::follow-up-emails::customers::{OURS}::{helpers.PERIOD}"
        )
        self.assertEqual(
            suppliers["job_id"], f"india_ims::follow-up-emails::suppliers::{OURS}::{helpers.PERIOD}"
        )
        self.assertNotEqual(customers["sync_log"], suppliers["sync_log"])
        self.assertEqual(frappe.db.get_value(SYNC_LOG, customers["sync_log"], "status"), "Queued")
        ids = [c.kwargs.get("job_id") for c in self.enqueued.call_args_list]
        self.assertIn(customers["job_id"], ids)
        self.assertIn(suppliers["job_id"], ids)

    def test_export_writes_text_as_text(self):
        self.download()
        name = frappe.get_all(OUTWARD_SUPPLY, {"company_gstin": OURS}, pluck="name")[0]
        frappe.db.set_value(OUTWARD_SUPPLY, name, "remarks", '=HYPERLINK("http://x")')
        frappe.db.commit()
        api.export_supplier_view(OURS, helpers.PERIOD)
        from openpyxl import load_workbook

        sheet = load_workbook(BytesIO(frappe.response["filecontent"])).active
        values = [cell.value for row in sheet.iter_rows(min_row=2) for cell in row]
        self.assertIn('=HYPERLINK("http://x")', values)
        self.assertTrue(all(c.data_type != "f" for row in sheet.iter_rows() for c in row))


class TestImsFollowUpSuppliers(BaseTestCase):
    """The recipient side: suppliers whose documents we rejected, keep pending, or that differ from
    our books."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        from india_ims.ims.download import apply_records

        cls.company = helpers.company()
        cls.month = helpers.month(records=30, seed=61)
        cls.gstin = cls.month.recipient_gstin
        helpers.register(cls.company, cls.gstin)
        helpers.clear(cls.gstin)
        apply_records(cls.company, cls.gstin, cls.month.ims_records)
        supplier_with_mail()
        frappe.db.commit()

    @classmethod
    def tearDownClass(cls):
        helpers.clear(cls.gstin)
        super().tearDownClass()

    def test_suppliers_get_their_rejected_and_mismatched_documents_in_words(self):
        from india_ims.ims.constants import INWARD_SUPPLY

        rows = frappe.get_all(
            INWARD_SUPPLY,
            {"company_gstin": self.gstin, "supplier_return_period": helpers.PERIOD},
            ["name", "supplier_gstin", "document_number"],
            order_by="name",
        )
        by_supplier = {}
        for row in rows:
            by_supplier.setdefault(row.supplier_gstin, []).append(row)
        (first, first_rows), (second, second_rows) = list(by_supplier.items())[:2]
        frappe.db.sql(
            f"update `tab{INWARD_SUPPLY}` set action = 'No Action', match_status = 'Exact Match' "
            "where company_gstin = %s",
            self.gstin,
        )
        frappe.db.set_value(INWARD_SUPPLY, first_rows[0].name, {"action": "Rejected"})
        frappe.db.set_value(
            INWARD_SUPPLY,
            first_rows[1].name,
            {"match_status": "Mismatch", "match_reason": "taxable value differs by ₹10.00"},
        )
        frappe.db.set_value(INWARD_SUPPLY, second_rows[0].name, {"action": "Pending"})
        frappe.db.sql(
            f"update `tab{INWARD_SUPPLY}` set supplier_name = %s "
            "where supplier_gstin = %s and company_gstin = %s",
            ("IMS Test Supplier With Mail", first, self.gstin),
        )
        # a bill in our books the supplier never reported: Missing in IMS after the reconciliation
        from india_ims.ims import pi_links
        from india_ims.ims.constants import PI_MATCH_STATUS, PI_PERIOD
        from india_ims.ims.purchases import field_map as purchase_fields
        from india_ims.tests.test_ims_purchase_events import _invoice, _masters

        _masters(self.company)
        bill = _invoice(self.company, "IMS-FUP-MISSING-1")
        fields = purchase_fields()
        frappe.db.set_value(
            "Purchase Invoice", bill, {fields["company_gstin"]: self.gstin, fields["supplier_gstin"]: second}
        )
        pi_links.update(bill, {PI_MATCH_STATUS: "Missing in IMS", PI_PERIOD: helpers.PERIOD})
        frappe.db.commit()
        preview = api.preview_follow_up(self.gstin, helpers.PERIOD, "suppliers")
        letters = {x["party_gstin"]: x for x in preview["letters"]}
        self.assertEqual(set(letters), {first, second})
        self.assertEqual(letters[first]["email"], "gst@supplier.invalid")
        self.assertEqual(letters[first]["documents"], 2)
        self.assertIn("was rejected by us in IMS", letters[first]["body"])
        self.assertIn(
            "differs from what you reported (taxable value differs by ₹10.00)", letters[first]["body"]
        )
        self.assertEqual(letters[second]["email"], "")
        self.assertIn("is kept pending by us in IMS", letters[second]["body"])
        # the missing bill joins its supplier's letter (same GSTIN)
        self.assertIn("IMS-FUP-MISSING-1", letters[second]["body"])
        self.assertIn("is in our books but not in IMS: please report it", letters[second]["body"])
        frappe.get_doc("Purchase Invoice", bill).cancel()
        frappe.db.commit()


SUPPLIER_WITH_MAIL = "IMS Test Supplier With Mail"


def supplier_with_mail() -> str:
    """A Supplier whose Contact has an e-mail address (gst@supplier.invalid)."""
    if not frappe.db.exists("Supplier", SUPPLIER_WITH_MAIL):
        group = frappe.db.get_value("Supplier Group", {"is_group": 0}, "name")
        frappe.get_doc(
            {
                "doctype": "Supplier",
                "supplier_name": SUPPLIER_WITH_MAIL,
                "supplier_group": group,
                "gst_category": "Unregistered",
            }
        ).insert(ignore_permissions=True)
        contact = frappe.get_doc({"doctype": "Contact", "first_name": "Supplier With Mail"})
        contact.append("email_ids", {"email_id": "gst@supplier.invalid", "is_primary": 1})
        contact.append("links", {"link_doctype": "Supplier", "link_name": SUPPLIER_WITH_MAIL})
        contact.insert(ignore_permissions=True)
    return SUPPLIER_WITH_MAIL
