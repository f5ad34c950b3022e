"""FAQ 13 in the IMS Tool's ITC at stake: an original amended in the same period (GSTR-1A) is left out
of that GSTR-2B, the amendment prevails, so the tool's stake (summed from the stored parts) leaves it
out as the core and the GSTR-3B preview do. Both counted before: the tool showed an ITC the preview
did not (a browser walk found it, ₹4,541.50 apart)."""


import frappe

from india_ims.gst_india.documents import Section
from india_ims.gst_india.returns import itc_at_stake
from india_ims.ims import figures_store, tool_api
from india_ims.ims.actions import load_rows
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.context import record_states, rule_context
from india_ims.ims.download import apply_records
from india_ims.ims.returns import api as returns_api
from india_ims.ims.returns import scope as scopes
from india_ims.tests import helpers
from india_ims.tests.amended import halved_amendment
from india_ims.tests.month_case import MonthCase


class TestImsStakeSamePeriodAmendment(MonthCase):
    MONTH = {"records": 30, "seed": 83}
    CLEAR_EACH = True

    def _original_and_amendment(self):
        original = next(
            r for r in self.month.ims_records
            if r.section is Section.B2B and r.supplier_filed and not r.reverse_charge
            and r.supplier_return_period == helpers.PERIOD
        )
        amendment = halved_amendment(original, original.document_number + "-A")
        return original, amendment

    def test_faq13_the_tools_itc_at_stake_leaves_out_an_original_its_same_period_amendment_replaces(self):
        original, amendment = self._original_and_amendment()
        apply_records(self.company, self.gstin, [original, amendment])
        frappe.db.commit()
        names = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name")
        self.assertEqual(len(names), 2)
        figures_store.ensure_fresh(self.gstin)  # what the background refresh does after a download
        # both count in the GSTR-2B GSTN gives them (first seen filed: not always the supplier's period)
        (period,) = set(frappe.get_all(INWARD_SUPPLY, filters={"name": ["in", names]}, pluck="gstr2b_period"))
        tool = tool_api.get_itc_at_stake(self.gstin, period)
        # only the amendment's tax is ITC accepting everything would give
        self.assertAlmostEqual(tool["all_accepted"]["total_tax"], amendment.amounts.total_tax / 100, places=2)
        self.assertAlmostEqual(tool["current"]["total_tax"], amendment.amounts.total_tax / 100, places=2)
        scope = scopes.build(self.gstin, period)
        self.assertEqual(len(scope.replaced), 1)
        core = itc_at_stake(record_states(load_rows(names)), rule_context(self.gstin), period=period)
        self.assertAlmostEqual(tool["all_accepted"]["total_tax"], core.all_accepted.total_tax / 100, places=2)
        self.assertAlmostEqual(tool["current"]["total_tax"], core.current.total_tax / 100, places=2)
        # every open period at once leaves it out too
        everything = tool_api.get_itc_at_stake(self.gstin, "")
        self.assertAlmostEqual(
            everything["all_accepted"]["total_tax"], tool["all_accepted"]["total_tax"], places=2
        )
        # the preview's charts: ITC by action and the twelve periods' trend count the amendment alone
        charts = returns_api.get_charts(self.gstin, period, top=50)
        by_action = charts["by_action"]
        no_action = by_action["labels"].index("No Action")
        itc = sum(dataset["values"][no_action] for dataset in by_action["datasets"])
        self.assertAlmostEqual(itc, amendment.amounts.total_tax / 100, places=2)
        accepted = next(d for d in charts["trend"]["datasets"] if d["name"] == "Accepted")
        self.assertAlmostEqual(accepted["values"][-1], amendment.amounts.total_tax / 100, places=2)
