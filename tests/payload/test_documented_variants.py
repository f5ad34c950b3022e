"""Every shape of IMS payload the public sources document, one test per variant.

Sources: spec gstn-ims.md (1.3-1.8, 2.3, 3.2-3.4, 7.5) and providers.md (Sandbox, Vayana, GSTN's own
attribute sheets). Each variant is built here in the shape its source documents, and is read as the
same record (or status, or counts) as GSTN's own spelling, or refused with one line naming section,
record position and field. For GETINV rows both readers are checked: the flat fast path either
builds the very record the precise path builds, or hands the row over (None), never misreads it.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from india_ims.gst_india.documents import FULL_REDUCTION, Action, ItcReduction, Section
from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload import ims_status
from india_ims.gst_india.payload import transport as wire
from india_ims.gst_india.payload.getinv import _flat_section, parse_record, read_getinv
from india_ims.gst_india.payload.gstr2b_read import parse_gstr2b_pages
from india_ims.gstn.adapters import supplier_wire

TODAY = date(2026, 11, 30)
LAST_MONTH = (TODAY.replace(day=1) - timedelta(days=1))
PERIOD = LAST_MONTH.strftime("%m%Y")
DAY = LAST_MONTH.replace(day=3)
DAY_TEXT = DAY.strftime("%d-%m-%Y")
SUPPLIER = "27AAPFU0939F1ZV"

INVOICE = {"stin": SUPPLIER, "inum": "INV-1", "idt": DAY_TEXT, "inv_typ": "R", "action": "N",
           "ispendactblocked": "N", "srcform": "R1", "rtnprd": PERIOD, "srcfilstatus": "Filed",
           "val": 1180.5, "pos": "27", "txval": 1000.5, "iamt": 0, "camt": 90, "samt": 90, "cess": 0,
           "hash": "ab" * 32}
NOTE = {**{k: v for k, v in INVOICE.items() if k not in ("inum", "idt")}, "nt_num": "CN-1", "nt_dt": DAY_TEXT}


def _row(base: dict, **changes) -> dict:
    return {key: value for key, value in {**base, **changes}.items() if value is not ...}


def _both_paths(section: Section, row: dict):
    """The precise path's record; the flat path must build the same one or hand the row over."""
    precise = parse_record(section, row, position=1)
    flat = _flat_section(section, [row], ({}, {}))[0]
    assert flat is None or flat == precise
    return precise


def _read(key: str, row: dict):
    (record,) = read_getinv({key: [row]}).records
    assert record == _both_paths(record.section, row)
    return record


def _refusal(section: Section, row: dict) -> str:
    assert _flat_section(section, [row], ({}, {}))[0] is None
    with pytest.raises(PayloadError) as caught:
        read_getinv({section.value: [row]})
    return str(caught.value)


PLAIN = _read("b2b", INVOICE)
PLAIN_NOTE = _read("b2bcn", NOTE)


# ---------------------------------------------------------------- GETINV: sections and envelopes


def test_variant_note_sections_spelt_as_getinv_parameter_cn_dn():
    assert _read("cn", NOTE) == PLAIN_NOTE
    assert _read("dn", NOTE).section is Section.B2BDN


def test_variant_section_keys_upper_cased():
    (record,) = read_getinv({"B2BCN": [NOTE]}).records
    assert record == PLAIN_NOTE


def test_variant_amendment_carries_the_original_as_oinum_oidt():
    record = _read("b2ba", _row(INVOICE, oinum="INV-0", oidt=DAY_TEXT))
    assert (record.original_number, record.original_date) == ("INV-0", DAY)


def test_variant_note_amendment_carries_the_original_as_ont_num_ont_dt():
    record = _read("b2bcna", _row(NOTE, ont_num="CN-0", ont_dt=DAY_TEXT))
    assert (record.section, record.original_number, record.original_date) == (Section.B2BCNA, "CN-0", DAY)


def test_variant_eco_document_without_inv_typ():
    record = _read("ecom", _row(INVOICE, inv_typ=...))
    assert record.section is Section.ECOM and record.invoice_type is None
    assert record.amounts == PLAIN.amounts


