"""What a person does on the IMS Tool page, as Playwright steps (no frappe, no test of its own)."""

from __future__ import annotations

import json
import re

from .conftest import SITE

JOB_TIMEOUT = 180_000


def open_tool(desk, period: str | None = None):
    """The tool as it opens (on the user's last GSTIN and period), or on ``period``."""
    page = desk.page
    page.goto(f"{SITE}/app/ims-tool")
    page.wait_for_selector(
        "#page-ims-tool .ims-tab-body table, #page-ims-tool .ims-tab-body .alert", timeout=60_000
    )
    select = page.locator("#page-ims-tool select[data-fieldname='period']")
    if period and select.input_value() != period:
        select.select_option(period)
        page.wait_for_timeout(1500)
        page.wait_for_selector("#page-ims-tool .ims-tab-body table", timeout=60_000)
    return page


def open_awesomebar(page) -> str:
    """The awesomebar's input, ready for typing: in Frappe 15's navbar, or in the search dialog Frappe 16
    opens from its sidebar (Ctrl+K); same input id, same awesomplete list, on both."""
    page.wait_for_selector("#navbar-search:visible, #navbar-modal-search", state="attached", timeout=60_000)
    if not page.locator("#navbar-search:visible").count():
        page.keyboard.press("Control+k")
    page.wait_for_selector("#navbar-search:visible", timeout=30_000)
    return "#navbar-search:visible"


def choose_from_awesomebar(page, words: str) -> None:
    """From the Desk's home, type ``words`` into the awesomebar and click the first entry naming them,
    as a user opens a page, report or form they know by name."""
    page.goto(f"{SITE}/app")
    search = open_awesomebar(page)
    page.type(search, words, delay=30)
    page.wait_for_function(
        "(words) => [...document.querySelectorAll('.awesomplete ul li')]"
        ".some((li) => li.innerText.includes(words))",
        arg=words,
        timeout=20_000,
    )
    page.locator(".awesomplete ul li", has_text=words).first.click()


def modal(page):
    """The top-most open dialog."""
    return page.locator(".modal.show").last


def modals_gone(page, timeout: int = 30_000):
    """Wait until no dialog is on screen: a dialog being hidden keeps its box (and takes the clicks
    meant for the page) until its fade ends, which a busy machine drags out."""
    page.wait_for_function(
        "() => [...document.querySelectorAll('.modal')].every((m) => getComputedStyle(m).display === 'none')",
        timeout=timeout,
    )


def close_modals(page):
    """Close every open dialog from its own close button, top first."""
    for _attempt in range(6):
        if not page.locator(".modal.show").count():
            return
        page.locator(".modal.show").last.locator(".btn-modal-close").click()
        page.wait_for_timeout(600)
    assert not page.locator(".modal.show").count(), "a dialog would not close"


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


def job_state(page, label: str) -> tuple[str, str]:
    """(status, finished-at timestamp) the status line shows for a job, ("", "") if none."""
    return tuple(
        page.evaluate(
            """(label) => {
                for (const span of document.querySelectorAll('#page-ims-tool .ims-status .indicator')) {
                    const text = span.innerText.replace(/\\s+/g, ' ');
                    if (!text.startsWith(label + ':')) continue;
                    const stamp = span.querySelector('.frappe-timestamp');
                    const shown = text.slice(label.length + 1).split('·')[0].trim();
                    return [shown, stamp ? stamp.dataset.timestamp : ''];
                }
                return ['', ''];
            }""",
            label,
        )
    )


def run_job(page, menu: str, label: str | None = None, *, status: str = "Completed", otp=None, on_otp=None):
    """Start a job from the GSTN menu and wait for this run (newer than the one shown) to reach
    ``status``; an OTP prompt on the way (GSTN refused the session) is answered."""
    label = label or menu
    before = job_state(page, label)[1]
    gstn_menu(page, menu)
    waited = 0
    while waited < JOB_TIMEOUT:
        if otp and page.locator(".modal.show input[data-fieldname='otp']").count():
            if on_otp:
                on_otp()
            enter_otp(page, otp)
            page.wait_for_timeout(1000)
        shown, stamp = job_state(page, label)
        if shown == status and stamp > before:
            return
        page.wait_for_timeout(1000)
        waited += 1000
    raise AssertionError(f"{label} did not reach {status}: {status_text(page)}")


def show_tab(page, tab: str):
    page.locator(f"#page-ims-tool .ims-tabs .nav-link[data-tab='{tab}']").click()
    page.wait_for_selector("#page-ims-tool .ims-tab-body table", timeout=60_000)


def status_text(page) -> str:
    return page.locator("#page-ims-tool .ims-status").inner_text()


def count_in(text: str, pattern: str) -> int:
    found = re.search(pattern, text)
    return int(found.group(1).replace(",", "")) if found else 0


def search_documents(page, text: str, settle_ms: int = 1500):
    """Type ``text`` in the Document View's search and press Enter (then let the page redraw)."""
    search = page.locator("#page-ims-tool input[data-fieldname='search']")
    search.fill(text)
    search.press("Enter")
    if settle_ms:
        page.wait_for_timeout(settle_ms)


def open_preview(page, world):
    """The GSTR-2B & 3B Preview on the world's GSTIN and period."""
    page.goto(f"{SITE}/app/ims-returns")
    page.wait_for_selector("select[data-fieldname='period']", timeout=60_000)
    page.locator("select[data-fieldname='company_gstin']").select_option(world.gstin)
    page.locator("select[data-fieldname='period']").select_option(world.period)


def answer_behind(page, method: str, extra: dict) -> dict:
    """Every answer of the whitelisted ``method`` (its dotted path) gets ``extra`` (a ``behind`` note,
    as the server sends while the background refresh adds a big change) for as long as ``lagging["on"]``
    stays true; ``lagging["asked"]`` counts the calls, so a test can tell the page asked again by itself.
    The site's month is small: this gives its real answers the shape a lakh of records would."""
    lagging = {"on": True, "asked": 0}

    def lagging_then_final(route):
        lagging["asked"] += 1
        response = route.fetch()
        body = response.json()
        if lagging["on"] and body.get("message"):
            body["message"].update(extra)
        route.fulfill(response=response, body=json.dumps(body))

    page.route(f"**/{method}*", lagging_then_final)
    return lagging

