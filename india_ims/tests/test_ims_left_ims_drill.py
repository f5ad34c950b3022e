"""FAQ 21 in the Document View: the Action Summary counts the records that have left IMS in a row of
their own, and clicking a row opens the Document View on what the row counts. The tool's filter
``left_ims`` (``summary_left.left_filter``) is 1 for the "Left IMS" row and 0 for the action rows
(which do not count those records); the list, its count, the export and a bulk action by filter
(all read ``queries._where``) honour it.

The world of ``test_ims_left_ims_stake``: on 01-12-2026 the invoice LATE-1 held Pending has left IMS;
a credit note and a downward amendment held Pending and an invoice with No Action are still in it.
"""

import hashlib
from dataclasses import replace
from io import BytesIO

import frappe
from openpyxl import load_workbook

from india_ims.ims import api, clock, figures_store, queries, summary_left, tool_api
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.tests.test_ims_left_ims_stake import AFTER, PERIOD, LeftImsWorld

LEFT = summary_left.LEFT_IMS


class TestLeftImsDrill(LeftImsWorld):
    def summary(self, period_field="gstr2b_period", filters=None):
        return api.get_action_summary(self.gstin, PERIOD, filters=filters, period_field=period_field)

    def listed(self, filters, period_field="gstr2b_period") -> dict:
        """The Document View as the browser asks for it (filters as JSON text, "1"/"0" as the
        screen's select sends them): its total, and the document numbers on its one page."""
        found = api.get_documents(self.gstin, PERIOD, filters=frappe.as_json(filters),
                                  period_field=period_field, page_length=500)
        return {"total": found["total"], "numbers": sorted(row.document_number for row in found["rows"])}

    @staticmethod
    def drill(row, table="by_action") -> dict:
        # what ims_tool_views.js sets when a row of a table is clicked: the table's filing status,
        # and the Left IMS row's records only, or an action's without them
        filing = {"supplier_filing_status": "Filed" if table == "by_action" else "Not Filed"}
        if row["action"] == LEFT:
            return {**filing, "left_ims": "1"}
        return {**filing, "action": row["action"], "left_ims": "0"}

    def test_faq21_each_action_summary_row_drills_to_the_documents_it_counts(self):
        # one more invoice, saved by its supplier and not filed: the summary's second table
        saved = replace(self.records["no_action"], document_number="SAVED-1", supplier_filed=False,
                        checksum=hashlib.md5(b"SAVED-1").hexdigest())
        apply_records(self.company, self.gstin, [saved])
        with clock.pinned(AFTER):
            figures_store.ensure_fresh(self.gstin)
            for period_field in queries.PERIOD_FIELDS:
                summary = self.summary(period_field)
                self.assertEqual(summary["by_action"][-1]["action"], LEFT)
                self.assertEqual([(r["action"], int(r["count"])) for r in summary["not_filed"]],
                                 [("No Action", 1)])
                lists = []
                for table in ("by_action", "not_filed"):
                    for row in summary[table]:
                        listed = self.listed(self.drill(row, table), period_field)
                        said = (period_field, table, row["action"])
                        self.assertEqual(listed["total"], int(row["count"]), said)
                        self.assertEqual(len(listed["numbers"]), int(row["count"]))
                        lists.extend(listed["numbers"])
                # every record the rows count is in exactly one row's list
                self.assertEqual(sorted(lists), self.listed({}, period_field)["numbers"])
                self.assertIn("SAVED-1", lists)

    def test_faq21_the_left_ims_drill_lists_the_invoice_and_pending_no_longer_does(self):
        with clock.pinned(AFTER):
            figures_store.ensure_fresh(self.gstin)
            rows = {row["action"]: row for row in self.summary()["by_action"]}
            self.assertEqual(self.listed({"left_ims": 1}), {"total": 1, "numbers": ["LATE-1"]})
            pending = self.listed({"action": "Pending", "left_ims": 0})
            self.assertEqual(pending, {"total": 2, "numbers": ["CN-1", "DOWN-1A"]})
            self.assertEqual(pending["total"], int(rows["Pending"]["count"]))
            # without the filter the Pending list still holds it: one more than its row counted
            self.assertEqual(self.listed({"action": "Pending"})["total"], int(rows["Pending"]["count"]) + 1)
            # the other filters narrow it as they narrow any list
            other = {"left_ims": 1, "supplier_gstin": self.records["no_action"].supplier_gstin}
            self.assertEqual(self.listed(other)["total"], 0)
            # the summary read under the filter is the row alone, and under its opposite the others
            only = self.summary(filters={"left_ims": 1})["by_action"]
            self.assertEqual([r["action"] for r in only], [LEFT])
            rest = self.summary(filters={"left_ims": 0})["by_action"]
            self.assertEqual({r["action"]: int(r["count"]) for r in rest},
                             {a: int(r["count"]) for a, r in rows.items() if a != LEFT})

    def test_faq21_on_the_deadline_day_nothing_has_left_ims(self):
        self.assertEqual(self.listed({"left_ims": 1})["total"], 0)
        self.assertEqual(self.listed({"action": "Pending", "left_ims": 0})["total"], 3)

    def test_faq21_a_left_record_written_since_its_refresh_is_listed_under_its_action_as_counted(self):
        # the row counts it by its action until the refresh (summary_left.fresh_left); its list too
        with clock.pinned(AFTER):
            figures_store.ensure_fresh(self.gstin)
            frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set modified = now(6) where name = %s",
                          self.name("pending"))
            summary = queries.action_summary(self.gstin, period=PERIOD)
            rows = {row["action"]: row for row in summary["by_action"]}
            self.assertNotIn(LEFT, rows)
            self.assertEqual(self.listed({"left_ims": 1})["total"], 0)
            self.assertEqual(self.listed({"action": "Pending", "left_ims": 0})["total"],
                             int(rows["Pending"]["count"]))

    def test_faq21_left_ims_filter_must_be_1_or_0(self):
        for bad in ("yes", 2, "only"):
            with self.assertRaises(frappe.ValidationError) as raised:
                self.listed({"left_ims": bad})
            self.assertIn("filters.left_ims must be 1 or 0", str(raised.exception))

    def test_faq21_the_export_of_the_drill_holds_what_the_row_counts(self):
        with clock.pinned(AFTER):
            figures_store.ensure_fresh(self.gstin)
            for filters, numbers in (({"left_ims": "1"}, ["LATE-1"]),
                                     ({"action": "Pending", "left_ims": "0"}, ["CN-1", "DOWN-1A"])):
                tool_api.export_documents(self.gstin, PERIOD, frappe.as_json(filters), "gstr2b_period")
                book = load_workbook(BytesIO(frappe.response["filecontent"]))
                sheet = book["Documents"]
                header = [cell.value for cell in sheet[1]]
                rows = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]
                self.assertEqual(sorted(row["Number"] for row in rows if row["Number"]), numbers)
                said = {row[0]: row[1] for row in book["Summary"].iter_rows(values_only=True) if row}
                words = "only these" if filters["left_ims"] == "1" else "left out"
                self.assertIn(f"Left IMS (Section 16(4), FAQ 21): {words}", said["Filters"])

    def test_faq21_set_action_by_filter_acts_on_what_the_filter_selects(self):
        with clock.pinned(AFTER):
            figures_store.ensure_fresh(self.gstin)
            # the Left IMS list: its one record, refused as no longer in IMS, nothing else touched
            done = api.set_action_by_filter(self.gstin, "Rejected", PERIOD, frappe.as_json({"left_ims": "1"}),
                                            period_field="gstr2b_period")
            self.assertEqual((done["applied"], [r["name"] for r in done["refused"]]),
                             (0, [self.name("pending")]))
            self.assertEqual(done["refused"][0]["code"], "NOT_IN_IMS")
            # the Pending list without them: the credit note and the amendment (refused for its own
            # reason: its original is open in another period), no refusal for FAQ 21
            done = api.set_action_by_filter(self.gstin, "Rejected", PERIOD,
                                            frappe.as_json({"action": "Pending", "left_ims": "0"}),
                                            period_field="gstr2b_period")
            self.assertEqual([(r["name"], r["code"]) for r in done["refused"]],
                             [(self.name("amendment"), "AMENDMENT_ORIGINAL_OPEN")])
            self.assertEqual((done["applied"], done["unchanged"]), (1, 0))
            actions = dict(frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin},
                                          fields=["document_number", "action"], as_list=True))
            self.assertEqual((actions["CN-1"], actions["DOWN-1A"], actions["LATE-1"]),
                             ("Rejected", "Pending", "Pending"))
