"""Which actions each record type and section takes, before and from the October 2025 tax period.

Sources: seed 001 (IMS FAQ) Q10, Q11, Q17; spec 1.8 and 4.3; GSTN advisory of 17-Oct-2025
("FAQ on New Changes in IMS from October 2025 Tax Period", as reproduced at
https://goodsandservicetax.in/GST/?p=74205 and https://www.cashflo.io/magazine/pending-option-itc-reversal-feature-added-in-gst-ims).
Every test pins its own today; periods are built from it.
"""

from __future__ import annotations

from datetime import date

import pytest

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules import check_action, pending_allowed
from india_ims.gst_india.rules.lifecycle import supplier_files

from .build import ctx, doc, full_reduction, months_before, orig, st

# Before October 2025: the September 2025 GSTR-2B, acted on in October 2025.
PRE_TODAY = date(2025, 10, 16)
PRE = ReturnPeriod.of(PRE_TODAY).previous()  # Sep 2025
PRE_CTX = ctx(PRE_TODAY, *months_before(PRE, 4))
PRE_ORIGINAL = PRE.add(-2)  # Jul 2025: an amended original's 2B, its GSTR-3B filed

# From October 2025: the October 2025 GSTR-2B, acted on in November 2025.
NEW_TODAY = date(2025, 11, 16)
NEW = ReturnPeriod.of(NEW_TODAY).previous()  # Oct 2025
NEW_CTX = ctx(NEW_TODAY, *months_before(NEW, 4))
NEW_ORIGINAL = NEW.add(-2)  # Aug 2025


def _in(period: ReturnPeriod, section: Section, igst: float = 1800, **kw):
    return doc(section, f"{section.value}-1", day=period.first_day.replace(day=10), period=period,
               igst=igst, **kw)


def _amendment(period, section, igst, original_action, original_period):
    """An amendment of ``period`` moving an original of 1,800 tax to ``igst``."""
    return st(_in(period, section, igst, original_date=original_period.first_day.replace(day=5)),
              original=orig(original_action, original_period, igst=1800, filed=True))


# ------------------------------------------------------------------ originals: FAQ 10


@pytest.mark.parametrize("section", [Section.B2B, Section.B2BDN, Section.ECOM])
@pytest.mark.parametrize("action", [Action.ACCEPT, Action.REJECT, Action.PENDING])
def test_faq10_invoice_debit_note_and_eco_originals_take_every_action_before_oct_2025(section, action):
    # FAQ 10: Accept, Reject, Pending; FAQ 11 bars Pending on none of these.
    assert check_action(st(_in(PRE, section)), action, PRE_CTX).allowed


@pytest.mark.parametrize("section", [Section.B2B, Section.B2BDN, Section.ECOM])
def test_faq10_no_action_reset_allowed_on_an_accepted_invoice_before_the_3b(section):
    # FAQ 10, 12; spec 1.4: a record goes back to N through RESETIMS until the 3B is filed.
    accepted = st(_in(NEW, section, action=Action.ACCEPT))
    assert check_action(accepted, Action.NO_ACTION, NEW_CTX).allowed


# ------------------------------------------------------------------ before Oct 2025: FAQ 11


def test_faq11a_original_credit_note_cannot_be_pending_before_oct_2025():
    # FAQ 11 (A); Oct-2025 advisory example 1 (a September 2025 CN: "without Pending option").
    note = st(_in(PRE, Section.B2BCN))
    decision = check_action(note, Action.PENDING, PRE_CTX)
    assert not decision.allowed and decision.code == "PENDING_BLOCKED"
    assert check_action(note, Action.ACCEPT, PRE_CTX).allowed
    assert check_action(note, Action.REJECT, PRE_CTX).allowed


@pytest.mark.parametrize("original_action", [Action.ACCEPT, Action.REJECT])
def test_faq11b_upward_credit_note_amendment_cannot_be_pending_before_oct_2025(original_action):
    # FAQ 11 (B): "irrespective of the action taken by recipient on the original credit note".
    upward = _amendment(PRE, Section.B2BCNA, 2700, original_action, PRE_ORIGINAL)
    assert not check_action(upward, Action.PENDING, PRE_CTX).allowed


