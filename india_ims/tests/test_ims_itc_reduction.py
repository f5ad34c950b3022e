"""Declared ITC reduction (spec 1.8) in a bench: judged, stored, logged, uploaded, cleared on GSTN's word."""

import json
import time
from dataclasses import replace
from datetime import date

import frappe

from india_ims.gst_india.documents import FULL_REDUCTION, Action, Amounts, ImsRecord, ItcReduction, Section
from india_ims.gst_india.returns.effects import action_effect
from india_ims.ims import api, jobs
from india_ims.ims.constants import ACTION_LOG, INWARD_SUPPLY, KIND_DOWNLOAD, KIND_UPLOAD
from india_ims.ims.context import record_states, rule_context
from india_ims.ims.download import apply_records
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

FIELDS = (
    "name",
    "action",
    "gstn_action",
    "upload_pending",
    "upload_remarks",
    "upload_itc_reduction",
    "upload_declared_igst",
    "upload_declared_cgst",
    "upload_declared_sgst",
    "upload_declared_cess",
    "itc_reduction_required",
    "itc_reduction_cgst",
    "itc_reduction_sgst",
    "cgst",
    "sgst",
)


def _half(amount: float) -> float:
    """About half of a tax amount, in whole paise (a declaration carries at most two decimals)."""
    return round(amount * 100) // 2 / 100


