"""ITC_DECLARATION_REQUIRED: GSTN refuses an Accept of a credit note without itcRedReq (IMSSAV0054)."""

from __future__ import annotations

from india_ims.gst_india.documents import Action, ItcReduction, Section
from india_ims.gst_india.rules import check_action, check_bulk
from india_ims.gst_india.rules.declaration import default_declaration, needs_declaration

from .factories import context, record, state


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
