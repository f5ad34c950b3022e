"""GETINV rows in the shapes real providers and hand-edited files send (providers.md, spec 1.5).

Good-but-odd input parses to the same record as GSTN's own shape; bad input is refused with one line
naming the section, record, supplier, document and field.
"""

from datetime import date

import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload.getinv import _flat_section, parse_record, read_getinv
from india_ims.gst_india.payload.repeats import drop_repeats

GSTIN = "27AAPFU0939F1ZV"
ROW = {"stin": GSTIN, "inum": "INV-1", "idt": "03-10-2026", "rtnprd": "102026", "val": 1180.5,
       "txval": 1000.5, "iamt": 180, "camt": 0, "samt": 0, "cess": 0, "pos": "27", "action": "A",
       "inv_typ": "R", "srcform": "R1", "srcfilstatus": "Filed", "ispendactblocked": "N"}
PLAIN = read_getinv({"b2b": [ROW]}).records[0]


def _one(**changes):
    row = {key: value for key, value in {**ROW, **changes}.items() if value is not ...}
    (record,) = read_getinv({"b2b": [row]}).records
    return record


def _refusal(section="b2b", **changes) -> str:
    row = {key: value for key, value in {**ROW, **changes}.items() if value is not ...}
    with pytest.raises(PayloadError) as caught:
        read_getinv({section: [row]})
    return str(caught.value)


@pytest.mark.parametrize("changes", [
    {"val": "1,180.50", "txval": "1,000.50", "iamt": "180"},  # numbers as text, Indian/western commas
    {"camt": "", "samt": None, "cess": ...},  # nil heads as "", null, or left out
    {"stin": " 27aapfu0939f1zv "},  # lower case and spaces around the GSTIN
    {"action": "a"}, {"action": "Accepted"}, {"action": "ACCEPTED "},  # providers' status words
    {"srcfilstatus": "filed"}, {"srcform": "r1"}, {"inv_typ": "r"},
    {"ispendactblocked": ..., "ispendactnallwd": "Y"},  # the older, inverted flag
    {"tradenm": "ACME", "unknownKey": {"nested": [1]}},  # extra keys are passed over
    {"hash": None, "remarks": None},
], ids=lambda changes: ",".join(changes))
def test_good_but_odd_row_reads_as_the_plain_one(changes):
    assert _one(**changes) == PLAIN


@pytest.mark.parametrize("text", [
    "03-10-2026", "03/10/2026", "03.10.2026", "2026-10-03", "3-10-2026", "03-10-2026 00:00:00",
    "2026-10-03T00:00:00", "2026-10-03T10:15:00+05:30",
    "2026-10-02T18:30:00Z",  # midnight in India: an instant is counted on India's calendar
])
def test_dates_in_providers_formats_read_as_the_indian_day(text):
    assert _one(idt=text).document_date == date(2026, 10, 3)


def test_an_instant_just_before_indian_midnight_is_the_earlier_day():
    assert _one(idt="2026-10-02T18:29:59Z").document_date == date(2026, 10, 2)


@pytest.mark.parametrize("text", ["03-10-26", "2026-13-01T00:00:00", "31-09-2026", "yesterday"])
def test_a_date_that_cannot_be_read_for_sure_is_refused_naming_record_and_field(text):
    message = _refusal(idt=text)
    assert "section b2b, record 1" in message and "INV-1" in message and "'idt'" in message


def test_numbers_that_lost_their_leading_zero_keep_state_code_and_period():
    record = _one(pos=7, rtnprd=92026)  # a provider turned "07" and "092026" into JSON numbers
    assert record.place_of_supply == "07" and record.supplier_return_period == "092026"


def test_a_one_digit_state_code_as_text_is_refused():
    assert "'pos'" in _refusal(pos="7")


@pytest.mark.parametrize("key", ["txval", "iamt", "val"])
def test_a_negative_amount_is_refused_on_both_paths(key):
    """GSTN sends amounts positive, credit notes included: a signed credit note would be counted twice."""
    note = {key: -180, "inum": ..., "idt": ..., "nt_num": "CN-1", "nt_dt": "03-10-2026"}
    message = _refusal("b2bcn", **note)
    assert f"'{key}'" in message and "negative" in message and "CN-1" in message
    row = {**ROW, key: -180}
    assert _flat_section(Section.B2B, [row], ({}, {})) == [None]  # the precise path words it
    with pytest.raises(PayloadError):
        parse_record(Section.B2B, row, position=1)


def test_empty_sections_as_list_null_or_absent_give_no_records():
    for payload in ({"b2b": [ROW], "b2ba": []}, {"b2b": [ROW], "b2ba": None}, {"b2b": [ROW]}):
        assert read_getinv(payload).records == [PLAIN]


