"""GSTR-2B & 3B Preview in a bench, the cases apart from the month's own download and close
(``test_ims_returns``): a quarterly filer's first two months, an amendment of an earlier period's
invoice, the filing ticked on the IMS Return Period form, and the register's export of a hostile
number. Each pins today as ``ReturnsCase`` does."""

from dataclasses import replace
from datetime import date
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Section
from india_ims.gst_india.returns import Block
from india_ims.gst_india.returns.compare import block_nets
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import INWARD_SUPPLY, RETURN_PERIOD
from india_ims.ims.returns import api, preview
from india_ims.ims.returns import scope as scopes
from india_ims.ims.upload import ensure_return_period
from india_ims.tests import helpers
from india_ims.tests.test_ims_returns import (
    HAND,
    HAND_GSTIN,
    NEXT,
    PERIOD,
    TODAY,
    ReturnsCase,
    _record,
    sandbox_at,
)


class TestQuarterlyFiler(ReturnsCase):
    gstin = "24AAACQ5803R1Z4"

    def test_months_one_and_two_show_the_quarters_gstr2bq_and_say_why(self):
        frappe.db.set_value("IMS Settings GSTIN", {"gstin": self.gstin}, "quarterly_filer", 1)
        frappe.clear_document_cache("IMS Settings", "IMS Settings")
        self.addCleanup(
            frappe.db.set_value, "IMS Settings GSTIN", {"gstin": self.gstin}, "quarterly_filer", 0
        )
        with sandbox_at(HAND, self.gstin, PERIOD, TODAY, quarterly=True) as (_server, client):
            self.download_ims(client)
        # October is month 1 of the October-December quarter: its records sit in the 2BQ of December.
        self.assertEqual(
            set(frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="gstr2b_period")),
            {"122026"},
        )
        result = api.get_comparison(self.gstin, PERIOD)
        self.assertEqual((result["period"], result["quarterly"]), ("122026", True))
        self.assertIn("not generated for Oct 2026", result["quarter_month"]["message"])
        self.assertEqual(result["quarter_month"]["quarter_period"], "122026")
        self.assertTrue(any("14 Jan 2027" in w for w in result["words"]), result["words"])
        rows = {row["row"]: row["local"] for row in result["table4"]}
        self.assertEqual(rows["4A(5)"]["igst"], 18900.0)
        # December itself is the quarter: no "month 1 or 2" message.
        self.assertIsNone(api.get_comparison(self.gstin, "122026")["quarter_month"])


class TestAmendmentCountsItsDifference(ReturnsCase):
    gstin = "24AAACA4821R1ZK"

    def test_an_amendment_of_an_earlier_periods_invoice_counts_the_difference(self):
        # INV-9 of August 2026 (IGST 2,000, deemed accepted), amended in October to IGST 1,500:
        # October's 2B counts -500 in b2ba (spec 4.3; FAQ-J25), as the core does.
        original = replace(_record("INV-9", igst=2000, day=date(2026, 8, 5)), supplier_return_period="082026")
        amended = replace(
            _record("INV-9", Section.B2BA, igst=1500, day=date(2026, 8, 5)),
            original_number="INV-9",
            original_date=date(2026, 8, 5),
        )
        with sandbox_at([original, amended], self.gstin, "082026", TODAY) as (_server, client):
            self.download_ims(client)
        result = api.get_comparison(self.gstin, PERIOD)
        blocks = {b["block"]: b for b in result["blocks"]}
        self.assertEqual(blocks["ITC Available"]["local"]["igst"], -500.0)
        self.assertEqual({row["row"]: row["local"]["igst"] for row in result["table4"]}["4A(5)"], -500.0)
        local, counts = preview.local_summary(scopes.build(self.gstin, PERIOD))
        self.assertEqual(block_nets(local), block_nets(self.core_summary()))
        # The document itself, as a GSTR-2B file lists it, is worth its own 1,500.
        self.assertEqual(counts["document_nets"][Block.AVAILABLE].igst, 150_000)


class TestFilingTickedOnTheForm(ReturnsCase):
    gstin = HAND_GSTIN

    def test_ticking_filed_on_the_form_closes_the_period_and_only_a_manager_may(self):
        with sandbox_at(HAND, self.gstin, PERIOD, TODAY) as (_server, client):
            self.download_ims(client)
        name = ensure_return_period(self.company, self.gstin, PERIOD)
        frappe.db.commit()
        clerk = helpers.user("ims-returns-clerk@example.com", ["Accounts User"], self.company)
        manager = helpers.user("ims-returns-manager@example.com", ["Accounts Manager"], self.company)
        frappe.set_user(clerk)
        try:
            with self.assertRaises(frappe.PermissionError):
                frappe.client.set_value(RETURN_PERIOD, name, "gstr3b_filed", 1)
            frappe.db.rollback()
            frappe.set_user(manager)
            frappe.client.set_value(RETURN_PERIOD, name, "gstr3b_filed", 1)
        finally:
            frappe.set_user("Administrator")
        period = frappe.get_doc(RETURN_PERIOD, name)
        self.assertEqual(
            (period.gstr3b_filed, period.gstr3b_filed_by, period.gstr3b_filed_on), (1, manager, TODAY)
        )
        self.assertEqual(
            (period.events[-1].event, period.events[-1].reason), ("GSTR-3B Filed", "marked on the form")
        )
        # The same roll as Mark GSTR-3B Filed: CN-2, pending in its window (October and November),
        # is carried into November.
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, self.name_of(HAND[7]), "carried_to"), NEXT)
        refused = set_actions([self.name_of(HAND[0])], "Rejected", source="User", mode="valid_only")
        self.assertEqual(refused["refused"][0]["code"], "FROZEN_3B_FILED")


class TestRegisterExportGuardsTextOnly(ReturnsCase):
    """The IMS Register shows a supplier's text exactly; only its export writes it as text (an
    apostrophe before = + - @), so a spreadsheet never runs it as a formula."""

    gstin = HAND_GSTIN

    def test_screen_shows_the_number_exactly_and_the_export_guards_it(self):
        from frappe.desk import query_report

        with sandbox_at(HAND, self.gstin, PERIOD, TODAY) as (_server, client):
            self.download_ims(client)
        name = self.name_of(HAND[0])
        frappe.db.set_value(INWARD_SUPPLY, name, "document_number", "-12+3", update_modified=False)
        filters = {"company_gstin": self.gstin, "period": PERIOD, "period_of": "GSTR-2B"}
        shown = query_report.run("IMS Register", filters)
        numbers = {row["name"]: row["document_number"] for row in shown["result"]}
        self.assertEqual(numbers[name], "-12+3")
        section = next(c for c in shown["columns"] if c["fieldname"] == "section")
        self.assertEqual(section["width"], 150)
        form = frappe._dict(
            cmd="frappe.desk.query_report.export_query",
            report_name="IMS Register",
            filters=frappe.as_json(filters),
            file_format_type="CSV",
            visible_idx="[]",
            include_indentation=0,
        )
        with patch.object(frappe.local, "form_dict", form):
            query_report.export_query()
        content = frappe.response["filecontent"].decode()
        self.assertIn("'-12+3", content)
        self.assertNotIn(",-12+3", content)
