"""Local GSTR-2B preview beside GSTN's, on a month built so they disagree in known ways.

Today is 30-11-2026; the period is October 2026 (2B generated on 14-11-2026, September's
3B filed). Hand-worked, IGST unless said:

  INV-1  1,800  Accepted everywhere                         -> equal, no explanation
  INV-2    900  GSTN holds No Action; locally Rejected       -> not uploaded:
                                                                Available -900, Rejected +900
  INV-3  2,700  No Action when GSTN built its 2B; Rejected    -> recompute pending:
                and uploaded since                             Available -2,700, Rejected +2,700
  INV-4    600  Pending when GSTN built its 2B; Accepted      -> recompute pending: Available +600
                and uploaded since
  CN-1   CGST 450 + SGST 450, No Action everywhere            -> equal (Part B, reduces the block)
  RCM-1    500  reverse charge, only in GSTN's 2B            -> only at GSTN: Available -500
  R37A     300  Rule 37A reversal, in GSTN's summary only    -> summary only: Reversal -300

Available: local 1,800 + 600 = 2,400 IGST, CGST -450, SGST -450;
           GSTN 1,800 + 900 + 2,700 + 500 = 5,900 IGST, CGST -450, SGST -450; difference -3,500 IGST.
Rejected:  local 900 + 2,700 = 3,600; GSTN 0; difference +3,600.
"""

from dataclasses import replace
from datetime import date

from india_ims.gst_india.documents import ZERO, Action, Amounts, DocumentType, Section
from india_ims.gst_india.payload.gstr2b_api import build_gstr2b_pages, parse_gstr2b_pages
from india_ims.gst_india.payload.gstr2b_summary import file_facts, parse_itcsumm, place
from india_ims.gst_india.returns import Block, NonImsDocument, NonImsKind, compute_gstr2b, compute_table4
from india_ims.gst_india.returns.compare import GstnDoc, LocalDoc, Reason, reconcile
from india_ims.gst_india.rules import RecordState
from tests.rules.factories import SUPPLIER_A, SUPPLIER_B, context, record, rupees

TODAY = date(2026, 11, 30)
PERIOD = "102026"
GSTIN = "24AAACR5055K1Z5"


def _ctx():
    return context(TODAY, ("092026",))


def _state(number, section=Section.B2B, *, gstn, local=None, supplier=SUPPLIER_A, **amounts):
    rec = record(
        section, number, supplier=supplier, period=PERIOD, day=date(2026, 10, 5), action=gstn, **amounts
    )
    return RecordState(rec, local_action=local)


def _month():
    at_generation = [
        _state("INV-1", gstn=Action.ACCEPT, taxable=10000, igst=1800),
        _state("INV-2", gstn=Action.NO_ACTION, taxable=5000, igst=900),
        _state("INV-3", gstn=Action.NO_ACTION, taxable=15000, igst=2700),
        _state("INV-4", gstn=Action.PENDING, taxable=3333.33, igst=600),
        _state(
            "CN-1",
            Section.B2BCN,
            gstn=Action.NO_ACTION,
            supplier=SUPPLIER_B,
            taxable=5000,
            igst=0,
            cgst=450,
            sgst=450,
        ),
    ]
    now = [
        at_generation[0],
        replace(at_generation[1], local_action=Action.REJECT),
        _state("INV-3", gstn=Action.REJECT, taxable=15000, igst=2700),
        _state("INV-4", gstn=Action.ACCEPT, taxable=3333.33, igst=600),
        at_generation[4],
    ]
    non_ims = [
        NonImsDocument(
            NonImsKind.REVERSE_CHARGE,
            SUPPLIER_B,
            "RCM-1",
            date(2026, 10, 7),
            DocumentType.INVOICE,
            Amounts(rupees(2777.78), rupees(500), 0, 0, 0),
            PERIOD,
        ),
        NonImsDocument(
            NonImsKind.RULE_37A,
            SUPPLIER_B,
            "R37A",
            date(2026, 3, 7),
            DocumentType.INVOICE,
            Amounts(rupees(1666.67), rupees(300), 0, 0, 0),
            PERIOD,
        ),
    ]
    return at_generation, now, non_ims


def _key(supplier, number):
    return f"{supplier}|{number.upper()}"


