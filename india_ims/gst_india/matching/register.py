"""Read a purchase register CSV (the columns of the shared sample's purchases.csv) into PurchaseDocuments.

Every error names the file, the row and the field, so the register can be
fixed without guessing. A row that is readable but cannot be matched (no
bill number, an unregistered supplier without GSTIN) is kept: the engine
reports it as Missing in IMS instead of dropping it.

Given a ``warnings`` list, one bad value never stops the reading: the row is
kept with what could be read (a GSTIN failing its check character as typed,
so the engine can still find the supplier from the number, date and amounts;
a bad date as none; a bad amount as 0.00) and the problem is recorded on the
row. Only a file that cannot be read at all (missing, not CSV, a required
column missing) stops.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from pathlib import Path

from ..documents import Amounts, DocumentType, PurchaseDocument
from ..errors import GstError
from ..export_text import csv_text
from ..gstin import validate_gstin
from ..money import to_paise
from .identity import clean_gstin

REQUIRED_COLUMNS = ("name", "supplier_gstin", "doc_type", "bill_no", "bill_date", "taxable_value", "igst",
                    "cgst", "sgst", "cess")
OPTIONAL_COLUMNS = ("company_gstin", "supplier_name", "posting_date", "place_of_supply",
                    "is_reverse_charge", "grand_total")
DOCUMENT_TYPES = {
    "INVOICE": DocumentType.INVOICE,
    "PURCHASE INVOICE": DocumentType.INVOICE,
    "DEBIT NOTE": DocumentType.DEBIT_NOTE,
    "CREDIT NOTE": DocumentType.CREDIT_NOTE,
    "RETURN": DocumentType.CREDIT_NOTE,
    "PURCHASE RETURN": DocumentType.CREDIT_NOTE,
}
DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%b-%Y", "%d %b %Y", "%d-%b-%y",
                "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", "%Y/%m/%d")
FLAGS = {"": False, "0": False, "1": True, "NO": False, "YES": True, "N": False, "Y": True,
         "FALSE": False, "TRUE": True}


@dataclass(frozen=True, slots=True)
class RowWarning:
    """A value of one register row that could not be read, and what was read instead."""

    row: int  # data row, 1-based (line row + 1)
    document: str  # the row's name (purchase invoice), "" when it has none
    field: str
    value: str
    problem: str
    instead: str

    def text(self, path: str | Path) -> str:
        return (f"{path}, row {self.row} (line {self.row + 1}), field {self.field!r}: {self.problem}; "
                f"{self.instead}")


# What a row keeps when a value cannot be read (the reason a reader sees).
FALLBACKS = {
    "supplier_gstin": "kept as typed: the supplier is found from the number, date and amounts",
    "company_gstin": "kept as typed",
    "doc_type": "read as Invoice (a negative amount still reads as a return)",
    "bill_date": "read as no bill date (the posting date is compared)",
    "posting_date": "read as no posting date",
    "is_reverse_charge": "read as No",
    "place_of_supply": "read as blank (unknown, never a difference)",
    "name": "named by its row",
}


class RegisterError(GstError):
    def __init__(self, message: str, *, path: str | Path, row: int | None = None, field: str | None = None):
        self.path, self.row, self.field = str(path), row, field
        where = [str(path)]
        if row is not None:
            where.append(f"row {row} (line {row + 1})")
        if field:
            where.append(f"field {field!r}")
        super().__init__(f"{', '.join(where)}: {message}")


def parse_day(text: str) -> date | None:
    value = text.strip()
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise GstError(f"{value!r} is not a date (YYYY-MM-DD or DD-MM-YYYY)")


_PLAIN_AMOUNT = re.compile(r"-?[0-9]+(?:\.[0-9]{1,2})?").fullmatch
_CURRENCY = re.compile(r"^(?:₹|RS\.?|INR)\s*|\s*(?:₹|RS\.?|INR)$", re.IGNORECASE)


def _paise(text: str, field: str) -> int:
    """Rupees to paise; plain two-decimal numbers (nearly every cell) without Decimal; a currency
    sign (₹, Rs., INR) and accounting brackets for a negative, (1,234.50), are read too."""
    if _PLAIN_AMOUNT(text):
        rupees, _, fraction = text.partition(".")
        cents = int(fraction) * (10 if len(fraction) == 1 else 1) if fraction else 0
        value = abs(int(rupees)) * 100 + cents
        return -value if text[0] == "-" else value
    cleaned = _CURRENCY.sub("", text.strip())
    negative = len(cleaned) > 2 and cleaned[0] == "(" and cleaned[-1] == ")"
    if negative:
        cleaned = _CURRENCY.sub("", cleaned[1:-1].strip())
    value = to_paise(cleaned or text, field=field)
    return -value if negative else value


class _Memo(dict):
    """Values that repeat down a register (dates, GSTINs) are parsed once; errors are not cached."""

    def __init__(self, parse: Callable[[str], object]):
        super().__init__()
        self.parse = parse

    def __missing__(self, text: str):
        value = self[text] = self.parse(text)
        return value


def read_purchase_register(path: str | Path,
                           warnings: list[RowWarning] | None = None) -> list[PurchaseDocument]:
    """The register's documents. Without ``warnings`` the first bad value raises ``RegisterError``;
    with it, bad values are recorded there and every readable row is kept (module doc)."""
    path = Path(path)
    with open(path, newline="", encoding="utf-8-sig") as handle:
        try:
            reader = csv.reader(handle)
            header = [name.strip() for name in next(reader, [])]
            missing = [column for column in REQUIRED_COLUMNS if column not in header]
            if missing:
                raise RegisterError(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                                    path=path, row=None, field=missing[0])
            rows = _Rows(path, header, warnings)
            # blank lines are no rows, and are not counted (as csv.DictReader reads them)
            return [rows.document(cells, number)
                    for number, cells in enumerate(filter(None, reader), start=1)]
        except (csv.Error, UnicodeDecodeError) as error:
            raise RegisterError(f"not a readable CSV file: {error}", path=path) from None


def _plain_paise(text: str) -> int | None:
    """Paise of a plain amount (nearly every cell: -1234.5, 0.00); None for anything else, which
    ``_paise`` reads or refuses. No regular expression: six of these a row, a lakh of rows."""
    negative = text[:1] == "-"
    rupees, dot, fraction = (text[1:] if negative else text).partition(".")
    if not (rupees.isascii() and rupees.isdigit()) or (dot and not (
            len(fraction) <= 2 and fraction.isascii() and fraction.isdigit())):
        return None
    value = int(rupees) * 100 + (int(fraction) * (10 if len(fraction) == 1 else 1) if fraction else 0)
    return -value if negative else value


def _document_type(text: str) -> DocumentType:
    kind = DOCUMENT_TYPES.get(text.upper())
    if kind is None:
        raise GstError(f"{text!r} is not a document type (Invoice, Debit Note, Credit Note)")
    return kind


def _flag(text: str) -> bool:
    if text.upper() not in FLAGS:
        raise GstError(f"{text!r} is not 0/1 or Yes/No")
    return FLAGS[text.upper()]


def _state_code(text: str) -> str:
    code = text.split("-")[0].strip()  # ERPNext writes "27-Maharashtra"
    if code and (not code.isdigit() or len(code) > 2):
        raise GstError(f"{text!r} is not a state code")
    return code.zfill(2) if code else ""


_AMOUNTS = ("taxable_value", "igst", "cgst", "sgst", "cess")
_FIELDS = (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS)
_KNOWN_AMOUNTS = 200_000  # plain amounts kept per register: a few MB at most


class _Rows:
    """One register's rows into documents: where each column is, the values parsed so far (dates
    and GSTINs repeat down a register; errors are not kept), and where problems go."""

    def __init__(self, path: Path, header: list[str], warnings: list | None):
        self.path, self.warnings = path, warnings
        at = {name: position for position, name in enumerate(header)}  # a repeated column: the last
        self.width = len(header)
        # a column the header lacks reads the blank appended after a row's own cells
        self.pick = itemgetter(*(at.get(field, self.width) for field in _FIELDS))
        self.days = _Memo(parse_day)
        self.gstins = _Memo(lambda text: validate_gstin(text).value)
        self.paise: dict[str, int] = {}  # plain amounts read so far ("0.00" is half a register's cells)

    def document(self, cells: list[str], number: int) -> PurchaseDocument:
        if len(cells) != self.width:  # a short row's missing cells are blank; a long row's extra ignored
            cells = (cells + [""] * self.width)[: self.width]
        cells.append("")
        value = dict(zip(_FIELDS, map(str.strip, self.pick(cells)))).__getitem__

        name = value("name")
        if not name:
            if self.warnings is None:
                raise RegisterError("is empty", path=self.path, row=number, field="name")
            name = f"row {number}"
            self.warnings.append(RowWarning(number, "", "name", "", "is empty", FALLBACKS["name"]))

        known = self.paise

        def parsed(field: str, parse: Callable[[str], object], fallback=None):
            text = value(field)
            try:
                return parse(text)
            except GstError as error:
                return self._unread(number, name, field, text, error, fallback)

        def amount(field: str) -> int:
            text = value(field)
            plain = known.get(text)
            if plain is None:
                plain = _plain_paise(text)
                if plain is not None and len(known) < _KNOWN_AMOUNTS:
                    known[text] = plain
            if plain is not None:
                return plain
            try:
                return _paise(text, field)
            except GstError as error:
                return self._unread(number, name, field, text, error, 0)

        def gstin(field: str) -> str:
            typed = value(field)
            text = clean_gstin(typed)  # spaces or dots a copy brought are no error: the clean one is checked
            if text and text not in self.gstins:
                try:
                    self.gstins[text]
                except GstError as error:
                    self._unread(number, name, field, typed, error, None)
            return text

        amounts = Amounts(*map(amount, _AMOUNTS))
        total = amounts.taxable_value + amounts.total_tax
        grand_total = amount("grand_total") if value("grand_total") else total
        return PurchaseDocument(
            name=name,
            supplier_gstin=gstin("supplier_gstin"),
            document_type=parsed("doc_type", _document_type, DocumentType.INVOICE),
            bill_no=value("bill_no"),
            bill_date=parsed("bill_date", self.days.__getitem__),
            amounts=amounts,
            place_of_supply=parsed("place_of_supply", _state_code, ""),
            company_gstin=gstin("company_gstin"),
            supplier_name=value("supplier_name"),
            posting_date=parsed("posting_date", self.days.__getitem__),
            reverse_charge=parsed("is_reverse_charge", _flag, False),
            grand_total=grand_total,
        )

    def _unread(self, number: int, name: str, field: str, text: str, error: GstError, fallback):
        """A value that cannot be read: raised without ``warnings``, else recorded and read as
        ``fallback``."""
        message = str(error).split(": ", 1)[-1] if field in str(error) else str(error)
        if self.warnings is None:
            raise RegisterError(message, path=self.path, row=number, field=field) from None
        instead = FALLBACKS.get(field, "read as 0.00")
        self.warnings.append(RowWarning(number, name, field, text, message, instead))
        return fallback


WARNING_COLUMNS = ("row", "line", "purchase_invoice", "field", "value", "problem", "read_as")


def write_warnings_csv(path: str | Path, warnings: list[RowWarning]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(WARNING_COLUMNS)
        for w in warnings:
            text = (csv_text(w.document), w.field, csv_text(w.value), csv_text(w.problem))
            writer.writerow([w.row, w.row + 1, *text, w.instead])
