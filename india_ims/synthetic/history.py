"""The originals GSTN already holds for a month's amendments (spec 1.8, 4.3; FAQ 11, 13).

An amendment in the month amends a document reported a month earlier. GSTN
holds that original with the recipient's action, the GSTR-2B period it fell in
and whether that period's GSTR-3B is filed, so the sandbox can apply FAQ 13
(act on the original and file its GSTR-3B first) and FAQ 11 (D), and count the
amendment at its difference. Most originals were accepted, some rejected, a
few left without action (deemed accepted), all with their GSTR-3B filed.
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass, replace

from ..gst_india.documents import Action, Amounts, ImsRecord
from ..gst_india.periods import ReturnPeriod

# How much an amendment changes its original: down, unchanged (a re-report), up.
FACTORS = (0.5, 0.8, 1.0, 1.25, 1.5)
ACTIONS = ((Action.ACCEPT, 0.75), (Action.REJECT, 0.15), (Action.NO_ACTION, 0.10))


@dataclass(frozen=True, slots=True)
class HeldOriginal:
    """An original as GSTN holds it: the record with its frozen action, its 2B period and 3B state."""

    record: ImsRecord
    gstr2b_period: str
    gstr3b_filed: bool = True


def originals_for(records: Iterable[ImsRecord], seed: int) -> list[HeldOriginal]:
    """One original per amendment, in the return period before the amendment's."""
    rng = random.Random(seed * 104_729 + 17)  # its own stream: the month itself stays as it was
    held = []
    for record in sorted((r for r in records if r.section.is_amendment), key=lambda r: r.key):
        period = ReturnPeriod.parse(record.supplier_return_period).previous()
        action = rng.choices([a for a, _ in ACTIONS], [w for _, w in ACTIONS])[0]
        amounts = _scaled(record.amounts, 1 / rng.choice(FACTORS))
        day = record.original_date or period.last_day
        original = replace(
            record,
            section=record.section.original,
            document_number=record.original_number or record.document_number,
            document_date=day,
            supplier_return_period=str(period),
            document_value=amounts.taxable_value + amounts.total_tax,
            amounts=amounts,
            action=action,
            source_form="R1",
            supplier_filed=True,
            pending_blocked=True,  # its period's GSTR-3B is filed: nothing more to do on it
            original_number=None,
            original_date=None,
            checksum=f"{rng.getrandbits(256):064x}",
            remarks=None,
            itc_reduction=None,
        )
        held.append(HeldOriginal(original, str(period)))
    return held


def _scaled(amounts: Amounts, factor: float) -> Amounts:
    def scale(value: int) -> int:
        return round(value * factor)

    igst, cgst = scale(amounts.igst), scale(amounts.cgst)
    return Amounts(scale(amounts.taxable_value), igst, cgst, cgst, scale(amounts.cess))
