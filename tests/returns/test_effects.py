"""Per-record effects, table-driven from spec 4.2 / 4.3 (and FAQ 32, 33, 34).

Each row: the record, the action, the expected change to the recipient's ITC
and to the supplier's liability (IGST, rupees), and the spec 4.3 row.
"""

from dataclasses import replace
from datetime import date
from itertools import product

import pytest

from india_ims.gst_india.documents import FULL_REDUCTION, Action, Amounts, DocumentType, ItcReduction, Section
from india_ims.gst_india.returns import Block, NonImsDocument, NonImsKind
from india_ims.gst_india.returns.effects import SCENARIOS, action_effect, non_ims_effect, replaced_effect
from india_ims.gst_india.rules import RecordKind
from tests.rules.factories import SUPPLIER_A, context, original, record, rupees, state

CTX = context(date(2025, 11, 20), filed=("082025", "092025"))
A, R, P, N = Action.ACCEPT, Action.REJECT, Action.PENDING, Action.NO_ACTION
CNA = Section.B2BCNA


def invoice():
    return state(record(Section.B2B, "I", igst=1800))


def credit_note():
    return state(record(Section.B2BCN, "C", igst=900))


def amended(section, new, old, original_action=A):
    return state(record(section, "M", igst=new), original=original(original_action, "082025", igst=old))


CASES = [
    # (id, state, action, recipient IGST, supplier IGST, spec 4.3 row, confirmed)
    ("invoice accepted", invoice(), A, 1800, 0, 1, True),
    ("invoice no action = deemed accepted", invoice(), N, 1800, 0, 1, True),
    ("invoice rejected", invoice(), R, 0, 0, 2, True),
    ("invoice pending", invoice(), P, 0, 0, 3, True),
    ("re-reported after wrong rejection", amended(Section.B2BA, 1800, 1800, R), A, 1800, 0, 4, True),
    ("credit note accepted", credit_note(), A, -900, 0, 5, True),
    ("credit note rejected: FAQ 34 add-back", credit_note(), R, 0, 900, 6, True),
    ("credit note pending (Oct-2025+)", credit_note(), P, 0, 0, 7, False),
    ("credit note re-reported after wrong rejection", amended(CNA, 900, 900, R), A, -900, -900, 8,
     True),
    ("upward invoice amendment accepted", amended(Section.B2BA, 2500, 1800), A, 700, 0, 11, True),
    ("downward invoice amendment accepted", amended(Section.B2BA, 1000, 1800), A, -800, 0, 12, True),
    ("downward debit-note amendment rejected", amended(Section.B2BDNA, 1000, 1800), R, 0, 800, 13, False),
    ("upward credit-note amendment accepted", amended(CNA, 1200, 900), A, -300, 0, 14, True),
    ("upward credit-note amendment rejected: FAQ 34", amended(CNA, 1200, 900), R, 0, 300, 14, True),
    ("downward amendment of rejected CN accepted", amended(CNA, 600, 900, R), A, -600, 0, 15, True),
    # 900 already added back for the rejected original: the add-back falls by 300 to the amended 600
    ("downward amendment of rejected CN rejected", amended(CNA, 600, 900, R), R, 0, -300, 15, True),
    ("downward amendment of accepted CN accepted", amended(CNA, 600, 900), A, 300, 0, 16, True),
    ("upward invoice amendment rejected", amended(Section.B2BA, 2500, 1800), R, 0, 0, 17, False),
]


@pytest.mark.parametrize("name, st, action, itc, supplier, row, confirmed", CASES, ids=[c[0] for c in CASES])
def test_spec43_effect_of_each_scenario(name, st, action, itc, supplier, row, confirmed):
    effect = action_effect(st, action, CTX)
    assert effect.recipient_itc.igst == rupees(itc), name
    assert effect.supplier_liability.igst == rupees(supplier), name
    assert effect.scenario == row
    assert effect.confirmed is confirmed
    assert effect.text and effect.source


def test_spec43_rows_9_10_declared_reductions_on_accept():
    note = credit_note()
    nil = action_effect(note, A, CTX, itc_reduction=ItcReduction(False))
    assert nil.scenario == 9 and nil.recipient_itc.igst == 0 and nil.supplier_liability.igst == 0
    partial = action_effect(note, A, CTX, itc_reduction=ItcReduction(True, igst=rupees(400)))
    assert partial.scenario == 10 and partial.recipient_itc.igst == -rupees(400)
    full = action_effect(note, A, CTX, itc_reduction=ItcReduction(True, igst=rupees(900)))
    assert full.scenario == 5 and full.recipient_itc.igst == -rupees(900)
    # A reduction means nothing on Reject.
    assert action_effect(note, R, CTX, itc_reduction=ItcReduction(False)).scenario == 6


@pytest.mark.parametrize("section, new, old, itc, row", [
    (CNA, 1200, 900, -300, 14),  # upward credit-note amendment: ITC falls by the 300 increment
    (Section.B2BA, 1000, 1800, -800, 12),  # downward invoice amendment: ITC falls by the 800 difference
])
def test_spec18_full_reduction_without_amounts_on_an_amendment_is_the_difference(section, new, old, itc, row):
    st = amended(section, new, old)
    full = action_effect(st, A, CTX, itc_reduction=FULL_REDUCTION)
    assert full.recipient_itc.igst == rupees(itc) and full.scenario == row
    # the same full change as accepting without a declaration, and as declaring the difference itself
    assert full.recipient_itc == action_effect(st, A, CTX).recipient_itc
    declared = action_effect(st, A, CTX, itc_reduction=ItcReduction(True, igst=rupees(abs(itc))))
    assert full.recipient_itc == declared.recipient_itc


