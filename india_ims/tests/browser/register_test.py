"""The IMS Register on screen, as a CA opens it from the awesomebar: the month's records per action
above its rows, every row of a short month shown, and Download Full Register writing every record once
as CSV, a remark that looks like a formula written as text. Then the period-close preview ("Mark GSTR-3B
Filed" on the GSTR-2B & 3B Preview page), whose grouped counts agree with the register's rows. Any
console error fails it."""

from __future__ import annotations

import csv
import io

import pytest

from india_ims.gst_india.export_text import FORMULA_STARTS

from . import seed, tool
from .conftest import ADMIN_PASSWORD, SITE
from .draft_test import _downloaded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# A clerk's remark a spreadsheet would run as a formula were it not written as text.
FORMULA_REMARK = '=HYPERLINK("http://example.com","bill not received")'
GUARDED = ("Number", "Supplier", "Remark")


def _no_script_ran(page):
    assert page.evaluate("() => window.__ims_xss") is None, "a hostile value ran as script"


def _pending_with_formula_remark(world) -> str:
    """One record of the period kept Pending with a remark that starts with '=' (the month's Pending
    record when another test made one, so the month's counts end as they were)."""
    clerk = seed.Rest(SITE, seed.PASSWORD, seed.USERS["Accounts Manager"])
    base = {"company_gstin": world.gstin, "gstr2b_period": world.period, "document_type": "Invoice",
            # not one of left_ims_test's, kept Pending past Section 16(4): no action is taken on them
            "document_number": ["not like", "OLD164-%"]}
    found = clerk.get_list("IMS Inward Supply", {**base, "action": "Pending"}, limit=1) or clerk.get_list(
        "IMS Inward Supply", {**base, "action": "No Action", "supplier_filing_status": "Filed"}, limit=1
    )
    assert found, "no record of the period to keep Pending"
    name = found[0]["name"]
    if clerk.get("IMS Inward Supply", name)["action"] == "Pending":
        # the same action again logs nothing: the clerk takes it back, then keeps it Pending anew
        clerk.call("india_ims.ims.api.set_action", names=[name], action="No Action")
    clerk.call("india_ims.ims.api.set_action", names=[name], action="Pending", remark=FORMULA_REMARK)
    return name


def _open_register_from_awesomebar(page, world):
    tool.choose_from_awesomebar(page, "IMS Register")
    page.wait_for_function(
        "() => decodeURIComponent(location.pathname).endsWith('/IMS Register')", timeout=30_000
    )
    # it opens on the user's last GSTIN and period; the CA picks the month to check
    page.locator(".page-form [data-fieldname='company_gstin']").first.wait_for(timeout=30_000)
    page.wait_for_function(
        "(gstin) => (frappe.query_report.get_filter_value('company_gstin') || '') === gstin",
        arg=world.gstin,
        timeout=30_000,
    )
    if page.evaluate("() => frappe.query_report.get_filter_value('period')") != world.period:
        page.evaluate("(p) => frappe.query_report.set_filter_value('period', p)", world.period)
    page.wait_for_selector(".dt-scrollable .dt-row", timeout=60_000)
    page.wait_for_selector(".report-summary .summary-item", timeout=30_000)
    page.wait_for_timeout(1000)


def _summary(page) -> dict[str, int]:
    return {
        item.locator(".summary-label").inner_text().strip(): int(
            item.locator(".summary-value").inner_text().replace(",", "").strip()
        )
        for item in page.locator(".report-summary .summary-item").all()
    }


def _screen_rows(page) -> list[dict]:
    """The rows the report holds on screen, as it holds them (the datatable renders these)."""
    return page.evaluate("() => frappe.query_report.data.map((r) => ({...r}))")


