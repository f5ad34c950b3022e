"""FAQ 21 and ITC at stake: a record GSTN holds Pending leaves IMS once Section 16(4) has run out on
it, so no action can claim its ITC and none of it is at stake any more.

The invoice is of March 2026 (FY 2025-26): its deadline is 30 November 2026, or the day the annual
return for 2025-26 was filed when that is earlier. Pinned days on both sides of it; a downward
amendment stays in IMS (16(4) never stops a reduction) and a credit note has no deadline.
"""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.returns import itc_at_stake
from india_ims.gst_india.returns.contribution import contribution, record_stake, section_16_4_cutoff
from india_ims.gst_india.rules.amendments import Version, original_from_versions
from tests.rules.factories import context, record, rupees, state

DAY = date(2026, 3, 15)  # FY 2025-26
DEADLINE = date(2026, 11, 30)
AFTER = date(2026, 12, 1)
PERIOD = "032026"


def igst(value: float) -> Amounts:
    return Amounts(0, rupees(value), 0, 0, 0)


def pending_invoice(**kw):
    rec = record(Section.B2B, "INV-16-4", period=PERIOD, igst=900, day=DAY, action=Action.PENDING)
    return state(rec, **kw)


def test_faq21_pending_past_section_16_4_has_no_itc_at_stake():
    held = pending_invoice()
    on_the_day = context(DEADLINE)
    assert record_stake(held, on_the_day).moved == igst(900)
    assert itc_at_stake([held], on_the_day).moved == igst(900)
    after = context(AFTER)
    assert record_stake(held, after) is None
    assert contribution(held, after).stake is None
    assert itc_at_stake([held], after).suppliers == ()


def test_faq21_a_local_action_on_a_record_gstn_holds_pending_is_not_at_stake_either():
    # the engine refuses to send it (NOT_IN_IMS): the record is out of IMS whatever the user chose
    chosen = pending_invoice(local_action=Action.REJECT)
    assert record_stake(chosen, context(DEADLINE)).moved == igst(900)
    assert record_stake(chosen, context(AFTER)) is None


def test_faq21_an_annual_return_filed_earlier_brings_the_day_forward():
    held = pending_invoice()
    filed = {"annual_returns_filed": {"2025-26": date(2026, 10, 15)}}
    assert record_stake(held, context(date(2026, 10, 15), **filed)).moved == igst(900)
    assert record_stake(held, context(date(2026, 10, 16), **filed)) is None
    # another year's annual return does not move this one's deadline
    other = {"annual_returns_filed": {"2024-25": date(2025, 10, 15)}}
    assert record_stake(held, context(date(2026, 10, 16), **other)).moved == igst(900)


def test_faq21_a_downward_amendment_held_pending_stays_at_stake():
    rec = record(Section.B2BA, "M-16-4", period="102026", igst=900, taxable=4500, day=DAY,
                 original_date=DAY, action=Action.PENDING)
    amended = state(rec, original=original_from_versions(
        [Version(Action.ACCEPT, Amounts(rupees(9000), rupees(1800), 0, 0, 0), PERIOD)]))
    before, after = record_stake(amended, context(DEADLINE)), record_stake(amended, context(AFTER))
    assert after is not None and after == before
    assert itc_at_stake([amended], context(AFTER)).suppliers[0].records == 1


def test_faq21_a_credit_note_held_pending_is_unaffected():
    note = state(record(Section.B2BCN, "CN-16-4", period=PERIOD, igst=300, day=DAY, action=Action.PENDING))
    before, after = record_stake(note, context(DEADLINE)), record_stake(note, context(AFTER))
    assert after is not None and after == before


def test_faq21_a_no_action_record_of_the_same_year_is_unaffected():
    # deemed accepted, not pending: it never leaves IMS this way and stays counted (moving nothing)
    quiet = state(record(Section.B2B, "INV-NA", period=PERIOD, igst=900, day=DAY))
    after = record_stake(quiet, context(AFTER))
    assert after is not None and after.action is Action.NO_ACTION and after.moved == igst(0)
    assert itc_at_stake([quiet], context(AFTER)).suppliers[0].records == 1


def test_faq21_cutoff_is_the_newest_financial_year_past_section_16_4():
    # a store marks stale the parts of records dated on or before it (figures_store)
    assert section_16_4_cutoff(context(DEADLINE)) == date(2025, 3, 31)
    assert section_16_4_cutoff(context(AFTER)) == date(2026, 3, 31)
    assert section_16_4_cutoff(context(date(2026, 4, 1))) == date(2025, 3, 31)
    filed = {"annual_returns_filed": {"2025-26": date(2026, 10, 15)}}
    assert section_16_4_cutoff(context(date(2026, 10, 15), **filed)) == date(2025, 3, 31)
    assert section_16_4_cutoff(context(date(2026, 10, 16), **filed)) == date(2026, 3, 31)
    # every record it covers is past its deadline, the day after it none newer is
    held = pending_invoice()
    assert section_16_4_cutoff(context(AFTER)) >= DAY and record_stake(held, context(AFTER)) is None
    assert section_16_4_cutoff(context(DEADLINE)) < DAY and record_stake(held, context(DEADLINE))
