"""The IMS Register on screen: the month's records per action above its rows, and Download Full
Register writing every record as CSV, as many as the summary counts. Any console error fails it."""

from __future__ import annotations

import csv
import io

import pytest

from . import seed
from .conftest import ADMIN_PASSWORD, SITE
from .draft_test import _downloaded

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


def test_register_summary_counts_what_download_full_register_writes(desk, world):
    _downloaded(desk, world, seed.Rest(SITE, ADMIN_PASSWORD))
    d = desk("Accounts Manager")
    page = d.page
    query = f"company_gstin={world.gstin}&period={world.period}&period_of=GSTR-2B"
    page.goto(f"{SITE}/app/query-report/IMS Register?{query}")
    page.wait_for_selector(".dt-scrollable .dt-row", timeout=60_000)
    page.wait_for_selector(".report-summary .summary-item", timeout=30_000)
    summary = {
        item.locator(".summary-label").inner_text().strip(): item.locator(".summary-value").inner_text()
        for item in page.locator(".report-summary .summary-item").all()
    }
    records = int(summary["Records"].replace(",", ""))
    assert records > 0, summary
    d.shot("46-ims-register-summary")
    with page.expect_download(timeout=60_000) as started:
        page.get_by_role("button", name="Download Full Register").click()
    download = started.value
    assert download.suggested_filename == f"IMS Register {world.gstin} {world.period}.csv"
    with open(download.path(), encoding="utf-8-sig") as handle:
        table = list(csv.reader(io.StringIO(handle.read())))
    assert table[0][0] == "IMS Record"
    assert len(table) - 1 == records, (len(table) - 1, records)
    assert len({row[0] for row in table[1:]}) == records
