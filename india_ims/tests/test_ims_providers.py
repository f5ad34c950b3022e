"""Providers in a bench: IMS Settings to adapter, Test connection, certificate, default declaration."""

import datetime

import frappe

from india_ims.gstn.sandbox import TEST_OTP, SandboxServer, make_portal
from india_ims.ims import api, connection, gstn_link
from india_ims.ims.constants import INWARD_SUPPLY, SETTINGS
from india_ims.ims.download import apply_records
from india_ims.tests import helpers
from india_ims.tests.month_case import MonthCase

ROW_FIELDS = (
    "provider",
    "provider_base_url",
    "sandbox_environment",
    "api_key",
    "api_secret",
    "asp_id",
    "asp_secret",
)


def _certificate_pem(days: int) -> str:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.x509.oid import NameOID

    from india_ims.gstn.crypto import generate_rsa_private_key

    key = generate_rsa_private_key()
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "gstn-bench-test")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=days))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM).decode()


class TestImsProviders(MonthCase):
    MONTH = {"records": 40, "seed": 71}

    def setUp(self):
        super().setUp()
        frappe.set_user("Administrator")
        helpers.clear(self.gstin)
        # another test may have logged this GSTIN in; the session lives in IMS GSTN Session now
        gstn_link.forget_session(self.gstin)
        frappe.db.commit()
        settings = frappe.get_single(SETTINGS)
        self.saved = {
            f: settings.get(f) for f in ("gstn_certificate", "default_itc_declaration", "gsp_base_url")
        }

    def tearDown(self):
        settings = frappe.get_single(SETTINGS)
        for field, value in self.saved.items():
            settings.set(field, value)
        settings.gstn_certificate_file = None
        self._row(settings).update({"provider": "Local sandbox", "provider_base_url": None, "enabled": 0})
        settings.save(ignore_permissions=True)
        frappe.db.commit()
        helpers.clear(self.gstin)

    def _row(self, settings):
        return next(row for row in settings.company_gstins if row.gstin == self.gstin)

    def _set(self, settings_values=None, **row_values):
        settings = frappe.get_single(SETTINGS)
        settings.update(settings_values or {})
        self._row(settings).update(row_values)
        settings.save(ignore_permissions=True)
        frappe.db.commit()
        frappe.clear_document_cache(SETTINGS, SETTINGS)
        return settings

    def test_sandbox_provider_logs_in_tests_the_connection_and_downloads(self):
        portal = make_portal(
            self.month.ims_records, gstin=self.gstin, period=helpers.PERIOD, username="sandbox-user"
        )
        with SandboxServer(portal, dialect="sandbox-api") as server:
            creds = server.provider.credentials
            self._set(
                provider="Sandbox (api.sandbox.co.in)",
                provider_base_url=server.base_url,
                api_key=creds["api_key"],
                api_secret=creds["api_secret"],
            )
            adapter = gstn_link.client(self.gstin)
            self.assertEqual(type(adapter).__name__, "SandboxApiClient")
            before = {s["name"]: s["ok"] for s in connection.test_connection(self.gstin)["steps"]}
            before.pop("GSTN certificate", None)  # shown only where the site has one
            self.assertEqual(
                before, {"Settings": True, "Provider login": True, "OTP session": False, "Count call": None}
            )
            api.request_otp(self.gstin)
            api.login(self.gstin, TEST_OTP)
            steps = connection.test_connection(self.gstin)["steps"]
            self.assertTrue(all(step["ok"] for step in steps), steps)
            self.assertIn(f"{len(self.month.ims_records)} records in IMS", steps[-1]["words"])

    def test_wrong_key_is_said_in_words(self):
        portal = make_portal(
            self.month.ims_records, gstin=self.gstin, period=helpers.PERIOD, username="sandbox-user"
        )
        with SandboxServer(portal, dialect="sandbox-api") as server:
            self._set(
                provider="Sandbox (api.sandbox.co.in)",
                provider_base_url=server.base_url,
                api_key="key_test_wrong",
                api_secret="nope",
            )
            steps = connection.test_connection(self.gstin)["steps"]
        self.assertEqual(steps[1]["ok"], False)
        self.assertIn("HTTP 401", steps[1]["words"])

    def test_certificate_is_read_and_required_by_pass_through_providers(self):
        with self.assertRaises(frappe.ValidationError):  # an enabled GSTIN on a pass-through GSP
            self._set({"gstn_certificate": ""}, provider="TaxPro GSP", asp_id="A", asp_secret="S", enabled=1)
        frappe.db.rollback()
        settings = self._set(
            {"gstn_certificate": _certificate_pem(400)}, provider="TaxPro GSP", asp_id="A", asp_secret="S"
        )
        self.assertTrue(settings.gstn_certificate_valid_until)
        self.assertIn("gstn-bench-test", settings.gstn_certificate_subject)
        built = gstn_link.gstn_settings(self.gstin)
        self.assertTrue(built.encrypt and built.header_profile == "taxpro")
        steps = connection.test_connection(self.gstin)["steps"]
        step = next(s for s in steps if s["name"] == "GSTN certificate")
        self.assertTrue(step["ok"] and step["words"].startswith("Valid until"), step)
        self.assertEqual(built.credentials["asp_secret"], "S")  # stored as a Password, decrypted here only
        with self.assertRaises(frappe.ValidationError):
            self._set({"gstn_certificate": "not a certificate"})

    def test_bulk_accept_of_credit_notes_uses_the_default_declaration(self):
        apply_records(self.company, self.gstin, self.month.ims_records)
        frappe.db.commit()
        notes = frappe.get_all(
            INWARD_SUPPLY,
            filters={"company_gstin": self.gstin, "section": "b2bcn", "action": "No Action"},
            pluck="name",
        )
        self.assertTrue(notes)
        self._set({"default_itc_declaration": ""})
        refused = api.set_action(frappe.as_json(notes), "Accepted", mode="valid_only")
        self.assertIn("ITC_DECLARATION_REQUIRED", {r["code"] for r in refused["refused"]})
        self._set({"default_itc_declaration": "Y: reverse the credit note's full tax"})
        result = api.set_action(frappe.as_json(notes), "Accepted", mode="valid_only")
        declared = frappe.get_all(
            INWARD_SUPPLY, filters={"name": ("in", notes), "action": "Accepted"}, pluck="upload_itc_reduction"
        )
        self.assertEqual(result["applied"], len(declared))
        self.assertTrue(declared and set(declared) == {"Y"}, declared)