class TestImsItcReduction(MonthCase):
    MONTH = {"records": 60, "seed": 51}
    CLEAR_EACH = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.keys = {row_name(identity(cls.gstin, r)): r.key for r in cls.month.ims_records}

    # ------------------------------------------------------------ helpers

    def _load(self):
        apply_records(self.company, self.gstin, self.month.ims_records)
        frappe.db.commit()

    def _row(self, name):
        return frappe.db.get_value(INWARD_SUPPLY, name, list(FIELDS), as_dict=True)

    def _names(self, section):
        names = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "section": section, "cgst": (">", 0)},
            pluck="name",
            order_by="name",
        )
        self.assertTrue(names, f"the generated month has no intra-state {section} record")
        return names

    def _first(self, section):
        return self._names(section)[0]

    def _declare(self, name, action="Accepted", remark=None, **declaration):
        return api.set_action(
            frappe.as_json([name]), action, remark=remark, itc_reduction=json.dumps(declaration)
        )

    def _logs(self, name):
        return frappe.get_all(
            ACTION_LOG, filters={"inward_supply": name}, fields=["new_action", "remark"], order_by="creation"
        )

    # ------------------------------------------------------------ declaring

    def test_a_partial_declaration_on_a_credit_note_is_stored_and_logged(self):
        self._load()
        name = self._first("b2bcn")
        row = self._row(name)
        half = _half(row.cgst)
        result = self._declare(name, remark="half of it was availed", required="Y", cgst=half, sgst=half)
        self.assertEqual((result["applied"], result["refused"]), (1, []), result)
        stored = self._row(name)
        self.assertEqual((stored.action, stored.upload_pending), ("Accepted", 1))
        self.assertEqual(stored.upload_itc_reduction, "Y")
        self.assertEqual((stored.upload_declared_cgst, stored.upload_declared_sgst), (half, half))
        self.assertEqual((stored.upload_declared_igst, stored.upload_declared_cess), (0, 0))
        self.assertEqual(stored.upload_remarks, "half of it was availed")
        (log,) = self._logs(name)
        self.assertEqual(log.new_action, "Accepted")
        self.assertIn("half of it was availed", log.remark)
        self.assertIn("ITC reduction declared: Y", log.remark)
        self.assertIn(f"CGST ₹{half:,.2f}", log.remark)

    def test_a_full_declaration_needs_no_remarks_but_a_nil_one_does(self):
        self._load()
        name = self._first("b2bcn")
        row = self._row(name)
        refused = self._declare(name, required="N")
        self.assertEqual(refused["applied"], 0)
        self.assertEqual(refused["refused"][0]["code"], "REMARKS_REQUIRED")
        self.assertEqual(self._row(name).upload_itc_reduction or "", "")
        full = self._declare(name, required="Y", cgst=row.cgst, sgst=row.sgst)
        self.assertEqual(full["applied"], 1, full)
        nil = self._declare(name, remark="ITC was never availed", required="N")
        self.assertEqual(nil["applied"], 1, nil)
        stored = self._row(name)
        self.assertEqual((stored.upload_itc_reduction, stored.upload_declared_cgst), ("N", 0))

    def test_the_rules_engine_refuses_bad_declarations_with_its_codes(self):
        self._load()
        credit_note, invoice = self._first("b2bcn"), self._first("b2b")
        row = self._row(credit_note)
        cases = (
            (
                credit_note,
                "Accepted",
                {"required": "Y", "cgst": row.cgst + 1, "sgst": row.sgst + 1},
                "ITC_REDUCTION_EXCEEDS_TAX",
            ),
            (
                credit_note,
                "Accepted",
                {"required": "Y", "cgst": 1, "sgst": 2},
                "ITC_REDUCTION_CGST_SGST_UNEQUAL",
            ),
            (credit_note, "Rejected", {"required": "N"}, "ITC_REDUCTION_NOT_ACCEPT"),
            (invoice, "Accepted", {"required": "N"}, "ITC_REDUCTION_NOT_SPECIFIED"),
        )
        for name, action, declaration, code in cases:
            with self.subTest(code=code):
                result = self._declare(name, action, remark="reviewed", **declaration)
                self.assertEqual(result["applied"], 0, result)
                self.assertEqual([r["code"] for r in result["refused"]], [code], result)
                stored = self._row(name)
                self.assertEqual((stored.action, stored.upload_itc_reduction or ""), ("No Action", ""))
                self.assertFalse(self._logs(name))

    def test_malformed_declarations_are_refused_naming_the_field(self):
        self._load()
        name = self._first("b2bcn")
        bad = (
            ("{not json", "itc_reduction must be an object"),
            (json.dumps({"required": "maybe"}), "itc_reduction.required"),
            (json.dumps({"required": "Y", "cgst": "12.345", "sgst": "12.345"}), "itc_reduction.cgst"),
            (json.dumps({"required": "Y", "igst": "lots"}), "itc_reduction.igst"),
            (json.dumps({"required": "Y", "vat": 1}), "vat"),
            (json.dumps({"required": "N", "igst": 5}), "required N"),
            (json.dumps({"required": "Y"}), "required Y needs the declared amounts"),
            (json.dumps({"required": "Y", "igst": "", "cgst": None}), "required Y needs the declared"),
        )
        for value, expected in bad:
            with self.subTest(value=value), self.assertRaises(frappe.ValidationError) as caught:
                api.set_action([name], "Accepted", remark="x", itc_reduction=value)
            self.assertIn(expected, str(caught.exception))
        names = self._names("b2bcn")[:2]
        self.assertEqual(len(names), 2)
        with self.assertRaises(frappe.ValidationError):  # a declaration is per document
            api.set_action(names, "Accepted", remark="x", itc_reduction={"required": "N"})
        self.assertEqual(self._row(name).action, "No Action")

    def test_another_action_or_a_reset_clears_the_declaration(self):
        self._load()
        name = self._first("b2bcn")
        for follow_up in ("Rejected", "No Action"):  # Pending: blocked on this CN by now
            with self.subTest(follow_up=follow_up):
                self.assertEqual(self._declare(name, remark="never availed", required="N")["applied"], 1)
                self.assertEqual(self._row(name).upload_itc_reduction, "N")
                result = api.set_action([name], follow_up)
                self.assertEqual(result["refused"], [], result)
                stored = self._row(name)
                self.assertEqual((stored.action, stored.upload_itc_reduction or ""), (follow_up, ""))
        # An Accept of a credit note without a declaration (and no default) is refused: GSTN wants
        # itcRedReq (IMSSAV0054), so it never goes out bare.
        api.set_action([name], "Rejected")
        default = frappe.db.get_single_value("IMS Settings", "default_itc_declaration")
        # no default to fall back on
        frappe.db.set_single_value("IMS Settings", "default_itc_declaration", "")
        frappe.clear_document_cache("IMS Settings", "IMS Settings")
        try:
            refused = api.set_action([name], "Accepted")["refused"]
        finally:
            frappe.db.set_single_value("IMS Settings", "default_itc_declaration", default)
            frappe.clear_document_cache("IMS Settings", "IMS Settings")
        self.assertEqual([r["code"] for r in refused], ["ITC_DECLARATION_REQUIRED"])
        self.assertIn("ITC reduction declared: N", self._logs(name)[0].remark)

    def test_a_form_or_rest_save_cannot_change_the_declaration(self):
        self._load()
        name = self._first("b2bcn")
        edits = (("upload_itc_reduction", "N"), ("upload_declared_cgst", 5), ("upload_remarks", "x"))
        for field, value in edits:
            with self.subTest(field=field):
                doc = frappe.get_doc(INWARD_SUPPLY, name)
                doc.set(field, value)
                with self.assertRaises(frappe.PermissionError):
                    doc.save()
        self.assertEqual(self._row(name).upload_itc_reduction or "", "")

    # ------------------------------------------------------------ uploading

    def _download(self, client):
        log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
        jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)

    def _upload(self, client):
        log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
        return jobs.run_upload(log, self.gstin, None, gstn=client)

    def test_upload_sends_the_declaration_and_clears_it_once_gstn_confirms(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            name = self._first("b2bcn")
            row = self._row(name)
            half = _half(row.cgst)
            result = self._declare(name, remark="half availed", required="Y", cgst=half, sgst=half)
            self.assertEqual(result["applied"], 1, result)
            frappe.db.commit()
            outcome = self._upload(client)
            self.assertEqual(outcome.counts["records_processed"], 1, outcome.message)
            key = self.keys[name]
            paise = round(half * 100)
            with server.portal.lock:
                state = server.portal.states[key]
            self.assertEqual(state.gstn_action, Action.ACCEPT)
            self.assertEqual(state.itc_reduction, ItcReduction(True, cgst=paise, sgst=paise))
            self.assertEqual(state.remarks, "half availed")
            stored = self._row(name)
            self.assertEqual((stored.gstn_action, stored.upload_pending), ("Accepted", 0))
            self.assertEqual(stored.upload_itc_reduction or "", "")
            # GSTN's copy arrives with the next download; a re-run sends nothing.
            self._download(client)
            stored = self._row(name)
            self.assertEqual((stored.itc_reduction_required, stored.itc_reduction_cgst), ("Yes", half))
            self.assertEqual(self._upload(client).counts["records_processed"], 0)
            self.assertEqual(len(server.portal.applied[key]), 1)

    def test_a_declaration_on_a_record_gstn_already_holds_accepted_is_uploaded(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            name = self._first("b2bcn")
            helpers.portal_sets_action(server, self.keys[name], Action.ACCEPT)
            self._download(client)
            self.assertEqual(self._row(name).gstn_action, "Accepted")
            result = self._declare(name, remark="never availed", required="N")
            self.assertEqual(result["applied"], 1, result)
            frappe.db.commit()
            self.assertEqual(self._row(name).upload_pending, 1)
            self._download(client)  # a download in between keeps it pending
            self.assertEqual(self._row(name).upload_pending, 1)
            outcome = self._upload(client)
            self.assertEqual(outcome.counts["records_processed"], 1, outcome.message)
            with server.portal.lock:
                self.assertEqual(server.portal.states[self.keys[name]].itc_reduction, ItcReduction(False))
            stored = self._row(name)
            self.assertEqual((stored.upload_itc_reduction or "", stored.upload_pending), ("", 0))

    def test_a_lost_reply_is_settled_by_the_refresh_and_the_declaration_not_sent_twice(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            self._download(client)
            name = self._first("b2bcn")
            self._declare(name, remark="never availed", required="N")
            frappe.db.commit()
            server.faults.add("drop", action="SAVE", when="after")
            self._upload(client)
            self.assertEqual(self._row(name).upload_itc_reduction, "N", "outcome unknown: kept")
            again = self._upload(client)
            applied = dict(server.portal.applied)
        self.assertEqual(again.counts["records_processed"], 0, again.message)
        self.assertEqual(len(applied[self.keys[name]]), 1, "the dropped request was not repeated")
        stored = self._row(name)
        self.assertEqual((stored.itc_reduction_required, stored.upload_itc_reduction or ""), ("No", ""))
        self.assertEqual(stored.upload_pending, 0)

    def test_a_declaration_changed_while_its_request_is_processing_is_kept_and_sent(self):
        from india_ims.gstn.client import GstnClient
        from india_ims.gstn.clock import FakeClock
        from india_ims.gstn.sandbox import TEST_OTP

        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, _):
            client = GstnClient(server.client_settings(poll_delays=(0.01,)), clock=FakeClock(time.time()))
            client.request_otp()
            client.login(TEST_OTP)
            self._download(client)
            name = self._first("b2bcn")
            row = self._row(name)
            self._declare(name, remark="never availed", required="N")
            frappe.db.commit()
            server.faults.add("slow", action="SAVE", polls=3)
            self._upload(client)
            self.assertEqual(self._row(name).gstn_action, "No Action", "GSTN still processing")
            # the user changes their mind before GSTN answers: a full reduction
            self.assertEqual(self._declare(name, required="Y", cgst=row.cgst, sgst=row.sgst)["applied"], 1)
            frappe.db.commit()
            jobs.run_resolve_uploads(self.gstin, gstn=client)
            stored = self._row(name)
            self.assertEqual((stored.gstn_action, stored.upload_itc_reduction), ("Accepted", "Y"))
            self.assertEqual(stored.upload_pending, 1, "the newer declaration still has to go")
            self._upload(client)
            with server.portal.lock:
                held = server.portal.states[self.keys[name]].itc_reduction
        paise = round(row.cgst * 100)
        self.assertEqual(held, ItcReduction(True, cgst=paise, sgst=paise))
        stored = self._row(name)
        self.assertEqual((stored.upload_itc_reduction or "", stored.upload_pending), ("", 0))


class TestImsFullReductionWithoutAmounts(MonthCase):
    """GSTN (or a provider) sends an amendment with itcRedReq Y and no declared amounts (spec 1.8):
    the month downloads, the record keeps "Y, amounts not declared", and its effect is the
    difference from the earlier version where that version is stored."""

    MONTH = {"records": 20, "seed": 52}
    CLEAR_EACH = True

    def _note(self, section, number, period, rupees_each, **kw):
        paise = rupees_each * 100
        return ImsRecord(
            section=section, supplier_gstin="27AAPFU0939F1ZV", document_number=number,
            document_date=date(2026, 8, 12), supplier_return_period=period,
            document_value=paise * 2 + 1000_00, amounts=Amounts(1000_00, 0, paise, paise, 0),
            place_of_supply=self.gstin[:2], action=Action.ACCEPT, invoice_type="R", **kw,
        )

    def _amendment(self):
        return self._note(Section.B2BCNA, "FULL-CN-1", helpers.PERIOD, 150, original_number="FULL-CN-1",
                          original_date=date(2026, 8, 12), itc_reduction=FULL_REDUCTION)

    def _stored(self, number, section):
        return frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin, "document_number": number,
                                                      "section": section}, fields=["*"])

    def test_a_download_with_y_without_amounts_on_an_amendment_succeeds_and_keeps_it_full(self):
        records = [*self.month.ims_records, self._amendment()]
        with helpers.sandbox(records, self.gstin) as (_, client):
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            outcome = jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)
            self.assertEqual(frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin}), len(records),
                             outcome.message)
            (row,) = self._stored("FULL-CN-1", "b2bcna")
            self.assertEqual(row.itc_reduction_required, "Full")
            self.assertEqual((row.itc_reduction_cgst, row.itc_reduction_sgst), (0, 0))
            (state,) = record_states([row])
            self.assertEqual(state.record.itc_reduction, FULL_REDUCTION)
            # the same month again writes nothing new: the stored row reads back as what GSTN sent
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=client, reconcile_after=False)
            (again,) = self._stored("FULL-CN-1", "b2bcna")
            self.assertEqual((again.itc_reduction_required, again.modified), ("Full", row.modified))

    def test_the_full_reduction_is_the_difference_from_the_stored_earlier_version(self):
        original = self._note(Section.B2BCN, "FULL-CN-1", "082026", 90)
        apply_records(self.company, self.gstin, [original, self._amendment()])
        frappe.db.commit()
        (row,) = self._stored("FULL-CN-1", "b2bcna")
        (state,) = record_states([row])
        self.assertIsNotNone(state.original, "the stored credit note is the amendment's earlier version")
        self.assertEqual(state.record.itc_reduction, FULL_REDUCTION)
        context = rule_context(self.gstin)
        effect = action_effect(state, Action.ACCEPT, context, itc_reduction=state.record.itc_reduction)
        # 150 + 150 amended from 90 + 90: ITC falls by the 60 + 60 difference, not by 300 and not by 0
        self.assertEqual((effect.recipient_itc.cgst, effect.recipient_itc.sgst), (-60_00, -60_00))
        self.assertEqual(effect.recipient_itc, action_effect(state, Action.ACCEPT, context).recipient_itc)

    def test_without_the_earlier_version_the_effect_says_the_difference_is_unknown(self):
        apply_records(self.company, self.gstin, [self._amendment()])
        frappe.db.commit()
        (row,) = self._stored("FULL-CN-1", "b2bcna")
        (state,) = record_states([row])
        self.assertIsNone(state.original)
        effect = action_effect(replace(state, itc_reduction=state.record.itc_reduction), Action.ACCEPT,
                               rule_context(self.gstin))
        self.assertEqual(effect.scenario, 17)
        self.assertIn("not known locally", effect.text)
        self.assertEqual(effect.recipient_itc.cgst, -150_00)  # the amended value, as without a declaration
