"""The ledger: what GSTN has confirmed holding, per record, as plain data.

Nothing is written here on hope. A record's held action changes only when GSTN says so: a GETINV
download, or a REQSTS result of P (all sent records) or PE (all but those in the error report).
Requests sent but not yet resolved are ``in_flight`` (with their reference id); a section whose last
submission may or may not have reached GSTN (no reference id came back) is ``uncertain`` and is
downloaded again before anything else is sent for it. The caller persists ``to_dict()`` after every
step (``Uploader``'s ``on_change``); the Frappe layer keeps its own record of each request in the
Upload Sync Log instead (``ims/upload.py``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..gst_india.documents import Action, ImsRecord, Section

RecordKey = tuple[str, str, str, str]  # section, supplier GSTIN, document number (upper), return period
REMEMBERED_REFERENCES = 500


def key_text(key: RecordKey) -> str:
    return "|".join(key)


def key_from_text(text: str) -> RecordKey:
    parts = text.split("|")
    if len(parts) != 4:
        raise ValueError(f"{text!r} is not a record key (section|supplier|number|period)")
    return tuple(parts)  # type: ignore[return-value]


@dataclass
class InFlight:
    reference_id: str
    request_type: str  # SAVE or RESET
    section: str
    items: list[tuple[RecordKey, Action]]

    def to_dict(self) -> dict:
        return {
            "reference_id": self.reference_id,
            "request_type": self.request_type,
            "section": self.section,
            "items": [[key_text(k), a.value] for k, a in self.items],
        }

    @classmethod
    def from_dict(cls, data: dict) -> InFlight:
        return cls(
            data["reference_id"],
            data["request_type"],
            data["section"],
            [(key_from_text(k), Action(a)) for k, a in data["items"]],
        )


@dataclass
class Ledger:
    gstin: str
    held: dict[RecordKey, Action] = field(default_factory=dict)
    in_flight: list[InFlight] = field(default_factory=list)
    uncertain_sections: set[str] = field(default_factory=set)
    # Reference ids of requests already resolved (the latest few hundred): one given again names an
    # earlier request, whose status must not be read as a new one's.
    resolved_references: list[str] = field(default_factory=list)
    # Records GSTN confirmed (by REQSTS) that no run has reported saved yet, with the request's
    # reference id: a run that stops on an error after a confirmation reports nothing, so the next
    # run reports them saved instead of "GSTN already held it" (``Uploader``).
    unreported: dict[RecordKey, str] = field(default_factory=dict)

    def note_reference(self, reference_id: str) -> None:
        if reference_id not in self.resolved_references:
            self.resolved_references.append(reference_id)
            del self.resolved_references[:-REMEMBERED_REFERENCES]

    def knows_reference(self, reference_id: str) -> bool:
        return reference_id in self.resolved_references or any(
            flight.reference_id == reference_id for flight in self.in_flight)

    def note_download(self, records: Iterable[ImsRecord], sections: Iterable[Section]) -> None:
        """A full GETINV of ``sections`` is the truth for them (records not in it left IMS)."""
        refreshed = {s.value for s in sections}
        busy = {key for flight in self.in_flight for key, _ in flight.items}
        for key in [k for k in self.held if k[0] in refreshed and k not in busy]:
            del self.held[key]
        for record in records:
            if record.key not in busy:
                self.held[record.key] = record.action
        self.uncertain_sections -= refreshed

    def to_dict(self) -> dict:
        return {
            "gstin": self.gstin,
            "held": {key_text(k): a.value for k, a in sorted(self.held.items())},
            "in_flight": [f.to_dict() for f in self.in_flight],
            "uncertain_sections": sorted(self.uncertain_sections),
            "resolved_references": list(self.resolved_references),
            "unreported": {key_text(k): ref for k, ref in sorted(self.unreported.items())},
        }

    @classmethod
    def from_dict(cls, data: dict) -> Ledger:
        return cls(
            gstin=data["gstin"],
            held={key_from_text(k): Action(a) for k, a in data.get("held", {}).items()},
            in_flight=[InFlight.from_dict(f) for f in data.get("in_flight", [])],
            uncertain_sections=set(data.get("uncertain_sections", [])),
            resolved_references=list(data.get("resolved_references", [])),
            unreported={key_from_text(k): ref for k, ref in data.get("unreported", {}).items()},
        )
