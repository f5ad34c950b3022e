"""GET2B ``itcsumm`` section by section, and what a downloaded GSTR-2B is as a whole.

``parse_gstr2b_pages`` keeps only part totals; GSTR-3B Table 4 needs the sections
(RCM and ISD credit notes net into other rows than B2B ones), so this reads
``itcsumm`` into the core's ``Gstr2bSummary``, the type the local preview has too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from ..documents import Action, Amounts
from ..errors import PayloadError
from ..money import to_paise
from ..returns.gstr2b import Gstr2bSummary
from ..returns.layout import Block, Gstr2bSection, Part
from .gstr2b_api import SECTION_KEY
from .gstr2b_read import BLOCK_BY_KEY, PART_BY_KEY, Gstr2bDocument

SECTION_BY_KEY = {key: section for section, key in SECTION_KEY.items()}
# Where a part's totals go when GSTN sends no section breakdown for it.
_PART_DEFAULT = {
    Part.ALL_OTHER: Gstr2bSection.B2B,
    Part.ISD: Gstr2bSection.ISD,
    Part.REVERSE_CHARGE: Gstr2bSection.B2B,
    Part.IMPORTS: Gstr2bSection.IMPG,
    Part.CREDIT_NOTES: Gstr2bSection.CDNR,
}
_TAX_KEYS = ("igst", "cgst", "sgst", "cess")


def _read_tax(row: Mapping, *, where: str) -> Amounts:
    try:
        return Amounts(0, *(to_paise(row.get(key, 0), field=key) for key in _TAX_KEYS))
    except Exception as error:  # to_paise names the field
        raise PayloadError(str(error), section=where) from None


def _data(page: Mapping) -> Mapping:
    data = page.get("data") if isinstance(page.get("data"), Mapping) else page
    if not isinstance(data, Mapping) or "rtnprd" not in data:
        raise PayloadError("GET2B file is not a GSTR-2B", field="rtnprd")
    return data


def parse_itcsumm(pages: list[Mapping]) -> Gstr2bSummary:
    """The summary of the first file (every file repeats it; spec 3.1)."""
    if not pages:
        raise PayloadError("GET2B returned no file")
    summary = _data(pages[0]).get("itcsumm") or {}
    if not isinstance(summary, Mapping):
        raise PayloadError("is not an object", field="itcsumm")
    totals: dict[tuple[Block, Part, Gstr2bSection], Amounts] = {}
    for block_key, block_obj in summary.items():
        block = BLOCK_BY_KEY.get(block_key)
        if block is None or not isinstance(block_obj, Mapping):
            continue
        for part_key, part_obj in block_obj.items():
            part = PART_BY_KEY.get(part_key)
            if part is None or not isinstance(part_obj, Mapping):
                continue
            where = f"itcsumm.{block_key}.{part_key}"
            sections = {
                key: value
                for key, value in part_obj.items()
                if isinstance(value, Mapping) and key in SECTION_BY_KEY
            }
            if not sections:
                totals[(block, part, _PART_DEFAULT[part])] = _read_tax(part_obj, where=where)
                continue
            for key, value in sections.items():
                totals[(block, part, SECTION_BY_KEY[key])] = _read_tax(value, where=f"{where}.{key}")
    return Gstr2bSummary(MappingProxyType(totals))


@dataclass(frozen=True, slots=True)
class Gstr2bFileFacts:
    file_count: int
    checksum: str  # of the files' content: the same GSTR-2B downloaded twice has the same one
    version: str


def file_facts(pages: list[Mapping]) -> Gstr2bFileFacts:
    if not pages:
        raise PayloadError("GET2B returned no file")
    digest = hashlib.sha256()
    for page in pages:
        digest.update(json.dumps(_data(page), sort_keys=True, default=str).encode())
    first = _data(pages[0])
    return Gstr2bFileFacts(len(pages), digest.hexdigest(), str(first.get("version") or ""))


# The 2B's section and note type -> the IMS section the same document has in IMS.
_IMS_SECTION = {
    ("b2b", None): "b2b",
    ("b2ba", None): "b2ba",
    ("ecom", None): "ecom",
    ("ecoma", None): "ecoma",
    ("cdnr", "C"): "b2bcn",
    ("cdnr", "D"): "b2bdn",
    ("cdnra", "C"): "b2bcna",
    ("cdnra", "D"): "b2bdna",
}


def ims_section_of(document) -> str | None:
    """The IMS section a GSTR-2B document sits in; None for one that never goes through IMS (ISD,
    imports, reverse charge: FAQ 4, 8)."""
    if getattr(document, "reverse_charge", False):
        return None
    note_type = (document.note_type or "").upper() or None
    return _IMS_SECTION.get((document.section, note_type if document.section.startswith("cdnr") else None))


@dataclass(frozen=True, slots=True)
class PlacedDocument:
    """A GSTR-2B document with the neutral names of where it sits."""

    document: Gstr2bDocument
    block: Block
    section: Gstr2bSection | None
    credit_note: bool
    ims_section: str | None  # None: a document that never passes through IMS
    action: Action | None

    @property
    def net(self) -> Amounts:
        """What it adds to its block's worth: credit notes (Part B) reduce it."""
        return self.document.amounts.negated() if self.credit_note else self.document.amounts


def place(document: Gstr2bDocument) -> PlacedDocument:
    if document.reversal:
        block = Block.REVERSAL  # a Rule 37A reversal (itcrev)
    elif document.rejected:
        block = Block.REJECTED
    elif not document.itc_available:
        block = Block.NOT_AVAILABLE
    else:
        block = Block.AVAILABLE
    note_type = (document.note_type or "").upper() or None
    credit = note_type == "C"
    ims_section = ims_section_of(document)
    return PlacedDocument(
        document=document,
        block=block,
        section=SECTION_BY_KEY.get(document.section),
        credit_note=credit,
        ims_section=ims_section,
        action=document.ims_action,
    )
