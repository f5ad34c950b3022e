from india_ims.gst_india.matching.scoring import score_rows


def row(section, gstin, number, pi, status):
    return {"section": section, "supplier_gstin": gstin, "document_number": number, "purchase_invoice": pi,
            "match_status": status}


def truth(section, gstin, number, pi, category):
    return {"section": section, "supplier_gstin": gstin, "document_number": number, "purchase_invoice": pi,
            "category": category}


def test_scores_pairs_statuses_and_confident_wrong_pairs():
    truth_rows = [
        truth("b2b", "G", "1", "PI-1", "exact"),
        truth("b2b", "G", "2", "PI-2", "mismatch"),
        truth("b2b", "G", "3", "", "missing_in_pi"),
        truth("", "", "", "PI-3", "missing_in_ims"),
    ]
    result_rows = [
        row("b2b", "G", "1", "PI-1", "Exact Match"),
        row("b2b", "G", "2", "PI-2", "Suggested Match"),  # right pair, wrong status
        row("b2b", "G", "3", "PI-3", "Suggested Match"),  # wrong pair, confidently
    ]
    score = score_rows(result_rows, truth_rows)
    assert (score.true_pairs, score.predicted_pairs, score.correct_pairs) == (2, 3, 2)
    assert score.status_agreements == 1
    assert score.wrong_confident == 1
    assert not score.meets_bars()
    assert score.confusion[("mismatch", "Suggested Match")] == 1
    assert score.confusion[("missing_in_ims", "paired")] == 1
