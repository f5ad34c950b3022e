"""FAQ 16 in a bench: the supplier edits a saved document after the user acted on it."""

from dataclasses import replace

import frappe

from india_ims.gst_india.documents import Action, Section
from india_ims.ims import jobs, synclog
from india_ims.ims.actions import set_actions
from india_ims.ims.constants import ACTION_LOG, INWARD_SUPPLY, KIND_UPLOAD, SYNC_LOG
from india_ims.ims.rows import identity, row_name
from india_ims.tests import helpers
from india_ims.tests.helpers import BaseTestCase


class TestImsDownloadFaq16(BaseTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = helpers.company()
        month = helpers.month(records=40, seed=16)
        cls.gstin = month.recipient_gstin
        b2b = [i for i, r in enumerate(month.ims_records) if r.section is Section.B2B][:3]
        # three documents the supplier has saved, not filed: it may still edit them
        cls.records = [
            replace(r, supplier_filed=False, action=Action.NO_ACTION) if i in b2b else r
            for i, r in enumerate(month.ims_records)
        ]
        cls.saved = [cls.records[i] for i in b2b]
        helpers.register(cls.company, cls.gstin)

    def setUp(self):
        super().setUp()
        helpers.clear(self.gstin)

    def tearDown(self):
        helpers.clear(self.gstin)

    def _download(self, client):
        return helpers.download_job(self.gstin, self.company, client)[0]

    def _upload(self, client):
        log = helpers.new_log(KIND_UPLOAD, self.gstin, self.company, None)
        jobs.run_upload(log, self.gstin, gstn=client)
        return log

    def _name(self, record):
        return row_name(identity(self.gstin, record))

    def _row(self, name):
        return frappe.db.get_value(
            INWARD_SUPPLY, name, ["action", "gstn_action", "upload_pending"], as_dict=True
        )

    def _edit(self, server, record):
        amounts = replace(record.amounts, taxable_value=record.amounts.taxable_value + 100_00)
        server.portal.supplier_edit(record.key, amounts)

    def test_rule_faq16_a_supplier_edit_resets_an_action_not_yet_uploaded(self):
        edited, kept, _ = self.saved
        with helpers.sandbox(self.records, self.gstin) as (server, client):
            self._download(client)
            names = [self._name(edited), self._name(kept)]
            result = set_actions(names, "Accepted", source="User", mode="valid_only")
            frappe.db.commit()
            self.assertEqual(result["applied"], 2, result)
            self._edit(server, edited)
            # GSTN's status alone moves on the other one: not an edit, the local Accept stays
            helpers.portal_sets_action(server, kept.key, Action.PENDING)
            log = self._download(client)
            reset, pending = self._row(names[0]), self._row(names[1])
            self.assertEqual(
                (reset.action, reset.gstn_action, reset.upload_pending), ("No Action", "No Action", 0)
            )
            self.assertEqual(
                (pending.action, pending.gstn_action, pending.upload_pending), ("Accepted", "Pending", 1)
            )
            message = frappe.db.get_value(SYNC_LOG, log, "message")
            self.assertIn("the supplier edited the document (FAQ 16)", message)
            self.assertIn("(Accepted 1) were reset to GSTN's", message)
            logs = frappe.get_all(
                ACTION_LOG,
                filters={"inward_supply": names[0], "source": "Portal Sync"},
                fields=["old_action", "new_action", "remark"],
            )
            self.assertEqual(
                [(x.old_action, x.new_action, x.remark) for x in logs],
                [
                    (
                        "Accepted",
                        "No Action",
                        "the supplier edited the document (FAQ 16): "
                        "your Accepted, not yet uploaded, was reset",
                    )
                ],
            )
            upload = self._upload(client)
            sent = [item[0] for entry in synclog.references(upload) for item in entry.get("items", [])]
            self.assertEqual(sent, [names[1]], "the edited document's old Accept is never sent")
            self.assertNotIn(edited.key, server.portal.applied)
            self.assertIs(server.portal.states[edited.key].gstn_action, Action.NO_ACTION)

    def test_rule_faq16_an_uploaded_action_follows_gstn_when_the_edit_comes_back_as_no_action(self):
        _, _, uploaded = self.saved
        name = self._name(uploaded)
        with helpers.sandbox(self.records, self.gstin) as (server, client):
            self._download(client)
            set_actions([name], "Accepted", source="User", mode="valid_only")
            frappe.db.commit()
            self._upload(client)
            row = self._row(name)
            self.assertEqual((row.action, row.gstn_action, row.upload_pending), ("Accepted", "Accepted", 0))
            self._edit(server, uploaded)  # GSTN resets the recipient's action (FAQ 16)
            self._download(client)
        row = self._row(name)
        self.assertEqual((row.action, row.gstn_action, row.upload_pending), ("No Action", "No Action", 0))
        logs = frappe.get_all(
            ACTION_LOG,
            filters={"inward_supply": name, "source": "Portal Sync"},
            fields=["old_action", "new_action", "remark"],
        )
        self.assertEqual(
            [(x.old_action, x.new_action, x.remark) for x in logs],
            [("Accepted", "No Action", "Action changed on the GST portal")],
        )
