"""Scenarios of the IMS FAQ, the October 2025 advisory and Section 16(4) the other rule tests left
uncovered, found by an audit of the engine against the sources (seed 001, spec 1.8, 3.5, 4.3, 5).

Each test pins its today and builds its periods from it; the date edges are met on both sides: 30
November / 1 December of the Section 16(4) year, the day an annual return is filed, the 13th/14th
(and 11th/12th) filing cut-offs, the first period from October 2025, the months of a QRMP quarter.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from india_ims.gst_india.documents import Action, ItcReduction, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules import OCTOBER_2025, apply_action, check_action, pending_allowed
from india_ims.gst_india.rules.lifecycle import expire_section_16_4, supplier_files

from .factories import context, original, record, rupees, state

TODAY = date(2026, 11, 30)  # the last day of Section 16(4) for FY 2025-26
TOMORROW = TODAY + timedelta(days=1)
OPEN = ReturnPeriod.of(TODAY).previous()  # October 2026: its GSTR-3B (due the 20th) not yet filed
EARLIER = OPEN.add(-2)  # August 2026: an original's period, its GSTR-3B filed
LAST_DAY_OF_FY = date(TODAY.year, 3, 31)  # FY 2025-26: ITC on it ends on TODAY
FIRST_DAY_OF_FY = date(TODAY.year, 4, 1)  # FY 2026-27: ITC on it runs to 30 November next year
FILED = tuple(str(OPEN.add(-k)) for k in range(1, 4))  # Jul, Aug, Sep 2026


def replace_action(rec, action: Action):
    return replace(rec, action=action)


def _on(day: date, **kw):
    return context(day, FILED, **kw)


def _downward_amendment(original_action: Action, original_period: ReturnPeriod = EARLIER, *,
                        original_filed: bool = True, section: Section = Section.B2BA):
    """An amendment in October 2026 lowering the tax of a 31 March 2026 document from 1,800 to 900."""
    amended = record(section, "AMD-1", period=str(OPEN), day=OPEN.first_day, igst=900, taxable=5000,
                     original_date=LAST_DAY_OF_FY)
    return state(amended, original=original(original_action, str(original_period), filed=original_filed))


# ---------------------------------------------------------------- Section 16(4): downward amendments


@pytest.mark.parametrize("original_action", [Action.REJECT, Action.PENDING])
def test_section_16_4_downward_amendment_of_an_uncounted_original_takes_itc_and_is_barred_from_1_december(
    original_action,
):
    """Section 16(4) (spec 5) bars taking ITC after 30 November. An amendment of a rejected or
    pending original moves ITC by its whole amended value (spec 1.8, 4.3: the difference from the
    value last counted, here nothing), so accepting it takes ITC however far it went down.
    (Before the audit the engine exempted every downward amendment and let this Accept through.)"""
    amendment = _downward_amendment(original_action)

    def codes(action, day):
        # a pending original also holds the amendment back (FAQ 13): every broken rule is listed
        return {v.code for v in check_action(amendment, action, _on(day)).violations}

    assert "SECTION_16_4_EXPIRED" not in codes(Action.ACCEPT, TODAY)
    assert "SECTION_16_4_EXPIRED" in codes(Action.ACCEPT, TOMORROW)
    assert "SECTION_16_4_EXPIRED" in codes(Action.PENDING, TOMORROW)
    assert "SECTION_16_4_EXPIRED" not in codes(Action.REJECT, TOMORROW)
    if original_action is Action.REJECT:
        assert check_action(amendment, Action.ACCEPT, _on(TODAY)).allowed
        refused = check_action(amendment, Action.ACCEPT, _on(TOMORROW))
        assert refused.code == "SECTION_16_4_EXPIRED" and "30 Nov 2026" in refused.message
        assert check_action(amendment, Action.REJECT, _on(TOMORROW)).allowed


def test_section_16_4_downward_amendment_of_an_accepted_original_still_reduces_itc_on_1_december():
    amendment = _downward_amendment(Action.ACCEPT)
    assert check_action(amendment, Action.ACCEPT, _on(TOMORROW)).allowed


def test_section_16_4_downward_amendment_in_its_originals_own_period_is_barred_from_1_december():
    """FAQ 13: in the same 2B period the amendment replaces the original, whose ITC nothing counted
    yet; accepting it takes the amended value, which 16(4) bars."""
    amendment = _downward_amendment(Action.NO_ACTION, OPEN, original_filed=False)
    assert check_action(amendment, Action.ACCEPT, _on(TODAY)).allowed
    assert check_action(amendment, Action.ACCEPT, _on(TOMORROW)).code == "SECTION_16_4_EXPIRED"


def test_faq21_pending_downward_amendment_of_a_rejected_original_leaves_ims_after_section_16_4():
    """FAQ 21: pending records leave IMS once 16(4) has run out; only a downward amendment of a
    counted original (which can only lower ITC) stays."""
    rejected = _downward_amendment(Action.REJECT)
    accepted = _downward_amendment(Action.ACCEPT)
    held = [state(s.record, gstn_action=Action.PENDING, original=s.original) for s in (rejected, accepted)]
    kept, removed = expire_section_16_4(held, _on(TODAY))
    assert len(kept) == 2 and not removed
    kept, removed = expire_section_16_4(held, _on(TOMORROW))
    assert [s.original.action for s in removed] == [Action.REJECT]
    assert [s.original.action for s in kept] == [Action.ACCEPT]
    assert check_action(held[0], Action.REJECT, _on(TOMORROW)).code == "NOT_IN_IMS"


# ---------------------------------------------------------------- Section 16(4): originals


@pytest.mark.parametrize("section", [Section.B2B, Section.B2BDN, Section.ECOM])
def test_section_16_4_document_of_31_march_is_barred_on_1_december_one_of_1_april_is_not(section):
    """The deadline is 30 November after the end of the document's own financial year; a debit note
    counts from its own date (it is not an amendment)."""
    def doc(day):
        return state(record(section, f"D-{day:%m%d}", period=str(OPEN), day=day))

    march, april = doc(LAST_DAY_OF_FY), doc(FIRST_DAY_OF_FY)
    assert check_action(march, Action.ACCEPT, _on(TODAY)).allowed
    assert check_action(march, Action.ACCEPT, _on(TOMORROW)).code == "SECTION_16_4_EXPIRED"
    assert check_action(march, Action.REJECT, _on(TOMORROW)).allowed
    assert check_action(april, Action.ACCEPT, _on(TOMORROW)).allowed
    assert check_action(april, Action.PENDING, _on(TOMORROW)).allowed


def test_faq31_rejected_invoice_of_the_previous_year_may_be_turned_to_accepted_until_30_november():
    """FAQ 31: a previous-year invoice rejected in IMS may be changed to Accepted before the period's
    GSTR-3B, and its ITC taken, while Section 16(4) allows: on 30 November, not on 1 December."""
    rejected = state(record(Section.B2B, "INV-31", period=str(OPEN), day=LAST_DAY_OF_FY,
                            action=Action.REJECT))
    assert check_action(rejected, Action.ACCEPT, _on(TODAY)).allowed
    assert check_action(rejected, Action.ACCEPT, _on(TOMORROW)).code == "SECTION_16_4_EXPIRED"
    # No Action is deemed accepted at generation (FAQ 10): it takes the ITC too
    assert check_action(rejected, Action.NO_ACTION, _on(TOMORROW)).code == "SECTION_16_4_EXPIRED"
    assert check_action(rejected, Action.REJECT, _on(TOMORROW)).code == "UNCHANGED"


def test_section_16_4_annual_return_filed_before_30_november_ends_itc_on_its_filing_day():
    """s.16(4): 30 November or the filing of the annual return, whichever is earlier. On the filing
    day ITC may still be taken; the day after it may not, and a pending record leaves IMS."""
    filed_on = TODAY - timedelta(days=10)
    returns = {"2025-26": filed_on}
    invoice = state(record(Section.B2B, "INV-AR", period=str(OPEN), day=LAST_DAY_OF_FY))
    held = state(record(Section.B2B, "INV-AR-P", period=str(OPEN), day=LAST_DAY_OF_FY,
                        action=Action.PENDING))
    on_the_day = _on(filed_on, annual_returns_filed=returns)
    day_after = _on(filed_on + timedelta(days=1), annual_returns_filed=returns)
    assert check_action(invoice, Action.ACCEPT, on_the_day).allowed
    assert check_action(invoice, Action.ACCEPT, day_after).code == "SECTION_16_4_EXPIRED"
    assert expire_section_16_4([held], on_the_day)[1] == ()
    assert expire_section_16_4([held], day_after)[0] == ()
    # another year's annual return changes nothing for it
    other = _on(filed_on + timedelta(days=1), annual_returns_filed={"2024-25": filed_on})
    assert check_action(invoice, Action.ACCEPT, other).allowed


def test_section_16_4_credit_note_of_the_previous_year_is_never_time_barred():
    """16(4) limits taking ITC on invoices and debit notes; a credit note lowers ITC."""
    note = state(record(Section.B2BCN, "CN-16", period=str(OPEN), day=LAST_DAY_OF_FY))
    declared = ItcReduction(True, rupees(1800), 0, 0, 0)
    assert check_action(note, Action.ACCEPT, _on(TOMORROW), itc_reduction=declared).allowed
    assert check_action(note, Action.PENDING, _on(TOMORROW)).allowed


# ---------------------------------------------------------------- the first period from October 2025

OCT_2025_TODAY = date(2025, 11, 5)  # October 2025's GSTR-3B not yet filed


@pytest.mark.parametrize("section", [Section.B2BA, Section.B2BDNA])
def test_faq11_d_spec18_downward_amendment_of_an_accepted_filed_original_may_be_pending_from_october_2025(
    section,
):
    """FAQ 11 (D): Pending barred in September 2025; spec 1.8: a specified record from October
    2025, Pending in its period and one more (advisory of 17-Oct-2025, Q4), deemed accepted once the
    second period's GSTR-3B is filed."""
    def amended(period: ReturnPeriod, action: Action = Action.NO_ACTION):
        rec = record(section, "AMD-10", period=str(period), day=period.first_day, igst=900,
                     action=action)
        return state(rec, original=original(Action.ACCEPT, str(period.add(-2)), filed=True))

    september, october = OCTOBER_2025.previous(), OCTOBER_2025
    ctx = context(OCT_2025_TODAY, (str(september.previous()), str(september)))
    assert check_action(amended(september), Action.PENDING,
                        context(OCT_2025_TODAY - timedelta(days=20), (str(september.previous()),))
                        ).code == "PENDING_BLOCKED"
    assert check_action(amended(october), Action.PENDING, ctx).allowed
    within = context(date(2025, 12, 5), (str(september.previous()), str(september), str(october)))
    assert check_action(amended(october, Action.PENDING), Action.ACCEPT, within).allowed
    assert pending_allowed(amended(october, Action.PENDING), within).allowed
    after = context(date(2026, 1, 5), (*within.filed_3b_periods, str(october.next())))
    assert not pending_allowed(amended(october, Action.PENDING), after).allowed


