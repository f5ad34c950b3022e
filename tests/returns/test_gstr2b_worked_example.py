"""A hand-worked October 2025 GSTR-2B and its GSTR-3B Table 4 (spec 3.3, 3.5, 4.1).

Every figure below was worked out by hand from the documents listed; the
engine must reproduce them to the rupee.

Supplier A (IGST)
  INV-A1  taxable 1,00,000  IGST 18,000  Accepted          -> ITC Available, b2b
  INV-A2  taxable   50,000  IGST  9,000  No Action         -> deemed accepted (FAQ 10)
  INV-A3  taxable   20,000  IGST  3,600  Rejected          -> ITC Rejected only
  INV-A4  taxable   10,000  IGST  1,800  Pending           -> left out (FAQ 14)
  CN-A1   taxable    5,000  IGST    900  Accepted          -> Part B cdnr
Supplier B (CGST + SGST)
  INV-B1  taxable   40,000  CGST 3,600 SGST 3,600 Accepted -> b2b
  DN-B1   taxable    2,000  CGST   180 SGST   180 No Action-> Part A-I cdnr (debit notes)
  INV-B0A amends INV-B0 (Aug 2025, accepted, 3B filed) from 30,000 / 2,700 / 2,700
          to 25,000 / 2,250 / 2,250, Accepted              -> b2ba delta -5,000 / -450 / -450
  CN-B1   taxable   10,000  CGST 900 SGST 900, Accepted declaring a reduction of
          CGST 500 SGST 500 (remarks given)                -> Part B cdnr counts 500 / 500
Supplier C
  INV-C1  saved, not filed                                 -> left out (FAQ 15)
  INV-C2  November 2025                                    -> another period
Not in IMS (FAQ 8)
  RCM invoice        IGST 1,800 -> Part A-III; RCM credit note IGST 180 -> Part B cdnrrev
  POS-ineligible     CGST 720 SGST 720 -> ITC Not Available (reason P)
  Bill of entry      taxable 2,00,000 IGST 36,000 -> Part A-IV
  ISD invoice        CGST 500 SGST 500 -> Part A-II; ISD credit note IGST 100 -> Part B isd
  Rule 37A reversal  IGST 2,700 -> ITC Reversal

Table 4
  4A(1) IGST 36,000
  4A(3) IGST 1,800 - 180 = 1,620 (3.1(d) the same)
  4A(4) CGST 500, SGST 500, IGST -100
  4A(5) IGST 27,000 - 900 = 26,100; CGST 3,600 + 180 - 450 - 500 = 2,830; SGST 2,830
  4B(2) IGST 2,700
  4C    IGST 36,000 + 1,620 - 100 + 26,100 - 2,700 = 60,920; CGST 3,330; SGST 3,330
  4D(2) CGST 720, SGST 720
"""

from datetime import date

import pytest

from india_ims.gst_india.documents import Action, Amounts, DocumentType, ItcReduction, Section
from india_ims.gst_india.returns import (
    Block,
    Gstr2bSection,
    NonImsDocument,
    NonImsKind,
    Part,
    compute_gstr2b,
    compute_table4,
)
from india_ims.gst_india.returns.layout import UnavailableReason
from tests.rules.factories import (
    SUPPLIER_A,
    SUPPLIER_B,
    SUPPLIER_C,
    context,
    original,
    record,
    rupees,
    state,
)

CTX = context(date(2025, 11, 20), filed=("082025", "092025"))


def tax(igst=0, cgst=0, sgst=0, cess=0, taxable=0):
    return Amounts(rupees(taxable), rupees(igst), rupees(cgst), rupees(sgst), rupees(cess))


def _states():
    a = {"supplier": SUPPLIER_A}
    b = {"supplier": SUPPLIER_B, "igst": 0}
    return [
        state(record(Section.B2B, "INV-A1", taxable=100000, igst=18000, action=Action.ACCEPT, **a)),
        state(record(Section.B2B, "INV-A2", taxable=50000, igst=9000, **a)),
        state(record(Section.B2B, "INV-A3", taxable=20000, igst=3600, action=Action.REJECT, **a)),
        state(record(Section.B2B, "INV-A4", taxable=10000, igst=1800, action=Action.PENDING, **a)),
        state(record(Section.B2BCN, "CN-A1", taxable=5000, igst=900, action=Action.ACCEPT, **a)),
        state(record(Section.B2B, "INV-B1", taxable=40000, cgst=3600, sgst=3600, action=Action.ACCEPT, **b)),
        state(record(Section.B2BDN, "DN-B1", taxable=2000, cgst=180, sgst=180, **b)),
        state(
            record(Section.B2BA, "INV-B0A", taxable=25000, cgst=2250, sgst=2250, action=Action.ACCEPT,
                   original_number="INV-B0", **b),
            original=original(Action.ACCEPT, "082025", taxable=30000, igst=0, cgst=2700, sgst=2700),
        ),
        state(
            record(Section.B2BCN, "CN-B1", taxable=10000, cgst=900, sgst=900, action=Action.ACCEPT, **b),
            itc_reduction=ItcReduction(True, cgst=rupees(500), sgst=rupees(500)),
            remarks="half the credit was never availed",
        ),
        state(record(Section.B2B, "INV-C1", supplier=SUPPLIER_C, supplier_filed=False)),
        state(record(Section.B2B, "INV-C2", supplier=SUPPLIER_C, period="112025")),
    ]


