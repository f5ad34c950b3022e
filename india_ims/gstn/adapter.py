"""The one interface the app calls to reach IMS, whatever the provider (spec 1.2, providers.md).

``ImsAdapter`` names every operation; a provider adapter implements the primitives (one call each)
and inherits the orchestration written once here: waiting for a queued download, polling a save or
a GSTR-2B generation on the backoff schedule, paging GSTR-2B. Three adapters exist:

- ``client.GstnClient``: GSTN's own protocol passed through a GSP (encryption included), with a
  per-provider header profile (``adapters.headers``);
- ``adapters.sandbox_api.SandboxApiClient``: Sandbox's REST API (api.sandbox.co.in);
- ``adapters.vayana_eas.VayanaEasClient``: Vayana's Enriched API Services (EAS), whose IMS calls are
  long-running tasks (``adapters.eas_tasks``).

``make_client(settings)`` picks one from ``settings.provider``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..gst_india.documents import Action, Amounts, ImsRecord, Section
from ..gst_india.errors import PayloadError
from ..gst_india.payload import ims_status
from ..gst_india.payload import transport as wire
from ..gst_india.payload.gstr2b_api import Gstr2bDownload, parse_gstr2b_pages
from ..gst_india.payload.section_answer import SectionAnswer
from .download_check import Download, checked_download
from .errors import GstnAuthError, GstnError, GstnTransportError, api_error
from .session import SessionState
from .settings import GstnSettings

# How many times a queued download is asked for again before giving up (each after GSTN's `est`).
MAX_QUEUE_WAITS = 12


def records_now(answer: SectionAnswer | wire.Queued) -> list[ImsRecord] | wire.Queued:
    """``start_section`` of an adapter that implements ``read_section``: the records read now."""
    return answer.records if isinstance(answer, SectionAnswer) else answer


@dataclass(frozen=True)
class SupplierSale:
    """One of our sales as the supplier view shows it: the recipient's IMS action on it."""

    section: Section
    recipient_gstin: str
    document_number: str
    document_date: date
    document_value: int
    amounts: Amounts
    recipient_action: Action  # N when the recipient has not acted (or the provider sent no action)
    return_type: str  # GSTR1 or GSTR1A
    return_period: str  # MMYYYY
    original_number: str | None = None  # for an amendment: the document it amends (oinum / ont_num)
    original_date: date | None = None


@dataclass(frozen=True)
class AddedBackLiability:
    """A document of ours the recipient rejected, added back to our liability (FAQ 34)."""

    section: Section
    recipient_gstin: str
    document_number: str
    document_date: date
    document_value: int
    amounts: Amounts
    supplier_period: str  # MMYYYY of our return that reported it
    form: str  # R1 or R1A
    remarks: str | None = None