def _gstn_side(pages):
    download = parse_gstr2b_pages(pages)
    docs = []
    for document in download.documents:
        placed = place(document)
        docs.append(
            GstnDoc(
                _key(document.supplier_gstin, document.document_number),
                document.document_number,
                placed.block,
                placed.net,
                placed.action,
            )
        )
    return parse_itcsumm(pages), docs


def _local_side(states, ctx, changed=()):
    local = compute_gstr2b(states, PERIOD, ctx, enforce_generation_rules=False)
    entries = {_key(e.party, e.document_number): e for e in local.entries}
    docs = []
    for state in states:
        key = _key(state.record.supplier_gstin, state.record.document_number)
        entry = entries.get(key)
        block = entry.placement.block if entry else None
        value = ZERO
        if entry is not None:
            value = entry.value.negated() if entry.placement.part.reduces_itc else entry.value
        docs.append(
            LocalDoc(
                key,
                state.record.document_number,
                block,
                value,
                state.action,
                state.gstn_action,
                changed_after_generation=key in changed,
            )
        )
    return local, docs


def _reconciled(changed=(), page_records=2):
    at_generation, now, non_ims = _month()
    ctx = _ctx()
    gstn_2b = compute_gstr2b(at_generation, PERIOD, ctx, non_ims=non_ims, use_local_actions=False)
    pages = build_gstr2b_pages(gstn_2b, GSTIN, page_records=page_records)
    gstn_summary, gstn_docs = _gstn_side(pages)
    local, local_docs = _local_side(now, ctx, changed)
    return reconcile(local.summary, gstn_summary, local_docs, gstn_docs), local, pages


def _igst(value):
    return rupees(value)


def test_paged_2b_merges_every_file_and_keeps_one_summary():
    _, _, pages = _reconciled(page_records=2)
    assert len(pages) == 3  # five GSTN documents (INV-4 was pending) two a file
    assert file_facts(pages).file_count == 3
    assert len(parse_gstr2b_pages(pages).documents) == 5
    one_page = _reconciled(page_records=100)[2]
    assert parse_itcsumm(pages) == parse_itcsumm(one_page)


def test_block_figures_side_by_side_to_the_paisa():
    result, _, _ = _reconciled()
    available = result.block(Block.AVAILABLE)
    assert available.local == Amounts(0, _igst(2400), rupees(-450), rupees(-450), 0)
    assert available.gstn.igst == _igst(5900)
    assert (available.difference.igst, available.difference.cgst, available.difference.sgst) == (
        _igst(-3500),
        0,
        0,
    )
    rejected = result.block(Block.REJECTED)
    assert (rejected.local.igst, rejected.gstn.igst, rejected.difference.igst) == (
        _igst(3600),
        0,
        _igst(3600),
    )
    reversal = result.block(Block.REVERSAL)
    assert (reversal.local.igst, reversal.gstn.igst) == (0, _igst(300))


def test_every_difference_is_explained_and_reconciles():
    result, _, _ = _reconciled(changed=(_key(SUPPLIER_A, "INV-4"),))
    for comparison in result.blocks:
        assert result.reconciles(comparison.block), comparison.block
    reasons = {item.label: item.reason for item in result.explanations}
    assert reasons == {
        "INV-2": Reason.NOT_UPLOADED,
        "INV-3": Reason.RECOMPUTE_PENDING,
        "INV-4": Reason.RECOMPUTE_PENDING,
        "RCM-1": Reason.ONLY_AT_GSTN,
    }
    by_reason = result.by_reason()
    count, effects = by_reason[Reason.NOT_UPLOADED]
    assert count == 1
    assert (effects[Block.AVAILABLE].igst, effects[Block.REJECTED].igst) == (_igst(-900), _igst(900))
    count, effects = by_reason[Reason.RECOMPUTE_PENDING]
    assert count == 2
    assert (effects[Block.AVAILABLE].igst, effects[Block.REJECTED].igst) == (_igst(-2700 + 600), _igst(2700))
    assert by_reason[Reason.ONLY_AT_GSTN][1][Block.AVAILABLE].igst == _igst(-500)
    assert result.summary_only(Block.REVERSAL).igst == _igst(-300)
    assert result.summary_only(Block.AVAILABLE) == ZERO  # tax heads only: no taxable value left over
    assert result.recompute_needed


