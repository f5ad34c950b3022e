"""The IMS Register on screen shows a month's summary and its first rows; Download Full Register
streams every record, in the same order, a chunk at a time, text guarded. Today is pinned to
30-11-2026; the screen and the chunks are made small so the hand-worked month of 8 records spans
several of each."""

import csv
import io
from unittest.mock import patch

import frappe

from india_ims.ims import download
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.returns import api, reports
from india_ims.tests.test_ims_returns import HAND, HAND_GSTIN, PERIOD, ReturnsCase


class TestRegisterScreenAndFullDownload(ReturnsCase):
    gstin = HAND_GSTIN

    def filters(self, **more):
        return {"company_gstin": self.gstin, "period": PERIOD, "period_of": "GSTR-2B", **more}

    def test_the_screen_shows_the_first_rows_and_says_so_and_the_download_gives_every_record(self):
        from frappe.desk import query_report

        download.apply_records(self.company, self.gstin, HAND)
        # two not rejected yet (in name order: the records of one download share their modified)
        names = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "action": ["!=", "Rejected"]},
            pluck="name",
            order_by="name",
        )
        set_actions(names[:2], "Rejected", source="User")
        frappe.db.set_value(INWARD_SUPPLY, names[2], "supplier_name", "=HYPERLINK(1)")
        with patch.object(reports, "SCREEN_ROWS", 3), patch.object(reports, "CHUNK", 3):
            shown = query_report.run("IMS Register", self.filters())
            lines = "".join(api.download_register(frappe.as_json(self.filters())).response)
        ordered = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "gstr2b_period": PERIOD},
            order_by="document_date, name",
            pluck="name",
        )
        self.assertEqual([row["name"] for row in shown["result"]], ordered[:3])
        self.assertIn(f"{len(ordered)} records: the first 3", shown["message"])
        summary = {item["label"]: item["value"] for item in shown["report_summary"]}
        self.assertEqual(summary["Records"], len(ordered))
        self.assertEqual(summary["Rejected"], 1 + 2)  # INV-3, and the two just rejected
        # every record, once, in the screen's order, over three chunks; the formula written as text
        table = list(csv.reader(io.StringIO(lines.lstrip("\ufeff"))))
        self.assertEqual(table[0][0], "IMS Record")
        self.assertEqual([row[0] for row in table[1:]], ordered)
        supplier = table[0].index("Supplier")
        self.assertIn("'=HYPERLINK(1)", [row[supplier] for row in table[1:]])
        action_by = table[0].index("Action By")
        rejected = {row[0]: row[action_by] for row in table[1:]}
        self.assertEqual({rejected[name] for name in names[:2]}, {"Administrator"})

    def test_a_download_for_a_gstin_the_user_may_not_read_or_a_bad_period_fails_before_any_line(self):
        with self.assertRaises(frappe.ValidationError):
            api.download_register(frappe.as_json(self.filters(period="13-2026")))
        clerk = "ims-register-outsider@example.com"
        from india_ims.tests import helpers

        helpers.user(clerk, ["Accounts User"], helpers.company("IMS Other Company", "IMSOC"))
        frappe.set_user(clerk)
        try:
            with self.assertRaises(frappe.PermissionError):
                api.download_register(frappe.as_json(self.filters()))
        finally:
            frappe.set_user("Administrator")

    def test_the_cut_off_message_counts_in_indian_grouping(self):
        # a month of a lakh and more reads "1,23,456 records: the first 2,000", as the rupees beside it
        self.assertEqual(
            [reports.count_text(n) for n in (2_000, 1_23_456, 12_34_56_789)],
            ["2,000", "1,23,456", "12,34,56,789"],
        )
