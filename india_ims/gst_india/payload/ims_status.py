"""IMS status payloads: REQSTS (what became of a SAVE or RESET) and GETCNT (counts by action)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..documents import Action, ImsRecord, Section
from ..errors import PayloadError
from .ims import number_keys

# REQSTS error reports spell sections either way (spec 1.3); both are read.
_ERROR_REPORT_KEYS = {
    Section.B2B: ("b2b",),
    Section.B2BA: ("b2ba",),
    Section.B2BDN: ("b2bdn", "dn"),
    Section.B2BDNA: ("b2bdna", "dna"),
    Section.B2BCN: ("b2bcn", "cn"),
    Section.B2BCNA: ("b2bcna", "cna"),
    Section.ECOM: ("ecom", "e_b2b", "e_c2b"),
    Section.ECOMA: ("ecoma", "e_b2ba", "e_c2ba"),
}


# ---------------------------------------------------------------- REQSTS


@dataclass(frozen=True, slots=True)
class RecordError:
    section: Section
    supplier_gstin: str
    document_number: str
    supplier_return_period: str | None
    code: str
    message: str

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        return (
            self.section.value,
            self.supplier_gstin,
            self.document_number.upper(),
            self.supplier_return_period,
        )


@dataclass(frozen=True, slots=True)
class RequestStatus:
    status: str  # IP, P, PE, ER
    processed: int = 0
    failed: int = 0
    error_code: str | None = None
    error_message: str | None = None
    record_errors: tuple[RecordError, ...] = field(default_factory=tuple)

    @property
    def in_progress(self) -> bool:
        return self.status == "IP"


def parse_request_status(payload: Mapping) -> RequestStatus:
    status = str(payload.get("status_cd") or "").upper()
    if status not in ("IP", "P", "PE", "ER"):
        raise PayloadError(f"unknown status {payload.get('status_cd')!r}", field="status_cd")
    errors: list[RecordError] = []
    report = payload.get("error_report") or {}
    for section, keys in _ERROR_REPORT_KEYS.items():
        num_key, _ = number_keys(section)
        for key in keys:
            for entry in report.get(key) or []:
                supplier = str(entry.get("stin") or "").upper()
                for doc in entry.get("inv") or []:
                    number = doc.get(num_key) or doc.get("inum") or doc.get("nt_num")
                    if not number:
                        raise PayloadError("error entry names no document", section=key, field=num_key)
                    errors.append(
                        RecordError(
                            section,
                            supplier,
                            str(number),
                            doc.get("rtnprd"),
                            str(entry.get("error_cd") or ""),
                            str(entry.get("error_msg") or ""),
                        )
                    )
    return RequestStatus(
        status=status,
        processed=int(payload.get("proc_cnt") or 0),
        failed=int(payload.get("err_cnt") or 0),
        error_code=payload.get("err_cd") or None,
        error_message=payload.get("err_msg") or None,
        record_errors=tuple(errors),
    )


def build_request_status(status: RequestStatus) -> dict:
    """The REQSTS form of a status (the sandbox serves this)."""
    out: dict = {"status_cd": status.status, "proc_cnt": str(status.processed), "err_cnt": str(status.failed)}
    if status.error_code:
        out["err_cd"] = status.error_code
        out["err_msg"] = status.error_message or ""
    report: dict[str, list[dict]] = {}
    for error in status.record_errors:
        num_key, _ = number_keys(error.section)
        report.setdefault(error.section.value, []).append(
            {
                "stin": error.supplier_gstin,
                "error_cd": error.code,
                "error_msg": error.message,
                "inv": [{num_key: error.document_number, "rtnprd": error.supplier_return_period}],
            }
        )
    if report:
        out["error_report"] = report
    return out


# ---------------------------------------------------------------- GETCNT


@dataclass(frozen=True, slots=True)
class ActionCounts:
    no_action: int = 0
    accepted: int = 0
    rejected: int = 0
    pending: int = 0

    @property
    def total(self) -> int:
        return self.no_action + self.accepted + self.rejected + self.pending


def parse_counts(payload: Mapping) -> dict[str, ActionCounts]:
    """GETCNT: counts per section key, whichever wrapper the GSP uses (spec 1.6)."""
    groups = payload.get("invoicecount")
    if isinstance(groups, list):
        merged: dict = {}
        for group in groups:
            merged.update({k: v for k, v in group.items() if isinstance(v, Mapping)})
        payload = merged
    out: dict[str, ActionCounts] = {}
    for group in ("all_oth", "inv_supp_isd", "imp_gds"):
        for section_key, counts in (payload.get(group) or {}).items():
            if isinstance(counts, Mapping):
                out[section_key] = ActionCounts(
                    no_action=int(counts.get("noaction") or 0),
                    accepted=int(counts.get("accept") or 0),
                    rejected=int(counts.get("reject") or 0),
                    pending=int(counts.get("pending") or 0),
                )
    return out


def build_counts(records: Iterable[ImsRecord]) -> dict:
    counts: dict[str, dict[str, int]] = {
        s.value: {"noaction": 0, "accept": 0, "reject": 0, "pending": 0, "total": 0} for s in Section
    }
    names = {
        Action.NO_ACTION: "noaction",
        Action.ACCEPT: "accept",
        Action.REJECT: "reject",
        Action.PENDING: "pending",
    }
    for record in records:
        bucket = counts[record.section.value]
        bucket[names[record.action]] += 1
        bucket["total"] += 1
    return {"all_oth": counts}
