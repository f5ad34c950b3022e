"""Browser tests of the IMS Tool: Playwright on Debian's chromium against a running bench site.

Run (as the bench user, from the bench, with its worker running):
    IMS_BROWSER_SITE=http://plain.localhost:8001 env/bin/python -m pytest -p no:cacheprovider \\
        apps/india_ims/india_ims/tests/browser
IMS_BROWSER_ADMIN_PASSWORD (default "admin"), IMS_BROWSER_SHOTS (screenshots, default /tmp/ims-shots),
IMS_BROWSER_CHROMIUM (default /usr/bin/chromium). Without IMS_BROWSER_SITE every test is skipped.
The same walk runs on plain ERPNext and beside India Compliance (seed.py detects it; gst_setup.py adds
the addresses with GSTINs and the GST Settings accounts it needs). ``bench serve`` serves one site per
port whatever the Host header: serve each site on its own port (``bench --site S serve --port P``, with
DEV_SERVER=1 so the desk reaches socket.io), run Frappe's realtime server (``node apps/frappe/socketio.js``:
without it each test fails on the Desk's socket.io console errors) and ``bench worker --queue
short,default,long``.
Frappe 15 and 16 Desks both: tool.open_awesomebar finds the search either desk has.

Files are named *_test.py: pytest collects them, Frappe's run-tests (test_*.py) does not, and nothing
here imports frappe or playwright at import time.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SITE = os.environ.get("IMS_BROWSER_SITE", "").rstrip("/")
ADMIN_PASSWORD = os.environ.get("IMS_BROWSER_ADMIN_PASSWORD", "admin")
SHOTS = Path(os.environ.get("IMS_BROWSER_SHOTS", "/tmp/ims-shots"))
CHROMIUM = os.environ.get("IMS_BROWSER_CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Console noise that is not the page's fault: the browser asks for a favicon the desk does not serve.
IGNORED = ("favicon.ico",)


def pytest_collection_modifyitems(config, items):
    if SITE:
        return
    skip = pytest.mark.skip(reason="IMS_BROWSER_SITE is not set (no bench site to test against)")
    for item in items:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def world():
    from . import seed

    built = seed.build(SITE, ADMIN_PASSWORD)
    yield built
    seed.clean(SITE, ADMIN_PASSWORD, built)


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


class Desk:
    """One logged-in browser page; every console error and uncaught exception is kept and fails the test."""

    def __init__(self, browser, user: str, password: str, width: int = 1366, height: int = 900):
        self.context = browser.new_context(viewport={"width": width, "height": height}, accept_downloads=True)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.errors.append(f"page error: {error}"))
        self.page.on("dialog", self._dialog)
        # Logged in from the page itself: the browser resolves *.localhost, Node's request client does not.
        self.page.goto(f"{SITE}/login")
        status = self.page.evaluate(
            """([usr, pwd]) => fetch('/api/method/login', {method: 'POST',
                headers: {'Content-Type': 'application/x-www-form-urlencoded'},
                body: new URLSearchParams({usr, pwd})}).then((r) => r.status)""",
            [user, password],
        )
        assert status == 200, f"login {user}: HTTP {status}"

    def _console(self, message):
        if message.type == "error" and not any(text in message.text for text in IGNORED):
            self.errors.append(f"console: {message.text}")

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def shot(self, name: str) -> Path:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        if self.page.locator(".modal.show").count():
            self.page.wait_for_timeout(600)  # let the dialog's fade-in finish
        self.page.screenshot(path=str(path), full_page=False)
        return path

    def close(self):
        self.context.close()


@pytest.fixture
def desk(browser, world):
    """desk(role, width=...) opens a page logged in as that role's user (Administrator for System Manager)."""
    from . import seed

    opened: list[Desk] = []

    def open_as(role: str = "System Manager", **size) -> Desk:
        user, password = ("Administrator", ADMIN_PASSWORD)
        if role != "System Manager":
            user, password = seed.USERS[role], seed.PASSWORD
        opened.append(Desk(browser, user, password, **size))
        return opened[-1]

    yield open_as
    errors = [error for d in opened for error in d.errors]
    dialogs = [text for d in opened for text in d.dialogs]
    for d in opened:
        d.close()
    assert not dialogs, f"a JavaScript dialog opened (script ran?): {dialogs}"
    assert not errors, "console errors:\n" + "\n".join(errors)
