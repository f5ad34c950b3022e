"""Which supplier periods a download matches before saving their rows (``merge.periods_to_match_first``),
and why the records as downloaded may stand in for the rows read back."""

from india_ims.gst_india.matching import reconcile as engine
from india_ims.ims.merge import periods_to_match_first, plan_download
from india_ims.ims.rows import record_to_row, row_to_record
from india_ims.synthetic import generate_month


def test_a_period_whose_rows_are_all_new_is_matched_before_saving():
    assert periods_to_match_first({"102026"}, set(), set(), {"102026"}) == ["102026"]


def test_a_period_with_stored_rows_is_saved_first_and_reconciled_after():
    assert periods_to_match_first({"102026"}, set(), {"102026"}, set()) == []


def test_a_period_a_changed_row_moves_into_is_not_new():
    # nothing of 102026 is stored, but an updated row (stored under another period) lands in it
    assert periods_to_match_first({"102026"}, {"102026"}, set(), set()) == []


def test_periods_are_taken_in_the_order_a_worker_reconciles_them_until_one_is_not_new():
    # 092026 has stored rows: reconciling it may change what 102026 may match, so 102026 waits
    assert periods_to_match_first({"082026", "102026"}, {"092026"}, {"092026"}, set()) == ["082026"]
    assert periods_to_match_first({"082026", "102026"}, set(), set(), set()) == ["082026", "102026"]


def test_a_period_the_job_reconciles_without_new_rows_stops_the_walk():
    # the job's own period comes first and has no rows: its reconciliation runs first, as before
    assert periods_to_match_first({"102026"}, set(), set(), {"012026"}) == []
    assert periods_to_match_first({"102026"}, set(), set(), {"112026", ""}) == ["102026"]


def test_nothing_downloaded_matches_nothing():
    assert periods_to_match_first(set(), set(), set(), {"102026"}) == []


def test_the_plan_keeps_each_written_row_s_record():
    month = generate_month(3, 50, "messy", period="102026")
    gstin = month.recipient_gstin
    plan = plan_download(month.ims_records, {}, company="Acme", company_gstin=gstin)
    assert set(plan.records) == {row["name"] for row in plan.inserts}
    for row in plan.inserts:
        built = record_to_row(plan.records[row["name"]], company="Acme", company_gstin=gstin)
        assert built == {key: row[key] for key in built}


def test_the_engine_answers_the_same_on_records_as_downloaded_and_as_read_back_from_their_rows():
    # A download matches the records it received; the reconciliation reads them back from their rows.
    # The two differ only in flags the engine does not read (None read back as False).
    month = generate_month(5, 400, "messy", period="102026")
    back = [
        row_to_record(record_to_row(r, company="Acme", company_gstin=month.recipient_gstin))
        for r in month.ims_records
    ]
    assert back != list(month.ims_records)
    assert engine(month.ims_records, month.purchases) == engine(back, month.purchases)
