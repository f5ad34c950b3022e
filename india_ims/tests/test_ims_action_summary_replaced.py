"""FAQ 13 in the IMS Tool's Action Summary: an original its amendment of the same period replaces is
left out of that GSTR-2B, so the summary counts it in a row of its own, "Replaced", and its action's
row counts the amendment alone. Before, that row held both documents' tax, and did not tie to the
ITC cards above it or to GSTR-2B. Each row's list holds what the row counts (filter ``replaced``).
"""

from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.ims import api, export, figures_store, queries, summary_replaced, tool_api
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.amended import halved_amendment
from india_ims.tests.month_case import MonthCase
from india_ims.tests.test_ims_action_summary_left_ims import _figures, _rows

REPLACED = summary_replaced.REPLACED


def _record_figures(record) -> tuple:
    amounts = record.amounts
    sign = -1 if record.section in (Section.B2BCN, Section.B2BCNA) else 1
    return (1, sign * amounts.taxable_value / 100, sign * amounts.igst / 100, sign * amounts.total_tax / 100)


class TestActionSummaryReplacedOriginal(MonthCase):
    MONTH = {"records": 30, "seed": 83}
    CLEAR_EACH = True

    def _original_and_amendment(self, amendment_period=None):
        original = next(
            r for r in self.month.ims_records
            if r.section is Section.B2B and r.supplier_filed and not r.reverse_charge
            and r.supplier_return_period == helpers.PERIOD and r.amounts.igst
        )
        amendment = halved_amendment(
            original, original.document_number + "-A",
            supplier_return_period=amendment_period or original.supplier_return_period,
        )
        return original, amendment

    def _written(self, *records) -> str:
        """The records written and refreshed (as a download and its refresh job leave them); the
        GSTR-2B period they count in."""
        apply_records(self.company, self.gstin, list(records))
        frappe.db.commit()
        figures_store.ensure_fresh(self.gstin)
        periods = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="gstr2b_period")
        return max(periods, key=ReturnPeriod.parse)

    def summary(self, period, filters=None, period_field="gstr2b_period"):
        return api.get_action_summary(self.gstin, period, filters=filters, period_field=period_field)

    def recounted(self, period, period_field="gstr2b_period"):
        with patch.object(queries, "_kept_action_rows", lambda *args: None):
            return queries.action_summary(self.gstin, period=period, period_field=period_field)

    def listed(self, period, filters) -> list[str]:
        """The Document View as the browser asks for it (filters as JSON, "1"/"0" as its select sends)."""
        found = api.get_documents(self.gstin, period, filters=frappe.as_json(filters),
                                  period_field="gstr2b_period", page_length=500)
        self.assertEqual(found["total"], len(found["rows"]))
        return sorted(row.document_number for row in found["rows"])

    def test_faq13_the_replaced_original_has_its_own_row_and_its_action_counts_the_amendment(self):
        original, amendment = self._original_and_amendment()
        period = self._written(original, amendment)
        summary = self.summary(period)
        rows = _rows(summary)
        self.assertEqual(_figures(rows[REPLACED]), _record_figures(original))
        (action,) = set(rows) - {REPLACED}
        self.assertEqual(_figures(rows[action]), _record_figures(amendment))
        self.assertEqual(summary["by_action"][-1]["action"], REPLACED)
        # the action's tax is the ITC the tool's cards show accepting everything: GSTR-2B's
        stake = tool_api.get_itc_at_stake(self.gstin, period)
        self.assertAlmostEqual(float(rows[action]["total_tax"]), stake["all_accepted"]["total_tax"], places=2)
        sections = {(r["section"], r["action"]) for r in summary["by_section"]}
        self.assertEqual(sections, {("b2b", REPLACED), ("b2ba", action)})

    def test_faq13_kept_and_recounted_summaries_agree_before_and_after_a_write_since_the_refresh(self):
        original, amendment = self._original_and_amendment()
        period = self._written(original, amendment)
        for period_field in queries.PERIOD_FIELDS:
            on = period if period_field == "gstr2b_period" else original.supplier_return_period
            kept = queries.action_summary(self.gstin, period=on, period_field=period_field)
            self.assertEqual(frappe.as_json(kept), frappe.as_json(self.recounted(on, period_field)))
            self.assertIn(REPLACED, _rows(kept), period_field)
        # the original acted on since the refresh (stale): the kept path moves it from its action now
        name = frappe.db.get_value(INWARD_SUPPLY, {"company_gstin": self.gstin, "section": "b2b"}, "name")
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set action = 'Rejected', upload_pending = 1, "
                      "modified = now(6) where name = %s", name)
        kept = queries.action_summary(self.gstin, period=period)
        self.assertEqual(frappe.as_json(kept), frappe.as_json(self.recounted(period)))
        self.assertNotIn("Rejected", _rows(kept))
        self.assertEqual(int(_rows(kept)[REPLACED]["upload_pending"]), 1)

    def test_faq13_each_row_drills_to_the_documents_it_counts(self):
        original, amendment = self._original_and_amendment()
        period = self._written(original, amendment)
        rows = _rows(self.summary(period))
        (action,) = set(rows) - {REPLACED}
        filed = {"supplier_filing_status": "Filed"}
        # what ims_tool_views.js sets when each row is clicked
        self.assertEqual(self.listed(period, {**filed, "replaced": "1"}), [original.document_number])
        self.assertEqual(self.listed(period, {**filed, "action": action, "left_ims": "0", "replaced": "0"}),
                         [amendment.document_number])
        # a filtered summary counts what the filter leaves
        self.assertEqual(set(_rows(self.summary(period, {"replaced": "0"}))), {action})
        self.assertEqual(set(_rows(self.summary(period, {"replaced": "1"}))), {REPLACED})

    def test_faq13_the_document_view_marks_the_original_with_its_amendment(self):
        original, amendment = self._original_and_amendment()
        period = self._written(original, amendment)
        found = api.get_documents(self.gstin, period, period_field="gstr2b_period", page_length=500)
        marks = {row.document_number: row.replaced for row in found["rows"]}
        self.assertEqual(marks, {original.document_number: amendment.document_number,
                                 amendment.document_number: None})
        # the page's lookup and the summary's find the same originals
        names = [row.name for row in found["rows"]]
        self.assertEqual(set(summary_replaced.replacing_amendments(names)),
                         set(summary_replaced.replaced_names(self.gstin)))

    def test_faq13_an_amendment_counting_in_a_later_period_replaces_nothing(self):
        original, _ = self._original_and_amendment()
        later = str(ReturnPeriod.parse(helpers.PERIOD).next())
        _, amendment = self._original_and_amendment(amendment_period=later)
        self._written(original, amendment)
        periods = dict(frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin},
                                      fields=["section", "fig_period"], as_list=True))
        self.assertNotEqual(periods["b2b"], periods["b2ba"])
        self.assertEqual(summary_replaced.replaced_names(self.gstin), [])
        everything = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name")
        self.assertEqual(summary_replaced.replacing_amendments(everything), {})
        for period in set(periods.values()):
            self.assertNotIn(REPLACED, _rows(self.summary(period)))

    def test_faq13_export_names_the_row_and_its_filter(self):
        original, amendment = self._original_and_amendment()
        period = self._written(original, amendment)
        _status, action = export._summary_rows(self.gstin, period, "gstr2b_period", {})
        labels = [export._action_label(row) for row in action["by_action"]]
        self.assertEqual(labels[-1], "Replaced by its amendment (FAQ 13)")
        self.assertEqual(export._filter_words("replaced", 0), "Replaced by its amendment (FAQ 13): left out")

    def test_faq13_the_originals_detail_names_the_amendment_that_replaces_it(self):
        original, amendment = self._original_and_amendment()
        self._written(original, amendment)
        by_number = dict(frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin},
                                        fields=["document_number", "name"], as_list=True))
        detail = tool_api.get_record_detail(by_number[original.document_number])
        self.assertEqual(detail["replaced_by"], amendment.document_number)
        # no action on it moves ITC: the amendment's decides (the amendment's own effects still do)
        self.assertEqual({e["recipient_itc"]["total_tax"] for e in detail["effects"]}, {0})
        self.assertTrue(all(amendment.document_number in e["text"] for e in detail["effects"]))
        amended = tool_api.get_record_detail(by_number[amendment.document_number])
        self.assertIsNone(amended["replaced_by"])
        self.assertTrue(any(e["recipient_itc"]["total_tax"] for e in amended["effects"]))
