"""Seventh month generator: December 2026 for one recipient, WRITTEN BLIND.

Written without reading the matching engine (only the public ``reconcile``, ``result_rows`` and
``scoring`` entry points) and without re-implementing the habits of the six earlier generators.
Truth comes from knowing which documents are the same bill; the category is then read off the
definitions in shared/datasets/README.md (truth.py), and a habit whose documents a careful reader
could pair another way is dropped (``_settle``).

``make_month(seed, size, profile)`` is deterministic per (seed, size, profile); ``size`` is the
number of ordinary bills before the multi-document habits add theirs.
"""

from __future__ import annotations

import random
from dataclasses import replace

from india_ims.gst_india.documents import DocumentType

from ..matching_sixth.month import Month, books_only_rows  # the same shape, so the sixth's report reads it
from .bills import Entry, Ledger
from .build import to_ims, to_purchase
from .habits import HABITS, LABEL, NUMBER_HABITS
from .profiles import PROFILES, Profile
from .scenarios import SCENARIOS
from .truth import category, conflicts
from .world import build_world

__all__ = ["PROFILES", "Month", "make_month"]




def _ordinary(rng: random.Random, ledger: Ledger, spec: Profile, size: int) -> list[Entry]:
    weights = [rng.lognormvariate(0, 1) for _ in ledger.world.suppliers]
    candidates = []
    for _ in range(size):
        supplier = rng.choices(ledger.world.suppliers, weights)[0]
        kind = rng.random()
        doc_type = (DocumentType.CREDIT_NOTE if kind < spec.credit_notes
                    else DocumentType.DEBIT_NOTE if kind < spec.credit_notes + 0.02 else DocumentType.INVOICE)
        bill = ledger.issue(supplier, doc_type=doc_type)
        presence = rng.random()
        if presence < spec.not_booked:
            bill.tags.append("not_booked_yet")
            continue
        if presence < spec.not_booked + spec.not_reported:
            bill.in_ims = False
            ledger.book(bill).habits.append("supplier_not_reported")
            continue
        candidates.append(ledger.book(bill))
    return candidates


def _apply_habits(rng: random.Random, spec: Profile, size: int, candidates: list[Entry]) -> None:
    rng.shuffle(candidates)
    free = list(candidates)
    for name in HABITS:
        wanted = max(1, round(size * spec.habit_rate(name) / 100))
        for entry in list(free):
            if not wanted:
                break
            if HABITS[name](rng, entry.bill, entry):
                entry.habits.append(name)
                free.remove(entry)
                wanted -= 1


def _neighbours(rng: random.Random, ledger: Ledger, share: float) -> None:
    """Behind some retyped numbers, the supplier's next bill sits in the books unreported: its number
    is written as printed and lies a serial or two from the retyped one's."""
    for entry in list(ledger.entries):
        if any(h in NUMBER_HABITS for h in entry.habits) and rng.random() < share:
            bill = entry.bill
            extra = ledger.issue(bill.supplier, bill.registration, bill.doc_type, bill.day, tag="neighbour")
            extra.in_ims = False
            ledger.book(extra).habits.append("unreported_neighbour")


def _same(entry: Entry, other: Entry) -> bool:
    fields = ("gstin", "doc_type", "number", "day", "amounts", "place_of_supply")
    return all(getattr(entry, f) == getattr(other, f) for f in fields)


def _settle(rng: random.Random, ledger: Ledger, order: list[int], recipient: str):
    entries: list[Entry | None] = list(ledger.entries)
    bills = [b for b in ledger.bills if b.in_ims]
    rng.shuffle(bills)
    position = {k: n for n, k in enumerate(order)}
    ims = [to_ims(b) for b in bills]
    ims_at = {b.key: i for i, b in enumerate(bills)}
    for _ in range(10):
        live = [k for k in order if entries[k] is not None]
        names = {k: f"ACC-PINV-2026-{position[k] + 30_000:05d}" for k in live}
        live.sort(key=lambda k: names[k])
        purchases = [to_purchase(entries[k], names[k], recipient) for k in live]
        pairs = {ims_at[entries[k].bill.key]: n for n, k in enumerate(live)
                 if entries[k].main and entries[k].bill.key in ims_at}
        bad_pairs, bad_books = conflicts(ims, purchases, pairs)
        if not bad_pairs and not bad_books:
            return bills, ims, [entries[k] for k in live], purchases, pairs
        for n in {pairs[i] for i in bad_pairs} | bad_books:
            k = live[n]
            entry = entries[k]
            if entry.faithful is not None and not _same(entry, entry.faithful):
                dropped = [h for h in entry.habits if h in HABITS or h in SCENARIOS]
                entries[k] = replace(entry.faithful, habits=[f"(dropped as arguable: {'+'.join(dropped)})"],
                                     faithful=None)
            else:
                entries[k] = None
    raise RuntimeError("truth did not settle")


def make_month(seed: int, size: int, profile: str) -> Month:
    rng = random.Random(f"seventh:{seed}:{size}:{profile}")
    spec = PROFILES[profile]
    world = build_world(rng, spec.recipient_state, 40, spec.services_share)
    ledger = Ledger(rng, world)
    candidates = _ordinary(rng, ledger, spec, size)
    _apply_habits(rng, spec, size, candidates)
    _neighbours(rng, ledger, 0.5)
    for name, function in SCENARIOS.items():
        for _ in range(max(1, round(size * spec.habit_rate(name) / 100))):
            function(rng, ledger)
    order = list(range(len(ledger.entries)))
    order.sort(key=lambda k: (ledger.entries[k].posting, rng.random()))
    bills, ims, entries, purchases, pairs = _settle(rng, ledger, order, world.recipient_gstin)
    truth, paired = [], set(pairs.values())
    for i, record in enumerate(ims):
        row = {"section": record.section.value, "supplier_gstin": record.supplier_gstin,
               "document_number": record.document_number, "purchase_invoice": "", "category": "missing_in_pi"}
        if i in pairs:
            document = purchases[pairs[i]]
            row.update(purchase_invoice=document.name, category=category(record, document))
            for name in entries[pairs[i]].habits:
                if name in LABEL and LABEL[name] != row["category"]:
                    raise AssertionError(f"{name} gave {row['category']}, definitions say {LABEL[name]}")
        truth.append(row)
    truth += books_only_rows(purchases, paired)
    ims_habits = [list(b.tags) for b in bills]
    books_habits = [list(dict.fromkeys(e.habits + e.bill.tags)) for e in entries]
    return Month(seed, profile, world.recipient_gstin, ims, purchases, truth, ims_habits, books_habits)
