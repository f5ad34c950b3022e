"""A books entry left unpaired because its bill is booked already: the bill booked twice.

Claiming ITC twice on one bill is what an auditor looks for first; "not reported by the supplier"
alone would send the accountant to chase a supplier who did report it, or who will. The entry stays
Missing in IMS (GSTN holds one document) and its reason names the entry of the same bill.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

import numpy as np

from ..documents import PurchaseDocument
from .explain import HEADS, books_amounts, books_document_type
from .identity import clean_gstin
from .model import MatchSettings
from .normalize import number_keys
from .years import fy_start, other_years


def booked_twice(
    purchases: Sequence[PurchaseDocument], partner: np.ndarray, nearest_ims: int | None, j: int,
    settings: MatchSettings,
) -> str | None:
    """Words for unpaired entry ``j`` whose nearest IMS document (``nearest_ims``) is paired with
    another entry of the same bill (``same_bill``); else None."""
    if nearest_ims is None:
        return None
    first_j = int(partner[nearest_ims])
    if first_j < 0 or first_j == j:
        return None
    first = purchases[first_j]
    if not same_bill(purchases[j], first, settings):
        return None
    return f"the same bill as {_named(first)}, which is paired with the supplier's document: booked twice?"


def unpaired_twins(
    purchases: Sequence[PurchaseDocument], unpaired: Iterable[int], settings: MatchSettings
) -> dict[int, str]:
    """Words for unpaired entries that repeat an earlier-posted unpaired entry of the same bill: a
    bill the supplier has not reported yet, booked twice all the same."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for j in unpaired:
        document = purchases[j]
        keys = number_keys(document.bill_no)
        if keys.exact:  # the tokens key: the number written alike (rules 0-2)
            key = (clean_gstin(document.supplier_gstin), books_document_type(document), keys.tokens)
            groups[key].append(j)
    out: dict[int, str] = {}
    for rows in groups.values():
        if len(rows) < 2:
            continue
        rows.sort(key=lambda k: (purchases[k].posting_date or purchases[k].bill_date or date.max, k))
        for position, j in enumerate(rows[1:], 1):
            earlier = (k for k in rows[:position] if k not in out)
            first = next((k for k in earlier if same_bill(purchases[j], purchases[k], settings)), None)
            if first is not None:
                out[j] = f"the same bill as {_named(purchases[first])}, also not in IMS: booked twice?"
    return out


def same_bill(copy: PurchaseDocument, first: PurchaseDocument, settings: MatchSettings) -> bool:
    """The same supplier GSTIN and document type, every amount within the tolerance, the number
    written alike (rules 0-2) and no two financial years named (45 of 2024-25 and of 2025-26 are two
    bills). Then the same number as
    written (rules 0-1) in one financial year is one bill whatever the dates, since a supplier numbers
    its bills once a year (Rule 46: a copy is often dated when it came); a number written otherwise
    (rules 2: zeros, a year token) must be dated within the window. Last year's bill of the same
    number and rent is another bill either way."""
    if clean_gstin(copy.supplier_gstin) != clean_gstin(first.supplier_gstin):
        return False
    if books_document_type(copy) != books_document_type(first):
        return False
    ours, theirs = books_amounts(copy), books_amounts(first)
    if any(abs(getattr(ours, head) - getattr(theirs, head)) > settings.amount_tolerance for head, _ in HEADS):
        return False
    day, first_day = copy.bill_date or copy.posting_date, first.bill_date or first.posting_date
    if day is None or first_day is None or other_years(copy.bill_no or "", first.bill_no or ""):
        return False
    level = number_keys(copy.bill_no).level(number_keys(first.bill_no))
    if level <= 1:
        return fy_start(day) == fy_start(first_day)
    return level == 2 and abs((day - first_day).days) <= settings.date_window_days


def _named(document: PurchaseDocument) -> str:
    day = document.bill_date or document.posting_date
    return f"{document.name} ({document.bill_no!r} of {day.isoformat() if day else 'no date'})"
