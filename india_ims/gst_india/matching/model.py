"""What the engine returns, and the knobs it takes."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from ..documents import MatchStatus


@dataclass(frozen=True)
class MatchSettings:
    amount_tolerance: int = 100  # paise per head (₹1), from IMS Settings
    date_window_days: int = 7  # from IMS Settings
    # A difference at most this many paise per head counts as none at all (README: "within ₹0.01").
    exact_tolerance: int = 1
    # Components of the candidate graph larger than this are solved sparsely, not with a dense matrix.
    dense_component_limit: int = 250_000

    def __post_init__(self):
        if self.amount_tolerance < 0:
            raise ValueError("amount_tolerance must not be negative")
        if self.date_window_days < 0:
            raise ValueError("date_window_days must not be negative")


@dataclass(frozen=True, slots=True)
class Difference:
    """One field that differs, for highlighting: values as the two sides hold them (IMS sign)."""

    field: str  # supplier_gstin, document_type, document_number, document_date, place_of_supply,
    # reverse_charge, taxable_value, igst, cgst, sgst, cess
    ims: Any
    books: Any


@dataclass(frozen=True, slots=True)
class MatchResult:
    ims_index: int | None  # position in the ims input list, None for Missing in IMS
    purchase_index: int | None  # position in the purchases input list, None for Missing in PI
    status: MatchStatus
    reason: str
    differences: tuple[Difference, ...] = ()
    score: float = 0.0


_SLOTS = tuple(MatchResult.__dict__[name].__set__ for name in MatchResult.__dataclass_fields__)


def build_results(*columns: Iterable) -> list[MatchResult]:
    """``MatchResult``s from one iterable per field (in field order), the shortest deciding how many.

    The same objects as ``MatchResult(...)`` row by row, made at twice its speed: a frozen
    dataclass's ``__init__`` sets each field through a Python-level call, while here each slot's own
    setter runs over a whole column (a million results are made every month at scale).
    """
    columns = [column if isinstance(column, (list, range, repeat)) else list(column) for column in columns]
    count = min(len(column) for column in columns if not isinstance(column, repeat))
    made = list(map(object.__new__, repeat(MatchResult, count)))
    for setter, column in zip(_SLOTS, columns):
        deque(map(setter, made, column), maxlen=0)
    return made
