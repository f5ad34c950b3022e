"""FAQ 13 on screen: a supplier files an invoice and amends it in the same period, so GSTR-2B carries
the amendment and leaves the original out. The Action Summary counts the original in a row of its
own, "Replaced by its amendment (FAQ 13)", and the amendment under its action; clicking the row opens
the Document View on the original alone, and the action's row opens its list without it. Every row's
list holds what the row counts.

The world's portal gets the pair for this test (a copy of one of its filed invoices, renumbered, and
its amendment at half the value, both of the world's supplier period); the other tests leave them be.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from . import seed, tool
from .conftest import ADMIN_PASSWORD, SITE
from .draft_test import _downloaded
from .left_ims_test import _listed
from .portal import add_from

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

LABEL = "Replaced by its amendment (FAQ 13)"
ORIGINAL, AMENDED = "REPL13-1", "REPL13-1A"


def _pair_on_portal(world) -> None:
    from india_ims.gst_india.documents import Action, Section
    from india_ims.tests.amended import halved_amendment

    def pick(record) -> bool:
        return (record.section is Section.B2B and record.supplier_filed and not record.reverse_charge
                and "<" not in record.document_number)

    def pair(base):
        original = replace(base, document_number=ORIGINAL, action=Action.NO_ACTION, checksum=None)
        return [original, halved_amendment(original, AMENDED)]

    add_from(world, pick, pair)


def _pair_on_site(desk, world):
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    _downloaded(desk, world, rest)
    _pair_on_portal(world)
    d = desk("Accounts Manager")
    page = tool.open_tool(d, world.period)
    mine = {"company_gstin": world.gstin, "document_number": ["in", [ORIGINAL, AMENDED]]}
    if len(rest.get_list("IMS Inward Supply", mine)) < 2:
        tool.run_job(page, "Download from GSTN", otp=world.otp)
    stored = rest.get_list("IMS Inward Supply", mine, fields=("document_number", "gstr2b_period", "action"))
    periods = {row["gstr2b_period"] for row in stored}
    assert len(stored) == 2 and len(periods) == 1, stored
    return d, tool.open_tool(d, periods.pop() or world.period), stored


def test_an_original_amended_in_its_own_period_has_its_own_row_and_opens_alone(desk, world):
    d, page, stored = _pair_on_site(desk, world)
    tool.show_tab(page, "actions")
    row = page.locator("#page-ims-tool tr.ims-replaced-row[data-kind='filed']")
    row.wait_for(timeout=60_000)
    assert LABEL in row.inner_text(), row.inner_text()
    counted = int(row.locator("td").nth(1).inner_text())
    assert counted >= 1  # the generated month may amend in its own period too
    # after the actions: nothing under it is acted on in GSTR-2B
    last = page.locator("#page-ims-tool .ims-tab-body tbody tr[data-kind='filed']").last
    assert last.get_attribute("class").startswith("ims-replaced-row") or "Left IMS" in last.inner_text()
    d.shot("68-action-summary-replaced-row")
    row.click()
    total, texts = _listed(page)
    assert total == counted, (total, counted)
    numbers = [n.strip() for n in page.locator("#page-ims-tool tr.ims-row td:nth-child(3)").all_inner_texts()]
    assert ORIGINAL in numbers and AMENDED not in numbers, (numbers, texts)
    # the list marks it beside its section, naming the amendment
    mark = page.locator("#page-ims-tool tr.ims-row", has_text=ORIGINAL).first.locator(".ims-replaced-mark")
    assert AMENDED in mark.inner_text(), mark.inner_text()
    note = page.locator("#page-ims-tool .ims-filter-note")
    assert f"{LABEL}: Only these" in note.inner_text(), note.inner_text()
    d.shot("69-replaced-row-drill")
    # its detail says which amendment replaces it
    page.locator("#page-ims-tool tr.ims-row", has_text=ORIGINAL).first.click()
    dialog = tool.modal(page)
    dialog.locator(".ims-replaced-note").wait_for(timeout=30_000)
    said = dialog.locator(".ims-replaced-note").inner_text()
    assert AMENDED in said and "FAQ 13" in said, said
    # no action on the original moves ITC there: the amendment's does
    effects = dialog.inner_text()
    assert f"Replaced by its amendment {AMENDED} of the same period" in effects, effects[-1500:]
    d.shot("69b-replaced-original-detail")
    tool.close_modals(page)
    # the amendment's action row lists it, not its original
    note.locator(".ims-clear-filters").click()
    page.wait_for_timeout(1500)
    action = next(r["action"] for r in stored if r["document_number"] == AMENDED) or "No Action"
    tool.show_tab(page, "actions")
    action_row = page.locator(f"#page-ims-tool tr.ims-drill[data-kind='filed'][data-action='{action}']")
    action_counted = int(action_row.locator("td").nth(1).inner_text())
    action_row.click()
    total, _texts = _listed(page)
    assert total == action_counted, (total, action_counted)
    tool.search_documents(page, "REPL13-")
    texts = page.locator("#page-ims-tool tr.ims-row").all_inner_texts()
    assert any(AMENDED in text for text in texts) and not any(
        ORIGINAL in text and AMENDED not in text for text in texts
    ), texts
    assert f"{LABEL}: Left out" in note.inner_text(), note.inner_text()
    d.shot("70-action-row-without-replaced")
    note.locator(".ims-clear-filters").click()
    page.wait_for_timeout(1500)
    assert page.locator("#page-ims-tool select[data-fieldname='replaced']").input_value() == ""
    d.close()
