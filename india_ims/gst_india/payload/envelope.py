"""Find the IMS sections of a GETINV payload, whatever wraps it; refuse what is not one.

A GETINV answer reaches the app bare (``{"b2b": [...]}``), inside GSTN's envelope
(``{"status_cd": "1", "data": {...}}``), inside a provider's (Sandbox: ``{"code": 200, "data":
{"data": {...}, "status_cd": "1"}}``; Vayana: ``{"status": "1", "data": {...}}``; others: ``result``
or ``response``), with ``data`` as JSON text or as GSTN's base64 layer left on by a gateway that
decrypted it, with the section spelt as the GETINV parameter (``CN``) or upper-cased (``B2BCN``).
All of these are read.
A file of another kind (a GSTR-2B, a count, an encrypted or an error envelope) is refused with
what it is, and anything else with "no IMS section found; top-level keys: ...": a file is never
read as zero records because its sections sit one level deeper than expected.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..documents import Section
from ..errors import PayloadError

# GETINV's `section` parameter spells some sections differently from the JSON key (spec 1.3).
_PARAM = {Section.B2BDN: "dn", Section.B2BDNA: "dna", Section.B2BCN: "cn", Section.B2BCNA: "cna"}
SECTION_SPELLINGS: dict[str, Section] = {section.value: section for section in Section}
SECTION_SPELLINGS.update({param: section for section, param in _PARAM.items()})
# ECO documents: "eco"/"ecoa" as some converters shorten ecom/ecoma.
SECTION_SPELLINGS.update({"eco": Section.ECOM, "ecoa": Section.ECOMA})

# Sections IMS counts (GETCNT groups inv_supp_isd and imp_gds, spec 1.6) whose records the core
# does not model yet: read past and reported with their counts, never silently.
SKIPPED_SECTIONS = ("isd", "isda", "isdcn", "isdcna", "impg", "impga", "impgsez", "impgseza")

# GSTN answers "no records for the criteria" with an error code: IMS0027 for IMS (spec section 7 item
# 3), the returns API's "no documents found" codes elsewhere (spec 2.4; the client reads the same set,
# gstn/errors.NO_DOCUMENT_CODES). A file saved from such an answer holds no records, not an error.
NO_DATA_CODES = frozenset({"IMS0027", "RET11416", "RET13508", "RET13509", "RET13510", "RET11417"})

# GSTN and Sandbox wrap in `data`; other gateways in `result` or `response`.
_WRAPPERS = ("data", "result", "response")
_MAX_DEPTH = 4

# Top-level keys that tell what another kind of file is.
_OTHER_KINDS = (
    (("docdata", "itcsumm", "docRejdata", "cpsumm"), "a GSTR-2B (GET2B), not an IMS download (GETINV)"),
    (("all_oth", "invoicecount", "inv_supp_isd", "imp_gds"),
     "an IMS count (GETCNT), not the records (GETINV)"),
    (("reqtyp", "invdata"), "a SAVE/RESET request body, not an IMS download (GETINV)"),
    (("gstr1", "gstr1a", "rejInvAddBackLiab"), "a supplier-side file (sales or added-back liabilities), "
                                               "not the recipient's IMS download (GETINV)"),
    (("proc_cnt", "error_report"), "an IMS request status (REQSTS), not an IMS download (GETINV)"),
    (("token", "est"), "GSTN's queued answer to GETINV (a token to fetch the records later with FILEDET, "
                       "spec 1.7), not the records"),
    (("task-id", "pages"), "a provider's asynchronous-task answer (Vayana's task-id, or its page count), not "
                           "the records: fetch the task's result pages"),
    (("ek", "urls"), "a FILEDET answer (the key and links of the queued files), not the records: download "
                     "and decrypt its files"),
)


@dataclass
class ImsSections:
    """Where the records are: the rows of each section, what was passed over, and the path read."""

    rows: dict[Section, list] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)  # section key -> records not read
    path: str = ""  # "" for a bare payload, "data.data" inside Sandbox's envelope
    no_data_code: str | None = None  # GSTN's "no records" answer (IMS0027)


def find_sections(payload: object, *, allow_empty: bool = True) -> ImsSections:
    """The IMS sections of ``payload``; ``PayloadError`` when there is none and the payload says
    something else. ``allow_empty`` accepts ``{}`` as an answer with no records (a client's
    GETINV of an empty section); a file says what it holds, so its reader passes False."""
    node, path = payload, []
    for _ in range(_MAX_DEPTH + 1):
        if not isinstance(node, Mapping):
            kind = type(node).__name__ if node is not None else "null"
            where = f" at {'.'.join(path)}" if path else ""
            raise PayloadError(f"a GETINV response must be a JSON object, not {_a(_json_type(kind))}{where}")
        _refuse_one_page_of_many(node, path)
        found = _sections_here(node, path)
        if found is not None:
            return found
        _refuse_other_kinds(node, path)
        error = _error_envelope(node)
        if error is not None:
            code, message = error
            if code in NO_DATA_CODES:
                return ImsSections(path=".".join(path), no_data_code=code)
            who = "the provider's" if code.startswith("HTTP ") else "GSTN's"
            raise PayloadError(f"the file holds {who} error {code or '(no code)'}: {message}"
                               f"{_at(path)}; it has no IMS records")
        inner = next((key for key in _WRAPPERS if key in node), None)
        if inner is None or not node:
            break
        if isinstance(node[inner], str) and ("rek" in node or "hmac" in node):
            raise PayloadError(f"the payload{_at(path)} is still encrypted (data with rek/hmac): "
                               "decrypt it with the session key first")
        node, path = node[inner], [*path, inner]
        if isinstance(node, str):
            node = decoded_text(node, where=".".join(path))
    if allow_empty and not path and isinstance(node, Mapping) and not node:
        return ImsSections()
    keys = ", ".join(sorted(map(str, node)))[:300] if isinstance(node, Mapping) else ""
    raise PayloadError(f"no IMS section found{_at(path)}; top-level keys: {keys or '(none)'}")


def unwrap_answer(payload: object, is_answer, what: str) -> object:
    """The answer inside whatever wraps it: GSTN's ``{"status_cd": "1", "data": ...}``, Sandbox's
    ``{"code": 200, "data": {"data": ..., "status_cd": "1"}}``, Vayana's ``{"status": "1", "data": ...}``
    or a gateway's ``result``/``response``, ``data`` possibly as JSON text. ``is_answer`` says when a
    level is the answer itself; an error envelope met on the way is refused with its code and words
    (never read as an empty answer). A level that is neither is returned for the caller to refuse
    with its keys."""
    node, path = payload, []
    for _ in range(_MAX_DEPTH + 1):
        if not isinstance(node, Mapping) or is_answer(node):
            return node
        error = _error_envelope(node)
        if error is not None:
            code, message = error
            who = "the provider's" if code.startswith("HTTP ") else "GSTN's"
            raise PayloadError(f"the {what} answer{_at(path)} is {who} error "
                               f"{code or '(no code)'}: {message}")
        inner = next((key for key in _WRAPPERS if key in node), None)
        if inner is None:
            return node
        content = node[inner]
        if isinstance(content, str):
            content = decoded_text(content, where=".".join([*path, inner]))
        if not isinstance(content, Mapping):
            return node
        node, path = content, [*path, inner]
    return node


def decoded_text(text: str, *, where: str = "data") -> object:
    """A wrapper's content sent as text: JSON written into a string, or GSTN's inner base64 layer
    (decrypting ``data`` gives base64 of the JSON, spec 1.1) that a gateway decrypted but left encoded.
    Text that is neither is refused naming where it sat; it is never read as no records."""
    stripped = text.strip()
    try:
        if stripped[:1] in ("{", "["):
            try:
                return json.loads(stripped)
            except ValueError:
                pass
        elif stripped:
            try:
                inner = base64.b64decode(stripped, validate=True).decode("utf-8").strip()
                if inner[:1] in ("{", "["):
                    return json.loads(inner)
            except (ValueError, binascii.Error):
                pass
    except RecursionError:
        raise PayloadError(f"the payload's {where} is JSON nested too deeply to read") from None
    raise PayloadError(f"the payload's {where} is text ({stripped[:30]!r}), neither JSON nor base64 of "
                       "JSON: still encrypted, or not an IMS answer")


def _sections_here(node: Mapping, path: list[str]) -> ImsSections | None:
    result = ImsSections(path=".".join(path))
    spelt: dict[Section, str] = {}
    for key, rows in node.items():
        lower = key.strip().lower() if isinstance(key, str) else None
        section = SECTION_SPELLINGS.get(lower)
        if section is not None:
            if section in spelt:
                raise PayloadError(
                    f"section {section.value} appears twice, as {spelt[section]!r} and {key!r}")
            spelt[section] = key
            if rows is None:
                rows = []
            if not isinstance(rows, list):
                raise PayloadError(f"expected a list of records, found {_a(_json_type(type(rows).__name__))}",
                                   section=section.value)
            _refuse_supplier_groups(section, rows)
            result.rows[section] = rows
        elif lower in SKIPPED_SECTIONS:
            count = len(rows) if isinstance(rows, list) else 0
            result.skipped[lower] = result.skipped.get(lower, 0) + count
    if spelt or result.skipped:
        _refuse_unknown_record_lists(node)
        return result
    return None


def _refuse_unknown_record_lists(node: Mapping) -> None:
    """IMS records (rows with ``stin``) under a key that is no section this app knows: passed over,
    they would be records lost without a word, so the download is refused naming the key."""
    for key, rows in node.items():
        lower = key.strip().lower() if isinstance(key, str) else key
        if lower in SECTION_SPELLINGS or lower in SKIPPED_SECTIONS or not isinstance(rows, list) or not rows:
            continue
        if isinstance(rows[0], Mapping) and "stin" in rows[0]:
            raise PayloadError(f"{str(key)[:40]!r} holds {len(rows)} IMS record(s) (stin) but is not an "
                               f"IMS section ({', '.join(sorted(SECTION_SPELLINGS))}); refused rather than "
                               "passed over")


# Page markers a paged answer carries: (this page, pages in all).
_PAGE_KEYS = (("pg", "tp"), ("page", "totalPages"), ("page_num", "total_pages"), ("pageNo", "totalPage"))


def _refuse_one_page_of_many(node: Mapping, path: list[str]) -> None:
    """An answer that says it is one page of several holds only part of the records: read as the
    download, every record of the other pages would look deleted at GSTN. Refused, naming the page."""
    for page_key, total_key in _PAGE_KEYS:
        total = node.get(total_key)
        if total is None or isinstance(total, bool):
            continue
        try:
            pages = int(str(total).strip())
        except ValueError:
            raise PayloadError(f"{str(total)[:40]!r} is not a number of pages{_at(path)}",
                               field=total_key) from None
        if pages > 1:
            raise PayloadError(f"the payload{_at(path)} is page {node.get(page_key, '?')} of {pages} of a "
                               "paged answer; the records of the other pages are not in it: fetch and merge "
                               "every page first", field=total_key)


def _refuse_supplier_groups(section: Section, rows: list) -> None:
    first = rows[0] if rows else None
    grouped = isinstance(first, Mapping) and "ctin" in first and ("inv" in first or "nt" in first)
    if grouped and "stin" not in first:
        raise PayloadError("holds supplier groups (ctin with inv[] or nt[]), the shape of GSTR-1, 2A or 2B, "
                           "not IMS records (stin, one per document)", section=section.value)


def _refuse_other_kinds(node: Mapping, path: list[str]) -> None:
    for keys, kind in _OTHER_KINDS:
        if any(key in node for key in keys):
            raise PayloadError(f"the payload{_at(path)} is {kind}; top-level keys: "
                               + ", ".join(sorted(map(str, node)))[:300])


# How gateways spell an error's code and words: GSTN's error_cd/message, REQSTS's error_msg, the
# camelCase of Java gateways (errorCode/errorMessage), and a bare code/msg.
_CODE_KEYS = ("error_cd", "errorCode", "error_code", "errCd", "err_cd", "code")
_MESSAGE_KEYS = ("message", "error_msg", "errorMessage", "error_message", "errMsg", "err_msg", "msg",
                 "error_description")


def error_parts(error: object) -> tuple[str, str]:
    """(code upper-cased, message) of an error value however a gateway wrote it: GSTN's object, a list
    of such objects (the first one speaks for the answer), or plain text. A code never hides behind
    an unread spelling: ``IMS0027`` as ``errorCode`` is still "no records"."""
    if isinstance(error, list):
        error = next((item for item in error if item), None)
    if isinstance(error, Mapping):
        code = next((error[key] for key in _CODE_KEYS if isinstance(error.get(key), (str, int))
                     and not isinstance(error.get(key), bool) and str(error[key]).strip()), "")
        message = next((error[key] for key in _MESSAGE_KEYS if error.get(key)), "")
        return str(code).strip().upper(), str(message)[:200]
    if error is None or isinstance(error, bool):
        return "", ""
    return "", str(error).strip()[:200]


def node_error(node: Mapping) -> object:
    """The error value of an answer: ``error``, or ``errors`` (a list, from some gateways)."""
    error = node.get("error")
    return error if error not in (None, "", [], {}) else node.get("errors")


def _error_envelope(node: Mapping) -> tuple[str, str] | None:
    """(code, message) of an error answer: GSTN's ``status_cd`` "0" with ``error`` (an object, a
    list of them, or plain text from some gateways), Vayana's ``status`` "0", or a provider's own
    refusal (Sandbox: ``{"code": 403, "message": ...}`` with no data)."""
    status = str(node.get("status_cd", node.get("status", ""))).strip()
    error = node_error(node)
    if isinstance(error, str) and error.strip() and status in ("0", ""):
        return "", error.strip()[:200]
    refusal = _provider_refusal(node)
    if refusal is not None:
        return refusal
    if status != "0" and not isinstance(error, (Mapping, list)):
        return None
    if status != "0" and isinstance(error, list) and not any(isinstance(e, Mapping) for e in error):
        return None
    code, message = error_parts(error)
    if not code and not message:
        message = str(node.get("message") or "status 0 without an error")[:200]
    return code, message


def _provider_refusal(node: Mapping) -> tuple[str, str] | None:
    """A provider's HTTP-style error body kept as the file: a code outside 2xx, a message, no data."""
    code = node.get("code")
    if "data" in node or isinstance(code, bool) or not isinstance(code, (int, str)):
        return None
    text = str(code).strip()
    if not (text.isdigit() and len(text) == 3 and not text.startswith("2")):
        return None
    return f"HTTP {text}", str(node.get("message") or "no message")[:200]


def _at(path: list[str]) -> str:
    return f" (inside {'.'.join(path)})" if path else ""


def _json_type(python_name: str) -> str:
    return {"list": "list", "str": "string", "int": "number", "float": "number", "bool": "true/false",
            "dict": "object", "null": "null"}.get(python_name, python_name)


def _a(noun: str) -> str:
    return f"an {noun}" if noun[:1] in "aeiou" else f"a {noun}"
