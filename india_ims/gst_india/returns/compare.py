"""The local GSTR-2B preview beside GSTN's GSTR-2B: per block and tax head, and the documents
that explain every rupee of difference.

Both sides are reduced to the same thing: what each document adds to a block's net
worth (Part A positive, Part B credit notes negative; spec 3.3). The difference of a
block is then exactly the sum of its documents' differences plus what either summary
carries without a document (GSTN's ITC reversal block, for one). ``Reconciliation``
keeps that identity, so a figure on the screen is always explained to the paisa.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property

from ..documents import ZERO, Action, Amounts
from .gstr2b import Gstr2bSummary
from .layout import Block, Gstr2bSection

BLOCKS = (Block.AVAILABLE, Block.NOT_AVAILABLE, Block.REJECTED, Block.REVERSAL)


class Reason(str, Enum):
    """Why a document counts differently in the local preview and in GSTN's GSTR-2B."""

    NOT_UPLOADED = "action not yet uploaded: GSTN still holds the earlier action"
    RECOMPUTE_PENDING = (
        "action changed at GSTN after its GSTR-2B was generated: recompute needed (FAQ 24, 29)"
    )
    ROUTED_ELSEWHERE = "not in GSTN's GSTR-2B of this period: GSTN routed it to another period or left it out"
    ROUTED_HERE = "GSTN put it in this period; locally it belongs to another period"
    ONLY_AT_GSTN = (
        "only in GSTN's GSTR-2B: no IMS record downloaded for it (reverse charge, import, ISD, ...)"
    )
    NOT_IN_IMS = (
        "not part of IMS: ISD documents and ICEGATE imports go straight to GSTR-2B, with no IMS record "
        "or action (FAQ 8); GSTN's figure is the one that counts"
    )
    BLOCK_DIFFERS = "GSTN placed it in another block"
    AMOUNTS_DIFFER = "GSTN's GSTR-2B carries other values"

    @property
    def code(self) -> str:
        return self.name


@dataclass(frozen=True, slots=True)
class LocalDoc:
    """An IMS record as the local preview counts it in the period.

    ``block`` is None when the preview leaves it out of this period (pending, another
    period). ``value`` is its signed contribution to the block's net.
    ``changed_after_generation`` says GSTN's action on it changed after GSTN built its 2B.
    """

    key: str
    label: str
    block: Block | None
    value: Amounts
    local_action: Action
    gstn_action: Action
    changed_after_generation: bool = False


@dataclass(frozen=True, slots=True)
class GstnDoc:
    """A document of GSTN's GSTR-2B: its block, signed contribution and the IMS status it carried."""

    key: str
    label: str
    block: Block
    value: Amounts
    action_in_2b: Action | None = None
    section: Gstr2bSection | None = None


@dataclass(frozen=True, slots=True)
class Explanation:
    key: str
    label: str
    reason: Reason
    local_block: Block | None
    gstn_block: Block | None
    local_action: Action | None
    gstn_action: Action | None
    # Signed effect on each block's difference (local minus GSTN).
    effects: tuple[tuple[Block, Amounts], ...]



@dataclass(frozen=True, slots=True)
class BlockComparison:
    """One block's net ITC (tax heads; Part B credit notes reduce it) on each side."""

    block: Block
    local: Amounts
    gstn: Amounts | None  # None: no GSTR-2B from GSTN for the period

    @property
    def difference(self) -> Amounts:
        return self.local + (self.gstn or ZERO).negated()


@dataclass(frozen=True)
class Reconciliation:
    blocks: tuple[BlockComparison, ...]
    explanations: tuple[Explanation, ...] = ()
    # What a summary carries beyond its documents, per block (local, GSTN).
    unexplained_local: Mapping[Block, Amounts] = field(default_factory=dict)
    unexplained_gstn: Mapping[Block, Amounts] = field(default_factory=dict)

    def block(self, block: Block) -> BlockComparison:
        return next(b for b in self.blocks if b.block is block)

    def explained(self, block: Block) -> Amounts:
        return self._explained.get(block, ZERO)

    @cached_property
    def _explained(self) -> dict[Block, Amounts]:
        """Every block's explained total in one pass (a bulk rejection explains thousands)."""
        totals: dict[Block, Amounts] = {}
        for item in self.explanations:
            for block, amounts in item.effects:
                totals[block] = totals.get(block, ZERO) + amounts
        return totals

    def summary_only(self, block: Block) -> Amounts:
        """The part of the difference no document explains: summary figures without documents."""
        return self.unexplained_local.get(block, ZERO) + self.unexplained_gstn.get(block, ZERO).negated()

    def reconciles(self, block: Block) -> bool:
        comparison = self.block(block)
        if comparison.gstn is None:
            return True
        return self.explained(block) + self.summary_only(block) == comparison.difference

    def by_reason(self) -> dict[Reason, tuple[int, dict[Block, Amounts]]]:
        out: dict[Reason, tuple[int, dict[Block, Amounts]]] = {}
        for item in self.explanations:
            count, effects = out.get(item.reason, (0, {}))
            for block, amounts in item.effects:
                effects[block] = effects.get(block, ZERO) + amounts
            out[item.reason] = (count + 1, effects)
        return out

    @property
    def recompute_needed(self) -> bool:
        return any(item.reason is Reason.RECOMPUTE_PENDING for item in self.explanations)


