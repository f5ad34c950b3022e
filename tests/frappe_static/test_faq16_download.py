"""FAQ 16 in the download: a supplier's edit of a saved document resets an action not yet uploaded."""

from dataclasses import replace
from datetime import date

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, Section
from india_ims.gst_india.rules.lifecycle import document_fingerprint
from india_ims.ims.merge import (
    StoredRow,
    SupplierEdit,
    plan_download,
    reset_supplier_edits,
    supplier_edits_text,
)
from india_ims.ims.rows import record_to_row, row_to_record

GSTIN = "27AAAPA1234A1Z5"
SUPPLIER = "29AABCB5678B1Z3"


def _record(**changes) -> ImsRecord:
    record = ImsRecord(
        section=Section.B2B,
        supplier_gstin=SUPPLIER,
        document_number="INV/16",
        document_date=date(2026, 11, 3),
        supplier_return_period="112026",
        document_value=118_000_00,
        amounts=Amounts(100_000_00, 18_000_00, 0, 0, 0),
        place_of_supply="27",
        action=Action.NO_ACTION,
        invoice_type="R",
        supplier_filed=False,  # saved, not yet filed: the supplier may still edit it
        checksum="ab" * 32,
    )
    return replace(record, **changes)


class _Store:
    """The stored rows of one download and a reader of their records that counts its calls."""

    def __init__(self, records: list[ImsRecord], action: str | None = None):
        first = plan_download(records, {}, company="Acme", company_gstin=GSTIN)
        self.rows = {row["name"]: row for row in first.inserts}
        self.stored = {
            name: StoredRow(name, row["content_digest"], action or row["action"], row["gstn_action"], False)
            for name, row in self.rows.items()
        }
        self.reads: list[list[str]] = []

    def read(self, names: list[str]) -> dict[str, ImsRecord]:
        self.reads.append(sorted(names))
        return {name: row_to_record(self.rows[name]) for name in names}

    def download(self, records: list[ImsRecord]):
        plan = plan_download(records, self.stored, company="Acme", company_gstin=GSTIN)
        return plan, reset_supplier_edits(plan, self.stored, self.read)


def test_rule_faq16_a_supplier_edit_resets_an_action_not_yet_uploaded():
    store = _Store([_record()], action="Accepted")  # the user accepted; not uploaded yet
    edited = _record(document_value=120_000_00, amounts=Amounts(101_694_92, 18_305_08, 0, 0, 0))
    plan, edits = store.download([edited])
    (row,) = plan.updates
    assert row["action"] == "No Action" == row["gstn_action"] and row["upload_pending"] == 0
    assert edits == [SupplierEdit(row["name"], "Accepted", "No Action")]
    assert edits[0].reason == (
        "the supplier edited the document (FAQ 16): your Accepted, not yet uploaded, was reset"
    )
    assert not plan.portal_changes  # reported as an edit, not as an action taken on the portal


def test_rule_faq16_a_status_change_alone_keeps_the_pending_action():
    store = _Store([_record()], action="Rejected")
    # GSTN's status fields move (its action, checksum, filing), the supplier's values do not.
    plan, edits = store.download([_record(action=Action.PENDING, checksum="cd" * 32, supplier_filed=True)])
    (row,) = plan.updates
    assert row["action"] == "Rejected" and row["gstn_action"] == "Pending" and row["upload_pending"] == 1
    assert edits == [] and store.reads == [[row["name"]]]


def test_rule_faq16_every_value_a_supplier_edits_resets_the_pending_action():
    edits = {
        "document_date": date(2026, 11, 4),
        "document_value": 1,
        "amounts": Amounts(100_000_00, 18_000_01, 0, 0, 0),
        "place_of_supply": "29",
        "invoice_type": "SEWP",
        "reverse_charge": True,
    }
    for field, value in edits.items():
        store = _Store([_record()], action="Pending")
        plan, reset = store.download([_record(**{field: value})])
        assert [e.old_action for e in reset] == ["Pending"], field
        assert plan.updates[0]["action"] == "No Action", field


def test_rule_faq16_nothing_is_read_when_no_local_action_is_pending():
    store = _Store([_record(document_number=f"INV/{i}") for i in range(3)])
    plan, edits = store.download([_record(document_number=f"INV/{i}", document_value=i) for i in range(3)])
    assert len(plan.updates) == 3 and edits == [] and store.reads == []
    # an action that followed GSTN follows it again: the edited record's action is GSTN's
    assert {row["action"] for row in plan.updates} == {"No Action"}


def test_rule_faq16_only_the_pending_rows_among_the_updates_are_read_in_one_go():
    records = [_record(document_number=f"INV/{i}") for i in range(4)]
    store = _Store(records)
    pending = sorted(store.stored)[:2]
    for name in pending:
        store.stored[name] = replace(store.stored[name], action="Accepted")
    unchanged = records[3]
    plan, edits = store.download([replace(r, document_value=5) for r in records[:3]] + [unchanged])
    assert store.reads == [pending] and plan.unchanged == 1
    assert sorted(e.name for e in edits) == pending


def test_rule_faq16_an_uploaded_action_follows_gstn_when_the_edited_record_comes_back_as_no_action():
    # The user's Accept was uploaded: GSTN holds it, so action == gstn_action and nothing is pending.
    store = _Store([_record(action=Action.ACCEPT)])
    plan, edits = store.download([_record(document_value=120_000_00)])  # GSTN reset it (FAQ 16)
    (row,) = plan.updates
    assert row["action"] == "No Action" and row["upload_pending"] == 0 and edits == []
    assert [(c.old_action, c.new_action) for c in plan.portal_changes] == [("Accepted", "No Action")]


def test_fingerprint_of_a_stored_row_equals_the_record_it_was_made_from():
    record = _record(original_number="INV/15", original_date=date(2026, 10, 30), reverse_charge=True)
    row = record_to_row(record, company="Acme", company_gstin=GSTIN)
    assert document_fingerprint(row_to_record(row)) == document_fingerprint(record)


def test_supplier_edits_are_reported_in_words():
    one = [SupplierEdit("a", "Accepted", "No Action")]
    assert supplier_edits_text(one) == (
        "the supplier edited the document (FAQ 16): your actions on it not yet uploaded (Accepted 1) "
        "were reset to GSTN's"
    )
    two = [*one, SupplierEdit("b", "Rejected", "No Action")]
    assert supplier_edits_text(two).startswith("the supplier edited 2 documents (FAQ 16)")
    assert "(Accepted 1, Rejected 1)" in supplier_edits_text(two)
