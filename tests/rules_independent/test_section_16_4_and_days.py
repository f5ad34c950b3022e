"""Section 16(4) and the boundary days: 30 Nov / 1 Dec, 31 Mar / 1 Apr, leap years, Indian midnight.

Sources: spec 5 (Section 16(4) as amended by the Finance Act 2022: 30 November following the end
of the financial year, or the annual return if earlier; FAQ 21: pending records past it leave
IMS); seed 001 FAQ 4, 21, 31; spec 3.5 (the 11th / 13th cut-offs), README "GST days are India's".
"""

from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.periods import ReturnPeriod, section_16_4_deadline
from india_ims.gst_india.returns import Block, compute_gstr2b, compute_table4
from india_ims.gst_india.rules import check_action
from india_ims.gst_india.rules.lifecycle import expire_section_16_4, gstr2b_period_of_filing

from .build import ctx, doc, full_reduction, months_before, orig, st, tax

OCT25 = ReturnPeriod(2025, 10)
FILED = months_before(OCT25, 3)  # Jul-Sep 2025; Oct 2025 3B not yet filed


def _late_invoice(day: date, section=Section.B2B, action=Action.NO_ACTION, period=OCT25):
    """An invoice of ``day`` the supplier reported late, in the GSTR-1 of ``period``."""
    return st(doc(section, f"L-{day.isoformat()}", day=day, period=period, action=action))


@pytest.mark.parametrize(
    "document_day, deadline",
    [
        (date(2025, 3, 31), date(2025, 11, 30)),  # last day of FY 2024-25
        (date(2025, 4, 1), date(2026, 11, 30)),  # first day of FY 2025-26
        (date(2024, 2, 29), date(2024, 11, 30)),  # leap day, FY 2023-24
        (date(2024, 3, 1), date(2024, 11, 30)),
        (date(2026, 1, 1), date(2026, 11, 30)),  # January: FY 2025-26
    ],
)
def test_section_16_4_deadline_is_30_november_after_the_financial_year(document_day, deadline):
    # spec 5: "30th of November following the end of the financial year to which the document relates".
    assert section_16_4_deadline(document_day) == deadline


def test_section_16_4_annual_return_filed_earlier_brings_the_deadline_forward():
    # spec 5: "... or after the filing of the relevant annual return, whichever is earlier".
    assert section_16_4_deadline(date(2025, 3, 31), date(2025, 10, 15)) == date(2025, 10, 15)
    assert section_16_4_deadline(date(2025, 3, 31), date(2025, 12, 20)) == date(2025, 11, 30)


def test_section_16_4_accept_allowed_on_30_november_refused_on_1_december():
    # spec 5: FY 2024-25 invoice (31 Mar 2025) in the Oct 2025 2B; ITC can be taken up to 30 Nov 2025.
    invoice = _late_invoice(date(2025, 3, 31))
    assert check_action(invoice, Action.ACCEPT, ctx(date(2025, 11, 30), *FILED)).allowed
    decision = check_action(invoice, Action.ACCEPT, ctx(date(2025, 12, 1), *FILED))
    assert not decision.allowed and decision.code == "SECTION_16_4_EXPIRED"
    assert check_action(invoice, Action.REJECT, ctx(date(2025, 12, 1), *FILED)).allowed


def test_section_16_4_first_of_april_invoice_still_open_on_1_december():
    # spec 5: 1 Apr 2025 is FY 2025-26: deadline 30 Nov 2026.
    invoice = _late_invoice(date(2025, 4, 1))
    assert check_action(invoice, Action.ACCEPT, ctx(date(2025, 12, 1), *FILED)).allowed


def test_section_16_4_leap_day_invoice_closes_on_30_november_2024():
    # spec 5 on a leap day: 29 Feb 2024 belongs to FY 2023-24.
    period = ReturnPeriod(2024, 10)
    invoice = _late_invoice(date(2024, 2, 29), period=period)
    filed = months_before(period, 3)
    assert check_action(invoice, Action.ACCEPT, ctx(date(2024, 11, 30), *filed)).allowed
    assert not check_action(invoice, Action.ACCEPT, ctx(date(2024, 12, 1), *filed)).allowed


def test_section_16_4_no_action_reset_past_the_deadline_is_refused():
    # FAQ 10: No Action is deemed accepted, i.e. takes ITC, which 16(4) bars after 30 Nov.
    rejected = _late_invoice(date(2025, 3, 31), action=Action.REJECT)
    assert not check_action(rejected, Action.NO_ACTION, ctx(date(2025, 12, 1), *FILED)).allowed


def test_section_16_4_deadline_day_is_read_in_indian_time():
    # README "GST days are India's": 30 Nov 18:29 UTC is 23:59 IST (open); 18:31 UTC is 1 Dec IST.
    invoice = _late_invoice(date(2025, 3, 31))
    open_moment = datetime(2025, 11, 30, 18, 29, tzinfo=timezone.utc)
    closed_moment = datetime(2025, 11, 30, 18, 31, tzinfo=timezone.utc)
    assert check_action(invoice, Action.ACCEPT, ctx(open_moment, *FILED)).allowed
    assert not check_action(invoice, Action.ACCEPT, ctx(closed_moment, *FILED)).allowed


def test_section_16_4_annual_return_filed_before_30_november_bars_the_next_day():
    # spec 5: annual return for FY 2024-25 filed 15 Oct 2025: no ITC on FY 2024-25 invoices after it.
    invoice = _late_invoice(date(2025, 2, 10))
    today = ctx(date(2025, 10, 16), *FILED, annual_returns_filed={"2024-25": date(2025, 10, 15)})
    assert not check_action(invoice, Action.ACCEPT, today).allowed


