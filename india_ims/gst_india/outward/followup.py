"""Who to chase, about which documents, and what to say about each in words.

Two sides, one shape. As a recipient we write to suppliers about documents missing from IMS,
mismatched, or that we rejected or keep pending; as a supplier we write to customers who rejected or
keep pending our documents. One letter per counterparty, listing its documents; a counterparty
without an e-mail address is kept in the list (``email`` empty), never dropped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from ..money import format_inr

SUPPLIERS = "suppliers"  # we are the recipient
CUSTOMERS = "customers"  # we are the supplier

# Rule: what is worth a letter on each side, and the words for it.
RECIPIENT_SIDE_REASONS = {
    "Missing in IMS": "is in our books but not in IMS: please report it in your GSTR-1/IFF",
    "Mismatch": "differs from what you reported",
    "Suggested Match": "differs slightly from what you reported",
    "Rejected": "was rejected by us in IMS",
    "Pending": "is kept pending by us in IMS",
}
SUPPLIER_SIDE_REASONS = {
    "Rejected": "was rejected by you in IMS",
    "Pending": "is kept pending by you in IMS",
}


# Rule: a second letter to the same party about the same documents within this many days is refused
# unless the manager confirms "send again" (a counterparty chased twice in a week stops reading).
RESEND_AFTER_DAYS = 7


@dataclass(frozen=True, slots=True)
class FollowUpItem:
    party: str  # Supplier or Customer name in the books ("" when unknown)
    party_gstin: str
    record: str  # the DocType row it came from (for the Communication)
    document_number: str
    document_date: date | None
    value: int  # paise
    status: str  # match status, or the action (Rejected / Pending)
    reason: str = ""  # the engine's differences in words, if any
    record_doctype: str = ""


@dataclass(slots=True)
class Letter:
    party: str
    party_gstin: str
    email: str = ""
    lines: list[dict] = field(default_factory=list)

    @property
    def records(self) -> list[str]:
        return [line["record"] for line in self.lines]


def reasons_for(side: str) -> dict[str, str]:
    if side == SUPPLIERS:
        return RECIPIENT_SIDE_REASONS
    if side == CUSTOMERS:
        return SUPPLIER_SIDE_REASONS
    raise ValueError(f"side {side!r} is neither {SUPPLIERS!r} nor {CUSTOMERS!r}")


def line_for(item: FollowUpItem, side: str) -> dict:
    words = reasons_for(side)[item.status]
    when = item.document_date.strftime("%d-%m-%Y") if item.document_date else "no date"
    detail = f" ({item.reason})" if item.reason and item.status in ("Mismatch", "Suggested Match") else ""
    return {
        "record": item.record,
        "record_doctype": item.record_doctype,
        "document_number": item.document_number,
        "document_date": when,
        "value": format_inr(item.value),
        "status": item.status,
        "text": f"{item.document_number} of {when}, {format_inr(item.value)}, {words}{detail}",
    }


def letters(items: Iterable[FollowUpItem], side: str, emails: dict[str, str] | None = None) -> list[Letter]:
    """One letter per counterparty GSTIN with the items worth chasing; ordered by party then GSTIN."""
    wanted = reasons_for(side)
    emails = emails or {}
    by_party: dict[str, Letter] = {}
    chosen = [item for item in items if item.status in wanted]
    chosen.sort(key=lambda item: (item.document_date or date.min, item.document_number))
    for item in chosen:
        letter = by_party.get(item.party_gstin)
        if letter is None:
            letter = Letter(item.party, item.party_gstin, emails.get(item.party_gstin, ""))
            by_party[item.party_gstin] = letter
        letter.lines.append(line_for(item, side))
    return sorted(by_party.values(), key=lambda letter: (letter.party, letter.party_gstin))


def last_sent(letter: Letter, sent: Mapping[str, datetime]) -> datetime | None:
    """When a letter last listed any of this letter's documents (``sent``: record -> latest letter)."""
    times = [sent[record] for record in letter.records if record in sent]
    return max(times) if times else None


def is_repeat(
    letter: Letter, sent: Mapping[str, datetime], today: date, days: int = RESEND_AFTER_DAYS
) -> bool:
    """Every document of the letter was already in a letter sent less than ``days`` days before today."""
    return bool(letter.records) and all(
        record in sent and (today - sent[record].date()).days < days for record in letter.records
    )
