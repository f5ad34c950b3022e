"""ITC_DECLARATION_REQUIRED: GSTN refuses an Accept of a credit note without itcRedReq (IMSSAV0054)."""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import FULL_REDUCTION, Action, ItcReduction, Section
from india_ims.gst_india.rules import check_action, check_bulk
from india_ims.gst_india.rules.declaration import default_declaration, full_declaration, needs_declaration

from .factories import context, original, record, state


def note(**kw):
    return record(Section.B2BCN, "CN-1", igst=180, taxable=1000, **kw)


def test_spec18_accepting_a_credit_note_without_a_declaration_is_refused():
    decision = check_action(state(note()), Action.ACCEPT, context())
    assert not decision.allowed and decision.code == "ITC_DECLARATION_REQUIRED"
    assert "IMSSAV0054" in decision.message and "IMS Settings" in decision.message


def test_declared_y_or_n_lets_the_accept_through():
    full = ItcReduction(True, igst=18000)
    assert check_action(state(note()), Action.ACCEPT, context(), itc_reduction=full).allowed
    nil = check_action(
        state(note()), Action.ACCEPT, context(), itc_reduction=ItcReduction(False), remarks="not availed"
    )
    assert nil.allowed


def test_other_actions_sections_and_periods_need_no_declaration():
    assert check_action(state(note()), Action.REJECT, context()).allowed
    assert check_action(state(record()), Action.ACCEPT, context()).allowed  # an invoice
    before = note(period="092025", day=None)
    assert not needs_declaration(state(before), context())
    blocked = note(itc_reduction_blocked=True)
    assert not needs_declaration(state(blocked), context())


def test_defaults_make_bulk_accept_of_credit_notes_work():
    notes = [note(), record(Section.B2BCN, "CN-2", igst=90, taxable=500)]
    refused = check_bulk([state(n) for n in notes], Action.ACCEPT, context())
    assert [i.decision.code for i in refused.items] == ["ITC_DECLARATION_REQUIRED"] * 2
    for default in ("Y", "N"):
        for item in notes:
            reduction, remarks = default_declaration(item, default, None)
            decision = check_action(
                state(item), Action.ACCEPT, context(), itc_reduction=reduction, remarks=remarks
            )
            assert decision.allowed, (default, decision.message)
    full, _ = default_declaration(notes[1], "Y", None)
    assert (full.required, full.igst) == (True, 9000)
    assert default_declaration(notes[0], None, None) is None


# An upward amendment of a credit note (spec 1.8: specified), its 900 original accepted in a filed 3B.
OCT_2025 = context(date(2025, 11, 20), filed=("082025",))


def amended_note(**kw):
    return record(Section.B2BCNA, "CN-1A", igst=1200, action=Action.ACCEPT, itc_reduction=FULL_REDUCTION,
                  **kw)


def test_spec18_itc_reduction_amounts_undeclared_is_never_uploaded_and_names_the_difference():
    held = state(amended_note(), original=original(Action.ACCEPT, "082025", igst=900),
                 itc_reduction=FULL_REDUCTION)
    decision = check_action(held, Action.ACCEPT, OCT_2025, itc_reduction=FULL_REDUCTION, remarks="re-sent")
    assert not decision.allowed and decision.code == "ITC_REDUCTION_AMOUNTS_UNDECLARED"
    # the full reduction is the 300 difference from the original, offered to the user as amounts
    assert "IGST ₹300.00" in decision.message and "or N" in decision.message
    assert full_declaration(held, OCT_2025) == ItcReduction(True, 30000, 0, 0, 0)
    # declaring those amounts goes through; asking for what GSTN already holds changes nothing
    assert check_action(held, Action.ACCEPT, OCT_2025, itc_reduction=full_declaration(held, OCT_2025)).allowed
    assert check_action(held, Action.ACCEPT, OCT_2025, itc_reduction=FULL_REDUCTION,
                        remarks=None).code == "UNCHANGED"


def test_spec18_itc_reduction_amounts_undeclared_without_the_earlier_version_asks_the_user():
    unknown = state(amended_note(), itc_reduction=FULL_REDUCTION)
    decision = check_action(unknown, Action.ACCEPT, OCT_2025, itc_reduction=FULL_REDUCTION, remarks="x")
    assert decision.code == "ITC_REDUCTION_AMOUNTS_UNDECLARED"
    assert "not known here" in decision.message and "₹" not in decision.message
    assert full_declaration(unknown, OCT_2025) is None
    # only the undeclared rule speaks: no cap, CGST = SGST or remarks rule reads its missing amounts
    assert [v.code for v in decision.violations] == ["ITC_REDUCTION_AMOUNTS_UNDECLARED"]


def test_spec18_full_declaration_of_an_original_credit_note_is_its_whole_tax():
    assert full_declaration(state(note()), OCT_2025) == ItcReduction(True, 18000, 0, 0, 0)
