"""The sandbox's GSTR-2B: the core's ``compute_gstr2b`` over what GSTN holds, in GET2B pages."""

from __future__ import annotations

from ...gst_india.payload.gstr2b_api import build_gstr2b_pages
from ...gst_india.returns.generation import Gstr2bRefused, can_generate_gstr2b
from ...gst_india.returns.gstr2b import compute_gstr2b
from ...gst_india.rules import RecordState, RuleContext

# The core's refusal codes -> GSTN's codes where one is known (spec 2.4); others pass through.
GSTN_CODES = {"BEFORE_CUTOFF": "RET2B1018", "PREVIOUS_3B_UNFILED": "RET2B1023"}


def generation_refusal(period: str, context: RuleContext) -> tuple[str, str] | None:
    decision = can_generate_gstr2b(period, context)
    if decision.allowed:
        return None
    return GSTN_CODES.get(decision.code, decision.code), decision.message


def statement_pages(
    states: list[RecordState], period: str, context: RuleContext, gstin: str, *, page_records: int
) -> list[dict]:
    """Only GSTN's own actions count (no local intentions on the portal)."""
    try:
        gstr2b = compute_gstr2b(states, period, context, use_local_actions=False)
    except Gstr2bRefused as error:
        raise ValueError(f"{error.decision.code}: {error.decision.message}") from None
    return build_gstr2b_pages(gstr2b, gstin, page_records=page_records)
