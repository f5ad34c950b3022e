"""A third, independent month generator: August 2025 of a Karnataka buyer.

``make_month(seed, profile, n_documents)`` returns IMS records, the purchase register, the truth
(as /work/shared/datasets/README.md defines truth.csv) and the habit behind each row. A profile is a
mix of billing software among suppliers and a weighting of habits; shares are those of a real month
of a mid-size company (about 70% exact), the "traps" profile aside.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace

from india_ims.gst_india.documents import ImsRecord, PurchaseDocument
from india_ims.gst_india.gstin import is_valid_gstin

from . import habits as h
from . import traps as t
from .world import Retry, World

# habit -> weight, per family; a profile scales the families and may override single habits
EXACT = {h.exact_plain: 62, h.exact_case_space: 3, h.exact_posted_next_month: 4, h.exact_rounded_total: 4,
         h.exact_credit_note: 6, h.exact_debit_note: 2, h.exact_amendment: 1,
         h.exact_amendment_renumbered: 0.6,
         h.twin_same_day: 0.8, h.same_serial_other_type: 0.6, h.lowercase_in_ims: 0.8, t.note_amendment: 0.6}
SUGGESTED = {h.separators: 2.4, h.zeros: 2.2, h.fy_dropped: 1.6, h.fy_restyled: 0.8, h.prefix_dropped: 1.0,
             h.own_prefix: 0.6, h.lookalike_letter: 0.6, h.transposed: 0.6, h.long_number: 1.2,
             h.cn_rewritten: 0.6, h.number_and_date: 0.6, h.date_posting: 2.0, h.date_swapped: 0.3,
             h.rounded_heads: 1.4, h.cn_rounded: 0.4, t.twin_one_booked: 0.4, h.compound_rewrite: 1.2,
             h.triple_clerical: 0.5, h.tax_inclusive: 0.8, h.round_off_into_taxable: 0.8,
             h.near_tolerance: 0.5,
             t.amendment_new_number: 0.3, t.amendment_date_corrected: 0.3, t.twin_date_crossed: 0.3,
             t.two_series_same_serial: 0.3}
MISMATCH = {h.heads_swapped: 1.0, h.cess_missed: 0.4, h.wrong_rate: 0.8, h.amount_typo: 0.8,
            h.freight_in_taxable: 0.8, h.vehicle_tcs: 0.15, h.pos_differs: 0.5, h.other_branch: 0.6,
            h.cn_partial: 0.5, h.amendment_booked_original: 0.5, h.supplier_reported_wrong: 0.5,
            t.branch_same_number: 0.2, h.small_beyond_tolerance: 0.6, h.rewrite_plus_tax: 0.4,
            h.new_registration: 0.3}
MISSING = {t.not_booked: 3.0, t.travel_bills: 0.8, t.pending_last_month: 0.7, t.not_filed: 3.0,
           t.rcm_bill: 0.8, t.rent_next_bill: 0.4, t.old_fy_same_number: 0.3, t.neighbour: 0.6,
           t.slip_neighbour: 0.3, t.duplicate_booking: 0.4, t.repeat_unreported_rewritten: 0.3,
           t.old_fy_token_dropped: 0.3, t.composition_bill: 0.3}

PROFILES = {
    # a mid-size manufacturer: suppliers on Tally and Busy, a few on Zoho/SAP, one long-number dealer
    "mid_size": {
        "kinds": {"tally_inv": 22, "tally_gst": 14, "busy": 12, "state_series": 6, "branch_fy_first": 6,
                  "zoho": 10, "marg": 8, "sap": 6, "plain": 8, "compact_fy": 5, "long": 3},
        "families": {"exact": 1.0, "suggested": 1.0, "mismatch": 1.0, "missing": 1.0},
    },
    # a trading firm whose clerk types every bill by hand from paper
    "hand_typed": {
        "kinds": {"tally_inv": 20, "tally_gst": 20, "busy": 10, "marg": 15, "plain": 20, "state_series": 8,
                  "compact_fy": 5, "long": 2},
        "families": {"exact": 0.8, "suggested": 2.2, "mismatch": 1.0, "missing": 1.0},
    },
    # a large buyer of SAP / Zoho suppliers: clean numbers, amendments, notes and branches instead
    "erp_suppliers": {
        "kinds": {"sap": 30, "zoho": 25, "branch_fy_first": 15, "compact_fy": 10, "tally_inv": 15, "long": 5},
        "families": {"exact": 1.0, "suggested": 0.6, "mismatch": 1.3, "missing": 1.0},
        "habits": {h.exact_credit_note: 12, h.exact_debit_note: 5, h.exact_amendment: 3,
                   h.amendment_booked_original: 1.5, h.other_branch: 1.5, t.branch_same_number: 0.6},
    },
    # near-identical neighbours that must stay apart, over a normal month
    "traps": {
        "kinds": {"tally_inv": 20, "tally_gst": 15, "marg": 15, "plain": 20, "zoho": 10, "busy": 10,
                  "sap": 5, "long": 2},
        "families": {"exact": 0.6, "suggested": 1.0, "mismatch": 1.0, "missing": 1.0},
        "habits": {h.twin_same_day: 4, h.same_serial_other_type: 4, t.twin_one_booked: 3, t.rent_next_bill: 3,
                   t.old_fy_same_number: 3, t.neighbour: 4, t.slip_neighbour: 3, t.duplicate_booking: 3,
                   t.branch_same_number: 2, t.rcm_bill: 2, h.exact_amendment_renumbered: 2,
                   t.twin_date_crossed: 3, t.two_series_same_serial: 3, t.repeat_unreported_rewritten: 3,
                   t.old_fy_token_dropped: 3},
    },
}


@dataclass
class Month:
    ims: list[ImsRecord]
    purchases: list[PurchaseDocument]
    truth: list[dict]
    habits: dict[str, str]


def _weights(profile: dict) -> dict:
    families = profile["families"]
    table = {}
    for family, habits in (("exact", EXACT), ("suggested", SUGGESTED), ("mismatch", MISMATCH),
                           ("missing", MISSING)):
        table.update({fn: weight * families[family] for fn, weight in habits.items()})
    table.update(profile.get("habits", {}))
    return table


def make_month(seed: int, profile: str, n_documents: int) -> Month:
    settings = PROFILES[profile]
    rng = random.Random(f"matching-third/{profile}/{seed}")
    world = World(rng, settings["kinds"], max(12, n_documents // 7))
    table = _weights(settings)
    stories, weights = list(table), list(table.values())
    attempts = 0
    while len(world.rows) < n_documents:
        attempts += 1
        if attempts > n_documents * 40:
            raise RuntimeError("the generator cannot fill the month")
        story = rng.choices(stories, weights=weights)[0]
        mark = (len(world.ims), len(world.pis), len(world.rows))
        try:
            story(world)
        except Retry:
            del world.ims[mark[0]:], world.pis[mark[1]:], world.rows[mark[2]:]
    return _finish(world)


def _finish(world: World) -> Month:
    rng = world.rng
    # ERPNext names purchase invoices in the order they are entered.
    order = sorted(world.pis, key=lambda p: (p.posting_date, rng.random()))
    names = {p.name: f"ACC-PINV-2025-{index:05d}" for index, p in enumerate(order, start=401)}
    purchases = [replace(p, name=names[p.name]) for p in order]
    ims = sorted(world.ims, key=lambda r: (r.section.value, r.supplier_gstin, rng.random()))
    truth, habits = [], {}
    for record, pi, category, habit in world.rows:
        name = names[pi.name] if pi is not None else ""
        truth.append({
            "section": record.section.value if record else "",
            "supplier_gstin": record.supplier_gstin if record else "",
            "document_number": record.document_number if record else "",
            "purchase_invoice": name,
            "category": category,
        })
        key = name or record.document_number
        habits[key if key not in habits else f"{record.supplier_gstin}/{key}"] = habit
    _check(ims, purchases, truth)
    return Month(ims, purchases, truth, habits)


def _check(ims: list[ImsRecord], purchases: list[PurchaseDocument], truth: list[dict]) -> None:
    """Guards against the generator's own artefacts."""
    keys = [r.key for r in ims]
    assert len(keys) == len(set(keys)), "two IMS records with one identity"
    assert all(len(r.document_number) <= 16 for r in ims), "a GSTR-1 number over 16 characters"
    gstins = {r.supplier_gstin for r in ims} | {p.supplier_gstin for p in purchases}
    assert all(is_valid_gstin(g) for g in gstins | {purchases[0].company_gstin}), "an invalid GSTIN"
    assert len({p.name for p in purchases}) == len(purchases)
    used = [t["purchase_invoice"] for t in truth if t["purchase_invoice"]]
    assert len(used) == len(set(used)) == len(purchases), "a purchase without (or with two) truths"
    assert len([t for t in truth if t["section"]]) == len(ims), "an IMS record without (or with two) truths"
