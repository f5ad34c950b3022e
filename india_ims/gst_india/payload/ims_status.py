"""IMS status payloads: REQSTS (what became of a SAVE or RESET) and GETCNT (counts by action)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..documents import Action, ImsRecord, Section
from ..errors import GstError, PayloadError
from ..periods import ReturnPeriod
from .envelope import SECTION_SPELLINGS, error_parts, unwrap_answer
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


# status_cd as GSTN codes it, and as a gateway may word it ("Processed with Errors").
_STATUS_WORDS = {"IP": "IP", "P": "P", "PE": "PE", "ER": "ER", "INPROGRESS": "IP", "PROCESSED": "P",
                 "PROCESSEDWITHERROR": "PE", "PROCESSEDWITHERRORS": "PE", "ERROR": "ER"}
_REPORT_SECTIONS = {key: section for section, keys in _ERROR_REPORT_KEYS.items() for key in keys}


def _status_of(node: Mapping) -> str | None:
    return _STATUS_WORDS.get(str(node.get("status_cd") or "").replace(" ", "").replace("_", "").upper())


def parse_request_status(payload: object) -> RequestStatus:
    """REQSTS (spec 2.3). The error report is read in every spelling met: section keys as the SAVE
    body's (``b2bcn``), GETINV's parameter (``cn``) or EY's (``e_b2b``), in any case; documents under
    ``inv`` or on the entry itself; the code as ``error_cd`` or a gateway's ``errorCode``. A section
    key this app does not know is refused: an unread failure would leave its record believed saved."""
    # Inside GSTN's, Sandbox's or a gateway's envelope (whose own status_cd "1" is no REQSTS status)
    # the status sits one or two levels down; an error envelope is refused with its code.
    payload = unwrap_answer(payload, lambda node: _status_of(node) is not None, "REQSTS")
    if not isinstance(payload, Mapping):
        raise PayloadError("a REQSTS response must be a JSON object")
    raw_status = payload.get("status_cd")
    status = _status_of(payload)
    if status is None:
        raise PayloadError(f"unknown status {_show(raw_status)}", field="status_cd")
    errors: list[RecordError] = []
    report = payload.get("error_report") or {}
    if not isinstance(report, Mapping):
        raise PayloadError("is not an object", field="error_report")
    for raw_key, entries in report.items():
        key = raw_key.strip().lower() if isinstance(raw_key, str) else raw_key
        section = _REPORT_SECTIONS.get(key) or SECTION_SPELLINGS.get(key)
        if section is None:
            if not entries:
                continue
            raise PayloadError(f"{_show(raw_key)} is not an IMS section this app uploads; its failures "
                               "cannot be matched to records", field="error_report")
        num_key, _ = number_keys(section)
        for entry in _list(entries, key, "error_report"):
            supplier = str(entry.get("stin") or "").strip().upper()
            code, message = error_parts(entry)
            # Documents under inv[], or (a flatter report) the entry is the document itself.
            docs = entry.get("inv")
            if docs is None and any(entry.get(k) not in (None, "") for k in (num_key, "inum", "nt_num")):
                docs = [entry]
            for doc in _list(docs, key, "inv") or [{}]:
                number = doc.get(num_key) or doc.get("inum") or doc.get("nt_num")
                if not number or not isinstance(number, (str, int)) or not str(number).strip():
                    raise PayloadError("error entry names no document", section=key, field=num_key,
                                       supplier=supplier or None)
                # A report per record may give each document its own code and words under inv[].
                own_code, own_message = error_parts(doc) if doc is not entry else ("", "")
                # The supplier named on the document itself, where a report puts it there.
                own_supplier = str(doc.get("stin") or "").strip().upper() or supplier
                errors.append(
                    RecordError(section, own_supplier, str(number).strip(),
                                _period(doc.get("rtnprd"), key, str(number).strip()),
                                own_code or code, own_message or message)
                )
    return RequestStatus(
        status=status,
        processed=_count(payload.get("proc_cnt"), "proc_cnt"),
        failed=_count(payload.get("err_cnt"), "err_cnt"),
        error_code=str(payload.get("err_cd")).strip().upper() if payload.get("err_cd") else None,
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


# Spellings of the error report the sandbox can answer in (its ``partial`` fault's ``report``):
# ``gstn``: keyed as the SAVE body (b2bcn), nt_num for notes; ``short``: keyed as GETINV's parameter
# (cn, dn) with notes under inum, as a real answer was seen (spec 1.8, 7.5); ``flat``: each document
# an entry of its own, number and rtnprd on it; ``upper``: section keys upper-cased, the code as a
# Java gateway's errorCode/message; ``none``: the counts without the report.
REPORT_SHAPES = ("gstn", "short", "flat", "upper", "none")
_PARAM_KEYS = {Section.B2BDN: "dn", Section.B2BDNA: "dna", Section.B2BCN: "cn", Section.B2BCNA: "cna"}


def build_request_status(status: RequestStatus, shape: str = "gstn") -> dict:
    """The REQSTS form of a status (the sandbox serves this), its error report in ``shape``."""
    if shape not in REPORT_SHAPES:
        raise ValueError(f"error report shape {shape!r} is not one of {', '.join(REPORT_SHAPES)}")
    out: dict = {"status_cd": status.status, "proc_cnt": str(status.processed), "err_cnt": str(status.failed)}
    if status.error_code:
        out["err_cd"] = status.error_code
        out["err_msg"] = status.error_message or ""
    report: dict[str, list[dict]] = {}
    for error in status.record_errors:
        num_key, _ = number_keys(error.section)
        key = error.section.value
        if shape == "short":
            key, num_key = _PARAM_KEYS.get(error.section, key), "inum"
        elif shape == "upper":
            key = key.upper()
        doc = {num_key: error.document_number, "rtnprd": error.supplier_return_period}
        entry = {"stin": error.supplier_gstin}
        entry.update({"errorCode": error.code, "message": error.message} if shape == "upper"
                     else {"error_cd": error.code, "error_msg": error.message})
        if shape == "flat":
            entry.update(doc)
        else:
            entry["inv"] = [doc]
        report.setdefault(key, []).append(entry)
    if report and shape != "none":
        out["error_report"] = report
    return out


# ---------------------------------------------------------------- GETCNT


@dataclass(frozen=True, slots=True)
class ActionCounts:
    """One section's records in IMS, by action. ``stated_total`` is the section's own total where the
    provider gives one beside (or instead of) the actions; ``by_action`` is False when it gave only
    that total."""

    no_action: int = 0
    accepted: int = 0
    rejected: int = 0
    pending: int = 0
    stated_total: int | None = None
    by_action: bool = True

    @property
    def action_sum(self) -> int:
        return self.no_action + self.accepted + self.rejected + self.pending

    @property
    def total(self) -> int:
        """The records IMS holds in the section. The counts by action are trusted over a stated
        total: GSTN's own answer gives a section only those four (the portal, the C# client), and a
        per-section total is a provider's sum of them (EY's model); a total stands alone only when
        no action is counted, or such a section would count as empty."""
        if self.by_action or self.stated_total is None:
            return self.action_sum
        return self.stated_total

    @property
    def disagrees(self) -> bool:
        """Counts by action and a stated total that do not add up (the check says so)."""
        return self.by_action and self.stated_total is not None and self.stated_total != self.action_sum


@dataclass(frozen=True, slots=True)
class GroupCount:
    """A GETCNT group: every section key it holds (spec 1.6, and any other it listed), the ones the
    answer gave counts for, and the group's own total where the provider gives one."""

    name: str
    members: tuple[str, ...]
    listed: tuple[str, ...]
    total: int | None = None


