"""Conformance: the same scenarios against every adapter, each talking to the sandbox in its dialect.

gstn, vayana, taxpro and x-api-key go through ``GstnClient`` (GSTN's protocol, encrypted, with the
provider's headers, which the sandbox checks); sandbox-api goes through ``SandboxApiClient`` (REST,
plain JSON, Sandbox's envelope); vayana-eas goes through ``VayanaEasClient`` (EAS's routes and
envelope, IMS calls as long-running tasks read page by page). Every scenario ends with the client's
ledger equal to what the sandbox holds and no action applied twice.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.payload.gstr2b_api import parse_gstr2b_pages
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gstn.adapter import ImsAdapter
from india_ims.gstn.errors import GstnError, GstnSessionExpired
from india_ims.gstn.sandbox import TEST_OTP
from india_ims.gstn.sandbox.dialects import DIALECTS, REST_DIALECTS
from india_ims.gstn.upload import UploadItem

from .test_upload_faults import assert_consistent, plan


@pytest.fixture(params=DIALECTS)
def make(request, rig_factory):
    dialect = request.param

    def build(**options):
        options.setdefault("encrypt", dialect not in REST_DIALECTS)
        return rig_factory(dialect=dialect, **options)

    build.dialect = dialect
    return build


def test_every_adapter_implements_the_interface(make):
    rig = make()
    assert isinstance(rig.client, ImsAdapter)
    own = {"sandbox-api": "SandboxApiClient", "vayana-eas": "VayanaEasClient"}
    expected = own.get(make.dialect, "GstnClient")
    assert type(rig.client).__name__ == expected


def test_download_every_section_and_counts(make):
    rig = make()
    records = rig.client.get_all()
    assert Counter(r.key for r in records) == Counter(r.key for r in rig.portal.in_ims())
    counts = rig.client.get_counts()
    by_section = Counter(r.section.value for r in records)
    assert {s: c.total for s, c in counts.items() if c.total} == dict(by_section)


def test_queued_download_gives_every_record(make):
    rig = make(queue_threshold=20, file_records=15, queue_polls=1)
    expected = rig.portal.in_ims(Section.B2B)
    assert len(expected) > 20
    records = rig.client.get_section(Section.B2B)
    assert sorted(r.key for r in records) == sorted(r.key for r in expected)


def test_save_and_reset(make):
    rig = make()
    items = plan(rig)
    report = rig.uploader.run(items)
    assert report.complete and report.count("saved") == len(items)
    assert_consistent(rig, items)
    back = [UploadItem(i.record, Action.NO_ACTION) for i in items[:3]]
    report = rig.uploader.run(back)
    assert report.complete and {r[1] for r in report.requests} == {"RESET"}
    assert all(rig.portal.held()[i.key] is Action.NO_ACTION for i in back)


def test_partial_errors_mark_only_what_went_through(make):
    rig = make()
    items = plan(rig)
    rig.faults.add("partial", action="SAVE", records=2)
    report = rig.uploader.run(items)
    failed = [o for o in report.outcomes if o.status == "failed"]
    assert len(failed) == 2 and "PE" in {r[3] for r in report.requests}
    assert rig.ledger.held == rig.portal.held()
    assert rig.uploader.run(items).complete
    assert_consistent(rig, items)


def test_credit_notes_accepted_in_bulk_with_the_default_declaration(make):
    rig = make()
    rig.uploader.download()
    notes = [UploadItem(r, Action.ACCEPT) for r in rig.portal.in_ims(Section.B2BCN)[:4]]
    # Without a default nothing is sent: GSTN would refuse it (IMSSAV0054).
    report = rig.uploader.run(notes)
    assert {o.error_code for o in report.outcomes} == {"ITC_DECLARATION_REQUIRED"} and not report.requests
    rig.client.settings = replace(rig.client.settings, default_itc_declaration="N")  # as IMS Settings sets it
    report = rig.uploader.run(notes)
    assert report.complete, [o.message for o in report.outcomes if o.status != "saved"]
    assert_consistent(rig, notes)


def test_gstn_refuses_a_credit_note_accept_without_itc_red_req(make):
    from india_ims.gst_india.payload.ims import Upload, build_save

    rig = make()
    rig.uploader.download()
    note = rig.portal.in_ims(Section.B2BCN)[0]
    status = rig.client.wait_for_request(
        rig.client.submit("SAVE", build_save(rig.ledger.gstin, [Upload(note, Action.ACCEPT, note.action)]))
    )
    assert status.status == "ER" and [e.code for e in status.record_errors] == ["IMSSAV0054"]
    assert rig.portal.held()[note.key] is note.action


def test_gstr2b_paging_and_regeneration(make, month):
    rig = make(page_records=25)
    rig.uploader.run(plan(rig))
    status = rig.client.regenerate_2b(month.period)
    assert status.status == "P"
    pages = rig.client.get_2b_pages(month.period)
    served = rig.portal.statements[month.period]
    assert len(pages) == len(served) > 1
    gstr2b = rig.client.get_2b(month.period)
    assert gstr2b.documents == parse_gstr2b_pages(served).documents and len(gstr2b.documents) > 25


def test_supplier_view_follows_what_recipients_do(make, month):
    rig = make()
    if make.dialect == "vayana-eas":  # EAS publishes no supplier view: refused in words, nothing guessed
        with pytest.raises(GstnError, match="publishes no supplier view"):
            rig.client.supplier_sales(month.period)
        with pytest.raises(GstnError, match="no call for added-back liabilities"):
            rig.client.added_back_liabilities(month.period)
        return
    sales = rig.client.supplier_sales(month.period)
    side = rig.server.supplier
    assert len(sales) == len(side.sales(month.period)) + len(side.sales(month.period, "GSTR1A"))
    recipient, portal = next(iter(sorted(side.recipients.items())))
    note = next(
        r for r in portal.in_ims(Section.B2BCN) if portal.states[r.key].gstn_action is not Action.REJECT
    )
    assert side.recipient_acts(recipient, note.key, Action.REJECT) == "P"
    sales = rig.client.supplier_sales(month.period)
    seen = next(
        s for s in sales if s.document_number == note.document_number and s.recipient_gstin == recipient
    )
    assert seen.recipient_action is Action.REJECT and seen.section is Section.B2BCN
    next_period = str(ReturnPeriod.parse(month.period).next())
    assert rig.client.added_back_liabilities(next_period) == []  # nothing until the recipient files 3B
    side.recipient_files_3b(recipient, month.period)
    added = rig.client.added_back_liabilities(next_period)
    assert note.document_number in {a.document_number for a in added}
    assert all(a.recipient_gstin == recipient for a in added)


def test_expired_session_says_so_and_a_new_otp_works(make):
    rig = make()
    rig.server.auth.expire_all()
    with pytest.raises(GstnSessionExpired):
        rig.client.get_counts()
    rig.client.request_otp()
    rig.client.login(TEST_OTP)
    assert rig.client.get_counts()


def test_session_is_refreshed_before_it_expires(make):
    rig = make()
    before = rig.client.session.state.auth_token
    rig.clock.advance(rig.client.session.state.expires_at - rig.clock.now() - 60)  # a minute left
    assert rig.client.get_counts()
    assert rig.client.session.state.auth_token != before


def test_rate_limited_reads_and_writes_back_off_and_go_through(make):
    rig = make()
    items = plan(rig)
    rig.faults.add("http_429", action="GETINV", times=2)
    rig.faults.add("http_429", action="SAVE", times=1)
    sleeps = len(rig.clock.sleeps)
    assert rig.client.get_section(Section.B2B)
    report = rig.uploader.run(items)
    assert report.complete and len(rig.clock.sleeps) > sleeps
    assert_consistent(rig, items)


@pytest.mark.parametrize("when", ["before", "after"])
def test_server_errors_never_lose_or_repeat_an_action(make, when):
    rig = make()
    items = plan(rig)
    rig.faults.add("http_500", action="GETINV", times=1)
    assert rig.client.get_section(Section.B2BDN)
    rig.faults.add("http_500", action="SAVE", when=when, times=1)
    report = rig.uploader.run(items)
    assert report.complete
    assert_consistent(rig, items)
