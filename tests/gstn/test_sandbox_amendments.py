"""The sandbox holds amendments' originals the way GSTN does (spec 1.8, 4.3; FAQ 11, 13).

Today is pinned (tests/conftest.py) and the periods are built from it; the
pre-October-2025 case pins its own day in that era.
"""

from __future__ import annotations

from datetime import date

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, Section
from india_ims.gst_india.payload import ims as ims_wire
from india_ims.gst_india.payload.gstr2b_api import parse_gstr2b_pages
from india_ims.gst_india.periods import ReturnPeriod, current_return_period
from india_ims.gst_india.returns.layout import Block
from india_ims.gst_india.rules import RecordState
from india_ims.gstn.sandbox import make_portal
from india_ims.gstn.sandbox import seed as seeds
from india_ims.synthetic import HeldOriginal
from tests.conftest import TODAY

RECIPIENT = "24AAACR5055K1ZD"
SUPPLIER = "27AAPFU0939F1ZV"
NOW = current_return_period(TODAY)
BEFORE = NOW.previous()


def _rupees(igst: int) -> Amounts:
    return Amounts(igst * 500, igst * 100, 0, 0, 0)


def _record(section: Section, number: str, period: ReturnPeriod, igst: int, **kw) -> ImsRecord:
    amounts = _rupees(igst)
    return ImsRecord(
        section=section, supplier_gstin=SUPPLIER, document_number=number,
        document_date=kw.pop("day", BEFORE.first_day.replace(day=10)),
        supplier_return_period=str(period), document_value=amounts.taxable_value + amounts.total_tax,
        amounts=amounts, place_of_supply="24", invoice_type="R", **kw,
    )


def _portal(original_action, original_igst, amended_igst, *, section=Section.B2B, filed=True,
            now=NOW, before=BEFORE, today=TODAY):
    day = before.first_day.replace(day=10)
    original = _record(section, "INV-1", before, original_igst, action=original_action, day=day)
    amended = _record(section.amendment, "INV-1", now, amended_igst, original_number="INV-1",
                      original_date=day, day=day)
    return make_portal([amended], gstin=RECIPIENT, period=str(now), today=today,
                       history=[HeldOriginal(original, str(before), gstr3b_filed=filed)]), amended


def _save(portal, record, action):
    row = ims_wire.SaveRequestRow(record.section, record.key, record.supplier_gstin, record.document_number,
                                  record.supplier_return_period, action, record.action, None, None)
    reference = portal.submit("SAVE", [row])
    return portal.poll(reference)


def _gstr2b(portal, period):
    reference = portal.request_generation(str(period))
    assert portal.generation_status(reference).status == "P"
    return parse_gstr2b_pages(portal.statements[str(period)])


def test_spec43_sandbox_gstr2b_counts_a_downward_amendment_at_the_difference():
    portal, _ = _portal(Action.ACCEPT, 1800, 900)
    assert _gstr2b(portal, NOW).net(Block.AVAILABLE).igst == -900 * 100


def test_spec43_sandbox_gstr2b_counts_an_upward_amendment_at_the_difference():
    portal, _ = _portal(Action.ACCEPT, 1800, 2700)
    assert _gstr2b(portal, NOW).net(Block.AVAILABLE).igst == 900 * 100


def test_spec43_sandbox_credit_note_amendment_gives_back_the_difference():
    portal, _ = _portal(Action.ACCEPT, 1800, 900, section=Section.B2BCN)
    assert _gstr2b(portal, NOW).net(Block.AVAILABLE).igst == 900 * 100


def test_spec18_sandbox_amendment_of_an_amendment_counts_from_the_value_last_counted():
    portal, first = _portal(Action.ACCEPT, 1800, 2700)
    assert _save(portal, first, Action.ACCEPT).status == "P"
    portal.file_gstr3b(str(NOW))
    later = NOW.next()
    second = _record(Section.B2BA, "INV-1", later, 2200, original_number="INV-1",
                     original_date=first.original_date, day=first.document_date)
    portal.states[second.key] = RecordState(second)
    portal.config.today = later.gstr2b_generation_date()
    assert _gstr2b(portal, later).net(Block.AVAILABLE).igst == -500 * 100


