"""SAVE -> REQSTS when GSTN processes only part of a request, end to end against the sandbox.

The sandbox's ``partial`` fault fails some records of a SAVE and answers REQSTS with its error report
in one of the spellings real answers use (``ims_status.REPORT_SHAPES``). Whatever the spelling, no
action is lost or applied twice: the refused records are never believed saved, the others are, and
a second run sends only the refused ones. Where the report cannot place its failures (the counts
without the report), nothing of the request is believed until the section is downloaded again.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.payload import ims_status
from india_ims.gstn.errors import GstnApiError, GstnSessionExpired
from india_ims.gstn.upload import Uploader, UploadItem

from .test_upload_faults import assert_consistent, plan

PLACED = [shape for shape in ims_status.REPORT_SHAPES if shape != "none"]


def _notes_only(rig) -> list[UploadItem]:
    rig.uploader.download()
    return [UploadItem(r, Action.REJECT) for r in rig.portal.in_ims(Section.B2BCN)[:6]]


@pytest.mark.parametrize("dialect", ["gstn", "sandbox-api"])
@pytest.mark.parametrize("shape", PLACED)
def test_partly_processed_save_counts_only_what_went_through_whatever_the_reports_spelling(
        rig_factory, shape, dialect):
    rig = rig_factory(dialect=dialect)
    items = plan(rig)
    rig.faults.add("partial", action="SAVE", records=3, report=shape)
    report = rig.uploader.run(items)
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert len(failed) == 3 and {o.error_code for o in failed} == {"IMS_TEMPORARY"}
    held = rig.portal.held()
    assert all(held[o.key] is not o.action for o in failed)
    assert rig.ledger.held == held and not report.refreshed_sections  # placed: no download needed
    again = rig.uploader.run(items)
    assert again.count("saved") == 3 and again.complete
    assert_consistent(rig, items)


@pytest.mark.parametrize("shape", ["short", "flat"])
def test_credit_notes_refused_in_a_report_keyed_cn_or_flat_are_the_notes_refused(rig_factory, shape):
    """A real report named credit notes under ``cn`` with ``inum`` (spec 1.8): the notes are found."""
    rig = rig_factory()
    items = _notes_only(rig)
    rig.faults.add("partial", action="SAVE", records=2, report=shape)
    report = rig.uploader.run(items)
    failed = {o.key for o in report.outcomes if o.status == "failed"}
    assert len(failed) == 2 and report.count("saved") == 4
    assert rig.ledger.held == rig.portal.held()


def test_processed_with_errors_without_a_report_believes_nothing_until_gstn_is_read_again(rig):
    items = plan(rig)
    rig.faults.add("partial", action="SAVE", records=3, report="none")
    report = rig.uploader.run(items)
    # The request's section was downloaded again, the refused records sent again (GSTN took them).
    assert "PE" in {r[3] for r in report.requests} and report.refreshed_sections
    assert report.complete and report.count("saved") == len(items)
    assert_consistent(rig, items)


def test_an_unreadable_status_answer_is_an_unknown_outcome_never_a_saved_one(rig):
    items = plan(rig)
    real = rig.client.request_status
    calls = []

    def garbled(reference_id):
        calls.append(reference_id)
        if len(calls) == 1:  # the first answer in a spelling nobody knows
            from india_ims.gst_india.errors import PayloadError
            raise PayloadError("unknown status 'DONE'", field="status_cd")
        return real(reference_id)

    rig.client.request_status = garbled
    report = rig.uploader.run(items)
    assert ("unreadable" in {r[3] for r in report.requests}) and report.refreshed_sections
    assert report.complete
    assert_consistent(rig, items)


def test_an_unreadable_status_of_a_request_left_in_flight_does_not_block_uploads_for_ever(rig):
    items = plan(rig)
    rig.faults.add("slow", action="SAVE", polls=40)
    first = rig.uploader.run(items)
    assert rig.ledger.in_flight and any(o.status == "waiting" for o in first.outcomes)
    from india_ims.gst_india.errors import PayloadError

    def garbled(reference_id):
        raise PayloadError("unknown status 'DONE'", field="status_cd")

    resumed = Uploader(rig.client, rig.ledger)
    real = rig.client.request_status
    rig.client.request_status = garbled
    try:
        resumed._resolve_in_flight(first)  # the stuck request is given up to a fresh download
    finally:
        rig.client.request_status = real
    assert not rig.ledger.in_flight and rig.ledger.uncertain_sections
    rig.portal.requests.clear()  # GSTN finished or forgot it; its effect is in the download
    again = resumed.run(items)
    assert again.complete
    assert rig.ledger.held == rig.portal.held()


def test_stale_previous_action_refused_with_gstns_published_code_is_learnt_and_retried(rig_factory):
    """Sandbox names IMSSAV0010 for a previous action GSTN no longer holds: the section is read again
    and the action sent with what GSTN holds, as for the sandbox's own IMS_PREV_STATUS."""
    rig = rig_factory(dialect="sandbox-api")
    items = plan(rig)
    rig.uploader.run(items)
    # The supplier edits an unfiled record (FAQ 16): GSTN resets its action; the client holds the old one.
    target = next(i for i in items if not i.record.supplier_filed and i.action is not Action.NO_ACTION)
    raised = Amounts(target.record.amounts.taxable_value + 10_000, *target.record.amounts.tax_dict().values())
    rig.portal.supplier_edit(target.key, raised)
    codes = []
    status_of = rig.client.request_status

    def seen(reference_id):
        status = status_of(reference_id)
        codes.extend(error.code for error in status.record_errors)
        return status

    rig.client.request_status = seen
    report = rig.uploader.run([UploadItem(target.record, Action.REJECT)])
    assert codes == ["IMSSAV0010"] and target.key[0] in report.refreshed_sections
    assert report.complete and rig.portal.held()[target.key] is Action.REJECT
    assert rig.ledger.held == rig.portal.held()


