"""Every malformed IMS file gives exit 1 and one line on stderr naming the file and, where there is
one, the section, record, document and field, in ``summary`` and in ``reconcile``; never a traceback,
never "0 records" with exit 0."""

import json

import pytest

from india_ims.cli.main import main
from india_ims.data import SAMPLE_MONTH
from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload.gstr2b_read import parse_gstr2b_pages
from india_ims.gst_india.payload.ims import parse_getinv


def row(**extra):
    base = {"stin": "27AAFCV2214K1ZK", "inum": "X-1", "idt": "05-10-2026", "inv_typ": "R", "action": "N",
            "srcform": "R1", "rtnprd": "102026", "srcfilstatus": "Filed", "val": 118, "pos": "27",
            "txval": 100, "iamt": 0, "camt": 9, "samt": 9, "cess": 0}
    base.update(extra)
    return base


def note(**extra):
    base = row(**extra)
    base["nt_num"], base["nt_dt"] = base.pop("inum"), base.pop("idt")
    return base


def dumps(payload) -> bytes:
    return json.dumps(payload).encode()


RECORD = "section b2b, record 1, supplier 27AAFCV2214K1ZK, document 'X-1', field"
AMENDED = "section b2bcna, record 1, supplier 27AAFCV2214K1ZK, document 'X-1', field"
# name -> (file bytes, what the one line must say after the file name)
CASES = {
    "invalid JSON": (b'{"b2b": [', "not valid JSON (line 1, column 10)"),
    "deep nesting": (b"[" * 100_000, "nested too deeply"),
    "not UTF-8": (b'{"b2b": [{"inum": "\xff"}]}', "not UTF-8 text (byte 19)"),
    "empty file": (b"  \n", "the file is empty"),
    "amount 1e308": (dumps({"b2b": [row(txval=1e308)]}),
                     f"{RECORD} 'txval': 1e+308 is beyond any real document"),
    "amount 10**30": (dumps({"b2b": [row(iamt=10**30)]}),
                      f"{RECORD} 'iamt': 1e+30 is beyond any real document"),
    "amount 10**400": (b'{"b2b": [' + dumps(row())[:-1] + b', "cess": 1' + b"0" * 400 + b"}]}",
                       f"{RECORD} 'cess': 1000000000000000000000000000000000000... is beyond any real"),
    "amount of 5000 digits": (b'{"b2b": [{"txval": 1' + b"0" * 5000 + b"}]}", "a number too long to read"),
    "amount NaN": (b'{"b2b": [' + dumps(row())[:-1] + b', "cess": NaN}]}',
                   f"{RECORD} 'cess': nan is not a finite"),
    "object where a list belongs": (dumps({"b2b": row()}),
                                    "section b2b: expected a list of records, found an obj"),
    "record not an object": (dumps({"b2b": ["X-1"]}), "section b2b, record 1: record is not a JSON object"),
    "object where text belongs": (dumps({"b2b": [row(stin={"gstin": "27AAFC"})]}),
                                  "section b2b, record 1, document 'X-1', field 'stin': "
                                  "{'gstin': '27AAFC'} is not text"),
    "unknown srcfilstatus": (dumps({"b2b": [row(srcfilstatus="Filled")]}),
                             f"{RECORD} 'srcfilstatus': 'Filled' is not a supplier filing status"),
    "unknown flag": (dumps({"b2b": [row(ispendactblocked="X")]}),
                     f"{RECORD} 'ispendactblocked': 'X' is not Y or N"),
    "unknown action": (dumps({"b2b": [row(action="Z")]}), f"{RECORD} 'action': 'Z' is not an action"),
    "unknown invoice type": (dumps({"b2b": [row(inv_typ="XYZ")]}),
                             f"{RECORD} 'inv_typ': 'XYZ' is not an invoice"),
    "unknown source form": (dumps({"b2b": [row(srcform="R9")]}),
                            f"{RECORD} 'srcform': 'R9' is not a source form"),
    "missing date": (dumps({"b2b": [row(idt=None)]}), f"{RECORD} 'idt': is missing"),
    "impossible date": (dumps({"b2b": [row(idt="31-02-2026")]}),
                        f"{RECORD} 'idt': '31-02-2026' is not a date"),
    "itcRedReq not Y or N on an amendment": (
        dumps({"b2bcna": [note(action="A", itcRedReq="F", ont_num="O-1", ont_dt="01-09-2026")]}),
        f"{AMENDED} 'itcRedReq': 'F' is not Y or N"),
    "negative declared reduction on an amendment": (
        dumps({"b2bcna": [note(action="A", itcRedReq="Y", declIgst=-5, ont_num="O-1",
                               ont_dt="01-09-2026")]}),
        f"{AMENDED} 'declIgst': -5 is not a declared reduction"),
    "declared reduction not a number on an amendment": (
        dumps({"b2bcna": [note(action="A", itcRedReq="Y", declCgst="NA", ont_num="O-1",
                               ont_dt="01-09-2026")]}),
        f"{AMENDED} 'declCgst': 'NA' is not an amount"),
    "a GSTR-2B": (dumps({"chksum": "x", "data": {"gstin": "x", "rtnprd": "102026", "docdata": {}}}),
                  "is a GSTR-2B (GET2B), not an IMS download (GETINV)"),
    "a GETCNT answer": (dumps({"all_oth": {"b2b": {"accept": 1}}}), "is an IMS count (GETCNT)"),
    "a SAVE body": (dumps({"rtin": "x", "reqtyp": "SAVE", "invdata": {"b2b": []}}),
                    "is a SAVE/RESET request"),
    "a GSTR-1 shaped b2b": (dumps({"b2b": [{"ctin": "27AAFCV2214K1ZK", "inv": []}]}),
                            "section b2b: holds supplier groups (ctin with inv[] or nt[])"),
    "still encrypted": (dumps({"status_cd": "1", "rek": "a2V5", "data": "ZGF0YQ==", "hmac": "aG1hYw=="}),
                        "is still encrypted (data with rek/hmac)"),
    "GSTN error envelope": (dumps({"status_cd": "0",
                                   "error": {"error_cd": "RET11402", "message": "API not authorised"}}),
                            "holds GSTN's error RET11402: API not authorised"),
    "provider error inside 200": (dumps({"code": 200, "data": {"status_cd": "0", "error": {
        "error_cd": "AUTH4033", "message": "Invalid Session"}}}),
        "holds GSTN's error AUTH4033: Invalid Session"),
    "no section": (dumps({"invoices": [row()], "count": 1}),
                   "no IMS section found; top-level keys: count, invoices"),
    "envelope with no section": (dumps({"status_cd": "1", "data": {"rows": []}}),
                                 "no IMS section found (inside data); top-level keys: rows"),
    "empty object": (b"{}", "no IMS section found; top-level keys: (none)"),
    "a list at the top": (b"[1, 2]", "a GETINV response must be a JSON object, not a list"),
    "a section spelt twice": (dumps({"b2b": [], "B2B": []}), "section b2b appears twice, as 'b2b' and 'B2B'"),
}


