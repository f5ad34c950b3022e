"""An amendment's original found among the stored IMS Inward Supply rows (no frappe import: tested in CI).

GSTN sends an amendment with its original's number and date, not its values.
The original (and any earlier amendment of it) is usually among the records
downloaded before: the engine then counts the difference from the value last
counted (spec 1.8, 4.3). When it is not, the user is told so in words.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from india_ims.gst_india.documents import Action, Amounts, Section
from india_ims.gst_india.money import format_inr, to_paise
from india_ims.gst_india.periods import ReturnPeriod, day_label
from india_ims.gst_india.rules import RecordState
from india_ims.gst_india.rules.amendments import Version, original_from_versions, unknown_original_text

from .rows import ACTION_BY_LABEL

# Columns a stored row needs to stand as an earlier version.
VERSION_COLUMNS = (
    "name",
    "section",
    "supplier_gstin",
    "document_number",
    "original_document_number",
    "supplier_return_period",
    "supplier_filing_status",
    "gstn_action",
    "taxable_value",
    "igst",
    "cgst",
    "sgst",
    "cess",
    "gstr2b_period",
)


_AMOUNTS = ("taxable_value", "igst", "cgst", "sgst", "cess")


def number_key(number: object) -> str:
    """A document number as an original and its amendments are matched on: trimmed, upper-cased
    (GST document numbers are case-insensitive)."""
    return str(number or "").strip().upper()


def earlier_versions(row: Mapping, candidates: Iterable[Mapping]) -> list[Mapping]:
    """The stored rows that are earlier versions of the amendment ``row``, oldest first."""
    section = Section(row["section"])
    number = number_key(row.get("original_document_number"))
    own = ReturnPeriod.parse(row["supplier_return_period"])
    found = []
    for other in candidates:
        if other.get("name") == row.get("name") or other["supplier_gstin"] != row["supplier_gstin"]:
            continue
        if (other.get("supplier_filing_status") or "Filed") != "Filed":
            continue  # never counted: a saved record is not in any GSTR-2B
        period = ReturnPeriod.parse(other["supplier_return_period"])
        other_section = Section(other["section"])
        if other_section is section.original and number_key(other["document_number"]) == number:
            found.append(((0, period), other))
        elif (other_section is section and number_key(other.get("original_document_number")) == number
              and period < own):
            found.append(((1, period), other))
    return [other for _, other in sorted(found, key=lambda item: item[0])]


def _version(row: Mapping) -> Version:
    amounts = Amounts(*(to_paise(row.get(head)) for head in _AMOUNTS))
    action = row.get("gstn_action") or "No Action"
    label = (
        f"{Section(row['section']).label} {row['document_number']} (return period "
        f"{row['supplier_return_period']}, {action}, tax {format_inr(amounts.total_tax)})"
    )
    return Version(ACTION_BY_LABEL.get(action, Action.NO_ACTION), amounts, row.get("gstr2b_period") or None,
                   label=label)


def carried_versions(new_row: Mapping, old_row: Mapping | None) -> str:
    """The ``earlier_versions`` a row keeps when a download writes over it (JSON text).

    A row is named by its document, so a later amendment of the same document
    lands on the row of the earlier one: that earlier amendment, with its action
    and values, is kept here (only for a filed one: a saved record never counted).
    """
    if old_row is None:
        return ""
    kept = json.loads(old_row.get("earlier_versions") or "[]")
    replaced = old_row.get("supplier_return_period") != new_row.get("supplier_return_period")
    if replaced and Section(new_row["section"]).is_amendment and (
        (old_row.get("supplier_filing_status") or "Filed") == "Filed"
    ):
        version = {column: old_row.get(column) for column in VERSION_COLUMNS}
        version["name"] = f"{old_row['name']}@{old_row['supplier_return_period']}"
        kept.append(version)
    return json.dumps(kept, default=str) if kept else ""


def with_original(state: RecordState, row: Mapping, candidates: Sequence[Mapping]) -> RecordState:
    """``state`` with its original attached when an earlier version is stored."""
    if not state.record.section.is_amendment or state.original is not None:
        return state
    kept = json.loads(row.get("earlier_versions") or "[]")
    versions = [_version(other) for other in earlier_versions(row, [*candidates, *kept])]
    if not versions:
        return state
    found = "found among the downloaded records: " + "; then ".join(v.label for v in versions)
    return replace(state, original=original_from_versions(versions, found))


def original_text(state: RecordState) -> str:
    """In words: where an amendment's original came from, or that it is unknown."""
    record = state.record
    if not record.section.is_amendment:
        return ""
    if state.original is not None:
        found = state.original.found or "known"
        return f"Original {found}. ITC moves by the difference from the value last counted."
    day = f" dated {day_label(record.original_date)}" if record.original_date else ""
    return unknown_original_text(f"{record.original_number or ''}{day}".strip() or None)


__all__ = [
    "VERSION_COLUMNS", "carried_versions", "earlier_versions", "number_key", "original_text",
    "with_original",
]
