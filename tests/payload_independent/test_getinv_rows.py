"""GETINV rows as GSTN and the providers send them: every section, field, amount, date and code shape.

Each test names where the variant is documented: spec = shared/spec/gstn-ims.md, providers =
shared/spec/providers.md, real = shared/spec/examples/real (read in place, never copied).
"""

from __future__ import annotations

import json
from datetime import date

import pytest

from india_ims.gst_india.documents import Action, ItcReduction, Section
from india_ims.gst_india.errors import GstError, PayloadError
from india_ims.gst_india.payload.ims import read_getinv

from .rows import REAL, SUPPLIER, invoice, needs_real, note


def one(payload: dict):
    read = read_getinv(payload)
    assert len(read.records) == 1
    return read.records[0]


# ---------------------------------------------------------------- sections and record types


@pytest.mark.parametrize("key, section", [
    ("b2b", Section.B2B), ("b2ba", Section.B2BA), ("b2bdn", Section.B2BDN), ("b2bdna", Section.B2BDNA),
    ("b2bcn", Section.B2BCN), ("b2bcna", Section.B2BCNA), ("ecom", Section.ECOM), ("ecoma", Section.ECOMA),
])
def test_every_getinv_section_json_key_with_its_number_and_original_keys(key, section):
    # spec 1.3 table: JSON keys and number/date/original keys per section
    notes = section.document_type.value.endswith("Note")
    row = note() if notes else invoice()
    if section.is_amendment:
        row.update({"ont_num": "CN-0041", "ont_dt": "01-10-2025"} if notes
                   else {"oinum": "MH/2526/00800", "oidt": "01-10-2025"})
    if section.is_ecommerce:
        del row["inv_typ"]  # spec 1.5: absent on ecom/ecoma
    record = one({key: [row]})
    assert record.section is section
    assert record.document_number == ("CN-0042" if notes else "MH/2526/00871")
    assert record.document_date == (date(2025, 10, 21) if notes else date(2025, 10, 14))
    if section.is_amendment:
        assert record.original_number == ("CN-0041" if notes else "MH/2526/00800")
        assert record.original_date == date(2025, 10, 1)
    assert record.invoice_type == (None if section.is_ecommerce else "R")


def test_every_record_field_of_spec_1_5_is_read():
    # spec 1.5 GETINV record table; providers SB-inv sample row
    record = one({"b2b": [invoice(action="P", ispendactblocked="Y", srcform="R1A", srcfilstatus="Not Filed",
                                  remarks="rate differs", isRemarksBlocked="N", isItcRedReqBlocked="Y")]})
    assert (record.supplier_gstin, record.supplier_return_period, record.place_of_supply) == (
        SUPPLIER, "102025", "29")
    assert record.document_value == 23_600_000
    assert (record.amounts.taxable_value, record.amounts.igst, record.amounts.cess) == (
        20_000_000, 3_600_000, 0)
    assert record.action is Action.PENDING and record.pending_blocked is True
    assert record.source_form == "R1A" and record.supplier_filed is False
    assert record.checksum == "3c" * 32 and record.remarks == "rate differs"
    assert record.remarks_blocked is False and record.itc_reduction_blocked is True


@needs_real
def test_real_india_compliance_ims_file_reads_with_its_asserted_values():
    # real/ic_test_ims.json (README of examples/real: numbers, dates, A/R actions, 1000.1, originals)
    payload = json.loads((REAL / "ic_test_ims.json").read_text())
    read = read_getinv(payload)
    by_section = {record.section: record for record in read.records}
    assert len(read.records) == 6
    assert by_section[Section.B2B].action is Action.REJECT and by_section[Section.B2B].supplier_filed is False
    assert by_section[Section.B2BA].original_number == "ab2"
    assert by_section[Section.B2BA].original_date == date(2023, 2, 24)
    assert by_section[Section.B2BDN].document_value == 100_010
    assert by_section[Section.B2BCNA].original_number == "cn2"
    assert by_section[Section.B2BDN].supplier_filed is True
    assert len(read.warnings) == 6  # its GSTIN fails the check character: warned, kept