def test_register_from_the_awesomebar_and_download_full_register(desk, world):
    _downloaded(desk, world, seed.Rest(SITE, ADMIN_PASSWORD))
    remarked = _pending_with_formula_remark(world)
    d = desk("Accounts Manager")
    page = d.page
    _open_register_from_awesomebar(page, world)
    summary = _summary(page)
    records = summary["Records"]
    rows = _screen_rows(page)
    # a short month: every record on screen, no words about a cut-off list
    assert records == len(rows) > 0, (summary, len(rows))
    assert page.locator(".dt-scrollable .dt-row").count() == len(rows)
    assert sum(summary[a] for a in ("No Action", "Accepted", "Rejected", "Pending")) == records, summary
    for action in ("No Action", "Accepted", "Rejected", "Pending"):
        assert summary[action] == sum(1 for r in rows if r["action"] == action), (action, summary)
    assert page.evaluate("() => frappe.query_report.raw_data.message || null") is None
    # the portal's hostile document numbers are text on screen, not markup
    shown = page.locator(".dt-scrollable").inner_text()
    for number in world.hostile_numbers:
        assert number in shown, number
    _no_script_ran(page)
    d.shot("46-ims-register-summary")

    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name="Download Full Register").click()
    download = started.value
    assert download.suggested_filename == f"IMS Register {world.gstin} {world.period}.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        table = list(csv.reader(io.StringIO(handle.read())))
    header, body = table[0], table[1:]
    assert header[0] == "IMS Record"
    assert len(body) == records, (len(body), records)
    assert sorted(row[0] for row in body) == sorted(r["name"] for r in rows)  # each record once
    at = {label: header.index(label) for label in (*GUARDED, "Action")}
    by_name = {row[0]: row for row in body}
    assert by_name[remarked][at["Remark"]] == "'" + FORMULA_REMARK
    assert by_name[remarked][at["Action"]] == "Pending"
    for row in body:
        for label in GUARDED:
            assert not row[at[label]].startswith(FORMULA_STARTS), (label, row[at[label]])
    numbers = {row[at["Number"]] for row in body}
    assert set(world.hostile_numbers) <= numbers  # written as they are, markup and all


def test_period_close_preview_agrees_with_the_register(desk, world):
    """The counts "Mark GSTR-3B Filed" shows before anything is closed, against the register's rows of
    the same month: every record, those leaving IMS with the action GSTN holds, those GSTN holds
    Pending (they stay pending or are deemed accepted). The dialog is closed, nothing is filed."""
    _downloaded(desk, world, seed.Rest(SITE, ADMIN_PASSWORD))
    d = desk("Accounts Manager")
    page = d.page
    _open_register_from_awesomebar(page, world)
    rows = _screen_rows(page)
    held_pending = sum(1 for r in rows if r["gstn_action"] == "Pending")
    # the Supplier master's name a colleague typed with markup (Frappe keeps the tag, drops its onerror)
    assert "Trader <img" in page.locator(".dt-scrollable").inner_text()
    _no_script_ran(page)

    tool.open_preview(page, world)
    page.wait_for_selector(".ims-returns table", timeout=60_000)
    page.wait_for_timeout(1500)
    page.locator(".page-actions .menu-btn-group > button").click()
    page.locator(".page-actions .dropdown-menu .dropdown-item", has_text="Mark GSTR-3B Filed").click()
    dialog = tool.modal(page)
    dialog.wait_for(timeout=30_000)
    title = dialog.locator(".modal-title").inner_text()
    assert "Mark GSTR-3B of" in title and world.period not in title, title  # "Nov 2026", not "112026"
    counts = page.evaluate(
        "() => [...document.querySelectorAll('.modal.show [data-ims-close]')].reduce("
        "(o, e) => ({...o, [e.dataset.imsClose]: Number(e.dataset.value)}), {})"
    )
    assert counts["records"] == len(rows), (counts, len(rows))
    assert counts["leave_ims"] == len(rows) - held_pending, (counts, held_pending)
    assert counts["stay_pending"] + counts["deemed_accepted"] == held_pending, (counts, held_pending)
    _no_script_ran(page)
    d.shot("47-period-close-preview")
    tool.close_modals(page)
