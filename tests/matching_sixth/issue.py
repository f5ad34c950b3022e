"""Suppliers issue the month's ordinary bills, then number every bill in date order per series."""

from __future__ import annotations

import random

from .bills import CN, DN, INV, Bill, bill_value, late_day, make_amounts, month_day
from .numbers import next_serial, render
from .profiles import Profile
from .world import Supplier, World


class KeyCounter:
    def __init__(self) -> None:
        self.value = 0

    def __call__(self) -> int:
        self.value += 1
        return self.value


def supplier_weights(rng: random.Random, suppliers: list[Supplier]) -> list[float]:
    # A few suppliers carry most of the month (Zipf-like), as in any purchase register.
    ranks = list(range(1, len(suppliers) + 1))
    rng.shuffle(ranks)
    return [0.0 if s.landlord else 1.0 / r ** 0.9 for s, r in zip(suppliers, ranks)]


def new_bill(rng: random.Random, keys: KeyCounter, world: World, supplier: Supplier, doc_type=None,
             day=None, registration=None, fixed_taxable: int | None = None, kind: str = "trade") -> Bill:
    if registration is None:
        main = supplier.registrations[0]
        registration = main if rng.random() < 0.6 else rng.choice(supplier.registrations)
    if doc_type is None:
        roll = rng.random()
        doc_type = CN if roll < supplier.note_share * 0.65 else DN if roll < supplier.note_share else INV
    if day is None:
        day = late_day(rng) if rng.random() < 0.07 else month_day(rng)
    place = world.recipient_state
    rate = rng.choice(supplier.rates)
    amounts = make_amounts(rng, supplier, doc_type, registration.state == place, rate, fixed_taxable)
    return Bill(keys(), supplier, registration, doc_type, None, day, amounts, place, rate,
                bill_value(amounts, rng), kind)


def trade_bills(rng: random.Random, keys: KeyCounter, world: World, profile: Profile,
                count: int) -> list[Bill]:
    weights = supplier_weights(rng, world.suppliers)
    bills = []
    for _ in range(count):
        supplier = rng.choices(world.suppliers, weights)[0]
        bill = new_bill(rng, keys, world, supplier)
        # Bills of the last week are the ones a supplier reports next month; bills not yet received
        # are spread over the month.
        late_in_month = bill.day.month == 11 and bill.day.day >= 24
        roll = rng.random()
        if roll < profile.ims_only:
            bill.presence = "ims"
        elif (roll < profile.ims_only + profile.books_only * (2.0 if late_in_month else 0.5)
              and bill.day.month == 11):  # an October bill in November's IMS is there by definition
            bill.presence = "books"
        bills.append(bill)
    return bills


def number_bills(rng: random.Random, bills: list[Bill]) -> None:
    """Serials rise with the date in each (GSTIN, document type) series; a bill that ``follows``
    another takes the very next serial (consecutive bills to us: near twins)."""
    followers: dict[int, list[Bill]] = {}
    for bill in bills:
        if bill.follows is not None:
            followers.setdefault(bill.follows, []).append(bill)
    series: dict[tuple, list[Bill]] = {}
    for bill in bills:
        if bill.follows is None and bill.kind != "unregistered":
            series.setdefault((bill.gstin, bill.doc_type.value), []).append(bill)
    for (_, _), members in sorted(series.items()):
        for bill in sorted(members, key=lambda b: (b.day, b.key)):
            serial = next_serial(rng, bill.registration, bill.doc_type)
            bill.number = render(bill.registration, bill.doc_type, serial)
            chain = followers.get(bill.key, [])
            while chain:
                follower = chain.pop(0)
                serial += 1
                bill.registration.counters[follower.doc_type.value] = serial
                follower.number = render(follower.registration, follower.doc_type, serial)
                chain.extend(followers.get(follower.key, []))
    for bill in bills:
        if bill.number is None:  # an unregistered seller's hand-written cash memo
            bill.number = render(bill.registration, bill.doc_type, rng.randrange(20, 900))
