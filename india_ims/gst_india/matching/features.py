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
from operator import attrgetter, itemgetter

import numpy as np

from ..documents import DocumentType, ImsRecord, PurchaseDocument
from .identity import clean_gstin, gstin_invalid
from .normalize import key_tuple

NO_DATE = -(10**7)  # far from every real ordinal: never "within the window"
DOCUMENT_TYPE_CODE = {DocumentType.INVOICE: 0, DocumentType.DEBIT_NOTE: 1, DocumentType.CREDIT_NOTE: 2}
KEY_KINDS = ("exact", "separators", "tokens", "serial", "transposed", "zeroless")
# letters and digits with look-alike letters read as digits (the separators key when there are none)
LOOK_ALIKE = "lookalike"


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
    pan: np.ndarray  # PAN alone: a credit note booked as a debit note is on the other side
    gstin: np.ndarray
    document_type: np.ndarray
    date: np.ndarray
    amounts: np.ndarray  # (n, 5) paise, IMS sign: taxable, igst, cgst, sgst, cess
    place_of_supply: np.ndarray
    reverse_charge: np.ndarray
    keys: dict[str, np.ndarray]  # KEY_KINDS -> hashes; -1 for an empty number
    serials: list[str]  # serial key as text, for the few comparisons no hash can answer
    tokens: list[str]  # tokens key as text (INV.45), likewise
    numbers: list[str]  # the numbers as written
    original_keys: dict[str, np.ndarray] | None = None  # amendments: keys of the original number
    original_serials: list[str] | None = None
    original_tokens: list[str] | None = None
    original_numbers: list[str] | None = None
    original_date: np.ndarray | None = None
    gstin_invalid: np.ndarray | None = None  # books: a GSTIN failing its structure or check character
    names: list[str] | None = None  # books: supplier names as booked, input order like ``gstin_texts``
    suspect: np.ndarray | None = None  # books: a GSTIN that names no supplier IMS knows (``identity``)
    gstin_texts: list[str] | None = None  # input order, not canonical: index with ``order``

    @property
    def size(self) -> int:
        return len(self.order)


def _ordinal(day: date | None) -> int:
    return day.toordinal() if day else NO_DATE


def _key_columns(numbers: Sequence[str | None]) -> tuple[dict[str, np.ndarray], list[str], list[str]]:
    """Key columns as 64-bit string hashes (only ever compared for equality within one run; a
    collision needs two of a few million keys to share 64 bits), and the serials as text."""
    empty = ("",) * (len(KEY_KINDS) + 1)
    rows = [(key_tuple(number) or empty) if number else empty for number in numbers]
    count = len(rows)
    columns = {
        kind: np.fromiter(map(hash, map(itemgetter(column), rows)), np.int64, count)
        for column, kind in enumerate(KEY_KINDS)
    }
    # the separators key, except for the few numbers with a look-alike letter
    columns[LOOK_ALIKE] = columns["separators"].copy()
    scanned = np.flatnonzero(np.fromiter(map(bool, map(itemgetter(6), rows)), bool, count))
    for row in scanned.tolist():
        columns[LOOK_ALIKE][row] = hash(rows[row][6])
    blank = np.fromiter(map(operator.not_, map(itemgetter(0), rows)), bool, count)
    for ids in columns.values():
        ids[blank] = -1
    return (columns, list(map(itemgetter(KEY_KINDS.index("serial")), rows)),
            list(map(itemgetter(KEY_KINDS.index("tokens")), rows)))


def _amounts(items, attribute: str) -> np.ndarray:
    holders = [getattr(item, attribute) for item in items]
    table = np.empty((len(holders), 5), dtype=np.int64)
    for column, name in enumerate(("taxable_value", "igst", "cgst", "sgst", "cess")):
        table[:, column] = np.fromiter(map(attrgetter(name), holders), np.int64, len(holders))
    return table


def _text(values: list[str]) -> np.ndarray:
    return np.array(values, dtype=str) if values else np.empty(0, dtype=str)


def _ids(values: list[str], strings: Interner) -> np.ndarray:
    return np.fromiter(map(strings.__getitem__, values), np.int64, len(values))


def _permute(side: dict, order: np.ndarray) -> Side:
    """Reorder every column into canonical order."""
    positions = order.tolist()
    out = {}
    for name, value in side.items():
        if isinstance(value, np.ndarray):
            out[name] = value[order]
        elif isinstance(value, dict):
            out[name] = {kind: column[order] for kind, column in value.items()}
        elif isinstance(value, list):
            out[name] = [value[k] for k in positions]
        else:
            out[name] = value
    return Side(order=order, **out)


