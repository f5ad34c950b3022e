"""The GSTN pass-through adapter: GSTN's own protocol through a GSP (spec 1.1, 1.2, providers.md 2).

GETCNT, GETINV (with queued FILEDET downloads), SAVE/RESETIMS, REQSTS, GSTR-2B and the supplier
view, with GSTN's encryption when enabled and the provider's headers (``adapters.headers``).
Pure Python; settings come in as ``GstnSettings``. Upload orchestration (chunking, the ledger of what
GSTN confirmed, polling) is in ``upload``; the waiting and paging common to every provider is in
``adapter.ImsAdapter``; this module is one method per GSTN operation.
"""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterable
from urllib.parse import urljoin

from ..gst_india.documents import ImsRecord, Section
from ..gst_india.errors import PayloadError
from ..gst_india.payload import ims as ims_wire
from ..gst_india.payload import ims_status
from ..gst_india.payload import transport as wire
from ..gst_india.payload.repeats import drop_repeats, positions
from ..gst_india.payload.section_answer import SectionAnswer, files_fingerprint
from . import crypto
from .adapter import AddedBackLiability, ImsAdapter, SupplierSale, records_now
from .adapters import supplier_wire
from .clock import SystemClock
from .errors import (
    NO_DOCUMENT_CODES,
    QUEUED_CODE,
    GstnCryptoError,
    GstnError,
    GstnSessionExpired,
    GstnTransportError,
    api_error,
)
from .session import Session, SessionState
from .settings import GstnSettings
from .transport import Transport

# Supplier-view calls: one per return type and GSTR-1 section (spec 1.2 names the parameters).
SUPPLIER_RETURN_TYPES = ("GSTR1", "GSTR1A")


