"""GETINV (direct and queued through FILEDET), GET2B paging, and retries of reads."""

import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.returns.layout import Block
from india_ims.gstn.errors import GstnCryptoError, GstnTransportError
from india_ims.gstn.upload import UploadItem


def keys(records):
    return sorted(r.key for r in records)


def test_every_section_downloads_and_empty_sections_are_empty(rig):
    records = rig.client.get_all()
    assert keys(records) == keys(rig.portal.in_ims())
    assert rig.client.get_section(Section.ECOM) == []  # "no documents" is an answer, not an error


@pytest.mark.parametrize("encrypt", [False, True])
def test_queued_download_through_filedet_equals_direct(rig_factory, encrypt):
    direct = rig_factory(encrypt=encrypt).client.get_section(Section.B2B)
    rig = rig_factory(encrypt=encrypt, queue_threshold=20, file_records=30, queue_polls=2)
    queued = rig.client.get_section(Section.B2B)
    assert keys(queued) == keys(direct)
    assert [r.action for r in sorted(queued, key=lambda r: r.key)] == [
        r.action for r in sorted(direct, key=lambda r: r.key)
    ]
    assert len(rig.portal.files) == -(-len(direct) // 30)  # several .tar.gz files
    # GSTN's est (1 minute) waited before the first FILEDET and after each "still queued".
    assert rig.clock.sleeps.count(60.0) == 3


def test_queued_download_in_steps_never_waits(rig_factory):
    """A background job asks once and comes back later: no sleep inside the client."""
    from india_ims.gst_india.payload.transport import Queued

    direct = rig_factory().client.get_section(Section.B2B)
    rig = rig_factory(queue_threshold=20, file_records=30, queue_polls=2)
    token = rig.client.start_section(Section.B2B)
    assert isinstance(token, Queued)
    result = token
    for _ in range(5):
        result = rig.client.fetch_queued(result, [Section.B2B])
        if not isinstance(result, Queued):
            break
    assert keys(result) == keys(direct)
    assert rig.clock.sleeps == []
    assert rig.client.start_section(Section.ECOM) == []


def test_a_file_whose_hash_does_not_match_is_refused(rig_factory):
    rig = rig_factory(queue_threshold=20, file_records=1000)
    rig.faults.add("corrupt_file")
    with pytest.raises(GstnCryptoError, match="SHA-256 does not match"):
        rig.client.get_section(Section.B2B)
    assert keys(rig.client.get_section(Section.B2B)) == keys(rig.portal.in_ims(Section.B2B))


def test_reads_are_retried_on_500_timeout_and_dropped_connections(rig_factory):
    rig = rig_factory(settings={"timeout": 0.4})
    rig.faults.add("http_500", action="GETCNT")
    rig.faults.add("drop", action="GETCNT")
    rig.faults.add("timeout", action="GETCNT", delay=0.8)
    counts = rig.client.get_counts()
    assert counts["b2b"].total > 0
    assert rig.clock.sleeps[:3] == [1.0, 2.0, 4.0]  # the backoff schedule, no real sleeping


def test_reads_give_up_after_the_schedule(rig):
    rig.faults.add("http_500", action="GETCNT", times=10)
    with pytest.raises(GstnTransportError, match="HTTP 500"):
        rig.client.get_counts()


def test_gstr2b_paging_merges_documents_and_keeps_one_summary(rig_factory, month):
    whole = rig_factory()
    paged = rig_factory(page_records=25)
    for r in (whole, paged):
        r.uploader.download()
        report = r.uploader.run([UploadItem(rec, Action.REJECT) for rec in r.portal.in_ims(Section.B2B)[:10]])
        assert report.complete
        r.client.regenerate_2b(month.period)
    one = whole.client.get_2b(month.period)
    many = paged.client.get_2b(month.period)
    assert len(paged.client.get_2b_pages(month.period)) > 1
    assert sorted((d.section, d.document_number) for d in many.documents) == sorted(
        (d.section, d.document_number) for d in one.documents
    )
    assert many.net(Block.AVAILABLE) == one.net(Block.AVAILABLE)
    assert sum(d.rejected for d in many.documents) > 0
    assert many.net(Block.REJECTED).total_tax > 0


def test_gstr2b_before_generation_says_so(rig, month):
    from india_ims.gstn.errors import GstnApiError

    with pytest.raises(GstnApiError, match="RET2B1023"):
        rig.client.get_2b(month.period)


def test_recomputed_gstr2b_follows_actions_and_supplier_filing(rig, month):
    rig.uploader.download()
    rig.client.regenerate_2b(month.period)
    before = rig.client.get_2b(month.period)
    in_period = [
        r
        for r in rig.portal.in_ims(Section.B2B)
        if r.supplier_return_period == month.period and r.source_form != "R1A"
    ]  # GSTR-1A: next 2B
    filed = [r for r in in_period if r.supplier_filed][:5]
    unfiled = next(r for r in in_period if not r.supplier_filed)
    assert rig.uploader.run([UploadItem(r, Action.REJECT) for r in filed]).complete
    rig.portal.supplier_file(unfiled.supplier_gstin)
    rig.client.regenerate_2b(month.period)
    after = rig.client.get_2b(month.period)
    rejected_tax = sum(r.amounts.total_tax for r in filed)
    assert after.net(Block.REJECTED).total_tax - before.net(Block.REJECTED).total_tax == rejected_tax
    numbers = {d.document_number for d in after.documents if not d.rejected}
    assert unfiled.document_number in numbers  # filed by the supplier: now in the 2B
    assert unfiled.document_number not in {d.document_number for d in before.documents}
    assert {d.document_number for d in after.documents if d.rejected} >= {r.document_number for r in filed}


def test_gstr2b_cannot_be_recomputed_after_gstr3b(rig, month):
    from india_ims.gstn.errors import GstnApiError

    rig.portal.file_gstr3b(month.period)
    with pytest.raises(GstnApiError, match="FROZEN_3B_FILED"):
        rig.client.regenerate_2b(month.period)


def test_a_queued_download_listing_a_file_twice_reads_each_record_once(rig_factory, monkeypatch):
    """Records in two FILEDET files (a file announced twice, a replayed part) are one record each."""
    from dataclasses import replace

    from india_ims.gstn import client as client_module

    real = client_module.wire.parse_file_details
    monkeypatch.setattr(client_module.wire, "parse_file_details",
                        lambda data: (lambda d: replace(d, files=(*d.files, d.files[0])))(real(data)))
    direct = rig_factory().client.get_section(Section.B2B)
    queued = rig_factory(queue_threshold=20, file_records=30).client.get_section(Section.B2B)
    assert keys(queued) == keys(direct)


def test_a_queued_answer_carrying_its_token_inside_the_rtn_24_error_is_followed(rig_factory):
    """RTN_24 with the token and est inside GSTN's error object, as a gateway may pass it on."""
    rig = rig_factory(queue_threshold=20, file_records=30)
    real = rig.client.transport.send

    def inside_the_error(*args, **kwargs):
        body = real(*args, **kwargs)
        data = body.get("data")
        if isinstance(data, dict) and "token" in data and "est" in data:
            return {"status_cd": "0", "error": {"error_cd": "RTN_24", "message": "queued", **data}}
        return body

    rig.client.transport.send = inside_the_error
    queued = rig.client.get_section(Section.B2B)
    assert keys(queued) == keys(rig.portal.in_ims(Section.B2B))
