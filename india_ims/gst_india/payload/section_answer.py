"""One section's GETINV answer, read into records only when they are first wanted.

A repeated download mostly brings each section exactly as it came last time. A fingerprint of the
answer as received, compared with the one kept from the download that wrote it, lets the job leave
a lakh of records unread and undigested (``india_ims.ims.payload_seen``). Only an adapter holding the
section's whole answer in one piece can give one (GSTN's own GETINV, Sandbox's); an answer put
together from pages or files is read at once and has none, so it is never skipped.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence

import orjson

from ..documents import ImsRecord, Section
from ..errors import PayloadError
from .getinv import parse_getinv


def fingerprint(payload: object, sections: Iterable[Section]) -> str | None:
    """A digest of the answer and the sections it was read for; None when the answer cannot be
    written back out as JSON (then it is simply read)."""
    try:
        text = orjson.dumps(payload)
    except (TypeError, orjson.JSONEncodeError):
        return None
    digest = hashlib.blake2b(text, digest_size=20)
    digest.update(",".join(sorted(section.value for section in sections)).encode())
    return digest.hexdigest()


def files_fingerprint(payloads: Sequence[object], sections: Iterable[Section]) -> str | None:
    """``fingerprint`` of an answer GSTN sent as files (a queued download), in the order listed."""
    parts = [fingerprint(payload, sections) for payload in payloads]
    if None in parts:
        return None
    return hashlib.blake2b("|".join(parts).encode(), digest_size=20).hexdigest()


class SectionAnswer(Sequence):
    """The records of one GETINV answer, parsed on first use; ``fingerprint`` without parsing.

    A payload that fails to parse raises ``explain(error)`` where the records are first wanted (the
    adapter's own words: "GETINV B2B: ..."), so the error still names the section and the field."""

    __slots__ = ("_read", "_records", "fingerprint")

    def __init__(self, read: Callable[[], list[ImsRecord]], fingerprint: str | None = None):
        self._read, self._records, self.fingerprint = read, None, fingerprint

    @classmethod
    def of_payload(
        cls,
        payload: object,
        sections: Sequence[Section],
        explain: Callable[[PayloadError], Exception],
    ) -> SectionAnswer:
        def read() -> list[ImsRecord]:
            try:
                return parse_getinv(payload, sections=sections)
            except PayloadError as error:
                raise explain(error) from None

        return cls(read, fingerprint(payload, sections))

    @classmethod
    def read_already(cls, records: list[ImsRecord]) -> SectionAnswer:
        answer = cls(list, None)
        answer._records = records
        return answer

    @property
    def is_read(self) -> bool:
        return self._records is not None

    @property
    def records(self) -> list[ImsRecord]:
        if self._records is None:
            self._records = self._read()
            self._read = None  # the payload is not kept once read
        return self._records

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, index):
        return self.records[index]

    def __iter__(self) -> Iterator[ImsRecord]:
        return iter(self.records)

    def __eq__(self, other: object) -> bool:
        return list(self.records) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None
