"""What one action does to the recipient's ITC and the supplier's liability (spec 4.2, 4.3).

Table-driven: each row of ``SCENARIOS`` is a row of spec 4.3 (Annexure-A as
reconstructed) with the record kinds and actions it covers. The first row
that matches gives the effect. ``recipient_itc`` is the signed change to the
recipient's ITC in the 2B period's GSTR-3B Table 4; ``supplier_liability`` is
the signed change the recipient's action causes to the supplier's liability,
relative to what the supplier reported (zero when the supplier's reporting
stands).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..documents import ZERO, Action, Amounts, DocumentType, ItcReduction
from ..rules.classify import RecordKind, record_kind
from ..rules.model import RecordState, RuleContext
from .itc import accepted_itc, counted_value, declared, reducible_itc
from .layout import Block
from .non_ims import NonImsDocument, NonImsKind, route

_ACCEPTING = frozenset({Action.ACCEPT, Action.NO_ACTION})
_ANY = frozenset(RecordKind)
_AMENDMENTS = _ANY - {RecordKind.ORIGINAL_INVOICE, RecordKind.ORIGINAL_CREDIT_NOTE}


@dataclass(frozen=True, slots=True)
class Effect:
    action: Action
    recipient_itc: Amounts
    supplier_liability: Amounts
    gstr2b_block: Block | None  # None: not in this period's GSTR-2B
    table4_row: str | None
    scenario: int  # row of spec 4.3
    text: str
    source: str
    confirmed: bool


@dataclass(frozen=True, slots=True)
class _Case:
    state: RecordState
    action: Action
    context: RuleContext | None
    reduction: ItcReduction | None

    @property
    def original_action(self) -> Action | None:
        return None if self.state.original is None else self.state.original.action


@dataclass(frozen=True, slots=True)
class Scenario:
    number: int
    kinds: frozenset[RecordKind]
    actions: frozenset[Action]
    recipient: str  # "accepted", "nil" or "deferred"
    supplier: str  # "unchanged", "add_back" or "offset"
    text: str
    source: str
    confirmed: bool = True
    when: Callable[[_Case], bool] | None = None


def _nil_reduction(case: _Case) -> bool:
    return case.reduction is not None and not case.reduction.required


def _partial_reduction(case: _Case) -> bool:
    if case.reduction is None or not case.reduction.required or case.reduction.full_undeclared:
        return False
    return declared(case.reduction).total_tax < reducible_itc(case.state, case.context).total_tax


def _full_from_unknown_original(case: _Case) -> bool:
    """Y without amounts on an amendment whose earlier version is not known locally: the full
    reduction is the difference from it, a figure nothing here holds."""
    original = case.state.original
    return (case.reduction is not None and case.reduction.full_undeclared
            and (original is None or original.last_counted is None))


def _original_rejected(case: _Case) -> bool:
    return case.original_action is Action.REJECT


def _original_accepted(case: _Case) -> bool:
    return case.original_action in _ACCEPTING


_CN_KINDS = frozenset({RecordKind.ORIGINAL_CREDIT_NOTE, RecordKind.CREDIT_NOTE_AMENDMENT_UPWARD})
_INV_DOWN = frozenset({RecordKind.INVOICE_AMENDMENT_DOWNWARD})
_CN_DOWN = frozenset({RecordKind.CREDIT_NOTE_AMENDMENT_DOWNWARD})
_A = frozenset({Action.ACCEPT})
_R = frozenset({Action.REJECT})
_P = frozenset({Action.PENDING})

SCENARIOS: tuple[Scenario, ...] = (
    Scenario(7, _CN_KINDS, _P, "deferred", "unchanged",
             "Pending (from Oct-2025, its period and one more): ITC not reduced yet; deemed "
             "accepted after the next period's GSTR-3B. Effect on the supplier not published.",
             "spec 4.3 row 7; FAQ-O25; advisory of 17-Oct-2025, Q4",
             confirmed=False),
    Scenario(3, _ANY, _P, "deferred", "unchanged",
             "Pending: not in this period's GSTR-2B; stays in IMS; ITC comes in the period it is "
             "accepted, within Section 16(4). Supplier unchanged.", "FAQ 14(iii); spec 4.3 row 3"),
    Scenario(9, _ANY, _A, "accepted", "unchanged",
             "Accepted declaring ITC was never availed: ITC not reduced. Supplier's reduction stands.",
             "spec 4.3 row 9; FAQ-O25", when=_nil_reduction),
    Scenario(10, _ANY, _A, "accepted", "unchanged",
             "Accepted with a partial declared reduction: ITC reduced by the declared amount only. "
             "Supplier's reduction stands in full.", "spec 4.3 row 10; FAQ-O25", confirmed=False,
             when=_partial_reduction),
    Scenario(17, _AMENDMENTS, _A, "accepted", "unchanged",
             "Accepted declaring the full ITC reduction without amounts (itcRedReq Y): on an "
             "amendment the full reduction is the difference from the earlier version, which is not "
             "known locally, so the figure shown is the amended document's counted value, as for an "
             "amendment without a declaration, not a reduced amount. Download the earlier version, or "
             "take the difference from the GSTR-3B that counted it.",
             "spec 1.8, 4.3 row 17", confirmed=False, when=_full_from_unknown_original),
    Scenario(5, frozenset({RecordKind.ORIGINAL_CREDIT_NOTE}), _ACCEPTING, "accepted", "unchanged",
             "Credit note accepted: ITC reduced by the note, netted in 4A(5). Supplier's liability "
             "reduced as reported.", "FAQ 10, 14(i); spec 4.2, 4.3 row 5"),
    Scenario(6, frozenset({RecordKind.ORIGINAL_CREDIT_NOTE}), _R, "nil", "add_back",
             "Credit note rejected: ITC not reduced. Once you file your GSTR-3B, the note is added "
             "back to the supplier's liability in the supplier's GSTR-3B of the subsequent tax "
             "period.", "FAQ 34; spec 4.2, 4.3 row 6"),
    Scenario(8, frozenset({RecordKind.CREDIT_NOTE_AMENDMENT_OTHER}), _ACCEPTING, "accepted", "offset",
             "Wrongly rejected credit note re-reported and accepted: ITC falls by the full note; the "
             "add-back the rejection caused to the supplier is offset.", "FAQ-J25 Q3-Q4; spec 4.3 row 8",
             when=_original_rejected),
    Scenario(4, frozenset({RecordKind.INVOICE_AMENDMENT_OTHER}), _ACCEPTING, "accepted", "unchanged",
             "Wrongly rejected invoice re-reported and accepted: full ITC in this period. Supplier "
             "unchanged (the amendment's delta is nil).", "FAQ-J25 Q1-Q2; spec 4.3 row 4",
             when=_original_rejected),
    Scenario(1, frozenset({RecordKind.ORIGINAL_INVOICE}), _ACCEPTING, "accepted", "unchanged",
             "Accepted (or deemed accepted): ITC in GSTR-2B ITC Available, auto-filled in 4A(5). "
             "Supplier unchanged.", "FAQ 10, 14(i); spec 4.3 row 1"),
    Scenario(2, frozenset({RecordKind.ORIGINAL_INVOICE}), _R, "nil", "unchanged",
             "Rejected: no ITC; shown in GSTR-2B ITC Rejected, not in GSTR-3B. Supplier unchanged "
             "until it amends or issues a credit note.", "FAQ 14(ii), 19; spec 4.3 row 2"),
    Scenario(11, frozenset({RecordKind.INVOICE_AMENDMENT_UPWARD}), _ACCEPTING, "accepted", "unchanged",
             "Upward amendment accepted: additional ITC equal to the difference. Supplier pays the "
             "difference as reported.", "spec 4.3 row 11"),
    Scenario(12, _INV_DOWN, _ACCEPTING, "accepted", "unchanged",
             "Downward amendment accepted: ITC reduced by the difference. Supplier's reduction stands.",
             "FAQ 11 (D); spec 4.3 row 12"),
    Scenario(13, _INV_DOWN, _R, "nil", "add_back",
             "Downward amendment rejected: ITC not reduced; the supplier may not reduce its liability "
             "by the difference.", "spec 4.3 row 13", confirmed=False),
    Scenario(14, frozenset({RecordKind.CREDIT_NOTE_AMENDMENT_UPWARD}), _ACCEPTING, "accepted", "unchanged",
             "Upward credit-note amendment accepted: ITC further reduced by the increment.",
             "spec 4.3 row 14"),
    Scenario(14, frozenset({RecordKind.CREDIT_NOTE_AMENDMENT_UPWARD}), _R, "nil", "add_back",
             "Upward credit-note amendment rejected: ITC not reduced; once you file your GSTR-3B, the "
             "increment (the difference from what was already added back) is added to the supplier's "
             "liability in the GSTR-3B of the subsequent tax period.", "FAQ 34; spec 4.3 row 14"),
    Scenario(15, _CN_DOWN, _ACCEPTING, "accepted", "unchanged",
             "Downward amendment of a rejected credit note accepted: ITC reduced by the amended note.",
             "spec 4.3 row 15", when=_original_rejected),
    Scenario(15, _CN_DOWN, _R, "nil", "add_back",
             "Downward amendment of a rejected credit note rejected: ITC not reduced; the supplier's "
             "add-back follows the amended note, so it changes by the difference from what was already "
             "added back, in the GSTR-3B of the tax period after you file yours.",
             "FAQ 34; spec 4.3 row 15",
             when=_original_rejected),
    Scenario(16, _CN_DOWN, _ACCEPTING, "accepted", "unchanged",
             "Downward amendment of an accepted credit note accepted: part of the reduced ITC comes "
             "back.", "spec 4.3 row 16", when=_original_accepted),
    Scenario(17, _AMENDMENTS, _R, "nil", "unchanged",
             "Amendment rejected: the recipient rejects the record as a whole; what happens to ITC "
             "already taken on the original is not published.", "spec 4.3 row 17", confirmed=False),
    Scenario(17, _AMENDMENTS, _ACCEPTING, "accepted", "unchanged",
             "Amendment accepted: ITC changes by its counted value (the original is not known "
             "locally, or the values did not change).", "spec 4.3 row 17", confirmed=False),
)


def action_effect(state: RecordState, action: Action | str, context: RuleContext | None = None,
                  *, itc_reduction: ItcReduction | None = None) -> Effect:
    """The effect of ``action`` on this record; ``itc_reduction`` defaults to the state's."""
    act = action if isinstance(action, Action) else Action.from_label(action)
    if state.record.reverse_charge:
        return _reverse_charge_effect(state, act)
    reduction = None
    if act is Action.ACCEPT:
        reduction = itc_reduction if itc_reduction is not None else state.itc_reduction
    case = _Case(state, act, context, reduction)
    kind = record_kind(state)
    for row in SCENARIOS:
        if kind in row.kinds and act in row.actions and (row.when is None or row.when(case)):
            return _effect(row, case)
    raise AssertionError(f"no scenario covers {kind.value} / {act.label}")  # the table is total


