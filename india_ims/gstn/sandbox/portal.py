"""The simulated GST portal for one recipient: IMS records, uploads, suppliers, GSTR-3B, GSTR-2B.

Every action goes through the IMS rules engine (``gst_india.rules``), the same engine the app uses,
and the record's life outside the recipient's actions (supplier edits, deletions, filing; GSTR-3B
filing) through ``rules.lifecycle``. On top the portal adds what only GSTN can know: the action it
holds (``prev_status`` must match it), one upload at a time per GSTIN, and asynchronous processing.

Requests are processed "in the background": at the next call the portal receives, or on the REQSTS
poll that ends a ``slow`` fault. All methods are thread-safe (one lock).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import date

from ...gst_india.documents import Action, Amounts, ImsRecord, Section
from ...gst_india.errors import GstError
from ...gst_india.payload import ims as ims_wire
from ...gst_india.payload import ims_status
from ...gst_india.periods import ReturnPeriod
from ...gst_india.rules import RecordState, RuleContext, check_action, lifecycle, pending_allowed
from ...gst_india.rules.amendments import Version, original_from_versions

TEST_OTP = "575757"
# Rule codes GSTN reports under a code of its own (spec 7.3).
GSTN_RECORD_CODES = {"ITC_DECLARATION_REQUIRED": "IMSSAV0054"}

Key = tuple[str, str, str, str]


class PortalError(Exception):
    """A request GSTN refuses as a whole; becomes an error envelope."""

    def __init__(self, code: str, message: str):
        self.code = code
        self.message = message
        super().__init__(f"{code}: {message}")


@dataclass
class PortalRequest:
    reference_id: str
    request_type: str  # SAVE or RESET
    rows: list[ims_wire.SaveRequestRow]
    polls_left: int = 0  # a slow fault: REQSTS answers IP this many more times
    fail_records: int = 0  # a partial fault: this many records fail
    status: ims_status.RequestStatus | None = None  # None until processed
    report: str = "gstn"  # how REQSTS spells its error report (ims_status.REPORT_SHAPES)


@dataclass
class GenerationRequest:
    reference_id: str
    period: str
    status: str = "IP"
    error_code: str | None = None
    error_message: str | None = None


@dataclass
class PortalConfig:
    gstin: str
    username: str
    period: str  # the month the portal was seeded with (its first return period)
    today: date
    otp: str = TEST_OTP
    quarterly: bool = False
    session_minutes: int = 360
    queue_threshold: int = 10_000  # GETINV of a bigger section is queued (FILEDET)
    file_records: int = 10_000  # records per queued-download file
    queue_polls: int = 0  # FILEDET answers "still queued" this many times first
    page_records: int = 10_000  # GET2B documents per file_num
    task_polls: int = 1  # EAS dialect: a task reads "in-progress" this many status calls first
    task_page_records: int = 500  # EAS dialect: IMS rows per page of a download task's result
    encrypt: bool = False
    counts_shape: str = "gstn"  # how GETCNT spells its counts (ims_status.COUNTS_SHAPES)

    def __post_init__(self):
        if self.counts_shape not in ims_status.COUNTS_SHAPES:
            raise ValueError(
                f"counts shape {self.counts_shape!r} is not one of {', '.join(ims_status.COUNTS_SHAPES)}"
            )


@dataclass
class Portal:
    config: PortalConfig
    states: dict[Key, RecordState] = field(default_factory=dict)
    applied: dict[Key, list[tuple[str, str]]] = field(default_factory=dict)  # key -> [(ref, action)]
    filed_3b: set[str] = field(default_factory=set)
    requests: dict[str, PortalRequest] = field(default_factory=dict)
    generations: dict[str, GenerationRequest] = field(default_factory=dict)
    statements: dict[str, list[dict]] = field(default_factory=dict)  # period -> GET2B pages
    files: dict[str, bytes] = field(default_factory=dict)  # queued-download files by name
    tokens: dict[str, tuple[list[str], int]] = field(
        default_factory=dict
    )  # token -> (file names, polls left)
    counter: int = 0

    def __post_init__(self):
        self.lock = threading.RLock()
        self._originals: dict[tuple, Key] = {}

    # ---------------------------------------------------------------- seeding and reading

    @classmethod
    def seeded(cls, config: PortalConfig, records: list[ImsRecord], history=()) -> Portal:
        """``history``: originals GSTN already holds (``synthetic.history.HeldOriginal``), with
        their action, GSTR-2B period and GSTR-3B state, so amendments meet FAQ 11 and 13."""
        portal = cls(config)
        for held in history:
            portal._add_seed(RecordState(
                held.record, gstr2b_period=held.gstr2b_period, in_ims=not held.gstr3b_filed,
            ))
            if held.gstr3b_filed:
                portal.filed_3b.add(held.gstr2b_period)
        for record in records:
            portal._add_seed(RecordState(record))
        if history:
            portal._derive_pending_flags()
        return portal

    def _add_seed(self, state: RecordState) -> None:
        record = state.record
        if record.key in self.states:
            raise GstError(
                f"{record.section.label} {record.document_number} of "
                f"{record.supplier_gstin} is in the seed twice"
            )
        self.states[record.key] = state

    def _derive_pending_flags(self) -> None:
        """GSTN sends ``ispendactblocked`` from its own rules; with the originals known, so can we."""
        context = self.context()
        self._originals = self._original_index()
        for key, state in list(self.states.items()):
            if not state.in_ims:
                continue
            open_state = replace(state, record=replace(state.record, pending_blocked=None))
            verdict = pending_allowed(self._with_original(open_state), context)
            if verdict.certain:
                self.states[key] = replace(
                    state, record=replace(state.record, pending_blocked=not verdict.allowed)
                )

    def next_id(self, prefix: str) -> str:
        with self.lock:
            self.counter += 1
            return f"{prefix}{self.counter:010d}"

    def context(self) -> RuleContext:
        return RuleContext(
            today=self.config.today,
            filed_3b_periods=frozenset(self.filed_3b),
            quarterly=self.config.quarterly,
            first_return_period=self.config.period,
        )

    def expire_section_16_4(self) -> int:
        """FAQ 21: a record kept Pending past Section 16(4) leaves IMS, as the portal removes it;
        the number removed. Run before every read and upload, so a later "today" takes effect."""
        with self.lock:
            # only a record GSTN holds Pending can leave (``pending_past_section_16_4``): run before
            # every read, the rule over a lakh of states took the sandbox 50 ms a request
            _, removed = lifecycle.expire_section_16_4(
                [s for s in self.states.values() if s.in_ims and s.gstn_action is Action.PENDING],
                self.context(),
            )
            for state in removed:
                self.states[state.record.key] = state
            return len(removed)

    def in_ims(self, section: Section | None = None) -> list[ImsRecord]:
        with self.lock:
            self.expire_section_16_4()
            return [
                s.record
                for s in self.states.values()
                if s.in_ims and (section is None or s.record.section is section)
            ]

    def held(self) -> dict[Key, Action]:
        """What GSTN holds for every record still in IMS (tests compare the client's ledger with it)."""
        with self.lock:
            self.expire_section_16_4()
            return {k: s.gstn_action for k, s in self.states.items() if s.in_ims}

    # ---------------------------------------------------------------- uploads

    def submit(
        self, request_type: str, rows: list[ims_wire.SaveRequestRow], *, polls: int = 0,
        fail_records: int = 0, report: str = "gstn",
    ) -> str:
        with self.lock:
            self.tick()
            busy = [r.reference_id for r in self.requests.values() if r.status is None]
            if busy:
                raise PortalError(
                    "IMS_UPLOAD_IN_PROGRESS", f"upload {busy[0]} for this GSTIN is still being processed"
                )
            if len({row.section for row in rows}) > 1:
                raise PortalError("IMS_BAD_REQUEST", "one section per request")
            reference_id = self.next_id("IMS")
            self.requests[reference_id] = PortalRequest(
                reference_id, request_type, rows, polls, fail_records, report=report
            )
            return reference_id

    def poll(self, reference_id: str) -> ims_status.RequestStatus:
        with self.lock:
            request = self.requests.get(reference_id)
            if request is None:
                raise PortalError("IMS_REQUEST_NOT_FOUND", f"no request {reference_id}")
            if request.status is None and request.polls_left > 0:
                request.polls_left -= 1
                return ims_status.RequestStatus("IP")
            self.tick()
            return request.status

    def tick(self) -> None:
        """Process, in order, every request that is not held back by a slow fault."""
        with self.lock:
            self.expire_section_16_4()
            for request in self.requests.values():
                if request.status is not None:
                    continue
                if request.polls_left > 0:
                    break
                request.status = self._process(request)
            for generation in self.generations.values():
                if generation.status == "IP":
                    self._generate(generation)

    def _process(self, request: PortalRequest) -> ims_status.RequestStatus:
        context = self.context()
        self._originals = self._original_index() if any(r.section.is_amendment for r in request.rows) else {}
        errors: list[ims_status.RecordError] = []
        injected = request.fail_records
        for row in request.rows:
            problem = self._check_row(row, context)
            if problem is None and injected > 0:
                injected -= 1
                problem = ("IMS_TEMPORARY", "GSTN could not process this record now; upload it again")
            if problem is not None:
                errors.append(
                    ims_status.RecordError(
                        row.section,
                        row.supplier_gstin,
                        row.document_number,
                        row.supplier_return_period,
                        *problem,
                    )
                )
                continue
            self._apply(row, request.reference_id)
        processed = len(request.rows) - len(errors)
        if not errors:
            return ims_status.RequestStatus("P", processed, 0)
        if processed == 0:
            return ims_status.RequestStatus(
                "ER",
                0,
                len(errors),
                "IMS_ACTION_REFUSED",
                "no record of the request was processed",
                tuple(errors),
            )
        return ims_status.RequestStatus("PE", processed, len(errors), record_errors=tuple(errors))

    def _check_row(self, row: ims_wire.SaveRequestRow, context: RuleContext) -> tuple[str, str] | None:
        state = self.states.get(row.key)
        if state is None:
            return "IMS_NOT_FOUND", "no such record in IMS"
        if row.previous_action is not None and row.previous_action is not state.gstn_action:
            return (
                "IMS_PREV_STATUS",
                f"prev_status is {row.previous_action.value} but GSTN holds {state.gstn_action.value}",
            )
        decision = check_action(
            self._with_original(state),
            row.action,
            context,
            remarks=row.remarks,
            itc_reduction=row.itc_reduction,
        )
        if not decision.allowed:
            return GSTN_RECORD_CODES.get(decision.code, decision.code), decision.message
        return None

    def _with_original(self, state: RecordState) -> RecordState:
        """The amendment with its earlier versions as GSTN holds them: the original, then any
        earlier amendment of it (an amendment of an amendment counts from the value last counted)."""
        record = state.record
        if not record.section.is_amendment or state.original is not None or not record.original_number:
            return state
        keys = self._originals.get(
            (record.section.original, record.supplier_gstin, record.original_number.strip().upper()), []
        )
        versions = []
        for key in keys:
            other = self.states[key]
            earlier = other.record.section is record.section.original or (
                ReturnPeriod.parse(other.record.supplier_return_period)
                < ReturnPeriod.parse(record.supplier_return_period)
            )
            if key != record.key and earlier and other.record.supplier_filed:
                versions.append(Version(other.gstn_action, other.record.amounts, other.gstr2b_period))
        original = original_from_versions(versions, "held by GSTN")
        return state if original is None else replace(state, original=original)

    def _original_index(self) -> dict[tuple, list[Key]]:
        """(original section, supplier, original number) -> keys of the original and its amendments,
        oldest first, to find an amendment's earlier versions."""
        index: dict[tuple, list[tuple]] = {}
        for key, s in self.states.items():
            record = s.record
            if record.section.is_amendment:
                if not record.original_number:
                    continue
                number = record.original_number.strip().upper()
                ident = (record.section.original, record.supplier_gstin, number)
                order = (1, ReturnPeriod.parse(record.supplier_return_period))
            else:
                ident = (record.section, record.supplier_gstin, record.document_number.strip().upper())
                order = (0, ReturnPeriod.parse(record.supplier_return_period))
            index.setdefault(ident, []).append((order, key))
        return {ident: [key for _, key in sorted(items)] for ident, items in index.items()}

    def states_with_originals(self) -> list[RecordState]:
        """Every state, amendments with their originals attached (what GSTR-2B counts from)."""
        self._originals = self._original_index()
        return [self._with_original(s) for s in self.states.values()]

    def _apply(self, row: ims_wire.SaveRequestRow, reference_id: str) -> None:
        state = self.states[row.key]
        accept = row.action is Action.ACCEPT
        record = replace(
            state.record,
            action=row.action,
            remarks=row.remarks,
            itc_reduction=row.itc_reduction if accept else None,
        )
        self.states[row.key] = replace(
            state,
            record=record,
            gstn_action=row.action,
            local_action=None,
            remarks=row.remarks,
            itc_reduction=record.itc_reduction,
        )
        self.applied.setdefault(row.key, []).append((reference_id, row.action.value))

    # ---------------------------------------------------------------- supplier behaviour (FAQ 16, 19)

    def _state(self, key: Key) -> RecordState:
        state = self.states.get(tuple(key))
        if state is None:
            raise PortalError("IMS_NOT_FOUND", f"no record {'|'.join(key)}")
        return state

    def supplier_edit(self, key: Key, amounts: Amounts, document_value: int | None = None) -> ImsRecord:
        """An edit before filing replaces the record; the recipient's action is reset."""
        with self.lock:
            self.tick()
            state = self._state(key)
            value = (
                document_value if document_value is not None else amounts.taxable_value + amounts.total_tax
            )
            edited = replace(state.record, amounts=amounts, document_value=value, checksum=None)
            self.states[tuple(key)] = lifecycle.supplier_edits(state, edited)
            return self.states[tuple(key)].record

    def supplier_delete(self, key: Key) -> None:
        with self.lock:
            self.tick()
            self.states[tuple(key)] = lifecycle.supplier_deletes(self._state(key))

    def supplier_amend(
        self, key: Key, amounts: Amounts, *, new_number: str | None = None, return_period: str | None = None
    ) -> ImsRecord:
        """A filed document amended in a later return: a new record in the amendment section."""
        with self.lock:
            self.tick()
            original = self._state(key).record
            if not original.supplier_filed:
                raise PortalError("IMS_BAD_REQUEST", "an unfiled record is edited, not amended")
            section = original.section.amendment
            period = return_period or str(_next_period(original.supplier_return_period))
            amended = replace(
                original,
                section=section,
                document_number=new_number or original.document_number,
                supplier_return_period=period,
                amounts=amounts,
                document_value=amounts.taxable_value + amounts.total_tax,
                action=Action.NO_ACTION,
                original_number=original.document_number,
                original_date=original.document_date,
                supplier_filed=False,
                checksum=None,
                remarks=None,
                itc_reduction=None,
            )
            if amended.key in self.states:
                raise PortalError("IMS_BAD_REQUEST", "this amendment already exists")
            self.states[amended.key] = RecordState(amended)
            return amended

    def supplier_file(self, supplier_gstin: str, filed_on: date | None = None) -> int:
        """The supplier files GSTR-1: every saved record of theirs gets its 2B period."""
        with self.lock:
            self.tick()
            count = 0
            for key, state in list(self.states.items()):
                record = state.record
                if record.supplier_gstin == supplier_gstin and not record.supplier_filed and state.in_ims:
                    day = filed_on or _period_day(record.supplier_return_period)
                    self.states[key] = lifecycle.supplier_files(
                        state,
                        day,
                        form=record.source_form if record.source_form in ("R1A", "IFF") else "R1",
                        recipient_quarterly=self.config.quarterly,
                    )
                    count += 1
            return count

    # ---------------------------------------------------------------- GSTR-3B and GSTR-2B

    def file_gstr3b(self, period: str) -> dict[str, int]:
        with self.lock:
            self.tick()
            filing = lifecycle.file_gstr3b(self.states_with_originals(), period, self.context())
            for state in filing.kept + filing.removed:
                # originals are looked up afresh each time: their actions may still change
                self.states[state.record.key] = replace(state, original=None)
            self.filed_3b.add(str(filing.period))
            return {
                "removed": len(filing.removed),
                "kept": len(filing.kept),
                "deemed_accepted": len(filing.deemed_accepted),
            }

    def request_generation(self, period: str) -> str:
        with self.lock:
            self.tick()
            from .gstr2b import generation_refusal

            refusal = generation_refusal(period, self.context())
            if refusal is not None:
                raise PortalError(*refusal)
            reference_id = self.next_id("2B")
            self.generations[reference_id] = GenerationRequest(reference_id, period)
            return reference_id

    def generation_status(self, reference_id: str) -> GenerationRequest:
        with self.lock:
            self.tick()
            generation = self.generations.get(reference_id)
            if generation is None:
                raise PortalError("IMS_REQUEST_NOT_FOUND", f"no GSTR-2B generation {reference_id}")
            return generation

    def _generate(self, generation: GenerationRequest) -> None:
        from .gstr2b import statement_pages  # late: the 2B builder needs the returns package

        self.statements[generation.period] = statement_pages(
            self.states_with_originals(),
            generation.period,
            self.context(),
            self.config.gstin,
            page_records=self.config.page_records,
        )
        generation.status = "P"

    def gstr2b_page(self, period: str, file_number: int | None) -> dict:
        with self.lock:
            self.tick()
            pages = self.statements.get(period)
            if pages is None:
                raise PortalError("RET2B1023", f"GSTR-2B of {period} has not been generated")
            if file_number is None and len(pages) > 1:
                # Asked without a file number, a GSTR-2B of several files answers its header and file
                # count only (India Compliance then fetches files 1..fc and drops this answer).
                head = {key: value for key, value in pages[0]["data"].items()
                        if key not in ("docdata", "docRejdata")}
                return {**pages[0], "data": head}
            number = file_number or 1
            if not 1 <= number <= len(pages):
                raise PortalError("RET2B1016", f"GSTR-2B of {period} has no file {number}")
            return pages[number - 1]


def _next_period(period: str):
    return ReturnPeriod.parse(period).next()


def _period_day(period: str) -> date:
    """A filing date inside the period's GSTR-1 window: the 11th of the next month."""
    nxt = _next_period(period)
    return date(nxt.year, nxt.month, 11)
