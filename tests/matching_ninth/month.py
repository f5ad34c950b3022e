"""Ninth month generator: March 2027, the financial year's last month, WRITTEN BLIND.

Written without reading the matching engine (only ``reconcile``'s signature, ``scoring.py`` and
``result_file.py``) or the other generators' habit code. Four recipients no earlier generator centred
on (a hotel chain in Goa, an auto dealer in Pune, an educational institution in Bengaluru, a textile
job worker in Surat); year-end habits (the period frozen after the provisional close, the stock
count's cut-off date, next year's series typed in April, a round-off folded into the taxable value,
rates from before GST 2.0 left in the item master, an out-of-state hotel booked as IGST, the depot's
GSTIN, a note's gross booked as its taxable value, a bill booked twice when the auditor's GRN list is
cleared) and traps (daily bills of one amount, an OEM's run of debit notes, last March's bill found at
balance confirmation, a provision beside the bill, a parallel non-GST series). Each pair's category is
declared by its habits and re-derived from the two documents by ``bills.classify``; both must agree.

Left out as open under the definitions (no label could be read off them): a debit note booked as an
invoice, an e-invoice acknowledgement number booked for the bill's, the bill's year typed as 2026, a
cancelled e-invoice's number booked beside its replacement, an amendment that changes the number, a
provision beside an unbooked bill, and an OEM's unbooked note beside a booked unreported one of the
same amount and day (a slip of a digit or another note: the first scan paired 48 of them as
Mismatch). TCS on goods (section 206C(1H)) is not modelled: it was omitted from 1 April 2025.

``make_month(seed, size, profile)`` is deterministic per its arguments; ``size`` is the number of
ordinary bills before the scenarios and traps are added.
"""

from __future__ import annotations

import random

from india_ims.gst_india.documents import DocumentType

from ..matching_sixth.month import Month, books_only_rows
from .bills import Bill, Case, classify, faithful, march_day, new_bill, to_ims, to_purchase
from .habits import apply_habit
from .traps import scenarios_and_traps
from .world import DAILY, PROFILE_TABLE, PROFILES, World, build_world

__all__ = ["PROFILES", "Month", "make_month"]

NAME_START = 1


def _ordinary(rng: random.Random, world: World, size: int) -> tuple[list[Case], list[Bill]]:
    suppliers = [s for s in world.suppliers if not s.has(DAILY)]
    weights = [s.kind.weight for s in suppliers]
    cases, bills = [], []
    for _ in range(size):
        supplier = rng.choices(suppliers, weights)[0]
        roll = rng.random()
        doc_type = "Invoice" if roll < 0.88 else ("Credit Note" if roll < 0.94 else "Debit Note")
        # the year-end rush: a third of the month's bills fall in its last five days
        day = march_day(rng, 27) if rng.random() < 0.33 else march_day(rng)
        bill = new_bill(rng, supplier, world.state, day, DocumentType(doc_type))
        bills.append(bill)
        presence = rng.random()
        draft = faithful(rng, bill)
        if presence < 0.09:
            cases.append(Case(bill, [], False))  # reported, not booked yet: missing_in_pi
        elif presence < 0.15:
            draft.habits.append("supplier_not_filed")  # Q4 QRMP return not yet saved
            if rng.random() < 0.3:
                apply_habit(rng, bill, draft, world.profile, ("typed_lower_case", "posted_in_april"))
            cases.append(Case(None, [draft], False))
        else:
            extra = apply_habit(rng, bill, draft, world.profile) if rng.random() < 0.45 else []
            cases.append(Case(bill, [draft, *extra], True))
    return cases, bills


def _names(rng: random.Random, drafts: list) -> list[str]:
    """ERPNext names purchase invoices as they are saved: roughly by posting date."""
    order = sorted(range(len(drafts)), key=lambda k: (drafts[k].posting, rng.random()))
    names = [""] * len(drafts)
    for n, k in enumerate(order):
        names[k] = f"ACC-PINV-2027-{NAME_START + n:05d}"
    return names


def make_month(seed: int, size: int, profile: str) -> Month:
    rng = random.Random(f"ninth:{seed}:{size}:{profile}")
    world = build_world(rng, PROFILE_TABLE[profile], size)
    cases, bills = _ordinary(rng, world, size)
    cases += scenarios_and_traps(rng, world, size, bills)
    for case in cases:
        case.filed = rng.random() < 0.85
    rng.shuffle(cases)
    reported = [c for c in cases if c.bill is not None]
    order = list(range(len(reported)))
    rng.shuffle(order)
    reported = [reported[k] for k in order]
    drafts = [(c, d) for c in cases for d in c.books]
    rng.shuffle(drafts)
    names = _names(rng, [d for _, d in drafts])
    purchases = [to_purchase(d, name, world.recipient_gstin) for (_, d), name in zip(drafts, names)]
    at = {id(d): n for n, (_, d) in enumerate(drafts)}
    ims = [to_ims(c.bill, c.filed) for c in reported]
    keys = [(r.section, r.supplier_gstin, r.document_number) for r in ims]
    assert len(set(keys)) == len(keys), "an IMS key twice"
    truth, paired = [], set()
    for case, record in zip(reported, ims):
        row = {"section": record.section.value, "supplier_gstin": record.supplier_gstin,
               "document_number": record.document_number, "purchase_invoice": "", "category": "missing_in_pi"}
        if case.paired:
            n = at[id(case.books[0])]
            found = classify(record, purchases[n])
            if found != case.books[0].label:
                raise AssertionError(f"{case.books[0].habits}: declared {case.books[0].label}, reads {found}")
            row.update(purchase_invoice=purchases[n].name, category=found)
            paired.add(n)
        truth.append(row)
    truth += books_only_rows(purchases, paired)
    ims_habits = [list(c.bill.tags) + ([] if c.books else ["unbooked"]) for c in reported]
    books_habits = [list(d.habits) for _, d in drafts]
    return Month(seed, profile, world.recipient_gstin, ims, purchases, truth, ims_habits, books_habits)

