"""SAVE/RESET bodies built by the app, GSTR-2B as GSTN ships it, files read by the CLI reader, and the
Sandbox adapter fed Sandbox's documented answers.

spec = shared/spec/gstn-ims.md, providers = shared/spec/providers.md.
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from india_ims.cli.ims_file import read_ims_file
from india_ims.gst_india.documents import Action, ItcReduction, Section
from india_ims.gst_india.errors import GstError, PayloadError
from india_ims.gst_india.payload.gstr2b_api import parse_gstr2b_pages
from india_ims.gst_india.payload.ims import Upload, build_reset, build_save, read_getinv
from india_ims.gstn.adapter import make_client
from india_ims.gstn.clock import FakeClock
from india_ims.gstn.session import SessionState
from india_ims.gstn.settings import GstnSettings

from .rows import REAL, RECIPIENT, SUPPLIER, invoice, needs_real, note

SAVE_KEYS = {"stin", "inv_typ", "srcform", "rtnprd", "val", "pos", "txval", "iamt", "camt", "samt", "cess",
             "prev_status", "action"}


def record(section: str, row: dict):
    return read_getinv({section: [row]}).records[0]


# ---------------------------------------------------------------- SAVE / RESET (spec 1.5, 2.1; SB-save)


def test_save_body_of_an_invoice_read_with_text_amounts_echoes_numbers():
    # spec 1.5 "SAVE/RESET record": echo values as GETINV reported them, as numbers (conventions)
    rec = record("b2b", invoice(val="236000.50", txval="200000", iamt="36000.50", camt="0"))
    body = build_save(RECIPIENT, [Upload(rec, Action.ACCEPT, Action.NO_ACTION)])
    assert set(body) == {"rtin", "reqtyp", "invdata"}
    assert body["reqtyp"] == "SAVE" and body["rtin"] == RECIPIENT
    (row,) = body["invdata"]["b2b"]
    assert set(row) == SAVE_KEYS | {"inum", "idt"}
    assert (row["val"], row["txval"], row["iamt"], row["camt"]) == (236000.5, 200000, 36000.5, 0)
    assert row["idt"] == "14-10-2025" and row["prev_status"] == "N" and row["action"] == "A"
    assert "hash" not in row  # spec 1.5: not sent back by any reference client


def test_save_body_of_an_amended_credit_note_with_declared_reduction():
    # spec 1.3 ont_num/ont_dt; 1.8 itcRedReq with decl* amounts; providers SB-save b2bcna row
    rec = record("b2bcna", note(ont_num="CN-0041", ont_dt="01-10-2025"))
    body = build_save(RECIPIENT, [Upload(rec, Action.ACCEPT, Action.NO_ACTION, remarks="part availed",
                                         itc_reduction=ItcReduction(True, 1_000_000, 0, 0, 0))])
    (row,) = body["invdata"]["b2bcna"]
    assert (row["nt_num"], row["nt_dt"], row["ont_num"], row["ont_dt"]) == (
        "CN-0042", "21-10-2025", "CN-0041", "01-10-2025")
    assert (row["itcRedReq"], row["declIgst"], row["declCgst"], row["declSgst"], row["declCess"]) == (
        "Y", 10000, 0, 0, 0)
    assert row["remarks"] == "part availed"


def test_save_body_of_an_eco_amendment_carries_no_invoice_type():
    # spec 1.5: inv_typ not for ECO; 1.3 ecoma uses oinum/oidt
    row = invoice(oinum="EC/1", oidt="02-10-2025")
    del row["inv_typ"]
    body = build_save(RECIPIENT, [Upload(record("ecoma", row), Action.REJECT, Action.NO_ACTION)])
    (sent,) = body["invdata"]["ecoma"]
    assert "inv_typ" not in sent and (sent["oinum"], sent["oidt"]) == ("EC/1", "02-10-2025")


def test_itc_reduction_is_not_sent_on_an_original_invoice():
    # spec 1.8: the block is on b2ba, b2bcn, b2bcna, b2bdna (and ecoma), not on b2b, b2bdn or ecom
    body = build_save(RECIPIENT, [Upload(record("b2b", invoice()), Action.ACCEPT, Action.NO_ACTION,
                                         itc_reduction=ItcReduction(False))])
    assert "itcRedReq" not in body["invdata"]["b2b"][0]


def test_no_action_goes_through_reset_without_an_action_key():
    # spec 1.4 and 2.1 step 3; GS-reset attribute sheet (prev_status, no action)
    rec = record("b2bdn", note(action="A"))
    with pytest.raises(PayloadError, match="RESET"):
        build_save(RECIPIENT, [Upload(rec, Action.NO_ACTION, Action.ACCEPT)])
    body = build_reset(RECIPIENT, [Upload(rec, Action.NO_ACTION, Action.ACCEPT)])
    (row,) = body["invdata"]["b2bdn"]
    assert body["reqtyp"] == "RESET" and "action" not in row and row["prev_status"] == "A"


def test_save_rows_group_by_section_json_key_not_the_getinv_parameter():
    # spec 1.3: SAVE invdata uses b2bcn/b2bdn while GETINV's parameter is CN/DN (providers 1.4 note)
    uploads = [Upload(record("b2bcn", note()), Action.PENDING, Action.NO_ACTION),
               Upload(record("b2b", invoice()), Action.REJECT, Action.ACCEPT)]
    assert set(build_save(RECIPIENT, uploads)["invdata"]) == {"b2bcn", "b2b"}


# ---------------------------------------------------------------- GSTR-2B (spec 3; real files)


@needs_real
def test_real_gstr2b_v4_reads_with_the_values_its_source_asserts():
    # examples/real/README.md: S008400, 24-11-2016, IGST 183, itcavl N, note type C, gendt 14-04-2020,
    # ISD document S0080, bill of entry 2566282 (IGST 123.02, cess 0.5)
    got = parse_gstr2b_pages([json.loads((REAL / "ic_test_gstr_2b_v4_0.json").read_text())])
    assert got.generated_on == date(2020, 4, 14) and got.period == "032020"
    docs = [d for d in got.documents if not d.rejected and not d.reversal]
    b2b = next(d for d in docs if d.section == "b2b")
    assert (b2b.document_number, b2b.document_date, b2b.amounts.igst, b2b.itc_available) == (
        "S008400", date(2016, 11, 24), 18_300, False)
    assert next(d for d in docs if d.section == "cdnr").note_type == "C"
    assert next(d for d in docs if d.section == "isd").document_number == "S0080"
    boe = next(d for d in docs if d.section == "impg")
    assert (boe.document_number, boe.amounts.igst, boe.amounts.cess) == ("2566282", 12_302, 50)
    assert got.warnings  # its GSTINs fail the check character: warned, kept


@needs_real
def test_real_gstr2b_v3_sums_amounts_in_items():
    # examples/real/README.md: taxable 400, CGST 200, SGST 200 for b2b S008400
    got = parse_gstr2b_pages([json.loads((REAL / "ic_test_gstr_2b_v3_0.json").read_text())])
    b2b = next(d for d in got.documents if d.section == "b2b")
    assert (b2b.amounts.taxable_value, b2b.amounts.cgst, b2b.amounts.sgst) == (40_000, 20_000, 20_000)


def test_gstr2b_document_without_date_is_refused_naming_section_document_and_field():
    page = {"data": {"gstin": RECIPIENT, "rtnprd": "102025", "version": "4.0", "gendt": "14-11-2025",
                     "docdata": {"b2b": [{"ctin": SUPPLIER,
                                          "inv": [{"inum": "X-1", "val": 10, "txval": 10}]}]}}}
    with pytest.raises(PayloadError, match=r"section b2b.*'X-1'.*field 'dt'"):
        parse_gstr2b_pages([page])


# ---------------------------------------------------------------- files (india-ims summary / reconcile)


def test_a_file_with_a_bad_record_names_file_record_and_field(tmp_path):
    path = tmp_path / "ims.json"
    rows = [invoice(), invoice(inum="Z-2", txval="NA")]
    path.write_text(json.dumps({"status_cd": "1", "data": {"b2b": rows}}))
    with pytest.raises(GstError) as caught:
        read_ims_file(path)
    text = str(caught.value)
    assert str(path) in text and "record 2" in text and "'Z-2'" in text and "'txval'" in text


def test_a_file_with_a_utf8_byte_order_mark_and_unicode_names_reads(tmp_path):
    path = tmp_path / "ims.json"
    payload = {"b2b": [invoice(tradenm="Ünïcødé & \"Sons\"")]}
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(payload, ensure_ascii=False).encode())
    assert len(read_ims_file(path).records) == 1


# ---------------------------------------------------------------- the Sandbox adapter (providers 1.3-1.6)


class _Reply:
    def __init__(self, body: dict):
        self.status_code, self.headers = 200, {}
        self.content = json.dumps(body).encode()

    def json(self):
        return json.loads(self.content)


class _Http:
    """Answers by path with Sandbox's documented bodies; records each call's params."""

    def __init__(self, answers: dict):
        self.answers, self.calls = answers, []

    def request(self, method, url, headers=None, params=None, json=None, timeout=None):
        path = url.split("sandbox.co.in", 1)[1]
        self.calls.append((path, dict(params or {})))
        answer = self.answers[path]
        return _Reply(answer(params or {}) if callable(answer) else answer)


def sandbox(answers: dict):
    settings = GstnSettings(base_url="https://api.sandbox.co.in", gstin=RECIPIENT, username="u",
                            provider="sandbox-api", credentials={"api_key": "k", "api_secret": "s"},
                            retry_delays=())
    clock = FakeClock()
    client = make_client(settings, clock=clock, http=_Http(answers),
                         session_state=SessionState("tp-token", clock.now() + 3600))
    return client


def _ok(data):
    return {"code": 200, "data": {"data": data, "status_cd": "1"}, "timestamp": 1763446641000}


def test_sandbox_getinv_sample_and_no_records_answer():
    # providers 1.4 SB-inv sample row; 1.5 SB-abl: IMS0027 inside HTTP 200 means no data
    sample = invoice(inum="AO2SA2425002517", txval=120932.18, camt=10883.91, samt=10883.91, iamt=0,
                     val=142700, action="A")
    none = {"code": 200, "data": {"status_cd": "0", "error": {"error_cd": "IMS0027", "message": "none"}}}
    client = sandbox({"/gst/compliance/tax-payer/invoices":
                      lambda p: _ok({"b2b": [sample]}) if p["section"] == "B2B" else none})
    assert [r.document_number for r in client.get_section(Section.B2B)] == ["AO2SA2425002517"]
    assert client.get_section(Section.B2BCN) == []


def test_sandbox_paged_gstr2b_is_fetched_file_by_file():
    # providers 1.6 SB-2b: status_cd 3 means split; call again with file_number 1..fc
    def page(number):
        return {"gstin": RECIPIENT, "rtnprd": "102025", "version": "4.0", "gendt": "14-11-2025", "fc": 2,
                "docdata": {"b2b": [{"ctin": SUPPLIER, "inv": [{"inum": f"P-{number}", "dt": "01-10-2025",
                                                                "val": 118, "txval": 100, "igst": 18}]}]}}

    def answer(params):
        if "file_number" not in params:
            return {"code": 200, "data": {"data": {"fc": 2}, "status_cd": "3"}}
        return _ok(page(int(params["file_number"])))

    client = sandbox({"/gst/compliance/tax-payer/gstrs/gstr-2b/2025/10": answer})
    got = client.get_2b("102025")
    assert sorted(d.document_number for d in got.documents) == ["P-1", "P-2"]
