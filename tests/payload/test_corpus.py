"""The corpus of real-world shapes (tests/fixtures/corpus, own values) reads to the counts and amounts
written here by hand, and the public projects' files beside the spec to what their own tests assert."""

from datetime import date
from pathlib import Path

import pytest

from india_ims.cli.ims_file import load_json, read_ims_file
from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.payload.gstr2b_read import parse_gstr2b_pages
from india_ims.gst_india.returns.layout import Block, Part
from tests.conftest import REPO

CORPUS = REPO / "tests" / "fixtures" / "corpus"
REAL = next((p / "spec" / "examples" / "real" for p in (REPO.parent / "shared", REPO.parents[1] / "shared")
             if (p / "spec" / "examples" / "real").is_dir()), None)

# file -> (records, {section: (records, taxable rupees, tax rupees)}, skipped, warnings, envelope path)
IMS_EXPECTED = {
    "ims_bare_all_sections.json": (10, {
        "b2b": (2, "125000.50", "22500.10"), "b2ba": (1, "5000.00", "900.00"),
        "b2bdn": (1, "1200.00", "216.00"), "b2bdna": (1, "800.00", "144.00"),
        "b2bcn": (2, "3700.00", "666.00"), "b2bcna": (1, "450.00", "81.00"),
        "ecom": (1, "999.99", "189.99"), "ecoma": (1, "100.00", "18.00")}, {}, 0, ""),
    "ims_gstn_envelope.json": (3, {"b2b": (2, "3000.00", "540.00"), "b2bcn": (1, "500.00", "90.00")}, {}, 0,
                               "data"),
    "ims_sandbox_envelope.json": (3, {"b2b": (3, "60000.00", "10800.00")}, {}, 0, "data.data"),
    "ims_vayana_envelope.json": (1, {"b2ba": (1, "4000.00", "720.00")}, {}, 0, "data"),
    "ims_upper_case_params.json": (3, {"b2b": (1, "100.00", "18.00"), "b2bcn": (1, "50.00", "9.00"),
                                       "b2bdna": (1, "60.00", "10.80")}, {}, 0, ""),
    "ims_with_import_and_isd.json": (1, {"b2b": (1, "800.00", "144.00")}, {"impg": 2, "isd": 1}, 0, ""),
    "ims_sandbox_no_records.json": (0, {}, {}, 0, "data"),
    "ims_check_character_warnings.json": (2, {"b2b": (2, "300.00", "54.00")}, {}, 1, ""),
    "ims_itc_reduction.json": (3, {"b2bcn": (2, "2000.00", "360.00"), "b2bcna": (1, "2000.00", "360.00")},
                               {}, 0, ""),
    "ims_bom_older_flags.json": (1, {"b2b": (1, "300.00", "54.00")}, {}, 0, ""),
}


def _rupees(paise: int) -> str:
    return f"{paise // 100}.{paise % 100:02d}"


@pytest.mark.parametrize("name", sorted(IMS_EXPECTED))
def test_corpus_ims_file_reads_to_its_counts_and_amounts(name):
    count, sections, skipped, warnings, path = IMS_EXPECTED[name]
    read = read_ims_file(CORPUS / name)
    assert len(read.records) == count
    got = {}
    for section in Section:
        rows = [r for r in read.records if r.section is section]
        if rows:
            got[section.value] = (len(rows), _rupees(sum(r.amounts.taxable_value for r in rows)),
                                  _rupees(sum(r.amounts.total_tax for r in rows)))
    assert got == sections
    assert read.skipped == skipped
    assert len(read.warnings) == warnings
    assert read.path == path


def test_corpus_every_file_is_listed():
    assert {p.name for p in CORPUS.glob("ims_*.json")} == set(IMS_EXPECTED)


def test_no_records_answer_is_named_not_an_error():
    assert read_ims_file(CORPUS / "ims_sandbox_no_records.json").no_data_code == "IMS0027"


def test_itc_reduction_y_without_amounts_is_the_full_tax_never_zero():
    records = {r.document_number: r for r in read_ims_file(CORPUS / "ims_itc_reduction.json").records}
    full = records["RED-FULL"].itc_reduction
    assert full.required and (full.igst, full.cgst, full.sgst, full.cess) == (18000, 0, 0, 0)
    assert records["RED-NONE"].itc_reduction.required is False
    part = records["RED-PART"].itc_reduction
    assert (part.igst, part.cgst, part.sgst) == (0, 4550, 4550)


def test_older_flags_and_notfiled_spelling():
    (record,) = read_ims_file(CORPUS / "ims_bom_older_flags.json").records
    assert record.supplier_filed is False  # "NotFiled"
    assert record.pending_blocked is True  # ispendactnallwd N
    assert record.itc_reduction_blocked is True  # itcRedReqBlocked