@pytest.mark.parametrize("wrap", [
    lambda inner: inner,
    lambda inner: {"status_cd": "1", "data": inner},
    lambda inner: {"code": 200, "data": {"data": inner, "status_cd": "1"}, "timestamp": 1,
                   "transaction_id": "t"},
    lambda inner: {"status": "1", "data": inner, "error": None, "info": None, "additionalInfo": None,
                   "alert": None},
    lambda inner: {"status_cd": "1", "data": json.dumps(inner)},
], ids=["bare", "gstn", "sandbox", "vayana", "data-as-json-text"])
def test_variant_getinv_envelopes_bare_and_nested(wrap):
    assert read_getinv(wrap({"b2b": [INVOICE]})).records == [PLAIN]


@pytest.mark.parametrize("sections", [{"b2b": []}, {"b2b": None}, {"b2b": [], "b2bcn": [], "ecoma": []}])
def test_variant_empty_sections(sections):
    assert read_getinv(sections).records == []


@pytest.mark.parametrize("answer", [
    {"code": 200, "data": {"status_cd": "0", "error": {"error_cd": "IMS0027", "message": "No records"}}},
    {"status_cd": "0", "error": {"error_cd": "RET11416", "message": "No invoices found"}},
], ids=["sandbox-IMS0027", "gstn-RET11416"])
def test_variant_no_data_codes_are_an_empty_download(answer):
    read = read_getinv(answer)
    assert read.records == [] and read.no_data_code in ("IMS0027", "RET11416")


def test_variant_queued_token_saved_as_the_download_is_refused_saying_what_it_is():
    with pytest.raises(PayloadError, match="queued"):
        read_getinv({"status_cd": "1", "data": {"token": "T1", "est": "5"}})


def test_variant_import_and_isd_sections_are_passed_over_with_their_counts():
    read = read_getinv({"b2b": [INVOICE], "impg": [{"boenum": "1"}], "isd": []})
    assert read.records == [PLAIN] and read.skipped == {"impg": 1, "isd": 0}


# ---------------------------------------------------------------- GETINV: fields


def test_variant_amounts_sent_as_strings():
    row = _row(INVOICE, val="1180.50", txval="1,000.50", iamt="0", camt="90.00", samt="90", cess="")
    assert _read("b2b", row) == PLAIN


def test_variant_amounts_as_plain_decimal_text_stay_on_the_flat_path():
    row = _row(INVOICE, val="1180.50", txval="1000.5", iamt="0", camt="90.00", samt="90", cess="0")
    assert _flat_section(Section.B2B, [row], ({}, {})) == [PLAIN]


@pytest.mark.parametrize("text", ["1,180.50", " 1180.50", "1180.505", "+1180.50", "1e3", "１１８０"])
def test_variant_amount_text_beyond_plain_decimals_takes_the_precise_path(text):
    row = _row(INVOICE, val=text)
    assert _flat_section(Section.B2B, [row], ({}, {})) == [None]


def test_variant_amount_text_that_is_no_number_is_refused_naming_record_and_field():
    said = _refusal(Section.B2B, _row(INVOICE, camt="NA"))
    assert "section b2b, record 1" in said and "field 'camt'" in said


@pytest.mark.parametrize("text", [DAY_TEXT, DAY.strftime("%d/%m/%Y"), DAY.isoformat(),
                                  DAY.strftime("%Y-%m-%dT00:00:00"), DAY.strftime("%d-%b-%Y")])
def test_variant_dates_in_gstn_and_providers_formats(text):
    assert _read("b2b", _row(INVOICE, idt=text)) == PLAIN


def test_variant_two_digit_year_date_is_refused_naming_the_field():
    said = _refusal(Section.B2B, _row(INVOICE, idt=DAY.strftime("%d-%m-%y")))
    assert "record 1" in said and "field 'idt'" in said


@pytest.mark.parametrize("word, action", [
    ("A", Action.ACCEPT), ("r", Action.REJECT), ("Accepted", Action.ACCEPT), ("REJECTED", Action.REJECT),
    ("pending", Action.PENDING), ("No Action", Action.NO_ACTION), ("no_action_taken", Action.NO_ACTION),
    (None, Action.NO_ACTION),
])
def test_variant_action_as_code_or_status_word(word, action):
    assert _read("b2b", _row(INVOICE, action=word)).action is action


@pytest.mark.parametrize("changes", [{"action": "Accepted"}, {"action": "no_action_taken"},
                                     {"action": "REJECTED"}, {"srcfilstatus": "NOT_FILED"},
                                     {"srcfilstatus": "not filed"}])
