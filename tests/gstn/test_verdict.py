"""REQSTS verdicts per record (``gstn.verdict``): confirmed only where GSTN's report accounts for
every failure it counts; otherwise nothing more is believed until the section is read again."""

from __future__ import annotations

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gst_india.payload.ims_status import RecordError, RequestStatus
from india_ims.gstn.verdict import request_verdict

GSTIN = "27AAPFU0939F1ZV"
KEYS = [("b2b", GSTIN, f"INV-{n}", "102026") for n in range(1, 5)]


def _error(number="INV-2", supplier=GSTIN, period="102026"):
    return RecordError(Section.B2B, supplier, number, period, "IMSSAV0010", "previous action wrong")


def test_processed_confirms_every_record():
    verdict = request_verdict(KEYS, RequestStatus("P", 4, 0))
    assert verdict.confirmed == tuple(KEYS) and not verdict.failed and not verdict.unsure


def test_processed_with_errors_confirms_all_but_the_records_it_names():
    verdict = request_verdict(KEYS, RequestStatus("PE", 3, 1, record_errors=(_error(),)))
    assert set(verdict.confirmed) == set(KEYS) - {KEYS[1]} and set(verdict.failed) == {KEYS[1]}


def test_an_error_without_its_return_period_still_names_its_record():
    verdict = request_verdict(KEYS, RequestStatus("PE", 3, 1, record_errors=(_error(period=None),)))
    assert set(verdict.failed) == {KEYS[1]} and not verdict.unsure


def test_nothing_processed_confirms_nothing_and_names_the_refused():
    verdict = request_verdict(KEYS, RequestStatus("ER", 0, 1, "X", "no", record_errors=(_error(),)))
    assert not verdict.confirmed and set(verdict.failed) == {KEYS[1]} and not verdict.unsure


@pytest.mark.parametrize("status", [
    RequestStatus("PE", 3, 1, record_errors=(_error(supplier=""),)),  # names no supplier of the request
    RequestStatus("PE", 3, 1, record_errors=(_error(number="INV-99"),)),  # a document not sent
    RequestStatus("PE", 2, 2, record_errors=(_error(),)),  # counts two failures, lists one
    RequestStatus("PE", 2, 0),  # processed with errors, lists none
    RequestStatus("P", 3, 0, record_errors=(_error(),)),  # processed, yet lists an error
    RequestStatus("P", 4, 1),  # processed, yet counts a failure
    RequestStatus("P", 2, 0),  # processed fewer records than were sent
], ids=["no-supplier", "unknown-document", "err_cnt-above-listed", "PE-listing-none", "P-with-errors",
        "P-counting-failures", "proc_cnt-below-sent"])
def test_failures_the_report_does_not_place_confirm_nothing(status):
    verdict = request_verdict(KEYS, status)
    assert verdict.unsure and not verdict.confirmed
