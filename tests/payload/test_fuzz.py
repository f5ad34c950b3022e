"""Property-based: random, mutated and truncated payloads fed to every payload parser raise nothing
but the app's own error type (``GstError``; ``PayloadError`` is one), and the GETINV flat path
never accepts a row the precise path refuses, nor reads it differently.

Deterministic (``derandomize``): CI runs the same examples every time; a failure prints the example.
"""

import contextlib
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from india_ims.cli.ims_file import load_json
from india_ims.gst_india.documents import Section
from india_ims.gst_india.errors import GstError
from india_ims.gst_india.payload import gstr2b_read, ims, ims_status, transport
from india_ims.gst_india.payload.getinv import _flat_section, parse_record, read_getinv

FUZZ = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

WIRE_KEYS = ["stin", "inum", "idt", "nt_num", "nt_dt", "oinum", "oidt", "ont_num", "ont_dt", "inv_typ",
             "action", "srcform", "rtnprd", "srcfilstatus", "val", "pos", "txval", "iamt", "camt",
             "samt", "cess", "hash", "ispendactblocked", "ispendactnallwd", "ispendactallwd", "srcfrm",
             "itcRedReq", "declIgst", "errorCode", "errors", "result", "response", "pg", "tp",
             "declCgst", "declSgst", "declCess", "remarks", "isRemarksBlocked", "isItcRedReqBlocked",
             "itcRedReqBlocked", "data", "status_cd", "error", "error_cd", "code", "b2b", "B2B", "cn",
             "b2bcna", "impg", "isd", "docdata", "docRejdata", "itcsumm", "rtnprd", "gendt", "version",
             "inv", "nt", "ctin", "dt", "ntnum", "items", "doclist", "docnum", "docdt", "doctyp", "boe",
             "boenum", "boedt", "itcrev", "itcavl", "imsStatus", "typ", "igst", "cgst", "sgst", "rek",
             "hmac", "all_oth", "invoicecount", "error_report", "proc_cnt", "err_cnt", "reqtyp",
             "invdata", "rtin", "prev_status", "ek", "urls", "token", "est", "reference_id", "fc"]

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=12),
    st.sampled_from(["Y", "N", "A", "R", "P", "Filed", "Not Filed", "05-10-2026", "102026", "27", "R1",
                     "27AAFCV2214K1ZK", "1e308", "", " ", "0", "ISDI", "4.0", "1"]),
)
keys = st.one_of(st.sampled_from(WIRE_KEYS), st.text(max_size=6))
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=6)), max_leaves=30)


def _row(section: Section) -> dict:
    note = section.document_type.value.endswith("Note")
    row = {"stin": "27AAFCV2214K1ZK", "nt_num" if note else "inum": "F-1",
           "nt_dt" if note else "idt": "05-10-2026", "inv_typ": "R", "action": "N", "srcform": "R1",
           "rtnprd": "102026", "srcfilstatus": "Filed",
           "val": 118.5, "pos": "27", "txval": 100.25, "iamt": 0, "camt": 9.13, "samt": 9.12, "cess": 0,
           "ispendactblocked": "N", "hash": "ab" * 32}
    if section.is_amendment:
        row.update({"ont_num" if note else "oinum": "F-0", "ont_dt" if note else "oidt": "01-09-2026"})
    return row


@st.composite
def mutated_rows(draw):
    section = draw(st.sampled_from(list(Section)))
    row = _row(section)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        key = draw(st.sampled_from(sorted(row) + ["itcRedReq", "declIgst", "remarks", "ispendactnallwd",
                                                  "ispendactallwd", "srcfrm"]))
        if draw(st.booleans()):
            row[key] = draw(scalars)
        else:
            row.pop(key, None)
    return section, row


def _only_own_errors(parse, payload):
    with contextlib.suppress(GstError):
        parse(payload)


PARSERS = {
    "read_getinv": lambda p: read_getinv(p, allow_empty=False),
    "parse_getinv": ims.parse_getinv,
    "parse_record": lambda p: parse_record(Section.B2BCNA, p, position=1),
    "parse_save_request": ims.parse_save_request,
    "parse_gstr2b_pages": lambda p: gstr2b_read.parse_gstr2b_pages([p]),
    "parse_gstr2b_pages_list": gstr2b_read.parse_gstr2b_pages,
    "parse_request_status": ims_status.parse_request_status,
    "parse_counts": ims_status.parse_counts,
    "parse_response_envelope": transport.parse_response_envelope,
    "parse_request_envelope": transport.parse_request_envelope,
    "parse_auth_request": transport.parse_auth_request,
    "parse_auth_reply": transport.parse_auth_reply,
    "parse_reference": transport.parse_reference,
    "parse_gen2b": transport.parse_gen2b,
    "parse_generation_status": transport.parse_generation_status,
    "parse_queued": transport.parse_queued,
    "parse_file_details": transport.parse_file_details,
    "file_count_of": transport.file_count_of,
}


