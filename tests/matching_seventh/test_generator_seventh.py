"""Tests of the seventh generator itself (no quality bars on the engine here): determinism, well
formed truth, every habit reached, and each habit's label read off the definitions on a small
hand-built case."""

from __future__ import annotations

import random
import re
from collections import Counter
from datetime import date

import pytest

from india_ims.gst_india.documents import Amounts, DocumentType
from india_ims.gst_india.gstin import is_valid_gstin
from india_ims.gst_india.matching.scoring import CATEGORY_STATUS, PAIRED

from .bills import Bill, Ledger
from .build import to_ims, to_purchase
from .habits import HABITS, LABEL, indian_grouping
from .month import PROFILES, make_month
from .scenarios import SCENARIOS
from .truth import category, number_class
from .world import Registration, Supplier, World, make_gstin

RECIPIENT = make_gstin("27", "AAACR1234Q")


def _supplier(scheme="fy_mid", **quirks) -> Supplier:
    regs = [Registration(make_gstin("27", "AABCS4321K"), "27", 412),
            Registration(make_gstin("29", "AABCS4321K"), "29", 188)]
    return Supplier("Sri Balaji Traders", "AABCS4321K", scheme, "SI", regs, (18,), **quirks)


@pytest.mark.parametrize("profile", PROFILES)
def test_deterministic_per_seed(profile):
    first, second = make_month(5, 80, profile), make_month(5, 80, profile)
    assert (first.ims, first.purchases, first.truth) == (second.ims, second.purchases, second.truth)
    assert make_month(6, 80, profile).truth != first.truth


@pytest.mark.parametrize("profile", PROFILES)
def test_truth_rows_well_formed(profile):
    month = make_month(3, 200, profile)
    names = [p.name for p in month.purchases]
    assert len(names) == len(set(names))
    assert sorted(r["purchase_invoice"] for r in month.truth if r["purchase_invoice"]) == sorted(names)
    keys = [(r["section"], r["supplier_gstin"], r["document_number"]) for r in month.truth if r["section"]]
    assert len(keys) == len(set(keys)) == len(month.ims)
    for row in month.truth:
        assert set(row) == {"section", "supplier_gstin", "document_number", "purchase_invoice", "category"}
        assert row["category"] in CATEGORY_STATUS
        assert bool(row["section"]) == (row["category"] != "missing_in_ims")
        assert bool(row["purchase_invoice"]) == (row["category"] != "missing_in_pi")
    for record in month.ims:
        assert is_valid_gstin(record.supplier_gstin)
        assert re.fullmatch(r"[A-Za-z0-9/-]{1,16}", record.document_number)
    assert all(is_valid_gstin(p.supplier_gstin) for p in month.purchases)
    assert len(month.ims_habits) == len(month.ims) and len(month.books_habits) == len(month.purchases)
    assert all(Counter(r["category"] for r in month.truth)[c] for c in CATEGORY_STATUS)


def test_every_habit_applied():
    seen = Counter()
    for seed in (1, 2):
        for profile in PROFILES:
            month = make_month(seed, 150, profile)
            for tags in month.books_habits + month.ims_habits:
                seen.update(tags)
    missing = [name for name in (*HABITS, *SCENARIOS) if not seen[name]]
    assert not missing, missing


def _pair(habit_name: str, supplier: Supplier, interstate=False, cess=0) -> str:
    registration = supplier.registrations[1 if interstate else 0]
    rng = random.Random(habit_name)
    amounts = (Amounts(1_234_567, 222_222, 0, 0, cess) if interstate
               else Amounts(1_234_567, 0, 111_111, 111_111, cess))
    number = supplier.number(registration)
    bill = Bill(1, supplier, registration, DocumentType.INVOICE, number, date(2026, 12, 9), amounts, "27",
                value=amounts.taxable_value + amounts.total_tax)
    ledger = Ledger(rng, World(RECIPIENT, "27", [supplier]))
    entry = ledger.book(bill)
    assert HABITS[habit_name](rng, bill, entry), habit_name
    return category(to_ims(bill), to_purchase(entry, "PI-1", RECIPIENT))


@pytest.mark.parametrize("name, scheme, quirks, cess", [
    ("cess_folded_into_tax_head", "fy_mid", {}, 150_000),
    ("gross_before_trade_discount", "fy_mid", {"trade_discount": 5}, 0),
    ("exempt_lines_in_taxable", "fy_mid", {"exempt_lines": True}, 0),
    ("tax_template_forgotten", "fy_mid", {}, 0),
    ("paisa_half_even", "fy_mid", {}, 0),
    ("rupee_added_to_tally", "fy_mid", {}, 0),
    ("thousands_comma_number", "sap", {}, 0),
    ("fy_token_moved", "fy_mid", {}, 0),
    ("sap_prefix_dropped", "sap", {}, 0),
])
def test_habit_label_follows_definitions(name, scheme, quirks, cess):
    for interstate in (False, True):
        assert _pair(name, _supplier(scheme, **quirks), interstate, cess) == LABEL[name]


EXPECTED = {  # categories of every document a scenario makes (reported ones paired when booked)
    "return_keeps_original_date": {"exact", "suggested"},
    "credit_note_netted_into_invoice": {"mismatch", "missing_in_pi"},
    "debit_note_added_into_invoice": {"mismatch", "missing_in_pi"},
    "reissued_invoice_old_booked": {"missing_in_pi", "missing_in_ims"},
    "proforma_also_booked": {"exact", "missing_in_ims"},
    "interest_debit_note_in_journal": {"missing_in_pi"},
    "branch_twins_same_number": {"exact"},
    "site_bills_retyped": {"suggested"},
}


@pytest.mark.parametrize("name", SCENARIOS)
def test_scenario_labels_follow_definitions(name):
    rng = random.Random(name)
    other = Supplier("Om Agencies", "AAFCO9876L", "bill_book", "", [Registration(
        make_gstin("27", "AAFCO9876L"), "27", 412)], (5,))
    scheme = "sap" if name == "site_bills_retyped" else "bill_book"
    ledger = Ledger(rng, World(RECIPIENT, "27", [_supplier(scheme), other]))
    assert SCENARIOS[name](rng, ledger)
    booked = {e.bill.key: e for e in ledger.entries if e.main}
    found = set()
    for bill in ledger.bills:
        entry = booked.get(bill.key)
        if bill.in_ims:
            document = to_purchase(entry, "PI", RECIPIENT) if entry else None
            found.add(category(to_ims(bill), document) if document else "missing_in_pi")
        elif entry:
            found.add("missing_in_ims")
    expected = EXPECTED.get(name, {"exact", "missing_in_pi"})
    assert found == expected, (name, found)


def test_number_helpers():
    assert indian_grouping("9000012345") == "9,00,00,12,345"
    assert indian_grouping("1234") == "1,234"
    assert number_class("SI/26-27/0412", "SI/0412/26-27") == 1
    assert number_class("9000012345", "9,00,00,12,345") == 1
    assert number_class("9000012345", "12345") == 1
    assert number_class("1357", "357") > 1
    assert set(PAIRED) == {"exact", "suggested", "mismatch"}