def test_sandbox_no_data_answer_is_an_empty_download():
    read = read_getinv({"code": 200, "data": {"status_cd": "0", "error": {"error_cd": "IMS0027",
                                                                         "message": "No records"}}})
    assert read.records == [] and read.no_data_code == "IMS0027"


def test_a_record_repeated_in_a_download_is_read_once_and_reported():
    other = {**ROW, "inum": "INV-2"}
    read = read_getinv({"b2b": [ROW, other, ROW]})
    assert [r.document_number for r in read.records] == ["INV-1", "INV-2"]
    assert read.warnings == ["section b2b, record 3, document 'INV-1': the same record as section b2b, "
                             "record 1 (read once)"]


def test_two_different_records_of_one_document_refuse_the_download_naming_both():
    with pytest.raises(PayloadError) as caught:
        read_getinv({"b2b": [ROW, {**ROW, "inum": "inv-1", "action": "R"}]})
    message = str(caught.value)
    assert "record 2" in message and "record 1" in message and "action" in message


def test_the_same_number_in_other_sections_or_periods_is_not_a_repeat():
    amended = {**ROW, "oinum": "INV-0", "oidt": "01-09-2026"}
    note = {**ROW, "inum": ..., "idt": ..., "nt_num": "INV-1", "nt_dt": "03-10-2026"}
    note = {k: v for k, v in note.items() if v is not ...}
    read = read_getinv({"b2b": [ROW, {**ROW, "rtnprd": "112026"}], "b2ba": [amended], "b2bcn": [note]})
    assert len(read.records) == 4 and not read.warnings


def test_repeats_across_files_are_named_by_the_caller_places():
    (record,) = read_getinv({"b2b": [ROW]}).records
    changed = read_getinv({"b2b": [{**ROW, "action": "R"}]}).records[0]
    kept, notes = drop_repeats([record, record], ["file a, record 1", "file b, record 1"])
    assert kept == [record] and notes == ["file b, record 1, document 'INV-1': the same record as file a, "
                                          "record 1 (read once)"]
    with pytest.raises(PayloadError, match="file b, record 1.*file a, record 1"):
        drop_repeats([record, changed], ["file a, record 1", "file b, record 1"])
    assert changed.action is Action.REJECT


def _failure(**doc):
    from india_ims.gst_india.payload.ims_status import parse_request_status

    entry = {"stin": doc.pop("stin", GSTIN), "error_cd": "IMSSAV0010",
             "error_msg": "previous action incorrect", "inv": doc.pop("inv", None) or [doc]}
    return parse_request_status({"status_cd": "PE", "proc_cnt": "1", "err_cnt": "1",
                                 "error_report": {"b2b": [entry]}})


def test_reqsts_failure_names_the_record_the_way_the_record_is_keyed():
    """A failure that does not find its record leaves that record believed saved: GSTIN in lower case
    with spaces, a number with spaces, a period that lost its leading zero must still find it."""
    record = read_getinv({"b2b": [{**ROW, "rtnprd": "092026"}]}).records[0]
    (error,) = _failure(stin=" 27aapfu0939f1zv ", inum=" INV-1 ", rtnprd=92026).record_errors
    assert error.key == record.key


def test_reqsts_single_document_object_instead_of_a_list_is_read():
    (error,) = _failure(inv={"inum": "INV-1", "rtnprd": "102026"}).record_errors
    assert error.document_number == "INV-1" and error.supplier_return_period == "102026"


def test_reqsts_failure_with_a_period_that_is_not_mmyyyy_is_refused_naming_it():
    with pytest.raises(PayloadError, match=r"section b2b.*INV-1.*'rtnprd'.*not a return period"):
        _failure(inum="INV-1", rtnprd="13-2026")


@pytest.mark.parametrize("payload, kind", [
    ({"status_cd": "1", "data": {"token": "a1b2", "est": "5"}}, "queued answer to GETINV"),
    ({"status_cd": "0", "error": {"error_cd": "RTN_24", "message": "queued"}, "token": "a1b2", "est": 5},
     "queued answer to GETINV"),
    ({"status_cd": "1", "data": {"fc": 2, "ek": "a2V5", "urls": [{"ul": "/f1", "ic": 10, "hash": "x"}]}},
     "FILEDET answer"),
    ({"status": "1", "data": {"task-id": "7f3a"}, "error": None}, "asynchronous-task answer"),
    ({"status": "1", "data": {"pages": 3}, "error": None}, "asynchronous-task answer"),
])
def test_a_paging_token_or_file_list_saved_as_the_download_says_what_it_is(payload, kind):
    with pytest.raises(PayloadError, match=kind):
        read_getinv(payload, allow_empty=False)


