"""A reconciliation's plan (``match_plan.plan``) writes exactly what the loop it replaced wrote.

``_old_plan`` is a verbatim copy of that loop (``reconcile.plan_writes`` before it moved here, less
the invoices claiming the period, which still come from the database): on generated months of
every profile, with rows new, stored as the engine answers, stored otherwise and held by hand, the
IMS updates, the invoice links and the counts must stay equal; a first download's rows, which
receive their results themselves, must end as the old updates left them.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import date

import pytest

from india_ims.gst_india.documents import MatchStatus
from india_ims.gst_india.matching import reconcile as engine
from india_ims.gst_india.matching.model import Difference
from india_ims.ims import match_plan
from india_ims.ims.constants import PI_LINK, PI_MATCH_REASON, PI_MATCH_STATUS, PI_PERIOD
from india_ims.ims.rows import MATCH_COLUMNS, record_to_row, stored_as
from india_ims.synthetic import generate_month

# The helpers the loop called are unchanged and tested on their own (as_json and claiming_period
# below, books_figures in the bench suite's test_ims_books_figures): only the loop is copied.
_old_json, _old_books_figures, _old_claiming_period = (
    match_plan.as_json, match_plan.books_figures, match_plan.claiming_period
)
_OLD_NO_BOOKS = match_plan.NO_BOOKS


def _old_plan(period, free, pinned, books, results):
    ims_updates, pi_updates = [], []
    matched = set()
    counts: dict[str, int] = {}
    for result in results:
        status = result.status.value if hasattr(result.status, "value") else str(result.status)
        counts[status] = counts.get(status, 0) + 1
        invoice = books[result.purchase_index].name if result.purchase_index is not None else None
        if result.ims_index is None:
            owner = _old_claiming_period(books[result.purchase_index]) or period
            pi_updates.append(
                {
                    "name": invoice,
                    PI_LINK: None,
                    PI_MATCH_STATUS: status,
                    PI_PERIOD: owner,
                    PI_MATCH_REASON: result.reason or None,
                }
            )
            continue
        row = free[result.ims_index]
        new = {
            "match_status": status,
            "purchase_invoice": invoice,
            "match_reason": result.reason or "",
            "match_differences": _old_json(result.differences),
            "match_score": float(result.score or 0),
        }
        new.update(_old_books_figures(books[result.purchase_index]) if invoice else _OLD_NO_BOOKS)
        matched.add(result.ims_index)
        if invoice:
            pi_updates.append(
                {"name": invoice, PI_LINK: row["name"], PI_MATCH_STATUS: status, PI_PERIOD: period,
                 PI_MATCH_REASON: None}
            )
        if not stored_as(row, new):
            ims_updates.append({"name": row["name"], **new})
    for index, row in enumerate(free):
        if index not in matched and row.get("match_status") != MatchStatus.MISSING_IN_PI.value:
            ims_updates.append(
                {
                    "name": row["name"],
                    "match_status": MatchStatus.MISSING_IN_PI.value,
                    "purchase_invoice": None,
                    "match_reason": "",
                    "match_differences": None,
                    "match_score": 0,
                    **_OLD_NO_BOOKS,
                }
            )
    for row in pinned:
        if row.get("purchase_invoice"):
            pi_updates.append(
                {"name": row["purchase_invoice"], PI_LINK: row["name"],
                 PI_MATCH_STATUS: MatchStatus.MANUAL.value, PI_PERIOD: period, PI_MATCH_REASON: None}
            )
    return ims_updates, pi_updates, counts


def _month(seed: int, profile: str):
    month = generate_month(seed, 600, profile, period="102026")
    rows = [record_to_row(r, company="Acme", company_gstin=month.recipient_gstin) for r in month.ims_records]
    for i, row in enumerate(rows):
        row["name"] = f"IMS-{i:05d}"
    results = engine(month.ims_records, month.purchases)
    return month, rows, results


def _stored(rows, results, books):
    """Rows as a reconciliation left them, then varied: one in five moved, one in seven blank."""
    updates, _, _ = _old_plan("102026", [dict(r) for r in rows], [], books, results)
    by_name = {u["name"]: u for u in updates}
    stored = []
    for i, row in enumerate(rows):
        row = {**row, **by_name.get(row["name"], {})}
        if i % 5 == 0:
            row["match_status"] = MatchStatus.MISMATCH.value
        if i % 7 == 0:
            row.update(dict.fromkeys(MATCH_COLUMNS))
        if i % 11 == 0:
            row["match_score"] = str(row.get("match_score"))  # read back as text
        stored.append(row)
    return stored


@pytest.mark.parametrize(("seed", "profile"), [(3, "messy"), (7, "habits"), (11, "sample"), (5, "combined")])
def test_the_plan_writes_what_the_loop_before_it_wrote(seed, profile):
    month, rows, results = _month(seed, profile)
    books = month.purchases
    for free in (rows, _stored(rows, results, books)):
        pinned = [{"name": "IMS-PINNED", "purchase_invoice": books[0].name}, {"name": "IMS-UNLINKED"}]
        old = _old_plan("102026", [dict(r) for r in free], pinned, books, results)
        new = match_plan.plan("102026", [dict(r) for r in free], pinned, books, results)
        assert new.ims_updates == old[0]
        assert new.pi_updates == old[1]
        assert new.counts == old[2]
        assert new.counts and new.pi_updates and new.ims_updates


def test_records_the_results_leave_out_are_missing_in_pi_as_before():
    month, rows, results = _month(3, "messy")
    books = month.purchases
    # results for one record in three only: the others were paired with nothing
    kept = [r for r in results if r.ims_index is None or r.ims_index % 3 == 0]
    stored = _stored(rows, results, books)
    for free in (rows, stored):
        old = _old_plan("102026", [dict(r) for r in free], [], books, kept)
        new = match_plan.plan("102026", [dict(r) for r in free], [], books, kept)
        assert (new.ims_updates, new.pi_updates, new.counts) == old
        left = [u for u in new.ims_updates if u["match_status"] == MatchStatus.MISSING_IN_PI.value]
        assert len(left) > 100
    deferred = [{"name": r["name"], "supplier_return_period": r["supplier_return_period"]} for r in rows]
    match_plan.plan("102026", deferred, [], books, kept, new_rows=True)
    assert deferred[1]["match_status"] == MatchStatus.MISSING_IN_PI.value
    assert deferred[1]["books_invoice"] is None and deferred[1]["books_igst"] == 0


@pytest.mark.parametrize(("seed", "profile"), [(3, "messy"), (13, "enterprise")])
def test_new_rows_receive_their_results_as_the_old_updates_left_them(seed, profile):
    month, rows, results = _month(seed, profile)
    books = month.purchases
    # a first download's rows hold only their name and period until they are written
    deferred = [{"name": r["name"], "supplier_return_period": r["supplier_return_period"]} for r in rows]
    old_updates, old_links, old_counts = _old_plan("102026", [dict(r) for r in deferred], [], books, results)
    merged = {r["name"]: dict(r) for r in deferred}
    for update in old_updates:
        merged[update["name"]].update(update)
    planned = match_plan.plan("102026", deferred, [], books, results, new_rows=True)
    assert deferred == list(merged.values())
    assert [row["name"] for row in planned.ims_updates] == [u["name"] for u in old_updates]
    # each update is the row itself, not a copy the caller must merge
    assert {id(update) for update in planned.ims_updates} <= {id(row) for row in deferred}
    assert (planned.pi_updates, planned.counts) == (old_links, old_counts)


def test_a_link_as_read_is_not_written_again():
    update = {"name": "PINV-1", PI_LINK: "IMS-1", PI_MATCH_STATUS: "Exact Match", PI_PERIOD: "102026",
              PI_MATCH_REASON: None}
    moved = {**update, "name": "PINV-2", PI_MATCH_STATUS: "Mismatch"}
    read = ("IMS-1", "Exact Match", "102026", "")
    current = {"PINV-1": read, "PINV-2": read}
    assert match_plan.changed_links([update, moved], current) == [moved]


def test_differences_are_written_as_the_json_of_their_dataclasses():
    from india_ims.gst_india.documents import DocumentType

    month = generate_month(5, 400, "messy", period="102026")
    written = [r.differences for r in engine(month.ims_records, month.purchases) if r.differences]
    assert len(written) > 5
    # and values of every kind a difference may hold, an enum and a nested dataclass among them
    written.append(
        (
            Difference("document_type", DocumentType.INVOICE, DocumentType.DEBIT_NOTE),
            Difference("document_date", date(2026, 11, 2), None),
            Difference("taxable_value", 100, 2.5),
            Difference("reverse_charge", True, "x"),
            Difference("nested", Difference("a", 1, 2), [1, 2]),
        )
    )
    for differences in written:
        expected = json.dumps(
            [asdict(d) for d in differences],
            default=lambda v: v.value if hasattr(v, "value") else str(v),
            sort_keys=True,
        )
        assert match_plan.as_json(differences) == expected


def test_an_unpaired_invoice_is_claimed_by_the_month_of_its_bill_date_else_of_its_posting_date():
    from types import SimpleNamespace as Invoice

    posted = date(2026, 10, 2)
    assert match_plan.claiming_period(Invoice(bill_date=date(2026, 9, 30), posting_date=posted)) == "092026"
    assert match_plan.claiming_period(Invoice(bill_date=None, posting_date=posted)) == "102026"
    assert match_plan.claiming_period(Invoice(bill_date=None, posting_date=None)) is None
