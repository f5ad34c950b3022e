"""Upload IMS actions so that each one reaches GSTN exactly once, and say what GSTN confirmed.

The run, in order (spec 2.1):

1. Requests of an earlier run still in flight are resolved first (REQSTS): never two uploads at once
   for one GSTIN, in this process (a lock) or across runs (the ledger's in-flight list).
2. Sections whose last submission has an unknown outcome are downloaded again (GETINV is the truth).
3. What GSTN already holds is skipped; the rest is sent one section and request type at a time,
   chunked by count and size, with ``prev_status`` = what GSTN holds.
4. Each request is polled until processed, and its per-record error report is applied: P all, PE all
   but the reported records, ER none.
5. A submission that got no reference id (timeout, dropped connection, 5xx) is never re-sent blindly:
   its section is downloaded again and only what is still missing is sent, in a later round.

The ledger is saved through ``on_change`` after each step, so a crash at any point resumes safely.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime

from ..gst_india.documents import Action, ImsRecord, ItcReduction, Section
from ..gst_india.errors import PayloadError
from ..gst_india.payload import ims as ims_wire
from ..gst_india.payload import ims_status
from ..gst_india.rules import RecordState, RuleContext
from ..gst_india.rules.declaration import default_declaration, needs_declaration
from .batching import make_batches
from .client import GstnClient
from .errors import GstnApiError, GstnAuthError, GstnBusyError, GstnTransportError, user_message
from .ledger import InFlight, Ledger, RecordKey
from .verdict import request_verdict

MAX_ROUNDS = 4
# Confirmations kept for a later run to report (``Ledger.unreported``): far more than one upload sends.
MAX_UNREPORTED = 100_000
# GSTN holds another action than the prev_status sent (the sandbox's code, and GSTN's as Sandbox
# documents it, spec 7.3): learnt from a fresh download, then sent again.
RETRYABLE_RECORD_CODES = frozenset({"IMS_PREV_STATUS", "IMSSAV0010"})

_LOCKS: dict[str, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _gstin_lock(gstin: str) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(gstin, threading.Lock())


@dataclass(frozen=True)
class UploadItem:
    """One record and the action the user wants GSTN to hold for it."""

    record: ImsRecord
    action: Action
    remarks: str | None = None
    itc_reduction: ItcReduction | None = None

    @property
    def key(self) -> RecordKey:
        return self.record.key


@dataclass(frozen=True)
class UploadOutcome:
    """Per record: ``saved`` (GSTN confirmed it in this run), ``unchanged`` (GSTN already held it),
    ``failed`` (GSTN refused it: see code and message), ``refused`` (not sent: it would be refused),
    ``waiting`` (sent, GSTN still processing)."""

    key: RecordKey
    action: Action
    status: str
    held: Action | None
    reference_id: str | None = None
    error_code: str | None = None
    message: str | None = None


@dataclass
class UploadReport:
    outcomes: list[UploadOutcome] = field(default_factory=list)
    requests: list[tuple[str, str, str, str]] = field(default_factory=list)  # ref, type, section, status
    refreshed_sections: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def complete(self) -> bool:
        return all(o.status in ("saved", "unchanged") for o in self.outcomes)


class Uploader:
    def __init__(
        self, client: GstnClient, ledger: Ledger, *, on_change: Callable[[Ledger], None] | None = None
    ):
        if ledger.gstin != client.settings.gstin:
            raise ValueError(f"ledger of {ledger.gstin} used with a client for {client.settings.gstin}")
        self.client = client
        self.ledger = ledger
        self.on_change = on_change or (lambda ledger: None)
        self._failures: dict[RecordKey, tuple[str, str, str | None]] = {}
        self._sent: dict[RecordKey, str] = {}
        # Records as GSTN last showed them: a refresh may bring a supplier's edit or new flags, and
        # uploads echo GSTN's current values (spec 1.5), not the caller's older copy.
        self._fresh: dict[RecordKey, ImsRecord] = {}

    # ---------------------------------------------------------------- public

    def download(self, sections: Iterable[Section] = tuple(Section)) -> list[ImsRecord]:
        """GETINV of the sections; the ledger takes GSTN's actions from it."""
        sections = list(sections)
        records = self.client.get_all(sections)
        self.ledger.note_download(records, sections)
        self._fresh.update((record.key, record) for record in records)
        self._save()
        return records

    def run(self, items: Iterable[UploadItem]) -> UploadReport:
        lock = _gstin_lock(self.ledger.gstin)
        if not lock.acquire(blocking=False):
            raise GstnBusyError(f"an upload for {self.ledger.gstin} is already running")
        try:
            return self._run(list(items))
        finally:
            lock.release()

    # ---------------------------------------------------------------- the run

    def _run(self, items: list[UploadItem]) -> UploadReport:
        report = UploadReport()
        self._failures.clear()
        self._sent.clear()
        desired = {item.key: item for item in items}
        initially_held = {key: self.ledger.held.get(key) for key in desired}
        self._resolve_in_flight(report)
        for _ in range(MAX_ROUNDS):
            self._refresh_uncertain(report)
            todo = [
                item
                for key, item in desired.items()
                if self.ledger.held.get(key) is not item.action and key not in self._failures
            ]
            todo = [self._with_declaration(item) for item in todo]
            todo = [item for item in todo if not self._refuse_locally(item)]
            if not todo:
                break
            if self._send(todo, report) == "waiting":
                break
        return self._outcomes(desired, initially_held, report)

    def _resolve_in_flight(self, report: UploadReport) -> None:
        for flight in list(self.ledger.in_flight):
            try:
                status = self.client.wait_for_request(flight.reference_id)
            except GstnAuthError:
                raise  # no session: nothing can be asked until the taxpayer logs in again
            except GstnApiError as error:
                # GSTN forgot the request, or will not say what became of it: whatever it did shows
                # up in a fresh download. Kept in flight, one such answer would block uploads for ever.
                self._outcome_unknown(flight, report, "forgotten" if error.code == "IMS_REQUEST_NOT_FOUND"
                                      else f"status refused: {error.code or 'no code'}")
                continue
            except PayloadError:
                self._outcome_unknown(flight, report, "unreadable")
                continue
            if status.in_progress:
                raise GstnBusyError(
                    f"GSTN is still processing upload {flight.reference_id} for {self.ledger.gstin}; "
                    "try again in a few minutes"
                )
            self._apply(flight, status, report)

    def _refresh_uncertain(self, report: UploadReport) -> None:
        for value in sorted(self.ledger.uncertain_sections):
            section = Section(value)
            records = self.client.get_section(section)
            self.ledger.note_download(records, [section])
            self._fresh.update((record.key, record) for record in records)
            report.refreshed_sections.append(value)
            self._save()

    def _record(self, item: UploadItem) -> ImsRecord:
        return self._fresh.get(item.key, item.record)

    def _needs_declaration(self, item: UploadItem) -> bool:
        if item.action is not Action.ACCEPT or item.itc_reduction is not None:
            return False
        today = datetime.fromtimestamp(self.client.clock.now()).date()
        return needs_declaration(RecordState(self._record(item)), RuleContext(today=today))

    def _with_declaration(self, item: UploadItem) -> UploadItem:
        """An Accept of a credit note without a declaration takes the taxpayer's default (IMSSAV0054)."""
        if not self._needs_declaration(item):
            return item
        settings = self.client.settings
        default = default_declaration(
            self._record(item), settings.default_itc_declaration, settings.default_itc_remarks
        )
        if default is None:
            return item
        reduction, remarks = default
        return replace(item, itc_reduction=reduction, remarks=item.remarks or remarks)

    def _refuse_locally(self, item: UploadItem) -> bool:
        if self._needs_declaration(item):
            # GSTN refuses it (IMSSAV0054): never sent without a declaration or a default.
            self._failures[item.key] = (
                "ITC_DECLARATION_REQUIRED",
                "Accepting a credit note needs a declaration of the ITC to reduce (Y or N); declare it or "
                "set a default declaration in IMS Settings.",
                None,
            )
            return True
        # GSTN may refuse a whole request for one such record (spec 2.1); never send it.
        if item.action is Action.PENDING and self._record(item).pending_blocked:
            self._failures[item.key] = (
                "IMS_PENDING_BLOCKED",
                "Pending is not allowed for this record.",
                None,
            )
            return True
        if item.key not in self.ledger.held:
            self._failures[item.key] = (
                "IMS_NOT_FOUND",
                "The record is not in the last IMS download; download IMS again.",
                None,
            )
            return True
        return False

    def _send(self, todo: list[UploadItem], report: UploadReport) -> str:
        uploads = [
            ims_wire.Upload(
                self._record(item), item.action, self.ledger.held[item.key], item.remarks, item.itc_reduction
            )
            for item in todo
        ]
        settings = self.client.settings
        batches = make_batches(
            settings.gstin,
            uploads,
            chunk_records=settings.chunk_records,
            max_body_bytes=settings.max_body_bytes,
            encrypted=settings.encrypt,
        )
        for batch in batches:
            section = batch.section.value
            if section in self.ledger.uncertain_sections:
                continue  # an earlier batch of this round lost its answer; next round re-downloads first
            # Written down before sending: a crash between PUT and reply leaves the section uncertain.
            self.ledger.uncertain_sections.add(section)
            self._save()
            try:
                reference_id = self.client.submit(batch.request_type, batch.body)
            except GstnTransportError as error:
                if not error.outcome_unknown:
                    self.ledger.uncertain_sections.discard(section)
                    self._save()
                continue
            except GstnAuthError:
                # No session: nothing was taken, and no later batch can go either. Log in again.
                self.ledger.uncertain_sections.discard(section)
                self._save()
                raise
            except GstnApiError as error:
                # GSTN answered and refused the whole request: nothing of it was taken.
                self.ledger.uncertain_sections.discard(section)
                self._save()
                if error.code == "IMS_UPLOAD_IN_PROGRESS":
                    raise GstnBusyError(str(error)) from error
                for upload in batch.uploads:
                    self._failures[upload.record.key] = (error.code or "", str(error), None)
                continue
            flight = InFlight(
                reference_id, batch.request_type, section, [(u.record.key, u.action) for u in batch.uploads]
            )
            if self.ledger.knows_reference(reference_id):
                # A reference id GSTN gave an earlier request (a gateway replaying its answer): its
                # status is that request's, not this one's. The section stays uncertain.
                report.requests.append((reference_id, batch.request_type, section, "reference reused"))
                continue
            self.ledger.in_flight.append(flight)
            self.ledger.uncertain_sections.discard(section)
            self._save()
            for key, _ in flight.items:
                self._sent[key] = reference_id
            try:
                status = self.client.wait_for_request(reference_id)
            except PayloadError:
                self._outcome_unknown(flight, report, "unreadable")
                continue
            except GstnAuthError:
                raise  # the request stays in flight; the next run, logged in again, asks after it
            except GstnApiError as error:
                self._outcome_unknown(flight, report, f"status refused: {error.code or 'no code'}")
                continue
            if status.in_progress:
                report.requests.append((reference_id, batch.request_type, section, "IP"))
                return "waiting"
            self._apply(flight, status, report)
        return "sent"

    def _outcome_unknown(self, flight: InFlight, report: UploadReport, why: str) -> None:
        """GSTN's answer about a request cannot be read (or GSTN forgot it): what it did shows up in a
        fresh download of the section, so nothing of it is believed either way until then."""
        self.ledger.in_flight.remove(flight)
        self.ledger.uncertain_sections.add(flight.section)
        self.ledger.note_reference(flight.reference_id)
        report.requests.append((flight.reference_id, flight.request_type, flight.section, why))
        self._save()

    def _apply(self, flight: InFlight, status: ims_status.RequestStatus, report: UploadReport) -> None:
        verdict = request_verdict([key for key, _ in flight.items], status)
        if verdict.unsure:
            # GSTN counts failures its report does not let us place: none of the rest is believed
            # saved; the next round downloads the section and learns what GSTN holds.
            self.ledger.uncertain_sections.add(flight.section)
        confirmed = set(verdict.confirmed)
        for key, action in flight.items:
            error = verdict.failed.get(key)
            if key in confirmed:
                self.ledger.held[key] = action
                self.ledger.unreported[key] = flight.reference_id
                self._failures.pop(key, None)
            elif error is not None:
                # GSTN's code stays; the words are ours where the code is known (spec 7.3).
                words = user_message(error.code, error.message)
                self._failures[key] = (error.code, words, flight.reference_id)
                if error.code in RETRYABLE_RECORD_CODES:
                    # GSTN holds something else than we thought: learn it before trying again.
                    self.ledger.uncertain_sections.add(flight.section)
                    self._failures.pop(key, None)
            elif status.status == "ER":
                code = status.error_code or "IMS_ACTION_REFUSED"
                self._failures[key] = (
                    code,
                    status.error_message or "GSTN processed nothing of this request",
                    flight.reference_id,
                )
        self.ledger.in_flight.remove(flight)
        self.ledger.note_reference(flight.reference_id)
        report.requests.append((flight.reference_id, flight.request_type, flight.section, status.status))
        self._save()

    def _outcomes(
        self, desired: dict[RecordKey, UploadItem], initially_held: dict, report: UploadReport
    ) -> UploadReport:
        waiting = {key: f.reference_id for f in self.ledger.in_flight for key, _ in f.items}
        earlier = self.ledger.unreported
        for key, item in desired.items():
            held = self.ledger.held.get(key)
            if held is item.action:
                # confirmed by a run that stopped before it could say so: saved, as that run would have
                said_saved = key in self._sent or key in earlier
                status = "unchanged" if initially_held.get(key) is item.action and not said_saved else "saved"
                reference = self._sent.get(key) or earlier.get(key)
                report.outcomes.append(UploadOutcome(key, item.action, status, held, reference))
            elif key in waiting:
                report.outcomes.append(UploadOutcome(key, item.action, "waiting", held, waiting[key]))
            elif key in self._failures:
                code, message, ref = self._failures[key]
                status = "failed" if ref else "refused"
                report.outcomes.append(UploadOutcome(key, item.action, status, held, ref, code, message))
            else:
                report.outcomes.append(
                    UploadOutcome(
                        key,
                        item.action,
                        "failed",
                        held,
                        self._sent.get(key),
                        "NOT_CONFIRMED",
                        "GSTN did not confirm this action; it was not marked uploaded. Run the upload again.",
                    )
                )
        for key in desired:
            earlier.pop(key, None)  # reported now, whatever became of it
        for key in list(earlier)[: max(0, len(earlier) - MAX_UNREPORTED)]:
            del earlier[key]  # confirmations no run has asked about for a long time: the oldest go
        self._save()
        return report

    def _save(self) -> None:
        self.on_change(self.ledger)
