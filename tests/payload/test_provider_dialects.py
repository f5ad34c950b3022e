"""Provider dialects and GSTN's own documented shapes: every difference a reader meets, and its test.

The audit behind this module went through GSTN's protocol (spec 1-3) and each provider of
providers.md (Sandbox, Vayana EAS and GSP, TaxPro, India Compliance API) and listed every way one
answer can differ from another. Each shape is read as what it means, or refused with one line naming
the record (section, position, supplier GSTIN, document number) and the field. Where the shape is
tested elsewhere, the test is named.

Envelopes (``payload/envelope.py``, ``gstn/transport.py``, ``adapters/sandbox_api.py``)
- bare, GSTN ``{status_cd, data}``, Sandbox ``{code, data: {data, status_cd}}``, Vayana ``{status,
  data}``: test_provider_shapes, test_corpus; ``result`` / ``response`` wrappers: here.
- ``data`` still encrypted (``rek``/``hmac``): refused (test_provider_shapes); ``data`` as JSON text or
  as GSTN's inner base64 layer left by a GSP that decrypted: read here; other text: refused here.
- HTTP 200 with an error body (``status_cd`` "0"), error as text, lower-case codes, "no records"
  codes (IMS0027, RET1141x): test_provider_shapes; error as ``errorCode``/``errorMessage``, as a
  list, under ``errors``, message as ``error_msg``: here (file, transport and 2B page).
- provider's own refusal ``{code: 403, message}`` kept as the file: test_provider_shapes.
- Vayana EAS ``task-id`` / ``pages``, GSTN's queued ``token``/``est``, FILEDET ``ek``/``urls``/``fc``
  saved as the download: refused saying what it is (test_provider_shapes); FILEDET files merged, a
  record in two files read once, hashes checked, the RTN_24 token in ``data``, beside the error or
  inside it: tests/gstn/test_downloads.
- ``pg``/``tp`` (or ``page``/``totalPages``) of a paged answer with more than one page: refused here
  (the other pages' records would look deleted at GSTN).

GETINV rows (``payload/getinv.py``)
- amounts as text ("1,234.50"), nil heads as "", null or absent, ``NA``/``-``/``₹`` refused, missing
  ``val``/``txval`` refused, negative refused: test_provider_shapes.
- dates DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY, YYYY-MM-DD, month names, timestamps; two-digit years
  refused: test_provider_shapes.
- ``pos`` as a number (7 is 07, 27), a one-digit string refused: test_provider_shapes; as
  ERPNext's "27-Maharashtra": here.
- ``rtnprd`` as a number (92026 is 092026); ``2026-10`` refused: test_provider_shapes.
- actions as codes or words in any case; Y/N, true/false, 1/0 flags: test_provider_shapes, test_codes.
- ``ispendactblocked`` vs the older inverted ``ispendactnallwd``; ``ispendactallwd``: here.
- ``srcform`` vs ``srcfrm``; the two disagreeing refused: here.
- ``srctyp``, ``rchrg``, ``tradenm`` and other keys IMS does not define: passed over (IMS holds no
  reverse-charge document, FAQ 4).
- sections as JSON keys (``b2bcn``), GETINV parameters (``CN``), upper case; one section under two
  spellings refused; ``null``/``[]``/absent sections: test_provider_shapes, test_corpus; ``eco``/
  ``ecoa`` for ECO documents, and records under a key that is no section refused: here.
- a section holding GSTR-1-style ``ctin`` groups (``inv[]``, even empty): refused (test_malformed).
- a record repeated across pages or files read once; two different records of one document
  refused naming both: test_provider_shapes.
- a record's error names its supplier GSTIN: here.

GETCNT (``ims_status.parse_counts``): groups at top level or in ``invoicecount[]``, keys in any case,
counts as text: test_provider_shapes; a section's ``total`` and a group's ``ttl_cnt`` (any case,
camelCase), the counts by action trusted over a total that disagrees, a total alone counted, action
words ``no_action``/``noAction``/``accepted``/``rejected``/``no_action_taken``: test_getcnt_totals, and
the download check over each shape: tests/gstn/test_download_counts.

SAVE / RESET replies: ``reference_id``, ``ref_id`` or ``referenceId`` (``transport.parse_reference``,
here); a reply with none is an unknown outcome, never a refusal (tests/gstn/test_upload_faults).

REQSTS (``ims_status.parse_request_status``, ``gstn/verdict.py``, ``gstn/upload.py``)
- ``status_cd`` IP/P/PE/ER in any case, or as words ("Processed with Errors"): here; the status as
  Sandbox's ``data`` itself (no inner ``data``), or as a pass-through GSP's whole answer:
  tests/gstn/test_adapters.
- ``proc_cnt``/``err_cnt`` as text; error report keyed ``b2bcn`` or ``cn``/``dn`` (notes under
  ``inum``), EY's ``e_b2b``, upper-cased; documents under ``inv[]`` or on the entry; one object for a
  list; ``errorCode``/``message``: here, and end to end in tests/gstn/test_upload_reports.
- an unknown section key in the report, or an entry naming no document: refused (an unread failure
  would be believed saved); a PE whose report does not account for its ``err_cnt``, a P listing
  errors, a ``proc_cnt`` short of what the report leaves taken, an unreadable status, a status GSTN
  refuses to give and a reference id given twice: the section is downloaded again before anything is
  believed; GSTN's IMSSAV0010 (stale previous action) is learnt and retried (tests/gstn/test_verdict,
  tests/gstn/test_upload_reports; the sandbox speaks each report spelling through its ``partial``
  fault, and Sandbox's dialect its documented ``inv: [{inum, rtnprd}]``).

Supplier view (``adapters/supplier_wire.py``): GSTR-1-shaped rows with ``imsactn`` as a code or a word,
``rtnprd`` as a number (leading zero kept), recipients in lower case, amounts as text:
tests/gstn/test_adapters.

GSTR-2B (``gstr2b_read.py``): ``data.fc`` paging and files merged, documents repeated across files
read once (test_gstr2b_pages); an answer announcing several files is a header, not file 1: files
1..fc are fetched by number (tests/gstn/test_conformance::test_gstr2b_paging_and_regeneration,
the sandbox answers so); version spellings, upper-case sections, ``rtnprd`` as a number
(test_provider_shapes); ``rev``/``rchrg`` reverse charge kept on the document, which then links to
no IMS record: here. GSTR-2B regeneration: ``reference_id``; GENSTS2B ``status_cd`` IP/P/ER with
``err_cd``/``err_msg`` (tests/gstn/test_conformance).
"""

