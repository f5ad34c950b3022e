"""Tests of the eighth generator itself (no bars on the engine): determinism, well-formed truth,
every habit reached, and each habit's label read off the README's definitions on small cases."""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

import pytest

from india_ims.gst_india.documents import DocumentType
from india_ims.gst_india.gstin import is_valid_gstin
from india_ims.gst_india.matching.scoring import CATEGORY_STATUS, PAIRED

from .bills import Ctx, tax_heads
from .month import HABITS, make_month
from .run_months import main
from .world import PROFILES, Supplier, make_gstin

TOLERANCE = 100  # paise a head
HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
LABELS = {
    "indic_digits": {"suggested"}, "invisible_chars": {"suggested"}, "date_appended": {"suggested"},
    "day_month_swap": {"suggested"}, "excel_float": {"suggested"}, "ocr_trailing_words": {"suggested"},
    "keypad_slip": {"suggested"}, "gstin_typo": {"mismatch"},
    "tds_netted_total": {"exact"}, "retention_netted": {"mismatch"}, "advance_recovery_netted": {"mismatch"},
    "weight_dispute_dn": {"mismatch"}, "mrp_inclusive_taxable": {"mismatch"},
    "free_goods_valued": {"mismatch"},
    "merchant_export_nil": {"mismatch", "suggested"}, "rupee_sign_ocr": {"mismatch"},
    "parallel_series_trap": {"missing_in_pi", "missing_in_ims"}, "site_series": {"exact", "suggested"},
    "cn_same_number": {"exact"}, "rcm_gta_trap": {"exact", "missing_in_ims"},
    "daily_bills": {"exact", "missing_in_pi", "missing_in_ims"},
}


def _ims_amounts(book):
    a = book.amounts
    return a.negated() if book.document_type is DocumentType.CREDIT_NOTE else a


def _head_gaps(record, book) -> dict[str, int]:
    books = _ims_amounts(book)
    return {h: abs(getattr(record.amounts, h) - getattr(books, h)) for h in HEADS}


def is_exact(record, book) -> bool:
    return (record.supplier_gstin == book.supplier_gstin and record.document_type is book.document_type
            and record.document_number.strip().upper() == book.bill_no.strip().upper()
            and record.document_date == book.bill_date and record.place_of_supply == book.place_of_supply
            and max(_head_gaps(record, book).values()) <= 1)


def tax_changing(record, book) -> bool:
    """A difference the definitions call a mismatch: amount beyond tolerance, place, GSTIN."""
    return (max(_head_gaps(record, book).values()) > TOLERANCE
            or record.place_of_supply != book.place_of_supply
            or record.supplier_gstin != book.supplier_gstin)


def check_label(item) -> None:
    record, book, category = item.ims, item.book, item.category
    assert category in CATEGORY_STATUS
    if category == "missing_in_pi":
        assert record is not None and book is None
        return
    if category == "missing_in_ims":
        assert record is None and book is not None
        return
    assert record is not None and book is not None and record.document_type is book.document_type
    if category == "exact":
        assert is_exact(record, book)
    elif category == "suggested":
        assert not is_exact(record, book) and not tax_changing(record, book)
    else:
        assert tax_changing(record, book)


def _months(habit: str, seeds=range(1, 4)):
    profile = next(p for p in PROFILES if p in HABITS[habit][1])
    return [make_month(seed, 12, profile, only=habit) for seed in seeds]


def test_deterministic():
    a, b = make_month(7, 150), make_month(7, 150)
    assert a.truth == b.truth and a.ims == b.ims and a.purchases == b.purchases
    assert make_month(8, 150).truth != a.truth


@pytest.mark.parametrize("profile", PROFILES)
def test_truth_well_formed(profile):
    month = make_month(3, 300, profile)
    keys = [(r.section.value, r.supplier_gstin, r.document_number) for r in month.ims]
    assert len(set(keys)) == len(keys)
    names = [p.name for p in month.purchases]
    assert len(set(names)) == len(names) and "?" not in names
    ims_rows = [(t["section"], t["supplier_gstin"], t["document_number"])
                for t in month.truth if t["section"]]
    assert sorted(ims_rows) == sorted(keys)
    booked = [t["purchase_invoice"] for t in month.truth if t["purchase_invoice"]]
    assert sorted(booked) == sorted(names)
    for row in month.truth:
        assert set(row) == {"section", "supplier_gstin", "document_number", "purchase_invoice", "category"}
        has_book = row["category"] in PAIRED or row["category"] == "missing_in_ims"
        assert bool(row["purchase_invoice"]) == has_book
    assert all(is_valid_gstin(g) for g in {r.supplier_gstin for r in month.ims} | {month.recipient})
    assert all(is_valid_gstin(p.supplier_gstin) for p in month.purchases)
    assert all(r.document_date.month == 12 and r.supplier_return_period == "122026" for r in month.ims)
    # a booked number never names another reported document of the same supplier and type
    reported = {(r.supplier_gstin, r.document_type, r.document_number.strip().upper()): r for r in month.ims}
    for item in month.items:
        if item.book is not None:
            other = reported.get((item.book.supplier_gstin, item.book.document_type,
                                  item.book.bill_no.strip().upper()))
            assert other is None or other is item.ims
    clean = sum(1 for i in month.items if i.tags[0] == "clean")
    assert 0.55 < clean / len(month.items) < 0.8
    for item in month.items:
        check_label(item)


