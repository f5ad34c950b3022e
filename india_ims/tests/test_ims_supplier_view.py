"""Supplier view in a bench: our sales with the recipients' actions downloaded from the sandbox, paired
with Sales Invoices made through ERPNext, added-back liabilities (FAQ 34), follow-up e-mails in the
Email Queue (nothing leaves), and who may see and who may send."""

from dataclasses import replace
from datetime import timedelta
from io import BytesIO

import frappe

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, Section
from india_ims.gst_india.gstin import check_character
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gstn.sandbox.supplier import SupplierSide
from india_ims.ims import clock, jobs
from india_ims.ims.constants import KIND_FOLLOW_UP, KIND_SUPPLIER_VIEW, SETTINGS, SYNC_LOG
from india_ims.ims.outward import api, followup
from india_ims.ims.outward.sales import field_map
from india_ims.ims.outward.store import ADDED_BACK, OUTWARD_SUPPLY
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

ITEM = "IMS Test Service"
PRICE_LIST = "IMS Test Selling INR"
EMAIL_ACCOUNT = "IMS Test Outgoing"
CUSTOMERS = {"IMS Test Customer A": "a@customer-a.invalid", "IMS Test Customer B": None}


def gstin(state: str, pan: str) -> str:
    first = f"{state}{pan}1Z"
    return first + check_character(first)


OURS = gstin("27", "AAACI1234K")
CUSTOMER_GSTIN = {
    "IMS Test Customer A": gstin("29", "AABCA1111A"),
    "IMS Test Customer B": gstin("33", "AABCB2222B"),
}


def _masters() -> None:
    if not frappe.db.exists("Price List", PRICE_LIST):
        frappe.get_doc(
            {
                "doctype": "Price List",
                "price_list_name": PRICE_LIST,
                "currency": "INR",
                "selling": 1,
                "enabled": 1,
            }
        ).insert(ignore_permissions=True)
    if not frappe.db.exists("Item", ITEM):
        if frappe.get_meta("Item").has_field("gst_hsn_code") and not frappe.db.exists(
            "GST HSN Code", "998311"
        ):
            frappe.get_doc(
                {"doctype": "GST HSN Code", "hsn_code": "998311", "description": "Management consulting"}
            ).insert(ignore_permissions=True)
        group = frappe.db.get_value("Item Group", {"is_group": 0}, "name") or "All Item Groups"
        frappe.get_doc(
            {
                "doctype": "Item",
                "item_code": ITEM,
                "item_group": group,
                "is_stock_item": 0,
                "stock_uom": "Nos",
                "gst_hsn_code": "998311",
            }
        ).insert(ignore_permissions=True)
    group = frappe.db.get_value("Customer Group", {"is_group": 0}, "name")
    territory = frappe.db.get_value("Territory", {"is_group": 0}, "name") or "All Territories"
    for name, email in CUSTOMERS.items():
        if frappe.db.exists("Customer", name):
            continue
        frappe.get_doc(
            {
                "doctype": "Customer",
                "customer_name": name,
                "customer_group": group,
                "territory": territory,
                "gst_category": "Unregistered",
            }
        ).insert(ignore_permissions=True)
        if email:
            contact = frappe.get_doc({"doctype": "Contact", "first_name": name, "is_primary_contact": 1})
            contact.append("email_ids", {"email_id": email, "is_primary": 1})
            contact.append("links", {"link_doctype": "Customer", "link_name": name})
            contact.insert(ignore_permissions=True)
    if not frappe.db.exists("Email Account", EMAIL_ACCOUNT):
        frappe.get_doc(
            {
                "doctype": "Email Account",
                "email_account_name": EMAIL_ACCOUNT,
                "email_id": "ims@company.invalid",
                "enable_outgoing": 1,
                "default_outgoing": 1,
                "smtp_server": "127.0.0.1",
                "no_smtp_authentication": 1,
            }
        ).insert(ignore_permissions=True)
    frappe.db.commit()


