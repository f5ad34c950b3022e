"""FAQ 21 on the IMS Tool's screens: a record GSTN holds Pending past its Section 16(4) deadline has left
IMS. ``tool_api.get_left_ims`` names those of a Document View page (with the deadline) and the record
detail carries the same, so the list shows "Left IMS (Section 16(4), FAQ 21)", not a Pending record
offering actions; the rules engine refuses every action on it (NOT_IN_IMS)."""

from datetime import date, timedelta

import frappe

from india_ims.gst_india.periods import day_label, section_16_4_deadline
from india_ims.ims import api, clock, tool_api
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

# An invoice of April 2024 (FY 2024-25): Section 16(4) ran out on 30 November 2025, a year before
# the suite's pinned day.
OLD_DAY = date(2024, 4, 12)
DEADLINE = section_16_4_deadline(OLD_DAY)


class TestImsLeftIms(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        cls.other = helpers.company("IMS Other Company", "IMSOC")
        cls.month = helpers.month(records=30, seed=61)
        cls.other_month = helpers.month(records=6, seed=62)
        cls.gstin, cls.other_gstin = cls.month.recipient_gstin, cls.other_month.recipient_gstin
        helpers.register(cls.company, cls.gstin)
        helpers.register(cls.other, cls.other_gstin)

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        for gstin in (self.gstin, self.other_gstin):
            helpers.clear(gstin)
        apply_records(self.company, self.gstin, self.month.ims_records)
        apply_records(self.other, self.other_gstin, self.other_month.ims_records)
        invoices = self._invoices(self.gstin)
        # three invoices GSTN holds Pending: one dated before its Section 16(4) deadline ran out, one
        # in time, and one old one GSTN holds Accepted (it left IMS under FAQ 5, not 21: not flagged)
        self.old, self.recent, self.accepted_old = invoices[:3]
        self._hold(self.old, "Pending", OLD_DAY)
        self._hold(self.recent, "Pending")
        self._hold(self.accepted_old, "Accepted", OLD_DAY)
        self.foreign = self._invoices(self.other_gstin)[0]
        self._hold(self.foreign, "Pending", OLD_DAY)
        frappe.db.commit()

    def tearDown(self):
        frappe.set_user("Administrator")
        for gstin in (self.gstin, self.other_gstin):
            helpers.clear(gstin)

    def _invoices(self, gstin):
        return frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": gstin, "section": "b2b", "document_type": "Invoice"},
            pluck="name",
            order_by="name",
        )

    def _hold(self, name, action, day=None):
        values = {"gstn_action": action, "action": action, "upload_pending": 0}
        if day:
            values["document_date"] = day
        frappe.db.set_value(INWARD_SUPPLY, name, values, update_modified=False)

    def test_a_page_names_the_pending_records_past_section_16_4_with_their_deadline(self):
        self.assertLess(DEADLINE, clock.today())
        page = [self.old, self.recent, self.accepted_old]
        left = tool_api.get_left_ims(self.gstin, frappe.as_json(page))
        self.assertEqual(left, {self.old: {"deadline": str(DEADLINE)}})

    def test_only_from_the_day_after_the_deadline(self):
        with clock.pinned(DEADLINE):
            self.assertEqual(tool_api.get_left_ims(self.gstin, [self.old]), {})
        with clock.pinned(DEADLINE + timedelta(days=1)):
            self.assertEqual(list(tool_api.get_left_ims(self.gstin, [self.old])), [self.old])

    def test_the_detail_says_it_left_and_every_action_is_refused_naming_the_deadline(self):
        detail = tool_api.get_record_detail(self.old)
        self.assertEqual(detail["left_ims"], {"deadline": str(DEADLINE)})
        self.assertIsNone(tool_api.get_record_detail(self.recent)["left_ims"])
        self.assertEqual({e["code"] for e in detail["effects"] if not e["allowed"]}, {"NOT_IN_IMS"})
        result = api.set_action(frappe.as_json([self.old, self.recent]), "Accepted", mode="valid_only")
        self.assertEqual(result["applied"], 1, result)
        self.assertEqual([r["code"] for r in result["refused"]], ["NOT_IN_IMS"])
        self.assertIn(day_label(DEADLINE), result["refused"][0]["message"])
        # the bulk dialog's count of records skipped for this reason
        self.assertEqual(
            [(r["code"], r["count"]) for r in result["refused_by_reason"]], [("NOT_IN_IMS", 1)]
        )

    def test_bound_to_the_gstin_asked_for(self):
        # another company's record, named with this GSTIN, reads as not there
        self.assertEqual(tool_api.get_left_ims(self.gstin, [self.foreign]), {})
        self.assertEqual(list(tool_api.get_left_ims(self.other_gstin, [self.foreign])), [self.foreign])
        with self.assertRaises(frappe.ValidationError):
            tool_api.get_left_ims(self.gstin, [f"x{i}" for i in range(tool_api.MAX_PAGE + 1)])
        with self.assertRaises(frappe.ValidationError):
            tool_api.get_left_ims(self.gstin, "{not json")
