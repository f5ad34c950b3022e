"""Sixth month generator: November 2026 for one recipient, WRITTEN BLIND.

This generator was written without reading the matching engine (only its scoring interface,
``scoring.py`` and ``result_file.py``), the app's own synthetic data, the other matching test
folders or the docs. Its habits come from what Indian accountants and AP teams report (Tally and
bill-book numbering retyped, OCR look-alikes, GRN-driven short booking, rent booked a month late,
a supplier's credit note booked as the buyer's "debit note", ...), and its truth comes from knowing
which documents are the same bill, with the category then read off the definitions in
shared/datasets/README.md (see truth.py). Nothing here asks the engine what a label should be.

``make_month(seed, profile, size)`` is deterministic per (seed, profile); ``size`` is the number of
ordinary bills before traps and books-only purchases are added.
"""

from __future__ import annotations

import random
from copy import copy
from dataclasses import dataclass, field
from datetime import date, timedelta

from india_ims.gst_india.documents import ImsRecord, PurchaseDocument

from .bills import Bill, faithful_copy, posting_after
from .build import BooksItem, ImsItem, to_ims, to_purchase
from .clerk import ORDER, apply_habits, apply_one
from .issue import KeyCounter, number_bills, trade_bills
from .profiles import PROFILE_TABLE, PROFILES, Profile
from .traps import add_traps
from .truth import category, conflicts
from .world import World, build_world

__all__ = ["PROFILES", "Month", "make_month"]

DUPLICATE_RETYPING = ("separator_changed", "spaced_out", "zeros_dropped", "zeros_added", "fy_rewritten",
                      "number_label_typed")


@dataclass
class Month:
    seed: int
    profile: str
    recipient_gstin: str
    ims: list[ImsRecord]
    purchases: list[PurchaseDocument]
    truth: list[dict]
    ims_habits: list[list[str]] = field(default_factory=list)  # per IMS record: bill tags
    books_habits: list[list[str]] = field(default_factory=list)  # per books entry: habits and tags


def books_only_rows(purchases: list[PurchaseDocument], paired: set[int]) -> list[dict]:
    """Truth rows of the purchases at positions no IMS record is paired with: Missing in IMS."""
    return [{"section": "", "supplier_gstin": document.supplier_gstin, "document_number": document.bill_no,
             "purchase_invoice": document.name, "category": "missing_in_ims"}
            for n, document in enumerate(purchases) if n not in paired]


def _books_items(rng: random.Random, world: World, profile: Profile, bill: Bill) -> list[BooksItem]:
    if bill.tags and "trap:recurring_rent" in bill.tags and bill.day.month == 10:
        posting = date(2026, 11, rng.randrange(2, 7))  # October's rent, booked in November
    else:
        posting = posting_after(rng, bill.day)
    draft = faithful_copy(bill, posting)
    if bill.books_amounts is not None:
        draft.amounts = bill.books_amounts
        draft.habits.append("books_hold_first_bill")
    faithful = copy(draft)
    faithful.habits = list(draft.habits)
    if bill.books_amounts is not None:
        groups = ("text", "rounding", "harmless")  # already a mismatch: nothing more on top
    elif bill.presence == "books":
        groups = ("number", "text", "date", "rounding")  # cosmetic only: nothing to pair it with
    elif bill.duplicate:
        # The first booking is the clean one; only cosmetic habits, or the second could be the pair.
        groups = ("text", "rounding", "harmless")
    else:
        groups = ORDER
    apply_habits(rng, draft, profile, world, groups)
    items = [BooksItem(draft, faithful, "main", reverse_charge=bill.kind == "rcm")]
    if bill.duplicate:
        again = faithful_copy(bill, posting + timedelta(days=rng.randrange(3, 13)))
        apply_one(rng, again, DUPLICATE_RETYPING, profile, world)
        again.habits.append("booked_twice")
        items.append(BooksItem(again, copy(again), "extra"))
    return items


def _names(rng: random.Random, books: list[tuple[int, BooksItem]]) -> dict[int, str]:
    """ERPNext names purchase invoices in the order they are saved: roughly by posting date."""
    order = sorted(range(len(books)), key=lambda k: (books[k][1].draft.posting, rng.random()))
    start = rng.randrange(1_000, 9_000)
    return {k: f"ACC-PINV-2026-{start + n:05d}" for n, k in enumerate(order)}


def _settle(ims_items, books, names, company_gstin):
    """Rebuild documents until the defensibility check has nothing left to argue with."""
    for _ in range(8):
        ims = [to_ims(item) for item in ims_items]
        live = [k for k, (_, item) in enumerate(books) if item is not None]
        purchases = [to_purchase(books[k][1], names[k], company_gstin) for k in live]
        position = {k: n for n, k in enumerate(live)}
        main = {books[k][0]: position[k] for k in live if books[k][1].role == "main"}
        pairs = {i: main[item.draft.bill.key] for i, item in enumerate(ims_items)
                 if item.draft.bill.key in main}
        bad_pairs, bad_books = conflicts(ims, purchases, pairs)
        if not bad_pairs and not bad_books:
            return ims, purchases, [books[k][1] for k in live], pairs
        for n in {pairs[i] for i in bad_pairs} | bad_books:
            k = live[n]
            key, item = books[k]
            if not item.reverted:
                reverted = copy(item.faithful)
                dropped = [h for h in item.draft.habits if h not in item.faithful.habits]
                reverted.habits = list(item.faithful.habits) + [f"(dropped as arguable: {'+'.join(dropped)})"]
                books[k] = (key, BooksItem(reverted, item.faithful, item.role, item.reverse_charge, True))
            else:
                books[k] = (key, None)  # even untouched it could be read two ways: drop the entry
    raise RuntimeError("truth did not settle")


def make_month(seed: int, profile: str, size: int) -> Month:
    rng = random.Random(f"sixth:{seed}:{profile}")
    spec = PROFILE_TABLE[profile]
    world = build_world(rng, spec.recipient_state, max(6, size // 12), spec.software, spec.multi_gstin_share)
    keys = KeyCounter()
    bills = trade_bills(rng, keys, world, spec, size)
    bills += add_traps(rng, keys, world, spec, bills, size)
    number_bills(rng, bills)
    ims_items: list[ImsItem] = []
    books: list[tuple[int, BooksItem | None]] = []
    for bill in bills:
        if bill.presence in ("both", "ims"):
            ims_items.append(ImsItem(faithful_copy(bill, bill.day), amended="amended" in bill.tags,
                                     filed=rng.random() < 0.85))
        if bill.presence in ("both", "books"):
            books += [(bill.key, item) for item in _books_items(rng, world, spec, bill)]
    rng.shuffle(ims_items)
    rng.shuffle(books)
    names = _names(rng, books)
    ims, purchases, items, pairs = _settle(ims_items, books, names, world.recipient_gstin)
    truth, paired = [], set(pairs.values())
    for i, record in enumerate(ims):
        row = {"section": record.section.value, "supplier_gstin": record.supplier_gstin,
               "document_number": record.document_number, "purchase_invoice": "",
               "category": "missing_in_pi"}
        if i in pairs:
            row.update(purchase_invoice=purchases[pairs[i]].name,
                       category=category(record, purchases[pairs[i]]))
        truth.append(row)
    truth += books_only_rows(purchases, paired)
    ims_habits = [list(item.draft.bill.tags) for item in ims_items]
    books_habits = [list(item.draft.habits) + list(item.draft.bill.tags) for item in items]
    return Month(seed, profile, world.recipient_gstin, ims, purchases, truth, ims_habits, books_habits)