def test_spec18_downward_eco_amendment_of_an_accepted_filed_original_is_specified_from_october_2025():
    """spec 1.8 adds downward ECO amendments (original accepted, GSTR-3B filed) to the specified
    records: Pending in its period and one more, and a declared ITC reduction up to the difference."""
    rec = record(Section.ECOMA, "ECOA-10", period=str(OCTOBER_2025), igst=900)
    amended = state(rec, original=original(Action.ACCEPT, "082025", filed=True))
    ctx = context(OCT_2025_TODAY, ("082025", "092025"))
    assert check_action(amended, Action.PENDING, ctx).allowed
    full = ItcReduction(True, rupees(900), 0, 0, 0)
    assert check_action(amended, Action.ACCEPT, ctx, itc_reduction=full).allowed
    over = ItcReduction(True, rupees(1000), 0, 0, 0)
    assert check_action(amended, Action.ACCEPT, ctx, itc_reduction=over).code == "ITC_REDUCTION_EXCEEDS_TAX"
    held = state(replace_action(rec, Action.PENDING), original=amended.original)
    within = context(date(2025, 12, 5), ("082025", "092025", "102025"))
    assert check_action(held, Action.PENDING, within).code == "UNCHANGED"
    assert pending_allowed(held, within).allowed
    after = context(date(2026, 1, 5), ("082025", "092025", "102025", "112025"))
    assert not pending_allowed(held, after).allowed


