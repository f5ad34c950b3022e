"""GSTR-2B & 3B Preview in a bench: GSTN's GSTR-2B downloaded (every file) and stored, the local
preview beside it reconciling to the rupee, Table 4 on hand-worked figures, period close and reopen.

Today is pinned to 30-11-2026; the period is October 2026 (its draft GSTR-2B was generated on the
14th of November, its GSTR-3B is not filed).
"""

from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from unittest.mock import patch

import frappe

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, Section
from india_ims.gst_india.returns import Block, compute_gstr2b
from india_ims.gst_india.returns.compare import block_nets
from india_ims.ims import clock, figures_store, jobs
from india_ims.ims.actions import load_rows, set_actions
from india_ims.ims.constants import (
    GSTR2B,
    GSTR2B_DOCUMENT,
    INWARD_SUPPLY,
    KIND_DOWNLOAD,
    KIND_UPLOAD,
    RETURN_PERIOD,
)
from india_ims.ims.context import record_state, record_states
from india_ims.ims.returns import api, preview
from india_ims.ims.returns import scope as scopes
from india_ims.ims.rows import declaration_of, identity, row_name
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase

TODAY = date(2026, 11, 30)
PERIOD = "102026"
NEXT = "112026"
SUPPLIER = "27AAPFU0939F1ZV"
SUPPLIER_B = "29AAJCM5823E1ZC"
HAND_GSTIN = "24AAACH7409R1Z7"


def pin_today(case) -> None:
    """Every "today" the Frappe layer reads comes from ``clock``: pinned for the test."""
    clock.pin(TODAY)
    case.addCleanup(clock.unpin)


@contextmanager
def sandbox_at(records, gstin: str, period: str, today: date, **config):
    """A GSTN sandbox seeded with ``records`` whose clock says ``today``, and a logged-in client."""
    from india_ims.gstn.client import GstnClient
    from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal

    portal = make_portal(list(records), gstin=gstin, period=period, today=today, **config)
    with SandboxServer(portal) as server:
        client = GstnClient(server.client_settings())
        client.request_otp()
        client.login(TEST_OTP)
        yield server, client


def _rupees(value: float) -> int:
    return round(value * 100)


def _record(
    number,
    section=Section.B2B,
    *,
    igst=0.0,
    cgst=0.0,
    sgst=0.0,
    action=Action.NO_ACTION,
    supplier=SUPPLIER,
    day=date(2026, 10, 5),
) -> ImsRecord:
    tax = Amounts(_rupees((igst + cgst + sgst) / 0.18), _rupees(igst), _rupees(cgst), _rupees(sgst), 0)
    return ImsRecord(
        section=section,
        supplier_gstin=supplier,
        document_number=number,
        document_date=day,
        supplier_return_period=PERIOD,
        document_value=tax.taxable_value + tax.total_tax,
        amounts=tax,
        place_of_supply="24",
        action=action,
        invoice_type="R",
    )


# Hand-worked October 2026 (every figure below checked by hand):
#   INV-1  IGST 18,000 Accepted                         4A(5)
#   INV-2  CGST 900 + SGST 900 No Action (deemed)       4A(5)
#   DN-1   IGST 1,800 No Action (debit note, Part A-I)  4A(5)
#   CN-1   IGST 900 Accepted (credit note, Part B)      4A(5) less 900
#   INV-3  IGST 3,600 Rejected                          ITC Rejected, not in Table 4
#   INV-4  IGST 5,000 Pending                           left out (FAQ 14)
#   OLD-1  IGST 1,000 No Action, dated 10-04-2024       past 16(4) on 30-11-2025: 4D(2)
#   CN-2   IGST 450 Pending (credit note)               left out; deemed accepted when October is filed
# 4A(5) IGST 18,000 + 1,800 - 900 = 18,900; CGST 900; SGST 900. 4C the same. 4D(2) IGST 1,000.
HAND = [
    _record("INV-1", igst=18000, action=Action.ACCEPT),
    _record("INV-2", cgst=900, sgst=900),
    _record("DN-1", Section.B2BDN, igst=1800),
    _record("CN-1", Section.B2BCN, igst=900, action=Action.ACCEPT),
    _record("INV-3", igst=3600, action=Action.REJECT),
    _record("INV-4", igst=5000, action=Action.PENDING),
    _record("OLD-1", igst=1000, day=date(2024, 4, 10)),
    _record("CN-2", Section.B2BCN, igst=450, action=Action.PENDING, supplier=SUPPLIER_B),
]


