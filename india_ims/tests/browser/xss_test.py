"""Hostile values in every text field reach the IMS Tool as text, never as markup (issue 11, item 1).

A supplier controls the document numbers and remarks GSTN sends; a colleague controls a remark, a
search and a supplier's name. The sandbox serves documents numbered like ``<img src=x onerror=...>``;
the walk downloads them and opens every view that shows them. Each payload would set
``window.__ims_xss`` (or open a JavaScript dialog, which fails the test too) if it ran.
"""

from __future__ import annotations

import pytest

from . import seed, tool

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def _no_script_ran(page):
    assert page.evaluate("() => window.__ims_xss") is None, "a hostile value ran as script"


def test_hostile_values_render_as_text_everywhere(desk, world):
    d = desk("Accounts Manager")
    page = tool.open_tool(d, world.period)
    tool.run_job(page, "Download from GSTN", otp=world.otp)
    for tab in ("match", "actions", "documents"):
        tool.show_tab(page, tab)
        _no_script_ran(page)
    # the search narrows to the hostile documents (and is itself hostile text)
    tool.search_documents(page, "__ims_xss", settle_ms=0)
    page.wait_for_function(
        "() => document.querySelectorAll('#page-ims-tool tr.ims-row').length >= 2", timeout=30_000
    )
    table = page.locator("#page-ims-tool .ims-documents").inner_text()
    # the GSTR-2B period of a record follows its filing, so not all of them need land in this period
    shown = [number for number in world.hostile_numbers if number in table]
    assert len(shown) >= 2, f"hostile numbers not shown as text: {table[:600]}"
    d.shot("20-xss-document-view")
    # every record's detail: the dialog title is the document number, the remarks are GSTN's
    for index in range(page.locator("#page-ims-tool tr.ims-row").count()):
        page.locator("#page-ims-tool tr.ims-row").nth(index).click()
        dialog = tool.modal(page)
        dialog.locator(".modal-title").wait_for()
        title = dialog.locator(".modal-title").inner_text()
        assert any(number[:10] in title for number in world.hostile_numbers), title
        _no_script_ran(page)
        if index == 0:
            d.shot("21-xss-record-detail")
            # a remark of our own, hostile too, goes with a Reject and comes back in the history
            dialog.locator("textarea[data-fieldname='remark']").fill(seed.HOSTILE[0])
            dialog.locator("button[data-action='Rejected']").click()
            page.wait_for_selector(".modal.show", state="detached", timeout=30_000)
            page.locator("#page-ims-tool tr.ims-row").nth(index).click()
            tool.modal(page).locator(".modal-title").wait_for()
            page.wait_for_timeout(500)
            _no_script_ran(page)
            # link candidates and their preview show the hostile number beside the books
            tool.modal(page).locator(".ims-link").click()
            page.wait_for_selector(".modal.show .modal-title:has-text('Link')", timeout=30_000)
            d.shot("22-xss-link-candidates")
            _no_script_ran(page)
        tool.close_modals(page)
    # refusals list the hostile numbers
    page.locator("#page-ims-tool .ims-select-page").check()
    tool.set_action_menu(page, "Accept")
    dialog = tool.modal(page)
    dialog.locator("textarea[data-fieldname='override_reason']").fill(seed.HOSTILE[1])
    dialog.locator("select[data-fieldname='mode']").select_option("all_or_nothing")
    dialog.locator(".btn-primary").click()
    # refused ones (if any: an override reason lets Accept through) are listed by number
    page.wait_for_timeout(3000)
    d.shot("23-xss-refusals")
    _no_script_ran(page)
    # hostile filters are sent as values, never rendered
    tool.close_modals(page)
    for fieldname, text in (("supplier_gstin", seed.HOSTILE[0]), ("search", seed.HOSTILE[1])):
        field = page.locator(f"#page-ims-tool input[data-fieldname='{fieldname}']")
        field.fill(text)
        field.press("Enter")
        page.wait_for_timeout(1500)
        _no_script_ran(page)
