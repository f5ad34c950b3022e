"""Provider envelopes, GSTN's no-data and error answers, paging, queued downloads, GETCNT and REQSTS.

spec = shared/spec/gstn-ims.md, providers = shared/spec/providers.md (source keys SB-*, VY-*).
"""

from __future__ import annotations

import base64
import json

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload import transport as wire
from india_ims.gst_india.payload.ims import read_getinv
from india_ims.gst_india.payload.ims_status import parse_counts, parse_request_status

from .rows import SUPPLIER_2, invoice, note

BARE = {"b2b": [invoice()]}


@pytest.mark.parametrize("name, payload", [
    ("gstn", {"status_cd": "1", "data": BARE}),  # spec 1.1 response after decryption
    ("sandbox", {"code": 200, "data": {"data": BARE, "status_cd": "1"}, "timestamp": 1763446641000,
                 "transaction_id": "fd976f56-0000"}),  # providers 1.3 / SB-inv
    ("vayana", {"status": "1", "data": BARE, "error": None, "info": None, "additionalInfo": None,
                "alert": None}),  # providers 2.1(a) VY-imsdl
    ("data-as-json-text", {"status_cd": "1", "data": json.dumps(BARE)}),  # README envelope list
    ("gstn-inner-base64", {"status_cd": "1",
                           "data": base64.b64encode(json.dumps(BARE).encode()).decode()}),  # spec 1.1
    ("status-as-number", {"status_cd": 1, "data": BARE}),
])
def test_getinv_inside_each_documented_envelope(name, payload):
    assert [r.document_number for r in read_getinv(payload).records] == ["MH/2526/00871"]


@pytest.mark.parametrize("payload", [
    {"code": 200, "data": {"status_cd": "0", "error": {"message": "No records", "error_cd": "IMS0027"}},
     "timestamp": 1769775766724},  # providers 1.5 SB-abl: empty answer is IMS0027 inside HTTP 200
    {"status_cd": "0", "error": {"error_cd": "RET11416", "message": "No documents found"}},  # spec 2.4
    {"status_cd": "0", "error": {"error_cd": "ims0027", "message": "none"}},  # case of a gateway
])
def test_no_records_answers_read_as_an_empty_download(payload):
    read = read_getinv(payload)
    assert read.records == [] and read.no_data_code in ("IMS0027", "RET11416")


@pytest.mark.parametrize("payload, code", [
    ({"status_cd": "0", "error": {"error_cd": "RET11402", "message": "API Authorization Failed"}},
     "RET11402"),
    ({"code": 200, "data": {"status_cd": "0",
                            "error": {"error_cd": "AUTH4033", "message": "Invalid Session"}}},
     "AUTH4033"),  # providers 1.2 SB-verify-err
    ({"code": 403, "message": "Invalid authorization", "timestamp": 1, "transaction_id": "x"}, "HTTP 403"),
])
def test_error_bodies_are_refused_with_their_code_never_read_as_no_records(payload, code):
    # spec 1.1 errors; providers 1.3 platform errors {code, message, timestamp, transaction_id}
    with pytest.raises(PayloadError, match=code):
        read_getinv(payload)


def test_all_eight_sections_empty_and_null_read_as_zero_records():
    # providers 1.4 SB-save invdata lists all eight keys; empty sections as [] or null (README)
    payload = {"b2b": [], "b2ba": None, "b2bdn": [], "b2bdna": [], "b2bcn": [], "b2bcna": [], "ecom": [],
               "ecoma": []}
    assert read_getinv(payload).records == []


def test_one_page_of_a_paged_answer_is_refused_rather_than_read_as_the_whole():
    # brief (pagination/continuation); README: pg/tp over 1 is refused
    with pytest.raises(PayloadError, match="page 1 of 3"):
        read_getinv({"b2b": [invoice()], "pg": 1, "tp": 3})


def test_queued_token_from_taxpro_large_file_page_and_the_filedet_reply():
    # spec 1.7; https://gsthelp.charteredinfo.com/ucl/gst_large_files_api.htm (est as text, fc, urls)
    queued = wire.parse_queued({"est": "30", "token": "9a8f0000b60804e44add8361696d16e8"})
    assert queued == wire.Queued("9a8f0000b60804e44add8361696d16e8", 30.0)
    details = wire.parse_file_details({
        "urls": [{"ul": "/returns/x/b2b_0.tar.gz?md5=a&expires=1", "ic": 10000, "hash": "AB" * 32},
                 {"ul": "/returns/x/b2b_1.tar.gz?md5=b&expires=1", "ic": 4702, "hash": "cd" * 32}],
        "ek": "c2VjcmV0a2V5c2VjcmV0a2V5c2VjcmV0a2V5MTIzNA==", "fc": 2})
    assert [f.record_count for f in details.files] == [10000, 4702]
    assert details.files[0].sha256 == "ab" * 32


def test_queued_answer_saved_as_the_download_says_what_it_is():
    # spec 1.7: RTN_24 with token and est
    with pytest.raises(PayloadError, match="queued"):
        read_getinv({"status_cd": "0", "error": {"error_cd": "RTN_24", "message": "queued"}, "token": "t",
                     "est": "20"})


# ---------------------------------------------------------------- GETCNT (spec 1.6)