from __future__ import annotations

import base64
import json

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload import ims_status
from india_ims.gst_india.payload import transport as wire
from india_ims.gst_india.payload.getinv import _flat_section, read_getinv
from india_ims.gst_india.payload.gstr2b_read import parse_gstr2b_pages
from india_ims.gst_india.payload.gstr2b_summary import place

GSTIN = "27AAPFU0939F1ZV"
ROW = {"stin": GSTIN, "inum": "INV-1", "idt": "03-10-2026", "rtnprd": "102026", "val": 1180,
       "txval": 1000, "iamt": 180, "camt": 0, "samt": 0, "cess": 0, "pos": "27", "action": "N",
       "inv_typ": "R", "srcform": "R1", "srcfilstatus": "Filed", "ispendactblocked": "N"}
PLAIN = read_getinv({"b2b": [ROW]}).records[0]


def _row(**changes) -> dict:
    return {key: value for key, value in {**ROW, **changes}.items() if value is not ...}


# ---------------------------------------------------------------- envelopes


@pytest.mark.parametrize("wrapper", ["result", "response"])
def test_records_wrapped_in_result_or_response_are_read(wrapper):
    assert read_getinv({"status": "1", wrapper: {"b2b": [ROW]}}).records == [PLAIN]


def test_data_sent_as_json_text_is_read():
    assert read_getinv({"status_cd": "1", "data": json.dumps({"b2b": [ROW]})}).records == [PLAIN]


def test_data_left_as_gstns_base64_layer_by_a_decrypting_gateway_is_read():
    text = base64.b64encode(json.dumps({"b2b": [ROW]}).encode()).decode()
    assert read_getinv({"status_cd": "1", "data": text}).records == [PLAIN]


def test_data_text_nested_too_deeply_is_refused_in_one_line():
    with pytest.raises(PayloadError, match=r"payload's data is JSON nested too deeply"):
        read_getinv({"status_cd": "1", "data": "[" * 100_000})


def test_data_text_that_is_neither_json_nor_base64_json_is_refused_naming_where():
    with pytest.raises(PayloadError, match=r"payload's data is text .*neither JSON nor base64"):
        read_getinv({"status_cd": "1", "data": "not-an-answer"})


@pytest.mark.parametrize("error", [
    {"errorCode": "IMS0027", "errorMessage": "No records"},
    {"error_code": "ims0027", "msg": "No records"},
    [{"error_cd": "IMS0027", "message": "No records"}],
], ids=["errorCode", "error_code", "list"])
def test_no_records_answer_in_a_gateways_spelling_is_still_no_records(error):
    read = read_getinv({"status_cd": "0", "error": error})
    assert read.records == [] and read.no_data_code == "IMS0027"