def replaced_effect(effect: Effect, amendment_number: str) -> Effect:
    """``effect`` on an original an amendment of the same period replaces (FAQ 13): GSTR-2B carries
    the amendment and leaves the original out, so no action on the original moves ITC or liability
    there; the amendment's own action decides."""
    return Effect(
        action=effect.action,
        recipient_itc=ZERO,
        supplier_liability=ZERO,
        gstr2b_block=None,
        table4_row=None,
        scenario=effect.scenario,
        text=f"Replaced by its amendment {amendment_number} of the same period: GSTR-2B carries the "
             "amendment and leaves this original out, so its action moves nothing; the amendment's "
             "action decides.",
        source="FAQ 13",
        confirmed=True,
    )


def _reverse_charge_effect(state: RecordState, action: Action) -> Effect:
    """FAQ 8, 17: an RCM document is not in IMS; it reaches GSTR-2B whatever is chosen."""
    document = non_ims_document(state)
    return Effect(
        action=action,
        recipient_itc=non_ims_effect(document).recipient_itc,
        supplier_liability=ZERO,
        gstr2b_block=route(document).block,
        table4_row="4A(3)",
        scenario=19,
        text="Reverse-charge document: not part of IMS, so no action applies to it. It goes straight "
             "to GSTR-2B; pay the tax under 3.1(d), then claim the ITC in 4A(3).",
        source="FAQ 8, 17; spec 4.3 row 19",
        confirmed=True,
    )


