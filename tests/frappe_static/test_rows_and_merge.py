"""Row mapping and download planning (pure modules of the Frappe layer)."""

from dataclasses import replace
from datetime import date, datetime
from decimal import Decimal

from india_ims.gst_india.documents import FULL_REDUCTION, Action, Amounts, ImsRecord, ItcReduction, Section
from india_ims.ims.merge import StoredRow, plan_download
from india_ims.ims.rows import (
    content_digest,
    identity,
    name_and_digest,
    record_to_row,
    row_name,
    row_to_record,
)

GSTIN = "27AAAPA1234A1Z5"
SUPPLIER = "29AABCB5678B1Z3"


def _record(**changes) -> ImsRecord:
    record = ImsRecord(
        section=Section.B2BA,
        supplier_gstin=SUPPLIER,
        document_number="inv/001",
        document_date=date(2025, 10, 3),
        supplier_return_period="102025",
        document_value=118_000_50,
        amounts=Amounts(100_000_50, 18_000_00, 0, 0, 12),
        place_of_supply="27",
        action=Action.PENDING,
        invoice_type="R",
        pending_blocked=False,
        original_number="INV/000",
        original_date=date(2025, 9, 30),
        checksum="ab" * 32,
        remarks="short",
        remarks_blocked=True,
        itc_reduction_blocked=False,
        itc_reduction=ItcReduction(True, igst=5_00),
        reverse_charge=True,
    )
    return replace(record, **changes)


def _as_database_returns(row: dict) -> dict:
    """What MariaDB hands back: decimals with 9 places, dates, ints for checks, None for empty."""
    out = {}
    for key, value in row.items():
        if isinstance(value, Decimal):
            out[key] = value.quantize(Decimal("0.000000001"))
        elif value == "":
            out[key] = None
        else:
            out[key] = value
    return out


def test_round_trip_keeps_every_field():
    record = _record()
    row = record_to_row(record, company="Acme", company_gstin=GSTIN)
    assert row_to_record(_as_database_returns(row)) == record


def test_digest_is_the_same_from_python_and_from_the_database():
    row = record_to_row(_record(), company="Acme", company_gstin=GSTIN)
    assert content_digest(row) == content_digest(_as_database_returns(row))


def test_digest_sees_an_action_or_amount_change():
    row = record_to_row(_record(), company="Acme", company_gstin=GSTIN)
    for changed in (_record(action=Action.ACCEPT), _record(amounts=Amounts(100_000_51, 18_000_00, 0, 0, 12))):
        assert content_digest(record_to_row(changed, company="Acme", company_gstin=GSTIN)) != content_digest(
            row
        )


def test_name_ignores_case_and_spaces_of_the_number_but_not_the_financial_year():
    a = row_name(identity(GSTIN, _record(document_number=" INV/001 ")))
    assert a == row_name(identity(GSTIN, _record(document_number="inv/001")))
    assert a != row_name(identity(GSTIN, _record(document_date=date(2026, 4, 1))))


def _stored(plan_rows, **overrides):
    return {
        r["name"]: StoredRow(
            r["name"],
            overrides.get("digest", r["content_digest"]),
            overrides.get("action", r["action"]),
            r["gstn_action"],
        )
        for r in plan_rows
    }


def test_second_download_of_the_same_data_writes_nothing():
    records = [_record(document_number=f"INV/{i}") for i in range(5)]
    first = plan_download(records, {}, company="Acme", company_gstin=GSTIN)
    assert len(first.inserts) == 5 and first.writes == 5
    second = plan_download(records, _stored(first.inserts), company="Acme", company_gstin=GSTIN)
    assert second.writes == 0 and second.unchanged == 5


def test_portal_decision_is_picked_up_when_nothing_local_is_pending():
    first = plan_download([_record(action=Action.NO_ACTION)], {}, company="Acme", company_gstin=GSTIN)
    stored = _stored(first.inserts)
    again = plan_download([_record(action=Action.REJECT)], stored, company="Acme", company_gstin=GSTIN)
    (row,) = again.updates
    assert row["action"] == "Rejected" and row["upload_pending"] == 0
    assert [(c.old_action, c.new_action) for c in again.portal_changes] == [("No Action", "Rejected")]


