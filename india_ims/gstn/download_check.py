"""A download's records checked against GSTN's own count of them (GETCNT, spec 1.6).

GETINV answers with a section's records and nothing that says they are all of them; GETCNT says
how many records IMS holds per section and action. ``ImsAdapter.download`` reads the counts first,
then every section, and compares: a section whose counted total differs from the records received
is named, with both numbers, in the download's warnings, never passed over in silence.

The two are separate calls, so a supplier filing between them, or a record leaving IMS as GSTR-3B
is filed, moves one and not the other: a difference is a warning (download again; if it stays,
ask the GSP), not a refusal. What is refused is a file that announces its own count and holds fewer
(FILEDET's invoice count per file, ``client``): that page was cut short, whatever happened in IMS.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..gst_india.documents import ImsRecord, Section
from ..gst_india.payload.ims_status import ActionCounts


@dataclass(frozen=True, slots=True)
class CountMismatch:
    """A section whose records received differ from the total GSTN counted for it."""

    section: Section
    counted: int  # GETCNT: no action + accepted + rejected + pending
    received: int  # records GETINV (or the queued files) returned

    @property
    def message(self) -> str:
        gap = self.counted - self.received
        difference = f"{gap} missing" if gap > 0 else f"{-gap} more than counted"
        return (
            f"{self.section.label} ({self.section.value}): GSTN counts {self.counted} records in IMS "
            f"(GETCNT) but the download returned {self.received} ({difference}); download again, and "
            "if the numbers still differ, ask your GSP"
        )


@dataclass(frozen=True)
class Download:
    """What a download brought, and whether GSTN's counts agree with it."""

    records: list[ImsRecord]
    mismatches: tuple[CountMismatch, ...] = ()
    unchecked: tuple[Section, ...] = ()  # sections downloaded that GETCNT gave no count for
    counts_error: str = ""  # GETCNT failed: no total was checked

    @property
    def warnings(self) -> tuple[str, ...]:
        out = [mismatch.message for mismatch in self.mismatches]
        if self.counts_error:
            out.append(
                "GSTN's counts (GETCNT) could not be read, so the download's totals were not checked: "
                + self.counts_error
            )
        return tuple(out)

    @property
    def checked(self) -> bool:
        """Every section's total was checked and agreed."""
        return not self.warnings and not self.unchecked


def received_per_section(records: Iterable[ImsRecord]) -> Counter:
    return Counter(record.section for record in records)


def compare_counts(
    counts: Mapping[str, ActionCounts], received: Mapping[Section, int], sections: Iterable[Section]
) -> tuple[tuple[CountMismatch, ...], tuple[Section, ...]]:
    """Mismatches of the downloaded ``sections``, and the sections GETCNT gave no count for (a count
    call for one group of sections says nothing of the others)."""
    mismatches: list[CountMismatch] = []
    unchecked: list[Section] = []
    for section in sections:
        counted = counts.get(section.value)
        if counted is None:
            unchecked.append(section)
            continue
        got = received.get(section, 0)
        if counted.total != got:
            mismatches.append(CountMismatch(section, counted.total, got))
    return tuple(mismatches), tuple(unchecked)


def checked_download(
    records: list[ImsRecord],
    counts: Mapping[str, ActionCounts] | None,
    sections: Iterable[Section],
    counts_error: str = "",
) -> Download:
    """``records`` of ``sections`` with GETCNT's ``counts`` (None when they could not be read)."""
    sections = tuple(sections)
    if counts is None:
        return Download(records, (), sections, counts_error or "no counts")
    mismatches, unchecked = compare_counts(counts, received_per_section(records), sections)
    return Download(records, mismatches, unchecked)
