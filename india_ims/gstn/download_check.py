"""A download's records checked against GSTN's own count of them (GETCNT, spec 1.6).

GETINV answers with a section's records and nothing that says they are all of them; GETCNT says
how many records IMS holds per section and action. ``ImsAdapter.download`` reads the counts first,
then every section, and compares: a section whose counted total differs from the records received
is named, with both numbers, in the download's warnings, never passed over in silence.

The two are separate calls, so a supplier filing between them, or a record leaving IMS as GSTR-3B
is filed, moves one and not the other: a difference is a warning (download again; if it stays,
ask the GSP), not a refusal. What is refused is a file that announces its own count and holds fewer
(FILEDET's invoice count per file, ``client``): that page was cut short, whatever happened in IMS.

Providers give the counts in different ways (``ims_status.parse_counts``): a section's four counts
by action, a section's total, a group's total (``ttl_cnt`` over all_oth's eight sections), or some
of these. A section is checked against its own count where it has one, the counts by action trusted
over a total that disagrees with them; sections counted only inside their group's total are checked
together against what that total leaves for them. Where GETCNT contradicts itself (actions against a
section's total, sections against their group's total), the warning says which figure was used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..gst_india.documents import ImsRecord, Section
from ..gst_india.payload.ims_status import ActionCounts, GroupCount


@dataclass(frozen=True, slots=True)
class CountMismatch:
    """A section whose records received differ from the total GSTN counted for it."""

    section: Section
    counted: int  # GETCNT: no action + accepted + rejected + pending
    received: int  # records GETINV (or the queued files) returned

    @property
    def message(self) -> str:
        return (
            f"{self.section.label} ({self.section.value}): GSTN counts {self.counted} records in IMS "
            f"(GETCNT) but the download returned {self.received} "
            f"({_difference(self.counted, self.received)}); download again, and "
            "if the numbers still differ, ask your GSP"
        )


def _difference(counted: int, received: int) -> str:
    gap = counted - received
    return f"{gap} missing" if gap > 0 else f"{-gap} more than counted"


@dataclass(frozen=True, slots=True)
class GroupMismatch:
    """Sections GETCNT counted only inside their group's total, whose records differ from what that
    total leaves for them (the total less the counts it gave for the group's other sections)."""

    group: str
    sections: tuple[Section, ...]
    counted: int
    received: int
    group_total: int

    @property
    def message(self) -> str:
        names = ", ".join(f"{section.label} ({section.value})" for section in self.sections)
        share = f"its total is {self.counted}"
        if self.counted != self.group_total:
            share = (f"its total of {self.group_total} less the counts it gave for the group's other "
                     f"sections leaves {self.counted}")
        return (
            f"{names}: GSTN (GETCNT) counts these only inside the {self.group} group, and {share} records "
            f"for them, but the download returned {self.received} "
            f"({_difference(self.counted, self.received)}); download again, and if the numbers still differ, "
            "ask your GSP"
        )


@dataclass(frozen=True, slots=True)
class CountDisagreement:
    """GETCNT contradicting itself: a section's counts by action against its stated total (``section``
    set), or a group's sections' counts against the group's total (``group`` set)."""

    parts: int  # the counts by action (a section), or the sections' counts (a group), added up
    stated: int  # the total GETCNT states for it
    section: Section | None = None
    group: str = ""
    received: int | None = None  # the section's records downloaded (a section's disagreement)

    @property
    def message(self) -> str:
        if self.section is not None:
            got = f"; the download returned {self.received}" if self.received is not None else ""
            return (
                f"{self.section.label} ({self.section.value}): GSTN's counts (GETCNT) by action add up to "
                f"{self.parts} records but the total given beside them says {self.stated}; the download was "
                f"checked against the counts by action, the figures GSTN itself gives per section{got}; "
                "if this persists, ask your GSP which is right"
            )
        return (
            f"GSTN's counts (GETCNT) for the {self.group} group: its sections add up to {self.parts} records "
            f"but the group's total says {self.stated}; each section was checked against its own count; "
            "if this persists, ask your GSP which is right"
        )


@dataclass(frozen=True)
class CountCheck:
    """Every way a download's records and GETCNT's counts disagree."""

    mismatches: tuple[CountMismatch, ...] = ()
    group_mismatches: tuple[GroupMismatch, ...] = ()
    disagreements: tuple[CountDisagreement, ...] = ()
    unchecked: tuple[Section, ...] = ()


@dataclass(frozen=True)
class Download:
    """What a download brought, and whether GSTN's counts agree with it."""

    records: list[ImsRecord]
    mismatches: tuple[CountMismatch, ...] = ()
    unchecked: tuple[Section, ...] = ()  # downloaded, with no count of their own nor a group total to check
    counts_error: str = ""  # GETCNT failed: no total was checked
    group_mismatches: tuple[GroupMismatch, ...] = ()
    disagreements: tuple[CountDisagreement, ...] = ()  # GETCNT contradicting itself

    @property
    def warnings(self) -> tuple[str, ...]:
        out = [mismatch.message for mismatch in (*self.mismatches, *self.group_mismatches)]
        out.extend(disagreement.message for disagreement in self.disagreements)
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


def check_counts(
    counts: Mapping[str, ActionCounts], received: Mapping[Section, int], sections: Iterable[Section]
) -> CountCheck:
    """``compare_counts``, then what GETCNT's group totals say of the sections it gave no count of
    their own, and where GETCNT contradicts itself, for the downloaded ``sections``."""
    sections = tuple(sections)
    mismatches, unchecked = compare_counts(counts, received, sections)
    disagreements = [
        CountDisagreement(counts[s.value].action_sum, counts[s.value].stated_total, section=s,
                          received=received.get(s, 0))
        for s in sections
        if s.value in counts and counts[s.value].disagrees
    ]
    group_mismatches: list[GroupMismatch] = []
    left = list(unchecked)
    # a plain mapping of section counts (no groups read) has nothing more to say
    for group in getattr(counts, "groups", ()):
        taken = [s for s in sections if s.value in group.members]
        if group.total is None or not taken:
            continue
        disagreement, by_total, mismatch = _group_check(group, counts, received, taken)
        disagreements.extend(disagreement)
        group_mismatches.extend(mismatch)
        left = [s for s in left if s not in by_total]
    return CountCheck(mismatches, tuple(group_mismatches), tuple(disagreements), tuple(left))


def _group_check(
    group: GroupCount,
    counts: Mapping[str, ActionCounts],
    received: Mapping[Section, int],
    taken: list[Section],
) -> tuple[tuple[CountDisagreement, ...], tuple[Section, ...], tuple[GroupMismatch, ...]]:
    """One group with a total: its disagreement with its sections' counts, the downloaded sections it
    checks (those without a count of their own, when every such section of the group was downloaded:
    otherwise the total cannot be shared out), and their mismatch."""
    listed_sum = sum(counts[key].total for key in group.listed if key in counts)
    unlisted = [key for key in group.members if key not in group.listed]
    if (not unlisted and listed_sum != group.total) or listed_sum > group.total:
        return (CountDisagreement(listed_sum, group.total, group=group.name),), (), ()
    uncounted = tuple(s for s in taken if s.value not in group.listed)
    if not uncounted or set(unlisted) - {s.value for s in uncounted}:
        return (), (), ()
    share = group.total - listed_sum
    got = sum(received.get(s, 0) for s in uncounted)
    if got == share:
        return (), uncounted, ()
    return (), uncounted, (GroupMismatch(group.name, uncounted, share, got, group.total),)


def checked_download(
    records: list[ImsRecord],
    counts: Mapping[str, ActionCounts] | None,
    sections: Iterable[Section],
    counts_error: str = "",
    also_received: Mapping[Section, int] | None = None,
) -> Download:
    """``records`` of ``sections`` with GETCNT's ``counts`` (None when they could not be read).
    ``also_received``: records of sections received but not among ``records`` (left unread)."""
    sections = tuple(sections)
    if counts is None:
        return Download(records, (), sections, counts_error or "no counts")
    received = received_per_section(records)
    received.update(also_received or {})
    check = check_counts(counts, received, sections)
    return Download(
        records, check.mismatches, check.unchecked, "", check.group_mismatches, check.disagreements
    )
