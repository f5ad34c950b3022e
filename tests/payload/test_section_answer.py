"""A section's GETINV answer is read when its records are first wanted, and fingerprinted without
being read (``section_answer``), so a repeated download can leave it unread (issue 16)."""

from __future__ import annotations

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gst_india.payload.ims import build_getinv, parse_getinv
from india_ims.gst_india.payload.section_answer import SectionAnswer, fingerprint
from india_ims.synthetic import generate_month

MONTH = generate_month(5, 120, "sample", period="102026")
B2B = [record for record in MONTH.ims_records if record.section is Section.B2B]


class Refused(Exception):
    pass


def _answer(payload, sections=(Section.B2B,)):
    return SectionAnswer.of_payload(payload, list(sections), lambda error: Refused(f"GETINV b2b: {error}"))


def test_an_answer_reads_to_the_records_parse_getinv_reads():
    payload = build_getinv(B2B)
    answer = _answer(payload)
    assert not answer.is_read
    assert answer == parse_getinv(payload, sections=[Section.B2B])
    assert answer.is_read
    assert len(answer) == len(B2B) and answer[0] == list(answer)[0]


def test_a_bad_answer_is_refused_where_it_is_read_in_the_adapters_words_naming_the_field():
    payload = build_getinv(B2B[:2])
    payload["b2b"][1]["idt"] = "31-02-2026"
    answer = _answer(payload)  # not read yet: nothing refused
    with pytest.raises(Refused, match=r"GETINV b2b: .*idt"):
        answer.records  # noqa: B018


def test_the_fingerprint_follows_the_answer_and_the_sections_it_was_read_for():
    payload = build_getinv(B2B)
    same = build_getinv(B2B)
    assert _answer(payload).fingerprint == _answer(same).fingerprint
    same["b2b"][0]["txval"] = same["b2b"][0]["txval"] + 1
    assert _answer(payload).fingerprint != _answer(same).fingerprint
    assert fingerprint(payload, [Section.B2B]) != fingerprint(payload, [Section.B2B, Section.B2BA])


def test_an_answer_that_cannot_be_written_as_json_has_no_fingerprint():
    assert fingerprint({1: object()}, [Section.B2B]) is None


def test_records_read_already_have_no_fingerprint():
    answer = SectionAnswer.read_already(list(B2B))
    assert answer.is_read and answer.fingerprint is None and answer == B2B
