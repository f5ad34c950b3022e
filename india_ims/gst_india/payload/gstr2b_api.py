"""GET2B JSON (schema v4.0, spec 3.2-3.4) <-> the core's ``returns.Gstr2b``, for the sandbox and the client.

The reading side lives in ``gstr2b_read`` (re-exported here).

The sandbox builds pages with ``build_gstr2b_pages``; the client reads them back with
``parse_gstr2b_pages``, which merges the files of a paged answer (documents concatenated, the summary
taken once).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable

from ..documents import Amounts, DocumentType
from ..money import to_json_number, to_paise
from ..returns.gstr2b import Gstr2b, Gstr2bEntry
from ..returns.layout import Block, Gstr2bSection, Part
from .dates import format_date
from .gstr2b_read import Gstr2bDocument, Gstr2bDownload, parse_gstr2b_pages  # noqa: F401  (re-exported)

BLOCK_KEY = {
    Block.AVAILABLE: "itcavl",
    Block.NOT_AVAILABLE: "itcunavl",
    Block.REVERSAL: "itcrev",
    Block.REJECTED: "itcRejected",
}
PART_KEY = {
    Part.ALL_OTHER: "nonrevsup",
    Part.ISD: "isdsup",
    Part.REVERSE_CHARGE: "revsup",
    Part.IMPORTS: "imports",
    Part.CREDIT_NOTES: "othersup",
}
SECTION_KEY = {
    Gstr2bSection.B2B: "b2b",
    Gstr2bSection.B2BA: "b2ba",
    Gstr2bSection.CDNR: "cdnr",
    Gstr2bSection.CDNRA: "cdnra",
    Gstr2bSection.ECOM: "ecom",
    Gstr2bSection.ECOMA: "ecoma",
    Gstr2bSection.ISD: "isd",
    Gstr2bSection.ISDA: "isda",
    Gstr2bSection.IMPG: "impg",
    Gstr2bSection.IMPGA: "impga",
    Gstr2bSection.IMPGSEZ: "impgsez",
    Gstr2bSection.IMPGASEZ: "impgasez",
    Gstr2bSection.CDNRREV: "cdnrrev",
    Gstr2bSection.CDNRAREV: "cdnrarev",
}
_NOTE_SECTIONS = {"cdnr", "cdnra", "cdnrrev", "cdnrarev"}
_TAX_KEYS = ("igst", "cgst", "sgst", "cess")


def _tax(amounts: Amounts) -> dict:
    return {key: to_json_number(getattr(amounts, key)) for key in _TAX_KEYS}


# ---------------------------------------------------------------- build (the sandbox)


def _summary(gstr2b: Gstr2b) -> dict:
    out: dict = {}
    for (block, part, section), amounts in sorted(gstr2b.summary.totals.items(), key=lambda t: str(t[0])):
        part_obj = out.setdefault(BLOCK_KEY[block], {}).setdefault(
            PART_KEY[part], dict.fromkeys(_TAX_KEYS, 0)
        )
        part_obj[SECTION_KEY[section]] = _tax(amounts)
    for block_obj in out.values():
        for part_obj in block_obj.values():
            for key in _TAX_KEYS:
                part_obj[key] = to_json_number(
                    sum(to_paise(v[key]) for k, v in part_obj.items() if isinstance(v, dict))
                )
    return out


def _document(entry: Gstr2bEntry) -> dict:
    note = entry.document_type is not DocumentType.INVOICE
    doc: dict = {
        "ntnum" if note else "inum": entry.document_number,
        "dt": format_date(entry.document_date),
        "val": to_json_number(entry.document_value),
        "pos": entry.place_of_supply,
        "rev": "N",
        "itcavl": "N" if entry.placement.block is Block.NOT_AVAILABLE else "Y",
        "txval": to_json_number(entry.amounts.taxable_value),
        **_tax(entry.amounts),
    }
    if note:
        doc["typ"] = "C" if entry.document_type is DocumentType.CREDIT_NOTE else "D"
    elif entry.invoice_type:
        doc["typ"] = entry.invoice_type
    if entry.placement.reason is not None:
        doc["rsn"] = entry.placement.reason.value
    if entry.original_number:
        doc["ontnum" if note else "oinum"] = entry.original_number
    if entry.action is not None:
        doc["imsStatus"] = entry.action.value
    if entry.remarks:
        doc["remarks"] = entry.remarks
    return doc


def _documents(entries: Iterable[Gstr2bEntry]) -> dict:
    out: dict[str, dict[tuple[str, str], dict]] = {}
    for entry in entries:
        section = SECTION_KEY[entry.placement.section]
        suppliers = out.setdefault(section, {})
        supplier = suppliers.setdefault(
            (entry.party, entry.supplier_return_period or ""),
            {
                "ctin": entry.party,
                "supprd": entry.supplier_return_period or "",
                "nt" if section in _NOTE_SECTIONS else "inv": [],
            },
        )
        supplier["nt" if section in _NOTE_SECTIONS else "inv"].append(_document(entry))
    return {section: list(suppliers.values()) for section, suppliers in out.items()}


def build_gstr2b_pages(gstr2b: Gstr2b, gstin: str, *, page_records: int = 10_000) -> list[dict]:
    """GET2B answers, one per ``file_num``; each repeats the summary, documents are split."""
    entries = [e for e in gstr2b.entries if e.placement.block is not Block.REVERSAL]
    chunks = [entries[i : i + page_records] for i in range(0, len(entries), page_records)] or [[]]
    summary = _summary(gstr2b)
    pages = []
    for chunk in chunks:
        data: dict = {
            "gstin": gstin,
            "rtnprd": str(gstr2b.period),
            "version": "4.0",
            "gendt": format_date(gstr2b.generated_on),
            "itcsumm": summary,
            "docdata": _documents(e for e in chunk if e.placement.block is not Block.REJECTED),
            "docRejdata": _documents(e for e in chunk if e.placement.block is Block.REJECTED),
        }
        if len(chunks) > 1:
            data["fc"] = len(chunks)
        checksum = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()
        pages.append({"chksum": checksum, "data": data})
    return pages
