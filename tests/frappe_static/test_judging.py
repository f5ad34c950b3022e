"""A bulk action judged once per kind of record gives every record the decision judging it alone
gives (``india_ims.ims.judging``), message for message.

Today is pinned (tests/conftest.py); periods and dates are built from it.
"""

from __future__ import annotations

import random
from collections import Counter
from datetime import timedelta

import pytest

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, ItcReduction, Section
from india_ims.gst_india.periods import current_return_period
from india_ims.gst_india.rules import RecordState, RuleContext, check_action
from india_ims.gst_india.rules.declaration import default_declaration, needs_declaration
from india_ims.ims import judging
from india_ims.ims.rows import ACTION_BY_LABEL, MATCH_BY_LABEL, record_to_row, row_to_record
from tests.conftest import TODAY

GSTIN = "24AAACR5055K1ZD"
SUPPLIERS = ("27AAPFU0939F1ZV", "29AABCT1332L1ZU", "07AAACB2894G1ZP")
NOW = current_return_period(TODAY)
PERIODS = [NOW.add(-k) for k in (0, 1, 2, 3, 14, 26)]
MATCHES = ("", "Exact Match", "Suggested Match", "Mismatch", "Missing in PI", "Manual Match")
LABELS = ("Accepted", "Rejected", "Pending", "No Action")


def state_of(row) -> RecordState:
    """As ``context.record_state`` builds it (that module reads the site)."""
    record = row_to_record(row)
    return RecordState(
        record=record,
        gstn_action=record.action,
        local_action=ACTION_BY_LABEL.get(row.get("action") or "No Action", Action.NO_ACTION),
        match_status=MATCH_BY_LABEL.get(row.get("match_status") or ""),
        purchase_invoice=row.get("purchase_invoice") or None,
        gstr2b_period=row.get("gstr2b_period") or None,
        carried_to=row.get("carried_to") or None,
        remarks=row.get("remarks") or None,
    )


