"""The engine's inputs and outputs: one record's state, the taxpayer's context, decisions.

All plain frozen dataclasses so the Frappe layer, the GSTN sandbox and the
CLI can build them from whatever they store and compare results by value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from ..documents import Action, Amounts, ImsRecord, ItcReduction, MatchStatus
from ..errors import GstError
from ..periods import ReturnPeriod, india_day


def period_label(text: str | None) -> str:
    """A return period as people read it ("Nov 2026" for 112026); text that is not one, as it is."""
    try:
        return ReturnPeriod.parse(text).label
    except GstError:
        return str(text)


def record_label(section_label: str, document_number: str, supplier_gstin: str, period_text: str) -> str:
    """How messages name a record (``RecordState.label``), from its parts (``period_text``: the
    supplier's return period as ``period_label`` writes it): a bulk action names the records it
    judged once per kind without building each one's state (``ims.judging``)."""
    return f"{section_label} {document_number} of {supplier_gstin} (return period {period_text})"


def _check_period(text: str, where: str) -> None:
    try:
        ReturnPeriod.parse(text)
    except GstError as error:
        raise GstError(f"{where}: {error}") from None


@dataclass(frozen=True, slots=True)
class OriginalState:
    """What is known about the record an amendment amends: the version before it.

    For an amendment of an amendment this is the previous amendment (its action,
    2B period and values). ``counted`` is the value last counted in an earlier
    GSTR-3B (spec 1.8: "full" means the difference from it): ``None`` derives it
    from ``action`` and ``amounts`` (nothing counted when rejected or pending).
    ``added_back`` is what a rejected credit note already added back to the
    supplier's liability (FAQ 34); with ``None`` the effects take the original's
    value or nothing, as the two versions' GSTR-2B periods say (``returns.effects``).
    ``found`` says in words where the original came from (shown to the user).
    """

    action: Action
    gstr2b_period: str | None = None  # MMYYYY of the 2B the original fell in
    gstr3b_filed: bool | None = None  # None: look the period up in the context
    amounts: Amounts | None = None  # the original's values, to tell upward from downward
    counted: Amounts | None = None
    added_back: Amounts | None = None
    found: str = ""

    @property
    def last_counted(self) -> Amounts | None:
        """The value the recipient's ITC last counted; ``None`` when the values are unknown."""
        if self.counted is not None:
            return self.counted
        if self.amounts is None:
            return None
        if self.action in (Action.REJECT, Action.PENDING):
            return Amounts()
        return self.amounts


@dataclass(frozen=True, slots=True)
class RecordState:
    """One IMS record as the engine sees it.

    ``gstn_action`` is the action GSTN holds (defaults to ``record.action``, the
    downloaded value); ``local_action`` the action the user intends but has not
    uploaded yet. ``gstr2b_period`` is the 2B period the supplier's filing puts
    the record in (see ``lifecycle.gstr2b_period_of_filing``); ``None`` derives
    it from the record. A pending record whose period's GSTR-3B is filed rolls
    forward to the next open period (``classify.target_period``).
    """

    record: ImsRecord
    gstn_action: Action | None = None
    local_action: Action | None = None
    match_status: MatchStatus | None = None
    purchase_invoice: str | None = None
    gstr2b_period: str | None = None
    gstr3b_filed: bool | None = None  # None: look the period up in the context
    original: OriginalState | None = None
    in_ims: bool = True  # False once deleted by the supplier or removed by the portal
    remarks: str | None = None
    itc_reduction: ItcReduction | None = None
    override_reason: str | None = None  # why Accept was forced on a Missing-in-PI record
    # MMYYYY a GSTR-3B filing carried the record to while it was Pending (``lifecycle.file_gstr3b``):
    # an action taken on it later counts there, not in its filed first period.
    carried_to: str | None = None

    def __post_init__(self):
        if self.gstn_action is None:
            object.__setattr__(self, "gstn_action", self.record.action)
        if self.gstr2b_period is not None:
            _check_period(self.gstr2b_period, f"{self.label}: field gstr2b_period")
        if self.carried_to is not None:
            _check_period(self.carried_to, f"{self.label}: field carried_to")
        if self.original is not None and self.original.gstr2b_period is not None:
            _check_period(self.original.gstr2b_period, f"{self.label}: field original.gstr2b_period")

    @property
    def action(self) -> Action:
        """The action that counts for previews: the intended one, else GSTN's."""
        return self.local_action if self.local_action is not None else self.gstn_action

    @property
    def label(self) -> str:
        """How messages name the record."""
        record = self.record
        return record_label(
            record.section.label,
            record.document_number,
            record.supplier_gstin,
            period_label(record.supplier_return_period),
        )


@dataclass(frozen=True)
class RuleContext:
    """The taxpayer's situation the rules depend on.

    ``filed_3b_periods`` holds MMYYYY of every GSTR-3B filed (the quarter's last
    month for QRMP filers). ``annual_returns_filed`` maps a financial year label
    ("2024-25") to the date its annual return was filed, which can bring the
    Section 16(4) deadline forward. ``first_return_period`` is the first period
    of the registration: it has no previous GSTR-3B to wait for.
    """

    today: date
    filed_3b_periods: frozenset[str] = frozenset()
    quarterly: bool = False
    annual_returns_filed: Mapping[str, date] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    first_return_period: str | None = None

    def __post_init__(self):
        object.__setattr__(self, "today", india_day(self.today))
        # Accept any iterable of MMYYYY; a QRMP filer's 3B is kept under the quarter's last month.
        for period in self.filed_3b_periods:
            _check_period(str(period), "rule context: field filed_3b_periods")
        filed = frozenset(
            str(ReturnPeriod.parse(str(p)).gstr2b_period(quarterly=self.quarterly))
            for p in self.filed_3b_periods
        )
        object.__setattr__(self, "filed_3b_periods", filed)
        object.__setattr__(self, "annual_returns_filed", MappingProxyType(
            {year: india_day(day) for year, day in dict(self.annual_returns_filed).items()}))
        if self.first_return_period is not None:
            _check_period(self.first_return_period, "rule context: field first_return_period")

    def is_3b_filed(self, period: str | ReturnPeriod | None) -> bool:
        if period is None:
            return False
        return self.return_period(period) in self.filed_3b_periods

    def return_period(self, period: str | ReturnPeriod) -> str:
        """The MMYYYY a 3B is filed under: the quarter's last month for QRMP."""
        parsed = period if isinstance(period, ReturnPeriod) else ReturnPeriod.parse(period)
        return str(parsed.gstr2b_period(quarterly=self.quarterly))

    def step(self) -> int:
        return 3 if self.quarterly else 1

    def with_filed(self, period: str | ReturnPeriod) -> RuleContext:
        return RuleContext(
            today=self.today,
            filed_3b_periods=self.filed_3b_periods | {self.return_period(period)},
            quarterly=self.quarterly,
            annual_returns_filed=self.annual_returns_filed,
            first_return_period=self.first_return_period,
        )


@dataclass(frozen=True, slots=True)
class Violation:
    code: str
    message: str
    source: str


@dataclass(frozen=True, slots=True)
class Decision:
    """The engine's answer for one record.

    ``code`` is stable for machines: the first violated rule's code when
    refused, "ALLOWED", "UNCHANGED" or "OVERRIDDEN" when allowed.
    ``violations`` lists every rule the action breaks, not only the first.
    """

    allowed: bool
    code: str
    message: str
    source: str = ""
    violations: tuple[Violation, ...] = ()
    warnings: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return self.allowed


@dataclass(frozen=True, slots=True)
class BulkItem:
    state: RecordState
    decision: Decision


@dataclass(frozen=True, slots=True)
class BulkDecision:
    """One action over many records (FAQ 30): per-record verdicts and what to apply.

    ``mode`` "all_or_nothing" applies nothing if any record is refused;
    "valid_only" applies the allowed ones. ``applied`` holds the new states of
    the records to apply (local action set); refused ones are in ``refused``.
    """

    action: Action
    mode: str
    items: tuple[BulkItem, ...]
    applied: tuple[RecordState, ...]

    @property
    def refused(self) -> tuple[BulkItem, ...]:
        return tuple(item for item in self.items if not item.decision.allowed)

    @property
    def allowed(self) -> tuple[BulkItem, ...]:
        return tuple(item for item in self.items if item.decision.allowed)

    @property
    def ok(self) -> bool:
        return not self.refused

    def refusal_counts(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for item in self.refused:
            counts[item.decision.code] = counts.get(item.decision.code, 0) + 1
        return counts