def _non_ims():
    day = date(2025, 10, 15)
    inv, cn = DocumentType.INVOICE, DocumentType.CREDIT_NOTE
    rcm = NonImsKind.REVERSE_CHARGE
    return [
        NonImsDocument(rcm, SUPPLIER_C, "RCM-1", day, inv, tax(1800, taxable=10000), "102025"),
        NonImsDocument(rcm, SUPPLIER_C, "RCM-CN1", day, cn, tax(180, taxable=1000), "102025"),
        NonImsDocument(NonImsKind.POS_INELIGIBLE, SUPPLIER_B, "POS-1", day, inv,
                       tax(cgst=720, sgst=720, taxable=8000), "102025"),
        NonImsDocument(NonImsKind.IMPORT, "INNSA1", "BOE-1", day, inv, tax(36000, taxable=200000), "102025"),
        NonImsDocument(NonImsKind.ISD, SUPPLIER_A, "ISD-1", day, inv, tax(cgst=500, sgst=500), "102025"),
        NonImsDocument(NonImsKind.ISD, SUPPLIER_A, "ISDC-1", day, cn, tax(100), "102025"),
        NonImsDocument(NonImsKind.RULE_37A, SUPPLIER_C, "OLD-9", date(2024, 6, 1), inv,
                       tax(2700, taxable=15000), "102025"),
        NonImsDocument(NonImsKind.REVERSE_CHARGE, SUPPLIER_C, "RCM-NOV", day, inv, tax(99), "112025"),
    ]


@pytest.fixture(scope="module")
def october():
    return compute_gstr2b(_states(), "102025", CTX, non_ims=_non_ims())


def test_spec33_itc_available_part_a1_per_section(october):
    s = october.summary
    assert s.section(Block.AVAILABLE, Part.ALL_OTHER, Gstr2bSection.B2B) == tax(27000, 3600, 3600,
                                                                                  taxable=190000)
    assert s.section(Block.AVAILABLE, Part.ALL_OTHER, Gstr2bSection.CDNR) == tax(0, 180, 180, taxable=2000)
    assert s.section(Block.AVAILABLE, Part.ALL_OTHER, Gstr2bSection.B2BA) == tax(0, -450, -450, taxable=-5000)
    assert s.part(Block.AVAILABLE, Part.ALL_OTHER) == tax(27000, 3330, 3330, taxable=187000)


def test_spec33_part_b_credit_notes_with_declared_reduction(october):
    s = october.summary
    notes = s.section(Block.AVAILABLE, Part.CREDIT_NOTES, Gstr2bSection.CDNR)
    assert notes == tax(900, 500, 500, taxable=5000)
    assert s.section(Block.AVAILABLE, Part.CREDIT_NOTES, Gstr2bSection.CDNRREV) == tax(180, taxable=1000)
    assert s.section(Block.AVAILABLE, Part.CREDIT_NOTES, Gstr2bSection.ISD) == tax(100)


def test_spec35_non_ims_documents_go_to_their_parts(october):
    s = october.summary
    assert s.part(Block.AVAILABLE, Part.REVERSE_CHARGE) == tax(1800, taxable=10000)
    assert s.part(Block.AVAILABLE, Part.ISD) == tax(cgst=500, sgst=500)
    assert s.part(Block.AVAILABLE, Part.IMPORTS) == tax(36000, taxable=200000)
    assert s.net(Block.NOT_AVAILABLE) == tax(cgst=720, sgst=720, taxable=8000)
    assert s.net(Block.REVERSAL) == tax(2700, taxable=15000)
    (pos,) = october.block(Block.NOT_AVAILABLE)
    assert pos.placement.reason is UnavailableReason.POS


def test_faq14_rejected_in_itc_rejected_only(october):
    (rejected,) = october.block(Block.REJECTED)
    assert rejected.document_number == "INV-A3"
    assert october.summary.net(Block.REJECTED) == tax(3600, taxable=20000)
    assert "INV-A3" not in {e.document_number for e in october.block(Block.AVAILABLE)}


def test_faq10_14_15_pending_unfiled_and_other_periods_left_out(october):
    numbers = {e.document_number for e in october.entries}
    assert numbers.isdisjoint({"INV-A4", "INV-C1", "INV-C2", "RCM-NOV"})
    assert {(x.key[2], x.code) for x in october.excluded} == {
        ("INV-A4", "PENDING"), ("INV-C1", "SUPPLIER_NOT_FILED")
    }
    deemed = next(e for e in october.entries if e.document_number == "INV-A2")
    assert deemed.action is Action.NO_ACTION and deemed.placement.block is Block.AVAILABLE


def test_spec41_table4_reproduces_the_hand_worked_figures(october):
    table = compute_table4(october)
    assert table.imports_4a1 == tax(36000)
    assert table.reverse_charge_4a3 == tax(1620)
    assert table.isd_4a4 == tax(-100, 500, 500)
    assert table.all_other_4a5 == tax(26100, 2830, 2830)
    assert table.reversal_others_4b2 == tax(2700)
    assert table.ineligible_4d2 == tax(cgst=720, sgst=720)
    assert table.net_4c == tax(60920, 3330, 3330)
    assert table.reverse_charge_liability_3_1d == tax(1620, taxable=9000)
    assert list(table.rows()) == ["4A(1)", "4A(3)", "4A(4)", "4A(5)", "4B(2)", "4C", "4D(2)"]


def test_spec41_4a5_goes_negative_when_credit_notes_exceed_invoices():
    """Since Jan-2023 credit notes net inside 4A, which may be negative (spec 4.1)."""
    states = [
        state(record(Section.B2B, "SMALL", taxable=2500, igst=450)),
        state(record(Section.B2BCN, "BIG-CN", taxable=10000, igst=1800)),
    ]
    table = compute_table4(compute_gstr2b(states, "102025", CTX))
    assert table.all_other_4a5 == tax(-1350)