# ---------------------------------------------------------------- odd values and envelopes (audit)


@pytest.mark.parametrize("key, value", [
    ("camt", "NA"), ("camt", "N/A"), ("camt", "-"), ("txval", "₹1,000"), ("val", "1.180,50"),
])
def test_an_amount_written_as_na_dash_or_with_a_currency_sign_is_refused_naming_the_field(key, value):
    """"NA" could mean nil or unknown: a wrong guess changes ITC, so the row is refused, never zeroed."""
    message = _refusal(**{key: value})
    assert message.startswith("section b2b, record 1") and "INV-1" in message and f"'{key}'" in message
    assert "\n" not in message


@pytest.mark.parametrize("key", ["pos", "inv_typ", "action", "srcfilstatus", "ispendactblocked", "srcform",
                                 "rtnprd", "idt"])
def test_na_in_a_coded_field_is_refused_naming_the_field_never_read_as_a_default(key):
    message = _refusal(**{key: "NA"})
    assert f"'{key}'" in message and "'NA'" in message and "INV-1" in message


@pytest.mark.parametrize("key", ["stin", "inum", "idt", "rtnprd", "val", "txval"])
@pytest.mark.parametrize("missing", [..., None, "", "   "], ids=["absent", "null", "empty", "blank"])
def test_a_missing_identity_field_or_document_value_is_refused_naming_it(key, missing):
    """A nil tax head may be left out (0), but a document without its value or taxable value is not
    a document worth 0: matched as 0 it mismatches, echoed on SAVE as 0 GSTN refuses it."""
    message = _refusal(**{key: missing})
    assert f"field '{key}'" in message and "is missing" in message and "record 1" in message


def test_a_missing_original_number_of_an_amendment_is_refused_naming_it():
    amended = {**ROW, "oidt": "01-09-2026"}
    with pytest.raises(PayloadError, match=rf"section b2ba, record 1, supplier {GSTIN}, document 'INV-1', "
                                           r"field 'oinum': is missing"):
        read_getinv({"b2ba": [amended]})


def test_a_document_number_sent_as_a_json_number_is_read_as_its_text():
    assert _one(inum=1234).document_number == "1234"


def test_a_gstin_with_a_space_inside_is_refused_naming_the_field():
    assert "'stin'" in _refusal(stin="27AAPFU 0939F1ZV")


@pytest.mark.parametrize("text", ["03-Oct-2026", "03-OCT-2026", "3 Oct 2026", "03/oct/2026"])
def test_a_date_with_the_months_name_reads_as_that_day(text):
    assert _one(idt=text).document_date == date(2026, 10, 3)


@pytest.mark.parametrize("payload, code", [
    ({"status_cd": "0", "error": {"error_cd": "ims0027", "message": "No records"}}, "IMS0027"),
    ({"status_cd": 0, "error": {"error_cd": "IMS0027", "message": "No records"}}, "IMS0027"),
    ({"code": 200, "data": {"status_cd": "0", "error": {"error_cd": "RET11416", "message": "No invoices"}}},
     "RET11416"),
])
def test_gstns_no_documents_answers_are_an_empty_download_in_any_case_or_wrapper(payload, code):
    """Spec 2.4: RET11416 and its kin mean "no documents", as IMS0027 does (the client reads them so)."""
    read = read_getinv(payload, allow_empty=False)
    assert read.records == [] and read.no_data_code == code


@pytest.mark.parametrize("payload, said", [
    ({"status_cd": "0", "error": "Invalid session"}, "GSTN's error (no code): Invalid session"),
    ({"code": 403, "message": "Invalid authorization", "timestamp": 1, "transaction_id": "t"},
     "the provider's error HTTP 403: Invalid authorization"),
    ({"status": "0", "data": None, "error": {"code": "GSP102", "message": "Invalid token"}},
     "GSTN's error GSP102: Invalid token"),
])
def test_an_error_envelope_saved_as_the_download_says_its_code_and_message(payload, said):
    with pytest.raises(PayloadError) as caught:
        read_getinv(payload, allow_empty=False)
    assert said in str(caught.value) and "no IMS records" in str(caught.value)


# ---------------------------------------------------------------- GSTR-2B in providers' shapes