def test_faq11c_downward_credit_note_amendment_of_rejected_original_cannot_be_pending_before_oct_2025():
    # FAQ 11 (C).
    downward = _amendment(PRE, Section.B2BCNA, 900, Action.REJECT, PRE_ORIGINAL)
    assert not check_action(downward, Action.PENDING, PRE_CTX).allowed


def test_spec43_row16_downward_credit_note_amendment_of_accepted_filed_original_may_be_pending():
    # spec 4.3 row 16 (iris note): Pending allowed even before Oct-2025 for this case.
    downward = _amendment(PRE, Section.B2BCNA, 900, Action.ACCEPT, PRE_ORIGINAL)
    assert check_action(downward, Action.PENDING, PRE_CTX).allowed


@pytest.mark.parametrize("section", [Section.B2BA, Section.B2BDNA])
def test_faq11d_downward_invoice_or_debit_note_amendment_of_accepted_filed_original_no_pending(section):
    # FAQ 11 (D): original accepted by the recipient and its GSTR-3B filed.
    downward = _amendment(PRE, section, 900, Action.ACCEPT, PRE_ORIGINAL)
    assert not check_action(downward, Action.PENDING, PRE_CTX).allowed
    assert check_action(downward, Action.ACCEPT, PRE_CTX).allowed


@pytest.mark.parametrize("section", [Section.B2BA, Section.B2BDNA])
def test_faq11_upward_invoice_amendment_may_be_pending_before_oct_2025(section):
    # FAQ 11 lists only downward amendments of invoices/DNs.
    upward = _amendment(PRE, section, 2700, Action.ACCEPT, PRE_ORIGINAL)
    assert check_action(upward, Action.PENDING, PRE_CTX).allowed


def test_faq11_downward_invoice_amendment_of_rejected_original_may_be_pending_before_oct_2025():
    # FAQ 11 (D) needs the original accepted; a rejected original is outside it.
    downward = _amendment(PRE, Section.B2BA, 900, Action.REJECT, PRE_ORIGINAL)
    assert check_action(downward, Action.PENDING, PRE_CTX).allowed


def test_spec15_gstn_pending_blocked_flag_wins_over_derivation():
    # spec 1.5: ispendactblocked = Y means P may not be saved, whatever the record type.
    invoice = st(_in(NEW, Section.B2B, pending_blocked=True))
    assert not check_action(invoice, Action.PENDING, NEW_CTX).allowed
    note = st(_in(PRE, Section.B2BCN, pending_blocked=False))
    assert check_action(note, Action.PENDING, PRE_CTX).allowed


# ------------------------------------------------------------------ from Oct 2025: advisory 17-Oct-2025


@pytest.mark.parametrize(
    "section, igst, original_action",
    [
        (Section.B2BCN, 1800, None),  # (a) credit note
        (Section.B2BCNA, 2700, Action.ACCEPT),  # (a) upward CN amendment
        (Section.B2BCNA, 900, Action.REJECT),  # (b) downward CN amendment, original rejected
        (Section.B2BA, 900, Action.ACCEPT),  # (c) downward invoice amendment, original accepted + 3B
        (Section.B2BDNA, 900, Action.ACCEPT),  # (c) downward DN amendment
        (Section.ECOMA, 900, Action.ACCEPT),  # (d) downward ECO amendment
    ],
)
def test_oct2025_advisory_q1_specified_records_may_be_pending(section, igst, original_action):
    # Oct-2025 advisory Q1: "pending option has also been provided for" these records.
    if original_action is None:
        subject = st(_in(NEW, section, igst))
    else:
        subject = _amendment(NEW, section, igst, original_action, NEW_ORIGINAL)
    assert check_action(subject, Action.PENDING, NEW_CTX).allowed


def test_oct2025_advisory_example1_sep_credit_note_filed_11_oct_has_no_pending():
    # Advisory Q3 example 1: CN of 15 Sep 2025 in the Sep 2025 GSTR-1 filed 11 Oct 2025.
    today = date(2025, 10, 20)
    note = st(doc(Section.B2BCN, "CN-E1", day=date(2025, 9, 15), period="092025", supplier_filed=False))
    filed = supplier_files(note, date(2025, 10, 11))
    assert filed.gstr2b_period == "092025"
    assert not pending_allowed(filed, ctx(today, "082025", "072025")).allowed


