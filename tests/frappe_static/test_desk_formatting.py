"""How the Desk shows GST values (no frappe needed): a place of supply as "27-Maharashtra", a return period
as "Oct 2026", a section by its name, while the stored values stay "27", "102026" and "b2b". The JS
helpers run in Node where it is installed; the state names are checked against the core's either way."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from india_ims.gst_india.gstin import PLACE_OF_SUPPLY_CODES, STATE_NAMES

APP = Path(__file__).resolve().parents[2] / "india_ims"
FORMAT_JS = APP / "public" / "js" / "ims_format.js"
REPORT_FILTERS_JS = APP / "public" / "js" / "ims_report_filters.js"
INCLUDE = re.compile(r"""\{% include\s['"](.*)['"]\s%\}""")
ENTRY = re.compile(r'^\s*"(\d{2})":\s*"([^"]+)",?$', re.M)


def _state_map() -> dict[str, str]:
    text = FORMAT_JS.read_text(encoding="utf-8")
    body = text[text.index("function ims_place_of_supply") : text.index("function ims_period_label")]
    return dict(ENTRY.findall(body))


def test_place_of_supply_names_are_the_cores():
    names = _state_map()
    assert set(names) == set(PLACE_OF_SUPPLY_CODES)
    for code, name in names.items():
        assert name == STATE_NAMES.get(code, "Other Countries"), code


def _node(expression: str):
    """Evaluate ``expression`` after the format helpers, with the two frappe calls they use stubbed."""
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed")
    script = (
        "const __ = (text) => text;\n"
        + FORMAT_JS.read_text(encoding="utf-8")
        + f"\nprocess.stdout.write(JSON.stringify({expression}));\n"
    )
    done = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


def test_place_of_supply_reads_as_gst_documents_print_it():
    asked = '["27", "96", " 29 ", "27-Maharashtra", "", null, "<b>", "99", "7"]'
    shown = _node(f"{asked}.map(ims_place_of_supply)")
    assert shown == [
        *("27-Maharashtra", "96-Other Countries", "29-Karnataka", "27-Maharashtra"),
        *("", "", "<b>", "99", "7"),
    ]


def test_period_reads_as_a_month():
    shown = _node('["102026", "012027", "122025", "132026", "Oct 2026", "", null].map(ims_period_label)')
    assert shown == ["Oct 2026", "Jan 2027", "Dec 2025", "132026", "Oct 2026", "", ""]


def test_period_options_are_newest_first_and_keep_the_asked_one():
    options = _node('ims_period_options(["092026", "102026", "122025", "bad"], "032019")')
    assert options == [
        {"value": "102026", "label": "Oct 2026"},
        {"value": "092026", "label": "Sep 2026"},
        {"value": "122025", "label": "Dec 2025"},
        {"value": "032019", "label": "Mar 2019"},
    ]


def test_section_labels_name_every_ims_section():
    labels = _node('["b2b", "b2bcna", "ecoma", "impg"].map(ims_section_label)')
    assert labels == ["B2B Invoice", "Credit Note (amended)", "E-commerce Supply (amended)", "impg"]


def test_rupees_read_as_a_ca_writes_them():
    # the minus before the symbol, Indian grouping, two decimals; as the core's money.format_inr
    asked = '[-15404.69, 1234567, 0, -0.004, 0.005, 999.995, 12345678901.5, "1,000", null, "-7"]'
    assert _node(f"{asked}.map((v) => ims_inr(v))") == [
        *("-₹15,404.69", "₹12,34,567.00", "₹0.00", "₹0.00", "₹0.01", "₹1,000.00"),
        *("₹12,34,56,78,901.50", "₹0.00", "₹0.00", "-₹7.00"),
    ]


def test_rupees_match_the_cores_format_inr():
    from india_ims.gst_india.money import format_inr

    paise = [-1540469, 123456789, 0, 99, -100000000, 1, 12345678901234]
    shown = _node(f"{json.dumps(paise)}.map((p) => ims_inr(p / 100))")
    assert shown == [format_inr(p) for p in paise]


def test_chart_axis_reads_thousand_lakh_crore():
    asked = "[0, 950, 15000, 99999, 200000, 150000, 125000, 12000000, 99999999, -250000, 1e10, 1234, 0.004]"
    assert _node(f"{asked}.map(ims_inr_short)") == [
        *("0", "950", "15 K", "1 L", "2 L", "1.5 L", "1.25 L", "1.2 Cr", "10 Cr", "-2.5 L"),
        *("1,000 Cr", "1.23 K", "0"),
    ]


def test_charts_take_the_indian_formats():
    options = _node(
        "(() => { const o = ims_chart_money(); return [o.axisOptions.shortenYAxisNumbers,"
        " o.axisOptions.numberFormatter(2e5), o.tooltipOptions.formatTooltipY(-15404.69)]; })()"
    )
    assert options == [1, "2 L", "-₹15,404.69"]
    page = (APP / "gst_ims" / "page" / "ims_returns" / "ims_returns.js").read_text(encoding="utf-8")
    charts = page[page.index("render_charts(charts)") :]
    # every chart of rupees on the page: three of them, none left on frappe-charts' "200K"
    assert charts.count("new frappe.Chart(") == 3
    assert charts.count("ims_chart_money()") >= 3
    assert "format_currency" not in page


@pytest.mark.parametrize(
    "page", ["ims_returns/ims_returns.js", "ims_tool/ims_tool_views.js", "ims_tool/ims_tool_stake.js",
             "ims_tool/ims_tool_actions.js",
             "ims_supplier_view/ims_supplier_view.js"],
)
def test_pages_format_rupees_with_the_shared_helper(page):
    # Frappe's format_currency puts the minus after the symbol ("₹ -15,404.69")
    assert "format_currency(" not in (APP / "gst_ims" / "page" / page).read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "script",
    [
        APP / "gst_ims" / "report" / "ims_register" / "ims_register.js",
        APP / "gst_ims" / "report" / "ims_supplier_itc_at_stake" / "ims_supplier_itc_at_stake.js",
        APP / "gst_ims" / "doctype" / "ims_inward_supply" / "ims_inward_supply_list.js",
        APP / "gst_ims" / "page" / "ims_tool" / "ims_tool.js",
        APP / "gst_ims" / "page" / "ims_supplier_view" / "ims_supplier_view.js",
        APP / "gst_ims" / "page" / "ims_returns" / "ims_returns.js",
        *sorted((APP / "gst_ims" / "doctype").glob("*/*_list.js")),
    ],
    ids=lambda path: path.name,
)
def test_desk_scripts_include_the_helpers_they_call(script):
    text = script.read_text(encoding="utf-8")
    included = INCLUDE.findall(text)
    for path in included:
        assert (APP.parent / path).exists(), path
    helpers = (
        *("ims_place_of_supply", "ims_period_label", "ims_period_options", "ims_desk_formatters"),
        *("ims_inr", "ims_chart_money"),
    )
    if any(name in text for name in helpers) or "ims_report_" in text:
        assert "india_ims/public/js/ims_format.js" in included
    if "ims_report_" in text:
        assert "india_ims/public/js/ims_report_filters.js" in included


def test_report_period_filters_are_selects_of_labelled_periods():
    text = REPORT_FILTERS_JS.read_text(encoding="utf-8")
    assert 'fieldname: "period"' in text and 'fieldtype: "Select"' in text
    # the raw "(MMYYYY)" hint is gone from every report's filters
    for script in (APP / "gst_ims" / "report").glob("*/*.js"):
        assert "MMYYYY" not in script.read_text(encoding="utf-8"), script.name
