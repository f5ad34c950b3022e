"""The month in pictures on the GSTR-2B & 3B Preview: ITC by action and match status, the suppliers
with the most ITC at stake (with their names in a table beside the chart) and the last 12 periods'
trend, each drawn by frappe-charts with figures in it; supplier-controlled names stay text; the axes
read in thousand / lakh / crore and the tooltips in full rupees with Indian grouping. Any console
error fails the test (conftest)."""

from __future__ import annotations

import re

import pytest

from . import tool
from .conftest import SITE
from .draft_test import _downloaded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

# the height frappe-charts gives the bars of a chart (its dataset units), summed: 0 when it drew an empty
# frame (no data, or a screenshot taken before it drew)
BAR_HEIGHTS = """(selector) => [...document.querySelectorAll(selector + ' svg .dataset-units rect')]
    .reduce((sum, bar) => sum + (parseFloat(bar.getAttribute('height')) || 0), 0)"""
# a y-axis label as a CA reads it: "0", "950", "15 K", "2 L", "1.25 Cr" (never frappe-charts' "200K", "1.2M")
AXIS_LABEL = re.compile(r"^-?\d{1,3}(,\d{2})*(,\d{3})?(\.\d{1,2})?( (K|L|Cr))?$")
# a figure in a tooltip: "₹12,34,567.00", "-₹15,404.69"
FULL_RUPEES = re.compile(r"^-?₹\d{1,3}(,\d{2})*(,\d{3})?\.\d{2}$")
AXIS_LABELS = """(selector) => [...document.querySelectorAll(selector + ' svg .y.axis text')]
    .map((t) => t.textContent.trim()).filter((t) => t)"""
# the centre of the tallest bar of a chart, where a hover shows its tooltip
TALLEST_BAR = """(selector) => {
    const bars = [...document.querySelectorAll(selector + ' svg .dataset-units rect')];
    const height = (bar) => parseFloat(bar.getAttribute('height')) || 0;
    const bar = bars.sort((a, b) => height(b) - height(a))[0];
    const box = bar.getBoundingClientRect();
    return [box.x + box.width / 2, box.y + Math.min(box.height / 2, 10)];
}"""


def test_the_month_in_pictures(desk, world):
    from . import seed
    from .conftest import ADMIN_PASSWORD

    _downloaded(desk, world, seed.Rest(SITE, ADMIN_PASSWORD))
    d = desk("Accounts Manager")
    page = d.page
    tool.open_preview(page, world)
    page.wait_for_selector(".ims-returns table", timeout=60_000)
    page.wait_for_function(f"() => ({BAR_HEIGHTS})('.ims-chart-action') > 0", timeout=60_000)
    page.wait_for_selector(".ims-chart-trend svg path", timeout=60_000)
    titles = page.locator(".ims-r-charts").inner_text()
    for title in ("ITC by action and match status", "Accepted, rejected and pending ITC, last 12 periods"):
        assert title in titles, title
    # (the suppliers' chart and its title are drawn when some ITC is at stake: run alone on a fresh
    # world, before the walk rejects anything, nothing is)
    assert "Suppliers with the most ITC at stake" in titles or "No ITC at stake" in titles, titles
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
    _axes_and_tooltips_in_indian_units(page)
    d.shot("49-preview-chart-tooltip")
    page.mouse.move(5, 5)  # the tooltip off the chart's title
    page.wait_for_timeout(400)
    d.shot("48-preview-charts")


def _axes_and_tooltips_in_indian_units(page):
    for chart in (".ims-chart-action", ".ims-chart-trend", ".ims-chart-suppliers"):
        labels = page.evaluate(f"({AXIS_LABELS})('{chart}')")
        if chart == ".ims-chart-suppliers" and not labels:
            continue  # no ITC at stake: no chart
        assert labels, f"{chart}: no y-axis labels"
        assert all(AXIS_LABEL.match(label) for label in labels), (chart, labels)
        assert any(label != "0" for label in labels), (chart, labels)
    # the stacked bars reach the month's largest figure: from a lakh on, the axis says lakh or crore
    tallest = page.evaluate(
        """(args) => frappe.xcall('india_ims.ims.returns.api.get_charts', args).then((charts) => {
            const by = charts.by_action;
            const stacked = (i) => by.datasets.reduce((s, d) => s + Math.max(0, d.values[i]), 0);
            return Math.max(0, ...by.labels.map((l, i) => stacked(i)));
        })""",
        {"company_gstin": page.locator("select[data-fieldname='company_gstin']").input_value(),
         "period": page.locator("select[data-fieldname='period']").input_value()},
    )
    action_labels = page.evaluate(f"({AXIS_LABELS})('.ims-chart-action')")
    if tallest >= 1e5:
        assert any(label.endswith((" L", " Cr")) for label in action_labels), (tallest, action_labels)
    # hovering the tallest bar: its tooltip gives the figures in full rupees
    x, y = page.evaluate(f"({TALLEST_BAR})('.ims-chart-action')")
    page.mouse.move(x, y)
    page.wait_for_function(
        "() => [...document.querySelectorAll('.ims-chart-action .graph-svg-tip .data-point-list li')]"
        ".some((li) => li.innerText.includes('₹'))",
        timeout=10_000,
    )
    values = page.evaluate(
        """() => [...document.querySelectorAll('.ims-chart-action .graph-svg-tip .tooltip-value')]
            .map((s) => s.textContent.trim()).filter((t) => t)"""
    )
    assert values and all(FULL_RUPEES.match(value) for value in values), values