def test_variant_status_words_stay_on_the_flat_path(changes):
    row = _row(INVOICE, **changes)
    (flat,) = _flat_section(Section.B2B, [row], ({}, {}))
    assert flat is not None and flat == parse_record(Section.B2B, row, position=1)


def test_variant_unknown_action_is_refused_naming_the_field():
    assert "field 'action'" in _refusal(Section.B2B, _row(INVOICE, action="Deemed"))


@pytest.mark.parametrize("status, filed", [
    ("Filed", True), ("Not Filed", False), ("NotFiled", False), ("not filed", False), ("NOT_FILED", False),
    (None, True),
])
def test_variant_srcfilstatus_spellings(status, filed):
    assert _read("b2b", _row(INVOICE, srcfilstatus=status)).supplier_filed is filed


@pytest.mark.parametrize("status", ["Saved", "Y", "Submitted"])
def test_variant_srcfilstatus_unknown_is_refused_naming_the_field(status):
    assert "field 'srcfilstatus'" in _refusal(Section.B2B, _row(INVOICE, srcfilstatus=status))


def test_variant_source_form_spelt_srcfrm():
    assert _read("b2b", _row(INVOICE, srcform=..., srcfrm="R1")) == PLAIN
    assert _read("b2b", _row(INVOICE, srcform=..., srcfrm="R1A")).source_form == "R1A"


def test_variant_source_form_r1a_any_case():
    assert _read("b2b", _row(INVOICE, srcform="r1a")).source_form == "R1A"


@pytest.mark.parametrize("flags, blocked", [
    ({"ispendactblocked": "Y"}, True), ({"ispendactblocked": "N"}, False),
    ({"ispendactblocked": ..., "ispendactnallwd": "N"}, True),
    ({"ispendactblocked": ..., "ispendactnallwd": "Y"}, False),
    ({"ispendactblocked": ...}, None),
])
def test_variant_pending_blocked_and_the_older_inverted_pending_allowed(flags, blocked):
    assert _read("b2bcn", _row(NOTE, **flags)).pending_blocked is blocked


@pytest.mark.parametrize("key", ["isItcRedReqBlocked", "itcRedReqBlocked"])
def test_variant_itc_reduction_blocked_flag_in_either_spelling(key):
    assert _read("b2bcn", _row(NOTE, **{key: "Y"})).itc_reduction_blocked is True
    assert _read("b2bcn", _row(NOTE, **{key: "N"})).itc_reduction_blocked is False


def test_variant_october_2025_remarks_and_declared_reduction_sent_as_strings():
    row = _row(NOTE, remarks=" ITC not availed ", isRemarksBlocked="N", itcRedReq="Y",
               declIgst="0", declCgst="45.00", declSgst="45", declCess="")
    record = _read("b2bcn", row)
    assert record.remarks == "ITC not availed" and record.remarks_blocked is False
    assert record.itc_reduction == ItcReduction(True, 0, 4500, 4500, 0)


def test_variant_itc_reduction_y_without_declared_amounts_is_the_full_tax():
    record = _read("b2bcn", _row(NOTE, itcRedReq="Y"))
    assert record.itc_reduction == ItcReduction(True, 0, 9000, 9000, 0)


AMENDED_NOTE = {**NOTE, "ont_num": "CN-0", "ont_dt": DAY_TEXT, "action": "A"}


def test_variant_itc_reduction_y_without_declared_amounts_on_an_amendment_is_the_full_reduction():
    # The full reduction of an amendment is its difference from the earlier version, which the row
    # does not carry: read as "Y, amounts not declared", neither 0 nor the amended note's whole tax.
    for blank in ({}, {"declIgst": None, "declCgst": "", "declSgst": None, "declCess": ""}):
        record = _read("b2bcna", _row(AMENDED_NOTE, itcRedReq="Y", **blank))
        assert record.itc_reduction == FULL_REDUCTION and record.itc_reduction.full_undeclared
        assert record.itc_reduction != ItcReduction(True) and record.itc_reduction.igst is None


def test_variant_itc_reduction_y_without_amounts_on_an_amendment_leaves_the_month_readable():
    month = {"b2b": [_row(INVOICE)], "b2bcna": [_row(AMENDED_NOTE, itcRedReq="Y")],
             "b2bdna": [{**_row(NOTE, nt_num="DN-1A", ont_num="DN-1", ont_dt=DAY_TEXT, action="A"),
                         "itcRedReq": "Y", "declIgst": 0, "declCgst": 10, "declSgst": 10, "declCess": 0}]}
    records = {r.section: r for r in read_getinv(month).records}
    assert len(records) == 3
    assert records[Section.B2BCNA].itc_reduction == FULL_REDUCTION
    assert records[Section.B2BDNA].itc_reduction == ItcReduction(True, 0, 1000, 1000, 0)
    assert records[Section.B2B].itc_reduction is None


