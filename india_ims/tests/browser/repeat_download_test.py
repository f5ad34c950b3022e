"""A download run again when nothing changed at GSTN, as the daily schedule does: the accountant reads
on the status line's tooltip and in the Sync Log that the sections came exactly as last time and were
counted unchanged without being read again, with every record counted, and nothing written."""

from __future__ import annotations

import re

import pytest

from . import tool

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

UNREAD = "counted unchanged without being read again"
DOWNLOAD = "Download from GSTN"


def test_a_download_run_again_counts_the_unchanged_sections_without_reading_them(desk, world):
    d = desk("Accounts Manager")
    page = tool.open_tool(d, world.period)
    tool.run_job(page, DOWNLOAD, otp=world.otp)  # whatever earlier tests changed is written now
    tool.run_job(page, DOWNLOAD, otp=world.otp)
    status = page.locator("#page-ims-tool .ims-status .indicator", has_text=f"{DOWNLOAD}:").first
    tooltip = status.get_attribute("title") or ""
    assert UNREAD in tooltip, tooltip
    assert re.search(r"\b0 new, 0 changed\b", tooltip), tooltip
    status.locator("a", has_text=DOWNLOAD).click()
    page.wait_for_function("() => location.pathname.includes('/ims-sync-log/')", timeout=30_000)
    message = page.locator(".frappe-control[data-fieldname='message']")
    message.wait_for(timeout=30_000)
    form = page.locator(".page-container:visible").inner_text()
    assert UNREAD in form and "Traceback" not in form, form[:800]
    received = re.search(r"Records Received\s*([\d,]+)", form)
    unchanged = re.search(r"Records Unchanged\s*([\d,]+)", form)
    assert received and unchanged and received.group(1) == unchanged.group(1) != "0", form[:800]
    for close in page.locator("#alert-container .desk-alert .close").all():
        if close.is_visible():
            close.click()  # the jobs' toasts, read already, would cover the message
    page.wait_for_timeout(900)
    message.scroll_into_view_if_needed()
    d.shot("85-sync-log-download-unread")
