"""Exports write text as text (formula injection) and the streamed workbook is a valid .xlsx."""

import csv
from datetime import date

import pytest
from openpyxl import load_workbook

from india_ims.gst_india.export_text import csv_text
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.result_file import write_result_csv
from india_ims.reports.stream_xlsx import StreamingWorkbook, column_letter
from india_ims.reports.xlsx import write_report
from tests.matching.builders import book, ims

HOSTILE = ["=HYPERLINK(\"http://x\",\"y\")", "+91 98", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


@pytest.mark.parametrize("value", HOSTILE)
def test_csv_text_quotes_every_formula_start(value):
    assert csv_text(value) == "'" + value


@pytest.mark.parametrize("value", ["INV-1", "", "12=3", "A+B"])
def test_csv_text_leaves_other_values_alone(value):
    assert csv_text(value) == value


def _hostile_month():
    records = [ims(number) for number in HOSTILE[:4]]
    books = [book("=PI-1", "=cmd|'/c calc'!A0"), book("PI-2", HOSTILE[0])]
    return records, books, reconcile(records, books)


def test_result_csv_writes_supplier_and_clerk_text_as_text(tmp_path):
    records, books, results = _hostile_month()
    path = tmp_path / "RESULT.csv"
    write_result_csv(path, results, records, books)
    with open(path, encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    keys = ("document_number", "bill_no", "purchase_invoice")
    texts = [row[key] for row in rows for key in keys if row[key]]
    assert texts and all(not text.startswith(("=", "+", "-", "@")) for text in texts)
    assert "'=HYPERLINK(\"http://x\",\"y\")" in texts and "'=PI-1" in texts
    assert all(row["ims_taxable_value"][:1] != "'" for row in rows)  # our own numbers stay numbers


def test_excel_report_cells_are_strings_never_formulas(tmp_path):
    records, books, results = _hostile_month()
    path = tmp_path / "REPORT.xlsx"
    write_report(path, results, records, books)
    workbook = load_workbook(path)
    cells = [cell for row in workbook["Documents"].iter_rows(min_row=2) for cell in row if cell.value]
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    assert {*HOSTILE[:4], "=PI-1", "=cmd|'/c calc'!A0"} <= texts
    assert not [cell for cell in cells if cell.data_type == "f"]


def test_streamed_workbook_reads_back_with_types_styles_and_escapes(tmp_path):
    path = tmp_path / "t.xlsx"
    with StreamingWorkbook(path) as workbook:
        bold = workbook.style(bold=True)
        money = workbook.style(number_format="#,##0.00", fill="FFE699")
        day = workbook.style(number_format="dd-mm-yyyy")
        workbook.write_sheet("One & <Two>", [(["a<b & c", " lead", "x\x01y", None, 3], [bold] * 5),
                                             ([12.5, date(2026, 11, 30), True, "", "=1+1"],
                                              [money, day, None, None, None])],
                             columns=5, widths=[10, 12, 8, 8, 8], freeze=(1, 2))
    sheet = load_workbook(path)["One & <Two>"]
    assert [c.value for c in sheet[1]] == ["a<b & c", " lead", "x\ufffdy", None, 3]
    assert sheet["A1"].font.b
    assert sheet["A2"].value == 12.5 and sheet["A2"].fill.fgColor.rgb == "00FFE699"
    assert sheet["B2"].value.date() == date(2026, 11, 30)
    assert sheet["C2"].value is True and sheet["E2"].value == "=1+1" and sheet["E2"].data_type == "s"
    assert sheet.freeze_panes == "C2"


def test_a_failed_report_leaves_no_file(tmp_path):
    path = tmp_path / "REPORT.xlsx"
    with pytest.raises(AttributeError):
        write_report(path, [object()], [], [])
    assert not path.exists()


def test_column_letters():
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_score_reads_a_quoted_document_number_as_written(tmp_path):
    from india_ims.gst_india.matching.scoring import score_files

    result = tmp_path / "RESULT.csv"
    truth = tmp_path / "truth.csv"
    result.write_text(
        "section,supplier_gstin,document_number,purchase_invoice,match_status\n"
        "b2b,27AAPFU0939F1ZV,'-1042,PI-1,Exact Match\n",
        encoding="utf-8",
    )
    truth.write_text(
        "section,supplier_gstin,document_number,purchase_invoice,category\n"
        "b2b,27AAPFU0939F1ZV,-1042,PI-1,exact\n",
        encoding="utf-8",
    )
    score = score_files(result, truth)
    assert score.precision == 1.0 and score.recall == 1.0


def test_formatted_rows_write_text_as_text_blanks_in_place_and_every_row(tmp_path):
    from india_ims.reports.stream_xlsx import RowFormat

    path = tmp_path / "fast.xlsx"
    rows = [[f"INV-{n}", n * 1.5, None, ""] for n in range(5000)]
    # the careful path: markup, a control character, edge spaces, a formula, a lone "|"
    careful = [["a<b & c", 1, "x\x01y", " lead"], ["=HYPERLINK(\"http://x\",\"y\")", 2, "@SUM(A1)", "tail "],
               ["+91 98", 3, "-2+3", "a|b"]]
    rows += careful
    with StreamingWorkbook(path) as workbook:
        money = workbook.style(number_format="#,##0.00")
        plain = RowFormat(["text", "number", "text", "text"], [None, money, None, None])
        workbook.write_sheet("Rows", [(["Number", "Amount", "Note", "More"], None)]
                             + [(row, plain) for row in rows], columns=4)
    sheet = load_workbook(path)["Rows"]
    read = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert len(read) == len(rows)
    assert read[1] == ["INV-1", 1.5, None, None]  # blanks stay in their columns
    assert sheet["B3"].number_format == "#,##0.00"
    careful[0][2] = "x\ufffdy"  # an illegal XML character is replaced, as Sheet.row does
    assert read[-3:] == careful
    cells = [c for row in sheet.iter_rows(min_row=2) for c in row]
    assert not [c for c in cells if c.data_type == "f"]


def test_a_formatted_number_column_refuses_text():
    from io import BytesIO

    from india_ims.reports.stream_xlsx import RowFormat

    with StreamingWorkbook(BytesIO()) as workbook:
        row_format = RowFormat(["number"], [None])
        with pytest.raises(ValueError):
            workbook.write_sheet("S", [(["<v>1</v>"], row_format)], columns=1)


@pytest.mark.parametrize(
    "text",
    [" lead", "tail ", "a |b", "a| b", "\tx", "x\n", "a\xa0|b", "\u3000", "a&b", "a<b", "x\x01y",
     "nbsp\xa0inside"],
)
def test_a_row_whose_texts_need_escaping_or_keep_edge_whitespace_takes_the_careful_way(text):
    from india_ims.reports.stream_xlsx import _needs_care

    assert _needs_care("|".join(["INV-1", text, ""]))


@pytest.mark.parametrize("text", ["INV/2026-27/001", "Shree Ganesh Traders Pvt Ltd", "", "a|b", "₹ 1,000"])
def test_a_row_of_plain_texts_takes_the_fast_way(text):
    from india_ims.reports.stream_xlsx import _needs_care

    assert not _needs_care("|".join(["INV-1", text, "27AAPFU0939F1ZV"]))


def test_the_fast_check_passes_nothing_that_needs_care():
    """Seeded: every joined row with whitespace at a value's edge or a character to escape, as a
    regex over every position finds them, is sent the careful way."""
    import random
    import re

    from india_ims.reports.stream_xlsx import _needs_care

    every_position = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|^\s|\s$|\s\||\|\s")
    pick = random.Random(16).choice
    alphabet = ["a", "Z", " ", "|", "&", "<", "\t", "\n", "\xa0", "\u2002", "\x85", "\x01", "₹", "-"]
    for _ in range(50_000):
        joined = "".join(pick(alphabet) for _ in range(pick(range(9))))
        if every_position.search(joined):
            assert _needs_care(joined), repr(joined)