def test_local_decision_not_uploaded_is_never_overwritten():
    first = plan_download([_record(action=Action.NO_ACTION)], {}, company="Acme", company_gstin=GSTIN)
    stored = _stored(first.inserts, action="Accepted")  # the user accepted; not uploaded yet
    again = plan_download([_record(action=Action.PENDING)], stored, company="Acme", company_gstin=GSTIN)
    (row,) = again.updates
    assert row["action"] == "Accepted" and row["gstn_action"] == "Pending" and row["upload_pending"] == 1
    assert not again.portal_changes


def test_repeated_document_in_one_download_is_one_row():
    plan = plan_download([_record(), _record(document_value=1)], {}, company="Acme", company_gstin=GSTIN)
    assert len(plan.inserts) == 1 and plan.repeated == 1
    assert plan.inserts[0]["document_value"] == Decimal("0.01")


def test_dates_from_the_database_may_be_datetimes():
    row = _as_database_returns(record_to_row(_record(), company="Acme", company_gstin=GSTIN))
    row["document_date"] = datetime(2025, 10, 3, 0, 0)
    assert row_to_record(row).document_date == date(2025, 10, 3)


def test_derived_columns_are_computed_only_for_rows_written():
    records = [_record(document_number=f"INV/{i}") for i in range(3)]
    seen = []

    def derived(record, name=None):
        seen.append(record.document_number)
        return {"pending_allowed": 1}

    first = plan_download(records, {}, company="Acme", company_gstin=GSTIN, derived=derived)
    assert len(seen) == 3 and all(row["pending_allowed"] == 1 for row in first.inserts)
    seen.clear()
    changed = [*records[:2], _record(document_number="INV/2", action=Action.REJECT)]
    stored = _stored(first.inserts)
    again = plan_download(changed, stored, company="Acme", company_gstin=GSTIN, derived=derived)
    assert seen == ["INV/2"] and [row["pending_allowed"] for row in again.updates] == [1]


def _slow_name_and_digest(record: ImsRecord, company: str = "Acme") -> tuple[str, str]:
    return (
        row_name(identity(GSTIN, record)),
        content_digest(record_to_row(record, company=company, company_gstin=GSTIN)),
    )


def test_name_and_digest_in_one_pass_equal_the_row_path_for_every_kind_of_record():
    from india_ims.synthetic import generate_month

    records = [
        _record(),
        _record(itc_reduction=None, pending_blocked=None, remarks=None, remarks_blocked=None),
        _record(itc_reduction=ItcReduction(False), itc_reduction_blocked=True, reverse_charge=False),
        _record(itc_reduction=FULL_REDUCTION, section=Section.B2BCNA),
        _record(original_number=None, original_date=None, checksum=None, invoice_type=None),
        _record(amounts=Amounts(-100_00, 0, 9_00, 9_00, 0), document_value=-118_00, action=Action.REJECT),
        _record(amounts=Amounts(10_000_00, 1_800_00, 0, 0, 0), document_value=0, supplier_filed=False),
        _record(document_number=" inv/ 7 ", supplier_gstin=" 29aabcb5678b1z3", remarks="quote ' \\ é 🧾"),
        _record(document_date=date(2026, 3, 31), section=Section.B2BDN, place_of_supply=""),
    ]
    for profile in ("enterprise", "messy"):
        records += generate_month(13, 400, profile).ims_records
    sections = {record.section for record in records}
    assert len(sections) >= 6
    for record in records:
        assert name_and_digest(record, company="Acme", company_gstin=GSTIN) == _slow_name_and_digest(record)
    # the company GSTIN is normalised on both paths
    assert name_and_digest(records[0], company="Acme", company_gstin=GSTIN.lower() + " ") == (
        _slow_name_and_digest(records[0])
    )


def test_name_and_digest_see_every_gstn_column_change():
    base = name_and_digest(_record(), company="Acme", company_gstin=GSTIN)[1]
    changes = [
        {"action": Action.ACCEPT},
        {"amounts": Amounts(100_000_51, 18_000_00, 0, 0, 12)},
        {"document_value": 1},
        {"remarks": "other"},
        {"supplier_filed": False},
        {"itc_reduction": ItcReduction(True, cgst=1)},
        {"itc_reduction": FULL_REDUCTION},
        {"pending_blocked": True},
        {"checksum": "cd" * 32},
        {"original_date": date(2025, 9, 29)},
        {"place_of_supply": "29"},
        {"supplier_return_period": "112025"},
        {"source_form": "R1A"},
    ]
    for change in changes:
        assert name_and_digest(_record(**change), company="Acme", company_gstin=GSTIN)[1] != base, change
    assert name_and_digest(_record(), company="Other", company_gstin=GSTIN)[1] != base
