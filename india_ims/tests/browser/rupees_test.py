"""Negative rupees as a CA writes them, "-₹15,404.69" (Frappe's currency format reads "₹ -15,404.69"),
with Indian grouping, in the IMS Tool's record detail, its Action Summary and the GSTR-2B & 3B Preview.
A credit note's Accept takes ITC away: its effect is a negative figure on every site."""

from __future__ import annotations

import re

import pytest

from . import seed, tool
from .conftest import ADMIN_PASSWORD, SITE
from .draft_test import _downloaded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NEGATIVE = re.compile(r"-₹\d{1,3}(,\d{2})*(,\d{3})?\.\d{2}")
# every rupee figure: the symbol, then (after a minus, if any) the digits in Indian grouping
ANY_RUPEES = re.compile(r"₹\S*")
INDIAN = re.compile(r"^₹\d{1,3}(,\d{2})*(,\d{3})?\.\d{2}$")


def _figures_read_as_a_ca_writes_them(text: str) -> None:
    assert "₹ -" not in text and "₹ " not in text, text[:600]
    for figure in ANY_RUPEES.findall(text):
        assert INDIAN.match(figure.rstrip(".,;)")), figure


def test_a_credit_notes_effect_reads_minus_before_the_rupee(desk, world):
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    _downloaded(desk, world, rest)
    note = rest.get_list(
        "IMS Inward Supply",
        {"company_gstin": world.gstin, "document_type": "Credit Note", "gstn_action": ["!=", "Pending"]},
        fields=("name", "document_number"),
        limit=1,
    )[0]
    d = desk("Accounts Manager")
    page = tool.open_tool(d, world.period)
    tool.show_tab(page, "documents")
    tool.search_documents(page, note["document_number"])
    page.locator("#page-ims-tool tr.ims-row", has_text=note["document_number"]).first.click()
    dialog = tool.modal(page)
    dialog.locator(".modal-title").wait_for()
    dialog.locator("table").first.wait_for()
    text = dialog.inner_text()
    # Accepting the credit note takes its tax off the ITC: a negative figure, the minus first
    assert NEGATIVE.search(text), text[:800]
    _figures_read_as_a_ca_writes_them(text)
    d.shot("56-credit-note-detail-negative-rupees")
    tool.close_modals(page)
    # the Action Summary nets credit notes (minus figures) as GSTR-2B does
    tool.show_tab(page, "actions")
    page.wait_for_function(
        "() => !document.querySelector('#page-ims-tool .ims-card-moved')"
        " || document.querySelector('#page-ims-tool .ims-card-moved').innerText.includes('₹')",
        timeout=60_000,
    )
    _figures_read_as_a_ca_writes_them(page.locator("#page-ims-tool .ims-tab-body").inner_text())
    d.shot("57-action-summary-rupees")


def test_the_preview_writes_rupees_the_same_way(desk, world):
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    _downloaded(desk, world, rest)
    d = desk("Accounts Manager")
    page = d.page
    tool.open_preview(page, world)
    page.wait_for_selector(".ims-returns .ims-r-table4", timeout=60_000)
    text = page.locator(".ims-returns").inner_text()
    # the copy-ready Table 4 text is GSTN's plain figures, not rupees for reading
    shown = text.split("Copy Table 4")[0] + text.split("The month in pictures")[-1]
    _figures_read_as_a_ca_writes_them(shown)
    assert "₹" in shown
    page.locator(".ims-r-table4").scroll_into_view_if_needed()
    d.shot("58-preview-table4-rupees")
