"""The GSTR-2B & 3B Preview while the background refresh is adding a big change: the page says so in
words (escaped), offers no Table 4 to copy, and asks again by itself until the figures are final.

The site's month is small, so the server's answer is given the ``behind`` it sends after a
10,000-record action (``figures_store.behind``); the message carries markup to prove it stays text.
Any console error fails the test (conftest)."""

from __future__ import annotations

import pytest

from . import tool

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HOSTILE = '10000 record(s) changed at 10:42 <img src=x onerror="window.__ims_xss=1"> are being added'


def test_figures_being_added_say_so_offer_no_copy_and_refresh_themselves(desk, world):
    d = desk("Accounts User")
    page = d.page
    # while behind the server sends no Table 4 to copy either
    behind = {"records": 10000, "changed_at": "", "message": HOSTILE}
    lagging = tool.answer_behind(
        page,
        "india_ims.ims.returns.api.get_comparison",
        {"behind": behind, "copy_local": None, "copy_gstn": None},
    )
    tool.open_preview(page, world)
    banner = page.locator(".ims-returns .ims-r-behind")
    banner.wait_for(timeout=60_000)
    assert "onerror" in banner.inner_text()  # shown as text
    assert page.evaluate("() => window.__ims_xss") is None, "the banner's text ran as script"
    assert page.locator(".ims-returns .ims-r-copy").count() == 0
    assert page.locator(".ims-returns .ims-r-copy-off").count() == 1
    d.shot("38-preview-while-records-are-being-added")
    page.locator(".ims-returns .ims-r-copy-off").scroll_into_view_if_needed()
    d.shot("38b-preview-table4-copy-off")
    # the job finishes: the page asks again by itself and the answer is final (no banner, a copy)
    lagging["on"] = False
    lagged = lagging["asked"]
    banner.wait_for(state="detached", timeout=30_000)
    page.locator(".ims-returns .ims-r-copy").first.wait_for(timeout=30_000)
    assert lagging["asked"] > lagged  # asked by the page itself: the test clicked nothing
    d.shot("39-preview-final-again")
