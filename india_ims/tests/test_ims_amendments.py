"""Amendments in the Frappe layer (spec 1.8, 4.3; FAQ 8, 13, 17): the engine is told the original
found among the stored records, so the record detail, the action checks and ITC at stake count the
difference from the value last counted. "Today" is pinned and every period is built from it."""

from __future__ import annotations

from datetime import date, timedelta

import frappe

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, Section
from india_ims.gst_india.periods import current_return_period
from india_ims.ims import actions, tool_api
from india_ims.ims.constants import INWARD_SUPPLY, RETURN_PERIOD, SOURCE_USER
from india_ims.ims.download import apply_records
from india_ims.ims.rows import identity, row_name
from india_ims.ims.upload import ensure_return_period
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

TODAY = date(2026, 11, 30)
NOW = current_return_period(TODAY)  # amendments: 2B out, GSTR-3B open
AUG, SEP = NOW.add(-2), NOW.previous()  # the originals' period (3B filed), and the one after it
SUPPLIER = "27AAPFU0939F1ZV"


def _record(section: Section, number: str, period, igst: int, action=Action.NO_ACTION, **kw) -> ImsRecord:
    amounts = Amounts(igst * 500, igst * 100, 0, 0, 0)
    day = AUG.first_day + timedelta(days=9)
    if section.is_amendment:
        kw.setdefault("original_number", number)
        kw.setdefault("original_date", day)
    return ImsRecord(
        section=section, supplier_gstin=SUPPLIER, document_number=number, document_date=day,
        supplier_return_period=str(period), document_value=amounts.taxable_value + amounts.total_tax,
        amounts=amounts, place_of_supply="24", action=action,
        invoice_type=None if section.is_ecommerce else "R", **kw,
    )


