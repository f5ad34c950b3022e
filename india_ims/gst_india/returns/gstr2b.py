"""The GSTR-2B of a period, computed from IMS records, their actions and non-IMS documents.

Spec 3.3-3.5 and FAQ 10, 14, 15, 23: accepted and no-action records go to ITC
Available, rejected ones to ITC Rejected, pending ones stay out, records the
supplier has not filed stay out; non-IMS documents follow ``non_ims.route``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from types import MappingProxyType

from ..documents import ZERO, Action, Amounts, DocumentType, ItcReduction
from ..periods import ReturnPeriod, india_day
from ..rules.classify import default_gstr2b_period, target_period
from ..rules.model import RecordState, RuleContext
from .contribution import counting_action, ims_placement_and_value, original_key, replaced_originals
from .effects import non_ims_document
from .generation import Gstr2bRefused, RecordKey, action_snapshot, can_generate_gstr2b
from .itc import counted_value
from .layout import Block, Gstr2bSection, Part, Placement, UnavailableReason
from .non_ims import NonImsDocument, route


@dataclass(frozen=True, slots=True)
class Gstr2bEntry:
    """One document line of GSTR-2B.

    ``amounts`` are the document's values as reported; ``value`` is what it
    adds to its section's totals (an amendment's delta, a declared reduction).
    """

    placement: Placement
    party: str
    document_number: str
    document_date: date
    document_type: DocumentType
    amounts: Amounts
    value: Amounts
    source: str  # "IMS" or the non-IMS kind
    action: Action | None = None
    supplier_return_period: str | None = None
    original_number: str | None = None
    is_amendment: bool = False
    is_delta: bool = False
    remarks: str | None = None
    itc_reduction: ItcReduction | None = None
    place_of_supply: str = ""
    invoice_type: str | None = None
    document_value: int = 0


@dataclass(frozen=True, slots=True)
class Exclusion:
    """An IMS record of the period left out of this GSTR-2B, and why."""

    key: RecordKey
    label: str
    code: str  # PENDING, SUPPLIER_NOT_FILED, REPLACED_BY_AMENDMENT
    reason: str


@dataclass(frozen=True)
class Gstr2bSummary:
    """``itcsumm``: totals per block, part and section (spec 3.3). Credit notes are positive in Part B."""

    totals: Mapping[tuple[Block, Part, Gstr2bSection], Amounts]

    def section(self, block: Block, part: Part, section: Gstr2bSection) -> Amounts:
        return self.totals.get((block, part, section), ZERO)

    def part(self, block: Block, part: Part, sections: Iterable[Gstr2bSection] | None = None) -> Amounts:
        wanted = None if sections is None else set(sections)
        total = ZERO
        for (b, p, s), amounts in self.totals.items():
            if b is block and p is part and (wanted is None or s in wanted):
                total = total + amounts
        return total

    def net(self, block: Block) -> Amounts:
        """Part A minus Part B: what the block is worth in ITC."""
        total = ZERO
        for (b, p, _), amounts in self.totals.items():
            if b is block:
                total = total + (amounts.negated() if p.reduces_itc else amounts)
        return total


@dataclass(frozen=True)
class Gstr2b:
    period: ReturnPeriod
    quarterly: bool
    generated_on: date
    entries: tuple[Gstr2bEntry, ...]
    summary: Gstr2bSummary
    excluded: tuple[Exclusion, ...] = ()
    warnings: tuple[str, ...] = ()
    snapshot: Mapping[RecordKey, Action] = field(default_factory=lambda: MappingProxyType({}))
    built_from_local_actions: bool = True

    @property
    def months(self) -> tuple[ReturnPeriod, ...]:
        return self.period.quarter_months() if self.quarterly else (self.period,)

    def block(self, block: Block) -> tuple[Gstr2bEntry, ...]:
        return tuple(entry for entry in self.entries if entry.placement.block is block)


def compute_gstr2b(
    states: Iterable[RecordState],
    period: str | ReturnPeriod,
    context: RuleContext,
    *,
    non_ims: Iterable[NonImsDocument] = (),
    generated_on: date | None = None,
    use_local_actions: bool = True,
    enforce_generation_rules: bool = True,
) -> Gstr2b:
    """Build the (draft or recomputed) GSTR-2B of ``period``.

    ``use_local_actions`` previews the user's intended actions; False uses only
    what GSTN holds (the sandbox). ``enforce_generation_rules`` refuses, like
    the portal, a 2B before the 14th, after the 3B, or while the previous 3B is
    unfiled (raises ``Gstr2bRefused``); previews pass False. For QRMP filers any
    month of the quarter gives the quarter's GSTR-2BQ.
    """
    target = ReturnPeriod.parse(context.return_period(period))
    if enforce_generation_rules:
        decision = can_generate_gstr2b(
            period if isinstance(period, ReturnPeriod) else ReturnPeriod.parse(period), context
        )
        if not decision.allowed:
            raise Gstr2bRefused(decision)
    states = list(states)
    on = india_day(generated_on) if generated_on is not None else context.today  # a moment: its day in India
    entries: list[Gstr2bEntry] = []
    excluded: list[Exclusion] = []
    warnings: list[str] = []

    in_period = [s for s in states if target_period(s, context) == target]
    replaced = replaced_originals(in_period, context, target)
    for state in in_period:
        record = state.record
        if record.reverse_charge:
            # FAQ 8, 17: RCM documents are not in IMS; they reach 2B without an action.
            entries.extend(_non_ims_entries(non_ims_document(state)))
            continue
        # deemed accepted after its window (its period and one more), like lifecycle.file_gstr3b
        action = counting_action(state, context, use_local_actions=use_local_actions)
        if action is Action.PENDING:
            excluded.append(Exclusion(record.key, state.label, "PENDING",
                                      "kept pending: not in this GSTR-2B (FAQ 14)"))
            continue
        if original_key(state) in replaced:
            excluded.append(Exclusion(record.key, state.label, "REPLACED_BY_AMENDMENT",
                                      "amended in the same period: the amendment prevails (FAQ 13)"))
            continue
        entries.append(_ims_entry(state, action, context, on, warnings))

    for state in states:
        if not state.record.supplier_filed and _unfiled_period(state, context) == target:
            excluded.append(Exclusion(state.record.key, state.label, "SUPPLIER_NOT_FILED",
                                      "saved but not filed by the supplier (FAQ 15)"))

    for document in non_ims:
        if ReturnPeriod.parse(context.return_period(document.gstr2b_period)) == target:
            entries.extend(_non_ims_entries(document))

    return Gstr2b(
        period=target,
        quarterly=context.quarterly,
        generated_on=on,
        entries=tuple(entries),
        summary=summarise(entries),
        excluded=tuple(excluded),
        warnings=tuple(warnings),
        snapshot=MappingProxyType(
            action_snapshot(states, target, context, use_local_actions=use_local_actions)
        ),
        built_from_local_actions=use_local_actions,
    )


def summarise(entries: Iterable[Gstr2bEntry]) -> Gstr2bSummary:
    totals: dict[tuple[Block, Part, Gstr2bSection], Amounts] = {}
    for entry in entries:
        key = (entry.placement.block, entry.placement.part, entry.placement.section)
        totals[key] = totals.get(key, ZERO) + entry.value
    return Gstr2bSummary(MappingProxyType(totals))


def _unfiled_period(state: RecordState, context: RuleContext) -> ReturnPeriod | None:
    """The period a saved record would reach if the supplier filed it on time."""
    return default_gstr2b_period(replace(state.record, supplier_filed=True), quarterly=context.quarterly)


def _ims_entry(state: RecordState, action: Action, context: RuleContext, on: date,
               warnings: list[str]) -> Gstr2bEntry:
    record = state.record
    reduction = state.itc_reduction if action is Action.ACCEPT else None
    placement, value, deadline = ims_placement_and_value(state, action, context)
    if deadline is not None and on > deadline:
        # Spec 5: ITC past Section 16(4) is not available; 16(4) never stops a reduction.
        placement = Placement(Block.NOT_AVAILABLE, placement.part, placement.section,
                              UnavailableReason.SECTION_16_4)
    _, is_delta = counted_value(state, context)
    if record.section.is_amendment and (state.original is None or state.original.amounts is None):
        note = f"{state.label}: original not known locally; counted at its full amended value"
        if reduction is not None and reduction.full_undeclared:
            # GSTN holds Y without amounts: the full reduction is the difference from that original.
            note += (" (its declaration, Y without amounts, is the full reduction: the difference from "
                     "the original, which is not known here)")
        warnings.append(note)
    return Gstr2bEntry(
        placement=placement,
        party=record.supplier_gstin,
        document_number=record.document_number,
        document_date=record.document_date,
        document_type=record.document_type,
        amounts=record.amounts,
        value=value,
        source="IMS",
        action=action,
        supplier_return_period=record.supplier_return_period,
        original_number=record.original_number,
        is_amendment=record.section.is_amendment,
        is_delta=is_delta,
        remarks=state.remarks if state.remarks is not None else record.remarks,
        itc_reduction=reduction,
        place_of_supply=record.place_of_supply,
        invoice_type=record.invoice_type,
        document_value=record.document_value,
    )


def _non_ims_entries(document: NonImsDocument) -> list[Gstr2bEntry]:
    entry = Gstr2bEntry(
        placement=route(document),
        party=document.party,
        document_number=document.document_number,
        document_date=document.document_date,
        document_type=document.document_type,
        amounts=document.amounts,
        value=document.amounts,
        source=document.kind.value,
        original_number=document.original_number,
        is_amendment=document.is_amendment,
    )
    entries = [entry]
    if document.forward_charge_original is not None:
        # FAQ 32: the ITC of the accepted forward-charge invoice is taken back.
        entries.append(Gstr2bEntry(
            placement=Placement(Block.AVAILABLE, Part.ALL_OTHER, Gstr2bSection.B2BA),
            party=document.party,
            document_number=document.document_number,
            document_date=document.document_date,
            document_type=document.document_type,
            amounts=document.forward_charge_original,
            value=document.forward_charge_original.negated(),
            source="forward charge amended to reverse charge",
            original_number=document.original_number,
            is_amendment=True,
            is_delta=True,
        ))
    return entries
