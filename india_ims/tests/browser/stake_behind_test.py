"""The IMS Tool's ITC at stake while the background refresh adds a download's records: the Action
Summary shows its cards at once with a note saying how many records are not in them yet (as text),
and asks again by itself until they are, when the note goes.

The site's month is small, so the server's answer is given the ``behind`` it sends while a lakh of
downloaded records waits for the refresh (``figures_store.behind``); the message carries markup to
prove it stays text. Any console error fails the test (conftest)."""

from __future__ import annotations

import pytest

from . import tool

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

HOSTILE = '100000 records written at 10:42 <img src=x onerror="window.__ims_xss=1"> are being added'


def test_itc_at_stake_while_records_are_being_added_says_so_and_fills_in_by_itself(desk, world):
    d = desk("Accounts User")
    page = d.page
    lagging = tool.answer_behind(
        page, "india_ims.ims.tool_api.get_itc_at_stake", {"behind": {"records": 100000, "message": HOSTILE}}
    )
    tool.open_tool(d, world.period)
    tool.show_tab(page, "actions")
    note = page.locator("#page-ims-tool .ims-stake-behind")
    note.wait_for(state="visible", timeout=60_000)
    assert "onerror" in note.inner_text()  # shown as text
    assert page.evaluate("() => window.__ims_xss") is None, "the note's text ran as script"
    # the cards are filled from the answer as it stands, not left at "…"
    card = page.locator("#page-ims-tool .ims-card-current")
    assert "₹" in card.inner_text(), card.inner_text()
    d.shot("65-itc-at-stake-while-records-are-added")
    # the refresh finishes: the tab asks again by itself and the note goes
    lagging["on"] = False
    lagged = lagging["asked"]
    note.wait_for(state="hidden", timeout=30_000)
    assert lagging["asked"] > lagged  # asked by the page itself: the test clicked nothing
    assert "₹" in card.inner_text()
    d.shot("66-itc-at-stake-complete-again")