def test_faq13_sandbox_refuses_an_amendment_while_the_originals_gstr3b_is_unfiled():
    portal, amended = _portal(Action.ACCEPT, 1800, 900, filed=False)
    status = _save(portal, amended, Action.ACCEPT)
    assert status.status == "ER"
    assert status.record_errors[0].code == "AMENDMENT_ORIGINAL_OPEN"


def test_faq11d_sandbox_refuses_pending_on_a_downward_amendment_of_an_accepted_filed_invoice():
    # The rule as it stood before the October 2025 tax period: a day of that era is pinned.
    now, before = ReturnPeriod(2025, 8), ReturnPeriod(2025, 7)
    portal, amended = _portal(Action.ACCEPT, 1800, 900, now=now, before=before, today=date(2025, 9, 20))
    assert portal.states[amended.key].record.pending_blocked is True  # GSTN's flag, as GSTN derives it
    status = _save(portal, amended, Action.PENDING)
    assert status.status == "ER" and status.record_errors[0].code == "PENDING_BLOCKED"


def test_spec18_sandbox_allows_pending_on_a_specified_amendment_for_its_one_period():
    portal, amended = _portal(Action.ACCEPT, 1800, 900)
    assert portal.states[amended.key].record.pending_blocked is False
    assert _save(portal, amended, Action.PENDING).status == "P"


def test_spec18_sandbox_seeds_generated_originals_with_their_period_and_filed_3b():
    month = seeds.generated(4, 300, "returns")
    assert month.period == str(NOW) and month.history
    portal = make_portal(month.records, gstin=month.gstin, period=month.period, today=TODAY,
                         history=month.history)
    assert str(BEFORE) in portal.filed_3b
    held = portal.states[month.history[0].record.key]
    assert held.gstr2b_period == str(BEFORE) and not held.in_ims
    amendments = [s for s in portal.states_with_originals() if s.record.section.is_amendment]
    assert amendments and all(s.original is not None for s in amendments)
    assert {r.key for r in portal.in_ims()} == {r.key for r in month.records}


def test_spec35_sandbox_places_a_late_filing_in_the_next_gstr2b():
    saved = _record(Section.B2B, "LATE-1", NOW, 500, supplier_filed=False, day=NOW.first_day)
    portal = make_portal([saved], gstin=RECIPIENT, period=str(NOW), today=TODAY)
    portal.supplier_file(SUPPLIER, NOW.next().first_day.replace(day=12))  # after the 11th
    assert portal.states[saved.key].gstr2b_period == str(NOW.next())
    on_time = _record(Section.B2B, "ONTIME-1", NOW, 500, supplier_filed=False, day=NOW.first_day)
    portal = make_portal([on_time], gstin=RECIPIENT, period=str(NOW), today=TODAY)
    portal.supplier_file(SUPPLIER, NOW.next().first_day.replace(day=11))
    assert portal.states[on_time.key].gstr2b_period == str(NOW)


def test_faq8_faq17_sandbox_refuses_actions_on_reverse_charge_records():
    rcm = _record(Section.B2B, "RCM-1", NOW, 500, reverse_charge=True, day=NOW.first_day)
    portal = make_portal([rcm], gstin=RECIPIENT, period=str(NOW), today=TODAY)
    status = _save(portal, rcm, Action.ACCEPT)
    assert status.status == "ER" and status.record_errors[0].code == "REVERSE_CHARGE_NOT_IN_IMS"


def test_spec18_sandbox_state_file_keeps_the_originals_it_holds():
    from india_ims.gstn.sandbox.state import portal_from_dict, portal_to_dict

    portal, _ = _portal(Action.ACCEPT, 1800, 900)
    again = portal_from_dict(portal_to_dict(portal))
    assert again.filed_3b == portal.filed_3b
    assert _gstr2b(again, NOW).net(Block.AVAILABLE).igst == -900 * 100
