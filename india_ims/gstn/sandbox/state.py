"""Save the portal to a JSON file and load it back (``india-ims sandbox --state FILE``).

The file holds the recipient's portal and, under ``supplier``, the sandbox taxpayer's supplier side:
each buyer's portal with our sales and the actions it took, so the supplier view and the added-back
liabilities come back as they were left."""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from datetime import date
from pathlib import Path

from ...gst_india.documents import Action, Section
from ...gst_india.payload import ims as ims_wire
from ...gst_india.payload import ims_status
from ...gst_india.rules import RecordState
from ..ledger import key_from_text, key_text
from .portal import GenerationRequest, Portal, PortalConfig, PortalRequest
from .supplier import SupplierSide

FORMAT = "india-ims-sandbox/1"


def portal_to_dict(portal: Portal) -> dict:
    with portal.lock:
        portal.tick()
        config = asdict(portal.config)
        config["today"] = portal.config.today.isoformat()
        return {
            "format": FORMAT,
            "config": config,
            "counter": portal.counter,
            "filed_3b": sorted(portal.filed_3b),
            "records": [
                {
                    "section": state.record.section.value,
                    "row": ims_wire.record_to_getinv(state.record),
                    "gstr2b_period": state.gstr2b_period,
                    "carried_to": state.carried_to,
                    "in_ims": state.in_ims,
                    "applied": portal.applied.get(key, []),
                }
                for key, state in portal.states.items()
            ],
            "requests": {
                ref: ims_status.build_request_status(request.status)
                for ref, request in portal.requests.items()
                if request.status is not None
            },
            "generations": {ref: asdict(g) for ref, g in portal.generations.items()},
            "statements": portal.statements,
        }


def portal_from_dict(data: dict) -> Portal:
    if data.get("format") != FORMAT:
        raise ValueError(f"not a sandbox state file (format {data.get('format')!r}, expected {FORMAT})")
    config = dict(data["config"])
    config["today"] = date.fromisoformat(config["today"])
    portal = Portal(PortalConfig(**config), counter=int(data.get("counter", 0)))
    portal.filed_3b = set(data.get("filed_3b", []))
    for position, item in enumerate(data["records"], start=1):
        record = ims_wire.parse_record(Section(item["section"]), item["row"], position=position)
        portal.states[record.key] = RecordState(
            record,
            gstr2b_period=item.get("gstr2b_period"),
            carried_to=item.get("carried_to"),
            in_ims=bool(item.get("in_ims", True)),
            remarks=record.remarks,  # what a recipient wrote; the added-back lines carry it
            itc_reduction=record.itc_reduction,
        )
        if item.get("applied"):
            portal.applied[record.key] = [tuple(pair) for pair in item["applied"]]
    for ref, status in data.get("requests", {}).items():
        portal.requests[ref] = PortalRequest(ref, "SAVE", [], status=ims_status.parse_request_status(status))
    for ref, generation in data.get("generations", {}).items():
        portal.generations[ref] = GenerationRequest(**generation)
    portal.statements = {k: list(v) for k, v in data.get("statements", {}).items()}
    return portal


def supplier_to_dict(side: SupplierSide) -> dict:
    return {
        "gstin": side.gstin,
        "period": side.period,
        "today": side.today.isoformat() if side.today else None,
        "recipients": {gstin: portal_to_dict(portal) for gstin, portal in sorted(side.recipients.items())},
    }


def supplier_from_dict(data: dict) -> SupplierSide:
    today = date.fromisoformat(data["today"]) if data.get("today") else None
    recipients = {gstin: portal_from_dict(item) for gstin, item in data.get("recipients", {}).items()}
    return SupplierSide(data["gstin"], data["period"], today, recipients)


def save_portal(portal: Portal, path: str | Path, supplier: SupplierSide | None = None) -> Path:
    path = Path(path)
    data = portal_to_dict(portal)
    if supplier is not None:
        data["supplier"] = supplier_to_dict(supplier)
    temporary = path.with_suffix(path.suffix + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(data, handle, separators=(",", ":"))
    os.replace(temporary, path)  # never a half-written state file
    return path


def load_state(path: str | Path) -> tuple[Portal, SupplierSide | None]:
    """The portal and its supplier side (None in a file saved without one)."""
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    portal = portal_from_dict(data)
    supplier = supplier_from_dict(data["supplier"]) if data.get("supplier") else None
    return portal, supplier


def load_portal(path: str | Path) -> Portal:
    return load_state(path)[0]


def held_as_text(portal: Portal) -> dict[str, str]:
    return {key_text(k): a.value for k, a in sorted(portal.held().items())}


def parse_key(text: str):
    return key_from_text(text)


__all__ = [
    "Action",
    "held_as_text",
    "load_portal",
    "load_state",
    "parse_key",
    "portal_from_dict",
    "portal_to_dict",
    "save_portal",
    "supplier_from_dict",
    "supplier_to_dict",
]