def non_ims_document(state: RecordState) -> NonImsDocument:
    """A reverse-charge IMS record as the non-IMS document GSTR-2B routes it as (FAQ 8, 17)."""
    record = state.record
    period = state.gstr2b_period or record.supplier_return_period
    return NonImsDocument(
        kind=NonImsKind.REVERSE_CHARGE,
        party=record.supplier_gstin,
        document_number=record.document_number,
        document_date=record.document_date,
        document_type=record.document_type,
        amounts=record.amounts,
        gstr2b_period=period,
        is_amendment=record.section.is_amendment,
        original_number=record.original_number,
    )


def _effect(row: Scenario, case: _Case) -> Effect:
    accepted = accepted_itc(case.state, case.context, case.reduction)
    undiscounted = accepted_itc(case.state, case.context)
    recipient = accepted if row.recipient == "accepted" else ZERO
    # add_back: the rejection denies the supplier the reduction it reported
    # (a credit note, a downward amendment), so that tax is payable again.
    # offset: a re-reported credit note undoes an earlier add-back.
    supplier = {"unchanged": ZERO, "add_back": _add_back(case, undiscounted),
                "offset": undiscounted}[row.supplier]
    block = {
        Action.ACCEPT: Block.AVAILABLE, Action.NO_ACTION: Block.AVAILABLE, Action.REJECT: Block.REJECTED,
    }.get(case.action)
    return Effect(
        action=case.action,
        recipient_itc=recipient,
        supplier_liability=supplier,
        gstr2b_block=block,
        table4_row="4A(5)" if row.recipient == "accepted" else None,
        scenario=row.number,
        text=row.text,
        source=row.source,
        confirmed=row.confirmed,
    )