def test_corpus_actions_and_amendments():
    records = read_ims_file(CORPUS / "ims_bare_all_sections.json").records
    actions = sorted(r.action.value for r in records)
    assert actions == ["A", "A", "N", "N", "N", "N", "N", "N", "P", "R"]
    assert all(r.original_number and r.original_date for r in records if r.section.is_amendment)
    assert {r.invoice_type for r in records if r.section.is_ecommerce} == {None}


def _paise_tuple(amounts):
    return (amounts.taxable_value, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


def test_gstr2b_items_are_summed_when_the_document_has_no_amounts_of_its_own():
    download = parse_gstr2b_pages([load_json(CORPUS / "gstr2b_v1_items.json")])
    by_number = {d.document_number: d for d in download.documents}
    assert _paise_tuple(by_number["V1-1"].amounts) == (1000000, 180000, 0, 0, 0)
    assert _paise_tuple(by_number["V1-2"].amounts) == (100000, 0, 9000, 9000, 0)
    assert by_number["V1-CN"].note_type == "C" and by_number["V1-CN"].amounts.igst == 3600
    assert download.version == "1.0" and download.generated_on == date(2026, 11, 14)
    assert download.totals[(Block.AVAILABLE, Part.ALL_OTHER)].igst == 180000


def test_gstr2b_v4_keeps_isd_bills_of_entry_reversals_and_rejections():
    download = parse_gstr2b_pages([load_json(CORPUS / "gstr2b_v4_all_sections.json")])
    sections = sorted((d.section, d.document_number, d.rejected, d.reversal) for d in download.documents)
    assert sections == [
        ("b2b", "REV-1", False, True), ("b2b", "V4-1", False, False), ("b2b", "V4-2", False, False),
        ("b2b", "V4-REJ", True, False), ("cdnr", "V4-CN", False, False), ("impg", "5512001", False, False),
        ("impgsez", "5512077", False, False), ("isd", "ISD-77", False, False),
        ("isd", "ISD-78", False, False),
    ]
    by_number = {d.document_number: d for d in download.documents}
    assert by_number["5512001"].supplier_gstin == "" and by_number["5512001"].amounts.cess == 15025
    assert by_number["ISD-78"].note_type == "C" and not by_number["ISD-78"].itc_available
    assert by_number["V4-2"].itc_available is False
    assert by_number["V4-1"].ims_action is Action.ACCEPT and by_number["V4-REJ"].ims_action is Action.REJECT
    assert sum(d.amounts.total_tax for d in download.documents if not d.rejected and not d.reversal) == \
        180000 + 9000 + 3600 + 9000 + 1250 + 2700000 + 15025 + 72000


def test_gstr2b_inside_sandbox_envelope():
    download = parse_gstr2b_pages([load_json(CORPUS / "gstr2b_sandbox_envelope.json")])
    assert [d.document_number for d in download.documents] == ["SB2B-1"]


# ---------------------------------------------------------------- the public projects' files (read in place)

needs_real = pytest.mark.skipif(REAL is None, reason="shared/spec/examples/real is not beside this clone")


@needs_real
def test_real_ims_file_reads_with_warnings_for_its_gstins():
    read = read_ims_file(Path(REAL) / "ic_test_ims.json")
    assert len(read.records) == 6 and len(read.warnings) == 6  # its GSTIN fails the check character
    b2b = next(r for r in read.records if r.section is Section.B2B)
    assert b2b.document_number == "b1" and b2b.action is Action.REJECT and not b2b.supplier_filed
    dn = next(r for r in read.records if r.section is Section.B2BDN)
    assert dn.amounts.taxable_value == 100010 and dn.supplier_filed


@needs_real
def test_real_gstr2b_v3_amounts_from_items():
    download = parse_gstr2b_pages([load_json(Path(REAL) / "ic_test_gstr_2b_v3_0.json")])
    b2b = next(d for d in download.documents if d.section == "b2b")
    assert b2b.document_number == "S008400" and _paise_tuple(b2b.amounts) == (40000, 0, 20000, 20000, 0)


@needs_real
def test_real_gstr2b_v4_isd_and_bill_of_entry():
    download = parse_gstr2b_pages([load_json(Path(REAL) / "ic_test_gstr_2b_v4_0.json")])
    numbers = {d.document_number for d in download.documents}
    assert {"S008400", "S0080", "2566282"} <= numbers
    boe = next(d for d in download.documents if d.document_number == "2566282" and d.section == "impg")
    assert boe.amounts.igst == 12302 and boe.amounts.cess == 50
    first = next(d for d in download.documents if d.document_number == "S008400" and d.section == "b2b")
    assert first.document_date == date(2016, 11, 24) and first.amounts.igst == 18300
    assert not first.itc_available
    assert download.generated_on == date(2020, 4, 14) and download.warnings


@needs_real
def test_real_ims_file_every_section_as_its_source_tests_expect():
    """What India Compliance's test_ims.py asserts of its test_ims.json: numbers, dates, actions,
    pending flags, Filed / Not Filed, 1000.1, and the original number and date of each amendment."""
    read = read_ims_file(Path(REAL) / "ic_test_ims.json")
    by_section = {record.section: record for record in read.records}
    assert set(by_section) == {Section.B2B, Section.B2BA, Section.B2BDN, Section.B2BDNA, Section.B2BCN,
                               Section.B2BCNA}
    expected = {  # number, date, action, filed, value (paise), original number, original date
        Section.B2B: ("b1", date(2023, 1, 23), Action.REJECT, False, 100000, None, None),
        Section.B2BA: ("b1a", date(2023, 1, 23), Action.ACCEPT, False, 100000, "ab2", date(2023, 2, 24)),
        Section.B2BDN: ("dn2", date(2023, 2, 24), Action.ACCEPT, True, 100010, None, None),
        Section.B2BDNA: ("dna2", date(2023, 2, 24), Action.ACCEPT, True, 100010, "dn2", date(2023, 2, 24)),
        Section.B2BCN: ("cn2", date(2023, 2, 24), Action.ACCEPT, False, 100010, None, None),
        Section.B2BCNA: ("cna2", date(2023, 2, 24), Action.ACCEPT, False, 100010, "cn2", date(2023, 2, 24)),
    }
    for section, (number, day, action, filed, value, o_number, o_day) in expected.items():
        record = by_section[section]
        assert (record.document_number, record.document_date, record.action, record.supplier_filed,
                record.document_value, record.original_number, record.original_date) == (
                    number, day, action, filed, value, o_number, o_day), section
        assert record.pending_blocked is False and record.supplier_return_period == "012023"
        assert record.supplier_gstin == "24MAYAS0100J1JD" and record.source_form == "R1"


@needs_real
def test_real_gstr2b_v4_every_section_in_accepted_rejected_and_reversal_parts():
    """Every section of the public v4.0 file is read where it sits: docdata, docRejdata and the Rule
    37A reversals of each; the credit note keeps its type, the ISD document its heads."""
    download = parse_gstr2b_pages([load_json(Path(REAL) / "ic_test_gstr_2b_v4_0.json")])
    parts = {(d.section, d.rejected, d.reversal) for d in download.documents}
    sections = ("b2b", "b2ba", "cdnr", "cdnra", "ecom", "ecoma", "isd", "isda", "impg", "impgsez")
    for rejected in (False, True):
        assert {(s, rejected, False) for s in sections} <= parts
        assert {(s, rejected, True) for s in ("b2b", "b2ba", "cdnr", "cdnra")} <= parts
    note = next(d for d in download.documents if d.section == "cdnr" and not d.rejected and not d.reversal)
    assert note.note_type == "C" and note.amounts.igst == 18300 and not note.itc_available
    isd = next(d for d in download.documents if d.document_number == "S0080" and not d.rejected)
    assert (isd.amounts.cgst, isd.amounts.sgst) == (20000, 20000) and isd.itc_available
    assert download.period == "032020" and len(download.documents) == 32


@needs_real
def test_real_ims_records_are_echoed_on_save_exactly_as_getinv_reported_them():
    """Spec 1.5: a SAVE row carries every value GETINV reported, unchanged (1000.1 stays 1000.1)."""
    from india_ims.gst_india.payload import ims

    payload = load_json(Path(REAL) / "ic_test_ims.json")
    read = read_ims_file(Path(REAL) / "ic_test_ims.json")
    for record in read.records:
        action = Action.REJECT if record.action is Action.ACCEPT else Action.ACCEPT
        body = ims.build_save("24AAQCA8719H1ZC", [ims.Upload(record, action, record.action)])
        (row,) = body["invdata"][record.section.value]
        number_key = "inum" if "inum" in row else "nt_num"
        (source,) = [r for r in payload[record.section.value] if r[number_key] == record.document_number]
        echoed = {key: row[key] for key in source if key in row and key != "action"}
        assert echoed == {key: source[key] for key in echoed}, record.section
        assert row["prev_status"] == source["action"] and row["action"] == action.value
        assert set(source) - set(row) <= {"ispendactblocked", "srcfilstatus", "hash"}


@needs_real
def test_real_gstr2b_documents_are_forward_charge_and_link_to_ims_sections():
    from india_ims.gst_india.payload.gstr2b_summary import place

    download = parse_gstr2b_pages([load_json(Path(REAL) / "ic_test_gstr_2b_v4_0.json")])
    b2b = [d for d in download.documents if d.section in ("b2b", "cdnr")]
    assert b2b and not any(d.reverse_charge for d in download.documents)
    assert all(place(d).ims_section for d in b2b)