class ReturnsCase(BaseTestCase):
    gstin = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        helpers.register(cls.company, cls.gstin)

    def setUp(self):
        super().setUp()
        pin_today(self)
        self._clear()
        self.addCleanup(self._clear)

    def _clear(self):
        names = frappe.get_all(GSTR2B, filters={"company_gstin": self.gstin}, pluck="name")
        if names:
            frappe.db.delete(GSTR2B_DOCUMENT, {"gstr2b": ("in", names)})
            frappe.db.delete("IMS GSTR-2B Summary", {"parent": ("in", names)})
            frappe.db.delete(GSTR2B, {"name": ("in", names)})
        periods = frappe.get_all(RETURN_PERIOD, filters={"company_gstin": self.gstin}, pluck="name")
        if periods:
            frappe.db.delete("IMS Return Period Event", {"parent": ("in", periods)})
        helpers.clear(self.gstin)

    def download_ims(self, client):
        log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company, None)
        jobs.run_download(log, self.gstin, None, gstn=client, reconcile_after=False)

    def download_2b(self, client):
        log = helpers.new_log("GSTR-2B Download", self.gstin, self.company, PERIOD)
        return jobs.run_download_gstr2b(log, self.gstin, PERIOD, gstn=client)

    def name_of(self, record):
        return row_name(identity(self.gstin, record))

    def core_summary(self, period=PERIOD):
        """The oracle: the core's compute_gstr2b over the stored rows."""
        scope = scopes.build(self.gstin, period)
        rows = load_rows(frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name"))
        states = []
        for state, row in zip(record_states(rows), rows):
            reduction = declaration_of(row)
            if reduction is None and state.action is Action.ACCEPT and state.gstn_action is Action.ACCEPT:
                reduction = state.record.itc_reduction
            states.append(replace(state, itc_reduction=reduction))
        return compute_gstr2b(states, period, scope.context, enforce_generation_rules=False).summary


class TestGstr2bDownloadAndComparison(ReturnsCase):
    @classmethod
    def setUpClass(cls):
        from india_ims.synthetic import generate_month

        cls.month = generate_month(41, 60, "sample", period=PERIOD)
        cls.gstin = cls.month.recipient_gstin
        super().setUpClass()

    def sandbox(self, **config):
        return sandbox_at(self.month.ims_records, self.gstin, PERIOD, TODAY, **config)

    def _invoices(self, count):
        return frappe.get_all(
            INWARD_SUPPLY,
            filters={
                "company_gstin": self.gstin,
                "section": "b2b",
                "gstr2b_period": PERIOD,
                "action": "No Action",
                "supplier_filing_status": "Filed",
            },
            fields=["name", "igst", "cgst", "sgst", "cess"],
            order_by="name",
            limit=count,
        )

    def test_download_pages_every_file_links_records_and_keeps_each_generation(self):
        with self.sandbox(page_records=7) as (server, client):
            self.download_ims(client)
            client.regenerate_2b(PERIOD)
            expected_files = len(server.portal.statements[PERIOD])
            self.assertGreater(expected_files, 2, "the statement must be paged for this test")
            outcome = self.download_2b(client)
            first = frappe.get_doc(
                GSTR2B, {"company_gstin": self.gstin, "return_period": PERIOD, "is_latest": 1}
            )
            self.assertEqual((first.generation, first.status, first.file_count), (1, "Draft", expected_files))
            documents = frappe.db.count(GSTR2B_DOCUMENT, {"gstr2b": first.name})
            self.assertEqual(first.document_count, documents)
            self.assertEqual(outcome.counts["records_inserted"], documents)
            # Every IMS document of GSTN's 2B is linked to the record it is.
            self.assertEqual(first.linked_count, documents)
            unlinked = frappe.db.count(
                GSTR2B_DOCUMENT, {"gstr2b": first.name, "inward_supply": ("is", "not set")}
            )
            self.assertEqual(unlinked, 0)
            self.assertEqual(
                frappe.db.get_value(RETURN_PERIOD, f"{self.gstin}-{PERIOD}", "latest_gstr2b"), first.name
            )
            # The same statement again: nothing new.
            again = self.download_2b(client)
            self.assertEqual(again.counts.get("records_inserted", 0), 0)
            self.assertEqual(frappe.db.count(GSTR2B, {"company_gstin": self.gstin}), 1)
            # An action uploaded, GSTN recomputes: a second generation, now the latest.
            target = self._invoices(1)[0]
            set_actions([target.name], "Rejected", source="User")
            log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
            jobs.run_upload(log, self.gstin, None, gstn=client)
            client.regenerate_2b(PERIOD)
            cleared = []
            clear = figures_store._clear_copies

            def counted(*args):
                cleared.append(clear(*args))
                return cleared[-1]

            with patch.object(figures_store, "_clear_copies", counted):
                self.download_2b(client)
        latest = frappe.get_doc(
            GSTR2B, {"company_gstin": self.gstin, "return_period": PERIOD, "is_latest": 1}
        )
        self.assertEqual((latest.generation, latest.status), (2, "Recomputed"))
        # the records the second generation holds carry its copy, written once: none was blanked first
        self.assertEqual(cleared, [0])
        held = frappe.get_all(GSTR2B_DOCUMENT, {"gstr2b": latest.name}, pluck="inward_supply")
        paired = {"company_gstin": self.gstin, "fig_g_gstr2b": ("is", "set")}
        copies = frappe.get_all(INWARD_SUPPLY, paired, ["name", "fig_g_gstr2b"])
        self.assertEqual({row.name for row in copies}, set(held))
        self.assertEqual({row.fig_g_gstr2b for row in copies}, {latest.name})
        self.assertEqual(frappe.db.count(GSTR2B, {"company_gstin": self.gstin, "is_latest": 1}), 1)
        moved = frappe.db.get_value(
            GSTR2B_DOCUMENT,
            {"gstr2b": latest.name, "inward_supply": target.name},
            ["block", "ims_action"],
            as_dict=True,
        )
        self.assertEqual((moved.block, moved.ims_action), ("ITC Rejected", "Rejected"))

    def test_side_by_side_reconciles_to_the_rupee_with_an_unuploaded_action_and_a_stale_recompute(self):
        with self.sandbox(page_records=10) as (server, client):
            self.download_ims(client)
            client.regenerate_2b(PERIOD)
            self.download_2b(client)
            # As downloaded, both sides agree to the paisa.
            before = api.get_comparison(self.gstin, PERIOD)
            for block in before["blocks"]:
                self.assertEqual(
                    block["difference"],
                    {"igst": 0, "cgst": 0, "sgst": 0, "cess": 0, "total": 0},
                    block["block"],
                )
            self.assertEqual(before["reasons"], [])
            stale, unsent = self._invoices(2)
            # A rejection uploaded after GSTN built its 2B (no recompute yet) ...
            set_actions([stale.name], "Rejected", source="User")
            log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
            jobs.run_upload(log, self.gstin, None, gstn=client)
            # ... and one decided here, not uploaded.
            set_actions([unsent.name], "Rejected", source="User")
        result = api.get_comparison(self.gstin, PERIOD)
        blocks = {b["block"]: b for b in result["blocks"]}
        moved = {head: float(stale[head]) + float(unsent[head]) for head in ("igst", "cgst", "sgst", "cess")}
        for head, value in moved.items():
            self.assertAlmostEqual(blocks["ITC Available"]["difference"][head], -value, places=2)
            self.assertAlmostEqual(blocks["ITC Rejected"]["difference"][head], value, places=2)
        for block in result["blocks"]:
            self.assertTrue(block["reconciles"], block["block"])
            self.assertEqual(block["summary_only"]["total"], 0, block["block"])
        reasons = {r["code"]: r for r in result["reasons"]}
        self.assertEqual(set(reasons), {"NOT_UPLOADED", "RECOMPUTE_PENDING"})
        unsent_tax = sum(float(unsent[h]) for h in moved)
        stale_tax = sum(float(stale[h]) for h in moved)
        self.assertEqual(reasons["NOT_UPLOADED"]["records"], 1)
        self.assertAlmostEqual(
            reasons["NOT_UPLOADED"]["effects"]["ITC Available"]["total"], -unsent_tax, places=2
        )
        self.assertAlmostEqual(
            reasons["RECOMPUTE_PENDING"]["effects"]["ITC Rejected"]["total"], stale_tax, places=2
        )
        self.assertTrue(any(w.startswith("Recompute needed") for w in result["words"]), result["words"])
        self.assertTrue(any("not uploaded yet" in w for w in result["words"]), result["words"])
        # counted from the period sums (each part keeps its record's upload_pending): the one unsent
        self.assertEqual(result["not_uploaded"], 1)
        self.assertEqual(
            result["not_uploaded"],
            frappe.db.count(
                INWARD_SUPPLY, {"company_gstin": self.gstin, "fig_period": PERIOD, "upload_pending": 1}
            ),
        )
        # The drill-down names exactly those two documents.
        documents = api.get_difference_documents(self.gstin, PERIOD)
        self.assertEqual(
            {(row["inward_supply"], row["reason"]) for row in documents["rows"]},
            {(stale.name, "RECOMPUTE_PENDING"), (unsent.name, "NOT_UPLOADED")},
        )
        one = api.get_difference_documents(self.gstin, PERIOD, reason="NOT_UPLOADED")
        self.assertEqual([row["inward_supply"] for row in one["rows"]], [unsent.name])
        # The few records the indexes name (fig_same and the rest) differ exactly as a test of the
        # whole month finds; the paired count on them is the month's.
        scope = scopes.build(self.gstin, PERIOD)
        latest = preview.latest_gstr2b(self.gstin, PERIOD).name
        named = preview._differing_local(scope, latest)
        with patch.object(preview, "_candidates", lambda *args: None):
            scanned = preview._differing_local(scope, latest)
        self.assertEqual(named, scanned)
        self.assertEqual({row.name for row in named}, {stale.name, unsent.name})
        self.assertLess(len(preview._candidates(scope, latest)), len(self.month.ims_records) // 4)
        self.assertEqual(
            preview._paired(scope, latest),
            frappe.db.count(INWARD_SUPPLY, {"company_gstin": self.gstin, "fig_g_gstr2b": latest}),
        )
        # The preview's SQL figures are the core's compute_gstr2b over the same rows.
        local, _ = preview.local_summary(scopes.build(self.gstin, PERIOD))
        self.assertEqual(block_nets(local), block_nets(self.core_summary()))

    def test_download_is_queued_once_on_the_long_queue_with_a_sync_log(self):
        first = api.start_gstr2b_download(self.gstin, PERIOD)
        self.assertEqual(first["job_id"], f"india_ims::gstr2b::{self.gstin}::{PERIOD}")
        call = self.enqueued.call_args
        self.assertEqual(call.args[0], "india_ims.ims.jobs.run_download_gstr2b")
        self.assertEqual((call.kwargs["queue"], call.kwargs["deduplicate"]), ("long", True))
        self.assertEqual(frappe.db.get_value("IMS Sync Log", first["sync_log"], "kind"), "GSTR-2B Download")
        with patch("india_ims.ims.jobs.is_job_enqueued", return_value=True):
            again = api.start_gstr2b_download(self.gstin, PERIOD)
        self.assertEqual((again["already_queued"], again["sync_log"]), (True, first["sync_log"]))
        self.assertEqual(self.enqueued.call_count, 1)

    def test_bad_input_is_a_validation_error_and_reasons_are_checked(self):
        with self.assertRaises(frappe.ValidationError):
            api.get_comparison(self.gstin, "13-2026")
        with self.assertRaises(frappe.ValidationError):
            api.get_difference_documents(self.gstin, PERIOD, reason="BOGUS")


class TestTable4AndPeriodClose(ReturnsCase):
    gstin = HAND_GSTIN

    def _load(self):
        with sandbox_at(HAND, self.gstin, PERIOD, TODAY) as (_server, client):
            self.download_ims(client)

    def test_table4_on_hand_worked_figures(self):
        self._load()
        result = api.get_comparison(self.gstin, PERIOD)
        rows = {row["row"]: row["local"] for row in result["table4"]}
        self.assertEqual(
            rows["4A(5)"], {"igst": 18900.0, "cgst": 900.0, "sgst": 900.0, "cess": 0.0, "total": 20700.0}
        )
        self.assertEqual(rows["4C"], rows["4A(5)"])
        self.assertEqual(rows["4D(2)"]["igst"], 1000.0)
        for row in ("4A(1)", "4A(3)", "4A(4)", "4B(1)", "4B(2)", "4D(1)"):
            self.assertEqual(rows[row]["total"], 0.0, row)
        blocks = {b["block"]: b for b in result["blocks"]}
        self.assertEqual(blocks["ITC Rejected"]["local"]["igst"], 3600.0)
        self.assertIsNone(blocks["ITC Available"]["gstn"])
        self.assertEqual(result["left_out"], 2)  # INV-4 and CN-2, pending
        self.assertIn("4A(5)\t18,900.00\t900.00\t900.00\t0.00", result["copy_local"])
        self.assertEqual(result["supplier_add_back"]["total"], 0.0)
        # Rejecting the credit note adds its tax back to the supplier's liability (FAQ 34).
        set_actions([self.name_of(HAND[3])], "Rejected", source="User")
        self.assertEqual(api.get_comparison(self.gstin, PERIOD)["supplier_add_back"]["igst"], 900.0)
        # The SQL preview is the core's GSTR-2B of the same rows.
        local, _ = preview.local_summary(scopes.build(self.gstin, PERIOD))
        self.assertEqual(block_nets(local), block_nets(self.core_summary()))
        self.assertEqual(block_nets(local)[Block.NOT_AVAILABLE].igst, 100_000)

    def test_itc_at_stake_per_supplier_is_the_cores(self):
        from india_ims.gst_india.returns import itc_at_stake

        self._load()
        charts = api.get_charts(self.gstin, PERIOD, top=50)
        sql = {row["supplier_gstin"]: float(row["at_stake"]) for row in charts["top_suppliers"]}
        # INV-3 rejected 3,600 + INV-4 pending 5,000; CN-2 pending keeps the 450 acceptance would take.
        self.assertEqual(sql, {SUPPLIER: 8600.0, SUPPLIER_B: -450.0})
        scope = scopes.build(self.gstin, PERIOD)
        rows = load_rows(frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": self.gstin}, pluck="name"))
        core = itc_at_stake([record_state(row) for row in rows], scope.context, period=PERIOD)
        self.assertEqual(sql, {s.supplier_gstin: s.moved.total_tax / 100 for s in core.suppliers})
        trend = charts["trend"]
        self.assertEqual(trend["periods"][-1], PERIOD)
        last = {d["name"]: d["values"][-1] for d in trend["datasets"]}
        # Accepted (and deemed): 18,000 + 1,800 + 1,000 + CGST/SGST 1,800 - 900 (credit note).
        self.assertEqual(last, {"Accepted": 21700.0, "Rejected": 3600.0, "Pending": 4550.0})

    def test_the_charts_count_an_action_as_of_the_last_refresh(self):
        # The charts group by fig_action (written by the refresh, not by the action), so a user's
        # action moves none of the figures' indexes; the view refreshes first and shows it.
        self._load()
        inv3 = self.name_of(HAND[4])
        api.get_charts(self.gstin, PERIOD, top=50)
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, inv3, ["action", "fig_action"]),
                         ("Rejected", "Rejected"))
        set_actions([inv3], "Accepted", source="User")
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, inv3, "fig_action"), "Rejected")
        charts = api.get_charts(self.gstin, PERIOD, top=50)
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, inv3, "fig_action"), "Accepted")
        last = {d["name"]: d["values"][-1] for d in charts["trend"]["datasets"]}
        self.assertEqual(last, {"Accepted": 25300.0, "Rejected": 0.0, "Pending": 4550.0})
        by_action = charts["by_action"]
        rejected = by_action["labels"].index("Rejected")
        self.assertEqual(sum(d["records"][rejected] for d in by_action["datasets"]), 0)

    def test_period_close_freezes_rolls_pending_and_reopens(self):
        self._load()
        inv2, cn2, inv4 = self.name_of(HAND[1]), self.name_of(HAND[7]), self.name_of(HAND[5])
        set_actions([inv2], "Rejected", source="User")  # decided, never uploaded
        manager = helpers.user("ims-returns-manager@example.com", ["Accounts Manager"], self.company)
        clerk = helpers.user("ims-returns-clerk@example.com", ["Accounts User"], self.company)
        frappe.set_user(clerk)
        try:
            with self.assertRaises(frappe.PermissionError):
                api.mark_gstr3b_filed(self.gstin, PERIOD)
            frappe.set_user(manager)
            with self.assertRaises(frappe.ValidationError):  # an action was never uploaded
                api.mark_gstr3b_filed(self.gstin, PERIOD)
            plan = api.get_close_preview(self.gstin, PERIOD)
            # CN-2, a pending credit note, is in its window (October and November): it stays pending
            self.assertEqual((plan["not_uploaded"], plan["deemed_accepted"]), (1, 0))
            self.assertEqual((plan["records"], plan["leave_ims"], plan["stay_pending"]), (8, 6, 2))
            done = api.mark_gstr3b_filed(self.gstin, PERIOD, discard_not_uploaded=True)
            self.assertEqual(done["records"], len(HAND))
            # Frozen (FAQ 12): no action on the period's records.
            result = set_actions([self.name_of(HAND[0])], "Rejected", source="User", mode="valid_only")
            self.assertEqual(result["refused"][0]["code"], "FROZEN_3B_FILED")
            with self.assertRaises(frappe.PermissionError):
                api.reopen_period(self.gstin, PERIOD, "typo in the date")
        finally:
            frappe.set_user("Administrator")
        period = frappe.get_doc(RETURN_PERIOD, f"{self.gstin}-{PERIOD}")
        self.assertEqual((period.gstr3b_filed, period.gstr3b_filed_by), (1, manager))
        self.assertEqual(period.events[-1].event, "GSTR-3B Filed")
        # The unsent rejection dropped (GSTN froze No Action); logged as Rule.
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, inv2, "action"), "No Action")
        # CN-2, a pending credit note, may stay Pending till November's GSTR-3B (spec 1.8; advisory
        # of 17-Oct-2025, Q4): carried to November like any pending record, not deemed accepted yet.
        cn = frappe.db.get_value(
            INWARD_SUPPLY, cn2, ["gstn_action", "gstr2b_period", "carried_to", "pending_action_blocked"],
            as_dict=True,
        )
        self.assertEqual((cn.gstn_action, cn.gstr2b_period, cn.carried_to), ("Pending", PERIOD, NEXT))
        self.assertNotEqual(cn.pending_action_blocked, "Yes")
        # INV-4 stays pending and now counts in November, where accepting it gives its ITC.
        self.assertEqual(
            set_actions([inv4], "Accepted", source="User", mode="valid_only", override_reason="test")[
                "applied"
            ],
            1,
        )
        november = {b["block"]: b for b in api.get_comparison(self.gstin, NEXT)["blocks"]}
        # CN-2's 450 is not taken off: the note is still Pending in its window (October and November)
        self.assertEqual(november["ITC Available"]["local"]["igst"], 5000.0)
        set_actions([inv4], "Pending", source="User")
        # A form save cannot unfile it behind the log's back.
        period.gstr3b_filed = 0
        with self.assertRaises(frappe.PermissionError):
            period.save()
        with self.assertRaises(frappe.ValidationError):
            api.reopen_period(self.gstin, PERIOD, "  ")
        reopened = api.reopen_period(self.gstin, PERIOD, "marked filed by mistake: 3B not yet filed")
        self.assertEqual(reopened["restored"], reopened["changed_by_close"])
        period.reload()
        self.assertEqual((period.gstr3b_filed, period.events[-1].event), (0, "Reopened"))
        self.assertEqual(period.events[-1].reason, "marked filed by mistake: 3B not yet filed")
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, inv2, "action"), "Rejected")
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, cn2, "gstr2b_period"), PERIOD)
        self.assertEqual(
            set_actions([self.name_of(HAND[0])], "Rejected", source="User", mode="valid_only")["applied"], 1
        )

    def test_a_record_pending_through_a_filing_counts_where_it_was_carried_once_accepted(self):
        from india_ims.gst_india.rules.classify import is_frozen, target_period
        from india_ims.ims import figures_store
        from india_ims.ims.context import rule_context

        self._load()
        inv4 = self.name_of(HAND[5])
        api.mark_gstr3b_filed(self.gstin, PERIOD, discard_not_uploaded=True)
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, inv4, "carried_to"), NEXT)
        # Accepted after the filing and uploaded: GSTN now holds the acceptance.
        self.assertEqual(set_actions([inv4], "Accepted", source="User", mode="valid_only")["applied"], 1)
        frappe.db.set_value(INWARD_SUPPLY, inv4, {"gstn_action": "Accepted", "upload_pending": 0})
        state, context = record_state(load_rows([inv4])[0]), rule_context(self.gstin)
        self.assertEqual(str(target_period(state, context)), NEXT)
        self.assertFalse(is_frozen(state, context))
        figures_store.refresh([inv4])
        november = {b["block"]: b for b in api.get_comparison(self.gstin, NEXT)["blocks"]}
        # CN-2's 450 is not taken off: the note is still Pending in its window (October and November)
        self.assertEqual(november["ITC Available"]["local"]["igst"], 5000.0)
        # November is open: its action may still change
        result = set_actions([inv4], "Rejected", source="User", mode="valid_only")
        self.assertEqual(result["applied"], 1, result)
        # Reopened, October counts its own records again: nothing is carried any more.
        api.reopen_period(self.gstin, PERIOD, "marked filed by mistake")
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, inv4, "carried_to") or "", "")