class GstnClient(ImsAdapter):
    """GSTN pass-through: the protocol GSTN publishes, as Vayana GSP, TaxPro and the India
    Compliance API pass it on (providers.md 2.1-2.3)."""

    def __init__(
        self, settings: GstnSettings, *, clock=None, http=None, session_state: SessionState | None = None
    ):
        self.settings = settings
        self.clock = clock or SystemClock()
        self.transport = Transport(settings, self.clock, http)
        self.session = Session(self.transport, self.clock, session_state)

    # ---------------------------------------------------------------- login

    def request_otp(self) -> None:
        self.session.request_otp()

    def login(self, otp: str) -> SessionState:
        """AUTHTOKEN with the OTP the user received (request_otp first)."""
        return self.session.authenticate(otp)

    def refresh(self) -> SessionState:
        return self.session.refresh()

    # ---------------------------------------------------------------- one call

    def call(
        self,
        endpoint: str,
        action: str,
        *,
        method: str = "GET",
        query: dict | None = None,
        data: object = None,
        return_period: str | None = None,
        accept_codes: Iterable[str] = (),
    ) -> wire.ResponseEnvelope:
        """A session call; GSTN errors become exceptions unless their code is in ``accept_codes``."""
        keys = self.session.keys()
        envelope = self.transport.call(
            endpoint, action, keys=keys, method=method, query=query, data=data, return_period=return_period
        )
        if envelope.ok or envelope.error_code in set(accept_codes):
            return envelope
        error = api_error(envelope.error_code, envelope.error_message, action=action)
        if isinstance(error, GstnSessionExpired):
            self.session.expire()
        raise error

    def _data(self, envelope: wire.ResponseEnvelope, action: str):
        if not isinstance(envelope.data, dict):
            raise GstnTransportError(f"{action}: GSTN sent no data")
        return envelope.data

    # ---------------------------------------------------------------- IMS reads

    def get_counts(self) -> ims_status.Counts:
        envelope = self.call("ims", "GETCNT", query={"gstin": self.settings.gstin, "goods_type": "ALL_OTH"})
        return ims_status.parse_counts(self._data(envelope, "GETCNT"))

    def start_section(self, section: Section) -> list[ImsRecord] | wire.Queued:
        """One GETINV, without waiting: the section's records, or GSTN's token when it queued them.

        A background job uses this so a large download never holds a worker while GSTN prepares it.
        """
        return records_now(self.read_section(section))

    def read_section(self, section: Section) -> SectionAnswer | wire.Queued:
        envelope = self.call(
            "ims",
            "GETINV",
            query={"gstin": self.settings.gstin, "section": ims_wire.SECTION_PARAM[section]},
            accept_codes=NO_DOCUMENT_CODES | {QUEUED_CODE},
        )
        if not envelope.ok and envelope.error_code in NO_DOCUMENT_CODES:
            return SectionAnswer.read_already([])
        queued = _queued_of(envelope)
        if queued is not None:
            return queued
        if not envelope.ok:
            raise api_error(envelope.error_code, envelope.error_message, action="GETINV")
        return SectionAnswer.of_payload(
            envelope.data or {}, [section], lambda error: GstnError(f"GETINV {section.value}: {error}")
        )

    # ---------------------------------------------------------------- queued downloads (spec 1.7)

    def fetch_queued(self, queued: wire.Queued, sections: list[Section]) -> list[ImsRecord] | wire.Queued:
        """One FILEDET: the records once GSTN has prepared them, else the token with GSTN's new wait."""
        return records_now(self.read_queued(queued, sections))

    def read_queued(self, queued: wire.Queued, sections: list[Section]) -> SectionAnswer | wire.Queued:
        """``fetch_queued`` with every file fetched, checked against GSTN's hash and decrypted now,
        and read into records when they are first wanted; fingerprinted from the files' contents."""
        envelope = self.call(
            "ims",
            "FILEDET",
            query={"gstin": self.settings.gstin, "token": queued.token},
            accept_codes={QUEUED_CODE},
        )
        if not (envelope.ok and "ek" in (envelope.data or {})):
            return (
                _queued_of(envelope)
                or wire.Queued(queued.token, queued.wait_minutes)
            )
        details = wire.parse_file_details(envelope.data)
        files = [(ref, self._file_payload(ref, details.key)) for ref in details.files]

        def read() -> list[ImsRecord]:
            records: list[ImsRecord] = []
            places: list[str] = []
            for ref, payload in files:
                found = self._file_records(ref, payload, sections)
                records.extend(found)
                places.extend(f"file {ref.url}, {place}" for place in positions(found))
            try:  # a record in two files (a file listed twice, a replayed part) is read once
                return drop_repeats(records, places)[0]
            except PayloadError as error:
                raise GstnError(f"FILEDET: {error}") from None

        return SectionAnswer(read, files_fingerprint([payload for _ref, payload in files], sections))

    def _file_payload(self, ref: wire.FileRef, key_b64: str) -> object:
        url = urljoin(self.settings.base_url.rstrip("/") + "/", ref.url)
        response = self.transport.http.get(url, timeout=self.settings.timeout)
        if response.status_code != 200:
            raise GstnTransportError(
                f"file {ref.url}: HTTP {response.status_code}", status=response.status_code
            )
        content = response.content
        if crypto.sha256_hex(content) != ref.sha256:
            raise GstnCryptoError(
                f"file {ref.url}: its SHA-256 does not match the hash GSTN announced; the file was refused"
            )
        return read_encrypted_archive(content, crypto.unb64(key_b64, what="ek"))

    @staticmethod
    def _file_records(ref: wire.FileRef, payload: object, sections: list[Section]) -> list[ImsRecord]:
        try:
            records = ims_wire.parse_getinv(payload, sections=sections)
        except PayloadError as error:
            raise GstnError(f"file {ref.url}: {error}") from None
        if len(records) < ref.record_count:  # the file's own count says it was cut short
            raise GstnTransportError(
                f"file {ref.url}: GSTN announced {ref.record_count} records in it but it holds "
                f"{len(records)}; the download is incomplete and was refused, download again"
            )
        return records

    # ---------------------------------------------------------------- uploads

    def submit(self, request_type: str, body: dict) -> str:
        """PUT one SAVE or RESETIMS body; returns GSTN's reference id (processing is asynchronous)."""
        action = {"SAVE": "SAVE", "RESET": "RESETIMS"}[request_type]
        envelope = self.call("ims", action, method="PUT", data=body)
        try:
            return wire.parse_reference(envelope.data)
        except PayloadError as error:
            raise GstnTransportError(f"{action}: {error}", outcome_unknown=True) from None

    def request_status(self, reference_id: str) -> ims_status.RequestStatus:
        envelope = self.call(
            "ims", "REQSTS", query={"gstin": self.settings.gstin, "reference_id": reference_id}
        )
        return ims_status.parse_request_status(self._data(envelope, "REQSTS"))

    # ---------------------------------------------------------------- GSTR-2B

    def generate_2b(self, period: str) -> str:
        envelope = self.call(
            "gstr2b",
            "GEN2B",
            method="PUT",
            data=wire.build_gen2b(self.settings.gstin, period),
            return_period=period,
        )
        return wire.parse_reference(envelope.data)

    def generation_status(self, reference_id: str, period: str) -> wire.GenerationStatus:
        envelope = self.call(
            "gstr2b",
            "GENSTS2B",
            query={"gstin": self.settings.gstin, "reference_id": reference_id, "return_period": period},
            return_period=period,
        )
        return wire.parse_generation_status(self._data(envelope, "GENSTS2B"))

    def get_2b_pages(self, period: str) -> list[dict]:
        """GET2B, every file of it: the raw ``data`` objects, one per ``file_num`` (spec 3.1).

        An answer announcing several files is not file 1: it may carry the header alone. Files 1..fc
        are fetched each by number and the first answer dropped, as India Compliance does; read as
        file 1, its missing documents would be lost without a word."""
        first = self._get_2b_file(period, None)
        count = wire.file_count_of(first)
        if count == 1:
            return [first]
        return [self._get_2b_file(period, number) for number in range(1, count + 1)]

    def _get_2b_file(self, period: str, file_number: int | None) -> dict:
        query = {"gstin": self.settings.gstin, "period": period, "file_number": file_number}
        envelope = self.call("gstr2b", "GET2B", query=query, return_period=period)
        return self._data(envelope, "GET2B")

    # ---------------------------------------------------------------- supplier view

    def supplier_sales(self, period: str) -> list[SupplierSale]:
        """SUPVIEW per return type and section; "no documents" answers are empty sections."""
        action = self._action("supplier_view")
        sales: list[SupplierSale] = []
        for return_type in SUPPLIER_RETURN_TYPES:
            for section_param in supplier_wire.SECTION_PARAMS:
                query = {
                    "gstin": self.settings.gstin,
                    "return_period": period,
                    "section": section_param,
                    "return_type": return_type,
                }
                envelope = self.call(
                    "ims", action, query=query, return_period=period, accept_codes=NO_DOCUMENT_CODES
                )
                if envelope.ok:
                    sales.extend(self._parse(supplier_wire.parse_sales, envelope.data, action, period))
        return sales

    def added_back_liabilities(self, period: str) -> list[AddedBackLiability]:
        action = self._action("added_back")
        envelope = self.call(
            "ims",
            action,
            query={"gstin": self.settings.gstin, "return_period": period},
            return_period=period,
            accept_codes=NO_DOCUMENT_CODES,
        )
        if not envelope.ok:
            return []
        return self._parse(supplier_wire.parse_added_back, envelope.data, action, period)

    def _action(self, name: str) -> str:
        action = self.settings.actions.get(name)
        if not action:
            raise GstnError(
                f"GSTN's action code for '{name.replace('_', ' ')}' is not published; ask your GSP for it "
                "and set it in the settings (actions)"
            )
        return action

    @staticmethod
    def _parse(parser, data, action: str, period: str):
        try:
            return parser(data, period=period)
        except PayloadError as error:
            raise GstnError(f"{action} {period}: {error}") from None