@pytest.fixture(params=sorted(CASES), ids=lambda name: name.replace(" ", "-"))
def malformed(request, tmp_path):
    content, expected = CASES[request.param]
    path = tmp_path / "ims.json"
    path.write_bytes(content)
    return path, expected


def _one_line(capsys) -> str:
    captured = capsys.readouterr()
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1, captured.err
    assert "Traceback" not in captured.err
    return lines[0]


def test_summary_refuses_with_one_line(malformed, capsys):
    path, expected = malformed
    assert main(["summary", "--ims", str(path)]) == 1
    line = _one_line(capsys)
    assert line.startswith(f"india-ims summary: {path}") and expected in line, line
    assert line.count("field ") <= 1, line  # one location, never wrapped twice


def test_reconcile_refuses_with_one_line(malformed, capsys, tmp_path):
    path, expected = malformed
    code = main(["reconcile", "--ims", str(path), "--purchases", str(SAMPLE_MONTH / "purchases.csv"),
                 "--out", str(tmp_path / "RESULT.csv")])
    assert code == 1
    line = _one_line(capsys)
    assert line.startswith(f"india-ims reconcile: {path}") and expected in line, line
    assert not (tmp_path / "RESULT.csv").exists()


def test_a_folder_or_a_missing_file_is_named(tmp_path, capsys):
    assert main(["summary", "--ims", str(tmp_path)]) == 1
    assert "is a folder, not a file" in _one_line(capsys)
    assert main(["summary", "--ims", str(tmp_path / "nowhere.json")]) == 1
    assert "nowhere.json: no such file" in _one_line(capsys)