def test_a_status_request_gstn_refuses_is_an_unknown_outcome_and_the_section_is_read_again(rig):
    items = plan(rig)
    real = rig.client.request_status
    refused = []

    def refusing(reference_id):
        if not refused:
            refused.append(reference_id)
            raise GstnApiError("RET191106", "Unable to process the request")
        return real(reference_id)

    rig.client.request_status = refusing
    report = rig.uploader.run(items)
    assert "status refused: RET191106" in {r[3] for r in report.requests} and report.refreshed_sections
    assert report.complete
    assert_consistent(rig, items)


def test_an_expired_session_while_asking_after_a_save_keeps_it_in_flight(rig):
    items = plan(rig)
    real = rig.client.request_status

    def expired(reference_id):
        raise GstnSessionExpired("AUTH4038", "Session expired")

    rig.client.request_status = expired
    with pytest.raises(GstnSessionExpired):
        rig.uploader.run(items)
    assert len(rig.ledger.in_flight) == 1  # asked after on the next run, never forgotten
    rig.client.request_status = real
    assert rig.uploader.run(items).complete
    assert_consistent(rig, items)


def test_a_reference_id_given_again_is_never_read_as_the_new_requests_status(rig):
    items = plan(rig)
    real = rig.client.submit
    given = []

    def replaying(kind, body):
        reference_id = real(kind, body)
        given.append(reference_id)
        return given[0]  # every later request answered with the first request's id

    rig.client.submit = replaying
    report = rig.uploader.run(items)
    assert "reference reused" in {r[3] for r in report.requests} and report.refreshed_sections
    rig.client.submit = real
    again = rig.uploader.run(items)
    assert again.complete
    assert_consistent(rig, items)


def test_a_processed_status_counting_fewer_records_than_sent_is_checked_against_gstn(rig):
    items = plan(rig)
    real = rig.client.request_status

    def undercounted(reference_id):
        status = real(reference_id)
        if status.status == "P" and status.processed > 1:
            return replace(status, processed=status.processed - 1)
        return status

    rig.client.request_status = undercounted
    report = rig.uploader.run(items)
    assert report.refreshed_sections and report.complete
    assert_consistent(rig, items)


def test_sandbox_api_serves_failed_notes_as_sandbox_documents_them(rig_factory):
    """Sandbox's status page lists failures as inv: [{inum, rtnprd}]; the sandbox-api dialect serves
    credit notes that way (under cn), and the client still finds each note."""
    rig = rig_factory(dialect="sandbox-api")
    items = _notes_only(rig)
    bodies = []
    real = rig.client.transport.send

    def recording(method, url, **kwargs):
        body = real(method, url, **kwargs)
        if url.endswith("/invoices/status"):
            bodies.append(body)
        return body

    rig.client.transport.send = recording
    rig.faults.add("partial", action="SAVE", records=2)
    report = rig.uploader.run(items)
    (entries,) = [body["data"]["data"]["error_report"] for body in bodies if body["data"]["data"].get(
        "error_report")]
    assert list(entries) == ["cn"] and all("inum" in doc for e in entries["cn"] for doc in e["inv"])
    assert report.count("failed") == 2 and rig.ledger.held == rig.portal.held()
