import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.payload.ims import Upload, parse_save_request
from india_ims.gstn.batching import body_size, make_batches
from india_ims.gstn.errors import GstnError


def uploads(month, count, action=Action.ACCEPT, section=Section.B2B):
    records = [r for r in month.records if r.section is section][:count]
    assert len(records) == count
    return [Upload(r, action, Action.NO_ACTION) for r in records]


def test_chunks_by_record_count(month):
    batches = make_batches(
        month.gstin, uploads(month, 10), chunk_records=3, max_body_bytes=10**7, encrypted=False
    )
    assert [len(b.uploads) for b in batches] == [3, 3, 3, 1]
    sent = [u.record.key for b in batches for u in b.uploads]
    assert len(sent) == len(set(sent)) == 10


def test_one_section_and_one_request_type_per_request(month):
    mixed = (
        uploads(month, 4)
        + uploads(month, 3, section=Section.B2BCN)
        + uploads(month, 2, action=Action.NO_ACTION, section=Section.B2BDN)
    )
    batches = make_batches(month.gstin, mixed, chunk_records=5000, max_body_bytes=10**7, encrypted=False)
    assert [(b.request_type, b.section) for b in batches] == [
        ("RESET", Section.B2BDN),
        ("SAVE", Section.B2B),
        ("SAVE", Section.B2BCN),
    ]
    for batch in batches:
        _, request_type, rows = parse_save_request(batch.body)
        assert request_type == batch.request_type
        assert {row.section for row in rows} == {batch.section}


def test_splits_in_halves_by_body_size(month):
    items = uploads(month, 40)
    one = make_batches(month.gstin, items, chunk_records=5000, max_body_bytes=10**7, encrypted=False)[0]
    limit = one.size // 3
    batches = make_batches(month.gstin, items, chunk_records=5000, max_body_bytes=limit, encrypted=False)
    assert len(batches) >= 3
    assert all(b.size <= limit for b in batches)
    assert sum(len(b.uploads) for b in batches) == 40


def test_encrypted_bodies_are_measured_after_encryption(month):
    body = make_batches(
        month.gstin, uploads(month, 20), chunk_records=5000, max_body_bytes=10**7, encrypted=False
    )[0].body
    plain, encrypted = body_size(body, encrypted=False), body_size(body, encrypted=True)
    # base64(AES(base64(json))): about (4/3)^2 of the JSON.
    assert 1.7 * plain < encrypted < 1.9 * plain


def test_a_single_record_over_the_limit_is_named(month):
    with pytest.raises(GstnError, match="over the 100-byte limit"):
        make_batches(month.gstin, uploads(month, 2), chunk_records=5000, max_body_bytes=100, encrypted=False)
