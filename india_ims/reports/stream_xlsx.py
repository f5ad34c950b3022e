"""A small streaming .xlsx writer: rows go straight into the zip as SpreadsheetML, nothing is kept.

Why not a library: for 105,500 rows x 24 columns, openpyxl's write-only mode took 24 s and XlsxWriter's
constant-memory mode 20 s on the benchmark machine (``benchmarks/bench_payload.py`` prints both);
both spend ~10 us per cell on objects and checks a report of known columns does not need. This
writer does the one thing the reports need (strings, numbers, dates, a few styles, column widths,
a frozen header) at about a tenth of that.

Every string is written as an inline string cell: a value such as ``=HYPERLINK(...)`` or
``+91...`` is text in the file, never a formula.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

_EPOCH = date(1899, 12, 30).toordinal()
_NEEDS_ESCAPE = re.compile(r"[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|^\s|\s$")
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_MAX_TEXT = 32_767  # Excel's limit of characters in a cell


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def _text_xml(value: str) -> str:
    if len(value) > _MAX_TEXT:
        value = value[:_MAX_TEXT]
    if not _NEEDS_ESCAPE.search(value):
        return f"<is><t>{value}</t></is>"
    value = _ILLEGAL.sub("\ufffd", value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<is><t xml:space="preserve">{value}</t></is>'


# A row of RowFormat goes the fast way unless a text value needs escaping, is too long or starts or
# ends with whitespace: its texts are checked at once, joined by "|" (a "|" beside a space is only a
# false alarm, which takes the careful way). Whitespace other than a space sends the row the careful
# way wherever it is: one character class and four substring tests, where a regex testing every
# position for whitespace beside a "|" took 4.5 us a row (0.45 s of a lakh's export).
_ROW_CARE_CHARS = re.compile(
    "[&<>\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\t\n\r\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]"
)


def _needs_care(joined: str) -> bool:
    return bool(
        _ROW_CARE_CHARS.search(joined) or " |" in joined or "| " in joined
        or joined[:1] == " " or joined[-1:] == " "
    )


class RowFormat:
    """Rows whose columns have fixed kinds: "text" (any value, written as an inline string) or
    "number" (int, float or Decimal; a date as its Excel day number with a date style), each with
    its style. One generated function writes a whole row: at a lakh of rows x 28 columns,
    ``Sheet.row``'s per-cell dispatch was most of an export's time. Cells carry no reference (the
    format allows it: each follows the one before), so a blank is an empty ``<c/>``.
    """

    def __init__(self, kinds: Sequence[str], styles: Sequence[Style | None]):
        if len(kinds) != len(styles) or set(kinds) - {"text", "number"}:
            raise ValueError("RowFormat: one kind (text or number) and one style per column")
        self.width = len(kinds)
        self.fast = _compile_row(kinds, styles, careful=False)
        self.careful = _compile_row(kinds, styles, careful=True)


def _compile_row(kinds: Sequence[str], styles: Sequence[Style | None], *, careful: bool):
    names = [f"a{i}" for i in range(len(kinds))]
    texts = [name for name, kind in zip(names, kinds) if kind == "text"]
    lines = ["def render(n, values):", f"    {', '.join(names)}, = values"]
    if not careful and texts:
        joined = "|".join("{" + name + "}" for name in texts)
        lines.append(f"    joined = f'{joined}'")
        lines.append(f"    if len(joined) > {_MAX_TEXT} or _needs_care(joined):")
        lines.append("        return None")
    cells = []
    for name, kind, style in zip(names, kinds, styles):
        attrs = f' s="{style.index}"' if style is not None else ""
        blank = f"'<c{attrs}/>'"
        if kind == "text":
            inner = f"{{_text_xml(str({name}))}}" if careful else f"<is><t>{{{name}}}</t></is>"
            cells.append(f"(f'<c{attrs} t=\"inlineStr\">{inner}</c>' if {name} is not None and {name} != '' "
                         f"else {blank})")
        else:
            # the format code refuses a str: only a number reaches <v>
            cells.append(f"(f'<c{attrs}><v>{{{name}:.15g}}</v></c>' if {name} is not None else {blank})")
    lines.append("    return ''.join((f'<row r=\"{n}\">', " + ", ".join(cells) + ", '</row>'))")
    scope = {"_text_xml": _text_xml, "_needs_care": _needs_care}
    exec("\n".join(lines), scope)  # the source is built above from the kinds and style numbers only
    return scope["render"]


class Formula(str):
    """A formula this app wrote (a total), e.g. ``Formula("=SUM(A2:A9)")``; any plain str stays text."""


class Style:
    """A cell format: its index in styles.xml, assigned by the workbook."""

    def __init__(self, index: int):
        self.index = index


class Sheet:
    def __init__(self, handle, columns: int):
        self._handle = handle
        self._row = 0
        self._letters = [column_letter(i) for i in range(columns)]
        self._buffer: list[str] = []

    def row(self, values: Sequence, styles: Sequence[Style | None] | None = None) -> None:
        """One row: str as text, int/float as numbers, date as dates (style it with a date format),
        None or "" as an empty cell."""
        self._row += 1
        number = str(self._row)
        parts = [f'<row r="{number}">']
        append = parts.append
        letters = self._letters
        for column, value in enumerate(values):
            if value is None or value == "":
                continue
            style = styles[column] if styles is not None else None
            attrs = f' s="{style.index}"' if style is not None else ""
            ref = letters[column] + number
            kind = type(value)
            if kind is str:
                append(f'<c r="{ref}"{attrs} t="inlineStr">{_text_xml(value)}</c>')
            elif kind is date:
                append(f'<c r="{ref}"{attrs}><v>{value.toordinal() - _EPOCH}</v></c>')
            elif kind is int or kind is float:
                append(f'<c r="{ref}"{attrs}><v>{value!r}</v></c>')
            elif kind is Formula:
                append(f'<c r="{ref}"{attrs}><f>{_attr(value[1:] if value[:1] == "=" else value)}</f></c>')
            elif kind is bool:
                append(f'<c r="{ref}"{attrs} t="b"><v>{int(value)}</v></c>')
            else:
                append(f'<c r="{ref}"{attrs} t="inlineStr">{_text_xml(str(value))}</c>')
        append("</row>")
        self._buffer.append("".join(parts))
        if len(self._buffer) >= 2000:
            self.flush()

    def formatted(self, values: Sequence, row_format: RowFormat) -> None:
        """One row of fixed column kinds (see ``RowFormat``)."""
        self._row += 1
        if len(values) != row_format.width:
            raise ValueError(f"row {self._row}: {len(values)} values for {row_format.width} columns")
        self._buffer.append(row_format.fast(self._row, values) or row_format.careful(self._row, values))
        if len(self._buffer) >= 2000:
            self.flush()

    def flush(self) -> None:
        if self._buffer:
            self._handle.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()


class StreamingWorkbook:
    """Sheets are written one after the other; ``close()`` writes the workbook parts around them."""

    def __init__(self, path: str | Path):
        self._zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=1)
        self._sheets: list[str] = []
        self._fonts = ['<font><sz val="11"/><name val="Calibri"/></font>']
        self._fills = ['<fill><patternFill patternType="none"/></fill>',
                       '<fill><patternFill patternType="gray125"/></fill>']
        self._formats: list[tuple[int, str]] = []
        self._xfs = ['<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>']

    def style(self, *, bold: bool = False, fill: str | None = None,
              number_format: str | None = None, wrap: bool = False) -> Style:
        font = 0
        if bold:
            font = len(self._fonts)
            self._fonts.append('<font><b/><sz val="11"/><name val="Calibri"/></font>')
        fill_id = 0
        if fill:
            fill_id = len(self._fills)
            self._fills.append(f'<fill><patternFill patternType="solid"><fgColor rgb="00{fill.upper()}"/>'
                               '<bgColor indexed="64"/></patternFill></fill>')
        format_id = 0
        if number_format:
            format_id = 164 + len(self._formats)
            self._formats.append((format_id, number_format))
        flags = (("applyNumberFormat", format_id), ("applyFont", font), ("applyFill", fill_id),
                 ("applyAlignment", wrap))
        applied = "".join(f' {name}="1"' for name, used in flags if used)
        alignment = '<alignment vertical="top" wrapText="1"/>' if wrap else ""
        closing = f">{alignment}</xf>" if alignment else "/>"
        self._xfs.append(f'<xf numFmtId="{format_id}" fontId="{font}" fillId="{fill_id}" borderId="0" '
                         f'xfId="0"{applied}{closing}')
        return Style(len(self._xfs) - 1)

    def write_sheet(self, name: str, rows: Iterable, *, columns: int, widths: Sequence[float] = (),
                    freeze: tuple[int, int] | None = None) -> None:
        """``rows`` yields ``(values, styles)``, styles a list (one per cell, or None) or a ``RowFormat``;
        the sheet is streamed as they come."""
        index = len(self._sheets) + 1
        self._sheets.append(name)
        with self._zip.open(f"xl/worksheets/sheet{index}.xml", "w", force_zip64=True) as handle:
            head = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet '
                    'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">']
            if freeze:
                rows_frozen, cols_frozen = freeze
                split = f'xSplit="{cols_frozen}" ' if cols_frozen else ""
                split += f'ySplit="{rows_frozen}" ' if rows_frozen else ""
                head.append(f'<sheetViews><sheetView workbookViewId="0"><pane {split}topLeftCell='
                            f'"{column_letter(cols_frozen)}{rows_frozen + 1}" activePane="bottomRight" '
                            'state="frozen"/></sheetView></sheetViews>')
            if widths:
                head.append("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                               for i, w in enumerate(widths, start=1)) + "</cols>")
            head.append("<sheetData>")
            handle.write("".join(head).encode("utf-8"))
            sheet = Sheet(handle, columns)
            for values, styles in rows:
                if type(styles) is RowFormat:
                    sheet.formatted(values, styles)
                else:
                    sheet.row(values, styles)
            sheet.flush()
            handle.write(b"</sheetData></worksheet>")

    def close(self) -> None:
        write = self._zip.writestr
        sheets = range(1, len(self._sheets) + 1)
        write("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns='
              '"http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" '
              'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
              '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
              '<Override PartName="/xl/styles.xml" '
              'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
              + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.'
                        'openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in sheets)
              + "</Types>")
        write("_rels/.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns='
              '"http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type='
              '"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
              'Target="xl/workbook.xml"/></Relationships>')
        write("xl/workbook.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns='
              '"http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats'
              '.org/officeDocument/2006/relationships"><sheets>'
              + "".join(f'<sheet name="{_attr(name)}" sheetId="{i}" r:id="rId{i}"/>'
                        for i, name in enumerate(self._sheets, start=1))
              + "</sheets></workbook>")
        write("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                        f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in sheets)
              + f'<Relationship Id="rId{len(self._sheets) + 1}" Type="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>')
        formats = "".join(f'<numFmt numFmtId="{i}" formatCode="{_attr(code)}"/>' for i, code in self._formats)
        write("xl/styles.xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns='
              '"http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              + (f'<numFmts count="{len(self._formats)}">{formats}</numFmts>' if self._formats else "")
              + f'<fonts count="{len(self._fonts)}">{"".join(self._fonts)}</fonts>'
              + f'<fills count="{len(self._fills)}">{"".join(self._fills)}</fills>'
              '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
              '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
              f'<cellXfs count="{len(self._xfs)}">{"".join(self._xfs)}</cellXfs>'
              '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
              "</styleSheet>")
        self._zip.close()

    def __enter__(self) -> StreamingWorkbook:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _attr(text: str) -> str:
    return (_ILLEGAL.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))