class Counts(dict):
    """GETCNT read: ``ActionCounts`` per section key, as a dict (what callers always had), with the
    groups and their totals beside it in ``groups``."""

    def __init__(self, sections: Mapping[str, ActionCounts] = (), groups: Iterable[GroupCount] = ()):
        super().__init__(sections)
        self.groups: tuple[GroupCount, ...] = tuple(groups)

    def __reduce__(self):
        return (type(self), (dict(self), self.groups))


_COUNT_GROUPS = {
    "all_oth": ("b2b", "b2ba", "b2bdn", "b2bdna", "b2bcn", "b2bcna", "ecom", "ecoma"),
    "inv_supp_isd": ("isd", "isda", "isdcn", "isdcna"),
    "imp_gds": ("impg", "impga", "impgsez", "impgseza"),
}
# Count keys are compared without case, "_", "-" or spaces, so ``no_action``, ``noAction`` and
# ``NOACTION`` are one key, as ``ttl_cnt`` and ``ttlCnt``. Besides GSTN's words, a provider's own:
# Sandbox words actions accepted / rejected / no_action_taken (its GETINV filter), EY totals a
# section as ``total``, the C# client and the portal a group as ``ttl_cnt``.
_ACTION_SPELLINGS = {
    "no_action": ("noaction", "noactiontaken"),
    "accepted": ("accept", "accepted"),
    "rejected": ("reject", "rejected"),
    "pending": ("pending",),
}
_TOTAL_SPELLINGS = ("total", "ttlcnt")


