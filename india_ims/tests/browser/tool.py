"""What a person does on the IMS Tool page, as Playwright steps (no frappe, no test of its own)."""

from __future__ import annotations

import re

from .conftest import SITE

JOB_TIMEOUT = 180_000


def open_tool(desk):
    page = desk.page
    page.goto(f"{SITE}/app/ims-tool")
    page.wait_for_selector(
        "#page-ims-tool .ims-tab-body table, #page-ims-tool .ims-tab-body .alert", timeout=60_000
    )
    return page


def modal(page):
    """The top-most open dialog."""
    return page.locator(".modal.show").last


def gstn_menu(page, label: str):
    page.locator("#page-ims-tool .inner-group-button[data-label='GSTN'] > button").click()
    page.locator(
        "#page-ims-tool .inner-group-button[data-label='GSTN'] .dropdown-item", has_text=label
    ).click()


def set_action_menu(page, label: str):
    page.locator("#page-ims-tool .inner-group-button[data-label='Set%20Action'] > button").click()
    page.locator(
        "#page-ims-tool .inner-group-button[data-label='Set%20Action'] .dropdown-item", has_text=label
    ).click()


def enter_otp(page, otp: str):
    dialog = modal(page)
    dialog.locator("input[data-fieldname='otp']").wait_for(timeout=30_000)
    dialog.locator("input[data-fieldname='otp']").fill(otp)
    dialog.locator(".btn-primary").click()


def wait_for_job(page, label: str, status: str = "Completed"):
    page.wait_for_function(
        """([label, status]) => {
            const text = document.querySelector('#page-ims-tool .ims-status')?.innerText || '';
            return text.includes(label + ': ' + status);
        }""",
        arg=[label, status],
        timeout=JOB_TIMEOUT,
    )


def show_tab(page, tab: str):
    page.locator(f"#page-ims-tool .ims-tabs .nav-link[data-tab='{tab}']").click()
    page.wait_for_selector("#page-ims-tool .ims-tab-body table", timeout=60_000)


def status_text(page) -> str:
    return page.locator("#page-ims-tool .ims-status").inner_text()


def count_in(text: str, pattern: str) -> int:
    found = re.search(pattern, text)
    return int(found.group(1).replace(",", "")) if found else 0