def test_variant_itc_reduction_n_means_no_reversal():
    assert _read("b2bcn", _row(NOTE, itcRedReq="N")).itc_reduction == ItcReduction(required=False)


def test_variant_keys_imss_does_not_define_are_passed_over():
    assert _read("b2b", _row(INVOICE, tradenm="ACME TRADERS", srctyp="e-Invoice")) == PLAIN


def test_variant_period_and_state_code_sent_as_json_numbers():
    record = _read("b2b", _row(INVOICE, rtnprd=int(PERIOD), pos=7))
    assert record.supplier_return_period == PERIOD and record.place_of_supply == "07"


# ---------------------------------------------------------------- GETCNT

_COUNTS = {"b2b": {"noaction": "3", "accept": 1, "reject": 0, "pending": 0},
           "b2bcn": {"noaction": 1, "accept": 0, "reject": 0, "pending": 0}}


def test_variant_getcnt_total_per_section_as_total():
    counts = ims_status.parse_counts({"all_oth": {"b2b": {**_COUNTS["b2b"], "total": 4}}})
    assert counts["b2b"].total == 4 and counts["b2b"].stated_total == 4 and not counts["b2b"].disagrees


def test_variant_getcnt_total_per_section_as_ttl_cnt():
    counts = ims_status.parse_counts({"all_oth": {"b2b": {**_COUNTS["b2b"], "ttl_cnt": "4"}}})
    assert counts["b2b"].stated_total == 4 and not counts["b2b"].disagrees


def test_variant_getcnt_total_per_group_as_ttl_cnt():
    counts = ims_status.parse_counts({"all_oth": {**_COUNTS, "ttl_cnt": "5"}})
    assert counts["b2b"].total == 4 and counts.groups[0].total == 5


def test_variant_getcnt_groups_as_a_list_under_invoicecount():
    counts = ims_status.parse_counts({"invoicecount": [{"all_oth": _COUNTS}]})
    assert (counts["b2b"].total, counts["b2bcn"].total) == (4, 1)


def test_variant_getcnt_section_spelt_as_getinv_parameter_counts_under_the_json_key():
    counts = ims_status.parse_counts({"all_oth": {"CN": _COUNTS["b2bcn"]}})
    assert counts["b2bcn"].total == 1


@pytest.mark.parametrize("wrap", [
    lambda inner: {"status_cd": "1", "data": inner},
    lambda inner: {"code": 200, "data": {"data": inner, "status_cd": "1"}, "timestamp": 1},
    lambda inner: {"status": "1", "data": inner, "error": None},
], ids=["gstn", "sandbox", "vayana"])
def test_variant_getcnt_inside_envelopes(wrap):
    counts = ims_status.parse_counts(wrap({"all_oth": _COUNTS}))
    assert (counts["b2b"].total, counts["b2bcn"].total) == (4, 1)


def test_variant_getcnt_error_envelope_is_refused_with_its_code():
    with pytest.raises(PayloadError, match="AUTH4033.*Invalid Session"):
        error = {"error_cd": "AUTH4033", "message": "Invalid Session"}
        ims_status.parse_counts({"code": 200, "data": {"status_cd": "0", "error": error}})


def test_variant_getcnt_isd_and_import_groups():
    counts = ims_status.parse_counts({"inv_supp_isd": {"isd": {"noaction": 2}},
                                      "imp_gds": {"impg": {"accept": 1}}})
    assert (counts["isd"].total, counts["impg"].total) == (2, 1)


# ---------------------------------------------------------------- REQSTS


def _report(key: str, doc: dict, **entry) -> dict:
    return {"status_cd": "PE", "transTypCd": "SAV", "proc_cnt": "7", "err_cnt": "1",
            "error_report": {key: [{"stin": SUPPLIER, "error_cd": "IMSSAV0010",
                                    "error_msg": "Previous action incorrect", "inv": [doc], **entry}]}}


_CN_FAILURE = ("b2bcn", SUPPLIER, "CN-1", PERIOD)


