"""What a REQSTS answer says of each record a SAVE or RESET carried: confirmed, refused, or not known.

GSTN answers P (every record taken), PE (all but those in its error report) or ER (none). The
error report names records by section, supplier, number and return period; a failure it counts but
does not let us place (an entry naming another supplier spelling, ``err_cnt`` above what it lists, a
PE listing nothing, a P listing errors, fewer records processed than sent) means the report cannot
be trusted to say which records went through: then none is confirmed, and the caller downloads the
section again, where GSTN's action for each record is the truth. A count only ever makes us check,
never believe. Used by ``upload.Uploader``; the Frappe upload job can apply it the same way.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from ..gst_india.payload.ims_status import RecordError, RequestStatus

RecordKey = tuple[str, str, str, str]  # section, supplier GSTIN, document number (upper), return period


@dataclass(frozen=True)
class Verdict:
    confirmed: tuple[RecordKey, ...] = ()  # GSTN now holds the action sent
    failed: dict[RecordKey, RecordError] = field(default_factory=dict)  # refused, with GSTN's reason
    unsure: bool = False  # the rest is neither confirmed nor refused: download the section again


def request_verdict(keys: Sequence[RecordKey], status: RequestStatus) -> Verdict:
    """The verdict on ``keys`` (the records of one request, keyed as ``ImsRecord.key``)."""
    errors: dict[tuple, RecordError] = {}
    for error in status.record_errors:
        errors[error.key] = error
        errors[error.key[:3]] = error  # a report without rtnprd still names the document
    matched = {key: errors.get(key) or errors.get(key[:3]) for key in keys}
    failed = {key: error for key, error in matched.items() if error is not None}
    if status.status not in ("P", "PE"):  # ER: nothing taken; IP: nothing known yet
        return Verdict(failed=failed)
    if _unaccounted(len(keys), status, failed):
        return Verdict(failed=failed, unsure=True)
    return Verdict(confirmed=tuple(key for key in keys if key not in failed), failed=failed)


def _unaccounted(sent: int, status: RequestStatus, failed: dict[RecordKey, RecordError]) -> bool:
    placed = {id(error) for error in failed.values()}
    if any(id(error) not in placed for error in status.record_errors):
        return True  # an error naming no record of the request
    if status.status == "PE" and not failed:
        return True
    if status.status == "P" and (failed or status.failed):
        return True
    if status.failed > len(failed):
        return True
    # proc_cnt, when given, below what the report leaves as taken: some records are unaccounted for.
    return 0 < status.processed < sent - len(failed)