def tax_only(amounts: Amounts) -> Amounts:
    """GSTN's itcsumm carries tax heads only, so figures are compared on those."""
    if not amounts.taxable_value:  # already tax only (a document's value as compared): kept, not copied
        return amounts
    return Amounts(0, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


def block_nets(summary: Gstr2bSummary) -> dict[Block, Amounts]:
    return {block: tax_only(summary.net(block)) for block in BLOCKS}


_DEEMED = frozenset({Action.ACCEPT, Action.NO_ACTION})
# Spec 1.3, 7: documents of these sections never flow through IMS (GSTR-6 ISD, ICEGATE imports).
NOT_IN_IMS = frozenset({
    Gstr2bSection.ISD, Gstr2bSection.ISDA, Gstr2bSection.IMPG, Gstr2bSection.IMPGA,
    Gstr2bSection.IMPGSEZ, Gstr2bSection.IMPGASEZ,
})


def _stale(held: Action, gstn: GstnDoc) -> bool:
    """GSTN holds another action than the one its GSTR-2B was built from."""
    if gstn.action_in_2b is None:
        # No imsStatus in the file: its block tells rejected from accepted-or-deemed.
        was_rejected = gstn.block is Block.REJECTED
        return held is Action.PENDING or (held is Action.REJECT) != was_rejected
    if held in _DEEMED and gstn.action_in_2b in _DEEMED:
        return False
    return held is not gstn.action_in_2b


def _classify(local: LocalDoc | None, gstn: GstnDoc | None) -> Reason:
    if local is None:
        return Reason.NOT_IN_IMS if gstn.section in NOT_IN_IMS else Reason.ONLY_AT_GSTN
    if local.local_action is not local.gstn_action:
        return Reason.NOT_UPLOADED
    if gstn is None:
        return Reason.RECOMPUTE_PENDING if local.changed_after_generation else Reason.ROUTED_ELSEWHERE
    if local.changed_after_generation or _stale(local.gstn_action, gstn):
        return Reason.RECOMPUTE_PENDING
    if local.block is None:
        return Reason.ROUTED_HERE
    if local.block is not gstn.block:
        return Reason.BLOCK_DIFFERS
    return Reason.AMOUNTS_DIFFER


def reconcile(
    local_summary: Gstr2bSummary,
    gstn_summary: Gstr2bSummary | None,
    local_docs: Iterable[LocalDoc] = (),
    gstn_docs: Iterable[GstnDoc] = (),
    *,
    local_doc_totals: Mapping[Block, Amounts] | None = None,
    gstn_doc_totals: Mapping[Block, Amounts] | None = None,
) -> Reconciliation:
    """Compare the two GSTR-2Bs block by block and explain each document that differs.

    Documents are paired on ``key``. With every document of both sides passed, the
    documents' totals are taken from them; a caller that passes only the documents
    that may differ gives ``local_doc_totals`` and ``gstn_doc_totals`` (every
    document's contribution per block, summed apart), so what the summaries carry
    beyond their documents is still known and ``reconciles`` still checks the pairing.
    """
    local_nets = block_nets(local_summary)
    gstn_nets = block_nets(gstn_summary) if gstn_summary is not None else None
    blocks = tuple(
        BlockComparison(block, local_nets[block], gstn_nets[block] if gstn_nets else None) for block in BLOCKS
    )
    if gstn_nets is None:
        return Reconciliation(blocks)
    locals_by_key = {doc.key: doc for doc in local_docs}
    gstns_by_key = {doc.key: doc for doc in gstn_docs}
    explanations = []
    for key in sorted(set(locals_by_key) | set(gstns_by_key)):
        local, gstn = locals_by_key.get(key), gstns_by_key.get(key)
        effects: dict[Block, Amounts] = {}
        if local is not None and local.block is not None:
            effects[local.block] = effects.get(local.block, ZERO) + tax_only(local.value)
        if gstn is not None:
            effects[gstn.block] = effects.get(gstn.block, ZERO) + tax_only(gstn.value).negated()
        effects = {block: amounts for block, amounts in effects.items() if amounts != ZERO}
        if not effects:
            continue
        explanations.append(
            Explanation(
                key=key,
                label=(local or gstn).label,
                reason=_classify(local, gstn),
                local_block=local.block if local else None,
                gstn_block=gstn.block if gstn else None,
                local_action=local.local_action if local else None,
                gstn_action=local.gstn_action if local else gstn.action_in_2b,
                effects=tuple((block, effects[block]) for block in BLOCKS if block in effects),
            )
        )
    if local_doc_totals is None:
        local_doc_totals = _totals((doc.block, doc.value) for doc in locals_by_key.values() if doc.block)
    local_doc_totals = {block: tax_only(value) for block, value in local_doc_totals.items()}
    if gstn_doc_totals is None:
        gstn_doc_totals = _totals((doc.block, doc.value) for doc in gstns_by_key.values())
    gstn_doc_totals = {block: tax_only(value) for block, value in gstn_doc_totals.items()}
    return Reconciliation(
        blocks,
        tuple(explanations),
        unexplained_local=_residuals(local_nets, local_doc_totals),
        unexplained_gstn=_residuals(gstn_nets, gstn_doc_totals),
    )


def _totals(pairs) -> dict[Block, Amounts]:
    out: dict[Block, Amounts] = {}
    for block, value in pairs:
        out[block] = out.get(block, ZERO) + value
    return out


def _residuals(nets: Mapping[Block, Amounts], docs: Mapping[Block, Amounts]) -> dict[Block, Amounts]:
    out = {}
    for block in BLOCKS:
        rest = nets[block] + docs.get(block, ZERO).negated()
        if rest != ZERO:
            out[block] = rest
    return out
