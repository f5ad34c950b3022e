"""Rank Purchase Invoices as link candidates for one IMS record, best first, for a person to choose.

The engine pairs a whole month; this answers a narrower question, "which of these invoices is the
bill behind this record?", with points a person can read: the number (same after normalising, 40;
prefix dropped or a slip, 25 or 10), the supplier GSTIN (15), the date (same 15, within a week 10,
within a month 5) and the amounts (taxable value 20 or 10 within 1 %, total tax 10). Amounts in paise.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .normalize import number_keys

_NUMBER_POINTS = {0: 40, 1: 40, 2: 40, 3: 25, 4: 10}
_NUMBER_WORDS = {0: "same number", 1: "same number", 2: "same number", 3: "number without its prefix",
                 4: "number with a slip"}


@dataclass(frozen=True, slots=True)
class Side:
    key: str
    supplier_gstin: str
    number: str
    day: date | None
    taxable_value: int
    total_tax: int


@dataclass(frozen=True, slots=True)
class Ranked:
    key: str
    score: int
    agrees: tuple[str, ...]
    differs: tuple[str, ...]


def _close(a: int, b: int, share: float) -> bool:
    return abs(a - b) <= max(100, abs(a) * share)


def rank(record: Side, candidates: list[Side], *, limit: int = 10) -> list[Ranked]:
    out = []
    wanted = number_keys(record.number)
    for doc in candidates:
        score, agrees, differs = 0, [], []
        level = wanted.level(number_keys(doc.number))
        if level in _NUMBER_POINTS:
            score += _NUMBER_POINTS[level]
            agrees.append(_NUMBER_WORDS[level])
        else:
            differs.append("number")
        if doc.supplier_gstin.upper() == record.supplier_gstin.upper():
            score += 15
            agrees.append("supplier GSTIN")
        else:
            differs.append("supplier GSTIN")
        gap = abs((doc.day - record.day).days) if doc.day and record.day else None
        for points, ok, words in (
            (15, gap == 0, "same date"),
            (10, gap is not None and 0 < gap <= 7, f"date {gap} day(s) apart"),
            (5, gap is not None and 7 < gap <= 31, f"date {gap} days apart"),
        ):
            if ok:
                score += points
                (agrees if points > 5 else differs).append(words)
        if gap is None or gap > 31:
            differs.append("date")
        if abs(doc.taxable_value - record.taxable_value) <= 100:
            score += 20
            agrees.append("taxable value")
        elif _close(doc.taxable_value, record.taxable_value, 0.01):
            score += 10
            differs.append("taxable value within 1 %")
        else:
            differs.append("taxable value")
        if abs(doc.total_tax - record.total_tax) <= 100:
            score += 10
            agrees.append("tax")
        else:
            differs.append("tax")
        out.append(Ranked(doc.key, score, tuple(agrees), tuple(differs)))
    out.sort(key=lambda r: (-r.score, r.key))
    return out[:limit]
