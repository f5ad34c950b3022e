"""The Frappe layer's amendment wiring and GSTR-2B period assignment (pure modules, run in CI).

Today is pinned (tests/conftest.py); periods are built from it.
"""

from __future__ import annotations

from datetime import date, timedelta

from india_ims.gst_india.documents import Action, Amounts, ImsRecord, ItcReduction, Section
from india_ims.gst_india.periods import ReturnPeriod, current_return_period
from india_ims.gst_india.returns import action_effect, itc_at_stake
from india_ims.gst_india.rules import RuleContext, check_action
from india_ims.ims.merge import StoredRow, gstr2b_columns, plan_download
from india_ims.ims.originals import original_text, with_original
from india_ims.ims.rows import record_to_row, row_to_record
from tests.conftest import TODAY

GSTIN = "24AAACR5055K1ZD"
SUPPLIER = "27AAPFU0939F1ZV"
NOW = current_return_period(TODAY)
AUG = NOW.add(-2)
SEP = NOW.previous()
CTX = RuleContext(today=TODAY, filed_3b_periods=frozenset({str(AUG), str(SEP)}))


def _row(section: Section, number: str, period: ReturnPeriod, igst: int, action="No Action", *,
         original=None, name=None, filed=True) -> dict:
    amounts = Amounts(igst * 500, igst * 100, 0, 0, 0)
    record = ImsRecord(
        section=section, supplier_gstin=SUPPLIER, document_number=number,
        document_date=AUG.first_day + timedelta(days=9), supplier_return_period=str(period),
        document_value=amounts.taxable_value + amounts.total_tax, amounts=amounts, place_of_supply="24",
        invoice_type="R", original_number=original, supplier_filed=filed,
        original_date=AUG.first_day + timedelta(days=9) if original else None,
    )
    row = record_to_row(record, company="Acme", company_gstin=GSTIN)
    row.update(name=name or f"{section.value}-{number}-{period}", gstn_action=action, action=action,
               gstr2b_period=str(period), match_status="", purchase_invoice="", remarks="")
    return row


def _amendment_state(amended_row, candidates):
    from india_ims.gst_india.rules import RecordState

    state = RecordState(row_to_record(amended_row))
    return with_original(state, amended_row, candidates)


def test_spec18_stored_original_makes_the_accept_effect_the_difference():
    original = _row(Section.B2B, "INV-1", AUG, 1800, "Accepted")
    for new, expected in ((900, -900), (2700, 900)):
        amended = _row(Section.B2BA, "INV-1", SEP, new, original="INV-1")
        state = _amendment_state(amended, [original, amended])
        assert action_effect(state, Action.ACCEPT, CTX).recipient_itc.igst == expected * 100
        assert "found among the downloaded records" in original_text(state)


def test_spec18_stored_credit_note_amendment_gives_back_the_difference():
    original = _row(Section.B2BCN, "CN-1", AUG, 1800, "Accepted")
    amended = _row(Section.B2BCNA, "CN-1", SEP, 900, original="CN-1")
    state = _amendment_state(amended, [original])
    assert action_effect(state, Action.ACCEPT, CTX).recipient_itc.igst == 900 * 100


def test_spec18_stored_amendment_of_an_amendment_counts_from_the_value_last_counted():
    original = _row(Section.B2B, "INV-2", AUG, 1800, "Accepted")
    first = _row(Section.B2BA, "INV-2", SEP, 2700, "Accepted", original="INV-2")
    second = _row(Section.B2BA, "INV-2", NOW, 2200, original="INV-2")
    later = _row(Section.B2BA, "INV-2", NOW.next(), 100, original="INV-2")  # not earlier: ignored
    unfiled = _row(Section.B2B, "INV-2", SEP, 5, filed=False, name="other")  # saved only: never counted
    state = _amendment_state(second, [later, first, original, unfiled, second])
    assert action_effect(state, Action.ACCEPT, CTX).recipient_itc.igst == -500 * 100
    assert itc_at_stake([state], CTX).all_accepted.igst == -500 * 100


def test_spec18_declared_reduction_cap_in_the_frappe_layer_is_the_difference():
    original = _row(Section.B2BCN, "CN-3", AUG, 1800, "Accepted")
    amended = _row(Section.B2BCNA, "CN-3", NOW, 2700, original="CN-3")
    state = _amendment_state(amended, [original])
    whole = ItcReduction(True, igst=2700_00)
    too_much = check_action(state, Action.ACCEPT, CTX, itc_reduction=whole, remarks="x")
    assert too_much.code == "ITC_REDUCTION_EXCEEDS_TAX"
    assert check_action(state, Action.ACCEPT, CTX, itc_reduction=ItcReduction(True, igst=900_00)).allowed


