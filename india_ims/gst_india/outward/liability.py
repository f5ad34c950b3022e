"""Added-back liabilities (FAQ 34): what a recipient's rejection adds to our GSTR-3B, and when.

A credit note we issued reduced our liability; if the recipient rejects it, the reduction is undone:
once the recipient files its GSTR-3B for the period, the note's tax is added back to our liability
in the GSTR-3B of the following period (FAQ 34; spec 6 rows 6 and 8). Providers report the lines as
"added-back liabilities" for the period they land in (providers.md 1.5, SB-abl), over the sections
b2ba, cdnr, cdnra and ecoma. Which GSTR-3B table carries them is not published (spec 7.8): the
table below is our reading, and every line says so in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..documents import Action, Amounts, Section
from ..money import format_inr
from ..periods import ReturnPeriod
from ..returns.effects import action_effect
from ..rules.amendments import Version, original_from_versions, unknown_original_text
from ..rules.model import RecordState
from .model import OutwardRecord
from .pairing import as_engine_record

# An amendment's earlier versions (the original first), keyed by ``original_key``.
Earlier = Mapping[tuple[str, str, str], Sequence[Version]]

# Rule: the sections whose rejection is added back (SB-abl's sections; a rejected original invoice or
# debit note changes nothing for the supplier, spec 6 row 4).
ADDED_BACK_SECTIONS = frozenset({Section.B2BCN, Section.B2BCNA, Section.B2BA, Section.ECOMA})
# Rule: the table of our GSTR-3B, unconfirmed (spec 7.8), said in words wherever it is shown.
GSTR3B_TABLE = "3.1(a)"
TABLE_WORDS = (
    "Table 3.1(a), outward taxable supplies (our reading: GSTN has not published which GSTR-3B "
    "table carries added-back liabilities)"
)
REPORTED = "Reported by GSTN"
DUE = "Due (recipient filed GSTR-3B)"
# Rule (FAQ 34, spec 6 rows 6 and 8): GSTN adds the rejected note's tax to our liability itself, so
# its reported line is the figure our GSTR-3B carries; what the supplier view lets us work out is an
# expectation, kept beside it when the two differ.
AUTHORITATIVE = REPORTED
_HEADS = (("igst", "IGST"), ("cgst", "CGST"), ("sgst", "SGST"), ("cess", "cess"))
AWAITING = "Awaiting the recipient's GSTR-3B"


@dataclass(frozen=True, slots=True)
class AddedBackLine:
    recipient_gstin: str
    section: Section
    document_number: str
    document_date: object
    amounts: Amounts
    supplier_period: str  # MMYYYY of our return that reported the document
    landing_period: str  # MMYYYY of our GSTR-3B it is added to (the earliest, while awaiting)
    basis: str  # REPORTED, DUE or AWAITING
    remarks: str | None = None

    @property
    def tax(self) -> int:
        return self.amounts.total_tax


@dataclass(frozen=True, slots=True)
class PeriodLiability:
    """The added-back liability landing in one period of our GSTR-3B."""

    period: str
    documents: int
    amounts: Amounts
    table: str = GSTR3B_TABLE
    table_words: str = TABLE_WORDS
    awaiting: int = 0  # of ``documents``, how many still wait for the recipient's GSTR-3B

    @property
    def tax(self) -> int:
        return self.amounts.total_tax


def _heads_text(amounts: Amounts) -> str:
    parts = [
        f"{label} {format_inr(getattr(amounts, head))}" for head, label in _HEADS if getattr(amounts, head)
    ]
    return ", ".join(parts) or "no tax"


def reported_differs(reported: Amounts, expected: Amounts, expected_note: str | None = None) -> str | None:
    """Why GSTN's added-back figure is not the one we worked out, in words; None when the tax agrees.

    GSTN's figure is the one that counts (``AUTHORITATIVE``): it is what the portal adds to our
    GSTR-3B. Ours comes from the supplier view and the amendment rules, so a difference means GSTN
    counted otherwise (an amendment in full rather than its difference, say) or the document changed
    after our download; the accountant checks it before filing."""
    gaps = [
        f"{label} by {format_inr(abs(getattr(reported, head) - getattr(expected, head)))}"
        for head, label in _HEADS
        if getattr(reported, head) != getattr(expected, head)
    ]
    if not gaps:
        return None
    gap = reported.total_tax - expected.total_tax
    if gap:
        compared = f"{format_inr(abs(gap))} {'more' if gap > 0 else 'less'} than the"
    else:
        compared = "the same total, split between other heads, as the"
    text = (
        f"GSTN adds back {format_inr(reported.total_tax)} ({_heads_text(reported)}), {compared} "
        f"{format_inr(expected.total_tax)} ({_heads_text(expected)}) we worked out from the supplier view; "
        f"differs in {', '.join(gaps)}. GSTN's figure is what your GSTR-3B carries (FAQ 34)"
    )
    if expected_note:
        text += f"; ours: {expected_note}"
    return text + "."


def adds_back(section: Section, action: Action) -> bool:
    """FAQ 34: only a rejection of a credit note or of an amendment is added back."""
    return action is Action.REJECT and section in ADDED_BACK_SECTIONS


def landing_period(recipient_filed_period: str) -> str:
    """FAQ 34: the GSTR-3B period after the one the recipient filed."""
    return str(ReturnPeriod.parse(recipient_filed_period).add(1))


def original_key(sale: OutwardRecord) -> tuple[str, str, str] | None:
    """Where an amendment's earlier versions are filed: recipient, original section, original number."""
    if not sale.section.is_amendment or not sale.original_number:
        return None
    return (sale.recipient_gstin.upper(), sale.section.original.value, sale.original_number.strip().upper())


