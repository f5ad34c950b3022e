"""Save the portal to a JSON file and load it back (``india-ims sandbox --state FILE``)."""

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
            record, gstr2b_period=item.get("gstr2b_period"), in_ims=bool(item.get("in_ims", True))
        )
        if item.get("applied"):
            portal.applied[record.key] = [tuple(pair) for pair in item["applied"]]
    for ref, status in data.get("requests", {}).items():
        portal.requests[ref] = PortalRequest(ref, "SAVE", [], status=ims_status.parse_request_status(status))
    for ref, generation in data.get("generations", {}).items():
        portal.generations[ref] = GenerationRequest(**generation)
    portal.statements = {k: list(v) for k, v in data.get("statements", {}).items()}
    return portal


def save_portal(portal: Portal, path: str | Path) -> Path:
    path = Path(path)
    temporary = path.with_suffix(path.suffix + ".tmp")
    with open(temporary, "w", encoding="utf-8") as handle:
        json.dump(portal_to_dict(portal), handle, separators=(",", ":"))
    os.replace(temporary, path)  # never a half-written state file
    return path


def load_portal(path: str | Path) -> Portal:
    with open(path, encoding="utf-8") as handle:
        return portal_from_dict(json.load(handle))


def held_as_text(portal: Portal) -> dict[str, str]:
    return {key_text(k): a.value for k, a in sorted(portal.held().items())}


def parse_key(text: str):
    return key_from_text(text)


__all__ = [
    "Action",
    "held_as_text",
    "load_portal",
    "parse_key",
    "portal_from_dict",
    "portal_to_dict",
    "save_portal",
]