def _gstr2b(**data):
    from india_ims.gst_india.payload.gstr2b_read import parse_gstr2b_pages

    page = {"gstin": "29AAJCM5823E1ZC", "rtnprd": "102026", "version": "4.0", "gendt": "14-11-2026",
            "docdata": {"b2b": [{"ctin": " 27aapfu0939f1zv ", "inv": [
                {"inum": "INV-1", "dt": "03-10-2026", "txval": "1,000.50", "igst": "180", "val": 1180.5}]}]}}
    page.update(data)
    return parse_gstr2b_pages([page])


def test_gstr2b_document_with_text_amounts_and_a_lower_case_supplier_reads_as_the_plain_one():
    (document,) = _gstr2b().documents
    assert document.supplier_gstin == GSTIN and document.amounts.taxable_value == 100050
    assert document.amounts.igst == 18000 and document.document_date == date(2026, 10, 3)


def test_gstr2b_period_sent_as_a_number_keeps_its_leading_zero():
    assert _gstr2b(rtnprd=92026).period == "092026"


def test_gstr2b_period_that_is_not_mmyyyy_is_refused_naming_the_field():
    with pytest.raises(PayloadError, match=r"field 'rtnprd'.*not MMYYYY"):
        _gstr2b(rtnprd="2026-10")


@pytest.mark.parametrize("version", ["4.0", 4.0, 4, "4", "v4.0", " V4.0 "])
def test_gstr2b_schema_version_in_any_spelling_of_four(version):
    assert _gstr2b(version=version).version == "4.0"


def test_gstr2b_section_keys_upper_cased_by_a_converter_are_read():
    (document,) = _gstr2b(docdata={"B2B": [{"ctin": GSTIN, "inv": [
        {"inum": "INV-1", "dt": "03-10-2026", "txval": 1000, "igst": 180}]}]}).documents
    assert document.section == "b2b"


def test_gstr2b_amount_na_is_refused_naming_section_document_and_field():
    with pytest.raises(PayloadError,
                       match=rf"section b2b, record 1, supplier {GSTIN}, document 'INV-1', field 'cgst'"):
        _gstr2b(docdata={"b2b": [{"ctin": GSTIN, "inv": [
            {"inum": "INV-1", "dt": "03-10-2026", "txval": 1000, "cgst": "NA"}]}]})


@pytest.mark.parametrize("page, said", [
    ({"status_cd": "0", "error": "Session expired"}, "error (no code): Session expired"),
    ({"status_cd": "0", "error": {"error_cd": "ret2b1016", "message": "No documents"}},
     "error RET2B1016: No documents"),
])
def test_gstr2b_error_envelope_says_its_code_and_message(page, said):
    from india_ims.gst_india.payload.gstr2b_read import parse_gstr2b_pages

    with pytest.raises(PayloadError) as caught:
        parse_gstr2b_pages([page])
    assert said in str(caught.value)


# ---------------------------------------------------------------- GETCNT in providers' shapes


@pytest.mark.parametrize("payload", [
    {"all_oth": {"b2bcn": {"accept": 1, "noaction": 2, "pending": 0, "reject": 0}, "ttl_cnt": 3}},
    {"all_oth": {"cn": {"accept": "1", "noaction": "2", "pending": None, "reject": ""}}},
    {"ALL_OTH": {"B2BCN": {"accept": 1, "noaction": 2, "total": 3}}},
    {"invoicecount": [{"all_oth": {"CN": {"accept": 1, "noaction": 2}}}, {"imp_gds": {}}]},
], ids=["gstn", "getinv-spelling-and-text", "upper-case", "list-wrapper"])
def test_getcnt_counts_read_under_the_sections_json_key_whatever_the_spelling(payload):
    from india_ims.gst_india.payload.ims_status import parse_counts

    (key, counts), = parse_counts(payload).items()
    assert key == "b2bcn" and (counts.accepted, counts.no_action, counts.total) == (1, 2, 3)


def test_getcnt_without_any_group_is_refused_with_its_keys_never_read_as_no_records():
    from india_ims.gst_india.payload.ims_status import parse_counts

    with pytest.raises(PayloadError, match="no GETCNT group.*top-level keys: counts"):
        parse_counts({"counts": {"b2b": {"accept": 1}}})
    assert parse_counts({}) == {}


@pytest.mark.parametrize("ctin", [..., None, "", "  "], ids=["absent", "null", "empty", "blank"])
def test_gstr2b_supplier_group_without_its_gstin_is_refused_naming_section_and_field(ctin):
    group = {"inv": [{"inum": "INV-1", "dt": "03-10-2026", "txval": 1000, "igst": 180}]}
    if ctin is not ...:
        group["ctin"] = ctin
    with pytest.raises(PayloadError, match=r"section b2b, field 'ctin': is missing"):
        _gstr2b(docdata={"b2b": [group]})