def parse_counts(payload: object) -> Counts:
    """GETCNT: counts per section key, whichever wrapper the GSP uses (spec 1.6).

    Group and section keys are read in any case, and a section spelt as GETINV's parameter (``cn``)
    counts under its JSON key (``b2bcn``), so counts compare with a download's sections. A section's
    total (``total``/``ttl_cnt``) is kept beside its counts by action; a group's (``ttl_cnt``) in
    ``groups``. An object holding none of the three groups is refused with its keys, never read as
    zero records.
    """
    payload = unwrap_answer(payload, _holds_counts, "GETCNT")
    if not isinstance(payload, Mapping):
        raise PayloadError("a GETCNT response must be a JSON object")
    groups = _squash_keys(payload).get("invoicecount")
    if isinstance(groups, list):
        merged: dict = {}
        for group in groups:
            if not isinstance(group, Mapping):
                raise PayloadError("expected a list of objects", field="invoicecount")
            merged.update({k: v for k, v in group.items() if isinstance(v, Mapping)})
        payload = merged
    by_name = {_squash(name): name for name in _COUNT_GROUPS}
    found = {by_name[key]: value for key, value in _squash_keys(payload).items() if key in by_name}
    if payload and not found:
        raise PayloadError("no GETCNT group (all_oth, inv_supp_isd, imp_gds) found; top-level keys: "
                           + ", ".join(sorted(map(str, payload)))[:300])
    out: dict[str, ActionCounts] = {}
    read_groups: list[GroupCount] = []
    for group, sections in found.items():
        sections = sections or {}
        if not isinstance(sections, Mapping):
            raise PayloadError("is not an object", field=group)
        listed: list[str] = []
        for section_key, counts in _lower_keys(sections).items():
            if isinstance(counts, Mapping):
                known = SECTION_SPELLINGS.get(section_key)
                key = known.value if known is not None else section_key
                out[key] = _section_counts(counts, key)
                listed.append(key)
        total = _field(sections, _TOTAL_SPELLINGS, group)
        members = tuple(dict.fromkeys((*_COUNT_GROUPS[group], *listed)))
        read_groups.append(GroupCount(group, members, tuple(listed), total))
    return Counts(out, read_groups)


def _holds_counts(node: Mapping) -> bool:
    """A level of an answer that is GETCNT's own: a group, or the C# client's invoicecount list."""
    keys = set(_squash_keys(node))
    return bool(keys & ({_squash(name) for name in _COUNT_GROUPS} | {"invoicecount"})) or not node


