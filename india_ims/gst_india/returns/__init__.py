"""GSTR-2B and GSTR-3B Table 4 from IMS records and their actions, in the pure core.

``compute_gstr2b(states, period, context, *, non_ims=(), ...) -> Gstr2b``
    The draft or recomputed GSTR-2B (ITC Available, Not Available, Reversal,
    Rejected; ``summary`` is itcsumm). Refuses like the portal unless
    ``enforce_generation_rules=False``: see ``can_generate_gstr2b``.
``recompute_status(gstr2b, states, context)`` and ``check_gstr3b_filing(...)``
    FAQ 24, 26, 29: an action changed since generation makes recompute mandatory.
``compute_table4(gstr2b) -> Table4``
    4A(1), 4A(3), 4A(4), 4A(5), 4B(2), 4C, 4D(2) and 3.1(d) (spec 4.1).
``action_effect(state, action, context=None) -> Effect``
    What one action does to the recipient's ITC and the supplier's liability
    (spec 4.2, 4.3).
``itc_at_stake(states, context, ...) -> ItcAtStake``
    ITC moved by the current actions against accepting everything, per supplier.
``NonImsDocument`` / ``route``
    Documents that skip IMS and go straight to their GSTR-2B section.
"""

from .effects import SCENARIOS, Effect, NonImsEffect, action_effect, non_ims_effect
from .generation import (
    Gstr2bRefused,
    RecomputeStatus,
    can_generate_gstr2b,
    check_gstr3b_filing,
    recompute_status,
)
from .gstr2b import Exclusion, Gstr2b, Gstr2bEntry, Gstr2bSummary, compute_gstr2b
from .gstr3b import Table4, compute_table4
from .layout import Block, Gstr2bSection, Part, Placement, UnavailableReason
from .non_ims import NonImsDocument, NonImsKind, route
from .stake import ItcAtStake, SupplierStake, itc_at_stake

__all__ = [
    "SCENARIOS",
    "Effect",
    "ItcAtStake",
    "NonImsEffect",
    "SupplierStake",
    "action_effect",
    "itc_at_stake",
    "non_ims_effect",
    "Block",
    "Exclusion",
    "Gstr2b",
    "Gstr2bEntry",
    "Gstr2bRefused",
    "Gstr2bSection",
    "Gstr2bSummary",
    "NonImsDocument",
    "NonImsKind",
    "Part",
    "Placement",
    "RecomputeStatus",
    "Table4",
    "UnavailableReason",
    "can_generate_gstr2b",
    "check_gstr3b_filing",
    "compute_gstr2b",
    "compute_table4",
    "recompute_status",
    "route",
]
