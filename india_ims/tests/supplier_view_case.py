"""The supplier view's bench fixtures: our company with its GSTIN, two customers, Sales Invoices made
through ERPNext, the recipients' IMS in the sandbox, and a case class that downloads it."""

from datetime import timedelta

import frappe

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, Section
from india_ims.gst_india.gstin import check_character
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gstn.sandbox.supplier import SupplierSide
from india_ims.ims import clock, jobs
from india_ims.ims.constants import KIND_SUPPLIER_VIEW, SYNC_LOG
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


class SupplierViewCase(BaseTestCase):
    """Sales made through ERPNext once per class; each test starts from the recipients' IMS of five sales."""

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
