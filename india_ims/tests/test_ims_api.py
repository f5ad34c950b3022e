"""Whitelisted APIs in a bench: rules-checked actions, roles, User Permissions on Company, job queueing."""

from unittest.mock import patch

import frappe
import frappe.client

from india_ims.ims import api, jobs
from india_ims.ims.constants import ACTION_LOG, INWARD_SUPPLY, KIND_DOWNLOAD, SYNC_LOG
from india_ims.tests import helpers

USER = "ims.accounts.user@example.com"
MANAGER = "ims.accounts.manager@example.com"


class TestImsApi(helpers.TwoCompanyTestCase):
    USER, MANAGER = USER, MANAGER
    OTHER_COMPANY, OTHER_ABBR = "IMS Other Company", "IMSOC"
    RECORDS, OTHER_RECORDS, SEED = 40, 10, 41

    def test_set_action_is_judged_by_the_rules_and_logged(self):
        names = self._names(self.gstin, section="b2b")[:3]
        frappe.set_user(USER)
        result = api.set_action(frappe.as_json(names), "Accepted", remark="checked")
        self.assertEqual(result["applied"], 3, result)
        frappe.set_user("Administrator")
        logs = frappe.get_all(
            ACTION_LOG, filters={"inward_supply": ("in", names)}, fields=["source", "new_action", "user"]
        )
        self.assertEqual({(x.source, x.new_action, x.user) for x in logs}, {("Bulk", "Accepted", USER)})
        self.assertEqual({r.upload_pending for r in helpers.rows(self.gstin) if r.name in names}, {1})

    def test_pending_where_gstn_blocks_it_is_refused_and_bulk_modes_differ(self):
        blocked = self._names(self.gstin, pending_allowed=0)
        allowed = self._names(self.gstin, pending_allowed=1, section="b2b")
        if not blocked:
            frappe.db.set_value(INWARD_SUPPLY, allowed[0], "pending_action_blocked", "Yes")
            blocked, allowed = [allowed[0]], allowed[1:]
        names = [blocked[0], allowed[0]]
        frappe.set_user(USER)
        strict = api.set_action(names, "Pending", mode="all_or_nothing")
        self.assertEqual(strict["applied"], 0)
        self.assertEqual([r["name"] for r in strict["refused"]], [blocked[0]])
        self.assertEqual(strict["refused"][0]["code"], "PENDING_BLOCKED")
        lenient = api.set_action(names, "Pending", mode="valid_only")
        self.assertEqual(lenient["applied"], 1)
        frappe.set_user("Administrator")
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, blocked[0], "action"), "No Action")
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, allowed[0], "action"), "Pending")

    def test_bulk_action_on_everything_the_filters_select(self):
        supplier = frappe.db.get_value(
            INWARD_SUPPLY, {"company_gstin": self.gstin, "section": "b2b"}, "supplier_gstin"
        )
        selected = set(self._names(self.gstin, section="b2b", supplier_gstin=supplier))
        frappe.set_user(USER)
        result = api.set_action_by_filter(
            self.gstin, "Rejected", filters=frappe.as_json({"section": "b2b", "supplier_gstin": supplier})
        )
        self.assertEqual(result["applied"] + len(result["refused"]), len(selected))
        with self.assertRaises(frappe.PermissionError):
            api.set_action_by_filter(self.other_gstin, "Rejected")
        frappe.set_user("Administrator")
        rejected = set(self._names(self.gstin, action="Rejected"))
        self.assertEqual(rejected, selected - {r["name"] for r in result["refused"]})

    def test_bulk_action_by_filter_reports_refusals_by_reason_and_logs_each_change_once(self):
        # Pending where GSTN blocks it is refused per record (the rules engine), counted by reason;
        # all or nothing writes nothing; valid only writes the rest, one Action Log row each.
        names = self._names(self.gstin)
        blocked = self._names(self.gstin, pending_allowed=0)
        if not blocked:
            frappe.db.set_value(INWARD_SUPPLY, names[0], "pending_action_blocked", "Yes")
            blocked = [names[0]]
        frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set action = 'Rejected' where name = %s", names[-1])
        before = {row.name: row.action for row in helpers.rows(self.gstin)}
        frappe.set_user(USER)
        strict = api.set_action_by_filter(self.gstin, "Pending", mode="all_or_nothing")
        self.assertEqual(strict["applied"], 0)
        reasons = {reason["code"]: reason["count"] for reason in strict["refused_by_reason"]}
        self.assertEqual(sum(reasons.values()), len(strict["refused"]))
        self.assertGreaterEqual(reasons.get("PENDING_BLOCKED", 0), len(blocked), reasons)
        frappe.set_user("Administrator")
        self.assertEqual({row.name: row.action for row in helpers.rows(self.gstin)}, before)
        self.assertFalse(frappe.db.count(ACTION_LOG, {"inward_supply": ("in", names)}))
        frappe.set_user(USER)
        lenient = api.set_action_by_filter(self.gstin, "Pending", remark="by filter")
        frappe.set_user("Administrator")
        after = {row.name: row.action for row in helpers.rows(self.gstin)}
        changed = {name for name in names if after[name] != before[name]}
        self.assertEqual(lenient["applied"], len(changed))
        self.assertEqual({after[name] for name in changed}, {"Pending"})
        self.assertTrue(set(blocked).isdisjoint(changed))
        logs = frappe.get_all(
            ACTION_LOG,
            filters={"inward_supply": ("in", names)},
            fields=["name", "inward_supply", "old_action", "new_action", "company", "company_gstin",
                    "remark"],
        )
        self.assertEqual(sorted(log.inward_supply for log in logs), sorted(changed))
        self.assertEqual({log.old_action for log in logs}, {before[name] for name in changed})
        self.assertEqual({(log.new_action, log.company, log.company_gstin, log.remark) for log in logs},
                         {("Pending", self.company, self.gstin, "by filter")})
        self.assertEqual(len({log.name for log in logs}), len(logs))

    def test_a_form_or_rest_save_cannot_change_the_action_behind_the_rules(self):
        name = self._names(self.gstin, section="b2b")[0]
        frappe.set_user(USER)
        doc = frappe.get_doc(INWARD_SUPPLY, name)
        doc.action = "Accepted"
        with self.assertRaises(frappe.PermissionError):
            doc.save()
        with self.assertRaises(frappe.PermissionError):
            frappe.client.set_value(INWARD_SUPPLY, name, "match_status", "Exact Match")
        frappe.set_user("Administrator")
        self.assertEqual(frappe.db.get_value(INWARD_SUPPLY, name, "action"), "No Action")

    def test_user_permission_on_company_is_honoured_everywhere(self):
        frappe.set_user(USER)
        self.assertEqual(api.get_documents(self.gstin, page_length=5)["total"], len(self.month.ims_records))
        with self.assertRaises(frappe.PermissionError):
            api.get_documents(self.other_gstin)
        with self.assertRaises(frappe.PermissionError):
            api.get_match_summary(self.other_gstin)
        with self.assertRaises(frappe.PermissionError):
            api.set_action(self._names(self.other_gstin)[:1], "Rejected")
        with self.assertRaises(frappe.PermissionError):
            api.start_download(self.other_gstin)
        visible = set(frappe.get_list(INWARD_SUPPLY, pluck="name", limit=0))
        self.assertEqual(visible, set(self._names(self.gstin)))

    def test_only_managers_upload_or_regenerate(self):
        frappe.set_user(USER)
        with self.assertRaises(frappe.PermissionError):
            api.start_upload(self.gstin)
        with self.assertRaises(frappe.PermissionError):
            api.start_regenerate(self.gstin, helpers.PERIOD)
        frappe.set_user(MANAGER)
        with patch("frappe.enqueue") as enqueue:
            queued = api.start_upload(self.gstin)
        self.assertFalse(queued["already_queued"])
        kwargs = enqueue.call_args.kwargs
        self.assertEqual(
            (kwargs["queue"], kwargs["job_id"], kwargs["deduplicate"]),
            ("long", f"india_ims::upload::{self.gstin}::all", True),
        )
        self.assertEqual(
            frappe.db.get_value(SYNC_LOG, queued["sync_log"], ["status", "requested_by"]), ("Queued", MANAGER)
        )

    def test_a_queued_job_is_not_queued_twice_and_a_dead_one_is_reported(self):
        with patch("frappe.enqueue") as enqueue:
            first = jobs.enqueue_job(KIND_DOWNLOAD, self.gstin, helpers.PERIOD)
            with patch.object(jobs, "is_job_enqueued", return_value=True):
                second = jobs.enqueue_job(KIND_DOWNLOAD, self.gstin, helpers.PERIOD)
            self.assertEqual(enqueue.call_count, 1)
            self.assertEqual(second, {**first, "already_queued": True})
            frappe.db.set_value(SYNC_LOG, first["sync_log"], "status", "Running")
            with patch.object(jobs, "is_job_enqueued", return_value=False):
                third = jobs.enqueue_job(KIND_DOWNLOAD, self.gstin, helpers.PERIOD)
        self.assertNotEqual(third["sync_log"], first["sync_log"])
        dead = frappe.db.get_value(SYNC_LOG, first["sync_log"], ["status", "message"], as_dict=True)
        self.assertEqual(dead.status, "Failed")
        self.assertIn("Interrupted", dead.message)

    def test_create_purchase_invoice_from_a_record_is_filled_not_saved(self):
        name = self._names(self.gstin, section="b2bcn")[:1] or self._names(self.gstin)[:1]
        record = frappe.db.get_value(
            INWARD_SUPPLY, name[0], ["document_number", "document_type"], as_dict=True
        )
        doc = api.create_purchase_invoice(name[0])
        self.assertEqual(doc["bill_no"], record.document_number)
        self.assertEqual(doc["company"], self.company)
        self.assertEqual(doc["is_return"], int(record.document_type == "Credit Note"))
        self.assertTrue(doc["__islocal"])