def sales_invoice(company: str, customer: str, day, rate: float, *, return_against: str | None = None) -> str:
    """A Sales Invoice through ERPNext (submitted), then given the GSTINs the loader reads."""
    if return_against:
        from erpnext.controllers.sales_and_purchase_return import make_return_doc

        doc = make_return_doc("Sales Invoice", return_against)
        doc.posting_date, doc.set_posting_time = day, 1
        # India Compliance wants a company address on a return; this company has none (the GSTINs the
        # loader reads are set below)
        doc.flags.ignore_mandatory = True
    else:
        doc = frappe.get_doc(
            {
                "doctype": "Sales Invoice",
                "company": company,
                "customer": customer,
                "posting_date": day,
                "due_date": day,
                "set_posting_time": 1,
                "currency": "INR",
                "conversion_rate": 1,
                "selling_price_list": PRICE_LIST,
                "items": [{"item_code": ITEM, "qty": 1, "rate": rate}],
            }
        )
    doc.insert(ignore_permissions=True)
    doc.submit()
    fields = field_map()
    frappe.db.set_value(
        "Sales Invoice",
        doc.name,
        {fields["company_gstin"]: OURS, fields["customer_gstin"]: CUSTOMER_GSTIN[customer]},
    )
    frappe.db.commit()
    return doc.name


def reported(number: str, day, taxable_rupees: int, section=Section.B2B, customer="IMS Test Customer A"):
    """Our sale as the recipient's IMS holds it (the recipient's portal in the sandbox)."""
    value = taxable_rupees * 100
    return CUSTOMER_GSTIN[customer], ImsRecord(
        section=section,
        supplier_gstin=OURS,
        document_number=number,
        document_date=day,
        supplier_return_period=helpers.PERIOD,
        document_value=value,
        amounts=Amounts(value),
        place_of_supply=CUSTOMER_GSTIN[customer][:2],
    )