@pytest.mark.parametrize("name", sorted(PARSERS))
@FUZZ
@given(payload=json_values)
def test_random_json_raises_only_the_apps_error(name, payload):
    _only_own_errors(PARSERS[name], payload)


# Objects with the keys each parser reads, so the search reaches past its first check.
SHAPED = {
    "parse_file_details": ["ek", "urls", "fc", "ul", "ic", "hash"],
    "file_count_of": ["data", "fc"],
    "parse_queued": ["token", "requestid", "est", "retryTimeInMinutes"],
    "parse_auth_reply": ["auth_token", "expiry", "sek"],
    "parse_generation_status": ["status_cd", "err_cd", "err_msg"],
    "parse_request_status": ["status_cd", "error_report", "proc_cnt", "err_cnt", "b2b", "cn", "stin", "inv",
                             "inum", "nt_num", "rtnprd", "error_cd"],
    "parse_counts": ["invoicecount", "all_oth", "imp_gds", "b2b", "accept", "reject", "pending", "noaction"],
    "parse_response_envelope": ["status_cd", "data", "error", "error_cd", "message", "rek", "hmac"],
}


@st.composite
def shaped(draw, vocabulary):
    words = st.sampled_from(vocabulary)
    values = st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(words, inner, max_size=4)), max_leaves=20)
    return draw(st.dictionaries(words, values, max_size=len(vocabulary)))


@pytest.mark.parametrize("name", sorted(SHAPED))
@FUZZ
@given(data=st.data())
def test_parser_shaped_objects_raise_only_the_apps_error(name, data):
    _only_own_errors(PARSERS[name], data.draw(shaped(SHAPED[name])))


@FUZZ
@given(mutated=mutated_rows())
def test_mutated_getinv_rows_raise_only_the_apps_error(mutated):
    section, row = mutated
    _only_own_errors(lambda p: read_getinv(p), {section.value: [row]})
    _only_own_errors(lambda p: read_getinv(p), {"code": 200, "data": {"data": {section.value: [row]}}})
    body = {"rtin": "x", "reqtyp": "SAVE", "invdata": {section.value: [row]}}
    _only_own_errors(ims.parse_save_request, body)


@FUZZ
@given(mutated=mutated_rows())
def test_flat_path_reads_exactly_what_the_precise_path_reads(mutated):
    section, row = mutated
    (flat,) = _flat_section(section, [row], ({}, {}))
    if flat is None:
        return  # handed to the precise path, which reads or refuses it
    assert flat == parse_record(section, row, position=1)


def _gstr2b_page(doc: dict) -> dict:
    return {"chksum": "x", "data": {"gstin": "29AAACI4403M1ZV", "rtnprd": "102026", "version": "4.0",
                                    "gendt": "14-11-2026", "docdata": {"b2b": [{"ctin": "27AAFCV2214K1ZK",
                                                                                "inv": [doc]}]}}}


@FUZZ
@given(doc=st.dictionaries(st.sampled_from(["inum", "dt", "txval", "igst", "items", "itcavl", "imsStatus",
                                            "typ", "cess"]), json_values, max_size=6))
def test_gstr2b_documents_raise_only_the_apps_error(doc):
    _only_own_errors(lambda p: gstr2b_read.parse_gstr2b_pages([p]), _gstr2b_page(doc))


SAMPLE = json.dumps({
    "code": 200, "data": {"status_cd": "1", "data": {
        "b2b": [_row(Section.B2B), _row(Section.B2B) | {"inum": "F-2"}],
        "b2bcna": [_row(Section.B2BCNA) | {"itcRedReq": "Y", "declIgst": 0, "declCgst": 1, "declSgst": 1}],
        "impg": [{"boenum": "1", "boedt": "01-10-2026", "txval": 1}]}}}).encode()


@FUZZ
@given(cut=st.integers(min_value=0, max_value=len(SAMPLE) - 1), junk=st.binary(max_size=3))
def test_truncated_files_raise_only_the_apps_error(tmp_path_factory, cut, junk):
    path = tmp_path_factory.mktemp("cut") / "ims.json"
    path.write_bytes(SAMPLE[:cut] + junk)
    with contextlib.suppress(GstError):
        read_getinv(load_json(path), allow_empty=False)


def test_the_untruncated_sample_reads():
    read = read_getinv(json.loads(SAMPLE))
    assert len(read.records) == 3 and read.skipped == {"impg": 1} and read.path == "data.data"
    assert read.records[0].document_date == date(2026, 10, 5)
