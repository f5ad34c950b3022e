"""The real bills of the month, before anyone types them anywhere.

A Bill is the paper: what the supplier issued. IMS shows what the supplier filed about it; the books
show what a clerk typed from it. Both start as faithful copies (``Draft``); habits then change one
copy. Because every document knows the bill it came from, truth never has to be guessed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts, DocumentType

from .numbers import CN, DN, INV, Number
from .world import Registration, Supplier

NOVEMBER = date(2026, 11, 1)


@dataclass
class Bill:
    key: int
    supplier: Supplier
    registration: Registration
    doc_type: DocumentType
    number: Number | None  # given once every bill of the month exists (numbers follow dates)
    day: date
    amounts: Amounts  # positive, as issued
    place_of_supply: str
    rate: float
    value: int  # invoice value as printed (paise), rounded to the rupee as most bills are
    kind: str = "trade"  # trade, rent, rcm, unregistered, composition
    presence: str = "both"  # both, ims (not booked), books (not reported)
    follows: int | None = None  # key of the bill this one directly follows in the supplier's series
    tags: list[str] = field(default_factory=list)  # trap names, for the disagreement report
    duplicate: bool = False  # booked a second time
    books_amounts: Amounts | None = None  # what the books hold when they differ from the bill (b2ba)

    @property
    def gstin(self) -> str:
        return self.registration.gstin


@dataclass
class Draft:
    """One mutable copy of a bill (the IMS record or the books entry) while habits work on it."""

    bill: Bill
    gstin: str
    doc_type: DocumentType
    number: Number
    text: str | None  # set once a habit edits the characters rather than the tokens
    day: date | None
    posting: date
    amounts: Amounts  # magnitudes; the books sign is applied when the document is built
    place_of_supply: str
    total_extra: int  # what the books' grand total carries beyond the GST heads (TCS, say)
    negative: bool  # books hold it as a return (negative amounts)
    habits: list[str] = field(default_factory=list)

    @property
    def number_text(self) -> str:
        return self.text if self.text is not None else self.number.text


def split_tax(taxable: int, rate: float, intra: bool, cess_rate: float) -> Amounts:
    cess = round(taxable * cess_rate)
    if intra:
        half = round(taxable * rate / 200)
        return Amounts(taxable, 0, half, half, cess)
    return Amounts(taxable, round(taxable * rate / 100), 0, 0, cess)


def make_amounts(rng: random.Random, supplier: Supplier, doc_type: DocumentType, intra: bool,
                 rate: float, fixed_taxable: int | None = None) -> Amounts:
    if fixed_taxable is not None:
        taxable = fixed_taxable
    else:
        scale = supplier.scale * (rng.uniform(0.03, 0.3) if doc_type != INV else 1.0)
        rupees = max(rng.uniform(150.0, 900.0), rng.lognormvariate(0.0, 0.8) * scale)
        # Some bills are whole rupees (services, rent); goods bills carry paise.
        taxable = round(rupees) * 100 if rng.random() < 0.3 else round(rupees * 100)
    amounts = split_tax(taxable, rate, intra, supplier.cess_rate)
    if intra and rng.random() < 0.15 and (taxable * rate) % 200:
        # Supplier software that works out CGST and SGST separately puts the odd paisa on one head.
        total = round(taxable * rate / 100)
        amounts = replace(amounts, cgst=total - total // 2, sgst=total // 2)
    return amounts


def bill_value(amounts: Amounts, rng: random.Random) -> int:
    exact = amounts.taxable_value + amounts.total_tax
    # Most bills round the total to the rupee (a "Round off" line); a few print paise.
    return round(exact / 100) * 100 if rng.random() < 0.8 else exact


def month_day(rng: random.Random) -> date:
    # Bills cluster at month end, when suppliers push dispatches out.
    day = min(30, int(rng.triangular(1, 31, 26)))
    return date(2026, 11, day)


def late_day(rng: random.Random) -> date:
    """An October bill the supplier only reported in November's GSTR-1."""
    return date(2026, 10, rng.randrange(18, 32))


def posting_after(rng: random.Random, day: date) -> date:
    return day + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3, 5, 8)))


def faithful_copy(bill: Bill, posting: date) -> Draft:
    return Draft(bill, bill.gstin, bill.doc_type, bill.number, None, bill.day, posting, bill.amounts,
                 bill.place_of_supply, bill.value - bill.amounts.taxable_value - bill.amounts.total_tax,
                 bill.doc_type == CN)


__all__ = ["Bill", "Draft", "CN", "DN", "INV", "NOVEMBER", "bill_value", "faithful_copy", "late_day",
           "make_amounts", "month_day", "posting_after", "split_tax"]
