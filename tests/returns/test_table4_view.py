"""Table 4 as the preview shows it: every row of the form in order, 4B(1) and 4D(1) left to the
taxpayer, local beside GSTN's, and a summary to paste."""

from datetime import date

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.returns import compute_gstr2b, compute_table4
from india_ims.gst_india.returns.table4_view import copyable_summary, table4_rows
from india_ims.gst_india.rules import RecordState
from tests.rules.factories import context, record, rupees

TODAY = date(2026, 11, 30)


def _table(actions):
    states = [
        RecordState(
            record(
                Section.B2B, "INV-1", period="102026", day=date(2026, 10, 3), igst=18000, action=actions[0]
            )
        ),
        RecordState(
            record(
                Section.B2BCN,
                "CN-1",
                period="102026",
                day=date(2026, 10, 9),
                igst=0,
                cgst=450,
                sgst=450,
                action=actions[1],
            )
        ),
    ]
    gstr2b = compute_gstr2b(states, "102026", context(TODAY, ("092026",)), enforce_generation_rules=False)
    return compute_table4(gstr2b)


def test_rows_in_the_forms_order_with_the_taxpayers_own_rows_at_zero():
    rows = table4_rows(_table([Action.ACCEPT, Action.NO_ACTION]))
    assert [r.row for r in rows] == [
        "4A(1)",
        "4A(3)",
        "4A(4)",
        "4A(5)",
        "4B(1)",
        "4B(2)",
        "4C",
        "4D(1)",
        "4D(2)",
    ]
    by_row = {r.row: r for r in rows}
    assert by_row["4A(5)"].local == Amounts(0, rupees(18000), rupees(-450), rupees(-450), 0)
    assert by_row["4B(1)"].local.total_tax == 0 and "not auto-populated" in by_row["4B(1)"].source
    assert by_row["4D(1)"].local.total_tax == 0
    assert all(r.gstn is None and r.difference is None for r in rows)


def test_local_beside_gstn_gives_the_difference_per_row():
    local = _table([Action.ACCEPT, Action.REJECT])  # the credit note rejected here ...
    gstn = _table([Action.ACCEPT, Action.NO_ACTION])  # ... GSTN still counts it
    by_row = {r.row: r for r in table4_rows(local, gstn)}
    assert by_row["4A(5)"].difference == Amounts(0, 0, rupees(450), rupees(450), 0)
    assert by_row["4C"].difference == by_row["4A(5)"].difference
    assert by_row["4A(1)"].difference.total_tax == 0


def test_copyable_summary_has_one_line_a_row_in_indian_grouping():
    text = copyable_summary(
        _table([Action.ACCEPT, Action.NO_ACTION]), "102026", gstin="24AAACH7409R1Z7", basis="local preview"
    )
    lines = text.splitlines()
    assert lines[0] == "GSTR-3B Table 4, Oct 2026, 24AAACH7409R1Z7 (local preview)"
    assert "4A(5)\t18,000.00\t-450.00\t-450.00\t0.00" in lines
    assert lines[-1].startswith("3.1(d)\t0.00")
