import copy
import json
from datetime import date

import pytest

from india_ims.gst_india.documents import FULL_REDUCTION, Action, DocumentType, ItcReduction, Section
from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload.ims import (
    Upload,
    build_getinv,
    build_reset,
    build_save,
    parse_getinv,
    parse_save_request,
    record_to_getinv,
)
from india_ims.gst_india.payload.ims_status import (
    build_counts,
    build_request_status,
    parse_counts,
    parse_request_status,
)
from tests.conftest import load_json


def _row(section="b2b", **extra):
    number_key, date_key = ("nt_num", "nt_dt") if section in ("b2bcn", "b2bdn", "b2bcna", "b2bdna") \
        else ("inum", "idt")
    row = {"stin": "27AADCK7391H1Z7", number_key: "X-1", date_key: "18-10-2025", "inv_typ": "R",
           "action": "N", "srcform": "R1", "rtnprd": "102025", "srcfilstatus": "Filed",
           "val": 118000, "pos": "29", "txval": 100000, "iamt": 18000, "camt": 0, "samt": 0,
           "cess": 0}
    if section.endswith("a"):
        row.update({"ont_num" if "nt_num" in row else "oinum": "X-0",
                    "ont_dt" if "nt_num" in row else "oidt": "01-10-2025"})
    row.update(extra)
    return row


def test_sample_month_parses_every_record(sample_ims_payload):
    records = parse_getinv(sample_ims_payload)
    expected = sum(len(rows) for rows in sample_ims_payload.values())
    assert len(records) == expected == 600
    amendments = [r for r in records if r.section is Section.B2BA]
    assert amendments and all(r.original_number and r.original_date for r in amendments)
    notes = [r for r in records if r.section is Section.B2BCN]
    assert notes and all(r.document_type is DocumentType.CREDIT_NOTE for r in notes)
    assert all(r.amounts.taxable_value >= 0 for r in records)


def test_spec_example_getinv(examples_dir):
    first, second = parse_getinv(load_json(examples_dir / "ims-getinv-b2b-response.json"))
    assert first.document_number == "KP/2526/000457"
    assert first.document_date == date(2025, 10, 18)
    assert first.amounts.igst == 1800000 and first.document_value == 11800000
    assert first.supplier_filed and not second.supplier_filed  # "Not Filed"
    assert second.action is Action.ACCEPT
    assert first.pending_blocked is False


@pytest.mark.parametrize("section", [s.value for s in Section])
def test_every_section_round_trips(section):
    payload = {section: [_row(section, ispendactblocked="Y", hash="ab" * 32)]}
    records = parse_getinv(payload)
    assert len(records) == 1 and records[0].section.value == section
    again = parse_getinv(build_getinv(records))
    assert again == records


def test_old_pending_flag_is_inverted():
    """Spec 1.5: ispendactnallwd=N means pending is NOT allowed (blocked)."""
    blocked, allowed = parse_getinv({"b2b": [_row(ispendactnallwd="N"),
                                            _row(inum="X-2", ispendactnallwd="Y")]})
    assert blocked.pending_blocked is True and allowed.pending_blocked is False
    (absent,) = parse_getinv({"b2b": [_row()]})
    assert absent.pending_blocked is None


def test_new_pending_flag_wins_over_old():
    (record,) = parse_getinv({"b2b": [_row(ispendactblocked="N", ispendactnallwd="N")]})
    assert record.pending_blocked is False


def test_both_itc_blocked_spellings_are_read():
    (a,) = parse_getinv({"b2bcn": [_row("b2bcn", isItcRedReqBlocked="Y")]})
    (b,) = parse_getinv({"b2bcn": [_row("b2bcn", itcRedReqBlocked="Y")]})
    assert a.itc_reduction_blocked and b.itc_reduction_blocked


@pytest.mark.parametrize(
    ("change", "field"),
    [({"txval": "ten"}, "txval"), ({"idt": "31-02-2025"}, "idt"), ({"stin": None}, "stin"),
     ({"rtnprd": "2025-10"}, "rtnprd"), ({"action": "X"}, "action"), ({"iamt": 1.005}, "iamt"),
     ({"pos": "Maharashtra"}, "pos")],
)
def test_malformed_record_names_section_position_number_field(change, field):
    rows = [_row(inum="OK-1"), _row(inum="BAD-2", **change)]
    with pytest.raises(PayloadError) as caught:
        parse_getinv({"b2b": rows})
    error = caught.value
    assert (error.section, error.position, error.field) == ("b2b", 2, field)
    assert "record 2" in str(error) and field in str(error)


def test_amendment_without_original_is_refused():
    row = _row("b2ba")
    del row["oinum"]
    with pytest.raises(PayloadError, match="oinum"):
        parse_getinv({"b2ba": [row]})