@pytest.mark.parametrize(
    "filed_on, form, supplier_quarterly, expected_period, pending_ok",
    [
        (date(2025, 10, 11), "R1", False, "092025", False),  # monthly GSTR-1 by the 11th: September
        (date(2025, 10, 12), "R1", False, "102025", True),  # on the 12th: October, the new rules
        (date(2025, 10, 13), "R1", True, "092025", False),  # quarterly GSTR-1 by the 13th: September
        (date(2025, 10, 14), "R1", True, "102025", True),  # on the 14th: October
    ],
)
def test_spec35_spec18_a_september_credit_note_filed_after_the_cut_off_falls_under_the_october_2025_rules(
    filed_on, form, supplier_quarterly, expected_period, pending_ok,
):
    """The cut-off day decides the 2B period (spec 3.5), and the 2B period decides which rules apply:
    Pending on an original credit note is barred up to September 2025 (FAQ 11 A) and allowed from
    October 2025 (spec 1.8)."""
    saved = state(record(Section.B2BCN, "CN-CUT", period="092025", day=date(2025, 9, 25),
                         supplier_filed=False))
    filed = supplier_files(saved, filed_on, form=form, supplier_quarterly=supplier_quarterly)
    assert filed.gstr2b_period == expected_period
    ctx = context(date(2025, 10, 15), ("082025",))
    decision = check_action(filed, Action.PENDING, ctx)
    assert decision.allowed is pending_ok
    assert pending_ok or decision.code == "PENDING_BLOCKED"