# ---------------------------------------------------------------- amounts


def test_amounts_as_json_numbers_with_two_decimals():
    # providers SB-inv sample: "samt": 10883.91, "txval": 120932.18
    record = one({"b2b": [invoice(val=142700, txval=120932.18, iamt=0, camt=10883.91, samt=10883.91)]})
    assert (record.amounts.taxable_value, record.amounts.cgst, record.amounts.sgst) == (
        12_093_218, 1_088_391, 1_088_391)


def test_amounts_as_strings_including_zero():
    # brief + providers (numbers as strings); spec conventions: rupees, at most 2 decimals
    record = one({"b2b": [invoice(val="236000.50", txval="200000", iamt="36000.5", camt="0", samt="0.00",
                                  cess="0")]})
    assert record.document_value == 23_600_050 and record.amounts.igst == 3_600_050
    assert record.amounts.cgst == record.amounts.sgst == record.amounts.cess == 0


@pytest.mark.parametrize("missing", [("camt", "samt", "cess"), ("iamt",)])
def test_missing_optional_tax_heads_read_as_nil(missing):
    # README/provider shapes: a nil head left out; spec 1.5 lists heads as numbers
    row = invoice()
    for key in missing:
        del row[key]
    record = one({"b2b": [row]})
    assert all(getattr(record.amounts, {"iamt": "igst", "camt": "cgst", "samt": "sgst"}.get(k, k)) == 0
               for k in missing)


def test_credit_note_amounts_are_positive_as_gstn_sends_them():
    # spec conventions + 1.5: "All amounts are sent as positive numbers, including credit notes"
    record = one({"b2bcn": [note(val=11800, txval=10000, iamt=1800)]})
    assert record.document_value == 1_180_000 and record.amounts.igst == 180_000


def test_negative_credit_note_amount_is_refused_naming_record_and_field():
    # spec conventions: signed amounts never come from GSTN; a signed note would count twice
    with pytest.raises(PayloadError) as caught:
        read_getinv({"b2bcn": [note(), note(nt_num="CN-0043", txval=-10000)]})
    text = str(caught.value)
    assert "section b2bcn" in text and "record 2" in text and "CN-0043" in text and "'txval'" in text


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("text, day", [
    ("05-11-2024", date(2024, 11, 5)),  # spec conventions DD-MM-YYYY; SB-inv sample
    ("05/11/2024", date(2024, 11, 5)),  # README provider shapes
    ("2024-11-05", date(2024, 11, 5)),  # README provider shapes (ISO)
    ("05-Nov-2024", date(2024, 11, 5)),  # README provider shapes (month name)
])
def test_documented_date_formats(text, day):
    assert one({"b2b": [invoice(idt=text)]}).document_date == day


def test_impossible_date_is_refused_naming_the_field():
    # spec conventions DD-MM-YYYY: 31-09 does not exist
    with pytest.raises(PayloadError, match=r"field 'idt'"):
        read_getinv({"b2b": [invoice(idt="31-09-2025")]})


# ---------------------------------------------------------------- document numbers, POS, names


@pytest.mark.parametrize("number", ["KP/2526/000457", "inv-lower-01", "ABCDEFGH/1234567", "AO2SA2425002517",
                                    "SR 12/25"])
def test_document_numbers_in_real_shapes_are_kept_as_sent(number):
    # spec example (slashes), real ic_test_ims.json ("b1" lower case), GSTN's 16-character limit, SB-inv
    assert one({"b2b": [invoice(inum=number)]}).document_number == number


@pytest.mark.parametrize("pos, code", [("07", "07"), (7, "07"), ("97", "97"), ("96", "96"), ("29", "29")])
def test_place_of_supply_codes(pos, code):
    # spec 6.3 state codes (97 Other Territory, 96 Other Countries); README: a number loses its zero
    assert one({"b2b": [invoice(pos=pos)]}).place_of_supply == code


