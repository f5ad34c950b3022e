"""The eleventh generator's own checks (no bars on the engine): determinism, valid GSTINs, GSTR-1's
number rules, complete truth, every habit and trap reachable with its label equal to ``classify``."""

from __future__ import annotations

import random
from collections import Counter
from functools import cache

import pytest

from india_ims.gst_india.gstin import check_character

from . import run_months
from .bills import classify
from .habits import HABITS, Ctx
from .month import ALLOWED, PROFILES, make_month
from .traps import TRAPS
from .world import SOFTWARE, build_world

CATEGORIES = {"exact", "suggested", "mismatch", "missing_in_pi", "missing_in_ims"}


@cache
def month(seed: int, profile: str):
    return make_month(seed, 120, profile)


def _ctx(seed: int) -> Ctx:
    rng = random.Random(seed)
    return Ctx(rng, build_world(rng, "27", 20, dict.fromkeys(SOFTWARE, 1)))


@pytest.mark.parametrize("profile", PROFILES)
def test_deterministic(profile):
    a, b = make_month(3, 80, profile), make_month(3, 80, profile)
    assert (a.ims, a.purchases, a.truth) == (b.ims, b.purchases, b.truth)
    assert make_month(4, 80, profile).ims != a.ims


@pytest.mark.parametrize("profile", PROFILES)
def test_gstins_and_numbers(profile):
    m = month(1, profile)
    gstins = {m.recipient_gstin} | {r.supplier_gstin for r in m.ims} | {p.supplier_gstin for p in m.purchases}
    for gstin in gstins:
        assert len(gstin) == 15 and check_character(gstin[:14]) == gstin[14], gstin
    for record in m.ims:
        assert ALLOWED.fullmatch(record.document_number), record.document_number
        assert record.supplier_return_period == "022027"
    names = [p.name for p in m.purchases]
    assert names == [f"ACC-PINV-2027-{n:05d}" for n in range(1, len(names) + 1)]


@pytest.mark.parametrize("profile", PROFILES)
def test_truth_complete(profile):
    m = month(2, profile)
    keys = {"section", "supplier_gstin", "document_number", "purchase_invoice", "category"}
    assert all(set(row) == keys and row["category"] in CATEGORIES for row in m.truth)
    ims_rows = [row for row in m.truth if row["section"]]
    assert len(ims_rows) == len(m.ims)
    named = [row["purchase_invoice"] for row in m.truth if row["purchase_invoice"]]
    assert sorted(named) == sorted(p.name for p in m.purchases)  # each purchase once
    for row in m.truth:
        assert bool(row["purchase_invoice"]) == (row["category"] != "missing_in_pi")
        assert bool(row["section"]) == (row["category"] != "missing_in_ims")
    books = {p.name: p for p in m.purchases}
    for record, row in zip(m.ims, ims_rows, strict=True):
        if row["purchase_invoice"]:
            assert classify(record, books[row["purchase_invoice"]]) == row["category"]


@pytest.mark.parametrize("name", sorted(HABITS))
def test_habit_label_is_classify(name):
    for seed in range(30):
        case = HABITS[name](_ctx(seed))
        ((record, document, category),) = case.rows
        assert record is not None and document is not None
        assert classify(record, document) == category, (record, document)
        assert ALLOWED.fullmatch(record.document_number)


@pytest.mark.parametrize("name", sorted(TRAPS))
def test_traps_unpaired(name):
    for seed in range(30):
        for record, document, category in TRAPS[name](_ctx(seed)).rows:
            assert (record is None) != (document is None)
            assert category == ("missing_in_pi" if document is None else "missing_in_ims")


def test_every_habit_and_trap_reachable():
    seen = Counter(tag for p in PROFILES for tags in month(1, p).ims_habits + month(1, p).books_habits
                   for tag in tags)
    for name in HABITS:
        assert seen[name], name
    for name in ("trap:cn_stem_invoice", "trap:branch_twin", "trap:dn_invoice_same_serial"):
        assert seen[name], name


def test_cli_smoke(capsys):
    assert run_months.main(["1", "--size", "40", "--profiles", "pharma_cnf", "--quiet"]) == 0
    assert "summary over 1 months" in capsys.readouterr().out
