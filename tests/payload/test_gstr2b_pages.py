"""GET2B answered in several files (spec 3.1, ``file_num`` 1..fc): merged once, never twice."""

import pytest

from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload.gstr2b_read import parse_gstr2b_pages


def _page(*numbers, period="102026", gstin="29AAJCM5823E1ZC"):
    invoices = [{"inum": number, "dt": "05-10-2026", "typ": "R", "val": 118, "txval": 100, "igst": 18,
                 "itcavl": "Y"} for number in numbers]
    docdata = {"b2b": [{"ctin": "27AAPFU0939F1ZV", "inv": invoices}]}
    return {"chksum": "x", "data": {"gstin": gstin, "rtnprd": period, "version": "4.0", "gendt": "14-11-2026",
                                    "fc": 2, "docdata": docdata}}


def test_files_are_concatenated():
    read = parse_gstr2b_pages([_page("A"), _page("B")])
    assert [d.document_number for d in read.documents] == ["A", "B"] and not read.warnings


def test_a_document_in_two_files_is_read_once_and_reported():
    """A file fetched twice (a retry) or a replayed page boundary must not double the ITC."""
    read = parse_gstr2b_pages([_page("A", "B"), _page("B", "C")])
    assert [d.document_number for d in read.documents] == ["A", "B", "C"]
    assert read.warnings == ("file 2, section b2b, document 'B': in an earlier file too (read once)",)
    assert len(parse_gstr2b_pages([_page("A", "B"), _page("A", "B")]).documents) == 2


def test_two_equal_documents_inside_one_file_are_both_kept():
    # Without the supplier's period a reader cannot tell them apart; one file is GSTN's own list.
    assert len(parse_gstr2b_pages([_page("A", "A")]).documents) == 2


@pytest.mark.parametrize("key, other", [("rtnprd", "112026"), ("gstin", "33AAHCT4471Q1ZR")])
def test_a_file_of_another_gstr2b_is_refused_naming_it(key, other):
    second = _page("B", **{"period" if key == "rtnprd" else "gstin": other})
    with pytest.raises(PayloadError, match=f"field '{key}': file 2: '{other}' is not the .* of file 1"):
        parse_gstr2b_pages([_page("A"), second])
