"""GSTR-3B Table 4 as the return shows it, row by row, from one or two GSTR-2Bs.

``compute_table4`` fills what the portal auto-populates; 4B(1) and 4D(1) are the
taxpayer's own entries and stay zero here, with a note saying so (spec 4.1).
"""

from __future__ import annotations

from dataclasses import dataclass

from ..documents import ZERO, Amounts
from ..money import format_inr
from ..periods import ReturnPeriod
from .gstr3b import Table4

ROWS = (
    ("4A(1)", "Import of goods", "Part A-IV of GSTR-2B"),
    ("4A(3)", "Inward supplies liable to reverse charge", "Part A-III, net of its credit notes; also 3.1(d)"),
    ("4A(4)", "Inward supplies from ISD", "Part A-II, net of ISD credit notes"),
    ("4A(5)", "All other ITC", "Part A-I net of B2B credit notes (may be negative)"),
    (
        "4B(1)",
        "Reversal: Rules 38, 42, 43 and section 17(5)",
        "not auto-populated: your own entry (and FAQ 33: ITC made ineligible by a changed place of supply)",
    ),
    ("4B(2)", "Reversal: others", "the ITC Reversal block of GSTR-2B (Rule 37A)"),
    ("4C", "Net ITC available (A - B)", "computed"),
    ("4D(1)", "ITC reclaimed that was reversed in 4B(2) earlier", "not auto-populated: your own entry"),
    ("4D(2)", "Ineligible ITC: section 16(4) and place of supply", "the ITC Not Available block of GSTR-2B"),
)
HEADS = ("igst", "cgst", "sgst", "cess")


@dataclass(frozen=True, slots=True)
class Table4Row:
    row: str
    label: str
    source: str
    local: Amounts
    gstn: Amounts | None

    @property
    def difference(self) -> Amounts | None:
        return None if self.gstn is None else self.local + self.gstn.negated()


def _values(table: Table4 | None) -> dict[str, Amounts] | None:
    if table is None:
        return None
    values = table.rows()
    values["4B(1)"] = ZERO
    values["4D(1)"] = ZERO
    return values


def table4_rows(local: Table4, gstn: Table4 | None = None) -> tuple[Table4Row, ...]:
    mine, theirs = _values(local), _values(gstn)
    return tuple(
        Table4Row(row, label, source, mine[row], theirs[row] if theirs is not None else None)
        for row, label, source in ROWS
    )


def copyable_summary(table: Table4, period: str | ReturnPeriod, *, gstin: str = "", basis: str = "") -> str:
    """Plain text to paste next to the return: one line per row, rupees with Indian grouping."""
    parsed = period if isinstance(period, ReturnPeriod) else ReturnPeriod.parse(period)
    values = _values(table)
    title = f"GSTR-3B Table 4, {parsed.label}" + (f", {gstin}" if gstin else "")
    lines = [title + (f" ({basis})" if basis else ""), "Row\tIGST\tCGST\tSGST\tCess"]
    for row, _label, _source in ROWS:
        amounts = values[row]
        lines.append("\t".join([row, *(format_inr(getattr(amounts, head), symbol=False) for head in HEADS)]))
    rcm = table.reverse_charge_liability_3_1d
    lines.append(
        "3.1(d)\t"
        + "\t".join(format_inr(getattr(rcm, head), symbol=False) for head in HEADS)
        + f"\t(taxable {format_inr(rcm.taxable_value, symbol=False)})"
    )
    return "\n".join(lines)