def test_spec18_full_reduction_without_amounts_and_no_earlier_version_says_so():
    st = state(record(CNA, "M", igst=1200))  # its original was never downloaded
    full = action_effect(st, A, CTX, itc_reduction=FULL_REDUCTION)
    assert full.scenario == 17 and full.confirmed is False
    assert "not known locally" in full.text and "not a reduced amount" in full.text
    # the figure is the one accepting without a declaration shows, not an invented reduction
    assert full.recipient_itc == action_effect(st, A, CTX).recipient_itc
    assert full.recipient_itc.igst == -rupees(1200)
    # a declaration with amounts is not this case
    assert action_effect(st, A, CTX, itc_reduction=ItcReduction(True, igst=rupees(300))).recipient_itc.igst \
        == -rupees(300)


def test_spec18_full_reduction_has_no_declared_amounts_to_read():
    from india_ims.gst_india.returns.itc import declared

    with pytest.raises(ValueError, match="no declared amounts"):
        declared(FULL_REDUCTION)
    with pytest.raises(ValueError):
        ItcReduction(True, None, 0, 0, 0)  # all heads declared, or all left out
    with pytest.raises(ValueError):
        ItcReduction(False, None, None, None, None)  # N declares nothing to leave out


def test_effect_places_the_record_in_its_gstr2b_block():
    assert action_effect(invoice(), A, CTX).gstr2b_block is Block.AVAILABLE
    assert action_effect(invoice(), R, CTX).gstr2b_block is Block.REJECTED
    assert action_effect(invoice(), P, CTX).gstr2b_block is None
    assert action_effect(invoice(), "Accepted", CTX).table4_row == "4A(5)"


def test_every_kind_and_action_pair_has_a_scenario():
    for kind, action in product(RecordKind, Action):
        assert any(kind in row.kinds and action in row.actions and row.when is None for row in SCENARIOS), (
            kind, action)


def test_every_scenario_row_of_spec43_is_exercised():
    exercised = {c[5] for c in CASES} | {9, 10}
    assert {row.number for row in SCENARIOS} <= exercised


def _doc(kind, *, amended=False, fcm=None, doc_type=DocumentType.INVOICE):
    return NonImsDocument(kind, SUPPLIER_A, "N-1", date(2025, 10, 1), doc_type,
                          Amounts(0, rupees(1800), 0, 0, 0), "102025", is_amendment=amended,
                          original_number="N-0" if amended else None, forward_charge_original=fcm)


def test_faq32_fcm_to_rcm_amendment_takes_back_the_accepted_itc():
    fcm = Amounts(0, rupees(1800), 0, 0, 0)
    effect = non_ims_effect(_doc(NonImsKind.REVERSE_CHARGE, amended=True, fcm=fcm))
    assert effect.table4_rows == ("4A(3)", "4A(5)") and effect.source == "FAQ 32"
    assert effect.recipient_itc.igst == 0  # +1,800 in 4A(3), -1,800 in 4A(5)


def test_faq33_pos_change_to_ineligible_tells_the_recipient_to_reverse_in_4b1():
    effect = non_ims_effect(_doc(NonImsKind.POS_INELIGIBLE, amended=True))
    assert effect.table4_rows == ("4D(2)",) and "4B(1)" in effect.text
    assert effect.recipient_itc.igst == 0


def test_faq8_rule_37a_reversal_and_rcm_effects():
    reversal = non_ims_effect(_doc(NonImsKind.RULE_37A))
    assert reversal.table4_rows == ("4B(2)",) and reversal.recipient_itc.igst == -rupees(1800)
    rcm = non_ims_effect(_doc(NonImsKind.REVERSE_CHARGE))
    assert rcm.table4_rows == ("4A(3)",) and "3.1(d)" in rcm.text
    rcm_note = non_ims_effect(_doc(NonImsKind.REVERSE_CHARGE, doc_type=DocumentType.CREDIT_NOTE))
    assert rcm_note.recipient_itc.igst == -rupees(1800)


def test_spec18_gstr2b_counts_the_full_reduction_as_the_amendments_change_and_warns_when_unknown():
    from india_ims.gst_india.returns import compute_gstr2b

    known = replace(amended(CNA, 1200, 900), itc_reduction=FULL_REDUCTION)
    unknown = state(record(CNA, "U", igst=1200), itc_reduction=FULL_REDUCTION)
    both = [replace(s, local_action=A) for s in (known, unknown)]
    gstr2b = compute_gstr2b(both, "102025", CTX, enforce_generation_rules=False)
    values = {e.document_number: e.value for e in gstr2b.entries}
    # Part B: the 300 increment where the original is known; taxable value 0 as for declared amounts
    assert values["M"] == Amounts(0, rupees(300), 0, 0, 0)
    assert values["U"] == Amounts(0, rupees(1200), 0, 0, 0)
    (warning,) = gstr2b.warnings
    assert "U of" in warning and "Y without amounts, is the full reduction" in warning


@pytest.mark.parametrize("action", list(Action), ids=lambda a: a.label)
def test_faq13_an_original_replaced_by_its_same_period_amendment_moves_nothing(action):
    effect = replaced_effect(action_effect(invoice(), action, CTX), "I-A")
    assert (effect.recipient_itc, effect.supplier_liability) == (Amounts(), Amounts())
    assert effect.gstr2b_block is None and effect.table4_row is None
    assert effect.action is action and "I-A" in effect.text and effect.source == "FAQ 13"
