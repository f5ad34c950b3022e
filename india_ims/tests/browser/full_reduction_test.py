"""A credit-note amendment GSTN holds as itcRedReq Y without declared amounts (spec 1.8: the full
reduction, on an amendment the difference from the earlier version) downloads with the month instead
of refusing it, and its detail says what GSTN holds rather than showing GSTN's figures as ₹0.00 of
reduction. Declaring the amounts stays the user's: the description asks for them.

The world's portal gets the amendment for this test (a copy of one of its credit notes, renumbered,
amending a note that is not among the world's records); the other tests do not act on it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from . import seed, tool
from .conftest import ADMIN_PASSWORD, SITE
from .draft_test import _downloaded
from .portal import add_from

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

NUMBER = "FULLCN-1"
SAID = "Y without amounts (the full reduction)"


def _amendment_on_portal(world) -> None:
    """A b2bcna of one of the portal's credit notes, held with itcRedReq Y and no amounts."""
    from india_ims.gst_india.documents import FULL_REDUCTION, Action, Section

    def pick(record) -> bool:
        return (record.section is Section.B2BCN and record.supplier_filed and not record.itc_reduction_blocked
                and "<" not in record.document_number)

    # its original is not among the world's records (an older credit note): the other tests' sums
    # keep their documents as they were
    add_from(world, pick, lambda base: [replace(
        base, section=Section.B2BCNA, document_number=NUMBER,
        original_number=f"OLD-{base.document_number}", original_date=base.document_date,
        action=Action.NO_ACTION, itc_reduction=FULL_REDUCTION, checksum=None,
    )])


def test_an_amendment_held_as_y_without_amounts_downloads_and_its_detail_says_so(desk, world):
    rest = seed.Rest(SITE, ADMIN_PASSWORD)
    _downloaded(desk, world, rest)
    _amendment_on_portal(world)
    d = desk("Accounts Manager")
    page = tool.open_tool(d, world.period)
    mine = {"company_gstin": world.gstin, "document_number": NUMBER}
    if not rest.get_list("IMS Inward Supply", mine):
        tool.run_job(page, "Download from GSTN", otp=world.otp)
    (stored,) = rest.get_list(
        "IMS Inward Supply", mine, fields=("name", "itc_reduction_required", "section", "gstr2b_period")
    )
    assert (stored["itc_reduction_required"], stored["section"]) == ("Full", "b2bcna"), stored

    # the tool opens on the GSTR-2B period the record counts in (GSTN decides it)
    page = tool.open_tool(d, stored["gstr2b_period"] or world.period)
    tool.show_tab(page, "documents")
    tool.search_documents(page, NUMBER)
    rows = page.locator("#page-ims-tool tr.ims-row", has_text=NUMBER)
    rows.first.wait_for(timeout=30_000)
    rows.first.click()
    dialog = tool.modal(page)
    control = dialog.locator(".frappe-control[data-fieldname='itc_reduction_required']")
    control.wait_for(timeout=30_000)
    help_text = control.inner_text()
    assert SAID in help_text, help_text
    assert "IGST ₹0.00" not in help_text, help_text
    control.scroll_into_view_if_needed()
    d.shot("67-full-reduction-detail")
    tool.close_modals(page)
    d.close()
