"""The period close's preview counts what the close itself would do.

The preview groups a month's records by what the closing rules read and judges one record per
group (``close.preview``); the close judges every record (``close.plan``). On a month holding every
kind of record the two must agree exactly: pending, no action, accepted, rejected, local actions
never uploaded, pending credit notes (deemed accepted), amendments, records past Section 16(4),
records carried in from a filed period, a record without a GSTR-2B period, and a quarterly filer.
Today is pinned to 30-11-2026.
"""

from dataclasses import replace
from datetime import date

import frappe

from india_ims.gst_india.documents import Action, Section
from india_ims.ims import download
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import INWARD_SUPPLY
from india_ims.ims.returns import api, close
from india_ims.tests.test_ims_returns import HAND, HAND_GSTIN, PERIOD, ReturnsCase, _record

SEPTEMBER = "092026"
AUGUST = "082026"


def _in(period: str, record):
    return replace(record, supplier_return_period=period)


# Beside the hand-worked month: September (filed in the test) leaves a pending invoice and a pending
# credit note carried into October, where the note's window (September and October) ends with
# October's close; October gets amendments of August's
# documents (pending, no action), a pending invoice past Section 16(4), and one more pending invoice.
EXTRA = [
    _in(SEPTEMBER, _record("SEP-P", igst=700, action=Action.PENDING, day=date(2026, 9, 3))),
    _in(SEPTEMBER, _record("SEP-A", igst=300, action=Action.ACCEPT, day=date(2026, 9, 4))),
    _in(SEPTEMBER, _record("SEP-CN", Section.B2BCN, igst=90, action=Action.PENDING, day=date(2026, 9, 6))),
    _in(AUGUST, _record("INV-9", igst=2000, day=date(2026, 8, 5))),
    _in(AUGUST, _record("CN-9", Section.B2BCN, igst=200, day=date(2026, 8, 7))),
    replace(
        _record("INV-9", Section.B2BA, igst=1500, action=Action.PENDING, day=date(2026, 8, 5)),
        original_number="INV-9",
        original_date=date(2026, 8, 5),
    ),
    replace(
        _record("CN-9", Section.B2BCNA, igst=260, action=Action.PENDING, day=date(2026, 8, 7)),
        original_number="CN-9",
        original_date=date(2026, 8, 7),
    ),
    replace(
        _record("INV-10", Section.B2BA, igst=800, day=date(2026, 8, 9)),
        original_number="INV-10",
        original_date=date(2026, 8, 9),
    ),
    _record("OLD-2", igst=1200, action=Action.PENDING, day=date(2024, 4, 12)),
    _record("INV-5", igst=640, action=Action.PENDING),
]


class ClosePreviewCase(ReturnsCase):
    def load(self, records):
        download.apply_records(self.company, self.gstin, records)
        frappe.db.commit()

    def names(self, *numbers):
        return frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "document_number": ("in", numbers)},
            pluck="name",
        )

    def assert_preview_is_the_plan(self, period):
        preview = api.get_close_preview(self.gstin, period)
        plan = close.plan(self.gstin, period)
        expected = {key: value for key, value in plan.items() if key != "changes"}
        expected["rows_changed"] = len(plan["changes"])
        self.assertEqual(preview, expected)
        return preview


class TestClosePreviewIsThePerRecordPlan(ClosePreviewCase):
    gstin = HAND_GSTIN

    def test_the_grouped_preview_counts_as_the_per_record_plan_on_every_kind_of_record(self):
        self.load([*HAND, *EXTRA])
        self.assert_preview_is_the_plan(SEPTEMBER)
        close.close(self.company, self.gstin, SEPTEMBER, discard_not_uploaded=True)
        # local actions never uploaded: a rejection of a deemed-accepted invoice, an acceptance of a
        # pending one, a rejection of an amendment
        set_actions(self.names("INV-2"), "Rejected", source="User")
        set_actions(self.names("INV-5"), "Accepted", source="User", override_reason="test")
        set_actions(self.names("INV-10"), "Rejected", source="User")
        # a record whose GSTR-2B period is not stored: it comes from the supplier's return period
        old = self.names("OLD-2")
        frappe.db.sql(
            f"update `tab{INWARD_SUPPLY}` set gstr2b_period = '', modified = now(6) where name in %s", [old]
        )
        frappe.db.commit()
        preview = self.assert_preview_is_the_plan(PERIOD)
        # the month holds what the test says it does
        # SEP-CN: its window (September and October) ends; October's CN-2 is carried into November
        self.assertGreaterEqual(preview["deemed_accepted"], 1, preview)
        self.assertGreaterEqual(preview["not_uploaded"], 3, preview)
        self.assertGreaterEqual(preview["stay_pending"], 3, preview)  # SEP-P carried, OLD-2, the amendments
        carried = self.names("SEP-P")
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, carried[0], "carried_to"), PERIOD)
        note = frappe.db.get_value(
            INWARD_SUPPLY, self.names("SEP-CN")[0], ["gstn_action", "carried_to", "pending_action_blocked"]
        )
        # still Pending in October, the second period of its window (advisory of 17-Oct-2025, Q4)
        self.assertEqual(note[:2], ("Pending", PERIOD))
        self.assertNotEqual(note[2], "Yes")
        # and the close does what its preview said
        done = close.close(self.company, self.gstin, PERIOD, discard_not_uploaded=True)
        self.assertEqual(
            {key: done[key] for key in ("records", "leave_ims", "stay_pending", "deemed_accepted")},
            {key: preview[key] for key in ("records", "leave_ims", "stay_pending", "deemed_accepted")},
        )


class TestClosePreviewOfAQuarter(ClosePreviewCase):
    gstin = "24AAACQ5803R1Z4"

    def test_the_grouped_preview_of_a_quarterly_filer_counts_as_the_plan(self):
        frappe.db.set_value("IMS Settings GSTIN", {"gstin": self.gstin}, "quarterly_filer", 1)
        frappe.clear_document_cache("IMS Settings", "IMS Settings")
        self.addCleanup(
            frappe.db.set_value, "IMS Settings GSTIN", {"gstin": self.gstin}, "quarterly_filer", 0
        )
        # a credit note of the quarter before, kept Pending: its window is that quarter and this one
        august_note = _in(AUGUST, _record("AUG-CN", Section.B2BCN, igst=120, action=Action.PENDING,
                                          day=date(2026, 8, 8)))
        self.load([*HAND, *EXTRA[3:], august_note])
        self.assert_preview_is_the_plan("092026")
        close.close(self.company, self.gstin, "092026", discard_not_uploaded=True)
        set_actions(self.names("INV-2"), "Rejected", source="User")
        preview = self.assert_preview_is_the_plan("122026")
        self.assertEqual(preview["period"], "122026")
        self.assertGreaterEqual(preview["deemed_accepted"], 1, preview)