def test_oct2025_advisory_example2_oct_credit_note_may_be_pending():
    # Advisory Q3 example 2: CN of 15 Oct 2025 in the Oct 2025 GSTR-1 filed 11 Nov 2025.
    note = st(doc(Section.B2BCN, "CN-E2", day=date(2025, 10, 15), period="102025", supplier_filed=False))
    filed = supplier_files(note, date(2025, 11, 11))
    assert filed.gstr2b_period == "102025"
    assert check_action(filed, Action.PENDING, ctx(date(2025, 11, 12), "092025", "082025")).allowed


def test_oct2025_advisory_example3_old_credit_note_reported_in_oct_gstr1_may_be_pending():
    # Advisory Q3 example 3: CN dated 15 Mar 2025 reported in the Oct 2025 GSTR-1: its 2B period
    # (Oct 2025) decides, not its date.
    note = st(doc(Section.B2BCN, "CN-E3", day=date(2025, 3, 15), period="102025", supplier_filed=False))
    filed = supplier_files(note, date(2025, 11, 11))
    assert check_action(filed, Action.PENDING, ctx(date(2025, 11, 12), "092025", "082025")).allowed


@pytest.mark.parametrize(
    "form, filed_on",
    [
        # Advisory Q3 example 4: CN of Sep 2025 in GSTR-1A of Sep 2025 filed 14 Oct 2025: 2B Oct 2025.
        ("R1A", date(2025, 10, 14)),
        # spec 3.5: a monthly GSTR-1 filed from the 12th lands in the next 2B; the rule version
        # follows the 2B period (advisory examples 3, 4), so the Sep note is an Oct 2025 record.
        ("R1", date(2025, 10, 12)),
    ],
)
def test_oct2025_sep_credit_note_landing_in_the_oct_2b_may_be_pending(form, filed_on):
    note = st(doc(Section.B2BCN, "CN-" + form, day=date(2025, 9, 20), period="092025", source_form=form,
                  supplier_filed=False))
    filed = supplier_files(note, filed_on, form=form)
    assert filed.gstr2b_period == "102025"
    assert check_action(filed, Action.PENDING, ctx(date(2025, 11, 12), "092025", "082025")).allowed


def test_oct2025_credit_note_accept_with_declared_reduction_is_allowed():
    # spec 1.8: on Accept of a specified record the recipient declares itcRedReq (Y with amounts).
    note = st(_in(NEW, Section.B2BCN))
    assert check_action(note, Action.ACCEPT, NEW_CTX, itc_reduction=full_reduction(note.record)).allowed


def test_oct2025_itc_reduction_cannot_be_declared_on_an_original_invoice():
    # spec 1.8: the reduction block is on b2ba, b2bcn, b2bcna, b2bdna, ecoma; not on b2b.
    invoice = st(_in(NEW, Section.B2B))
    decision = check_action(invoice, Action.ACCEPT, NEW_CTX, itc_reduction=full_reduction(invoice.record))
    assert not decision.allowed


# ------------------------------------------------------------------ not in IMS: FAQ 8, 17


@pytest.mark.parametrize("action", [Action.ACCEPT, Action.REJECT, Action.PENDING])
@pytest.mark.parametrize("section", [Section.B2B, Section.B2BCN, Section.B2BDN])
def test_faq17_reverse_charge_documents_take_no_ims_action(section, action):
    # FAQ 8 (3), 17: RCM records are not part of IMS.
    rcm = st(_in(NEW, section, reverse_charge=True))
    decision = check_action(rcm, action, NEW_CTX)
    assert not decision.allowed and decision.code == "REVERSE_CHARGE_NOT_IN_IMS"


def test_faq6_7_saved_not_filed_record_is_actionable():
    # FAQ 6, 7: a record is actionable as soon as the supplier saves it.
    saved = st(_in(NEW.next(), Section.B2B, supplier_filed=False))
    assert check_action(saved, Action.ACCEPT, NEW_CTX).allowed
    assert check_action(saved, Action.REJECT, NEW_CTX).allowed
