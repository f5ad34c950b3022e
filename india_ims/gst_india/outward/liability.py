"""Added-back liabilities (FAQ 34): what a recipient's rejection adds to our GSTR-3B, and when.

A credit note we issued reduced our liability; if the recipient rejects it, the reduction is undone:
once the recipient files its GSTR-3B for the period, the note's tax is added back to our liability
in the GSTR-3B of the following period (FAQ 34; spec 6 rows 6 and 8). Providers report the lines as
"added-back liabilities" for the period they land in (providers.md 1.5, SB-abl), over the sections
b2ba, cdnr, cdnra and ecoma. Which GSTR-3B table carries them is not published (spec 7.8): the
table below is our reading, and every line says so in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..documents import Action, Amounts, Section
from ..periods import ReturnPeriod
from .model import OutwardRecord

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


def adds_back(section: Section, action: Action) -> bool:
    """FAQ 34: only a rejection of a credit note or of an amendment is added back."""
    return action is Action.REJECT and section in ADDED_BACK_SECTIONS


def landing_period(recipient_filed_period: str) -> str:
    """FAQ 34: the GSTR-3B period after the one the recipient filed."""
    return str(ReturnPeriod.parse(recipient_filed_period).add(1))


def expected_added_back(
    sales: Iterable[OutwardRecord], filed_3b: Mapping[str, Iterable[str]] | None = None
) -> list[AddedBackLine]:
    """Lines our rejected credit notes and amendments will add back, from the supplier view.

    ``filed_3b`` maps a recipient's GSTIN to the periods whose GSTR-3B it has filed, where known
    (the supplier view does not say; a provider's added-back list does). Unknown: awaiting.
    """
    filed = {gstin: set(periods) for gstin, periods in (filed_3b or {}).items()}
    out = []
    for sale in sales:
        if not adds_back(sale.section, sale.recipient_action):
            continue
        was_filed = sale.return_period in filed.get(sale.recipient_gstin, ())
        out.append(
            AddedBackLine(
                sale.recipient_gstin,
                sale.section,
                sale.document_number,
                sale.document_date,
                sale.amounts,
                sale.return_period,
                landing_period(sale.return_period),
                DUE if was_filed else AWAITING,
                sale.remarks,
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
