"""The declared ITC reduction's columns on an IMS Inward Supply row (pure; spec 1.8)."""

from decimal import Decimal

import pytest

from india_ims.gst_india.documents import ItcReduction
from india_ims.ims.rows import (
    DECLARATION_COLUMNS,
    GSTN_COLUMNS,
    content_digest,
    declaration_columns,
    declaration_of,
    gstn_holds_declaration,
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