class ImsAdapter(ABC):
    """Login, IMS reads and writes, GSTR-2B and the supplier view, for one GSTIN."""

    settings: GstnSettings
    clock: object

    # ---------------------------------------------------------------- login

    @abstractmethod
    def request_otp(self) -> None:
        """Ask the portal to send the taxpayer an OTP."""

    @abstractmethod
    def login(self, otp: str) -> SessionState:
        """Open a session with the OTP the taxpayer received."""

    @abstractmethod
    def refresh(self) -> SessionState:
        """Extend a live session without a new OTP."""

    # ---------------------------------------------------------------- IMS primitives

    @abstractmethod
    def get_counts(self) -> ims_status.Counts:
        """Records per section and action."""

    @abstractmethod
    def start_section(self, section: Section) -> list[ImsRecord] | wire.Queued:
        """One download of a section: its records, or a token when the provider queued them."""

    @abstractmethod
    def fetch_queued(self, queued: wire.Queued, sections: list[Section]) -> list[ImsRecord] | wire.Queued:
        """The records of a queued download once prepared, else the token with a new wait."""

    @abstractmethod
    def submit(self, request_type: str, body: dict) -> str:
        """Send one SAVE or RESET body; returns the reference id (processing is asynchronous)."""

    @abstractmethod
    def request_status(self, reference_id: str) -> ims_status.RequestStatus:
        """Where a save or reset stands."""

    # ---------------------------------------------------------------- GSTR-2B primitives

    @abstractmethod
    def generate_2b(self, period: str) -> str:
        """Ask for GSTR-2B to be (re)generated; returns the reference id."""

    @abstractmethod
    def generation_status(self, reference_id: str, period: str) -> wire.GenerationStatus:
        """Where a regeneration stands."""

    @abstractmethod
    def get_2b_pages(self, period: str) -> list[dict]:
        """GSTR-2B, every file of it: GSTN's ``data`` objects, one per file number (spec 3.1)."""

    # ---------------------------------------------------------------- supplier view

    @abstractmethod
    def supplier_sales(self, period: str) -> list[SupplierSale]:
        """Our sales of ``period`` (GSTR-1 and GSTR-1A) with each recipient's IMS action."""

    @abstractmethod
    def added_back_liabilities(self, period: str) -> list[AddedBackLiability]:
        """Documents of ours rejected by recipients and added back to our liability."""

    # ---------------------------------------------------------------- written once for every provider

    def platform_check(self) -> str | None:
        """Log in to the provider itself, where it has a login of its own; None where it has none."""
        return None

    def read_section(self, section: Section) -> SectionAnswer | wire.Queued:
        """``start_section`` with the records read when first wanted and the answer's fingerprint,
        where the adapter holds the answer whole (``section_answer``). Here: read at once, with no
        fingerprint, so a repeated download reads it again."""
        result = self.start_section(section)
        return result if isinstance(result, wire.Queued) else SectionAnswer.read_already(result)

    def read_queued(self, queued: wire.Queued, sections: list[Section]) -> SectionAnswer | wire.Queued:
        """``fetch_queued`` as ``read_section`` is to ``start_section``. Here: read at once."""
        result = self.fetch_queued(queued, sections)
        return result if isinstance(result, wire.Queued) else SectionAnswer.read_already(result)

    def get_section(self, section: Section) -> list[ImsRecord]:
        """Every record of one section; a queued (large) answer is waited for and fetched."""
        result = self.start_section(section)
        if isinstance(result, wire.Queued):
            return self._download_queued(result, [section])
        return result

    def get_all(self, sections: Iterable[Section] = tuple(Section)) -> list[ImsRecord]:
        records: list[ImsRecord] = []
        for section in sections:
            records.extend(self.get_section(section))
        return records

    def download(self, sections: Iterable[Section] = tuple(Section)) -> Download:
        """GETCNT, then every section, each section's records checked against GSTN's count of them
        (``download_check``): a difference is a warning naming the section and both numbers. Counts
        that cannot be read are a warning too (nothing was checked); a lost session is an error."""
        sections = tuple(sections)
        try:
            counts, problem = self.get_counts(), ""
        except GstnAuthError:
            raise
        except GstnError as error:
            counts, problem = None, str(error)
        return checked_download(self.get_all(sections), counts, sections, problem)

    def _download_queued(self, queued: wire.Queued, sections: list[Section]) -> list[ImsRecord]:
        for _ in range(MAX_QUEUE_WAITS):
            self.clock.sleep(max(queued.wait_minutes, 0.0) * 60.0)
            result = self.fetch_queued(queued, sections)
            if not isinstance(result, wire.Queued):
                return result
            queued = result
        raise GstnTransportError(f"the provider still had not prepared the queued download {queued.token}")

    def wait_for_request(self, reference_id: str) -> ims_status.RequestStatus:
        """Poll on the backoff schedule until the request leaves IP; returns the last status (maybe IP)."""
        status = self.request_status(reference_id)
        for delay in self.settings.poll_delays:
            if not status.in_progress:
                break
            self.clock.sleep(delay)
            status = self.request_status(reference_id)
        return status

    def regenerate_2b(self, period: str) -> wire.GenerationStatus:
        """Generate, then poll the generation status on the backoff schedule (spec 2.1, step 7)."""
        reference_id = self.generate_2b(period)
        status = self.generation_status(reference_id, period)
        for delay in self.settings.poll_delays:
            if status.status != "IP":
                break
            self.clock.sleep(delay)
            status = self.generation_status(reference_id, period)
        if status.status == "ER":
            raise api_error(status.error_code, status.error_message, action="GENSTS2B")
        return status

    def get_2b(self, period: str) -> Gstr2bDownload:
        try:
            return parse_gstr2b_pages(self.get_2b_pages(period))
        except PayloadError as error:
            raise GstnError(f"GSTR-2B {period}: {error}") from None


def make_client(settings: GstnSettings, *, clock=None, http=None, session_state: SessionState | None = None):
    """The adapter for ``settings.provider``."""
    if settings.provider == "sandbox-api":
        from .adapters.sandbox_api import SandboxApiClient

        return SandboxApiClient(settings, clock=clock, http=http, session_state=session_state)
    if settings.provider == "vayana-eas":
        from .adapters.vayana_eas import VayanaEasClient

        return VayanaEasClient(settings, clock=clock, http=http, session_state=session_state)
    from .client import GstnClient

    return GstnClient(settings, clock=clock, http=http, session_state=session_state)
