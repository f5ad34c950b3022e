"""Whether a reconciled record's result differs from what its row holds (``rows.stored_as``):
one tuple comparison first, the column-by-column judgement (``same_stored``) when it is not settled."""

import itertools

from india_ims.ims.rows import same_stored, stored_as

STORED = {
    "name": "IMS-1",
    "match_status": "Mismatch",
    "purchase_invoice": "PINV-1",
    "match_reason": "booked as IGST, reported as CGST+SGST",
    "match_differences": '[{"books": 162956, "field": "igst", "ims": 0}]',
    "match_score": 0.8835,
    "books_bill_no": "CN1267",
    "books_bill_date": "2026-10-06",
    "books_taxable_value": -9053.08,
}


def _result(**changes) -> dict:
    new = {key: value for key, value in STORED.items() if key != "name"}
    return {**new, **changes}


def test_a_result_as_stored_isstored_as():
    assert stored_as(STORED, _result())


def test_one_column_moved_is_a_change():
    assert not stored_as(STORED, _result(match_status="Exact Match"))
    assert not stored_as(STORED, _result(books_taxable_value=-9053.09))
    assert not stored_as(STORED, _result(purchase_invoice=None))


def test_blank_and_none_and_a_number_read_back_as_text_are_the_same():
    row = {**STORED, "match_reason": None, "books_bill_no": "", "match_score": "0.8835"}
    assert stored_as(row, _result(match_reason="", books_bill_no=None, match_score=0.8835))


def test_a_column_the_row_does_not_hold_is_judged_as_blank():
    row = {key: value for key, value in STORED.items() if key != "books_bill_no"}
    assert stored_as(row, _result(books_bill_no=""))
    assert not stored_as(row, _result(books_bill_no="CN1267"))


def test_the_quick_comparison_agrees_with_each_column_judged_alone():
    values = (None, "", 0, 0.0, 1, 1.0, "1", "1.0", "a", "A")
    for old, new in itertools.product(values, repeat=2):
        row, result = {"name": "IMS-1", "x": old, "y": "same"}, {"x": new, "y": "same"}
        judged = all(same_stored(row.get(k), v) for k, v in result.items())
        assert stored_as(row, result) == judged, (old, new)