@pytest.mark.parametrize("body", [
    {"status_cd": "0", "error": {"errorCode": "RET11402", "errorMessage": "API not authorised"}},
    {"status_cd": "0", "error": [{"error_cd": "RET11402", "message": "API not authorised"}]},
    {"status_cd": "0", "errors": [{"error_cd": "RET11402", "error_msg": "API not authorised"}]},
    {"errors": [{"errorCode": "RET11402", "message": "API not authorised"}]},
], ids=["errorCode", "list", "errors", "errors-without-status"])
def test_an_error_in_a_gateways_spelling_keeps_its_code_and_words(body):
    with pytest.raises(PayloadError, match=r"GSTN's error RET11402: API not authorised"):
        read_getinv(body)
    envelope = wire.parse_response_envelope(body)
    assert not envelope.ok and envelope.error_code == "RET11402"
    assert envelope.error_message == "API not authorised"


def test_a_gstr2b_file_with_a_list_of_errors_says_its_code():
    with pytest.raises(PayloadError, match=r"holds GSTN's error RET2B1023: not generated"):
        parse_gstr2b_pages([{"status_cd": "0", "error": [{"errorCode": "RET2B1023",
                                                          "errorMessage": "not generated"}]}])


@pytest.mark.parametrize("markers", [{"pg": 1, "tp": 3}, {"page": "2", "totalPages": "2"}])
def test_one_page_of_a_paged_answer_is_refused_never_read_as_the_whole_section(markers):
    with pytest.raises(PayloadError, match=r"page \S+ of \d+ of a paged answer"):
        read_getinv({"b2b": [ROW], **markers})


def test_a_single_page_answer_is_read():
    assert read_getinv({"b2b": [ROW], "pg": 1, "tp": 1}).records == [PLAIN]


@pytest.mark.parametrize("key, section", [("eco", Section.ECOM), ("ECOA", Section.ECOMA)])
def test_eco_sections_shortened_to_eco_or_ecoa_are_read(key, section):
    row = _row(oinum="INV-0", oidt="01-09-2026") if section.is_amendment else ROW
    (record,) = read_getinv({key: [row]}).records
    assert record.section is section


def test_records_under_a_key_that_is_no_section_are_refused_never_passed_over():
    with pytest.raises(PayloadError, match=r"'b2c' holds 1 IMS record\(s\) \(stin\) but is not an"):
        read_getinv({"b2b": [ROW], "b2c": [ROW]})


def test_import_and_isd_sections_in_any_case_stay_skipped_and_counted():
    read = read_getinv({"b2b": [ROW], "ISD": [{"stin": GSTIN}], "impg": [{"stin": GSTIN}]})
    assert read.records == [PLAIN] and read.skipped == {"isd": 1, "impg": 1}


# ---------------------------------------------------------------- GETINV rows


def test_srcfrm_spelling_is_read_as_the_source_form_on_both_paths():
    row = _row(srcform=..., srcfrm="R1A")
    (record,) = read_getinv({"b2b": [row]}).records
    assert record.source_form == "R1A"
    assert _flat_section(Section.B2B, [row], ({}, {})) == [None]  # the precise path reads it


def test_srcform_and_srcfrm_that_disagree_are_refused_naming_the_field():
    with pytest.raises(PayloadError, match=rf"supplier {GSTIN}, document 'INV-1', field 'srcform': "
                                           r"'R1' but srcfrm says 'R1A'"):
        read_getinv({"b2b": [_row(srcfrm="R1A")]})


@pytest.mark.parametrize("allowed, blocked", [("N", True), ("Y", False)])
def test_ispendactallwd_is_the_older_pending_allowed_flag_inverted(allowed, blocked):
    row = _row(ispendactblocked=..., ispendactallwd=allowed)
    (record,) = read_getinv({"b2b": [row]}).records
    assert record.pending_blocked is blocked
    (flat,) = _flat_section(Section.B2B, [row], ({}, {}))
    assert flat is not None and flat.pending_blocked is blocked


def test_a_refused_record_names_its_supplier_as_sent():
    with pytest.raises(PayloadError, match=rf"section b2b, record 1, supplier {GSTIN}, document 'INV-1', "
                                           r"field 'txval'"):
        read_getinv({"b2b": [_row(txval="NA")]})


@pytest.mark.parametrize("pos", ["27-Maharashtra", "27 - Maharashtra"])
def test_a_place_of_supply_written_with_the_states_name_reads_as_its_code(pos):
    assert read_getinv({"b2b": [_row(pos=pos)]}).records == [PLAIN]


