"""One December 2026 month of one recipient: IMS records, purchase register, truth and habit tags.

About 72 % of bills are clean (booked exactly as reported), a few are plainly missing on one side,
the rest come from the habits and traps of ``habits_text``, ``habits_amounts`` and ``traps``.
Deterministic per (seed, size, profile).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace

from india_ims.gst_india.documents import ImsRecord, PurchaseDocument, Section

from . import habits_amounts as ha
from . import habits_text as ht
from . import traps as tr
from .bills import Ctx, Item
from .world import PROFILES, RECIPIENT_STATES, make_gstin, make_suppliers, random_pan

ALL = PROFILES
# name -> (function, profiles it belongs to, weight)
HABITS = {
    "indic_digits": (ht.indic_digits, ALL, 2),
    "invisible_chars": (ht.invisible_chars, ALL, 2),
    "date_appended": (ht.date_appended, ALL, 2),
    "day_month_swap": (ht.day_month_swap, ALL, 2),
    "keypad_slip": (ht.keypad_slip, ALL, 2),
    "gstin_typo": (ht.gstin_typo, ALL, 1),
    "excel_float": (ht.excel_float, ALL, 2),
    "ocr_trailing_words": (ht.ocr_trailing_words, ALL, 1),
    "tds_netted_total": (ht.tds_netted_total, ("contractor", "exporter", "hospital"), 2),
    "retention_netted": (ha.retention_netted, ("contractor",), 3),
    "advance_recovery_netted": (ha.advance_recovery_netted, ("contractor",), 2),
    "weight_dispute_dn": (ha.weight_dispute_dn, ("ecommerce",), 3),
    "mrp_inclusive_taxable": (ha.mrp_inclusive_taxable, ("hospital",), 2),
    "free_goods_valued": (ha.free_goods_valued, ("hospital",), 3),
    "merchant_export_nil": (ha.merchant_export_nil, ("exporter",), 4),
    "rupee_sign_ocr": (ha.rupee_sign_ocr, ALL, 1),
    "parallel_series_trap": (tr.parallel_series_trap, ALL, 2),
    "site_series": (tr.site_series, ("contractor",), 3),
    "cn_same_number": (tr.cn_same_number, ("hospital", "ecommerce", "exporter"), 2),
    "rcm_gta_trap": (tr.rcm_gta_trap, ("ecommerce",), 3),
    "daily_bills": (tr.daily_bills_partly_booked, ("hospital", "ecommerce"), 2),
}
CLEAN, PLAIN_PI, PLAIN_IMS = 0.72, 0.77, 0.80


@dataclass
class Month:
    profile: str
    recipient: str
    ims: list[ImsRecord]
    purchases: list[PurchaseDocument]
    truth: list[dict]
    items: list[Item] = field(default_factory=list)

    def tags_by_ims(self) -> dict[tuple, tuple[str, ...]]:
        return {_key(i.ims): i.tags for i in self.items if i.ims is not None}

    def tags_by_book(self) -> dict[str, tuple[str, ...]]:
        return {i.book.name: i.tags for i in self.items if i.book is not None}


def _key(record: ImsRecord) -> tuple[str, str, str]:
    return (record.section.value, record.supplier_gstin, record.document_number)


def profile_for(seed: int) -> str:
    return PROFILES[(seed - 1) % len(PROFILES)]


def _clean(ctx: Ctx) -> list[Item]:
    supplier = ctx.pick()
    roll = ctx.rng.random()
    if roll < 0.08:
        section, number = Section.B2BCN, None
    elif roll < 0.11:
        section, number = Section.B2BDN, None
    else:
        section, number = Section.B2B, supplier.next_number()
    if number is None:
        number = supplier.next_note("CN" if section is Section.B2BCN else "DN")
        amounts = ctx.amounts(supplier, ctx.taxable(200, 30_000))
    else:
        amounts = None
    record, book = ctx.pair(supplier, section, amounts, number=number)
    return [Item(record, book, "exact", ("clean",))]


def _plain_missing_pi(ctx: Ctx) -> list[Item]:
    record, _ = ctx.pair(ctx.pick())
    return [Item(record, None, "missing_in_pi", ("plain",))]


def _plain_missing_ims(ctx: Ctx) -> list[Item]:
    _, book = ctx.pair(ctx.pick())
    return [Item(None, book, "missing_in_ims", ("plain",))]


def make_month(seed: int, size: int, profile: str | None = None, only: str | None = None) -> Month:
    """``size`` documents or so; ``only`` restricts the habits to one (tests)."""
    profile = profile or profile_for(seed)
    rng = random.Random(f"eighth/{seed}/{size}/{profile}")
    state = RECIPIENT_STATES[profile]
    recipient = make_gstin(state, random_pan(rng, "C"))
    ctx = Ctx(rng, recipient, make_suppliers(rng, profile, state, max(8, size // 12)))
    names = [n for n, (_, profiles, _) in HABITS.items()
             if profile in profiles and (only is None or n == only)]
    weights = [HABITS[n][2] for n in names]
    items: list[Item] = []
    while len(items) < size:
        roll = rng.random()
        if only is None and roll < CLEAN:
            made = _clean(ctx)
        elif only is None and roll < PLAIN_PI:
            made = _plain_missing_pi(ctx)
        elif only is None and roll < PLAIN_IMS:
            made = _plain_missing_ims(ctx)
        else:
            made = HABITS[rng.choices(names, weights)[0]][0](ctx) if names else _clean(ctx)
        items.extend(made)
    return assemble(rng, profile, recipient, items)


def assemble(rng: random.Random, profile: str, recipient: str, items: list[Item]) -> Month:
    """Name the purchase documents in booking order, shuffle both sides, write the truth."""
    books = [i for i in items if i.book is not None]
    order = sorted(range(len(books)), key=lambda k: (books[k].book.posting_date, k))
    for serial, k in enumerate(order, 1):
        books[k].book = replace(books[k].book, name=f"ACC-PINV-2026-{serial:05d}")
    ims = [i.ims for i in items if i.ims is not None]
    purchases = [i.book for i in books]
    rng.shuffle(ims)
    rng.shuffle(purchases)
    truth = []
    for i in items:
        if i.ims is not None:
            truth.append({"section": i.ims.section.value, "supplier_gstin": i.ims.supplier_gstin,
                          "document_number": i.ims.document_number,
                          "purchase_invoice": i.book.name if i.book is not None else "",
                          "category": i.category})
        else:
            truth.append({"section": "", "supplier_gstin": "", "document_number": "",
                          "purchase_invoice": i.book.name, "category": i.category})
    return Month(profile, recipient, ims, purchases, truth, items)