def _rows(count: int, seed: int) -> list[dict]:
    """A month's mix: mostly one kind, with every other section, a few dates either side of Section
    16(4), GSTN's flags, actions, match states and periods sprinkled in; each record its own number,
    supplier and values."""
    pick = random.Random(seed)

    def usually(common, *others):
        return common if pick.random() < 0.85 else pick.choice(others or (common,))

    rows = []
    for n in range(count):
        section = usually(
            Section.B2B, Section.B2BCN, Section.B2BDN, Section.ECOM, Section.B2BA, Section.B2BCNA
        )
        period = usually(PERIODS[0], *PERIODS[1:])
        day = period.first_day + timedelta(days=usually(9, 0, 27))
        igst = pick.randrange(0, 90_000) * 100
        amounts = Amounts(igst * 5, igst, pick.choice((0, igst // 2)), 0, pick.choice((0, 0, 700)))
        gstn = usually("No Action", *LABELS)
        record = ImsRecord(
            section=section, supplier_gstin=pick.choice(SUPPLIERS), document_number=f"INV/{n:05d}",
            document_date=day, supplier_return_period=str(period),
            document_value=amounts.total_tax + igst * 5,
            amounts=amounts, place_of_supply=pick.choice(("24", "27")), action=ACTION_BY_LABEL[gstn],
            invoice_type=None if section.is_ecommerce else "R", source_form=usually("R1", "R1A"),
            supplier_filed=usually(True, False), pending_blocked=usually(None, True, False),
            original_number=f"OLD/{n}" if section.is_amendment else None,
            original_date=day - timedelta(days=40) if section.is_amendment else None,
            checksum=f"c{n}", remarks=usually(None, "short supply"),
            remarks_blocked=usually(False, True), itc_reduction_blocked=usually(False, True),
            itc_reduction=usually(None, ItcReduction(False)) if section is Section.B2BCN else None,
            reverse_charge=usually(False, True),
        )
        row = record_to_row(record, company="Acme", company_gstin=GSTIN)
        row.update(
            name=f"ims-{n:05d}", action=usually(gstn, *LABELS), match_status=usually("Mismatch", *MATCHES),
            purchase_invoice=f"PINV-{n}" if pick.random() < 0.6 else "",
            gstr2b_period=usually(str(period), "", str(period.next())), carried_to="",
            remarks=record.remarks or "", earlier_versions="", upload_itc_reduction="",
        )
        rows.append(row)
    return rows


def _contexts():
    filed = frozenset(str(p) for p in PERIODS[2:])
    return (
        RuleContext(today=TODAY, filed_3b_periods=filed),
        RuleContext(today=TODAY, filed_3b_periods=frozenset({str(PERIODS[-1])}), quarterly=True),
    )


def _judge(action, context, *, override_reason=None, remarks=None, defaults=None):
    """What ``actions._decisions`` asks of each record."""
    def judge(state):
        if defaults and action is Action.ACCEPT and needs_declaration(state, context):
            found = default_declaration(state.record, *defaults)
            if found is not None:
                reduction, default_remarks = found
                return check_action(state, action, context, override_reason=override_reason,
                                    remarks=remarks or default_remarks, itc_reduction=reduction), found
        return check_action(state, action, context, override_reason=override_reason, remarks=remarks), None
    return judge


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("extra", [{}, {"override_reason": "booked later"}, {"remarks": "see mail"},
                                   {"defaults": ("Y", None)}, {"defaults": ("N", "not availed")}])
def test_judged_once_per_kind_equals_judged_one_by_one(action, extra):
    rows = _rows(1500, seed=ord(action.value) + 10 * len(repr(extra)))
    for context in _contexts():
        judge = _judge(action, context, **extra)
        one_by_one = [judge(state_of(row)) for row in rows]
        asked = Counter()

        def counting(state, judge=judge, asked=asked):
            asked[1] += 1
            return judge(state)

        grouped = judging.judge_rows(rows, counting, state_of)
        assert grouped == one_by_one
        # and the grouping does something: far fewer judgements than records
        assert asked[1] < len(rows) * 0.8
        refused = [d for d, _ in grouped if not d.allowed]
        assert all(d.message.startswith(state_of(row).label) for (d, _), row in zip(grouped, rows)
                   if not d.allowed)
        assert refused or action is Action.NO_ACTION


def test_a_record_is_named_by_its_own_label_in_a_shared_refusal():
    rows = _rows(400, seed=7)
    context = _contexts()[0]
    judge = _judge(Action.PENDING, context)
    grouped = judging.judge_rows(rows, judge, state_of)
    shared = Counter(d.code for d, _ in grouped if not d.allowed)
    assert shared, "the month has refusals"
    for (decision, _), row in zip(grouped, rows):
        assert judging.label_of(row) == state_of(row).label
        if not decision.allowed:
            assert row["document_number"] in decision.message
            assert all(row["document_number"] in v.message for v in decision.violations)


def test_relabeled_changes_only_the_name():
    decision = check_action(state_of(_rows(1, seed=3)[0]), Action.ACCEPT, _contexts()[0])
    old = decision.message.split(":")[0]
    assert judging.relabeled(decision, old, old) is decision
    moved = judging.relabeled(decision, old, "B2B X of Y (return period Nov 2026)")
    assert moved.message == "B2B X of Y (return period Nov 2026)" + decision.message[len(old):]
    assert (moved.allowed, moved.code, moved.source) == (decision.allowed, decision.code, decision.source)


@pytest.mark.parametrize("action", list(Action))
def test_without_naming_allowed_ones_every_decision_is_the_same_and_refusals_name_their_record(action):
    rows = _rows(800, seed=ord(action.value) + 3)
    for context in _contexts():
        judge = _judge(action, context)
        one_by_one = [judge(state_of(row)) for row in rows]
        quick = judging.judge_rows(rows, judge, state_of, name_allowed=False)
        assert [(d.allowed, d.code, f) for d, f in quick] == [(d.allowed, d.code, f) for d, f in one_by_one]
        assert [pair for pair in quick if not pair[0].allowed] == [
            pair for pair in one_by_one if not pair[0].allowed
        ]


def test_section_16_4_sees_an_original_s_financial_year_not_its_day():
    # Judged by its financial year (the day is not part of a kind): bills of 31 March and 1 April in
    # one return period, GSTN holding them Pending, are two kinds when the first year's 16(4) has run
    # out and the second's has not, and each of many days in one year shares its year's decision.
    # the April a year or more back: its year's 16(4) still open on the pinned day, March's run out
    period = next(NOW.add(-k) for k in range(12, 24) if NOW.add(-k).first_day.month == 4)
    rows = []
    days = [period.first_day - timedelta(days=1), *(period.first_day + timedelta(days=k) for k in range(5))]
    for n, day in enumerate(days):
        amounts = Amounts(100_000, 18_000, 0, 0, 0)
        record = ImsRecord(
            section=Section.B2B, supplier_gstin=SUPPLIERS[0], document_number=f"FY/{n}", document_date=day,
            supplier_return_period=str(period), document_value=118_000, amounts=amounts,
            place_of_supply="27", action=Action.PENDING, invoice_type="R",
        )
        row = record_to_row(record, company="Acme", company_gstin=GSTIN)
        row.update(name=f"fy-{n}", action="Pending", match_status="Exact Match", purchase_invoice="",
                   gstr2b_period="", carried_to="", remarks="", earlier_versions="", upload_itc_reduction="")
        rows.append(row)
    context = RuleContext(today=TODAY, filed_3b_periods=frozenset())
    differs = False
    for action in Action:
        judge = _judge(action, context)
        one_by_one = [judge(state_of(row)) for row in rows]
        assert judging.judge_rows(rows, judge, state_of) == one_by_one
        codes = [(d.allowed, d.code) for d, _ in one_by_one]
        assert len(set(codes[1:])) == 1
        differs = differs or codes[0] != codes[1]
    assert differs