def ims_side(records: Sequence[ImsRecord], strings: Interner) -> Side:
    count = len(records)
    gstins = [r.supplier_gstin for r in records]
    numbers = [r.document_number for r in records]
    sections = [r.section for r in records]
    credit = np.fromiter((s.document_type == DocumentType.CREDIT_NOTE for s in sections), bool, count)
    originals = [r.original_number if s.is_amendment else None for r, s in zip(records, sections)]
    dates = np.fromiter((_ordinal(r.document_date) for r in records), np.int64, count)
    amounts = _amounts(records, "amounts")
    places = [r.place_of_supply or "" for r in records]
    section_values = [s.value for s in sections]
    keys, serials, tokens = _key_columns(numbers)
    original_keys, original_serials, original_tokens = _key_columns(originals)
    # canonical order: by content, never by input position (lexsort: last key first)
    order = np.lexsort((
        _text([r.supplier_return_period for r in records]),
        _text([o or "" for o in originals]), _text(places), *amounts.T[::-1], _text(section_values),
        dates, _text(numbers), _text(gstins),
    )) if count else np.empty(0, np.int64)
    blocks = [g[2:12] + ("C" if c else "D") for g, c in zip(gstins, credit.tolist())]
    side = _permute({
        "block": _ids(blocks, strings),
        "pan": _ids([g[2:12] for g in gstins], strings),
        "gstin": _ids(gstins, strings),
        "document_type": np.fromiter((DOCUMENT_TYPE_CODE[s.document_type] for s in sections), np.int8, count),
        "date": dates,
        "amounts": amounts,
        "place_of_supply": _ids(places, strings),
        "reverse_charge": np.fromiter((r.reverse_charge for r in records), bool, count),
        "keys": keys,
        "serials": serials,
        "tokens": tokens,
        "numbers": [n or "" for n in numbers],
        "original_keys": original_keys,
        "original_serials": original_serials,
        "original_tokens": original_tokens,
        "original_numbers": [o or "" for o in originals],
        "original_date": np.fromiter((_ordinal(r.original_date) if r.original_date else NO_DATE
                                      for r in records), np.int64, count),
    }, order)
    side.gstin_texts = gstins  # input order, like the books' (``order`` maps to it)
    return side


def is_credit(document: PurchaseDocument) -> bool:
    """A return is a credit note whatever the register calls it: ERPNext books it negative."""
    if document.document_type == DocumentType.CREDIT_NOTE:
        return True
    amounts = document.amounts
    return amounts.taxable_value + amounts.total_tax < 0


def _own_gstin(gstins: list[str], company: list[str | None]) -> np.ndarray:
    """Rows whose supplier GSTIN is the company's own (one or a few company GSTINs per register)."""
    own = {clean_gstin(text) for text in set(company)} - {""}
    if not own or own.isdisjoint(gstins):
        return np.zeros(len(gstins), dtype=bool)
    return np.fromiter(map(own.__contains__, gstins), bool, len(gstins))


def purchase_side(documents: Sequence[PurchaseDocument], strings: Interner) -> Side:
    count = len(documents)
    typed = [d.supplier_gstin for d in documents]
    cleaned = {text: clean_gstin(text) for text in set(typed)}  # a few thousand GSTINs, many rows each
    gstins = list(map(cleaned.__getitem__, typed))  # blank: unregistered
    numbers = [d.bill_no for d in documents]
    amounts = _amounts(documents, "amounts")
    types = np.fromiter((DOCUMENT_TYPE_CODE[d.document_type] for d in documents), np.int8, count)
    credit = (types == DOCUMENT_TYPE_CODE[DocumentType.CREDIT_NOTE]) | (amounts.sum(axis=1) < 0)
    # Returns are negative in the books and positive in IMS; a register that keeps them positive is
    # read as it is.
    amounts[credit & (amounts.sum(axis=1) < 0)] *= -1
    types[credit] = DOCUMENT_TYPE_CODE[DocumentType.CREDIT_NOTE]
    dates = np.fromiter((_ordinal(d.bill_date or d.posting_date) for d in documents), np.int64, count)
    places = [d.place_of_supply or "" for d in documents]
    keys, serials, tokens = _key_columns(numbers)
    order = np.lexsort((
        *amounts.T[::-1], _text([d.name for d in documents]), dates, _text(numbers), _text(gstins),
    )) if count else np.empty(0, np.int64)
    blocks = [g[2:12] + ("C" if c else "D") for g, c in zip(gstins, credit.tolist())]
    gstin_ids = _ids(gstins, strings)
    side = _permute({
        "block": _ids(blocks, strings),
        "pan": _ids([g[2:12] for g in gstins], strings),
        "gstin": gstin_ids,
        # the company's own GSTIN typed as the supplier's says no more than a blank one
        "gstin_invalid": gstin_invalid(gstins, gstin_ids)
        | _own_gstin(gstins, [d.company_gstin for d in documents]),
        "document_type": types,
        "date": dates,
        "amounts": amounts,
        "place_of_supply": _ids(places, strings),
        "reverse_charge": np.fromiter((d.reverse_charge for d in documents), bool, count),
        "keys": keys,
        "serials": serials,
        "tokens": tokens,
        "numbers": [n or "" for n in numbers],
    }, order)
    # read for a few candidate pairs only: kept in input order (``order`` maps to it), not permuted
    side.gstin_texts = gstins
    side.names = [d.supplier_name or "" for d in documents]
    return side
