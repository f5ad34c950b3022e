"""An amendment's original as the engine needs it, from the earlier versions of the document.

GSTN and the app's own store may know several earlier versions: the original
and earlier amendments. The engine compares an amendment with the version
before it (upward or downward, FAQ 11, 13) and counts ITC from the value last
counted in an earlier GSTR-3B (spec 1.8, 4.3): 1,800 -> 2,700 accepted ->
2,200 moves -500, not +400.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..documents import ZERO, Action, Amounts
from .model import OriginalState, period_label

_COUNTING = (Action.ACCEPT, Action.NO_ACTION)
_DECISIVE = (Action.ACCEPT, Action.NO_ACTION, Action.REJECT)


@dataclass(frozen=True, slots=True)
class Version:
    """One earlier version of a document: the original or an earlier amendment."""

    action: Action
    amounts: Amounts
    gstr2b_period: str | None = None
    gstr3b_filed: bool | None = None
    label: str = ""  # how the user knows it, e.g. "B2B invoice INV-7 (return period 082026)"


def original_from_versions(versions: Sequence[Version], found: str = "") -> OriginalState | None:
    """The ``OriginalState`` of an amendment from its earlier versions, oldest first.

    The last version is the one amended. ``counted`` is the value of the latest
    version the recipient's ITC counted (accepted or deemed accepted; nothing if
    none). ``added_back`` is the supplier-side baseline: the value of the latest
    version acted on, whose reduction stands (accepted) or was added back
    (rejected, FAQ 34).
    """
    if not versions:
        return None
    last = versions[-1]
    counted = next((v.amounts for v in reversed(versions) if v.action in _COUNTING), ZERO)
    baseline = next((v.amounts for v in reversed(versions) if v.action in _DECISIVE), ZERO)
    return OriginalState(
        action=last.action,
        gstr2b_period=last.gstr2b_period,
        gstr3b_filed=last.gstr3b_filed,
        amounts=last.amounts,
        counted=counted,
        added_back=baseline,
        found=found,
    )


def unknown_original_text(original_number: str | None, original_period: str | None = None) -> str:
    """What the user is told when the amended document is not among the stored records."""
    number = original_number or "(no original number given)"
    where = f" of return period {period_label(original_period)}" if original_period else ""
    return (
        f"The original {number}{where} is not among the downloaded records, so the ITC this amendment "
        "moves is shown at its full amended value; the real change is the difference from the value "
        "last counted. Download the original's period, or check it on the portal."
    )