def _failures(payload: dict):
    return ims_status.parse_request_status(payload).record_errors


@pytest.mark.parametrize("key", ["b2bcn", "cn", "CN"])
def test_variant_reqsts_credit_note_report_under_b2bcn_or_cn(key):
    (error,) = _failures(_report(key, {"nt_num": "CN-1", "rtnprd": PERIOD}))
    assert error.key == _CN_FAILURE and error.code == "IMSSAV0010"


@pytest.mark.parametrize("key", ["b2bdn", "dn"])
def test_variant_reqsts_debit_note_report_under_b2bdn_or_dn(key):
    (error,) = _failures(_report(key, {"nt_num": "DN-1", "rtnprd": PERIOD}))
    assert error.key == ("b2bdn", SUPPLIER, "DN-1", PERIOD)


def test_variant_reqsts_notes_listed_under_inum():
    (error,) = _failures(_report("cn", {"inum": "CN-1", "rtnprd": PERIOD}))
    assert error.key == _CN_FAILURE


@pytest.mark.parametrize("key, section", [("e_b2b", "ecom"), ("e_c2b", "ecom"), ("e_b2ba", "ecoma"),
                                          ("e_c2ba", "ecoma")])
def test_variant_reqsts_eco_report_under_eys_alternate_keys(key, section):
    (error,) = ims_status.parse_request_status(_report(key, {"inum": "E-1", "rtnprd": PERIOD})).record_errors
    assert error.key == (section, SUPPLIER, "E-1", PERIOD)


def test_variant_reqsts_report_one_entry_per_record():
    payload = {"status_cd": "PE", "error_report": {"b2bcn": [
        {"stin": SUPPLIER, "nt_num": "CN-1", "rtnprd": PERIOD, "error_cd": "IMSSAV0054",
         "error_msg": "Please enter value for the column itcRedReq."}]}}
    (error,) = ims_status.parse_request_status(payload).record_errors
    assert error.key == _CN_FAILURE and error.code == "IMSSAV0054"


def test_variant_reqsts_report_with_a_code_per_document():
    doc = {"nt_num": "CN-1", "rtnprd": PERIOD, "error_cd": "IMSSAV0054", "error_msg": "itcRedReq missing"}
    (error,) = ims_status.parse_request_status(_report("b2bcn", doc)).record_errors
    assert (error.code, error.message) == ("IMSSAV0054", "itcRedReq missing")


def test_variant_reqsts_report_naming_the_supplier_on_each_document():
    payload = {"status_cd": "PE", "error_report": {"cn": [
        {"error_cd": "IMSSAV0010", "inv": [{"stin": SUPPLIER.lower(), "inum": "CN-1", "rtnprd": PERIOD}]}]}}
    (error,) = _failures(payload)
    assert error.key == _CN_FAILURE


def test_variant_reqsts_counts_as_strings_or_numbers():
    assert ims_status.parse_request_status({"status_cd": "PE", "proc_cnt": "7", "err_cnt": 1}).processed == 7
    assert ims_status.parse_request_status({"status_cd": "P", "proc_cnt": 8}).failed == 0


@pytest.mark.parametrize("wrap", [
    lambda inner: inner,
    lambda inner: {"status_cd": "1", "data": inner},
    lambda inner: {"code": 200, "data": {"data": inner, "status_cd": "1"}, "timestamp": 1},
    lambda inner: {"code": 200, "data": inner},
], ids=["bare", "gstn", "sandbox", "sandbox-without-inner-data"])
def test_variant_reqsts_inside_envelopes(wrap):
    status = ims_status.parse_request_status(wrap(_report("cn", {"inum": "CN-1", "rtnprd": PERIOD})))
    assert status.status == "PE" and status.record_errors[0].key == _CN_FAILURE


def test_variant_reqsts_error_envelope_is_refused_with_its_code():
    with pytest.raises(PayloadError, match="RET191106.*invalid reference"):
        ims_status.parse_request_status({"status_cd": "0", "error": {"error_cd": "RET191106",
                                                                      "message": "invalid reference"}})


@pytest.mark.parametrize("word, code", [("P", "P"), ("pe", "PE"), ("In Progress", "IP"),
                                        ("Processed with Errors", "PE"), ("ER", "ER")])
def test_variant_reqsts_status_code_or_words(word, code):
    assert ims_status.parse_request_status({"status_cd": word}).status == code


