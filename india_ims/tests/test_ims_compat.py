"""india_ims.compat against the Frappe this bench runs (15 or 16), and the framework calls the app makes
the same way on both: these fail if a Frappe version changes them."""

import inspect
import warnings
from urllib.parse import urlparse

import frappe
from frappe.utils import get_url_to_form
from frappe.utils.background_jobs import enqueue, is_job_enqueued

from india_ims import compat
from india_ims.ims import api, jobs
from india_ims.ims.constants import KIND_DOWNLOAD
from india_ims.tests.helpers import BaseTestCase


class TestImsCompat(BaseTestCase):
    def test_major_is_the_running_frappe(self):
        self.assertEqual(compat.frappe_major(), int(frappe.__version__.split(".")[0]))
        self.assertIn(compat.frappe_major(), (15, 16))

    def test_test_case_class_is_the_running_versions(self):
        expected = "IntegrationTestCase" if compat.frappe_major() >= 16 else "FrappeTestCase"
        self.assertEqual(compat.test_case_class().__name__, expected)
        self.assertTrue(issubclass(BaseTestCase, compat.test_case_class()))

    def test_desk_path_is_where_frappe_puts_a_form(self):
        for doctype, name in (("Purchase Invoice", "ACC-PINV-2026-00001"), ("IMS Sync Log", "IMS-SYNC-1")):
            self.assertEqual(urlparse(get_url_to_form(doctype, name)).path, compat.desk_path(doctype, name))
        self.assertTrue(compat.desk_path("ims-tool").startswith(compat.desk_prefix() + "/"))

    def test_limit_pages_lists_without_a_deprecation_warning(self):
        total = frappe.db.count("Company")
        self.assertGreaterEqual(total, 2)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            one = frappe.get_all("Company", pluck="name", limit=1)
            every = frappe.get_list("Company", pluck="name", limit=0)
        self.assertEqual(len(one), 1)
        self.assertEqual(len(every), total)
        self.assertEqual([str(w.message) for w in caught if "deprecat" in str(w.message).lower()], [])

    def test_list_page_pages_on_the_running_version(self):
        every = frappe.get_all("Company", pluck="name", order_by="name")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            second = frappe.get_all("Company", pluck="name", order_by="name", **compat.list_page(1, 1))
        self.assertEqual(second, every[1:2])
        self.assertEqual([str(w.message) for w in caught if "deprecat" in str(w.message).lower()], [])

    def test_job_api_takes_what_the_jobs_module_passes(self):
        # frappe.enqueue itself is patched in these tests (BaseTestCase); it is this function.
        taken = inspect.signature(enqueue).parameters
        for argument in ("queue", "timeout", "job_id", "deduplicate", "enqueue_after_commit"):
            self.assertIn(argument, taken)
        self.assertIs(jobs.is_job_enqueued, is_job_enqueued)
        self.assertFalse(is_job_enqueued(jobs.job_id(KIND_DOWNLOAD, "27AAAAA0000A1Z5", "102025") + "::none"))

    def test_whitelisted_arguments_are_checked_against_their_annotations(self):
        # Frappe validates them before the body runs: HTTP 417, on 15 and 16 alike.
        with self.assertRaises(frappe.FrappeTypeError) as refused:
            frappe.call(api.get_missing_in_ims, company_gstin=["27AAAAA0000A1Z5"], period="102025")
        self.assertEqual(refused.exception.http_status_code, 417)
        self.assertIn("company_gstin", str(refused.exception))

    def test_the_ims_workspace_sits_under_accounting_on_either_desk(self):
        if compat.frappe_major() < compat.V16:
            self.assertEqual(frappe.db.get_value("Workspace", "IMS", "parent_page"), "Accounting")
            return
        # v16 desk: the app's own icon inside the Accounting folder, and its sidebar, not the ones
        # Frappe would make from the workspace's shortcuts.
        fields = ["app", "standard", "parent_icon", "link_to"]
        icon = frappe.db.get_value("Desktop Icon", "IMS", fields, as_dict=True)
        self.assertEqual(list(icon.values()), ["india_ims", 1, "Accounting", "IMS"])
        items = frappe.get_all(
            "Workspace Sidebar Item", filters={"parent": "IMS"}, pluck="link_to", order_by="idx"
        )
        self.assertEqual(items[:2], ["IMS", "ims-tool"])
        self.assertIn("IMS Settings", items)
