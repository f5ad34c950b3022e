"""Bills that exist to be confused with each other, and books entries IMS will never show.

Every trap carries a ``trap:`` tag on its bills. None of these must be paired across bills:

- trap:same_amount: two bills on one day for the same amount from one GSTIN (two lorries of
  one order), consecutive numbers; sometimes only one of them is booked.
- trap:month_end_twin: consecutive bills at month end, the first reported and (often) not yet
  booked, the second booked and not yet reported; amounts differ by far more than any slip.
- trap:recurring_rent: the landlord's October bill, booked late in November, beside November's
  bill for the same rent with the next number.
- trap:duplicate: the same bill booked twice, the second time with the number typed differently
  and days later: the first booking is the pair, the second is missing in IMS.
- books_only:rcm / unregistered / composition: purchases that never reach IMS by law.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date, timedelta

from .bills import INV, Bill, bill_value, split_tax
from .issue import KeyCounter, new_bill
from .profiles import Profile
from .world import Registration, Supplier, World, make_gstin, make_pan


def _count(rng: random.Random, per_hundred: float, size: int) -> int:
    expected = per_hundred * size / 100
    return int(expected) + (rng.random() < expected - int(expected))


def _ordinary_invoices(bills: list[Bill]) -> list[Bill]:
    return [b for b in bills if b.kind == "trade" and b.doc_type == INV and b.presence == "both"
            and not b.tags and b.follows is None and not b.duplicate]


def same_amount(rng, keys: KeyCounter, world: World, bills: list[Bill], count: int) -> list[Bill]:
    made = []
    for first in rng.sample(_ordinary_invoices(bills), min(count, len(_ordinary_invoices(bills)))):
        twin = replace(first, key=keys(), follows=first.key, tags=["trap:same_amount"])
        first.tags.append("trap:same_amount")
        if rng.random() < 0.4:
            rng.choice((first, twin)).presence = "ims"  # the second lorry's bill is still on the way
        made.append(twin)
    return made


def month_end_twin(rng, keys: KeyCounter, world: World, count: int) -> list[Bill]:
    made = []
    trading = [s for s in world.suppliers if not s.landlord]
    for _ in range(count):
        supplier = rng.choice(trading)
        first = new_bill(rng, keys, world, supplier, INV, date(2026, 11, rng.randrange(24, 30)))
        second_day = min(date(2026, 11, 30), first.day + timedelta(days=rng.randrange(0, 3)))
        factor = rng.choice((rng.uniform(0.25, 0.6), rng.uniform(1.6, 3.0)))
        second = new_bill(rng, keys, world, supplier, INV, second_day, first.registration,
                          fixed_taxable=round(first.amounts.taxable_value * factor))
        first.presence = "ims" if rng.random() < 0.6 else "both"
        second.presence, second.follows = "books", first.key
        first.tags.append("trap:month_end_twin")
        second.tags.append("trap:month_end_twin")
        made += [first, second]
    return made


def recurring_rent(rng, keys: KeyCounter, world: World) -> list[Bill]:
    made = []
    for landlord in (s for s in world.suppliers if s.landlord):
        rent = int(landlord.scale) * 100
        november = new_bill(rng, keys, world, landlord, INV, date(2026, 11, 1), fixed_taxable=rent)
        november.kind = "rent"
        if rng.random() < 0.25:
            november.presence = "ims"  # November's rent not booked yet
        made.append(november)
        if rng.random() < 0.7:
            october = new_bill(rng, keys, world, landlord, INV, date(2026, 10, 1), november.registration,
                               fixed_taxable=rent)
            october.kind, october.presence = "rent", "books"
            october.tags.append("trap:recurring_rent")
            november.follows = october.key
            november.tags.append("trap:recurring_rent")
            made.append(october)
    return made


def duplicates(rng, bills: list[Bill], count: int) -> None:
    for bill in rng.sample(_ordinary_invoices(bills), min(count, len(_ordinary_invoices(bills)))):
        bill.duplicate = True
        bill.tags.append("trap:duplicate")


def amendments(rng, bills: list[Bill], share: float) -> None:
    """The supplier amended the bill (b2ba): IMS shows the corrected values; half the time the books
    still hold what the first bill said."""
    for bill in _ordinary_invoices(bills):
        if rng.random() >= share:
            continue
        bill.tags.append("amended")
        if rng.random() < 0.5:
            first = round(bill.amounts.taxable_value * rng.uniform(1.05, 1.25))
            bill.books_amounts = split_tax(first, bill.rate, bill.amounts.igst == 0, bill.supplier.cess_rate)


def never_reported(rng, keys: KeyCounter, world: World, count: int) -> list[Bill]:
    """Purchases the law keeps out of IMS: reverse charge, unregistered sellers, composition dealers."""
    made = []
    for _ in range(count):
        kind = rng.choice(("rcm", "unregistered", "composition"))
        pan = make_pan(rng, "P" if kind != "rcm" else "F")
        state = world.recipient_state
        gstin = "" if kind == "unregistered" else make_gstin(state, pan)
        registration = Registration(gstin, state, "bill_book")
        supplier = Supplier(f"{kind.title()} Seller {pan[:5].title()}", pan, [registration],
                            rng.choice((900.0, 4_000.0, 15_000.0)), (5.0,) if kind == "rcm" else (0.0,))
        bill = new_bill(rng, keys, world, supplier, INV, registration=registration, kind=kind)
        if kind != "rcm":  # a bill of supply: no tax on it
            bill.amounts = replace(bill.amounts, igst=0, cgst=0, sgst=0, cess=0)
            bill.value = bill_value(bill.amounts, rng)
        bill.presence = "books"
        bill.tags.append(f"books_only:{kind}")
        made.append(bill)
    return made


def add_traps(rng: random.Random, keys: KeyCounter, world: World, profile: Profile, bills: list[Bill],
              size: int) -> list[Bill]:
    traps = profile.traps
    extra = same_amount(rng, keys, world, bills, _count(rng, traps.get("same_amount", 0), size))
    extra += month_end_twin(rng, keys, world, _count(rng, traps.get("month_end_twin", 0), size))
    extra += recurring_rent(rng, keys, world)
    duplicates(rng, bills, _count(rng, traps.get("duplicate", 0), size))
    amendments(rng, bills, profile.amended)
    extra += never_reported(rng, keys, world, _count(rng, 2.0, size))
    return extra