# ---------------------------------------------------------------- FAQ 12 with a declared reduction


def test_faq12_spec18_pending_may_replace_a_declared_accept_on_a_credit_note_only_within_its_window():
    """FAQ 12: the latest action overwrites the previous one until the GSTR-3B. A credit note
    accepted with a declared reduction may be turned to Pending in its one period (spec 1.8), which
    drops the declaration; Pending cannot itself carry one; past the window Pending is refused."""
    note = state(record(Section.B2BCN, "CN-DECL", period=str(OPEN), day=OPEN.first_day))
    declared = ItcReduction(True, rupees(1800), 0, 0, 0)
    accepted = apply_action(note, Action.ACCEPT, _on(TODAY), itc_reduction=declared)
    assert accepted.itc_reduction == declared
    held = apply_action(accepted, Action.PENDING, _on(TODAY))
    assert held.local_action is Action.PENDING and held.itc_reduction is None
    with_declaration = check_action(accepted, Action.PENDING, _on(TODAY), itc_reduction=declared)
    assert with_declaration.code == "ITC_REDUCTION_NOT_ACCEPT"
    uploaded = state(replace_action(note.record, Action.ACCEPT), itc_reduction=declared)
    after = context(TODAY + timedelta(days=25), FILED + (str(OPEN),))
    assert check_action(uploaded, Action.PENDING, after).code == "FROZEN_3B_FILED"


# ---------------------------------------------------------------- a QRMP quarter's months


def test_faq13_faq27_original_and_amendment_in_two_months_of_one_quarter_share_a_gstr2bq():
    """FAQ 13: in the same GSTR-2B period the amendment prevails and may be acted on at once. For a
    QRMP filer the quarter's months share one GSTR-2BQ (FAQ 27); for a monthly filer they do not,
    and the amendment waits for the original's GSTR-3B."""
    quarter_end = ReturnPeriod(2026, 12)
    m1, m2 = quarter_end.add(-2), quarter_end.add(-1)
    rec = record(Section.B2BA, "QA-1", period=str(m2), day=m2.first_day, igst=900,
                 original_date=m1.first_day)
    amended = state(rec, original=original(Action.ACCEPT, str(m1)))
    quarterly = context(TOMORROW, (str(m1.add(-1)),), quarterly=True)
    monthly = context(TOMORROW, (str(m1.add(-1)),))
    assert check_action(amended, Action.ACCEPT, quarterly).allowed
    assert check_action(amended, Action.ACCEPT, monthly).code == "AMENDMENT_ORIGINAL_OPEN"


@pytest.mark.parametrize("month", [0, 1, 2])
def test_faq27_spec18_qrmp_credit_note_of_any_month_may_be_pending_until_the_next_quarters_3b(month):
    """spec 1.8: one tax period is the quarter for QRMP filers, whichever month the note came in;
    Pending in its quarter and the next (advisory of 17-Oct-2025, Q4)."""
    quarter_end = ReturnPeriod(2026, 9)
    period = quarter_end.add(-2 + month)
    held = state(record(Section.B2BCN, f"CN-Q{month}", period=str(period), day=period.first_day,
                        action=Action.PENDING))
    before = context(date(2026, 10, 15), ("062026",), quarterly=True)
    next_quarter = context(date(2026, 10, 25), ("062026", "092026"), quarterly=True)
    after = context(date(2027, 1, 25), ("062026", "092026", "122026"), quarterly=True)
    assert pending_allowed(held, before).allowed
    assert pending_allowed(held, next_quarter).allowed
    assert not pending_allowed(held, after).allowed



