"""Cut uploads into requests: one section and one request type each, at most N records, under the size cap.

Spec 2.2: no official limit is published; EY DigiGST's safe values are 5000 records per section and
5 MB per (encrypted) body, halving a body that is too big. Those are the defaults.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from dataclasses import dataclass

from ..gst_india.documents import Action, Section
from ..gst_india.payload import ims as ims_wire
from .errors import GstnError


@dataclass(frozen=True)
class Batch:
    request_type: str  # SAVE or RESET
    section: Section
    uploads: tuple[ims_wire.Upload, ...]
    body: dict
    size: int  # bytes on the wire, after encryption when enabled


def body_size(body: dict, *, encrypted: bool) -> int:
    """Bytes of the PUT body: the JSON, or base64(AES(base64(json))) plus HMAC and envelope."""
    plain = len(json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode("utf-8"))
    envelope = 64  # {"action":"RESETIMS","data":...,"hmac":...} without the data itself
    if not encrypted:
        return plain + envelope
    inner = 4 * math.ceil(plain / 3)
    cipher = 16 * (inner // 16 + 1)
    return 4 * math.ceil(cipher / 3) + 44 + envelope


def _build(gstin: str, request_type: str, uploads: list[ims_wire.Upload]) -> dict:
    if request_type == "SAVE":
        return ims_wire.build_save(gstin, uploads)
    return ims_wire.build_reset(gstin, uploads)


def make_batches(
    gstin: str,
    uploads: Iterable[ims_wire.Upload],
    *,
    chunk_records: int,
    max_body_bytes: int,
    encrypted: bool,
) -> list[Batch]:
    groups: dict[tuple[str, Section], list[ims_wire.Upload]] = {}
    for upload in uploads:
        request_type = "RESET" if upload.action is Action.NO_ACTION else "SAVE"
        groups.setdefault((request_type, upload.record.section), []).append(upload)
    batches: list[Batch] = []
    # RESETs first: a record moving to N and another to A never share a request anyway, and a
    # reset that frees a pending slot should land before new actions.
    for (request_type, section), items in sorted(
        groups.items(), key=lambda g: (g[0][0] != "RESET", g[0][1].value)
    ):
        for start in range(0, len(items), chunk_records):
            batches.extend(
                _fit(
                    gstin,
                    request_type,
                    section,
                    items[start : start + chunk_records],
                    max_body_bytes,
                    encrypted,
                )
            )
    return batches


def _fit(
    gstin: str,
    request_type: str,
    section: Section,
    items: list[ims_wire.Upload],
    max_body_bytes: int,
    encrypted: bool,
) -> list[Batch]:
    body = _build(gstin, request_type, items)
    size = body_size(body, encrypted=encrypted)
    if size <= max_body_bytes:
        return [Batch(request_type, section, tuple(items), body, size)]
    if len(items) == 1:
        record = items[0].record
        raise GstnError(
            f"{section.label} {record.document_number} of {record.supplier_gstin}: one record makes a "
            f"{size}-byte request, over the {max_body_bytes}-byte limit"
        )
    half = len(items) // 2
    return _fit(gstin, request_type, section, items[:half], max_body_bytes, encrypted) + _fit(
        gstin, request_type, section, items[half:], max_body_bytes, encrypted
    )
