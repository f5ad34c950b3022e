"""The issue's quality bars, on the shared sample and on generated months with other habits."""

import pytest

from india_ims.data import SAMPLE_MONTH
from india_ims.gst_india.matching import reconcile
from india_ims.gst_india.matching.result_file import result_rows, write_result_csv
from india_ims.gst_india.matching.scoring import score_files, score_rows
from india_ims.synthetic import PROFILES, generate_month


def _truth_rows(month):
    return [{"section": t.section, "supplier_gstin": t.supplier_gstin, "document_number": t.document_number,
             "purchase_invoice": t.purchase_invoice, "category": t.category} for t in month.truth]


def assert_bars(score):
    assert score.precision >= 0.999, score.report()
    assert score.recall >= 0.99, score.report()
    assert score.status_agreement >= 0.97, score.report()
    assert score.wrong_confident == 0, score.report()


def test_sample_month_meets_the_bars(sample_month, tmp_path):
    records, books = sample_month
    result = tmp_path / "RESULT.csv"
    write_result_csv(result, reconcile(records, books), records, books)
    score = score_files(result, SAMPLE_MONTH / "truth.csv")
    assert_bars(score)
    assert score.true_pairs == 560


@pytest.mark.parametrize("profile", sorted(PROFILES))
@pytest.mark.parametrize("seed", [101, 202])
def test_generated_months_meet_the_bars(profile, seed):
    month = generate_month(seed=seed, n_ims=2500, profile=profile)
    rows = list(result_rows(reconcile(month.ims_records, month.purchases), month.ims_records,
                            month.purchases))
    assert_bars(score_rows(rows, _truth_rows(month)))
