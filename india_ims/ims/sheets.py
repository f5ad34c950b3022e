"""Writing Excel sheets safely: every text value is written as text, never as a formula.

openpyxl stores any string that starts with "=" as a live formula; a document number or a supplier
name from GSTN such as ``=HYPERLINK("http://...")`` would then run in the client's Excel. Cells built
here take the value's type from Python: text stays a string cell whatever it starts with (``+``, ``-``
and ``@`` included), numbers get a number format, and only the totals this module writes are formulas.
No frappe import: the same helpers serve the tests without a bench.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

MONEY_FORMAT = "#,##0.00"
COUNT_FORMAT = "#,##0"
DATE_FORMAT = "dd-mm-yyyy"
BOLD = Font(bold=True)
HEAD_COLOUR = "DDEBF7"
DIFF_COLOUR = "FFF2CC"
HEAD_FILL = PatternFill("solid", fgColor=HEAD_COLOUR)
DIFF_FILL = PatternFill("solid", fgColor=DIFF_COLOUR)
WRAP = Alignment(wrap_text=True, vertical="top")


def cell(sheet, value, *, money: bool = False, bold: bool = False, fill=None, wrap: bool = False):
    """One write-only cell whose type follows the Python value (text is text)."""
    if isinstance(value, Decimal):
        value = float(value)
    out = WriteOnlyCell(sheet, value=None)
    if isinstance(value, str):
        out.value = value
        out.data_type = "s"  # never "f": a leading "=" is the supplier's text, not a formula
    else:
        out.value = value
    if money and isinstance(value, (int, float)):
        out.number_format = MONEY_FORMAT
    elif isinstance(value, int) and not isinstance(value, bool):
        out.number_format = COUNT_FORMAT
    elif isinstance(value, (date, datetime)):
        out.number_format = DATE_FORMAT
    if bold:
        out.font = BOLD
    if fill is not None:
        out.fill = fill
    if wrap:
        out.alignment = WRAP
    return out


def formula(sheet, text: str, *, money: bool = True, bold: bool = True):
    """A formula this module wrote (a total), the only kind of formula a sheet holds."""
    out = WriteOnlyCell(sheet, value=text)
    if money:
        out.number_format = MONEY_FORMAT
    if bold:
        out.font = BOLD
    return out


def header(sheet, titles: Sequence[str]):
    return [cell(sheet, title, bold=True, fill=HEAD_FILL, wrap=True) for title in titles]


def widths(sheet, values: Iterable[int]) -> None:
    for index, width in enumerate(values, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width


def column(index: int) -> str:
    """Excel's letter for a 0-based column index."""
    return get_column_letter(index + 1)
