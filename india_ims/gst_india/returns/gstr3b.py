"""GSTR-3B Table 4 as the portal auto-populates it from GSTR-2B (spec 4.1).

4A(1) imports; 4A(3) reverse charge net of its credit notes (the same values
seed 3.1(d)); 4A(4) ISD net of ISD credit notes; 4A(5) all other ITC net of
B2B credit notes; 4B(2) the 2B reversal section; 4D(2) ITC not available.
Since January 2023 credit notes are netted in 4A, which may go negative, as
may 4D(2). ITC Rejected never reaches GSTR-3B.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..documents import Amounts
from .gstr2b import Gstr2b
from .layout import Block, Gstr2bSection, Part

_RCM_NOTES = (Gstr2bSection.CDNRREV, Gstr2bSection.CDNRAREV)
_ISD_NOTES = (Gstr2bSection.ISD, Gstr2bSection.ISDA)
_B2B_NOTES = (Gstr2bSection.CDNR, Gstr2bSection.CDNRA)


def _tax(amounts: Amounts) -> Amounts:
    return Amounts(0, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


@dataclass(frozen=True, slots=True)
class Table4:
    """Table 4 rows hold tax heads only (taxable value 0); 3.1(d) keeps the taxable value.

    Keys of ``rows()`` are the form's row labels.
    """

    imports_4a1: Amounts
    reverse_charge_4a3: Amounts
    isd_4a4: Amounts
    all_other_4a5: Amounts
    reversal_others_4b2: Amounts
    ineligible_4d2: Amounts
    reverse_charge_liability_3_1d: Amounts

    @property
    def total_4a(self) -> Amounts:
        return self.imports_4a1 + self.reverse_charge_4a3 + self.isd_4a4 + self.all_other_4a5

    @property
    def net_4c(self) -> Amounts:
        """4A minus 4B; 4B(1) is the taxpayer's own and not auto-populated."""
        return self.total_4a + self.reversal_others_4b2.negated()

    def rows(self) -> dict[str, Amounts]:
        return {
            "4A(1)": self.imports_4a1,
            "4A(3)": self.reverse_charge_4a3,
            "4A(4)": self.isd_4a4,
            "4A(5)": self.all_other_4a5,
            "4B(2)": self.reversal_others_4b2,
            "4C": self.net_4c,
            "4D(2)": self.ineligible_4d2,
        }


def compute_table4(gstr2b: Gstr2b) -> Table4:
    summary = gstr2b.summary
    available = Block.AVAILABLE
    rcm = summary.part(available, Part.REVERSE_CHARGE) + summary.part(
        available, Part.CREDIT_NOTES, _RCM_NOTES).negated()
    isd = summary.part(available, Part.ISD) + summary.part(available, Part.CREDIT_NOTES, _ISD_NOTES).negated()
    other = summary.part(available, Part.ALL_OTHER) + summary.part(
        available, Part.CREDIT_NOTES, _B2B_NOTES).negated()
    return Table4(
        imports_4a1=_tax(summary.part(available, Part.IMPORTS)),
        reverse_charge_4a3=_tax(rcm),
        isd_4a4=_tax(isd),
        all_other_4a5=_tax(other),
        reversal_others_4b2=_tax(summary.net(Block.REVERSAL)),
        ineligible_4d2=_tax(summary.net(Block.NOT_AVAILABLE)),
        reverse_charge_liability_3_1d=rcm,
    )