@pytest.mark.parametrize("bom", [b"\xef\xbb\xbf", b"\xff\xfe"], ids=["utf-8", "utf-16"])
def test_a_byte_order_mark_is_read_past(tmp_path, capsys, bom):
    path = tmp_path / "ims.json"
    text = json.dumps({"b2b": [row()]})
    path.write_bytes(bom + text.encode("utf-16-le" if bom == b"\xff\xfe" else "utf-8"))
    assert main(["summary", "--ims", str(path)]) == 0
    assert "1 IMS records" in capsys.readouterr().out


def test_getinv_parser_refuses_non_objects_with_its_own_error():
    for payload in (None, [], "b2b", 3, {"b2b": "rows"}):
        with pytest.raises(PayloadError):
            parse_getinv(payload)


def _twob(**doc):
    base = {"inum": "2B-1", "dt": "05-10-2026", "typ": "R", "val": 118, "txval": 100, "igst": 18,
            "itcavl": "Y"}
    base.update(doc)
    return [{"chksum": "x", "data": {"gstin": "29AAACI4403M1ZV", "rtnprd": "102026", "version": "4.0",
                                     "gendt": "14-11-2026",
                                     "docdata": {"b2b": [{"ctin": "27AAFCV2214K1ZK", "inv": [base]}]}}}]


GSTR2B_CASES = {
    "document without a date": (_twob(dt=None),
                                "section b2b, record 1, supplier 27AAFCV2214K1ZK, document '2B-1', "
                                "field 'dt': is missing"),
    "unknown itcavl": (_twob(itcavl="Q"), "field 'itcavl': 'Q' is not an ITC availability"),
    "unknown imsStatus": (_twob(imsStatus="X"), "field 'imsStatus': 'X' is not an IMS action"),
    "items not a list": (_twob(txval=None, igst=None, items={"num": 1}), "field 'items': is not a list"),
    "amount too large": (_twob(igst=10**20),
                         "field 'igst': 100000000000000000000 is beyond any real document"),
}


@pytest.mark.parametrize("name", sorted(GSTR2B_CASES))
def test_gstr2b_parser_names_section_record_and_field(name):
    pages, expected = GSTR2B_CASES[name]
    if name == "items not a list":
        doc = pages[0]["data"]["docdata"]["b2b"][0]["inv"][0]
        del doc["txval"], doc["igst"]
    with pytest.raises(PayloadError) as error:
        parse_gstr2b_pages(pages)
    assert expected in str(error.value)


def test_gstr2b_unknown_version_section_and_missing_generation_date_are_refused():
    pages = _twob()
    pages[0]["data"]["version"] = "9.0"
    with pytest.raises(PayloadError, match="'9.0' is not a GSTR-2B schema version"):
        parse_gstr2b_pages(pages)
    pages = _twob()
    pages[0]["data"]["docdata"]["b2bx"] = []
    with pytest.raises(PayloadError, match="'b2bx' is not a GSTR-2B document section"):
        parse_gstr2b_pages(pages)
    pages = _twob()
    del pages[0]["data"]["gendt"]
    with pytest.raises(PayloadError, match="field 'gendt'"):
        parse_gstr2b_pages(pages)
