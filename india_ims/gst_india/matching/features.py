"""Columns of the two sides as numpy arrays, in a canonical order.

The engine never touches a record object again after this step, except to
explain the pairs it chose. Canonical order (by content, not by input
position) is what makes the result independent of input order.
"""

from __future__ import annotations

import operator
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from ..documents import DocumentType, ImsRecord, PurchaseDocument
from .normalize import key_tuple

NO_DATE = -(10**7)  # far from every real ordinal: never "within the window"
DOCUMENT_TYPE_CODE = {DocumentType.INVOICE: 0, DocumentType.DEBIT_NOTE: 1, DocumentType.CREDIT_NOTE: 2}
KEY_KINDS = ("exact", "separators", "tokens", "serial", "transposed", "zeroless")


class Interner(dict):
    """Strings to small ints, shared by both sides so equal strings get equal ids."""

    def __missing__(self, key):
        value = self[key] = len(self)
        return value

    def ids(self, values) -> np.ndarray:
        setdefault = self.setdefault
        return np.fromiter((setdefault(value, len(self)) for value in values), np.int64)


@dataclass
class Side:
    order: np.ndarray  # canonical position -> input position
    block: np.ndarray  # PAN and debit/credit side
    gstin: np.ndarray
    document_type: np.ndarray
    date: np.ndarray
    amounts: np.ndarray  # (n, 5) paise, IMS sign: taxable, igst, cgst, sgst, cess
    place_of_supply: np.ndarray
    reverse_charge: np.ndarray
    keys: dict[str, np.ndarray]  # KEY_KINDS -> hashes; -1 for an empty number
    serials: list[str]  # serial key as text, for the few comparisons no hash can answer
    original_keys: dict[str, np.ndarray] | None = None  # amendments: keys of the original number
    original_serials: list[str] | None = None
    original_date: np.ndarray | None = None

    @property
    def size(self) -> int:
        return len(self.order)


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else NO_DATE


def _amount_row(amounts) -> tuple[int, int, int, int, int]:
    return (amounts.taxable_value, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


def _key_columns(numbers: Sequence[str | None]) -> tuple[dict[str, np.ndarray], list[str]]:
    """Key columns as 64-bit string hashes (only ever compared for equality within one run; a
    collision needs two of a few million keys to share 64 bits), and the serials as text."""
    empty = ("",) * len(KEY_KINDS)
    rows = [(key_tuple(number) or empty) if number else empty for number in numbers]
    columns_text = list(zip(*rows)) if rows else [()] * len(KEY_KINDS)
    columns = {
        kind: np.fromiter(map(hash, columns_text[column]), np.int64, len(rows))
        for column, kind in enumerate(KEY_KINDS)
    }
    blank = np.fromiter(map(operator.not_, columns_text[0]), bool, len(rows))
    for ids in columns.values():
        ids[blank] = -1
    return columns, list(columns_text[KEY_KINDS.index("serial")])


def _keys_and_serials(numbers, prefix: str = "") -> dict:
    keys, serials = _key_columns(numbers)
    return {f"{prefix}keys": keys, f"{prefix}serials": serials}


def is_credit(document: PurchaseDocument) -> bool:
    """A return is a credit note whatever the register calls it: ERPNext books it negative."""
    if document.document_type == DocumentType.CREDIT_NOTE:
        return True
    amounts = document.amounts
    return amounts.taxable_value + amounts.total_tax < 0


def ims_side(records: Sequence[ImsRecord], strings: Interner) -> Side:
    order = _canonical(records, _ims_sort_key)
    ordered = [records[i] for i in order]
    blocks = [r.supplier_gstin[2:12] + ("C" if r.document_type == DocumentType.CREDIT_NOTE else "D")
              for r in ordered]
    originals = [r.original_number if r.section.is_amendment else None for r in ordered]
    return Side(
        order=np.asarray(order, dtype=np.int64),
        block=np.fromiter((strings[b] for b in blocks), np.int64, len(ordered)),
        gstin=np.fromiter((strings[r.supplier_gstin] for r in ordered), np.int64, len(ordered)),
        document_type=np.fromiter((DOCUMENT_TYPE_CODE[r.document_type] for r in ordered), np.int8,
                                  len(ordered)),
        date=np.fromiter((_ordinal(r.document_date) for r in ordered), np.int64, len(ordered)),
        amounts=np.array([_amount_row(r.amounts) for r in ordered], dtype=np.int64).reshape(-1, 5),
        place_of_supply=np.fromiter((strings[r.place_of_supply] for r in ordered), np.int64, len(ordered)),
        reverse_charge=np.fromiter((r.reverse_charge for r in ordered), bool, len(ordered)),
        **_keys_and_serials([r.document_number for r in ordered]),
        **_keys_and_serials(originals, "original_"),
        original_date=np.fromiter((_ordinal(r.original_date) if r.original_date else NO_DATE
                                   for r in ordered), np.int64, len(ordered)),
    )


def purchase_side(documents: Sequence[PurchaseDocument], strings: Interner) -> Side:
    order = _canonical(documents, _purchase_sort_key)
    ordered = [documents[i] for i in order]
    credit = [is_credit(d) for d in ordered]
    amounts = np.array([_amount_row(d.amounts) for d in ordered], dtype=np.int64).reshape(-1, 5)
    # Returns are negative in the books and positive in IMS; a register that keeps them positive is
    # read as it is.
    negative = np.array(credit, dtype=bool) & (amounts.sum(axis=1) < 0)
    amounts[negative] *= -1
    types = [DocumentType.CREDIT_NOTE if c else d.document_type for c, d in zip(credit, ordered)]
    return Side(
        order=np.asarray(order, dtype=np.int64),
        block=np.fromiter((strings[d.supplier_gstin[2:12].upper() + ("C" if c else "D")]
                           for d, c in zip(ordered, credit)), np.int64, len(ordered)),
        gstin=np.fromiter((strings[d.supplier_gstin.upper()] for d in ordered), np.int64, len(ordered)),
        document_type=np.fromiter((DOCUMENT_TYPE_CODE[t] for t in types), np.int8, len(ordered)),
        date=np.fromiter((_ordinal(d.bill_date or d.posting_date) for d in ordered), np.int64,
                         len(ordered)),
        amounts=amounts,
        place_of_supply=np.fromiter((strings[d.place_of_supply] for d in ordered), np.int64, len(ordered)),
        reverse_charge=np.fromiter((d.reverse_charge for d in ordered), bool, len(ordered)),
        **_keys_and_serials([d.bill_no for d in ordered]),
    )


def _canonical(items: Sequence, key) -> list[int]:
    """Positions sorted by content. Documents equal in every compared field may keep input order
    among themselves: being interchangeable, which of them pairs does not change the result's content."""
    keys = [key(item) for item in items]
    return sorted(range(len(items)), key=keys.__getitem__)


def _ims_sort_key(record: ImsRecord):
    amounts = record.amounts
    return (record.supplier_gstin, record.document_number, record.document_date, amounts.taxable_value,
            amounts.igst, amounts.cgst, amounts.sgst, amounts.cess, record.section.value,
            record.place_of_supply, record.original_number or "", record.supplier_return_period)


def _purchase_sort_key(document: PurchaseDocument):
    amounts = document.amounts
    return (document.supplier_gstin, document.bill_no, document.bill_date or date.min, document.name,
            amounts.taxable_value, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)