def test_save_and_reset_bodies_match_spec_example(examples_dir):
    example = load_json(examples_dir / "ims-save-request.json")
    recipient, kind, rows = parse_save_request(example)
    assert (recipient, kind, len(rows)) == ("29AAJCM5823E1ZC", "SAVE", 3)
    # Rebuild the example from records and check it is the same body.
    getinv = copy.deepcopy(example["invdata"])
    uploads = []
    for section, items in getinv.items():
        for item in items:
            item_getinv = {k: v for k, v in item.items()
                           if k not in ("prev_status", "action", "remarks", "itcRedReq", "declIgst",
                                        "declCgst", "declSgst", "declCess")}
            (record,) = parse_getinv({section: [item_getinv]})
            reduction = None
            if "itcRedReq" in item:
                reduction = ItcReduction(True, igst=90000)
            uploads.append(Upload(record, Action(item["action"]), Action(item["prev_status"]),
                                  remarks=item.get("remarks"), itc_reduction=reduction))
    rebuilt = build_save(recipient, uploads)
    assert json.loads(json.dumps(rebuilt)) == example


def test_no_action_goes_through_reset_without_action_key():
    (record,) = parse_getinv({"b2b": [_row(action="A")]})
    with pytest.raises(PayloadError, match="RESET"):
        build_save("29AAJCM5823E1ZC", [Upload(record, Action.NO_ACTION, Action.ACCEPT)])
    body = build_reset("29AAJCM5823E1ZC", [Upload(record, Action.NO_ACTION, Action.ACCEPT)])
    assert body["reqtyp"] == "RESET" and "action" not in body["invdata"]["b2b"][0]
    _, kind, rows = parse_save_request(body)
    assert kind == "RESET" and rows[0].action is Action.NO_ACTION


def test_remarks_and_reduction_dropped_where_blocked():
    (record,) = parse_getinv({"b2bcn": [_row("b2bcn", isRemarksBlocked="Y",
                                                isItcRedReqBlocked="Y")]})
    body = build_save("29AAJCM5823E1ZC", [Upload(record, Action.ACCEPT, Action.NO_ACTION,
                                                 remarks="x", itc_reduction=ItcReduction(False))])
    row = body["invdata"]["b2bcn"][0]
    assert "remarks" not in row and "itcRedReq" not in row


def test_reduction_block_only_on_sections_that_carry_it():
    (record,) = parse_getinv({"b2b": [_row()]})
    body = build_save("29AAJCM5823E1ZC", [Upload(record, Action.ACCEPT, Action.NO_ACTION,
                                                 itc_reduction=ItcReduction(False))])
    assert "itcRedReq" not in body["invdata"]["b2b"][0]


def test_request_status_reads_both_error_key_spellings(examples_dir):
    status = parse_request_status(load_json(examples_dir / "ims-reqsts-response.json"))
    assert status.status == "PE" and status.processed == 2 and status.failed == 1
    (error,) = status.record_errors
    assert error.key == ("b2b", "29AAEFP9624N1ZI", "PF-1182", "102025")
    short = parse_request_status({"status_cd": "PE", "error_report": {"cn": [
        {"stin": "27AADCK7391H1Z7", "error_cd": "E1", "error_msg": "m",
         "inv": [{"nt_num": "CN-1", "rtnprd": "102025"}]}]}})
    assert short.record_errors[0].section is Section.B2BCN
    assert parse_request_status(build_request_status(status)) == status


def test_unknown_request_status_is_refused():
    with pytest.raises(PayloadError, match="status_cd"):
        parse_request_status({"status_cd": "Q"})


def test_counts_round_trip_and_both_wrappers(sample_ims_payload):
    records = parse_getinv(sample_ims_payload)
    counts = parse_counts(build_counts(records))
    assert counts["b2b"].no_action == 480 and counts["b2b"].total == 480
    wrapped = parse_counts({"invoicecount": [build_counts(records)]})
    assert wrapped == counts


def _amended_note_held_full():
    row = _row("b2bcna", action="A", itcRedReq="Y")
    (record,) = parse_getinv({"b2bcna": [row]})
    return record


def test_spec18_our_upload_never_sends_y_without_amounts():
    record = _amended_note_held_full()
    assert record.itc_reduction == FULL_REDUCTION
    upload = Upload(record, Action.ACCEPT, Action.ACCEPT, itc_reduction=FULL_REDUCTION)
    with pytest.raises(PayloadError) as caught:
        build_save("29AAJCM5823E1ZC", [upload])
    assert caught.value.field == "itcRedReq" and "declare the amounts" in str(caught.value)
    # declared amounts go as they are; no declaration sends no itcRedReq
    declared = build_save("29AAJCM5823E1ZC", [Upload(record, Action.ACCEPT, Action.ACCEPT,
                                                     itc_reduction=ItcReduction(True, 0, 500, 500, 0))])
    assert declared["invdata"]["b2bcna"][0]["declCgst"] == 5
    plain = build_save("29AAJCM5823E1ZC", [Upload(record, Action.ACCEPT, Action.NO_ACTION)])
    assert "itcRedReq" not in plain["invdata"]["b2bcna"][0]


def test_spec18_sandbox_serves_y_without_amounts_in_the_shape_gstn_sent():
    record = _amended_note_held_full()
    row = record_to_getinv(record)
    assert row["itcRedReq"] == "Y" and not {"declIgst", "declCgst", "declSgst", "declCess"} & set(row)
    (again,) = parse_getinv({"b2bcna": [row]})
    assert again.itc_reduction == FULL_REDUCTION