def test_supplier_trade_name_with_unicode_ampersand_and_quotes_does_not_disturb_the_row():
    # spec 1.5 `tradenm` (third-party fixture); 2B `trdnm` (spec 3.4)
    record = one({"b2b": [invoice(tradenm='Shrī Gaṇeśa & Sons "Agencies" — ₹', trdnm="A&B <Pvt> Ltd")]})
    assert record.document_number == "MH/2526/00871"


# ---------------------------------------------------------------- codes


@pytest.mark.parametrize("code, action", [
    ("A", Action.ACCEPT), ("R", Action.REJECT), ("P", Action.PENDING), ("N", Action.NO_ACTION),
    ("a", Action.ACCEPT), ("NO ACTION", Action.NO_ACTION), ("no_action_taken", Action.NO_ACTION),
    ("Accepted", Action.ACCEPT), ("Rejected", Action.REJECT), ("Pending", Action.PENDING),
])
def test_action_codes_and_their_spellings(code, action):
    # spec 1.4 A/R/P/N; providers 1.4 Sandbox status words (accepted, rejected, pending, no_action_taken)
    assert one({"b2b": [invoice(action=code)]}).action is action


@pytest.mark.parametrize("status, filed", [("Filed", True), ("Not Filed", False), ("NotFiled", False),
                                           ("NOT FILED", False)])
def test_supplier_filing_status_spellings(status, filed):
    # spec 1.5 srcfilstatus: Filed / Not Filed (IC), NotFiled (EY); compare case/space-insensitively
    assert one({"b2b": [invoice(srcfilstatus=status)]}).supplier_filed is filed


@pytest.mark.parametrize("flags, blocked", [({"ispendactblocked": "Y"}, True),
                                            ({"ispendactblocked": None, "ispendactnallwd": "N"}, True),
                                            ({"ispendactblocked": None, "ispendactnallwd": "Y"}, False)])
def test_pending_blocked_and_the_older_inverted_flag(flags, blocked):
    # spec 1.5 ispendactblocked / ispendactnallwd ("N means blocked")
    row = invoice(**flags)
    if row["ispendactblocked"] is None:
        del row["ispendactblocked"]
    assert one({"b2b": [row]}).pending_blocked is blocked


@pytest.mark.parametrize("typ", ["R", "SEWP", "SEWOP", "DE"])
def test_invoice_types(typ):
    # spec 1.5 inv_typ R, SEWP, SEWOP, DE
    assert one({"b2b": [invoice(inv_typ=typ)]}).invoice_type == typ


def test_itc_reduction_declared_on_an_amended_credit_note():
    # spec 1.8 itcRedReq Y with declIgst..declCess (Oct 2025); providers SB-save sample sends them as numbers
    row = note(ont_num="CN-0041", ont_dt="01-10-2025", itcRedReq="Y", declIgst=900, declCgst=0, declSgst=0,
               declCess=0)
    assert one({"b2bcna": [row]}).itc_reduction == ItcReduction(True, 90_000, 0, 0, 0)


# ---------------------------------------------------------------- bad rows


def test_a_bad_row_names_section_record_document_and_field_and_nothing_is_read():
    # brief: a clear error naming record and field; nothing half-read
    rows = [invoice(inum=f"MH/2526/{n:05d}") for n in range(1, 6)]
    rows[3]["val"] = "ten"
    with pytest.raises(GstError) as caught:
        read_getinv({"b2b": rows, "b2bcn": [note()]})
    text = str(caught.value)
    assert "section b2b" in text and "record 4" in text and "MH/2526/00004" in text and "'val'" in text
    assert "Traceback" not in text


def test_an_amendment_without_its_original_date_is_refused_naming_the_field():
    # spec 1.3: amendments carry oinum/oidt
    with pytest.raises(PayloadError, match=r"section b2ba.*field 'oidt'"):
        read_getinv({"b2ba": [invoice(oinum="MH/2526/00800")]})
