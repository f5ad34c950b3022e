"""IMS Annual Return on screen: an Accounts Manager finds it from the awesomebar and records the day
the GSTIN's annual return (GSTR-9) for a past year was filed. A year written wrongly is refused with
the field named; the saved record is named by the GSTIN and the year as written the usual way. What
the date then does to Section 16(4) and the stored figures is test_ims_annual_return's (bench)."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from . import seed, tool
from .conftest import ADMIN_PASSWORD, SITE

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

LABEL = "IMS Annual Return"


def _past_year() -> tuple[int, date]:
    """The financial year before last (ended more than a year ago on every day) and a filing day in
    its following May, which is never after today."""
    today = datetime.now(ZoneInfo("Asia/Kolkata")).date()
    start = (today.year if today.month >= 4 else today.year - 1) - 2
    return start, date(start + 1, 5, 15)


def _open_new_form(page):
    tool.choose_from_awesomebar(page, LABEL)
    page.wait_for_function(
        "(label) => decodeURIComponent(location.pathname).includes(label.toLowerCase().replaceAll(' ', '-'))",
        arg=LABEL,
        timeout=30_000,
    )
    if "/new" not in page.evaluate("() => location.pathname"):
        page.locator(".page-actions .primary-action:visible").first.click()
    page.wait_for_function(
        "() => window.cur_frm && cur_frm.doctype === 'IMS Annual Return' && cur_frm.is_new()", timeout=30_000
    )


def test_an_accounts_manager_records_an_annual_return_from_the_awesomebar(desk, world):
    start, filed_on = _past_year()
    year = f"{start}-{(start + 1) % 100:02d}"
    name = f"{world.gstin}-{year}"
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    d = desk("Accounts Manager")
    page = d.page
    try:
        _open_new_form(page)
        field = "input[data-doctype='IMS Annual Return'][data-fieldname='{}']:visible"
        page.locator(field.format("company_gstin")).fill(world.gstin)
        page.locator(field.format("company_gstin")).press("Tab")
        year_input = page.locator(field.format("financial_year"))
        year_input.fill(f"{start}-{(start + 2) % 100:02d}")
        year_input.press("Tab")
        # the date through the form's own setter: the date picker's typed format is the user's setting
        page.evaluate("(day) => cur_frm.set_value('filed_on', day)", filed_on.isoformat())
        page.keyboard.press("Control+s")
        page.wait_for_selector(".modal.show .msgprint", timeout=30_000)
        refused = page.locator(".modal.show .msgprint").inner_text()
        assert "Financial Year" in refused and "is not a financial year" in refused, refused
        d.shot("50-annual-return-year-refused")
        # the refusal (HTTP 417, its traceback in developer mode) is the test's doing
        d.errors = [e for e in d.errors if "417" not in e and "is not a financial year" not in e]
        tool.close_modals(page)
        year_input.fill(f"FY {start}/{(start + 1) % 100:02d}")
        year_input.press("Tab")  # as a user leaves the field: its change reaches the form first
        page.wait_for_timeout(500)
        page.keyboard.press("Control+s")
        page.wait_for_function(
            "([name, year]) => window.cur_frm && !cur_frm.is_new() && cur_frm.doc.name === name"
            " && cur_frm.doc.financial_year === year && !cur_frm.is_dirty()",
            arg=[name, year],
            timeout=30_000,
        )
        # the year as written the usual way, on the saved form too
        shown = page.evaluate(
            "() => $(cur_frm.fields_dict.financial_year.wrapper)"
            ".find('input:visible, .control-value:visible')"
            ".map((i, el) => el.value || el.innerText).get().join(' ')"
        )
        assert year in shown, shown
        saved = rest.get(LABEL, name)
        assert (saved["company_gstin"], saved["financial_year"], saved["filed_on"]) == (
            world.gstin, year, filed_on.isoformat()
        ), saved
        assert saved["recorded_by"] == seed.USERS["Accounts Manager"], saved
        d.shot("51-annual-return-saved")
    finally:
        if rest.get_list(LABEL, {"name": name}):
            rest.call("frappe.client.delete", doctype=LABEL, name=name)
