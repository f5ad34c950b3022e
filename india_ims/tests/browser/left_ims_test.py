"""FAQ 21 on screen: a record GSTN held Pending when the tool downloaded it, whose Section 16(4) deadline
has passed since, has left IMS. The Document View shows it as "Left IMS (Section 16(4), FAQ 21)" with
the deadline in the tooltip and no checkbox to act on it, its detail says so without action buttons,
and a bulk Accept over it counts it as skipped for that reason.

The world's portal serves two old invoices (dated two financial years before today, so the deadline,
30 November after the next year, is behind us on every day), held Pending, reported in the month
before the world's period (first seen filed now, they count in the GSTR-2B GSTN decides; the test
reads which). The sandbox would remove them as GSTN does (FAQ 21), so for this one download it
serves them as it did before their deadline. The other tests act on rows that have not left IMS."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from india_ims.gst_india.periods import day_label

from . import seed, tool
from .conftest import ADMIN_PASSWORD, SITE
from .draft_test import _downloaded
from .portal import add_from

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

LABEL = "Left IMS (Section 16(4), FAQ 21)"
NUMBERS = ("OLD164-A", "OLD164-B")


def _old_pending_invoices(world) -> date:
    """Two old invoices on the portal, held Pending; their Section 16(4) deadline."""
    from india_ims.gst_india.documents import Action
    from india_ims.gst_india.periods import ReturnPeriod, section_16_4_deadline

    today = datetime.now(ZoneInfo("Asia/Kolkata")).date()
    period = str(ReturnPeriod.parse(world.period).previous())
    day = date(today.year - 2, 4, 10)

    def pick(record) -> bool:
        return record.section.value == "b2b" and record.supplier_filed and "<" not in record.document_number

    add_from(world, pick, lambda base: [
        replace(base, document_number=number, document_date=day, supplier_return_period=period,
                action=Action.PENDING, checksum=None)
        for number in NUMBERS
    ])
    return section_16_4_deadline(day)


def _download_with_them_still_in_ims(page, world) -> None:
    portal = world.sandbox.portal
    portal.expire_section_16_4 = lambda: 0  # as GSTN served them before their deadline
    try:
        tool.run_job(page, "Download from GSTN", otp=world.otp)
    finally:
        del portal.expire_section_16_4


def _left_on_site(desk, world):
    """The two old invoices downloaded (once for the session's world): the desk, the tool open on
    the period they count in, their deadline, that period."""
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    _downloaded(desk, world, rest)
    deadline = _old_pending_invoices(world)
    d = desk("Accounts Manager")
    page = tool.open_tool(d, world.period)
    mine = {"company_gstin": world.gstin, "document_number": ["like", "OLD164-%"]}
    if len(rest.get_list("IMS Inward Supply", mine)) < len(NUMBERS):
        _download_with_them_still_in_ims(page, world)
    period = rest.get_list("IMS Inward Supply", mine, fields=("gstr2b_period",))[0]["gstr2b_period"]
    period = period or world.period
    return d, tool.open_tool(d, period), deadline, period


def test_a_record_kept_pending_past_section_16_4_reads_as_left_ims(desk, world):
    d, page, deadline, _period = _left_on_site(desk, world)
    tool.show_tab(page, "documents")
    tool.search_documents(page, "OLD164-", settle_ms=0)
    page.wait_for_function(
        "() => document.querySelectorAll('#page-ims-tool tr.ims-row.ims-left').length === 2", timeout=30_000
    )
    rows = page.locator("#page-ims-tool tr.ims-row")
    assert rows.count() == 2, rows.all_inner_texts()
    shown_deadline = page.evaluate("(d) => frappe.datetime.str_to_user(d)", str(deadline))
    for i in range(2):
        row = rows.nth(i)
        pill = row.locator(".ims-left-ims")
        assert pill.inner_text().strip() == LABEL
        assert pill.get_attribute("data-deadline") == str(deadline)
        assert shown_deadline in pill.get_attribute("title"), pill.get_attribute("title")
        assert "FAQ 21" in pill.get_attribute("title")
        assert row.locator("input.ims-select").is_disabled()
        # GSTN's action stays what it last held; no "Pending" pill in the Local Action column
        assert "Pending" in row.inner_text()
    # nothing on the page can be selected: the page's checkbox is not ticked
    assert not page.locator("#page-ims-tool input.ims-select-page").is_checked()
    d.shot("59-document-view-left-ims")
    # its detail: the same pill, the deadline in words, and no action to take
    rows.first.click()
    dialog = tool.modal(page)
    dialog.locator(".ims-left-ims-note").wait_for(timeout=30_000)
    note = dialog.locator(".ims-left-ims-note").inner_text()
    assert LABEL in note and shown_deadline in note, note
    assert dialog.locator("button[data-action]").count() == 0
    assert dialog.locator("textarea.ims-text[data-fieldname='remark']").count() == 0
    # no table of what each action would do, nor whether Pending is allowed: none can be taken
    assert "Effect of each action" not in dialog.inner_text()
    assert "Pending allowed" not in dialog.inner_text()
    d.shot("60-record-detail-left-ims")
    tool.close_modals(page)
    # Accept on everything the search matches: both are skipped, and the result says why
    tool.set_action_menu(page, "Accept")
    ask = tool.modal(page)
    ask.locator(".ims-left-note").wait_for(timeout=10_000)
    ask.locator(".btn-primary").click()
    reasons = page.locator(".modal.show .ims-refused-reasons")
    reasons.wait_for(timeout=60_000)
    item = page.locator(".modal.show .ims-refused-reasons li[data-code='NOT_IN_IMS']")
    text = item.inner_text()
    assert re.match(r"^\s*2\b", text), text
    assert "Left IMS (Section 16(4), FAQ 21): skipped" in text and day_label(deadline) in text, text
    assert page.locator(".modal.show .ims-refusals tbody tr").count() == 2
    said = page.locator(".modal.show .modal-body p").first.inner_text()
    assert said.startswith("No document took the action: the 2 listed below were refused"), said
    d.shot("61-bulk-accept-skips-left-ims")
    tool.close_modals(page)
    # the Action Summary counts them in a row of their own, not under Pending, and says why no ITC
    # figure counts them
    tool.show_tab(page, "actions")
    line = page.locator("#page-ims-tool .ims-left-ims-stake")
    line.wait_for(state="visible", timeout=60_000)
    row = page.locator("#page-ims-tool tr.ims-left-ims-row[data-kind='filed']")
    assert LABEL in row.inner_text() and row.locator("td").nth(1).inner_text().strip() == "2"
    said = line.inner_text()
    assert said.startswith("2 records have left IMS (Section 16(4), FAQ 21; their row above)"), said
    assert "can no longer be claimed" in said, said
    d.shot("62-action-summary-left-ims")


def _listed(page) -> tuple[int, list[str]]:
    """The Document View's total and the numbers on its page, once it has drawn."""
    page.wait_for_selector("#page-ims-tool .ims-tabs .nav-link.active[data-tab='documents']", timeout=30_000)
    body = "document.querySelector('#page-ims-tool .ims-tab-body')?.innerText || ''"
    page.wait_for_function(f"() => /documents, page/.test({body})", timeout=60_000)
    page.wait_for_timeout(500)
    said = page.locator("#page-ims-tool .ims-tab-body").inner_text()
    total = tool.count_in(said, r"([\d,]+) documents, page")
    return total, page.locator("#page-ims-tool tr.ims-row").all_inner_texts()


def _held_pending(rest, world, period) -> tuple[str, str] | None:
    """One record still in IMS set Pending locally, so the Action Summary has a Pending row to open
    (the world's records are acted on otherwise): its name and the action to give back; None when
    the period already has one."""
    mine = {"company_gstin": world.gstin, "gstr2b_period": period,
            "document_number": ["not like", "OLD164-%"]}
    if rest.get_list("IMS Inward Supply", {**mine, "action": "Pending"}, limit=1):
        return None
    quiet = {**mine, "action": "No Action", "gstn_action": "No Action", "pending_allowed": 1}
    found = rest.get_list("IMS Inward Supply", quiet, limit=1)
    assert found, "no record of the period can be held Pending"
    done = rest.call("india_ims.ims.api.set_action", names=[found[0]["name"]], action="Pending")
    assert done["applied"] == 1, done
    return found[0]["name"], "No Action"


def test_the_left_ims_row_opens_the_documents_it_counts_and_pending_leaves_them_out(desk, world):
    d, page, _deadline, period = _left_on_site(desk, world)
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    held = _held_pending(rest, world, period)
    if held:
        # the tool was opened before the record was held Pending: what it has read may not show it
        page = tool.open_tool(d, period)
    try:
        _drill_left_and_pending(d, page)
    finally:
        if held:
            rest.call("india_ims.ims.api.set_action", names=[held[0]], action=held[1])


def _drill_left_and_pending(d, page):
    tool.show_tab(page, "actions")
    row = page.locator("#page-ims-tool tr.ims-left-ims-row[data-kind='filed']")
    row.wait_for(timeout=60_000)
    counted = int(row.locator("td").nth(1).inner_text())
    assert counted == len(NUMBERS)  # the world's only records past Section 16(4)
    pending = page.locator("#page-ims-tool tr.ims-drill[data-kind='filed'][data-action='Pending']")
    pending_counted = int(pending.locator("td").nth(1).inner_text())
    row.click()
    total, texts = _listed(page)
    assert total == counted, (total, counted)
    page.wait_for_function(
        "(n) => document.querySelectorAll('#page-ims-tool tr.ims-row.ims-left').length === n", arg=counted,
        timeout=30_000,
    )
    assert sorted(n for n in NUMBERS if any(n in text for text in texts)) == list(NUMBERS), texts
    # the filter is said above the list, with the others, and clears with them
    note = page.locator("#page-ims-tool .ims-filter-note")
    assert f"{LABEL}: Only these" in note.inner_text(), note.inner_text()
    assert page.locator("#page-ims-tool select[data-fieldname='left_ims']").input_value() == "1"
    d.shot("63-left-ims-row-drill")
    # Pending's list is what its row counts: the records that have left IMS are not in it
    note.locator(".ims-clear-filters").click()
    page.wait_for_timeout(1500)
    tool.show_tab(page, "actions")
    page.locator("#page-ims-tool tr.ims-drill[data-kind='filed'][data-action='Pending']").click()
    total, texts = _listed(page)
    assert total == pending_counted, (total, pending_counted)
    assert page.locator("#page-ims-tool tr.ims-row.ims-left").count() == 0
    assert not any(n in text for n in NUMBERS for text in texts), texts
    assert f"{LABEL}: Left out" in note.inner_text(), note.inner_text()
    d.shot("64-pending-drill-without-left-ims")
    note.locator(".ims-clear-filters").click()
    page.wait_for_timeout(1500)
    assert note.inner_text().strip() == ""
    assert page.locator("#page-ims-tool select[data-fieldname='left_ims']").input_value() == ""
    # every row of both tables (filed, saved but not filed): its list holds what it counts
    rows = "#page-ims-tool .ims-tab-body tr.ims-drill, #page-ims-tool .ims-tab-body tr.ims-left-ims-row"
    tool.show_tab(page, "actions")
    page.wait_for_selector(rows, timeout=60_000)
    seen = []
    for i in range(page.locator(rows).count()):
        row = page.locator(rows).nth(i)
        counted = int(row.locator("td").nth(1).inner_text())
        said = (row.get_attribute("data-kind"), row.get_attribute("data-action"), counted)
        row.click()
        total, _texts = _listed(page)
        assert total == counted, (said, total)
        seen.append(said)
        note.locator(".ims-clear-filters").click()
        page.wait_for_timeout(1500)
        tool.show_tab(page, "actions")
        page.wait_for_selector(rows, timeout=60_000)
    assert ("filed", "Left IMS", len(NUMBERS)) in seen and ("filed", "Pending", pending_counted) in seen, seen