def test_every_habit_reached():
    tags = Counter(i.tags[0] for p in PROFILES for s in (1, 2) for i in make_month(s, 400, p).items)
    assert set(HABITS) <= set(tags), set(HABITS) - set(tags)


@pytest.mark.parametrize("habit", sorted(HABITS))
def test_habit_labels_follow_definitions(habit):
    seen = set()
    for month in _months(habit):
        for item in month.items:
            assert item.tags[0] == habit
            assert item.category in LABELS[habit]
            check_label(item)
            seen.add(item.category)
    assert seen == LABELS[habit] or habit == "merchant_export_nil"


def _ctx(state="29"):
    supplier = Supplier(make_gstin(state, "ABCCD1234E"), "Demo", "pharma", "fy", "GST", (12,), 411)
    return Ctx(random.Random(5), make_gstin("29", "RECCP4321Q"), [supplier]), supplier


def test_hand_built_number_habits():
    from . import habits_text as ht
    ctx, _ = _ctx()
    [item] = ht.indic_digits(ctx)
    assert item.book.bill_no != item.ims.document_number
    assert "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in item.book.bill_no) == \
        item.ims.document_number
    [item] = ht.invisible_chars(ctx)
    visible = "".join(c for c in item.book.bill_no if unicodedata.category(c) != "Cf")
    assert visible == item.ims.document_number
    [item] = ht.keypad_slip(ctx)
    diffs = [k for k, (x, y) in enumerate(zip(item.ims.document_number, item.book.bill_no)) if x != y]
    assert len(diffs) == 1 and item.ims.amounts == item.book.amounts
    [item] = ht.day_month_swap(ctx)
    d, b = item.ims.document_date, item.book.bill_date
    assert (b.day, b.month) == (d.month, d.day) and d.month == 12
    [item] = ht.date_appended(ctx)
    assert item.book.bill_no.startswith(item.ims.document_number + " ")
    [item] = ht.ocr_trailing_words(ctx)
    assert item.book.bill_no.startswith(item.ims.document_number + " ")
    ctx.suppliers[0].style = "plain"
    [item] = ht.excel_float(ctx)
    assert item.book.bill_no == item.ims.document_number + ".0"
    [item] = ht.tds_netted_total(ctx)
    assert item.book.grand_total < item.ims.document_value and is_exact(item.ims, item.book)
    [item] = ht.gstin_typo(ctx)
    assert item.book.supplier_gstin[2:12] != item.ims.supplier_gstin[2:12]
    assert is_valid_gstin(item.book.supplier_gstin)


def test_hand_built_merchant_export_boundary():
    small, large = tax_heads(45_000, 1, True), tax_heads(20_000_000, 1, False)
    assert max(small.cgst, small.sgst) < TOLERANCE and large.igst > TOLERANCE


def test_traps_pair_nothing_close():
    """In a trap the unbooked IMS document and the unreported book differ beyond tolerance."""
    for habit in ("parallel_series_trap", "daily_bills", "rcm_gta_trap"):
        for month in _months(habit):
            lost = [i.ims for i in month.items if i.category == "missing_in_pi"]
            extra = [i.book for i in month.items if i.category == "missing_in_ims"]
            for record in lost:
                for book in extra:
                    if book.supplier_gstin == record.supplier_gstin:
                        assert tax_changing(record, book) or book.reverse_charge


def test_site_series_shares_running_number():
    for month in _months("site_series"):
        dropped = [i for i in month.items if "site_dropped" in i.tags]
        for item in dropped:
            assert item.ims.document_number.endswith(item.book.bill_no)
            twin = [i for i in month.items if "site_kept" in i.tags and i.ims.document_date.month == 12
                    and i.ims.document_number.endswith(item.book.bill_no)]
            assert twin


def test_run_months_cli(capsys):
    assert main(["1", "--size", "60", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "precision=" in out and "summary over" in out
