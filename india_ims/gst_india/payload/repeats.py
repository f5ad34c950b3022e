"""The same IMS document twice in one download: once read, or refused when the copies differ.

Queued downloads come as several files and providers page their answers; a record can then arrive
twice (a page boundary replayed, a file merged twice). An exact repeat is read once and reported; two
different records for one document (section, supplier, number, return period: GSTN's own key) cannot
both be what GSTN holds, so the download is refused with both places named.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby
from operator import attrgetter

from ..documents import ImsRecord
from ..errors import PayloadError

_SECTION, _SUPPLIER = attrgetter("section"), attrgetter("supplier_gstin")
_NUMBER, _PERIOD = attrgetter("document_number"), attrgetter("supplier_return_period")


def _all_unique(records: Sequence[ImsRecord]) -> bool:
    """No document twice, decided for the usual case (a lakh of records, sections one after another)
    by iterations that run in C. The section stays out of the hashed key (an enum hashes in Python);
    each section's run is checked alone, and a section met in two runs takes the full check."""
    seen = set()
    for section, run in groupby(records, _SECTION):
        if section in seen:
            return False
        seen.add(section)
        run = list(run)
        numbers = map(str.upper, map(_NUMBER, run))
        if len(set(zip(map(_SUPPLIER, run), numbers, map(_PERIOD, run)))) != len(run):
            return False
    return True


def _key(record: ImsRecord) -> tuple:
    return (record.section, record.supplier_gstin, record.document_number.upper(),
            record.supplier_return_period)


def drop_repeats(records: Sequence[ImsRecord], places: Iterable[str] | None = None
                 ) -> tuple[list[ImsRecord], list[str]]:
    """``(records without exact repeats, one note per repeat dropped)``; ``PayloadError`` when two
    records of one document differ. ``places`` names each record for messages (default: its section
    and position in it)."""
    if _all_unique(records):
        return list(records), []
    keys = [_key(record) for record in records]
    names = list(places) if places is not None else positions(records)
    first: dict[tuple, int] = {}
    kept: list[ImsRecord] = []
    notes: list[str] = []
    for index, (key, record) in enumerate(zip(keys, records)):
        earlier = first.get(key)
        if earlier is None:
            first[key] = index
            kept.append(record)
            continue
        if records[earlier] == record:
            notes.append(f"{names[index]}, document {record.document_number!r}: the same record as "
                         f"{names[earlier]} (read once)")
            continue
        differ = [name for name in _FIELDS if getattr(records[earlier], name) != getattr(record, name)]
        raise PayloadError(
            f"{names[index]}, document {record.document_number!r} of {record.supplier_gstin}: a second, "
            f"different record of the document in {names[earlier]} (they differ in {', '.join(differ)}); "
            "GSTN holds one record per document, so the download is refused"
        )
    return kept, notes


_FIELDS = tuple(name for name in ImsRecord.__dataclass_fields__ if name not in ("section", "supplier_gstin"))


def positions(records: Sequence[ImsRecord]) -> list[str]:
    counts: dict = {}
    out = []
    for record in records:
        counts[record.section] = position = counts.get(record.section, 0) + 1
        out.append(f"section {record.section.value}, record {position}")
    return out