def test_variant_reqsts_failures_under_a_section_never_uploaded_are_refused_naming_it():
    with pytest.raises(PayloadError, match="error_report.*'isd' is not an IMS section"):
        ims_status.parse_request_status(_report("isd", {"inum": "I-1"}))


# ---------------------------------------------------------------- SAVE / RESET answers, queued answers


@pytest.mark.parametrize("reply", [{"reference_id": "R1"}, {"ref_id": "R1"}, {"referenceId": "R1"}])
def test_variant_save_reference_as_reference_id_or_ref_id(reply):
    assert wire.parse_reference(reply) == "R1"


@pytest.mark.parametrize("answer", [{"token": "T", "est": "5"}, {"requestid": "T", "retryTimeInMinutes": 5}],
                         ids=["getinv-token-est", "gstr2b-requestid"])
def test_variant_queued_answer_in_ims_and_gstr2b_spelling(answer):
    assert wire.parse_queued(answer) == wire.Queued("T", 5.0)


# ---------------------------------------------------------------- GSTR-2B

_INV = {"inum": "S1", "typ": "R", "dt": DAY_TEXT, "val": 1180, "pos": "27", "rev": "N", "itcavl": "Y",
        "rsn": "", "diffprcnt": 1, "txval": 1000, "igst": 0, "cgst": 90, "sgst": 90, "cess": 0}
_NT = {"ntnum": "N1", "typ": "C", "suptyp": "R", "dt": DAY_TEXT, "val": 118, "pos": "27", "rev": "N",
       "itcavl": "Y", "txval": 100, "igst": 0, "cgst": 9, "sgst": 9, "cess": 0}


def _page(docdata: dict, **data) -> dict:
    return {"chksum": "x", "data": {"gstin": SUPPLIER, "rtnprd": PERIOD, "version": "4.0",
                                    "gendt": TODAY.replace(day=14).strftime("%d-%m-%Y"),
                                    "docdata": docdata, **data}}


def _b2b(**changes) -> dict:
    return {"b2b": [{"ctin": SUPPLIER, "trdnm": "X", "supprd": PERIOD, "inv": [_row(_INV, **changes)]}]}


def _only(pages: list):
    (document,) = parse_gstr2b_pages(pages).documents
    return document


def test_variant_gstr2b_v4_invoice_under_ctin_with_dt_and_igst_keys():
    document = _only([_page(_b2b())])
    assert (document.supplier_gstin, document.document_number) == (SUPPLIER, "S1")
    assert document.document_date == DAY
    assert (document.amounts.taxable_value, document.amounts.cgst) == (100000, 9000)


def test_variant_gstr2b_older_schema_amounts_in_items():
    items = [{"num": 1, "rt": 18, "txval": 600, "igst": 0, "cgst": 54, "sgst": 54, "cess": 0},
             {"num": 2, "rt": 18, "txval": 400, "igst": 0, "cgst": 36, "sgst": 36, "cess": 0}]
    row = {"inum": "S1", "dt": DAY_TEXT, "val": 1180, "items": items}
    page = _page({"b2b": [{"ctin": SUPPLIER, "inv": [row]}]}, version="3.0")
    assert _only([page]).amounts == _only([_page(_b2b())]).amounts


def test_variant_gstr2b_documents_rejected_in_ims_under_docRejdata():
    document = _only([_page({}, docRejdata=_b2b())])
    assert document.rejected and document.section == "b2b"


@pytest.mark.parametrize("status, action", [("A", Action.ACCEPT), ("r", Action.REJECT),
                                            ("Accepted", Action.ACCEPT), ("No Action", Action.NO_ACTION)])
def test_variant_gstr2b_ims_status_as_code_or_word(status, action):
    assert _only([_page(_b2b(imsStatus=status))]).ims_action is action


def test_variant_gstr2b_unknown_ims_status_is_refused_naming_document_and_field():
    with pytest.raises(PayloadError, match="record 1.*'S1'.*field 'imsStatus'"):
        parse_gstr2b_pages([_page(_b2b(imsStatus="Deemed"))])


def test_variant_gstr2b_credit_note_with_ims_era_fields():
    note = _row(_NT, itcRedReq="Y", declIgst=0, declCgst=5, declSgst=5, declCess=0, imsStatus="A",
                remarks="r")
    document = _only([_page({"cdnr": [{"ctin": SUPPLIER, "nt": [note]}]})])
    assert (document.note_type, document.ims_action, document.amounts.cgst) == ("C", Action.ACCEPT, 900)