class TestImsAmendments(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.gstin = "24AAACR5055K1ZD"
        helpers.register(cls.company, cls.gstin)

    today = TODAY  # pinned through ims/clock.py for the whole class (BaseTestCase)

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        helpers.clear(self.gstin)
        for period in (AUG, SEP):
            name = ensure_return_period(self.company, self.gstin, str(period))
            frappe.db.set_value(RETURN_PERIOD, name, "gstr3b_filed", 1)
        frappe.db.commit()

    def tearDown(self):
        frappe.set_user("Administrator")
        helpers.clear(self.gstin)

    def _store(self, *records) -> list[str]:
        apply_records(self.company, self.gstin, list(records))
        frappe.db.commit()
        return [row_name(identity(self.gstin, record)) for record in records]

    def _accept_itc(self, name) -> float:
        effects = {e["action"]: e for e in tool_api.get_record_detail(name)["effects"]}
        return effects["Accepted"]["recipient_itc"]["total_tax"]

    def test_spec18_downward_invoice_amendment_accept_moves_itc_by_minus_the_difference(self):
        _, amended = self._store(
            _record(Section.B2B, "INV-1", AUG, 1800, Action.ACCEPT), _record(Section.B2BA, "INV-1", NOW, 900)
        )
        self.assertEqual(self._accept_itc(amended), -900)
        self.assertIn("found among the downloaded records", tool_api.get_record_detail(amended)["original"])

    def test_spec18_upward_invoice_amendment_accept_adds_the_difference(self):
        _, amended = self._store(
            _record(Section.B2B, "INV-2", AUG, 1800, Action.ACCEPT), _record(Section.B2BA, "INV-2", NOW, 2700)
        )
        self.assertEqual(self._accept_itc(amended), 900)

    def test_spec18_credit_note_amendment_accept_gives_back_the_difference(self):
        _, amended = self._store(
            _record(Section.B2BCN, "CN-1", AUG, 1800, Action.ACCEPT),
            _record(Section.B2BCNA, "CN-1", NOW, 900),
        )
        self.assertEqual(self._accept_itc(amended), 900)

    def test_spec18_amendment_of_an_amendment_counts_from_the_value_last_counted(self):
        self._store(
            _record(Section.B2B, "INV-3", AUG, 1800, Action.ACCEPT),
            _record(Section.B2BA, "INV-3", SEP, 2700, Action.ACCEPT),
        )
        # a later download: the second amendment lands on the first one's row, which is kept
        (second,) = self._store(_record(Section.B2BA, "INV-3", NOW, 2200))
        self.assertEqual(self._accept_itc(second), -500)
        stake = tool_api.get_itc_at_stake(self.gstin, str(NOW))
        self.assertEqual(stake["all_accepted"]["total_tax"], -500)

    def test_spec18_declared_reduction_on_an_amendment_is_capped_at_the_difference(self):
        _, amended = self._store(
            _record(Section.B2BCN, "CN-2", AUG, 1800, Action.ACCEPT),
            _record(Section.B2BCNA, "CN-2", NOW, 2700),
        )
        too_much = actions.set_actions(
            [amended], "Accepted", source=SOURCE_USER, remark="x",
            itc_reduction=_reduction(2700),
        )
        self.assertEqual(too_much["refused"][0]["code"], "ITC_REDUCTION_EXCEEDS_TAX")
        full = actions.set_actions([amended], "Accepted", source=SOURCE_USER, itc_reduction=_reduction(900))
        self.assertEqual((full["applied"], full["refused"]), (1, []))

    def test_the_stored_versions_are_found_alike_from_either_read_of_the_rows(self):
        # A bulk action reads its rows as JSON (amounts as floats, dates as text), the screens through
        # pymysql: context.record_states, which both use, finds the same versions from either.
        from india_ims.ims.context import record_states

        names = self._store(
            _record(Section.B2B, "INV-7", AUG, 1800, Action.ACCEPT),
            _record(Section.B2BA, "INV-7B", SEP, 2000, Action.ACCEPT, original_number="inv-7 "),
            _record(Section.B2BA, "INV-7C", NOW, 900, original_number="INV-7"),
            _record(Section.B2BCN, "CN-1", AUG, 300, Action.ACCEPT),
            _record(Section.B2BCNA, "CN-1", NOW, 200),
            _record(Section.B2BA, "INV-404", NOW, 500),  # no stored original
            _record(Section.B2B, "INV-8", NOW, 100),
        )
        expected = record_states(actions.load_rows(names))
        found = record_states(actions._locked_rows(names, None))
        self.assertEqual(found, expected)
        originals = {
            (state.record.section.value, state.record.document_number): state.original.found
            for state in found
            if state.original is not None
        }
        self.assertEqual(sorted(originals), [("b2ba", "INV-7B"), ("b2ba", "INV-7C"), ("b2bcna", "CN-1")])
        # the later amendment counts from the value last counted: the original, then the amendment before
        self.assertRegex(originals[("b2ba", "INV-7C")], r"INV-7 .*; then .*INV-7B ")
        self.assertNotIn("INV-7B", originals[("b2ba", "INV-7B")])

    def test_only_each_amendment_s_own_supplier_and_number_are_read_as_its_versions(self):
        # each (GSTIN, original section, supplier, number) one range of the unique index: a like number
        # of another supplier among the amendments' is not read (nor loaded) as a possible version
        from dataclasses import replace

        from india_ims.ims.context import _version_names

        other = "29AABCT1332L1ZU"
        mine, _, _, theirs = self._store(
            _record(Section.B2B, "INV-1", AUG, 100, Action.ACCEPT),
            _record(Section.B2B, "INV-2", AUG, 100, Action.ACCEPT),
            replace(_record(Section.B2B, "INV-1", AUG, 100, Action.ACCEPT), supplier_gstin=other),
            replace(_record(Section.B2B, "INV-2", AUG, 100, Action.ACCEPT), supplier_gstin=other),
        )
        amendments = self._store(
            _record(Section.B2BA, "INV-1", NOW, 90, original_number="inv-1 "),
            replace(_record(Section.B2BA, "INV-2", NOW, 90), supplier_gstin=other),
        )
        # the amendments themselves are read as amendments of the same originals
        found = _version_names(actions.load_rows(amendments))
        self.assertEqual(sorted(found), sorted([mine, theirs, *amendments]))

    def test_faq13_unknown_original_is_said_in_words(self):
        (amended,) = self._store(_record(Section.B2BA, "INV-9", NOW, 900))
        self.assertIn("not among the downloaded records", tool_api.get_record_detail(amended)["original"])

    def test_faq8_faq17_reverse_charge_record_is_refused(self):
        (rcm,) = self._store(_record(Section.B2B, "RCM-1", NOW, 1800, reverse_charge=True))
        result = actions.set_actions([rcm], "Accepted", source=SOURCE_USER)
        self.assertEqual(result["refused"][0]["code"], "REVERSE_CHARGE_NOT_IN_IMS")

    def test_spec35_gstr2b_period_is_decided_and_said_in_words(self):
        (saved,) = self._store(_record(Section.B2B, "INV-L", NOW, 100, supplier_filed=False))
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, saved, "gstr2b_period"), "")
        self._store(_record(Section.B2B, "INV-L", NOW, 100))  # first seen filed today (30-11): after the 11th
        period, basis = frappe.db.get_value(INWARD_SUPPLY, saved, ["gstr2b_period", "gstr2b_period_basis"])
        self.assertEqual(period, str(NOW.next()))
        self.assertIn("first seen filed on 30 Nov 2026", basis)


def _reduction(igst: int):
    from india_ims.gst_india.documents import ItcReduction

    return ItcReduction(True, igst=igst * 100)
