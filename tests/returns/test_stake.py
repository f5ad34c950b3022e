"""ITC at stake: current actions against all-accepted, per supplier and in total (issue 4).

Hand-worked:
  Supplier A  INV-1 IGST 1,800 Rejected   -> moves 1,800
              INV-2 IGST   900 Pending    -> moves   900
              INV-3 IGST   500 Accepted   -> moves     0
              CN-1  IGST   300 Rejected   -> moves  -300 (keeps ITC acceptance would lose)
              all accepted 2,900; current 500; moved 2,400
  Supplier B  INV-4 CGST/SGST 450 each, No Action     -> 0
              CN-2  CGST/SGST 100 each, Accepted declaring nil reduction -> moves -100 / -100
              all accepted 350 / 350; current 450 / 450; moved -100 / -100
  Supplier C  accepted in September, whose 3B is filed: frozen, not at stake
"""

from datetime import date

from india_ims.gst_india.documents import Action, Amounts, ItcReduction, Section
from india_ims.gst_india.returns import itc_at_stake
from tests.rules.factories import SUPPLIER_A, SUPPLIER_B, SUPPLIER_C, context, record, rupees, state

CTX = context(date(2025, 11, 20), filed=("092025",))


def tax(igst=0, cgst=0, sgst=0):
    return Amounts(0, rupees(igst), rupees(cgst), rupees(sgst), 0)


def _states():
    a, b = {"supplier": SUPPLIER_A}, {"supplier": SUPPLIER_B, "igst": 0}
    return [
        state(record(Section.B2B, "INV-1", igst=1800, action=Action.REJECT, **a)),
        state(record(Section.B2B, "INV-2", igst=900, **a), local_action=Action.PENDING),
        state(record(Section.B2B, "INV-3", igst=500, action=Action.ACCEPT, **a)),
        state(record(Section.B2BCN, "CN-1", igst=300, action=Action.REJECT, **a)),
        state(record(Section.B2B, "INV-4", cgst=450, sgst=450, **b)),
        state(record(Section.B2BCN, "CN-2", cgst=100, sgst=100, action=Action.ACCEPT, **b),
              itc_reduction=ItcReduction(False), remarks="never availed"),
        state(record(Section.B2B, "OLD", supplier=SUPPLIER_C, period="092025", igst=5000,
                     action=Action.REJECT)),
    ]


def test_itc_at_stake_per_supplier_and_total():
    stake = itc_at_stake(_states(), CTX)
    first, second = stake.suppliers
    assert first.supplier_gstin == SUPPLIER_A and first.records == 4
    assert first.all_accepted == tax(2900) and first.current == tax(500) and first.moved == tax(2400)
    assert second.supplier_gstin == SUPPLIER_B
    assert second.all_accepted == tax(0, 350, 350) and second.current == tax(0, 450, 450)
    assert second.moved == tax(0, -100, -100)
    assert stake.moved == tax(2400, -100, -100)
    assert stake.all_accepted == tax(2900, 350, 350)


def test_itc_at_stake_by_choice():
    stake = itc_at_stake(_states(), CTX)
    assert stake.moved_by(Action.REJECT) == tax(1500)
    assert stake.moved_by(Action.PENDING) == tax(900)
    assert stake.moved_by(Action.ACCEPT) == tax(0, -100, -100)
    assert stake.moved_by(Action.NO_ACTION) == tax()


def test_itc_at_stake_for_one_period_only():
    states = _states() + [state(record(Section.B2B, "NOV", igst=700, period="112025", action=Action.REJECT))]
    assert itc_at_stake(states, CTX, period="112025").moved == tax(700)
    assert itc_at_stake(states, CTX, period="102025").moved == tax(2400, -100, -100)


def test_suppliers_moving_itc_count_only_the_records_that_move_it():
    # Supplier A: INV-3 (accepted) moves nothing; Supplier B: INV-4 (no action) moves nothing.
    first, second = itc_at_stake(_states(), CTX).suppliers
    assert (first.records, first.moved_records) == (4, 3)
    assert (second.records, second.moved_records) == (2, 1)


def test_faq13_itc_at_stake_leaves_out_an_original_its_same_period_amendment_replaces():
    # INV-9 (IGST 2,000, rejected) is amended in the same period (GSTR-1A) to IGST 1,500, accepted:
    # GSTR-2B carries the amendment alone (FAQ 13), so the original's rejection moves no ITC and its
    # 2,000 is not ITC that accepting everything would give.
    original = state(record(Section.B2B, "INV-9", igst=2000, action=Action.REJECT))
    amendment = state(
        record(Section.B2BA, "INV-9A", igst=1500, action=Action.ACCEPT, original_number="INV-9")
    )
    stake = itc_at_stake([original, amendment], CTX, period="102025")
    assert (stake.all_accepted, stake.current, stake.moved) == (tax(1500), tax(1500), tax())
    assert [s.records for s in stake.suppliers] == [1]
    # amended in a later period, the original still counts where it is
    later = state(record(Section.B2BA, "INV-9A", igst=1500, period="112025", action=Action.ACCEPT,
                         original_number="INV-9"))
    assert itc_at_stake([original, later], CTX, period="102025").moved == tax(2000)