# ---------------------------------------------------------------- wrongly rejected, re-reported (spec 4.3)


@pytest.mark.parametrize("section", [Section.B2BA, Section.B2BCNA])
def test_spec43_wrongly_rejected_document_re_reported_unchanged_is_accepted_after_the_originals_3b(section):
    """spec 4.3 rows 4 and 8 (GSTN FAQ of June 2025): the supplier re-reports a rejected document
    unchanged in the amendment table; the recipient accepts it in the later period once the
    original's GSTR-3B is filed (FAQ 13), and not while it is unfiled."""
    day = date(2026, 6, 10)
    rec = record(section, "RE-1", period=str(OPEN), day=OPEN.first_day, original_date=day)
    filed = state(rec, original=original(Action.REJECT, str(EARLIER), filed=True))
    assert check_action(filed, Action.ACCEPT, _on(TOMORROW)).allowed
    unfiled = state(rec, original=original(Action.REJECT, str(EARLIER), filed=False))
    assert check_action(unfiled, Action.ACCEPT, _on(TOMORROW)).code == "AMENDMENT_ORIGINAL_OPEN"


def test_spec43_re_reported_invoice_of_the_previous_year_takes_itc_so_section_16_4_bars_it():
    """Its original was rejected, so accepting it takes the full ITC (spec 4.3 row 4): not past
    30 November of the invoice's year."""
    rec = record(Section.B2BA, "RE-2", period=str(OPEN), day=OPEN.first_day, original_date=LAST_DAY_OF_FY)
    amendment = state(rec, original=original(Action.REJECT, str(EARLIER), filed=True))
    assert check_action(amendment, Action.ACCEPT, _on(TODAY)).allowed
    assert check_action(amendment, Action.ACCEPT, _on(TOMORROW)).code == "SECTION_16_4_EXPIRED"


# ---------------------------------------------------------------- FAQ 13 on a saved amendment


def test_faq13_saved_amendment_waits_for_an_original_of_an_earlier_period_like_a_filed_one():
    """FAQ 7, 13: a saved (unfiled) amendment is actionable, but it cannot land in a 2B before its
    return period; an original in an earlier period is in another GSTR-2B, so the amendment waits
    until the original has an action and that period's GSTR-3B is filed. (Before the audit the
    engine skipped FAQ 13 for every unfiled amendment.)"""
    nov = OPEN.next()
    saved = record(Section.B2BA, "SAVED-A", period=str(nov), day=nov.first_day, igst=900,
                   original_date=EARLIER.first_day, supplier_filed=False)
    ctx = context(TOMORROW, (str(EARLIER.previous()),))  # July filed; August's GSTR-3B is not

    def judged(original_action, filed):
        return check_action(state(saved, original=original(original_action, str(EARLIER), filed=filed)),
                            Action.ACCEPT, ctx).code

    assert judged(Action.ACCEPT, False) == "AMENDMENT_ORIGINAL_OPEN"
    assert judged(Action.PENDING, True) == "AMENDMENT_ORIGINAL_OPEN"
    assert judged(Action.ACCEPT, True) == "ALLOWED"
    # an original of the amendment's own return period may share its 2B: the amendment prevails
    same = state(saved, original=original(Action.NO_ACTION, str(nov)))
    assert check_action(same, Action.ACCEPT, ctx).allowed


def test_faq13_saved_gstr1a_amendment_lands_a_period_after_its_original():
    """A GSTR-1A change reaches the next GSTR-2B (seed 000, spec 3.5), so its original of the same
    return period is in another 2B and must be acted on and its GSTR-3B filed first."""
    saved = record(Section.B2BA, "SAVED-1A", period=str(OPEN), day=OPEN.first_day, igst=900,
                   original_date=OPEN.first_day, supplier_filed=False, source_form="R1A")
    amendment = state(saved, original=original(Action.ACCEPT, str(OPEN)))
    assert check_action(amendment, Action.ACCEPT, _on(TODAY)).code == "AMENDMENT_ORIGINAL_OPEN"
    assert check_action(amendment, Action.ACCEPT, context(TODAY, FILED + (str(OPEN),))).allowed
