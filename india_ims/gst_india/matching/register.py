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
        reader = csv.DictReader(handle)
        header = [(name or "").strip() for name in (reader.fieldnames or [])]
        missing = [column for column in REQUIRED_COLUMNS if column not in header]
        if missing:
            raise RegisterError(f"missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)}",
                                path=path, row=None, field=missing[0])
        reader.fieldnames = header
        memo = {"day": _Memo(parse_day), "gstin": _Memo(lambda text: validate_gstin(text).value)}
        try:
            return [_document(row, number, path, memo, warnings)
                    for number, row in enumerate(reader, start=1)]
        except (csv.Error, UnicodeDecodeError) as error:
            raise RegisterError(f"not a readable CSV file: {error}", path=path) from None


def _document(row: dict, number: int, path: Path, memo: dict, warnings: list | None) -> PurchaseDocument:
    def value(field: str) -> str:
        return (row.get(field) or "").strip()

    name = value("name")

    def parsed(field: str, parse: Callable[[str], object], fallback=None):
        try:
            return parse(value(field))
        except GstError as error:
            message = str(error).split(": ", 1)[-1] if field in str(error) else str(error)
            if warnings is None:
                raise RegisterError(message, path=path, row=number, field=field) from None
            instead = FALLBACKS.get(field, "read as 0.00")
            warnings.append(RowWarning(number, name, field, value(field), message, instead))
            return fallback

    def gstin(field: str) -> str:
        text = clean_gstin(value(field))  # spaces or dots a copy brought are no error
        if text:
            parsed(field, memo["gstin"].__getitem__)
        return text

    def document_type(text: str) -> DocumentType:
        kind = DOCUMENT_TYPES.get(text.upper())
        if kind is None:
            raise GstError(f"{text!r} is not a document type (Invoice, Debit Note, Credit Note)")
        return kind

    def flag(text: str) -> bool:
        if text.upper() not in FLAGS:
            raise GstError(f"{text!r} is not 0/1 or Yes/No")
        return FLAGS[text.upper()]

    def amount(field: str) -> int:
        return parsed(field, lambda text: _paise(text, field), 0)

    def state_code(text: str) -> str:
        code = text.split("-")[0].strip()  # ERPNext writes "27-Maharashtra"
        if code and (not code.isdigit() or len(code) > 2):
            raise GstError(f"{text!r} is not a state code")
        return code.zfill(2) if code else ""

    if not name:
        if warnings is None:
            raise RegisterError("is empty", path=path, row=number, field="name")
        name = f"row {number}"
        warnings.append(RowWarning(number, "", "name", "", "is empty", FALLBACKS["name"]))
    amounts = Amounts(*(amount(field) for field in ("taxable_value", "igst", "cgst", "sgst", "cess")))
    grand_total = amount("grand_total") if value("grand_total") else amounts.taxable_value + amounts.total_tax
    return PurchaseDocument(
        name=name,
        supplier_gstin=gstin("supplier_gstin"),
        document_type=parsed("doc_type", document_type, DocumentType.INVOICE),
        bill_no=value("bill_no"),
        bill_date=parsed("bill_date", memo["day"].__getitem__),
        amounts=amounts,
        place_of_supply=parsed("place_of_supply", state_code, ""),
        company_gstin=gstin("company_gstin"),
        supplier_name=value("supplier_name"),
        posting_date=parsed("posting_date", memo["day"].__getitem__),
        reverse_charge=parsed("is_reverse_charge", flag, False),
        grand_total=grand_total,
    )


WARNING_COLUMNS = ("row", "line", "purchase_invoice", "field", "value", "problem", "read_as")


def write_warnings_csv(path: str | Path, warnings: list[RowWarning]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(WARNING_COLUMNS)
        for w in warnings:
            text = (csv_text(w.document), w.field, csv_text(w.value), csv_text(w.problem))
            writer.writerow([w.row, w.row + 1, *text, w.instead])