def test_variant_gstr2b_amounts_as_strings():
    assert _only([_page(_b2b(txval="1000.00", cgst="90", sgst="90.00"))]) == _only([_page(_b2b())])


def test_variant_gstr2b_sandbox_paged_answer_status_3_files_merged():
    first = {"code": 200, "data": {"data": {**_page(_b2b())["data"], "fc": 2}, "status_cd": "3"}}
    second = {"code": 200, "data": {"data": {**_page(_b2b(inum="S2"))["data"], "fc": 2}, "status_cd": "1"}}
    numbers = [d.document_number for d in parse_gstr2b_pages([first, second]).documents]
    assert numbers == ["S1", "S2"]


@pytest.mark.parametrize("code", ["RET2B1016", "RET2B1023"])
def test_variant_gstr2b_no_data_answers_are_named_never_read_as_an_empty_2b(code):
    with pytest.raises(PayloadError, match=code):
        answer = {"status_cd": "0", "error": {"error_cd": code, "message": "x"}}
        parse_gstr2b_pages([{"code": 200, "data": answer}])


# ---------------------------------------------------------------- supplier side (Sandbox's schemas)


def _added(section: str, **row) -> dict:
    base = {"ctin": SUPPLIER, "nt_num": "CN-9", "nt_dt": DAY_TEXT, "ntty": "C", "val": 118, "txval": 100,
            "iamt": 0, "camt": 9, "samt": 9, "csamt": 0, "supPrd": PERIOD, "form": "R1", "inv_typ": "R"}
    return {"gstin": SUPPLIER, "rtnprd": PERIOD, "rejInvAddBackLiab": {section: [_row(base, **row)]}}


def test_variant_added_back_debit_and_credit_notes_by_ntty():
    (credit,) = supplier_wire.parse_added_back(_added("cdnr"), period=PERIOD)
    (debit,) = supplier_wire.parse_added_back(_added("cdnr", ntty="D"), period=PERIOD)
    assert (credit.section, debit.section) == (Section.B2BCN, Section.B2BDN)


@pytest.mark.parametrize("ntty", ["X", ...])
def test_variant_added_back_note_type_other_than_c_or_d_is_refused_naming_the_field(ntty):
    with pytest.raises(PayloadError, match="record 1.*field 'ntty'"):
        supplier_wire.parse_added_back(_added("cdnr", ntty=ntty), period=PERIOD)


def test_variant_added_back_eco_amendment_names_the_recipient_as_rtin():
    row = {"rtin": SUPPLIER.lower(), "rtinNam": "Us", "stin": "29AAJCM5823E1ZC", "stinNam": "Them",
           "inum": "E-1", "idt": DAY_TEXT, "oinum": "E-0", "oidt": DAY_TEXT, "val": 118, "txval": 100,
           "iamt": 18, "camt": 0, "samt": 0, "csamt": 0, "supPrd": int(PERIOD), "form": "r1a"}
    (item,) = supplier_wire.parse_added_back({"rejInvAddBackLiab": {"ecoma": [row]}}, period=PERIOD)
    assert (item.section, item.recipient_gstin, item.supplier_period, item.form) == \
        (Section.ECOMA, SUPPLIER, PERIOD, "R1A")


def test_variant_added_back_form_other_than_r1_or_r1a_is_refused_naming_the_field():
    with pytest.raises(PayloadError, match="field 'form'"):
        supplier_wire.parse_added_back(_added("cdnr", form="GSTR3B"), period=PERIOD)


@pytest.mark.parametrize("word, action", [("A", Action.ACCEPT), ("Rejected", Action.REJECT),
                                          ("no_action_taken", Action.NO_ACTION), (None, Action.NO_ACTION)])
def test_variant_supplier_view_imsactn_code_or_word(word, action):
    row = {"inum": "INV-7", "idt": DAY_TEXT, "val": 118, "inv_typ": "R", "imsactn": word,
           "itms": [{"num": 1, "itm_det": {"txval": 100, "iamt": 18, "camt": 0, "samt": 0, "csamt": 0}}]}
    (sale,) = supplier_wire.parse_sales({"gstin": SUPPLIER, "rtnprd": PERIOD,
                                         "gstr1": {"b2b": [{"ctin": SUPPLIER, "inv": [row]}]}}, period=PERIOD)
    assert sale.recipient_action is action and sale.amounts.igst == 1800
