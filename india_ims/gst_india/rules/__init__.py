"""IMS rules engine: every GSTN rule on actions, in the pure core.

One engine for the Frappe layer and the GSTN sandbox. Everything here takes
plain frozen dataclasses and returns plain results; nothing does I/O.

State and context (``model``)
    ``RecordState(record, gstn_action=None, local_action=None, match_status=None,
    purchase_invoice=None, gstr2b_period=None, gstr3b_filed=None, original=None,
    in_ims=True, remarks=None, itc_reduction=None, override_reason=None, carried_to=None)``
        One IMS record. ``gstn_action`` defaults to ``record.action`` (what GSTN
        holds); ``local_action`` is the user's intended, not yet uploaded action;
        ``.action`` is the one that counts (local, else GSTN's). ``gstr2b_period``
        (MMYYYY) is where the supplier's filing put the record, ``None`` derives it
        (supplier period, next period for GSTR-1A, quarter end for QRMP;
        ``lifecycle.gstr2b_period_of_filing`` applies the cut-off dates).
        ``gstr3b_filed`` ``None`` looks the period up in the context. ``carried_to``
        (MMYYYY) is set by ``lifecycle.file_gstr3b`` on a record still Pending: an
        action taken on it later counts in that period, not the filed one.
    ``OriginalState(action, gstr2b_period=None, gstr3b_filed=None, amounts=None)``
        For amendments: what is known of the original (its amounts tell upward
        from downward).
    ``RuleContext(today, filed_3b_periods=frozenset(), quarterly=False,
    annual_returns_filed={}, first_return_period=None)``

Judging actions (``engine``)
    ``check_action(state, new_action, context, *, override_reason=None, remarks=None,
    itc_reduction=None) -> Decision``
        ``Decision(allowed, code, message, source, violations, warnings)``. Codes
        when refused are the rule codes of ``table.RULES`` (NOT_IN_IMS,
        FROZEN_3B_FILED, SECTION_16_4_EXPIRED, AMENDMENT_ORIGINAL_OPEN,
        PENDING_BLOCKED, ACCEPT_MISSING_IN_PI, ITC_REDUCTION_*, REMARKS_*); when
        allowed "ALLOWED", "UNCHANGED" or "OVERRIDDEN". Messages name the record.
    ``check_bulk(states, new_action, context, *, mode="valid_only" | "all_or_nothing",
    override_reason=None, remarks=None) -> BulkDecision``
        Per-record ``items`` (state, decision), ``refused``, and ``applied`` (new
        states to store: none in all_or_nothing mode if any record is refused).
    ``apply_action(...) -> RecordState`` sets ``local_action`` or raises
    ``ActionRefused`` (a ``GstError`` carrying ``.decision``).
    ``pending_allowed(state, context) -> PendingVerdict`` unpacks to
    ``(allowed, reason)``; also ``.source`` and ``.certain``.

    A request that equals what GSTN holds is "UNCHANGED" and never refused
    (nothing would be uploaded); every other request runs every rule.

Lifecycle (``lifecycle``), used by the sandbox and the Frappe layer
    ``supplier_edits`` (FAQ 16: replaces, resets the action), ``supplier_deletes``,
    ``supplier_files`` (gives the 2B period), ``unlink_purchase_invoice`` (Accepted
    back to No Action), ``file_gstr3b -> Gstr3bFiling`` (FAQ 5, 20, 21: accepted,
    rejected and no-action records leave IMS, pending ones stay, specified records
    past their window are deemed accepted), ``expire_section_16_4``,
    ``gstr2b_period_of_filing`` (spec 3.5 cut-offs: the 11th, the 13th for quarterly
    GSTR-1/IFF; GSTR-1A to the next period), ``decide_gstr2b_period`` (the 2B period from
    what GSTN says: its GSTR-2B, a filing date, a first sighting as filed, else the return
    period; with the reason in words).
Amendments (``amendments``)
    ``original_from_versions`` turns the earlier versions of a document (the original,
    earlier amendments) into the ``OriginalState`` the engine counts the difference from.

Unconfirmed portal behaviour (``unconfirmed.UNCONFIRMED``)
    What spec section 7 leaves open and what the engine does meanwhile.

Documents that never enter IMS: ``india_ims.gst_india.returns.non_ims``
(``NonImsDocument``, ``route``).

GSTR-2B, GSTR-3B Table 4, effects and ITC at stake live in
``india_ims.gst_india.returns``.
"""

from .classify import OCTOBER_2025, Direction, RecordKind, is_specified, record_kind, target_period
from .engine import MODES, ActionRefused, apply_action, check_action, check_bulk
from .model import (
    BulkDecision,
    BulkItem,
    Decision,
    OriginalState,
    RecordState,
    RuleContext,
    Violation,
)
from .pending import PendingVerdict, pending_allowed
from .table import RULES, RULES_BY_CODE

__all__ = [
    "MODES",
    "OCTOBER_2025",
    "RULES",
    "RULES_BY_CODE",
    "ActionRefused",
    "BulkDecision",
    "BulkItem",
    "Decision",
    "Direction",
    "OriginalState",
    "PendingVerdict",
    "RecordKind",
    "RecordState",
    "RuleContext",
    "Violation",
    "apply_action",
    "check_action",
    "check_bulk",
    "is_specified",
    "pending_allowed",
    "record_kind",
    "target_period",
]