def _add_back(case: _Case, undiscounted: Amounts) -> Amounts:
    """What a rejection adds to the supplier's liability (FAQ 34).

    For a credit-note amendment the add-back follows the amended note, counted
    from what an earlier rejected version already added back: 1,800 rejected,
    amended to 2,700 and rejected adds 900 more. An accepted earlier version
    added nothing back, but its reduction stands, so only the difference is in
    question there too.
    """
    state = case.state
    if state.record.document_type is not DocumentType.CREDIT_NOTE or not state.record.section.is_amendment:
        return _abs(undiscounted)
    original = state.original
    if original is None or original.amounts is None:
        return _abs(undiscounted)
    base = original.added_back
    if base is None:
        # Same 2B period: the amendment replaces its original, which never counted (FAQ 13).
        _, is_delta = counted_value(state, case.context)
        base = original.amounts if is_delta else ZERO
    return _tax(state.record.amounts) + _tax(base).negated()


def _tax(amounts: Amounts) -> Amounts:
    return Amounts(0, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


def _abs(amounts: Amounts) -> Amounts:
    return Amounts(*(abs(v) for v in (amounts.taxable_value, amounts.igst, amounts.cgst,
                                      amounts.sgst, amounts.cess)))


@dataclass(frozen=True, slots=True)
class NonImsEffect:
    recipient_itc: Amounts
    table4_rows: tuple[str, ...]
    text: str
    source: str


_NON_IMS_ROW = {
    NonImsKind.REVERSE_CHARGE: "4A(3)",
    NonImsKind.ISD: "4A(4)",
    NonImsKind.IMPORT: "4A(1)",
    NonImsKind.IMPORT_SEZ: "4A(1)",
    NonImsKind.NON_RESIDENT: "4A(5)",
}


def non_ims_effect(document: NonImsDocument) -> NonImsEffect:
    """What a document that skipped IMS does to GSTR-3B (FAQ 8, 17, 32, 33)."""
    placement = route(document)
    reported = document.amounts
    tax = Amounts(0, reported.igst, reported.cgst, reported.sgst, reported.cess)
    signed = tax.negated() if document.document_type is DocumentType.CREDIT_NOTE else tax
    if placement.block is Block.NOT_AVAILABLE:
        text = "ITC not available: reported in 4D(2), no ITC."
        if document.kind is NonImsKind.POS_INELIGIBLE and document.is_amendment:
            text += " If ITC was claimed on the original, reverse it yourself in 4B(1) (FAQ 33)."
        return NonImsEffect(ZERO, ("4D(2)",), text, "FAQ 4, 33; spec 5")
    if placement.block is Block.REVERSAL:
        return NonImsEffect(tax.negated(), ("4B(2)",),
                            "Rule 37A: reverse in 4B(2); re-claim in 4A(5) once the supplier files.",
                            "FAQ 8(5); spec 5")
    row = _NON_IMS_ROW[document.kind]
    if document.forward_charge_original is not None:
        fcm = document.forward_charge_original
        taken_back = Amounts(0, fcm.igst, fcm.cgst, fcm.sgst, fcm.cess).negated()
        return NonImsEffect(
            signed + taken_back, (row, "4A(5)"),
            "Forward-charge invoice amended to reverse charge: the accepted ITC is taken back in 4A(5); "
            "pay the tax under 3.1(d) and claim it in 4A(3).",
            "FAQ 32",
        )
    text = "Straight to GSTR-2B without an IMS action."
    if document.kind is NonImsKind.REVERSE_CHARGE:
        text += " Pay the tax under 3.1(d), then claim the ITC in 4A(3)."
    return NonImsEffect(signed, (row,), text, "FAQ 8, 17; spec 3.5, 4.1")
