"""Closed sets of GSTN's coded values: one test per set; an unknown value is an error naming it."""

import pytest

from india_ims.gst_india.documents import Section
from india_ims.gst_india.errors import GstError, PayloadError
from india_ims.gst_india.payload import codes
from india_ims.gst_india.payload.envelope import find_sections
from india_ims.gst_india.payload.ims import parse_getinv


@pytest.mark.parametrize(("value", "expected"),
                         [("Y", True), ("N", False), ("y", True), ("", None), (None, None)])
def test_flag_reads_y_and_n(value, expected):
    assert codes.flag(value) is expected


@pytest.mark.parametrize("value", ["X", "maybe", 2, 1.5, [], {}])
def test_flag_refuses_anything_else_by_name(value):
    with pytest.raises(GstError, match="is not Y or N"):
        codes.flag(value)


@pytest.mark.parametrize(("value", "filed"), [("Filed", True), ("Not Filed", False), ("NotFiled", False),
                                              ("not filed", False), (None, True)])
def test_supplier_filing_status_is_filed_or_not_filed(value, filed):
    assert codes.supplier_filed(value) is filed


@pytest.mark.parametrize("value", ["Filled", "Saved", "Y", 1, "Pending"])
def test_supplier_filing_status_unknown_is_an_error_never_filed(value):
    with pytest.raises(GstError, match="is not a supplier filing status"):
        codes.supplier_filed(value)


def test_source_forms_are_the_forms_the_lifecycle_rules_know():
    from india_ims.gst_india.rules import lifecycle

    assert set(lifecycle._CUTOFF_DAY) == codes.SOURCE_FORMS
    with pytest.raises(GstError, match="'R9' is not a source form"):
        codes.one_of("R9", codes.SOURCE_FORMS, "a source form")


def test_invoice_types_are_gstr1s():
    assert codes.one_of("sewp", codes.INVOICE_TYPES, "an invoice type") == "SEWP"
    with pytest.raises(GstError, match="'B2CL' is not an invoice type"):
        codes.one_of("B2CL", codes.INVOICE_TYPES, "an invoice type")


def test_gstr2b_versions_are_the_known_schemas():
    assert {"1.0", "2.0", "3.0", "4.0"} == codes.GSTR2B_VERSIONS


def test_itc_availability_t_is_available():
    assert codes.ITC_AVAILABILITY == {"Y": True, "T": True, "N": False}


def test_section_spellings_getinv_parameter_and_upper_case():
    found = find_sections({"CNA": [], "Dn": [], "ECOMA": []})
    assert {s.value for s in found.rows} == {"b2bcna", "b2bdn", "ecoma"}


def test_client_getinv_of_an_empty_object_is_no_records_but_a_file_must_say_what_it_holds():
    assert parse_getinv({}) == []
    with pytest.raises(PayloadError, match="no IMS section found"):
        find_sections({}, allow_empty=False)


def test_sections_filter_applies_inside_an_envelope():
    row = {"stin": "27AAFCV2214K1ZK", "inum": "A", "idt": "01-10-2026", "rtnprd": "102026", "txval": 1,
           "val": 1}
    payload = {"code": 200, "data": {"status_cd": "1", "data": {"b2b": [row], "b2ba": []}}}
    assert [r.document_number for r in parse_getinv(payload, sections=[Section.B2B])] == ["A"]
    assert parse_getinv(payload, sections=[Section.B2BA]) == []
