"""Which actions each kind of IMS record takes, before the October 2025 tax period and from it.

One row per record kind of FAQ 11 and spec 1.8/4.3: originals (invoice, debit note, ECO document,
credit note), upward and downward amendments with their original's fate, and reverse-charge documents
(not in IMS at all, FAQ 8, 17). Today is pinned; the two eras' periods are built from it.
"""

from __future__ import annotations

from datetime import date

import pytest

from india_ims.gst_india.documents import Action, ItcReduction, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules import OCTOBER_2025, check_action

from .factories import context, original, record, state

TODAY = date(2026, 11, 30)
NOW = ReturnPeriod.of(TODAY).previous()  # October 2026: the open period
BEFORE = OCTOBER_2025.previous()  # September 2025: the last period of the old rules


def _era(period: ReturnPeriod):
    """A context in which ``period`` is open (its previous 3B filed), and the amendments' original
    period (the one before) filed."""
    today = TODAY if period == NOW else period.next().first_day.replace(day=20)
    return context(today, (str(period.previous()),))


def _make(kind: str, period: ReturnPeriod):
    day = period.first_day.replace(day=10)
    earlier = str(period.previous())
    made = {
        "invoice": lambda: state(record(Section.B2B, "INV", period=str(period), day=day)),
        "debit note": lambda: state(record(Section.B2BDN, "DN", period=str(period), day=day)),
        "ECO document": lambda: state(record(Section.ECOM, "ECO", period=str(period), day=day)),
        "credit note": lambda: state(record(Section.B2BCN, "CN", period=str(period), day=day)),
        "credit note amended up": lambda: state(
            record(Section.B2BCNA, "CNA", period=str(period), day=day, igst=2700),
            original=original(Action.ACCEPT, earlier, filed=True)),
        "credit note amended down, original rejected": lambda: state(
            record(Section.B2BCNA, "CNA", period=str(period), day=day, igst=900),
            original=original(Action.REJECT, earlier, filed=True)),
        "credit note amended down, original accepted": lambda: state(
            record(Section.B2BCNA, "CNA", period=str(period), day=day, igst=900),
            original=original(Action.ACCEPT, earlier, filed=True)),
        "invoice amended down, original accepted": lambda: state(
            record(Section.B2BA, "INVA", period=str(period), day=day, igst=900),
            original=original(Action.ACCEPT, earlier, filed=True)),
        "invoice amended down, original deemed accepted": lambda: state(
            record(Section.B2BA, "INVA", period=str(period), day=day, igst=900),
            original=original(Action.NO_ACTION, earlier, filed=True)),
        "debit note amended down, original accepted": lambda: state(
            record(Section.B2BDNA, "DNA", period=str(period), day=day, igst=900),
            original=original(Action.ACCEPT, earlier, filed=True)),
        "invoice amended down, original rejected": lambda: state(
            record(Section.B2BA, "INVA", period=str(period), day=day, igst=900),
            original=original(Action.REJECT, earlier, filed=True)),
        "invoice amended up, original accepted": lambda: state(
            record(Section.B2BA, "INVA", period=str(period), day=day, igst=2700),
            original=original(Action.ACCEPT, earlier, filed=True)),
        "ECO document amended down, original accepted": lambda: state(
            record(Section.ECOMA, "ECOA", period=str(period), day=day, igst=900),
            original=original(Action.ACCEPT, earlier, filed=True)),
        "reverse-charge invoice": lambda: state(
            record(Section.B2B, "RCM", period=str(period), day=day, reverse_charge=True)),
    }
    return made[kind]()


OK, NO_PENDING, RCM = "ALLOWED", "PENDING_BLOCKED", "REVERSE_CHARGE_NOT_IN_IMS"
DECLARE = "ITC_DECLARATION_REQUIRED"

# kind -> (Accept, Reject, Pending) before October 2025, then from it. Sources: FAQ 10, 11 (A-D),
# spec 1.8 (one-period Pending for specified records; credit-note Accept carries itcRedReq), 4.3
# row 16 (Pending on a downward credit-note amendment whose original was accepted), FAQ 8, 17 (RCM).
MATRIX = {
    "invoice": ((OK, OK, OK), (OK, OK, OK)),
    "debit note": ((OK, OK, OK), (OK, OK, OK)),
    "ECO document": ((OK, OK, OK), (OK, OK, OK)),
    "credit note": ((OK, OK, NO_PENDING), (DECLARE, OK, OK)),  # FAQ 11 (A)
    "credit note amended up": ((OK, OK, NO_PENDING), (OK, OK, OK)),  # FAQ 11 (B)
    "credit note amended down, original rejected": ((OK, OK, NO_PENDING), (OK, OK, OK)),  # FAQ 11 (C)
    "credit note amended down, original accepted": ((OK, OK, OK), (OK, OK, OK)),  # spec 4.3 row 16
    "invoice amended down, original accepted": ((OK, OK, NO_PENDING), (OK, OK, OK)),  # FAQ 11 (D)
    "invoice amended down, original deemed accepted": ((OK, OK, NO_PENDING), (OK, OK, OK)),  # FAQ 10, 11 (D)
    "debit note amended down, original accepted": ((OK, OK, NO_PENDING), (OK, OK, OK)),  # FAQ 11 (D)
    "invoice amended down, original rejected": ((OK, OK, OK), (OK, OK, OK)),
    "invoice amended up, original accepted": ((OK, OK, OK), (OK, OK, OK)),
    # FAQ 11 (D) names invoices and debit notes only; spec 1.8 adds ECO documents from Oct 2025
    # (unconfirmed.UNCONFIRMED lists the choice).
    "ECO document amended down, original accepted": ((OK, OK, OK), (OK, OK, OK)),
    "reverse-charge invoice": ((RCM, RCM, RCM), (RCM, RCM, RCM)),
}


@pytest.mark.parametrize("era", ["before October 2025", "from October 2025"])
@pytest.mark.parametrize("kind", list(MATRIX))
def test_faq10_11_spec18_actions_each_record_kind_takes(kind, era):
    period = BEFORE if era.startswith("before") else NOW
    expected = MATRIX[kind][0 if period == BEFORE else 1]
    subject, ctx = _make(kind, period), _era(period)
    got = tuple(check_action(subject, action, ctx).code
                for action in (Action.ACCEPT, Action.REJECT, Action.PENDING))
    assert got == expected, kind


def test_spec18_a_credit_note_accept_goes_through_with_either_declaration_from_october_2025():
    note, ctx = _make("credit note", NOW), _era(NOW)
    assert check_action(note, Action.ACCEPT, ctx, itc_reduction=ItcReduction(False),
                        remarks="ITC not availed").allowed
    full = ItcReduction(True, note.record.amounts.igst, 0, 0, 0)
    assert check_action(note, Action.ACCEPT, ctx, itc_reduction=full).allowed


def test_faq10_no_action_is_where_every_fresh_record_already_is():
    for kind in MATRIX:
        if kind == "reverse-charge invoice":
            continue
        assert check_action(_make(kind, NOW), Action.NO_ACTION, _era(NOW)).code == "UNCHANGED", kind
