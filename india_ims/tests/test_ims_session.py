"""The GSTN session in a bench (issue 11 items 3 and 6, issue 10 bug 1): a settings save keeps it,
GSTN refusing it ends it at once with a code the tool acts on, its expiry reads in the site's time
zone, and the OTP flow's app key is never in the cache in clear."""

import base64
import json
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from unittest.mock import patch
from zoneinfo import ZoneInfo

import frappe
import frappe.client
from frappe.utils import get_system_timezone

from india_ims.gstn.client import GstnClient
from india_ims.gstn.errors import GstnAuthError
from india_ims.gstn.session import SessionState
from india_ims.ims import api, gstn_link, jobs
from india_ims.ims.constants import GSTN_SESSION, KIND_DOWNLOAD, LOGIN_REQUIRED, SETTINGS, SYNC_LOG
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

MANAGER = "ims.session.manager@example.com"


def _state(hours: float = 6, token: str = "token-1") -> SessionState:
    expires = time.time() + hours * 3600
    return SessionState(auth_token=token, expires_at=expires, sek=b"k" * 32, app_key=b"a" * 32)


class TestImsGstnSession(MonthCase):
    MONTH = {"records": 20, "seed": 71}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        helpers.user(MANAGER, ["Accounts User", "Accounts Manager"], cls.company)

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        helpers.clear(self.gstin)
        gstn_link._save_state(self.gstin, None)
        self.base_url = frappe.db.get_single_value(SETTINGS, "gsp_base_url")
        frappe.db.commit()

    def tearDown(self):
        frappe.set_user("Administrator")
        frappe.db.set_single_value(SETTINGS, "gsp_base_url", self.base_url)
        gstn_link._save_state(self.gstin, None)
        frappe.db.commit()
        helpers.clear(self.gstin)

    def test_saving_ims_settings_never_logs_a_gstin_out(self):
        gstn_link._save_state(self.gstin, _state())
        frappe.db.commit()
        # a save from Python, and one the way the form sends it (REST, as the document it loaded)
        frappe.get_single(SETTINGS).save(ignore_permissions=True)
        self.assertTrue(gstn_link.session_valid(self.gstin))
        loaded = frappe.get_doc(SETTINGS).as_dict()
        frappe.client.save(json.loads(frappe.as_json(loaded)))
        frappe.db.commit()
        self.assertTrue(gstn_link.session_valid(self.gstin))
        self.assertEqual(gstn_link._load_state(self.gstin).auth_token, "token-1")

    def test_the_patch_moves_a_session_kept_on_the_settings_row(self):
        from frappe.utils.password import set_encrypted_password

        from india_ims.patches import move_gstn_sessions

        row = frappe.db.get_value("IMS Settings GSTIN", {"parenttype": SETTINGS, "gstin": self.gstin}, "name")
        old = _state(token="token-old")
        set_encrypted_password("IMS Settings GSTIN", row, json.dumps(old.to_dict()), "gstn_session")
        move_gstn_sessions.execute()
        frappe.db.commit()
        self.assertEqual(gstn_link._load_state(self.gstin).to_dict(), old.to_dict())
        left = frappe.db.sql(
            "select count(*) from `__Auth` where doctype = %s and fieldname = %s",
            ("IMS Settings GSTIN", "gstn_session"),
        )[0][0]
        self.assertEqual(left, 0)

    def test_only_a_system_manager_sees_the_session_store(self):
        gstn_link._save_state(self.gstin, _state())
        frappe.db.commit()
        frappe.set_user(MANAGER)
        with self.assertRaises(frappe.PermissionError):
            frappe.get_list(GSTN_SESSION)
        with self.assertRaises(frappe.PermissionError):
            frappe.client.get(GSTN_SESSION, self.gstin)

    def test_the_expiry_reads_in_the_sites_time_zone(self):
        expires = datetime(2026, 11, 30, 6, 30, tzinfo=timezone.utc).timestamp()
        gstn_link._save_state(self.gstin, SessionState("token-2", expires))
        zone = ZoneInfo(get_system_timezone())
        wall = datetime.fromtimestamp(expires, zone).replace(tzinfo=None)
        self.assertEqual(frappe.db.get_value(GSTN_SESSION, self.gstin, "valid_until"), wall)
        with stored_session(self.gstin, hours=2):
            status = api.get_session_status(self.gstin)
            state = gstn_link._load_state(self.gstin)
        expected = datetime.fromtimestamp(state.expires_at, zone)
        self.assertTrue(status["logged_in"])
        self.assertEqual(status["valid_until"], expected.strftime("%Y-%m-%d %H:%M:%S"))
        self.assertEqual(status["valid_until_time"], expected.strftime("%H:%M"))
        self.assertEqual(status["time_zone"], get_system_timezone())

    def test_a_session_gstn_refuses_is_forgotten_at_once_and_the_job_says_log_in_again(self):
        with helpers.sandbox(self.month.ims_records, self.gstin) as (server, client):
            gstn_link._save_state(self.gstin, client.session.state)
            frappe.db.commit()
            server.auth.sessions.clear()  # GSTN ends every session: AUTH4033 "invalid auth token"
            stored = GstnClient(server.client_settings(), session_state=gstn_link._load_state(self.gstin))
            log = helpers.new_log(KIND_DOWNLOAD, self.gstin, self.company)
            with self.assertRaises(GstnAuthError):
                jobs.run_download(log, self.gstin, helpers.PERIOD, gstn=stored, reconcile_after=False)
        failed = frappe.db.get_value(SYNC_LOG, log, ["status", "error_code", "message"], as_dict=True)
        self.assertEqual((failed.status, failed.error_code), ("Failed", LOGIN_REQUIRED))
        self.assertIn("Log in to GSTN again", failed.message)
        self.assertIn("AUTH4033", failed.message)
        self.assertIsNone(gstn_link._load_state(self.gstin))
        self.assertFalse(api.get_session_status(self.gstin)["logged_in"])
        self.assertIsNone(frappe.db.get_value(GSTN_SESSION, self.gstin, "valid_until"))

    def test_the_otp_app_key_is_encrypted_in_the_cache_and_the_login_still_works(self):
        key = b"K" * 32

        class Stub:
            """The client as far as the OTP flow uses it: the app key lives between two requests."""

            def __init__(self):
                self.session = type("S", (), {"pending_app_key": None})()

            def request_otp(self):
                self.session.pending_app_key = key

            def login(self, otp):
                if self.session.pending_app_key != key:
                    raise AssertionError("the app key did not survive between the two requests")
                return _state(token="token-otp")

        with patch.object(gstn_link, "client", side_effect=lambda gstin: Stub()):
            api.request_otp(self.gstin)
            cached = frappe.cache.get_value(gstn_link._PENDING_KEY.format(self.gstin))
            self.assertTrue(cached)
            self.assertNotIn(base64.b64encode(key).decode(), str(cached))
            self.assertNotIn("app_key", str(cached))
            result = api.login(self.gstin, "575757")
        self.assertTrue(result["logged_in"])
        self.assertEqual(gstn_link._load_state(self.gstin).auth_token, "token-otp")
        self.assertIsNone(frappe.cache.get_value(gstn_link._PENDING_KEY.format(self.gstin)))


@contextmanager
def stored_session(gstin: str, hours: float):
    """A stored session that expires ``hours`` from now, removed afterwards."""
    gstn_link._save_state(gstin, _state(hours, token="token-3"))
    try:
        yield
    finally:
        gstn_link._save_state(gstin, None)