@pytest.mark.parametrize("pos", ["27-", "2-Delhi", "27-Maharashtra-1"])
def test_a_place_of_supply_that_is_not_a_code_and_a_name_is_refused_naming_the_field(pos):
    with pytest.raises(PayloadError, match=r"field 'pos'.*is not a 2-digit state code"):
        read_getinv({"b2b": [_row(pos=pos)]})


# ---------------------------------------------------------------- SAVE / RESET replies


@pytest.mark.parametrize("reply", [{"reference_id": "R1"}, {"ref_id": "R1"}, {"referenceId": "R1"}])
def test_the_reference_id_of_a_save_in_every_spelling_met(reply):
    assert wire.parse_reference(reply) == "R1"


# ---------------------------------------------------------------- REQSTS


def _failure(section=Section.B2BCN, number="CN-1"):
    return ims_status.RecordError(section, GSTIN, number, "102026", "IMSSAV0010", "previous action wrong")


@pytest.mark.parametrize("shape", [s for s in ims_status.REPORT_SHAPES if s != "none"])
def test_reqsts_error_report_names_the_same_records_in_every_spelling(shape):
    status = ims_status.RequestStatus("PE", 4, 2, record_errors=(_failure(), _failure(Section.B2B, "INV-9")))
    read = ims_status.parse_request_status(ims_status.build_request_status(status, shape))
    assert {e.key for e in read.record_errors} == {e.key for e in status.record_errors}
    assert {e.code for e in read.record_errors} == {"IMSSAV0010"}


@pytest.mark.parametrize("words, code", [("Processed", "P"), ("Processed with Errors", "PE"),
                                         ("PROCESSED_WITH_ERROR", "PE"), ("In Progress", "IP"), ("er", "ER")])
def test_reqsts_status_in_words_reads_as_its_code(words, code):
    assert ims_status.parse_request_status({"status_cd": words}).status == code


def test_reqsts_report_under_a_section_this_app_does_not_upload_is_refused_naming_it():
    with pytest.raises(PayloadError, match=r"field 'error_report': 'isd' is not an IMS section"):
        ims_status.parse_request_status({"status_cd": "PE", "error_report": {
            "isd": [{"stin": GSTIN, "error_cd": "X", "inv": [{"inum": "D-1"}]}]}})


def test_reqsts_entry_that_names_no_document_is_refused_never_dropped():
    with pytest.raises(PayloadError, match=rf"section b2b, supplier {GSTIN}, field 'inum': error entry names "
                                           r"no document"):
        ims_status.parse_request_status({"status_cd": "PE", "err_cnt": "1", "error_report": {
            "b2b": [{"stin": GSTIN, "error_cd": "X", "inv": []}]}})


# ---------------------------------------------------------------- GSTR-2B


@pytest.mark.parametrize("words, code", [("P", "P"), ("In Progress", "IP"), ("Processed", "P"), ("er", "ER")])
def test_gstr2b_generation_status_in_words_reads_as_its_code(words, code):
    assert wire.parse_generation_status({"status_cd": words}).status == code


def test_gstr2b_generation_error_keeps_its_code_upper_cased():
    status = wire.parse_generation_status({"status_cd": "ER", "err_cd": "ims2b007", "err_msg": "3B filed"})
    assert (status.status, status.error_code, status.error_message) == ("ER", "IMS2B007", "3B filed")


def _twob(**doc) -> list[dict]:
    base = {"inum": "S-1", "dt": "03-10-2026", "val": 1180, "txval": 1000, "igst": 180, "itcavl": "Y"}
    return [{"data": {"gstin": "29AAJCM5823E1ZC", "rtnprd": "102026", "version": "4.0", "gendt": "14-11-2026",
                      "docdata": {"b2b": [{"ctin": GSTIN, "inv": [{**base, **doc}]}]}}}]


@pytest.mark.parametrize("flag", [{"rev": "Y"}, {"rchrg": "Y"}, {"rev": True}])
def test_a_reverse_charge_gstr2b_document_links_to_no_ims_record(flag):
    (document,) = parse_gstr2b_pages(_twob(**flag)).documents
    assert document.reverse_charge and place(document).ims_section is None


def test_a_forward_charge_gstr2b_document_links_to_its_ims_section():
    (document,) = parse_gstr2b_pages(_twob(rev="N")).documents
    assert not document.reverse_charge and place(document).ims_section == "b2b"


def test_a_reverse_charge_flag_outside_y_or_n_is_refused_naming_the_document():
    with pytest.raises(PayloadError,
                       match=rf"supplier {GSTIN}, document 'S-1', field 'rev': 'X' is not Y or N"):
        parse_gstr2b_pages(_twob(rev="X"))