def test_a_record_missing_from_gstns_2b_without_a_later_change_was_routed_elsewhere():
    result, _, _ = _reconciled(changed=())
    reasons = {item.label: item.reason for item in result.explanations}
    assert reasons["INV-4"] is Reason.ROUTED_ELSEWHERE
    assert result.reconciles(Block.AVAILABLE)


def test_prefiltered_documents_still_reconcile_with_totals_given_apart():
    at_generation, now, non_ims = _month()
    ctx = _ctx()
    gstn_2b = compute_gstr2b(at_generation, PERIOD, ctx, non_ims=non_ims, use_local_actions=False)
    pages = build_gstr2b_pages(gstn_2b, GSTIN)
    gstn_summary, gstn_docs = _gstn_side(pages)
    local, local_docs = _local_side(now, ctx)
    totals = {}
    for doc in gstn_docs:
        totals[doc.block] = totals.get(doc.block, ZERO) + doc.value
    local_totals = {}
    for doc in local_docs:
        if doc.block:
            local_totals[doc.block] = local_totals.get(doc.block, ZERO) + doc.value
    differing = [d for d in local_docs if d.label != "INV-1"]
    result = reconcile(
        local.summary,
        gstn_summary,
        differing,
        [d for d in gstn_docs if d.label != "INV-1"],
        local_doc_totals=local_totals,
        gstn_doc_totals=totals,
    )
    assert all(result.reconciles(b.block) for b in result.blocks)
    # A wrong pairing is caught: drop a differing document and the identity breaks.
    broken = reconcile(
        local.summary,
        gstn_summary,
        differing[1:],
        gstn_docs,
        local_doc_totals=local_totals,
        gstn_doc_totals=totals,
    )
    assert not broken.reconciles(Block.AVAILABLE)


def test_without_gstns_2b_only_the_local_figures_are_shown():
    _, now, _ = _month()
    local, docs = _local_side(now, _ctx())
    result = reconcile(local.summary, None, docs)
    assert result.block(Block.AVAILABLE).gstn is None
    assert result.explanations == ()


def test_table4_from_gstns_summary_nets_rcm_and_b2b_credit_notes_in_their_rows():
    at_generation, _, non_ims = _month()
    gstn_2b = compute_gstr2b(at_generation, PERIOD, _ctx(), non_ims=non_ims, use_local_actions=False)
    summary = parse_itcsumm(build_gstr2b_pages(gstn_2b, GSTIN))
    table = compute_table4(replace(gstn_2b, summary=summary, entries=()))
    # 4A(5): 1,800 + 900 + 2,700 IGST; CGST and SGST -450 (the credit note); 4A(3) the RCM 500.
    assert table.all_other_4a5.igst == _igst(5400)
    assert (table.all_other_4a5.cgst, table.all_other_4a5.sgst) == (rupees(-450), rupees(-450))
    assert table.reverse_charge_4a3.igst == _igst(500)
    assert table.reversal_others_4b2.igst == _igst(300)
    assert table.net_4c.igst == _igst(5400 + 500 - 300)


def test_isd_and_import_documents_are_explained_as_not_part_of_ims():
    """Spec 1.3, 7 (FAQ 8): GSTR-6 ISD documents and ICEGATE imports have no IMS record, ever."""
    from india_ims.gst_india.returns.gstr2b import Gstr2bSummary
    from india_ims.gst_india.returns.layout import Gstr2bSection, Part

    isd = Amounts(0, 0, 90_000, 90_000, 0)
    gstn = Gstr2bSummary({(Block.AVAILABLE, Part.ISD, Gstr2bSection.ISD): isd})
    docs = [GstnDoc("ISD-1", "ISD-1 of the ISD", Block.AVAILABLE, isd, None, Gstr2bSection.ISD),
            GstnDoc("RCM-1", "RCM-1", Block.AVAILABLE, ZERO, None, Gstr2bSection.B2B)]
    result = reconcile(Gstr2bSummary({}), gstn, [], docs)
    assert [(e.key, e.reason) for e in result.explanations] == [("ISD-1", Reason.NOT_IN_IMS)]
    assert result.reconciles(Block.AVAILABLE)
