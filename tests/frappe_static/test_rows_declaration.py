"""The declared ITC reduction's columns on an IMS Inward Supply row (pure; spec 1.8)."""

from datetime import date
from decimal import Decimal

import pytest

from india_ims.gst_india.documents import FULL_REDUCTION, Action, Amounts, ImsRecord, ItcReduction, Section
from india_ims.ims.rows import (
    DECLARATION_COLUMNS,
    GSTN_COLUMNS,
    content_digest,
    declaration_columns,
    declaration_of,
    gstn_holds_declaration,
    held_reduction,
    record_to_row,
    row_to_record,
    upload_pending,
)


@pytest.mark.parametrize(
    "reduction",
    [ItcReduction(False), ItcReduction(True), ItcReduction(True, igst=12_34, cgst=5_01, sgst=5_01, cess=7)],
)
def test_declaration_round_trips_through_the_columns(reduction):
    columns = declaration_columns(reduction)
    assert set(columns) == set(DECLARATION_COLUMNS)
    assert declaration_of(columns) == reduction


def test_declaration_as_the_database_returns_it():
    row = {
        "upload_itc_reduction": "Y",
        "upload_declared_igst": Decimal("0E-9"),
        "upload_declared_cgst": Decimal("90.500000000"),
        "upload_declared_sgst": Decimal("90.500000000"),
        "upload_declared_cess": None,
    }
    assert declaration_of(row) == ItcReduction(True, cgst=90_50, sgst=90_50)


@pytest.mark.parametrize("flag", [None, "", "Yes", "n"])
def test_no_declaration_unless_y_or_n(flag):
    assert declaration_of({"upload_itc_reduction": flag, "upload_declared_igst": 5}) is None


def test_clearing_writes_empty_flag_and_zero_amounts():
    columns = declaration_columns(None)
    assert columns["upload_itc_reduction"] == ""
    assert {columns[c] for c in DECLARATION_COLUMNS[1:]} == {Decimal("0.00")}
    assert declaration_of(columns) is None


def test_declaration_is_local_intent_outside_the_gstn_digest():
    assert not set(DECLARATION_COLUMNS) & set(GSTN_COLUMNS)
    row = dict.fromkeys(GSTN_COLUMNS, "")
    assert content_digest(row) == content_digest({**row, **declaration_columns(ItcReduction(False))})


@pytest.mark.parametrize(
    ("action", "gstn_action", "flag", "pending"),
    [
        ("Accepted", "No Action", "", 1),
        ("Accepted", "Accepted", "", 0),
        ("Accepted", "Accepted", "N", 1),  # a declaration still to send with a re-Accept
        ("Rejected", "Rejected", "N", 0),  # a stale flag never travels without Accept
        (None, None, None, 0),
    ],
)
def test_upload_pending(action, gstn_action, flag, pending):
    row = {"action": action, "gstn_action": gstn_action, "upload_itc_reduction": flag}
    assert upload_pending(row) == pending


def test_gstn_holds_declaration_compares_flag_and_amounts():
    declared = declaration_columns(ItcReduction(True, cgst=10_00, sgst=10_00))
    held = {
        "itc_reduction_required": "Yes",
        "itc_reduction_igst": 0,
        "itc_reduction_cgst": Decimal("10.000000000"),
        "itc_reduction_sgst": 10,
        "itc_reduction_cess": None,
    }
    assert gstn_holds_declaration({**held, **declared})
    assert not gstn_holds_declaration({**held, **declared, "itc_reduction_cgst": 9})
    assert not gstn_holds_declaration({**held, **declared, "itc_reduction_required": "No"})
    assert not gstn_holds_declaration({**held, **declared, "itc_reduction_required": ""})
    assert not gstn_holds_declaration(held)
    nil = declaration_columns(ItcReduction(False))
    assert gstn_holds_declaration({**held, **nil, "itc_reduction_required": "No"})


def _amended_note(reduction):
    return ImsRecord(
        section=Section.B2BCNA, supplier_gstin="27AAPFU0939F1ZV", document_number="CN-1A",
        document_date=date(2025, 10, 10), supplier_return_period="102025", document_value=1180_00,
        amounts=Amounts(1000_00, 0, 90_00, 90_00, 0), place_of_supply="27", action=Action.ACCEPT,
        invoice_type="R", original_number="CN-1", original_date=date(2025, 8, 10), itc_reduction=reduction,
    )


def test_spec18_full_reduction_without_amounts_round_trips_as_full_not_as_zero():
    row = record_to_row(_amended_note(FULL_REDUCTION), company="Acme", company_gstin="24AAACI1681G1Z0")
    assert row["itc_reduction_required"] == "Full"
    back = row_to_record(row).itc_reduction
    assert back == FULL_REDUCTION and back.full_undeclared and back != ItcReduction(True)
    # as the database returns the amount columns (decimal zeros): still the full reduction
    database = {**row, **{f"itc_reduction_{h}": Decimal("0E-9") for h in ("igst", "cgst", "sgst", "cess")}}
    assert held_reduction(database) == FULL_REDUCTION
    declared = ItcReduction(True, 0, 90_00, 90_00, 0)
    assert row_to_record(record_to_row(_amended_note(declared), company="Acme",
                                       company_gstin="24AAACI1681G1Z0")).itc_reduction == declared


def test_spec18_full_reduction_without_amounts_is_never_stored_as_a_declaration_to_upload():
    with pytest.raises(ValueError, match="declare the amounts"):
        declaration_columns(FULL_REDUCTION)


def test_spec18_gstn_holding_y_without_amounts_never_equals_a_declaration():
    held = {"itc_reduction_required": "Full", **dict.fromkeys(
        ("itc_reduction_igst", "itc_reduction_cgst", "itc_reduction_sgst", "itc_reduction_cess"), 0)}
    assert not gstn_holds_declaration({**held, **declaration_columns(ItcReduction(True))})
    declared = declaration_columns(ItcReduction(True, cgst=90_00, sgst=90_00))
    assert not gstn_holds_declaration({**held, **declared})
    assert not gstn_holds_declaration({**held, **declaration_columns(ItcReduction(False))})
