"""Bills as suppliers issue them, and the books entries a clerk makes of them.

A ``Bill`` is the document itself (what GSTR-1 reports if the supplier reports it). An ``Entry`` is
one purchase document in the books: it carries the bill it books (or None for a document that is no
bill the supplier reported), whether it is that bill's main booking, the habits applied to it and a
``faithful`` copy to fall back on when the defensibility check objects.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts, DocumentType

from .world import Registration, Supplier, World

MONTH_START = date(2026, 12, 1)
RETURN_PERIOD = "122026"


@dataclass
class Bill:
    key: int
    supplier: Supplier
    registration: Registration
    doc_type: DocumentType
    number: str
    day: date
    amounts: Amounts
    place_of_supply: str
    in_ims: bool = True
    value: int = 0  # document value as reported (may include exempt lines)
    tags: list[str] = field(default_factory=list)

    @property
    def gstin(self) -> str:
        return self.registration.gstin


@dataclass
class Entry:
    bill: Bill
    gstin: str
    doc_type: DocumentType
    number: str
    day: date | None
    posting: date
    amounts: Amounts  # positive magnitudes; credit notes are negated when the document is built
    place_of_supply: str
    main: bool = True  # this entry is the booking of ``bill`` (pairs with it if reported)
    habits: list[str] = field(default_factory=list)
    faithful: Entry | None = None  # what a careful clerk would have booked; None: nothing


def tax_on(taxable: int, rate: int, cess_rate: int, interstate: bool) -> Amounts:
    if interstate:
        return Amounts(taxable, round(taxable * rate / 100), 0, 0, round(taxable * cess_rate / 100))
    half = round(taxable * rate / 200)
    return Amounts(taxable, 0, half, half, round(taxable * cess_rate / 100))


class Ledger:
    """Issues bills for a world and keeps what was issued and booked."""

    def __init__(self, rng: random.Random, world: World):
        self.rng, self.world = rng, world
        self.bills: list[Bill] = []
        self.entries: list[Entry] = []

    def amounts(self, supplier: Supplier, registration: Registration, share: float = 1.0) -> Amounts:
        taxable = max(500_00, int(self.rng.lognormvariate(0, 0.6) * supplier.scale * share))
        taxable += self.rng.randrange(100) if self.rng.random() < 0.6 else 0
        rate = self.rng.choice(supplier.rates)
        return tax_on(taxable, rate, supplier.cess_rate, registration.state != self.world.recipient_state)

    def day(self, first: int = 1, last: int = 31) -> date:
        return MONTH_START + timedelta(days=self.rng.randrange(first, last + 1) - 1)

    def issue(self, supplier: Supplier, registration: Registration | None = None,
              doc_type: DocumentType = DocumentType.INVOICE, day: date | None = None,
              amounts: Amounts | None = None, number: str | None = None, tag: str | None = None) -> Bill:
        registration = registration or self.rng.choice(supplier.registrations)
        amounts = amounts or self.amounts(supplier, registration,
                                          0.2 if doc_type != DocumentType.INVOICE else 1.0)
        bill = Bill(len(self.bills), supplier, registration, doc_type,
                    number or supplier.number(registration, doc_type.value), day or self.day(), amounts,
                    self.world.recipient_state)
        bill.value = amounts.taxable_value + amounts.total_tax
        if tag:
            bill.tags.append(tag)
        self.bills.append(bill)
        return bill

    def book(self, bill: Bill, **changes) -> Entry:
        """A faithful booking of ``bill`` (changed as given), added to the books."""
        posting = bill.day + timedelta(days=self.rng.randrange(0, 7))
        entry = Entry(bill, bill.gstin, bill.doc_type, bill.number, bill.day, posting, bill.amounts,
                      bill.place_of_supply)
        entry.faithful = replace(entry, habits=[])
        changed = replace(entry, **changes) if changes else entry
        changed.faithful = entry.faithful
        self.entries.append(changed)
        return changed