def _section_counts(counts: Mapping, key: str) -> ActionCounts:
    actions = {name: _field(counts, spellings, key) for name, spellings in _ACTION_SPELLINGS.items()}
    stated = _field(counts, _TOTAL_SPELLINGS, key)
    given = any(value is not None for value in actions.values())
    return ActionCounts(**{name: value or 0 for name, value in actions.items()},
                        stated_total=stated, by_action=given or stated is None)


def _field(obj: Mapping, spellings: tuple[str, ...], where: str) -> int | None:
    """The count under any of ``spellings`` (None when none is given); one count given twice under
    two spellings with different values is refused, since either could be the wrong one."""
    found: dict[str, int] = {}
    for raw_key, value in obj.items():
        if isinstance(raw_key, str) and _squash(raw_key) in spellings and value not in (None, ""):
            found[raw_key] = _count(value, raw_key, where)
    if len(set(found.values())) > 1:
        raise PayloadError("one count given twice with different values: "
                           + ", ".join(f"{k}={v}" for k, v in found.items()), section=where)
    return next(iter(found.values()), None)


def _squash(key: str) -> str:
    return "".join(ch for ch in key.lower() if ch not in "_- ")


def _squash_keys(mapping: Mapping) -> dict:
    return {_squash(key) if isinstance(key, str) else key: value for key, value in mapping.items()}


def _lower_keys(mapping: Mapping) -> dict:
    return {key.strip().lower() if isinstance(key, str) else key: value for key, value in mapping.items()}


# Spellings of GETCNT the sandbox can answer in (its ``counts_shape``): ``gstn``: each section's four
# counts and its ``total``; ``portal``: the four, and the group's ``ttl_cnt`` (the portal, the C#
# client); ``total_only``: a section's ``total`` alone; ``group_only``: only the group's ``ttl_cnt``;
# ``words``: ``noAction``/``accepted``/``rejected``/``pending`` and ``ttlCnt``, under ``invoiceCount[]``.
COUNTS_SHAPES = ("gstn", "portal", "total_only", "group_only", "words")
_BUILT_ACTION_KEYS = {
    "gstn": {Action.NO_ACTION: "noaction", Action.ACCEPT: "accept", Action.REJECT: "reject",
             Action.PENDING: "pending"},
    "words": {Action.NO_ACTION: "noAction", Action.ACCEPT: "accepted", Action.REJECT: "rejected",
              Action.PENDING: "pending"},
}


def build_counts(records: Iterable[ImsRecord], shape: str = "gstn") -> dict:
    """The GETCNT form of ``records`` (the sandbox serves this), spelt as ``shape`` says."""
    if shape not in COUNTS_SHAPES:
        raise ValueError(f"counts shape {shape!r} is not one of {', '.join(COUNTS_SHAPES)}")
    names = _BUILT_ACTION_KEYS["words" if shape == "words" else "gstn"]
    counts: dict[str, dict[str, int]] = {s.value: dict.fromkeys(names.values(), 0) for s in Section}
    for bucket in counts.values():
        bucket["total"] = 0
    for record in records:
        bucket = counts[record.section.value]
        bucket[names[record.action]] += 1
        bucket["total"] += 1
    everything = sum(bucket["total"] for bucket in counts.values())
    group: dict = counts
    if shape in ("portal", "words"):
        group = {key: {k: v for k, v in bucket.items() if k != "total"} for key, bucket in counts.items()}
        group["ttlCnt" if shape == "words" else "ttl_cnt"] = everything
    elif shape == "total_only":
        group = {key: {"total": bucket["total"]} for key, bucket in counts.items()}
    elif shape == "group_only":
        group = {"ttl_cnt": everything}
    if shape == "words":
        return {"invoiceCount": [{"all_oth": group}]}
    return {"all_oth": group}