SANDBOX_COUNT = {"code": 200, "data": {"data": {"all_oth": {
    "b2b": {"accept": 1, "noaction": 11, "pending": 0, "reject": 0},
    **{key: {"accept": 0, "noaction": 0, "pending": 0, "reject": 0}
       for key in ("b2ba", "b2bcn", "b2bcna", "b2bdn", "b2bdna", "ecom", "ecoma")},
    "ttl_cnt": 12}}, "status_cd": "1"}, "timestamp": 1763446641000, "transaction_id": "t"}


def test_getcnt_in_sandboxs_envelope_with_group_total():
    # providers 1.4 SB-count sample
    counts = parse_counts(SANDBOX_COUNT)
    assert counts["b2b"].no_action == 11 and counts["b2b"].accepted == 1 and counts["b2b"].total == 12
    assert sum(c.total for c in counts.values()) == 12
    assert [(g.name, g.total) for g in counts.groups] == [("all_oth", 12)]


@pytest.mark.parametrize("payload", [
    {"all_oth": {"b2bcn": {"noaction": "3", "accept": "1", "reject": "0", "pending": "2"}}},  # counts as text
    {"all_oth": {"b2bcn": {"noaction": 3, "accept": 1, "reject": 0, "pending": 2, "total": 6}}},  # EY total
    {"invoicecount": [{"all_oth": {"b2bcn": {"noaction": 3, "accept": 1, "reject": 0, "pending": 2}},
                       "ttl_cnt": 6}]},  # C# client list under invoicecount
])
def test_getcnt_documented_shapes_of_a_section_count(payload):
    # spec 1.6: ttl_cnt vs total; groups as top-level keys or a list under invoicecount
    counts = parse_counts(payload)
    assert (counts["b2bcn"].no_action, counts["b2bcn"].accepted, counts["b2bcn"].pending) == (3, 1, 2)
    assert counts["b2bcn"].total == 6


def test_getcnt_isd_and_import_groups_are_read():
    # spec 1.6 groups inv_supp_isd and imp_gds; providers SB-count-old keys
    counts = parse_counts({"inv_supp_isd": {"isd": {"noaction": 2}, "ttl_cnt": 2},
                           "imp_gds": {"impg": {"accept": 1}, "ttl_cnt": 1}})
    assert counts["isd"].total == 2 and counts["impg"].total == 1


def test_getcnt_error_envelope_is_refused_with_its_code():
    with pytest.raises(PayloadError, match="AUTH4038"):
        parse_counts({"status_cd": "0", "error": {"error_cd": "AUTH4038", "message": "Session expired"}})


# ---------------------------------------------------------------- REQSTS (spec 2.3)


def test_reqsts_processed_in_sandboxs_envelope_with_empty_error_fields():
    # providers SB-status sample: err_cd "" and err_msg "" on P
    inner = {"err_cd": "", "err_msg": "", "proc_cnt": "8", "status_cd": "P", "transTypCd": "SAV"}
    status = parse_request_status({"code": 200, "data": {"data": inner, "status_cd": "1"}, "timestamp": 1})
    assert (status.status, status.processed, status.failed, status.error_code) == ("P", 8, 0, None)


@pytest.mark.parametrize("key, section", [("b2bcn", Section.B2BCN), ("cn", Section.B2BCN),
                                          ("b2bdn", Section.B2BDN), ("dn", Section.B2BDN),
                                          ("ecom", Section.ECOM), ("e_b2b", Section.ECOM)])
def test_reqsts_error_report_section_keys_either_spelling(key, section):
    # spec 1.3 and 7.5: error_report keys b2bcn/cn, b2bdn/dn, EY's e_b2b; notes listed under inum (1.8)
    status = parse_request_status({"status_cd": "PE", "proc_cnt": "1", "err_cnt": "1", "error_report": {key: [
        {"stin": SUPPLIER_2, "error_cd": "IMSSAV0010", "error_msg": "Either previous action is incorrect",
         "inv": [{"inum": "DOC-7", "rtnprd": "032026"}]}]}})
    (error,) = status.record_errors
    assert (error.section, error.supplier_gstin, error.document_number, error.supplier_return_period,
            error.code) == (section, SUPPLIER_2, "DOC-7", "032026", "IMSSAV0010")


def test_reqsts_whole_request_error_keeps_its_code():
    # providers SB-status: IMSSAV005 schema validation failure; spec 2.3 err_cd/err_msg
    status = parse_request_status({"status_cd": "ER", "err_cd": "IMSSAV005", "err_msg": "Schema validation"})
    assert status.status == "ER" and status.error_code == "IMSSAV005"


def test_reqsts_note_report_under_nt_num():
    # spec 2.3: inv entries carry inum or nt_num
    status = parse_request_status({"status_cd": "PE", "error_report": {"b2bcna": [
        {"stin": SUPPLIER_2, "error_cd": "E1", "error_msg": "x",
         "inv": [{"nt_num": "CN-9", "rtnprd": "102025"}]}]}})
    assert status.record_errors[0].document_number == "CN-9"


def test_getinv_note_rows_and_invoice_rows_together_keep_their_sections():
    read = read_getinv({"status_cd": "1", "data": {"b2b": [invoice()], "b2bcn": [note()], "b2bdn": [note()]}})
    assert sorted(r.section.value for r in read.records) == ["b2b", "b2bcn", "b2bdn"]
