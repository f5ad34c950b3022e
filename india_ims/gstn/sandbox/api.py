"""The sandbox's API operations: one function per GSTN action, plain data in and out.

The HTTP layer (``server``) authenticates, decrypts, injects faults and calls ``dispatch``; a
``PortalError`` becomes GSTN's error envelope.
"""

from __future__ import annotations

import secrets

from ...gst_india.documents import Section
from ...gst_india.errors import PayloadError
from ...gst_india.payload import ims as ims_wire
from ...gst_india.payload import ims_status
from ...gst_india.payload import transport as wire
from .. import crypto
from ..client import write_encrypted_archive
from .portal import Portal, PortalError

NO_DOCUMENTS = "RET11416"


def dispatch(
    portal: Portal,
    endpoint: str,
    action: str,
    query: dict,
    data: object,
    *,
    file_base_url: str,
    polls: int = 0,
    fail_records: int = 0,
    report: str = "gstn",
    drop_records: int = 0,
) -> object:
    handler = _HANDLERS.get((endpoint, action))
    if handler is None:
        raise PortalError("IMS_BAD_REQUEST", f"action {action} is not served on {endpoint}")
    return handler(
        portal, query=query, data=data, file_base_url=file_base_url, polls=polls, fail_records=fail_records,
        report=report, drop_records=drop_records,
    )


def _gstin(portal: Portal, query: dict) -> None:
    if query.get("gstin", portal.config.gstin) != portal.config.gstin:
        raise PortalError("RET11402", "this session is not for that GSTIN")


def get_counts(portal: Portal, *, query, **_) -> dict:
    _gstin(portal, query)
    with portal.lock:
        portal.tick()
        return ims_status.build_counts(portal.in_ims(), portal.config.counts_shape)


def get_invoices(portal: Portal, *, query, file_base_url, drop_records: int = 0, **_) -> dict:
    """``drop_records``: a fault (``faults``) leaving that many records out of the answer."""
    _gstin(portal, query)
    section = ims_wire.SECTION_BY_PARAM.get(str(query.get("section", "")).upper())
    if section is None:
        raise PortalError("IMS_BAD_REQUEST", f"unknown section {query.get('section')!r}")
    with portal.lock:
        portal.tick()
        records = portal.in_ims(section)
        if not records:
            raise PortalError(NO_DOCUMENTS, f"no {section.label} records in IMS")
        if len(records) > portal.config.queue_threshold:
            return _queue(portal, section, records, file_base_url, drop_records)
        return ims_wire.build_getinv(records[: max(len(records) - drop_records, 0)])


def _queue(portal: Portal, section: Section, records, file_base_url: str, drop_records: int = 0) -> dict:
    """A large section: files prepared now, announced through FILEDET (spec 1.7); ``drop_records``
    leaves that many out of the first file, still announced with its full count."""
    token = secrets.token_hex(12)
    key = crypto.new_key()
    names = []
    size = portal.config.file_records
    for number, start in enumerate(range(0, len(records), size), start=1):
        name = f"{token}_{number}.tar.gz"
        held = records[start + (drop_records if number == 1 else 0) : start + size]
        portal.files[name] = write_encrypted_archive(ims_wire.build_getinv(held), key)
        names.append((name, len(records[start : start + size])))
    portal.tokens[token] = (names, portal.config.queue_polls, crypto.b64(key), file_base_url)
    return wire.build_queued(wire.Queued(token, 1))


def file_details(portal: Portal, *, query, **_) -> dict:
    _gstin(portal, query)
    token = str(query.get("token") or "")
    with portal.lock:
        entry = portal.tokens.get(token)
        if entry is None:
            raise PortalError("IMS_REQUEST_NOT_FOUND", f"no queued download {token!r}")
        names, polls_left, key, base = entry
        if polls_left > 0:
            portal.tokens[token] = (names, polls_left - 1, key, base)
            return wire.build_queued(wire.Queued(token, 1))
        files = tuple(
            wire.FileRef(f"{base}/files/{name}", count, crypto.sha256_hex(portal.files[name]))
            for name, count in names
        )
        return wire.build_file_details(wire.FileDetails(key, files))


def save(portal: Portal, *, data, polls, fail_records, report="gstn", expected: str = "SAVE", **_) -> dict:
    try:
        recipient, request_type, rows = ims_wire.parse_save_request(data)
    except PayloadError as error:
        raise PortalError("IMS_BAD_REQUEST", str(error)) from None
    if recipient != portal.config.gstin:
        raise PortalError("IMS_BAD_REQUEST", f"rtin {recipient} is not this session's GSTIN")
    if request_type != expected:
        raise PortalError("IMS_BAD_REQUEST", f"reqtyp {request_type} sent with the {expected} action")
    return wire.build_reference(
        portal.submit(request_type, rows, polls=polls, fail_records=fail_records, report=report)
    )


def reset(portal: Portal, **kwargs) -> dict:
    return save(portal, expected="RESET", **kwargs)


def request_status(portal: Portal, *, query, **_) -> dict:
    _gstin(portal, query)
    reference_id = str(query.get("reference_id") or "")
    status = portal.poll(reference_id)
    return ims_status.build_request_status(status, portal.requests[reference_id].report)


def generate(portal: Portal, *, data, **_) -> dict:
    try:
        gstin, period = wire.parse_gen2b(data)
    except PayloadError as error:
        raise PortalError("IMS_BAD_REQUEST", str(error)) from None
    _gstin(portal, {"gstin": gstin})
    return wire.build_reference(portal.request_generation(period))


def generation_status(portal: Portal, *, query, **_) -> dict:
    _gstin(portal, query)
    generation = portal.generation_status(str(query.get("reference_id") or ""))
    return wire.build_generation_status(
        wire.GenerationStatus(generation.status, generation.error_code, generation.error_message)
    )


def get_2b(portal: Portal, *, query, **_) -> dict:
    _gstin(portal, query)
    number = query.get("file_number")
    try:
        file_number = int(number) if number else None
    except ValueError:
        raise PortalError("IMS_BAD_REQUEST", f"file number {number!r} is not a number") from None
    return portal.gstr2b_page(str(query.get("period") or query.get("return_period") or ""), file_number)


_HANDLERS = {
    ("ims", "GETCNT"): get_counts,
    ("ims", "GETINV"): get_invoices,
    ("ims", "FILEDET"): file_details,
    ("ims", "SAVE"): save,
    ("ims", "RESETIMS"): reset,
    ("ims", "REQSTS"): request_status,
    ("gstr2b", "GEN2B"): generate,
    ("gstr2b", "GENSTS2B"): generation_status,
    ("gstr2b", "GET2B"): get_2b,
}
