"""Columns of the two sides as numpy arrays, in a canonical order.

The engine never touches a record object again after this step, except to
explain the pairs it chose. Canonical order (by content, not by input
position) is what makes the result independent of input order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..documents import DocumentType, ImsRecord, PurchaseDocument
from .columns import (
    KEY_KINDS,
    LOOK_ALIKE,
    NO_DATE,
    SUFFIX_DROPPED,
    Factor,
    Interner,
    KeyColumns,
    NumberKeys,
    Texts,
    amount_table,
    fields,
    ordinals,
    packed_keys,
    ranks,
    tie_ranks,
)
from .identity import clean_gstin, gstin_invalid

__all__ = ["DOCUMENT_TYPE_CODE", "KEY_KINDS", "LOOK_ALIKE", "NO_DATE", "SUFFIX_DROPPED", "Interner", "Side",
           "books_fields", "ims_fields", "ims_side", "is_credit", "purchase_side"]

DOCUMENT_TYPE_CODE = {DocumentType.INVOICE: 0, DocumentType.DEBIT_NOTE: 1, DocumentType.CREDIT_NOTE: 2}


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
    keys: KeyColumns  # KEY_KINDS -> hashes; -1 for an empty number
    serials: Texts  # serial key as text, for the few comparisons no hash can answer
    tokens: Texts  # tokens key as text (INV.45), likewise
    numbers: Texts  # the numbers as written
    number_lengths: np.ndarray
    read_numbers: Texts | None = None  # the numbers as read in their financial year (``in_year``)
    # 2025/26 of FY 2025-26 also read as Tally's bill 2025 (``in_year.serial_first``); None if no row is
    serial_first: KeyColumns | None = None
    original_keys: KeyColumns | None = None  # amendments: keys of the original number
    original_first: KeyColumns | None = None  # ... its ``serial_first`` reading, on the original date
    original_serials: Texts | None = None
    original_tokens: Texts | None = None
    original_numbers: Texts | None = None
    original_read_numbers: Texts | None = None  # ... as read in the original date's financial year
    original_date: np.ndarray | None = None
    gstin_invalid: np.ndarray | None = None  # books: a GSTIN failing its structure or check character
    names: Texts | None = None  # books: supplier names as booked, input order like ``gstin_texts``
    suspect: np.ndarray | None = None  # books: a GSTIN that names no supplier IMS knows (``identity``)
    gstin_texts: list[str] | Texts | None = None  # input order, not canonical: index with ``order``
    posted: list | None = None  # books: posting dates (or None), input order like ``gstin_texts``

    @property
    def size(self) -> int:
        return len(self.order)


def _ids(values: list[str], strings: Interner) -> np.ndarray:
    return np.fromiter(map(strings.__getitem__, values), np.int64, len(values))


def _gstin_columns(gstins: Factor, credit: np.ndarray, strings: Interner) -> dict[str, np.ndarray]:
    """GSTIN, PAN and block (PAN and debit/credit side) ids, worked out once per distinct GSTIN: a
    month names a few thousand GSTINs a million times. Ids only ever meet in equality tests."""
    distinct, rows = gstins.values, gstins.codes
    gstin = _ids(distinct, strings)
    pan = _ids([g[2:12] for g in distinct], strings)
    debit_block = _ids([g[2:12] + "D" for g in distinct], strings)
    credit_block = _ids([g[2:12] + "C" for g in distinct], strings)
    return {"gstin": gstin[rows], "pan": pan[rows],
            "block": np.where(credit, credit_block[rows], debit_block[rows])}


def _permute(side: dict, order: np.ndarray) -> Side:
    """Reorder every column into canonical order."""
    out = {}
    for name, value in side.items():
        if isinstance(value, np.ndarray):
            out[name] = value[order]
        elif isinstance(value, KeyColumns):
            out[name] = value.take(order)
        elif isinstance(value, list):
            out[name] = list(map(value.__getitem__, order.tolist()))
        else:
            out[name] = value
    return Side(order=order, **out)


def _canonical_order(columns: list) -> np.ndarray:
    """lexsort (last key first) over text columns given as ``ranks`` and number columns as they are."""
    if not len(columns[0]):
        return np.empty(0, np.int64)
    keys = [ranks(column) if isinstance(column, list) else column.ranks() if isinstance(column, Factor)
            else column for column in columns]
    return np.lexsort(packed_keys(keys))


def _number_order(numbers: list, ids: np.ndarray, number_keys: NumberKeys):
    """Sort keys of document numbers: ranks shared by both sides, or the text when they cannot be."""
    table = number_keys.ranks()
    if table is None or None in numbers:  # numpy reads None as "None", the key table as ""
        return numbers
    return table[ids]


IMS_FIELDS = ("supplier_gstin", "document_number", "section", "original_number", "document_date", "amounts",
              "place_of_supply", "supplier_return_period", "reverse_charge", "original_date")
BOOKS_FIELDS = ("supplier_gstin", "bill_no", "amounts", "document_type", "bill_date", "posting_date",
                "place_of_supply", "company_gstin", "reverse_charge", "supplier_name")


def ims_fields(records: Sequence[ImsRecord]) -> dict[str, list]:
    return fields(records, IMS_FIELDS)


def books_fields(documents: Sequence[PurchaseDocument]) -> dict[str, list]:
    return fields(documents, BOOKS_FIELDS)


def ims_side(records: Sequence[ImsRecord], strings: Interner, number_keys: NumberKeys | None = None,
             interned: tuple[np.ndarray, np.ndarray] | None = None,
             rows: dict[str, list] | None = None) -> Side:
    """``interned``: ``number_keys`` ids of the records' numbers and original numbers, when known;
    ``rows``: ``ims_fields(records)``, when read already."""
    number_keys = number_keys or NumberKeys()
    rows = rows or ims_fields(records)
    count = len(records)
    gstins = Factor(rows["supplier_gstin"])
    numbers = rows["document_number"]
    # a handful of sections: their properties once each, not once per record
    sections = Factor(rows["section"])
    credit = sections.spread((s.document_type == DocumentType.CREDIT_NOTE for s in sections.values), bool)
    amended = sections.spread((s.is_amendment for s in sections.values), bool)
    originals = [o if a else None for o, a in zip(rows["original_number"], amended.tolist())]
    dates = ordinals(rows["document_date"])
    amounts = amount_table(rows["amounts"])
    places = Factor(rows["place_of_supply"], lambda place: place or "")
    if interned is not None:
        interned = interned[0], np.where(amended, interned[1], number_keys.intern([""])[0])
    keys, number_ids = number_keys.columns(numbers, interned and interned[0])
    read_ids = _read_in_year(keys, number_keys, number_ids, dates)
    first = _serial_first(number_keys, number_ids, dates)
    original_keys, original_ids = number_keys.columns(originals, interned and interned[1])
    # an original number is read in its own date's financial year, not the amendment's: a bill of
    # last March amended this September with its date corrected is still last year's bill 2026/25
    original_dates = ordinals(rows["original_date"])
    original_read = _read_in_year(original_keys, number_keys, original_ids, original_dates)
    original_first = _serial_first(number_keys, original_ids, original_dates)
    # canonical order: by content, never by input position (lexsort: last key first)
    order = _canonical_order([
        Factor(rows["supplier_return_period"]),
        _number_order([o or "" for o in originals], original_ids, number_keys), places,
        *amounts.T[::-1], ranks([s.value for s in sections.values])[sections.codes], dates,
        _number_order(numbers, number_ids, number_keys),
        gstins,
    ])
    side = _permute({
        **_gstin_columns(gstins, credit, strings),
        "document_type": sections.spread((DOCUMENT_TYPE_CODE[s.document_type] for s in sections.values),
                                         np.int8),
        "date": dates,
        "amounts": amounts,
        "place_of_supply": places.spread(map(strings.__getitem__, places.values)),
        "reverse_charge": np.fromiter(rows["reverse_charge"], bool, count),
        "keys": keys,
        "serial_first": first,
        "serials": None,
        "tokens": None,
        "numbers": None,
        "number_lengths": None,
        "original_keys": original_keys,
        "original_first": original_first,
        "original_serials": None,
        "original_tokens": None,
        "original_numbers": None,
        "original_read_numbers": None,
        "original_date": original_dates,
    }, order)
    _number_texts(side, number_keys, number_ids[order], original_ids[order],
                  None if read_ids is None else read_ids[order],
                  None if original_read is None else original_read[order])
    side.gstin_texts = rows["supplier_gstin"]  # input order, like the books' (``order`` maps to it)
    return side


def _read_in_year(keys: KeyColumns, number_keys: NumberKeys, ids: np.ndarray, dates: np.ndarray):
    """Ids of the numbers as read in their dates' financial years (``in_year``), into ``keys`` too;
    None when every number reads as written."""
    keys.read = number_keys.reread(ids, dates)
    return keys.read


def _serial_first(number_keys: NumberKeys, ids: np.ndarray, dates: np.ndarray) -> KeyColumns | None:
    """Keys of the second reading of bare calendar and short years (``in_year.serial_first``)."""
    alternate = number_keys.alternate(ids, dates)
    return None if alternate is None else number_keys.columns((), alternate)[0]


def _number_texts(side: Side, number_keys: NumberKeys, ids: np.ndarray, original_ids=None,
                  read_ids=None, original_read=None) -> None:
    """Numbers and their serial and tokens keys as text, by canonical position, looked up when read;
    ``read_ids``, ``original_read``: the numbers and original numbers as read in their dates'
    financial years (``in_year``), when any differ."""
    side.serials, side.tokens = number_keys.texts(ids if read_ids is None else read_ids)
    side.numbers, side.number_lengths = number_keys.numbers(ids), number_keys.lengths(ids)
    side.read_numbers = side.numbers if read_ids is None else number_keys.numbers(read_ids)
    if original_ids is not None:
        read = original_ids if original_read is None else original_read
        side.original_serials, side.original_tokens = number_keys.texts(read)
        side.original_numbers = number_keys.numbers(original_ids)
        side.original_read_numbers = number_keys.numbers(read)


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


def purchase_side(documents: Sequence[PurchaseDocument], strings: Interner,
                  number_keys: NumberKeys | None = None, interned: np.ndarray | None = None,
                  rows: dict[str, list] | None = None) -> Side:
    """``rows``: ``books_fields(documents)``, when read already."""
    number_keys = number_keys or NumberKeys()
    rows = rows or books_fields(documents)
    count = len(documents)
    # blank: unregistered; cleaned once per distinct GSTIN (a few thousand, many rows each)
    gstins = Factor(rows["supplier_gstin"], clean_gstin)
    numbers = rows["bill_no"]
    amounts = amount_table(rows["amounts"])
    types = np.fromiter(map(DOCUMENT_TYPE_CODE.__getitem__, rows["document_type"]), np.int8, count)
    credit = (types == DOCUMENT_TYPE_CODE[DocumentType.CREDIT_NOTE]) | (amounts.sum(axis=1) < 0)
    # Returns are negative in the books and positive in IMS; a register that keeps them positive is
    # read as it is.
    amounts[credit & (amounts.sum(axis=1) < 0)] *= -1
    types[credit] = DOCUMENT_TYPE_CODE[DocumentType.CREDIT_NOTE]
    dates = ordinals([bill or posted for bill, posted in zip(rows["bill_date"], rows["posting_date"])])
    places = Factor(rows["place_of_supply"], lambda place: place or "")
    keys, number_ids = number_keys.columns(numbers, interned)
    read_ids = _read_in_year(keys, number_keys, number_ids, dates)
    first = _serial_first(number_keys, number_ids, dates)
    # the booked name decides only between documents of one GSTIN, number and date
    first_keys = [dates, _number_order(numbers, number_ids, number_keys), gstins.ranks()]
    first_keys = [ranks(key) if isinstance(key, list) else key for key in first_keys]
    names = tie_ranks(lambda row: documents[row].name, first_keys)
    order = _canonical_order([*amounts.T[::-1], names, *first_keys])
    ids = _gstin_columns(gstins, credit, strings)
    # Checked once per distinct GSTIN. The company's own GSTIN typed as the supplier's says no more
    # than a blank one.
    invalid = gstin_invalid(gstins.values, np.arange(len(gstins.values))) \
        | _own_gstin(gstins.values, rows["company_gstin"])
    side = _permute({
        **ids,
        "gstin_invalid": invalid[gstins.codes],
        "document_type": types,
        "date": dates,
        "amounts": amounts,
        "place_of_supply": places.spread(map(strings.__getitem__, places.values)),
        "reverse_charge": np.fromiter(rows["reverse_charge"], bool, count),
        "keys": keys,
        "serial_first": first,
        "serials": None,
        "tokens": None,
        "numbers": None,
        "number_lengths": None,
    }, order)
    _number_texts(side, number_keys, number_ids[order],
                  read_ids=None if read_ids is None else read_ids[order])
    # read for a few candidate pairs only: kept in input order (``order`` maps to it), not permuted
    side.gstin_texts = Texts(gstins.values, gstins.codes)
    names = Factor(rows["supplier_name"], lambda name: name or "")
    side.names = Texts(names.values, names.codes)
    side.posted = rows["posting_date"]
    return side