def test_section_16_4_debit_note_runs_from_its_own_date():
    # spec 5: "ITC on an invoice or debit note": the debit note's own financial year.
    note = st(doc(Section.B2BDN, "DN-1", day=date(2025, 4, 2), period=OCT25))
    assert check_action(note, Action.ACCEPT, ctx(date(2025, 12, 1), *FILED)).allowed


def test_section_16_4_does_not_bar_accepting_a_credit_note():
    # spec 5 bars taking ITC on invoices and debit notes; a credit note reduces ITC (advisory
    # 17-Oct-2025 example 3: a CN of 15 Mar 2025 reported in Oct 2025 is actionable).
    note = st(doc(Section.B2BCN, "CN-OLD", day=date(2024, 6, 1), period=OCT25))
    today = ctx(date(2025, 12, 2), *FILED)
    assert check_action(note, Action.ACCEPT, today, itc_reduction=full_reduction(note.record)).allowed


def test_section_16_4_downward_amendment_of_a_counted_invoice_may_still_be_accepted():
    # spec 5: 16(4) bars taking ITC; accepting a downward amendment of an accepted, filed original
    # only reduces ITC (spec 4.3 row 12).
    amended = st(doc(Section.B2BA, "AM-1", day=date(2025, 10, 2), period=OCT25, igst=900,
                     original_date=date(2025, 3, 20)),
                 original=orig(Action.ACCEPT, "052025", filed=True))
    assert check_action(amended, Action.ACCEPT, ctx(date(2025, 12, 2), *FILED)).allowed


def test_faq21_pending_invoice_past_section_16_4_leaves_ims():
    # FAQ 21: "Once records crossed the timeline prescribed in section 16(4) ... removed from IMS".
    pending = _late_invoice(date(2025, 1, 10), action=Action.PENDING, period=ReturnPeriod(2025, 2))
    kept, removed = expire_section_16_4([pending], ctx(date(2025, 11, 30), *FILED))
    assert kept and not removed
    kept, removed = expire_section_16_4([pending], ctx(date(2025, 12, 1), *FILED))
    assert removed and not kept
    assert not check_action(pending, Action.ACCEPT, ctx(date(2025, 12, 1), *FILED)).allowed


def test_faq31_fy_invoice_rejected_then_accepted_before_the_3b_gives_itc_in_oct_2024():
    # FAQ 31: FY 23-24 invoice in the Oct'24 2B; rejected, then accepted and 2B recomputed while
    # filing the Oct'24 3B (before 30 Nov 2024): the ITC is taken in that 3B.
    period = ReturnPeriod(2024, 10)
    today = ctx(date(2024, 11, 18), *months_before(period, 3))
    rejected = _late_invoice(date(2024, 3, 15), action=Action.REJECT, period=period)
    assert check_action(rejected, Action.ACCEPT, today).allowed
    accepted = st(rejected.record, local_action=Action.ACCEPT)
    gstr2b = compute_gstr2b([accepted], period, today)
    assert gstr2b.entries[0].placement.block is Block.AVAILABLE
    assert compute_table4(gstr2b).all_other_4a5 == tax(1800)


# ------------------------------------------------------------------ cut-off days (spec 3.5)


@pytest.mark.parametrize(
    "filed_on, form, quarterly_supplier, expected",
    [
        (date(2025, 11, 11), "R1", False, "102025"),  # monthly GSTR-1: the 11th still October
        (date(2025, 11, 12), "R1", False, "112025"),  # the 12th: next GSTR-2B
        (date(2025, 11, 13), "IFF", True, "102025"),  # IFF / quarterly: the 13th still October
        (date(2025, 11, 14), "IFF", True, "112025"),  # the 14th: next GSTR-2B
        (date(2026, 4, 11), "R1", False, "032026"),  # March across the financial year end
        (date(2026, 4, 12), "R1", False, "042026"),
    ],
)
def test_spec35_filing_cutoffs_decide_the_gstr2b_period(filed_on, form, quarterly_supplier, expected):
    # spec 3.5: monthly GSTR-1 12th M to 11th M+1 belongs to M; IFF/QRMP 14th to 13th.
    supplier_period = ReturnPeriod.of(filed_on).previous()
    period = gstr2b_period_of_filing(filed_on, form=form, supplier_return_period=str(supplier_period),
                                     supplier_quarterly=quarterly_supplier)
    assert str(period) == expected


def test_spec35_cutoff_moment_is_indian_midnight():
    # spec 3.5 "23:59 on the 11th": 11 Nov 18:45 UTC is 00:15 IST on the 12th -> November.
    moment = datetime(2025, 11, 11, 18, 45, tzinfo=timezone.utc)
    assert str(gstr2b_period_of_filing(moment, supplier_return_period="102025")) == "112025"


def test_spec35_gstr1a_reaches_the_next_period():
    # spec 3.5: documents reported through GSTR-1A reach the next period's 2B.
    period = gstr2b_period_of_filing(date(2025, 10, 5), form="R1A", supplier_return_period="092025")
    assert str(period) == "102025"


def test_faq27_qrmp_recipient_gets_the_quarter_end_period():
    # FAQ 27: quarterly recipients have one GSTR-2BQ for M1-M3; an Oct 2025 filing lands in Dec 2025.
    period = gstr2b_period_of_filing(date(2025, 11, 5), supplier_return_period="102025",
                                     recipient_quarterly=True)
    assert str(period) == "122025"
