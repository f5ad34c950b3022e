"""IMS status payloads: REQSTS (what became of a SAVE or RESET) and GETCNT (counts by action)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..documents import Action, ImsRecord, Section
from ..errors import GstError, PayloadError
from ..periods import ReturnPeriod
from .envelope import SECTION_SPELLINGS
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


def parse_request_status(payload: object) -> RequestStatus:
    if not isinstance(payload, Mapping):
        raise PayloadError("a REQSTS response must be a JSON object")
    status = str(payload.get("status_cd") or "").upper()
    if status not in ("IP", "P", "PE", "ER"):
        raise PayloadError(f"unknown status {_show(payload.get('status_cd'))}", field="status_cd")
    errors: list[RecordError] = []
    report = payload.get("error_report") or {}
    if not isinstance(report, Mapping):
        raise PayloadError("is not an object", field="error_report")
    for section, keys in _ERROR_REPORT_KEYS.items():
        num_key, _ = number_keys(section)
        for key in keys:
            for entry in _list(report.get(key), key, "error_report"):
                supplier = str(entry.get("stin") or "").strip().upper()
                for doc in _list(entry.get("inv"), key, "inv"):
                    number = doc.get(num_key) or doc.get("inum") or doc.get("nt_num")
                    if not number or not isinstance(number, (str, int)) or not str(number).strip():
                        raise PayloadError("error entry names no document", section=key, field=num_key)
                    errors.append(
                        RecordError(
                            section,
                            supplier,
                            str(number).strip(),
                            _period(doc.get("rtnprd"), key, str(number).strip()),
                            str(entry.get("error_cd") or ""),
                            str(entry.get("error_msg") or ""),
                        )
                    )
    return RequestStatus(
        status=status,
        processed=_count(payload.get("proc_cnt"), "proc_cnt"),
        failed=_count(payload.get("err_cnt"), "err_cnt"),
        error_code=str(payload.get("err_cd")) if payload.get("err_cd") else None,
        error_message=str(payload.get("err_msg")) if payload.get("err_msg") else None,
        record_errors=tuple(errors),
    )


def _period(value: object, section: str, number: str) -> str | None:
    """The failed document's return period as the records carry it (MMYYYY), so the failure finds
    its record: a number loses the leading zero (92026 is 092026); anything else that is not MMYYYY
    is refused, since an unmatched failure would leave its record believed saved."""
    if value is None or value == "":
        return None
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is not None and isinstance(value, int) and len(text) == 5:
        text = text.zfill(6)
    try:
        return str(ReturnPeriod.parse(text)) if text is not None else _bad_period(value, section, number)
    except GstError:
        return _bad_period(value, section, number)


def _bad_period(value: object, section: str, number: str):
    raise PayloadError(f"{_show(value)} is not a return period (MMYYYY)", section=section,
                       document_number=number, field="rtnprd")


def _list(value: object, section: str, key: str) -> list[Mapping]:
    """A list of objects (absent: empty; one object alone, as some converters collapse a list of
    one, is that list); anything else is an error naming where."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        return [value]
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise PayloadError("expected a list of objects", section=section, field=key)
    return value


def _count(value: object, key: str, section: str | None = None) -> int:
    if value is None or value == "":
        return 0
    try:
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            raise ValueError
        count = int(value)
    except ValueError:
        raise PayloadError(f"{_show(value)} is not a count", section=section, field=key) from None
    if not 0 <= count < 10**9:
        raise PayloadError(f"{_show(value)} is not a count", section=section, field=key)
    return count


def _show(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


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


_COUNT_GROUPS = ("all_oth", "inv_supp_isd", "imp_gds")


def parse_counts(payload: object) -> dict[str, ActionCounts]:
    """GETCNT: counts per section key, whichever wrapper the GSP uses (spec 1.6).

    Group and section keys are read in any case, and a section spelt as GETINV's parameter (``cn``)
    counts under its JSON key (``b2bcn``), so counts compare with a download's sections. An object
    holding none of the three groups is refused with its keys, never read as zero records.
    """
    if not isinstance(payload, Mapping):
        raise PayloadError("a GETCNT response must be a JSON object")
    groups = _lower_keys(payload).get("invoicecount")
    if isinstance(groups, list):
        merged: dict = {}
        for group in groups:
            if not isinstance(group, Mapping):
                raise PayloadError("expected a list of objects", field="invoicecount")
            merged.update({k: v for k, v in _lower_keys(group).items() if isinstance(v, Mapping)})
        payload = merged
    payload = _lower_keys(payload)
    if payload and not any(group in payload for group in _COUNT_GROUPS):
        raise PayloadError("no GETCNT group (all_oth, inv_supp_isd, imp_gds) found; top-level keys: "
                           + ", ".join(sorted(map(str, payload)))[:300])
    out: dict[str, ActionCounts] = {}
    for group in _COUNT_GROUPS:
        sections = payload.get(group) or {}
        if not isinstance(sections, Mapping):
            raise PayloadError("is not an object", field=group)
        for section_key, counts in _lower_keys(sections).items():
            if isinstance(counts, Mapping):
                known = SECTION_SPELLINGS.get(section_key)
                key = known.value if known is not None else section_key
                out[key] = ActionCounts(
                    no_action=_count(counts.get("noaction"), "noaction", key),
                    accepted=_count(counts.get("accept"), "accept", key),
                    rejected=_count(counts.get("reject"), "reject", key),
                    pending=_count(counts.get("pending"), "pending", key),
                )
    return out


def _lower_keys(mapping: Mapping) -> dict:
    return {key.strip().lower() if isinstance(key, str) else key: value for key, value in mapping.items()}


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