def as_version(sale: OutwardRecord) -> Version:
    """One earlier version of a document, as the amendment rules read it."""
    return Version(
        sale.recipient_action,
        sale.amounts,
        label=f"{sale.section.value} {sale.document_number} (return period {sale.return_period})",
    )


def added_back_amount(sale: OutwardRecord, earlier: Sequence[Version] = ()) -> tuple[Amounts, str | None]:
    """What one rejected document adds back, and a note when it is not the document's own tax.

    Spec 1.8 / FAQ 34: an amendment carries the difference. The recipient-side rules already count an
    amendment from the version last acted on (``original_from_versions``, ``effects._add_back``), so
    the supplier side asks them rather than repeating the arithmetic: 1,800 rejected, amended to
    2,700 and rejected adds 900 more, not 2,700.
    """
    if not sale.section.is_amendment:
        return sale.amounts, None
    if not earlier:
        return sale.amounts, unknown_original_text(sale.original_number)
    original = original_from_versions(earlier, found=earlier[-1].label)
    state = RecordState(as_engine_record(sale), gstn_action=Action.REJECT, original=original)
    tax = action_effect(state, Action.REJECT).supplier_liability
    note = (
        f"Difference from {earlier[-1].label}, already reported: the amendment carries the difference "
        "(spec 1.8, FAQ 34); the taxable value is not part of the add-back."
    )
    return tax, note


def expected_added_back(
    sales: Iterable[OutwardRecord],
    filed_3b: Mapping[str, Iterable[str]] | None = None,
    earlier: Earlier | None = None,
) -> list[AddedBackLine]:
    """Lines our rejected credit notes and amendments will add back, from the supplier view.

    ``filed_3b`` maps a recipient's GSTIN to the periods whose GSTR-3B it has filed, where known
    (the supplier view does not say; a provider's added-back list does). Unknown: awaiting.
    ``earlier`` holds each amendment's earlier versions (see ``original_key``); an amendment whose
    original is unknown is added back at its full tax, and its line says so.
    """
    filed = {gstin: set(periods) for gstin, periods in (filed_3b or {}).items()}
    out = []
    for sale in sales:
        if not adds_back(sale.section, sale.recipient_action):
            continue
        key = original_key(sale)
        versions = (earlier or {}).get(key, ()) if key else ()
        amounts, note = added_back_amount(sale, versions)
        if versions and not any((amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)):
            continue  # the amendment changes nothing already added back (e.g. an upward invoice one)
        was_filed = sale.return_period in filed.get(sale.recipient_gstin, ())
        remarks = "; ".join(text for text in (sale.remarks, note) if text) or None
        out.append(
            AddedBackLine(
                sale.recipient_gstin,
                sale.section,
                sale.document_number,
                sale.document_date,
                amounts,
                sale.return_period,
                landing_period(sale.return_period),
                DUE if was_filed else AWAITING,
                remarks,
            )
        )
    return out


def summarise(lines: Iterable[AddedBackLine]) -> list[PeriodLiability]:
    """Totals per landing period, oldest first; a document both reported and expected counts once."""
    seen: set[tuple] = set()
    totals: dict[str, tuple[int, Amounts, int]] = {}
    for line in sorted(lines, key=lambda item: item.basis != REPORTED):
        key = (line.recipient_gstin, line.section, line.document_number.strip().upper(), line.supplier_period)
        if key in seen:
            continue
        seen.add(key)
        count, amounts, awaiting = totals.get(line.landing_period, (0, Amounts(), 0))
        totals[line.landing_period] = (
            count + 1,
            amounts + line.amounts,
            awaiting + (line.basis == AWAITING),
        )
    ordered = sorted(totals, key=ReturnPeriod.parse)
    return [PeriodLiability(period, *totals[period][:2], awaiting=totals[period][2]) for period in ordered]
