"""What the stored-figures tests share (``test_ims_figures_store`` and the views while the job adds):
a generated October and September of one GSTIN, today pinned to 30-11-2026, the period sums
watched for rebuilds, and the comparisons with the core."""

import random
from dataclasses import replace
from datetime import date
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import ZERO, Action, ItcReduction, Section
from india_ims.gst_india.returns import compute_gstr2b, itc_at_stake
from india_ims.ims import clock, download, figure_sums, figures_store, queries, stake_sums
from india_ims.ims.actions import load_rows, set_actions
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.context import record_states, rule_context
from india_ims.ims.returns import api, close, preview
from india_ims.ims.returns import scope as scopes
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

TODAY = date(2026, 11, 30)
PERIOD = "102026"
EARLIER = "092026"
GSTIN = "24AAACF4803R1Z2"


class FiguresCase(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        helpers.register(cls.company, GSTIN)

    def setUp(self):
        super().setUp()
        clock.pin(TODAY)
        self.addCleanup(clock.unpin)
        self.addCleanup(self._clear)
        self._clear()
        # the period sums must follow every write by themselves: a rebuild here would hide a miss
        self.rebuilds: list[tuple] = []
        real = figure_sums.rebuild
        patcher = patch.object(
            figure_sums, "rebuild", lambda *a, **k: (self.rebuilds.append(a), real(*a, **k))[1]
        )
        patcher.start()
        self.addCleanup(patcher.stop)

    def _clear(self):
        frappe.db.set_value("IMS Settings GSTIN", {"gstin": GSTIN}, "quarterly_filer", 0)
        periods = frappe.get_all("IMS Return Period", filters={"company_gstin": GSTIN}, pluck="name")
        if periods:
            frappe.db.delete("IMS Return Period Event", {"parent": ("in", periods)})
        helpers.clear(GSTIN)

    def names(self, **filters) -> list[str]:
        return frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": GSTIN, **filters}, pluck="name")

    def assert_fresh(self):
        """After what a view does first (``ensure_fresh``), every record's stored part is what the
        core says now and none is flagged stale."""
        figures_store.ensure_fresh(GSTIN)
        self.assertEqual(figures_store.stale_names(GSTIN), [])
        self.assertEqual(figures_store.stale(self.names()), [])
        self.assert_sums_kept()

    def assert_sums_kept(self):
        """The period sums kept by the refresh equal a full rebuild from the records, to the paisa,
        with no rebuild on the way."""
        self.assertEqual(figure_sums.stored(GSTIN), figure_sums.rebuilt(GSTIN))
        self.assertEqual(self.rebuilds, [])

    def load(self, seed: int) -> None:
        """October and September of a generated month, actions of every kind, September filed."""
        from india_ims.synthetic import generate_month

        rng = random.Random(seed)
        for period, count in ((EARLIER, 40), (PERIOD, 90)):
            month = generate_month(seed + count, count, "sample", period=period)
            records = [
                replace(
                    r,
                    action=rng.choice([Action.PENDING, Action.NO_ACTION]) if period == EARLIER else r.action,
                )
                for r in month.ims_records
            ]
            # an invoice amended in the same period: the amendment replaces it (FAQ 13)
            first = next(r for r in records if r.section is Section.B2B and r.supplier_filed)
            records.append(
                replace(
                    first,
                    section=Section.B2BA,
                    document_number=f"A-{first.document_number}"[:16],
                    original_number=first.document_number,
                    original_date=first.document_date,
                    amounts=replace(first.amounts, igst=first.amounts.igst + 10_000),
                    checksum=f"{rng.getrandbits(128):032x}",
                )
            )
            download.apply_records(self.company, GSTIN, records)
        self.assert_fresh()
        october = self.names(gstr2b_period=PERIOD, supplier_filing_status="Filed")
        rng.shuffle(october)
        for label, share in (("Rejected", 0.15), ("Pending", 0.1), ("Accepted", 0.3)):
            chosen, october = october[: int(len(october) * share)], october[int(len(october) * share) :]
            set_actions(chosen, label, source="User", mode="valid_only")
        note = next(
            (n for n in self.names(gstr2b_period=PERIOD, document_type="Credit Note", action="Accepted")),
            None,
        )
        if note:
            igst = frappe.db.get_value(INWARD_SUPPLY, note, "igst")
            set_actions(
                [note], "Accepted", source="User", itc_reduction=ItcReduction(True, igst=int(igst * 50))
            )
        self.assert_fresh()
        close.close(self.company, GSTIN, EARLIER, discard_not_uploaded=True)
        self.assert_fresh()

    def changed(self) -> list[str]:
        """The month loaded, and its filed No Action records of the period (a bulk action's worth)."""
        self.load(53)
        names = self.names(gstr2b_period=PERIOD, supplier_filing_status="Filed", action="No Action")
        self.assertGreater(len(names), 3)
        return names

    def lag(self, limit: int, on_its_way: bool):
        """Views refresh at most ``limit`` records in a request; the background job is (or is not)
        on its way."""
        for name, value in (("IN_REQUEST", limit), ("_job_on_its_way", lambda gstin: on_its_way)):
            patcher = patch.object(figures_store, name, value)
            patcher.start()
            self.addCleanup(patcher.stop)

    def preview_states(self):
        rows = load_rows(self.names())
        return [figures_store.preview_state(s, r) for s, r in zip(record_states(rows), rows)]

    def assert_equal_to_the_core(self):
        scope = scopes.build(GSTIN, PERIOD)
        states = self.preview_states()
        core = compute_gstr2b(states, PERIOD, scope.context, enforce_generation_rules=False).summary
        local, _ = preview.local_summary(scope)
        nonzero = lambda totals: {k: v for k, v in totals.items() if v != ZERO}  # noqa: E731
        self.assertEqual(nonzero(local.totals), nonzero(core.totals))
        self.assertTrue(nonzero(core.totals))
        # charts: per supplier, every record counting in the period
        stake = itc_at_stake(states, scope.context, period=PERIOD)
        charted = {
            row["supplier_gstin"]: round(float(row["at_stake"]) * 100)
            for row in api.get_charts(GSTIN, PERIOD, top=50)["top_suppliers"]
        }
        self.assertEqual(
            charted, {s.supplier_gstin: s.moved.total_tax for s in stake.suppliers[:50] if s.moved.total_tax}
        )
        # the IMS Tool: the records its period filter selects
        context = rule_context(GSTIN)
        chosen = set(queries.matching_names(GSTIN, period=PERIOD, period_field="gstr2b_period"))
        core_tool = itc_at_stake(
            [s for s in states if row_name(identity(GSTIN, s.record)) in chosen], context, period=PERIOD
        )
        summed = stake_sums.itc_at_stake(GSTIN, PERIOD, {}, context)
        self.assertEqual(summed, core_tool)
