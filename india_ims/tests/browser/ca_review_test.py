"""What a careful chartered accountant checks between the 14th and the 20th, beyond the walk: values read
as GST documents print them (a place of supply "27-Maharashtra", a period "Nov 2026", never "27" or
"112026"), two screens never give two different numbers for one thing without saying why, every row
that looks clickable opens something, and GSTN's text stays text in the DocType's own list and form.
Any console error fails a test (conftest)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from . import seed, tool
from .conftest import ADMIN_PASSWORD, SITE
from .draft_test import _downloaded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
PLACE = re.compile(r"^\d{2}-[A-Z][A-Za-z ()]+$")
MONTH = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4}$")
RAW_PERIOD = re.compile(r"\b(0[1-9]|1[0-2])20\d{2}\b")


def _label(period: str) -> str:
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    return f"{months[int(period[:2]) - 1]} {period[2:]}"


def _no_script_ran(page):
    assert page.evaluate("() => window.__ims_xss") is None, "a hostile value ran as script"


def test_record_detail_names_the_place_of_supply(desk, world):
    _downloaded(desk, world, seed.Rest(SITE, ADMIN_PASSWORD))
    d = desk("Accounts User")
    page = tool.open_tool(d, world.period)
    tool.show_tab(page, "documents")
    page.locator("#page-ims-tool tr.ims-row:not(.ims-left)").first.click()
    dialog = tool.modal(page)
    dialog.locator(".modal-title").wait_for()
    row = dialog.locator("tr", has_text="Place of Supply").first
    shown = row.locator("td").first.inner_text().strip()
    assert PLACE.match(shown), shown
    periods = dialog.locator("p", has_text="Supplier's filing period").inner_text()
    assert _label(world.period) in periods and not RAW_PERIOD.search(periods), periods
    d.shot("40-detail-place-of-supply")
    tool.close_modals(page)


def test_reconcile_alert_agrees_with_the_match_summary(desk, world):
    _downloaded(desk, world, seed.Rest(SITE, ADMIN_PASSWORD))
    d = desk("Accounts Manager")
    page = tool.open_tool(d, world.period)
    tool.run_job(page, "Reconcile")
    alert = page.locator("#alert-container .alert, .desk-alert", has_text="Reconcile: Completed").last
    alert.wait_for(timeout=30_000)
    text = alert.inner_text()
    d.shot("41-reconcile-alert")
    # it names both periods in words, never as MMYYYY
    assert "suppliers' filings for" in text and "GSTR-3B period" in text, text
    assert not RAW_PERIOD.search(text), text
    tool.show_tab(page, "match")
    total = page.locator("#page-ims-tool tr.ims-match-total td").nth(1).inner_text()
    said = re.search(r"as the Match Summary counts\): ([\d,]+) records", text)
    assert said and int(said.group(1).replace(",", "")) == int(total), (text, total)
    # each status's count in the alert is the table's
    for row in page.locator("#page-ims-tool tr.ims-drill").all():
        cells = row.locator("td")
        status, count = cells.nth(0).inner_text().strip(), cells.nth(1).inner_text().strip()
        assert f"{count} {status}" in text, (status, count, text)


def test_missing_in_ims_lists_the_invoices_it_counts(desk, world):
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    _downloaded(desk, world, rest)
    d = desk("Accounts Manager")
    page = tool.open_tool(d, world.period)
    # as an accountant does after booking invoices: the world's two unreported ones are then flagged
    tool.run_job(page, "Reconcile")
    books = rest.call("india_ims.ims.api.get_missing_in_ims", company_gstin=world.gstin, period=world.period)
    if not books["total"]:
        pytest.skip("every Purchase Invoice of the period is in IMS on this site")
    tool.show_tab(page, "match")
    row = page.locator("#page-ims-tool tr.ims-missing-in-ims")
    counted = int(row.locator("td").nth(1).inner_text())
    assert counted == books["total"]
    row.click()
    table = page.locator(".modal.show .ims-missing-table")
    table.wait_for(timeout=30_000)
    footer = tool.modal(page).inner_text()
    assert f"{counted} Purchase Invoices" in footer, footer[-300:]
    assert table.locator("tbody tr a").count() == min(counted, 50)
    # each invoice says why it is missing: the reconciliation's words, as text
    reasons = table.locator("tbody tr td:last-child").all_inner_texts()
    assert [r.strip() for r in reasons] == [(row.get("reason") or "").strip() for row in books["rows"]]
    assert any(r.startswith("not reported by the supplier in IMS") for r in reasons), reasons[:3]
    d.shot("42-missing-in-ims")
    tool.close_modals(page)


def test_a_filtered_tab_says_so_and_clears(desk, world):
    d = desk("Accounts User")
    page = tool.open_tool(d, world.period)
    note = page.locator("#page-ims-tool .ims-filter-note")
    assert note.inner_text().strip() == ""
    page.locator("#page-ims-tool select[data-fieldname='match_status']").select_option("Missing in PI")
    page.wait_for_timeout(1500)
    tool.show_tab(page, "actions")
    assert "Match Status: Missing in PI" in note.inner_text()
    d.shot("43-filtered-action-summary")
    note.locator(".ims-clear-filters").click()
    page.wait_for_timeout(1500)
    assert note.inner_text().strip() == ""
    assert page.locator("#page-ims-tool select[data-fieldname='match_status']").input_value() == ""


def _filter_shown(page, fieldname: str) -> tuple[str, str]:
    return tuple(
        page.evaluate(
            """(name) => { const s = document.querySelector(`.page-form [data-fieldname='${name}'] select`);
                return s ? [s.value, s.selectedOptions[0] ? s.selectedOptions[0].text : ''] : ['', '']; }""",
            fieldname,
        )
    )


@pytest.mark.parametrize("report", ["IMS Register", "IMS Supplier ITC at Stake"])
def test_reports_offer_periods_by_name_and_keep_the_value(desk, world, report):
    d = desk("Accounts Manager")
    page = d.page
    # as opened from the workspace: on the GSTIN and period last worked on in the tool
    seed.Rest(SITE, seed.PASSWORD, seed.USERS["Accounts Manager"]).call(
        "india_ims.ims.tool_api.remember_view", company_gstin=world.gstin, period=world.period
    )
    page.goto(f"{SITE}/app/query-report/{report}")
    page.wait_for_selector(".page-form [data-fieldname='period'] select", timeout=60_000)
    page.wait_for_function(
        "() => document.querySelector(\".page-form [data-fieldname='period'] select\").value !== ''",
        timeout=30_000,
    )
    value, label = _filter_shown(page, "period")
    assert (value, label) == (world.period, _label(world.period)), (value, label)
    options = page.locator(".page-form [data-fieldname='period'] select option").all_inner_texts()
    assert all(MONTH.match(text) for text in options if text.strip()), options[:5]
    gstin = page.locator(".page-form [data-fieldname='company_gstin'] input").input_value()
    assert gstin == world.gstin
    page.wait_for_timeout(2000)
    d.shot(f"44-{report.lower().replace(' ', '-')}-filters")
    # a route to a period older than the list offers keeps it, named
    page.goto(f"{SITE}/app/query-report/{report}?company_gstin={world.gstin}&period=042019")
    page.wait_for_timeout(3000)
    assert _filter_shown(page, "period") == ("042019", "Apr 2019")


def test_register_names_periods_and_sections(desk, world):
    d = desk("Accounts Manager")
    page = d.page
    query = f"company_gstin={world.gstin}&period={world.period}&period_of=GSTR-2B"
    page.goto(f"{SITE}/app/query-report/IMS Register?{query}")
    page.wait_for_selector(".dt-scrollable .dt-row", timeout=60_000)
    page.wait_for_timeout(1000)
    grid = page.locator(".dt-scrollable").inner_text()
    assert _label(world.period) in grid and not RAW_PERIOD.search(grid), grid[:600]
    assert "B2B Invoice" in grid
    _no_script_ran(page)


def test_inward_supply_list_and_form_read_as_gst_documents(desk, world):
    d = desk("Accounts Manager")
    page = d.page
    hostile = quote('["like", "%__ims_xss%"]')
    page.goto(f"{SITE}/app/ims-inward-supply?company_gstin={world.gstin}&document_number={hostile}")
    page.wait_for_selector(".list-row .list-subject a", timeout=60_000)
    page.wait_for_timeout(1000)
    _no_script_ran(page)
    listed = page.locator(".frappe-list").inner_text()
    assert any(number in listed for number in world.hostile_numbers), listed[:500]
    d.shot("45-inward-supply-list")
    page.locator(".list-row .list-subject a").first.click()
    page.wait_for_selector(".frappe-control[data-fieldname='place_of_supply'] .control-value", timeout=30_000)
    page.wait_for_timeout(1000)
    _no_script_ran(page)
    shown = lambda name: page.locator(  # noqa: E731
        f".frappe-control[data-fieldname='{name}'] .control-value"
    ).first.inner_text().strip()
    assert PLACE.match(shown("place_of_supply")), shown("place_of_supply")
    assert MONTH.match(shown("supplier_return_period")), shown("supplier_return_period")
    assert shown("section") in ("B2B Invoice", "B2B Invoice (amended)")
    assert any(number == shown("document_number") for number in world.hostile_numbers)
    # the periods read "Nov 2026": no description beside them says "MMYYYY"
    assert "MMYYYY" not in page.locator(".form-layout").first.inner_text()
    # written only through the tool's actions: no Save that could only fail
    assert not page.locator(".page-actions .primary-action:visible").count()
    d.shot("46-inward-supply-form")


def test_a_reconcile_log_shows_its_outcome_not_an_upload_receipt(desk, world):
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    _downloaded(desk, world, rest)
    logs = rest.get_list(
        "IMS Sync Log", {"company_gstin": world.gstin, "kind": "Reconcile", "status": "Completed"}, limit=1
    )
    assert logs, "the world was reconciled"
    d = desk("Accounts Manager")
    page = d.page
    page.goto(f"{SITE}/app/ims-sync-log/{logs[0]['name']}")
    page.wait_for_selector(".ims-sync-outcome", timeout=30_000)
    text = page.locator(".page-container:visible").first.inner_text()
    # a reconciliation saves nothing at GSTN: no "Saved at GSTN" figure, no receipt to export
    assert "Saved at GSTN" not in text and "Export receipt" not in text, text[:600]
    outcome = page.locator(".ims-sync-outcome").inner_text()
    assert not RAW_PERIOD.search(outcome), outcome
    shown = page.locator(".frappe-control[data-fieldname='return_period'] .control-value").first.inner_text()
    assert MONTH.match(shown.strip()), shown
    d.shot("47-reconcile-sync-log")


def test_supplier_view_offers_periods_by_name(desk, world):
    d = desk("Accounts Manager")
    page = d.page
    page.goto(f"{SITE}/app/ims-supplier-view?company_gstin={world.gstin}&period={world.period}")
    page.wait_for_function(
        "() => document.querySelector(\".page-form [data-fieldname='period'] select\")?.value", timeout=60_000
    )
    assert _filter_shown(page, "period") == (world.period, _label(world.period))
    page.goto(f"{SITE}/app/ims-supplier-view?company_gstin={world.gstin}&period=032019")
    page.wait_for_function(
        "() => document.querySelector(\".page-form [data-fieldname='period'] select\")?.value", timeout=60_000
    )
    assert _filter_shown(page, "period") == ("032019", "Mar 2019")
