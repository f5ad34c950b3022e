"""IMS Settings as the person who signs the company up with Vayana's Enriched API (EAS) fills it: found
from the awesomebar, the GSTIN's row opened, the provider chosen. The form then asks for what EAS's
sign-in takes, under EAS's own words (organisation id, login e-mail, password), and nothing another
provider needs; the password is kept as a password; Test connection says in words what happened,
here that Vayana's host does not answer (the test machine has no way out), with no traceback."""

from __future__ import annotations

import pytest

from . import seed, tool
from .conftest import ADMIN_PASSWORD, SITE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

EAS = "Vayana Enriched API (EAS)"
OWN_FIELDS = ("vayana_org_id", "vayana_email", "vayana_password")
OTHERS_FIELDS = ("api_key", "api_secret", "asp_id", "vayana_customer_id", "vayana_signing_key")
PASSWORD = "not-the-real-one-1"


def _open_settings(page):
    tool.choose_from_awesomebar(page, "IMS Settings")
    page.wait_for_function("() => location.pathname.includes('/ims-settings')", timeout=30_000)
    page.wait_for_selector(".frappe-control[data-fieldname='company_gstins'] .grid-row", timeout=30_000)


def _open_row(page, gstin: str):
    """The GSTIN's row of the Company GSTINs table, opened as its own form."""
    grid = page.locator(".frappe-control[data-fieldname='company_gstins']")
    grid.locator(".grid-body .grid-row", has_text=gstin).first.locator(".btn-open-row").click()
    form = page.locator(".grid-row-open")
    form.locator(".frappe-control[data-fieldname='provider'] select").wait_for(timeout=30_000)
    return form


def _shown(form, fieldname: str) -> bool:
    return form.locator(f".frappe-control[data-fieldname='{fieldname}']:visible").count() > 0


def _row_name(rest, gstin: str) -> tuple[str, dict]:
    settings = rest.get("IMS Settings", "IMS Settings")
    row = next(row for row in settings["company_gstins"] if row["gstin"] == gstin)
    return row["name"], row


def test_vayana_eas_asks_for_its_own_sign_in_and_test_connection_answers_in_words(desk, world):
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    name, before = _row_name(rest, world.gstin)
    try:
        _fill_and_test(desk, world)
        # what was saved: the provider and the sign-in, the password kept as a password
        _name, row = _row_name(rest, world.gstin)
        assert (row["provider"], row["vayana_org_id"], row["vayana_email"]) == (
            EAS, "org-browser", "accounts@example.com"
        ), row
        assert row.get("vayana_password") != PASSWORD, "the password came back in clear"
    finally:
        rest.call(
            "frappe.client.set_value",
            doctype="IMS Settings GSTIN",
            name=name,
            fieldname={
                "provider": before.get("provider") or "Local sandbox",
                "sandbox_environment": before.get("sandbox_environment"),
                "vayana_org_id": None,
                "vayana_email": None,
            },
        )


def _fill_and_test(desk, world):
    d = desk("System Manager")
    page = d.page
    _open_settings(page)
    form = _open_row(page, world.gstin)
    form.locator(".frappe-control[data-fieldname='provider'] select").select_option(EAS)
    page.wait_for_timeout(800)  # depends_on is evaluated on change
    assert all(_shown(form, field) for field in OWN_FIELDS), [f for f in OWN_FIELDS if not _shown(form, f)]
    others = [field for field in OTHERS_FIELDS if _shown(form, field)]
    assert not others, others
    assert _shown(form, "sandbox_environment")
    labels = form.inner_text()
    for words in ("Vayana organisation id", "Vayana login e-mail", "Vayana password"):
        assert words in labels, labels[:800]
    form.locator(".frappe-control[data-fieldname='vayana_org_id'] input").fill("org-browser")
    form.locator(".frappe-control[data-fieldname='vayana_email'] input").fill("accounts@example.com")
    form.locator(".frappe-control[data-fieldname='vayana_password'] input").fill(PASSWORD)
    form.locator(".frappe-control[data-fieldname='sandbox_environment'] select").select_option("test")
    page.wait_for_timeout(500)
    d.shot("80-ims-settings-vayana-eas-row")
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !cur_frm.is_dirty()", timeout=30_000)
    # Test connection, on this GSTIN: the prompt, then the answer in words
    page.locator(".page-actions button, .page-head button", has_text="Test connection").first.click()
    prompt = tool.modal(page)
    prompt.locator("select[data-fieldname='gstin']").select_option(world.gstin)
    prompt.locator(".btn-primary", has_text="Test").click()
    page.wait_for_function(
        "() => [...document.querySelectorAll('.modal.show')]"
        ".some((m) => m.innerText.includes('Provider login'))",
        timeout=120_000,
    )
    answer = tool.modal(page).inner_text()
    d.shot("81-ims-settings-vayana-eas-test-connection")
    assert "Provider login" in answer and "✘" in answer, answer[:800]
    assert "vayananet.com" in answer, answer[:800]  # the solo environment's sign-in host, named
    assert "Traceback" not in answer, answer[:800]
    tool.close_modals(page)