def test_faq13_unknown_original_is_said_in_words():
    amended = _row(Section.B2BA, "INV-9", SEP, 900, original="INV-9")
    state = _amendment_state(amended, [amended])
    assert state.original is None
    text = original_text(state)
    assert "INV-9" in text and "not among the downloaded records" in text


def test_spec35_download_decides_the_period_from_first_seen_filed_and_keeps_it():
    late_day = NOW.next().first_day.replace(day=20)  # filed after the 11th: the next 2B
    saved = _row(Section.B2B, "INV-L", NOW, 100, filed=False)
    record = row_to_record({**saved, "supplier_filing_status": "Filed"})
    old = StoredRow("n", "d", "No Action", "No Action", filed=False)
    columns = gstr2b_columns(record, old, quarterly=False, today=late_day)
    assert columns["gstr2b_period"] == str(NOW.next())
    assert "first seen filed" in columns["gstr2b_period_basis"]
    kept = StoredRow("n", "d2", "No Action", "No Action", filed=True, gstr2b_period=columns["gstr2b_period"],
                     basis=columns["gstr2b_period_basis"])
    again = gstr2b_columns(record, kept, quarterly=False, today=late_day + timedelta(days=30))
    assert again == columns
    fresh = gstr2b_columns(record, None, quarterly=False, today=late_day)
    assert fresh["gstr2b_period"] == str(NOW) and "not known" in fresh["gstr2b_period_basis"]


def test_spec35_plan_download_passes_the_stored_row_to_the_period_decision():
    record = row_to_record(_row(Section.B2B, "INV-P", NOW, 100))
    seen = []
    plan_download([record], {}, company="Acme", company_gstin=GSTIN,
                  derived=lambda rec, name: seen.append(name) or {})
    assert seen and seen[0]


def test_pinned_today_is_the_one_the_periods_come_from():
    assert date(2026, 11, 30) == TODAY and ReturnPeriod(2026, 10) == NOW


def test_spec35_a_generated_gstr2b_settles_the_period_of_the_documents_it_lists():
    from india_ims.gst_india.payload.gstr2b_api import parse_gstr2b_pages
    from india_ims.gstn.sandbox import make_portal
    from india_ims.gstn.sandbox import seed as seeds
    from india_ims.ims.merge import gstr2b_listing

    month = seeds.generated(6, 120, "returns")
    portal = make_portal(month.records, gstin=month.gstin, period=month.period, today=TODAY,
                         history=month.history)
    reference = portal.request_generation(month.period)
    assert portal.generation_status(reference).status == "P"
    download = parse_gstr2b_pages(portal.statements[month.period])
    listing = gstr2b_listing(download.documents, month.period, "Oct 2026")
    keys = {(r.section.value, r.supplier_gstin, r.document_number.strip().upper()) for r in month.records}
    assert listing and set(listing) <= keys
    expected = {"gstr2b_period": month.period,
                "gstr2b_period_basis": "listed in the GSTR-2B of Oct 2026 as generated by GSTN"}
    assert all(value == expected for value in listing.values())
    sections = {key[0] for key in listing}
    assert {"b2bcn", "b2b"} <= sections


def test_spec18_a_later_amendment_on_the_same_row_keeps_the_earlier_one_as_the_value_last_counted():
    import json

    from india_ims.ims.originals import carried_versions

    original = _row(Section.B2B, "INV-R", AUG, 1800, "Accepted")
    first = _row(Section.B2BA, "INV-R", SEP, 2700, "Accepted", original="INV-R", name="same-row")
    second = _row(Section.B2BA, "INV-R", NOW, 2200, original="INV-R", name="same-row")
    second["earlier_versions"] = carried_versions(second, first)
    assert len(json.loads(second["earlier_versions"])) == 1
    state = _amendment_state(second, [original, second])
    assert action_effect(state, Action.ACCEPT, CTX).recipient_itc.igst == -500 * 100
    # a re-download of the same amendment keeps what was carried
    assert carried_versions(second, second) == second["earlier_versions"]
    assert carried_versions(second, None) == ""
