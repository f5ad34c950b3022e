from collections import Counter

import pytest

from india_ims.gst_india.documents import DocumentType
from india_ims.gst_india.gstin import is_valid_gstin, pan_of
from india_ims.gst_india.payload.ims import parse_getinv
from india_ims.synthetic import PROFILES, generate_month
from india_ims.synthetic.series import HABITS, Series


@pytest.fixture(scope="module", params=sorted(PROFILES))
def month(request):
    return generate_month(seed=11, n_ims=1500, profile=request.param)


def test_same_seed_same_month():
    first, second = generate_month(5, 300, "messy"), generate_month(5, 300, "messy")
    assert first.ims_records == second.ims_records
    assert first.purchases == second.purchases
    assert first.truth == second.truth
    assert generate_month(6, 300, "messy").ims_records != first.ims_records


def test_truth_covers_every_record_and_every_purchase_once(month):
    ims_keys = Counter((r.section.value, r.supplier_gstin, r.document_number) for r in month.ims_records)
    truth_keys = Counter((t.section, t.supplier_gstin, t.document_number) for t in month.truth if t.section)
    assert ims_keys == truth_keys
    named = Counter(t.purchase_invoice for t in month.truth if t.purchase_invoice)
    assert named == Counter(p.name for p in month.purchases)
    assert max(named.values()) == 1


def test_every_category_occurs(month):
    categories = Counter(t.category for t in month.truth)
    assert set(categories) == {"exact", "suggested", "mismatch", "missing_in_pi", "missing_in_ims"}
    assert categories["exact"] > categories["suggested"] > 0


def test_gstins_are_valid_and_books_carry_erpnext_signs(month):
    assert is_valid_gstin(month.recipient_gstin)
    assert all(is_valid_gstin(r.supplier_gstin) for r in month.ims_records)
    for document in month.purchases:
        assert is_valid_gstin(document.supplier_gstin)
        if document.document_type == DocumentType.CREDIT_NOTE:
            assert document.amounts.taxable_value < 0
    assert all(r.amounts.taxable_value > 0 for r in month.ims_records)


def test_payload_round_trips_through_the_getinv_parser(month):
    parsed = parse_getinv(month.ims_payload)
    key = lambda r: (r.section.value, r.supplier_gstin, r.document_number)  # noqa: E731
    assert sorted(map(key, parsed)) == sorted(map(key, month.ims_records))


def test_branch_mismatches_are_booked_on_another_gstin_of_the_same_pan():
    month = generate_month(3, 4000, "messy")
    books = {p.name: p for p in month.purchases}
    branch = [t for t in month.truth if t.kind == "branch_gstin"]
    assert branch
    for row in branch:
        booked = books[row.purchase_invoice].supplier_gstin
        assert booked != row.supplier_gstin and pan_of(booked) == pan_of(row.supplier_gstin)


def test_near_twin_traps_never_reuse_a_reported_number():
    month = generate_month(4, 3000, "enterprise")
    reported = {(r.supplier_gstin, r.document_number.upper()) for r in month.ims_records}
    books = {p.name: p for p in month.purchases}
    twins = [books[t.purchase_invoice] for t in month.truth if t.kind == "near_twin"]
    assert twins
    assert not any((p.supplier_gstin, p.bill_no.strip().upper()) in reported for p in twins)


def test_zipf_sizes_give_one_dominant_supplier():
    month = generate_month(1, 20000, "sample")
    sizes = Counter(pan_of(r.supplier_gstin) for r in month.ims_records)
    assert sizes.most_common(1)[0][1] > 0.1 * 20000


@pytest.mark.parametrize(
    ("habit", "expected"),
    [
        ("no_separators", "INV25-260045"),
        ("other_separator", "INV-25-26-0045"),
        ("no_leading_zeros", "INV/25-26/45"),
        ("drop_fy", "INV/0045"),
        ("long_fy", "INV/2025-26/0045"),
        ("compact_fy", "INV/2526/0045"),
        ("drop_prefix", "25-26/0045"),
        ("serial_only", "45"),
        ("lowercase", "inv/25-26/0045"),
    ],
)
def test_clerk_habits_rewrite_a_number(habit, expected):
    series = Series.of("inv_fy", DocumentType.INVOICE, 2025, "MH")
    assert series.render(45) == "INV/25-26/0045"
    assert HABITS[habit].apply(series, 45) == expected


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown profile"):
        generate_month(1, 10, "nope")
