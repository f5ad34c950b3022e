"""The month in pictures on the GSTR-2B & 3B Preview: ITC by action and match status, the suppliers
with the most ITC at stake (with their names in a table beside the chart) and the last 12 periods'
trend, each drawn by frappe-charts with figures in it; supplier-controlled names stay text. Any
console error fails the test (conftest)."""

from __future__ import annotations

import pytest

from .conftest import SITE
from .draft_test import _downloaded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# the height frappe-charts gives the bars of a chart (its dataset units), summed: 0 when it drew an empty
# frame (no data, or a screenshot taken before it drew)
BAR_HEIGHTS = """(selector) => [...document.querySelectorAll(selector + ' svg .dataset-units rect')]
    .reduce((sum, bar) => sum + (parseFloat(bar.getAttribute('height')) || 0), 0)"""


def test_the_month_in_pictures(desk, world):
    from . import seed
    from .conftest import ADMIN_PASSWORD

    _downloaded(desk, world, seed.Rest(SITE, ADMIN_PASSWORD))
    d = desk("Accounts Manager")
    page = d.page
    page.goto(f"{SITE}/app/ims-returns")
    page.wait_for_selector("select[data-fieldname='period']", timeout=60_000)
    page.locator("select[data-fieldname='company_gstin']").select_option(world.gstin)
    page.locator("select[data-fieldname='period']").select_option(world.period)
    page.wait_for_selector(".ims-returns table", timeout=60_000)
    page.wait_for_function(f"() => ({BAR_HEIGHTS})('.ims-chart-action') > 0", timeout=60_000)
    page.wait_for_selector(".ims-chart-trend svg path", timeout=60_000)
    titles = page.locator(".ims-r-charts").inner_text()
    for title in (
        "ITC by action and match status",
        "Suppliers with the most ITC at stake",
        "Accepted, rejected and pending ITC, last 12 periods",
    ):
        assert title in titles, title
    # suppliers whose records are rejected or pending are charted and listed by name; with none, it says so
    page.wait_for_function(
        f"() => ({BAR_HEIGHTS})('.ims-chart-suppliers') > 0 || "
        "document.querySelector('.ims-chart-suppliers .text-muted')",
        timeout=60_000,
    )
    if page.locator(".ims-r-stake").count():
        assert page.locator(".ims-r-stake tbody tr").count() >= 1
        assert page.evaluate(f"({BAR_HEIGHTS})('.ims-chart-suppliers')") > 0
        names = page.locator(".ims-r-stake").inner_text()
        if "Trader" in names:  # the world's hostile supplier name, shown as the text it is
            assert '<img src="x">' in names, names
    else:
        assert "No ITC at stake" in page.locator(".ims-chart-suppliers").inner_text()
    assert page.locator(".ims-r-charts img").count() == 0, "a supplier's name ran as markup"
    assert page.evaluate("() => window.__ims_xss") is None, "a hostile value ran as script"
    page.locator(".ims-r-charts").scroll_into_view_if_needed()
    page.wait_for_timeout(800)  # the charts' drawing animation
    d.shot("48-preview-charts")