def _queued_of(envelope: wire.ResponseEnvelope) -> wire.Queued | None:
    """GSTN's queued answer (RTN_24): the token in ``data``, beside the error, or inside it."""
    error = envelope.raw.get("error") if isinstance(envelope.raw, dict) else None
    return wire.parse_queued(envelope.data) or wire.parse_queued(envelope.raw) or wire.parse_queued(error)


def read_encrypted_archive(content: bytes, key: bytes) -> dict:
    """A FILEDET file: a .tar.gz whose members hold base64(AES(ek, base64(json))); members are merged."""
    merged: dict[str, list] = {}
    try:
        with tarfile.open(fileobj=io.BytesIO(content), mode="r:gz") as archive:
            for member in archive.getmembers():
                if not member.isfile():
                    continue
                text = archive.extractfile(member).read().strip()
                payload = crypto.decrypt_json(key, text.decode("ascii"), what=member.name)
                if not isinstance(payload, dict):
                    raise GstnCryptoError(f"{member.name}: decrypted content is not a JSON object")
                for section_key, rows in payload.items():
                    merged.setdefault(section_key, []).extend(rows or [])
    except (tarfile.TarError, OSError, EOFError) as error:
        raise GstnCryptoError(f"downloaded file is not a readable .tar.gz ({error})") from None
    return merged


def write_encrypted_archive(payload: dict, key: bytes, name: str = "ims_1.json") -> bytes:
    """The sandbox's side of ``read_encrypted_archive``."""
    data, _ = crypto.encrypt_json(key, payload)
    raw = data.encode("ascii")
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        info = tarfile.TarInfo(name)
        info.size = len(raw)
        info.mtime = 0
        archive.addfile(info, io.BytesIO(raw))
    return buffer.getvalue()