class TestImsSupplierView(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        helpers.register(cls.company, OURS)
        _masters()
        # Invoices of earlier runs stay in the books: take them out of this GSTIN so each run pairs its own.
        column = field_map()["company_gstin"]
        frappe.db.sql(f"update `tabSales Invoice` set `{column}` = '' where `{column}` = %s", OURS)
        day = ReturnPeriod.parse(helpers.PERIOD).first_day + timedelta(days=4)
        cls.day = day
        a, b = "IMS Test Customer A", "IMS Test Customer B"
        cls.inv1 = sales_invoice(cls.company, a, day, 1000)
        cls.inv2 = sales_invoice(cls.company, a, day + timedelta(days=1), 2000)
        cls.inv3 = sales_invoice(cls.company, b, day + timedelta(days=2), 3000)
        cls.unreported = sales_invoice(cls.company, b, day + timedelta(days=3), 400)
        cls.note = sales_invoice(cls.company, a, day + timedelta(days=5), 0, return_against=cls.inv2)

    def setUp(self):
        super().setUp()
        self._clear()
        # Recipients' IMS: inv1 exact, inv2 reported 50 more (mismatch), inv3 exact, a credit note
        # against inv2, and one sale the books do not have.
        sales = [
            reported(self.inv1, self.day, 1000),
            reported(self.inv2, self.day + timedelta(days=1), 2050),
            reported(self.inv3, self.day + timedelta(days=2), 3000, customer="IMS Test Customer B"),
            reported(self.note, self.day + timedelta(days=5), 2000, section=Section.B2BCN),
            reported("OLD-17", self.day, 700, customer="IMS Test Customer B"),
        ]
        self.side = SupplierSide(OURS, helpers.PERIOD, clock.today())
        for customer_gstin in sorted({g for g, _ in sales}):
            self.side.add_recipient(customer_gstin, [r for g, r in sales if g == customer_gstin])
        self.records = dict(sales)

    def tearDown(self):
        self._clear()

    def _clear(self):
        for doctype in (OUTWARD_SUPPLY, ADDED_BACK, SYNC_LOG):
            frappe.db.delete(doctype, {"company_gstin": OURS})
        frappe.db.delete("Email Queue", {"reference_doctype": ("in", ("Customer", OUTWARD_SUPPLY))})
        frappe.db.delete("Communication", {"subject": ("like", "%in your IMS%")})
        frappe.db.commit()

    def act(self, customer: str, number: str, action: Action) -> None:
        gstin_ = CUSTOMER_GSTIN[customer]
        key = next(
            k for k, s in self.side.recipients[gstin_].states.items() if s.record.document_number == number
        )
        self.assertEqual(self.side.recipient_acts(gstin_, key, action), "P")

    def download(self, period: str = helpers.PERIOD):
        from india_ims.gstn.client import GstnClient
        from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal

        portal = make_portal([], gstin=OURS, period=helpers.PERIOD, today=clock.today())
        with SandboxServer(portal, supplier=self.side) as server:
            client = GstnClient(server.client_settings())
            client.request_otp()
            client.login(TEST_OTP)
            log = helpers.new_log(KIND_SUPPLIER_VIEW, OURS, self.company, period)
            outcome = jobs.run_supplier_view(log, OURS, period, gstn=client)
        self.assertEqual(frappe.db.get_value(SYNC_LOG, log, "status"), "Completed", outcome.message)
        return outcome

    def rows(self) -> dict:
        fields = [
            "document_number",
            "recipient_action",
            "sales_invoice",
            "match_status",
            "match_reason",
            "adds_back",
            "customer",
            "modified",
        ]
        return {r.document_number: r for r in frappe.get_all(OUTWARD_SUPPLY, {"company_gstin": OURS}, fields)}

    # ---------------------------------------------------------------- download

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

    def test_the_daily_schedule_queues_the_supplier_view_of_last_month(self):
        settings = frappe.get_single(SETTINGS)
        before = [(row.gstin, row.enabled) for row in settings.company_gstins]
        frappe.db.set_single_value(SETTINGS, "daily_download", 1)
        row = next(r for r in settings.company_gstins if r.gstin == OURS)
        frappe.db.set_value("IMS Settings GSTIN", row.name, "enabled", 1)
        frappe.clear_document_cache(SETTINGS, SETTINGS)
        logs_before = set(frappe.get_all(SYNC_LOG, pluck="name"))
        try:
            with clock.pinned(self.today):
                jobs.daily_download()
            ids = [c.kwargs.get("job_id") for c in self.enqueued.call_args_list]
            self.assertIn(jobs.job_id(KIND_SUPPLIER_VIEW, OURS, helpers.PERIOD), ids)
        finally:
            frappe.db.set_value("IMS Settings GSTIN", row.name, "enabled", dict(before)[OURS])
            # every enabled GSTIN of the site got a log whose job (mocked) never runs: left Queued,
            # they would grey out that GSTIN's GSTN menu in the IMS Tool
            made = set(frappe.get_all(SYNC_LOG, pluck="name")) - logs_before
            frappe.db.delete(SYNC_LOG, {"name": ("in", list(made) or [""])})
            frappe.db.commit()

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
        group = frappe.db.get_value("Supplier Group", {"is_group": 0}, "name")
        if not frappe.db.exists("Supplier", "IMS Test Supplier With Mail"):
            frappe.get_doc(
                {
                    "doctype": "Supplier",
                    "supplier_name": "IMS Test Supplier With Mail",
                    "supplier_group": group,
                    "gst_category": "Unregistered",
                }
            ).insert(ignore_permissions=True)
            contact = frappe.get_doc({"doctype": "Contact", "first_name": "Supplier With Mail"})
            contact.append("email_ids", {"email_id": "gst@supplier.invalid", "is_primary": 1})
            contact.append("links", {"link_doctype": "Supplier", "link_name": "IMS Test Supplier With Mail"})
            contact.insert(ignore_permissions=True)
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
        from india_ims.ims.constants import PI_MATCH_STATUS, PI_PERIOD
        from india_ims.ims.purchases import field_map as purchase_fields
        from india_ims.tests.test_ims_purchase_events import _invoice, _masters

        _masters(self.company)
        bill = _invoice(self.company, "IMS-FUP-MISSING-1")
        fields = purchase_fields()
        frappe.db.set_value(
            "Purchase Invoice",
            bill,
            {
                fields["company_gstin"]: self.gstin,
                fields["supplier_gstin"]: second,
                PI_MATCH_STATUS: "Missing in IMS",
                PI_PERIOD: helpers.PERIOD,
            },
        )
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
