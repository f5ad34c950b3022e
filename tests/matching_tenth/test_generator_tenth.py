"""Tests of the tenth generator itself (no bars on the engine)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

import pytest

from india_ims.gst_india.documents import Amounts, DocumentType, Section
from india_ims.gst_india.gstin import validate_gstin

from . import habits as habits_module
from . import traps as traps_module
from .bills import Booking, Open, classify, number_relation, tax, to_ims, to_purchase
from .habits import HABITS
from .month import PROFILES, make_month
from .run_months import main

NUMBER = re.compile(r"^[A-Za-z0-9/-]{1,16}$")
CATEGORIES = {"exact", "suggested", "mismatch", "missing_in_pi", "missing_in_ims"}


@pytest.fixture(scope="module")
def months():
    return [make_month(seed, 120, profile) for seed in (1, 2, 3) for profile in PROFILES]


def _same(a, b):
    return (a.ims, a.purchases, a.truth, a.books_habits) == (b.ims, b.purchases, b.truth, b.books_habits)


def test_deterministic():
    for profile in PROFILES:
        assert _same(make_month(7, 80, profile), make_month(7, 80, profile))
    assert not _same(make_month(7, 80, PROFILES[0]), make_month(8, 80, PROFILES[0]))


def test_gstins_valid_and_numbers_fit_gstr1(months):
    for m in months:
        validate_gstin(m.recipient_gstin)
        for r in m.ims:
            validate_gstin(r.supplier_gstin)
            assert NUMBER.match(r.document_number), r.document_number
            assert r.supplier_return_period == "012027"
            assert min(r.amounts.taxable_value, r.amounts.igst, r.amounts.cgst, r.amounts.sgst) >= 0
        for p in m.purchases:
            validate_gstin(p.supplier_gstin)
            if p.document_type is DocumentType.CREDIT_NOTE:
                assert p.amounts.taxable_value < 0


def test_truth_complete_and_well_formed(months):
    for m in months:
        keys = [(t["section"], t["supplier_gstin"], t["document_number"]) for t in m.truth if t["section"]]
        assert len(keys) == len(set(keys)) == len(m.ims)
        assert set(keys) == {(r.section.value, r.supplier_gstin, r.document_number) for r in m.ims}
        named = Counter(t["purchase_invoice"] for t in m.truth if t["purchase_invoice"])
        assert set(named) == {p.name for p in m.purchases} and set(named.values()) == {1}
        for t in m.truth:
            assert set(t) == {"section", "supplier_gstin", "document_number", "purchase_invoice", "category"}
            assert t["category"] in CATEGORIES
            assert bool(t["purchase_invoice"]) == (t["category"] != "missing_in_pi")
            assert bool(t["section"]) == (t["category"] != "missing_in_ims")
        names = sorted(p.name for p in m.purchases)
        assert names == [f"ACC-PINV-2027-{n:05d}" for n in range(1, len(names) + 1)]


def test_every_pair_classifies_as_declared(months):
    for m in months:
        ims = {(r.section.value, r.supplier_gstin, r.document_number): r for r in m.ims}
        books = {p.name: p for p in m.purchases}
        for t in m.truth:
            if t["category"] in ("exact", "suggested", "mismatch"):
                record = ims[(t["section"], t["supplier_gstin"], t["document_number"])]
                assert classify(record, books[t["purchase_invoice"]]) == t["category"]


def test_every_habit_and_trap_reachable():
    seen = Counter()
    for seed in range(1, 4):
        for profile in PROFILES:
            m = make_month(seed, 400, profile)
            for tags in m.books_habits + m.ims_habits:
                seen.update(tags)
    for habit in HABITS:
        assert seen[habit.name] > 0, habit.name
    for trap in {t.__name__ for ts in traps_module.TRAPS.values() for t in ts}:
        assert seen[f"trap:{trap}"] > 0, trap
    assert seen["books_only:gta_rcm"] and seen["books_only:other_registration"] and seen["books_only:qrmp"]


def test_sections_covered(months):
    sections = Counter(r.section for m in months for r in m.ims)
    for section in (Section.B2B, Section.B2BA, Section.B2BCN, Section.B2BDN, Section.ECOM, Section.ECOMA):
        assert sections[section] > 0, section


@pytest.mark.parametrize("habit", HABITS, ids=lambda h: h.name)
def test_habit_label_is_classify_on_small_cases(habit):
    """Each habit on the first few bills it applies to: its label is what classify reads."""
    checked = 0
    for seed in range(1, 30):
        m = make_month(seed, 60, PROFILES[seed % len(PROFILES)])
        ims = {(r.section.value, r.supplier_gstin, r.document_number): r for r in m.ims}
        books = {p.name: (p, h) for p, h in zip(m.purchases, m.books_habits)}
        for t in m.truth:
            if t["purchase_invoice"] and t["section"] and habit.name in books[t["purchase_invoice"]][1]:
                record = ims[(t["section"], t["supplier_gstin"], t["document_number"])]
                assert t["category"] == habit.category == classify(record, books[t["purchase_invoice"]][0])
                checked += 1
        if checked >= 3:
            return
    assert checked, habit.name


def test_month_refuses_a_wrong_declaration(monkeypatch):
    wrong = [replace(h, category="exact") if h.name == "forex_rate" else h for h in HABITS]
    monkeypatch.setattr(habits_module, "HABITS", wrong)
    with pytest.raises(AssertionError, match="declared exact, derived mismatch"):
        for seed in range(1, 20):
            make_month(seed, 200, "tower_fm")


def _pair(number="INV/26-27/0412", booked="INV/26-27/0412", day=date(2027, 1, 5), books_day=None,
          amounts=None, books_amounts=None, pos="29", books_pos="29", gstin="29AAACA1234A1Z5",
          books_gstin=None):
    from .bills import Bill
    from .world import Supplier

    a = amounts or tax(1_000_00, 18, True)
    s = Supplier(gstin, "S", "packaging", "inv", 18)
    record = to_ims(Bill(1, s, Section.B2B, number, day, a, pos), True)
    booking = Booking(1, books_gstin or gstin, "S", DocumentType.INVOICE, booked, books_day or day, day,
                      books_pos, books_amounts or a, "exact")
    return classify(record, to_purchase(booking, "ACC-PINV-2027-00001", "29AAACB1234B1Z4"))


def test_classify_by_the_definitions():
    assert _pair() == "exact"
    assert _pair(booked=" inv/26-27/0412 ") == "exact"
    assert _pair(booked="INV/26-27/0412/") == "suggested"
    assert _pair(booked="#INV/26-27/412") == "suggested"
    assert _pair(booked="V1234-INV/26-27/0412") == "suggested"
    assert _pair(books_day=date(2026, 12, 31)) == "suggested"
    assert _pair(books_amounts=Amounts(1_000_00, 0, 90_00 - 40, 90_00, 0)) == "suggested"
    assert _pair(books_amounts=Amounts(1_000_00, 0, 90_00 - 101, 90_00, 0)) == "mismatch"
    assert _pair(books_amounts=tax(1_000_00, 18, False)) == "mismatch"
    assert _pair(books_pos="32") == "mismatch"
    assert _pair(books_gstin="27AAACA1234A1Z9") == "mismatch"
    for kwargs in ({"books_gstin": "29AAACZ1234A1Z5"}, {"booked": "INV/26-27/0413"},
                   {"books_day": date(2026, 12, 1)}):
        with pytest.raises(Open):
            _pair(**kwargs)


def test_number_relation():
    assert number_relation("RENT/26-27/10", "RENT/26-27/09") == "other"
    assert number_relation("15/26-27", "5/26-27") == "other"
    assert number_relation("9100000512", "V1234-9100000512") == "clerical"
    assert number_relation("9100002627", "9100002526") == "other"
    assert number_relation("UC292627000123", "UCF292627000123") == "other"


def test_cli_smoke(capsys):
    assert main(["1", "--size", "60", "--quiet"]) == 0
    assert "summary over 4 months" in capsys.readouterr().out
