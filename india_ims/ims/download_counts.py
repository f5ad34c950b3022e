"""A download checked against GSTN's own count of what IMS holds (GETCNT, ``gstn.download_check``).

GSTN counts each section's records by action; a section whose download brought a different number
is named in the Sync Log's message with both numbers (a page lost by a GSP, a file cut short). It is
a warning, never a failure: the count and the records are two calls apart, and IMS can change in
between. A count that cannot be read is said too, so an unchecked download never looks checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from india_ims.gst_india.documents import ImsRecord, Section
from india_ims.gstn.download_check import CountMismatch, checked_download
from india_ims.gstn.errors import GstnAuthError, GstnError

from .payload_seen import Skipped


@dataclass(frozen=True)
class Counted:
    """GETCNT's answer (``by_section``), or why there is none (``problem``)."""

    by_section: dict | None
    problem: str = ""


def read(gstn) -> Counted:
    """GETCNT, before the sections. HTTP only: it may run while the job's connection reads ahead. A
    lost session is the download's error, as for any other call."""
    try:
        return Counted(gstn.get_counts())
    except GstnAuthError:
        raise
    except GstnError as error:
        return Counted(None, str(error))


def warning_text(
    records: list[ImsRecord],
    counted: Counted,
    sections: Iterable[Section],
    queued: list,
    unread: Mapping[Section, Skipped] | None = None,
) -> str:
    """"; "-joined warnings for the sections downloaded now (queued ones are checked when collected),
    or "" when every count agrees. ``unread``: sections left unread (``payload_seen``), counted as
    many as their answer held when it was read."""
    waiting = {entry["section"] for entry in queued}
    now = [section for section in sections if section.value not in waiting]
    also = {section: skipped.received for section, skipped in (unread or {}).items()}
    check = checked_download(records, counted.by_section, now, counted.problem, also_received=also)
    warnings = check.warnings
    return "".join(f"; {warning}" for warning in warnings)


def note_counted(queued: list[dict], counted: Counted) -> None:
    """Keep each queued section's count in its Sync Log entry, for when its files come."""
    for entry in queued:
        count = (counted.by_section or {}).get(entry["section"])
        if count is not None:
            entry["counted"] = count.total


def collected_warning(entry: dict, received: int) -> str:
    """A queued section's files against the count kept when it was queued ("" when they agree)."""
    counted = entry.get("counted")
    if counted is None or counted == received:
        return ""
    return "; " + CountMismatch(Section(entry["section"]), counted, received).message
