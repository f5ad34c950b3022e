"""GSTN's text in the IMS Inward Supply Report View (/app/ims-inward-supply/view/report) stays text.

The jobs write GSTN's records in bulk, past Frappe's save-time cleaning. The report view draws each
cell and the sidebar's "Filter By" values as HTML: a document number such as ``<img src=x onerror=...>``
would run in either. Any payload that runs sets ``window.__ims_xss``; a JavaScript dialog or a console
error fails the test too (conftest)."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from . import seed
from .conftest import ADMIN_PASSWORD, SITE
from .draft_test import _downloaded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
DOCTYPE = "IMS Inward Supply"


def _no_script_ran(page):
    assert page.evaluate("() => window.__ims_xss") is None, "a hostile value ran as script"


def _group_by(page, fields):
    page.evaluate(
        "([doctype, fields]) => frappe.model.user_settings.save(doctype, 'group_by_fields', fields)",
        [DOCTYPE, fields],
    )
    page.wait_for_timeout(800)


def test_report_view_draws_hostile_document_numbers_as_text(desk, world):
    _downloaded(desk, world, seed.Rest(SITE, ADMIN_PASSWORD))
    d = desk("Accounts Manager")
    page = d.page
    hostile = quote('["like", "%__ims_xss%"]')
    url = f"{SITE}/app/ims-inward-supply/view/report?company_gstin={world.gstin}&document_number={hostile}"
    page.goto(url)
    page.wait_for_selector(".dt-scrollable .dt-row", timeout=60_000)
    # every column GSTN's text can reach: the number, the supplier's name, GSTN's remarks
    page.evaluate(
        """(doctype) => {
            ["document_number", "supplier_name", "remarks", "match_reason"].forEach((f) => {
                if (!cur_list.fields.some(([name, dt]) => name === f && dt === doctype))
                    cur_list.add_column_to_datatable(f, doctype, 1);
            });
        }""",
        DOCTYPE,
    )
    page.wait_for_timeout(2000)
    _no_script_ran(page)
    grid = page.locator(".dt-scrollable").inner_text()
    assert any(number in grid for number in world.hostile_numbers), grid[:600]
    d.shot("50-inward-supply-report-view")
    # the sidebar's Filter By on the document number lists GSTN's numbers
    _group_by(page, ["document_number"])
    try:
        page.goto(url)
        page.wait_for_selector(".dt-scrollable .dt-row", timeout=60_000)
        major = page.evaluate("() => parseInt((frappe.boot.versions || {}).frappe || '0', 10)")
        if major >= 16:
            # Frappe 16 no longer draws the sidebar's Filter By (ListGroupBy is never made): its list
            # filters by assignee, owner and tags only, never by a chosen field, so never GSTN's text
            pytest.skip("Frappe 16 has no sidebar Filter By on a chosen field")
        page.locator(".group-by-field a[data-fieldname='document_number']").first.click()
        page.wait_for_selector(".group-by-item .group-by-value", timeout=30_000)
        page.wait_for_timeout(1500)
        _no_script_ran(page)
        values = page.locator(".group-by-item .group-by-value").all_inner_texts()
        chosen = next((n for n in world.hostile_numbers if n in values), None)
        assert chosen, values[:20]
        d.shot("51-inward-supply-report-view-filter-by")
        # what a click filters on is the stored number, exactly
        carried = page.evaluate(
            """() => [...document.querySelectorAll('.group-by-item')]
                .map((li) => decodeURIComponent(li.getAttribute('data-value') || ''))"""
        )
        assert chosen in carried, carried[:20]
    finally:
        _group_by(page, None)
