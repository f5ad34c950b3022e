"""Sections a repeated download can leave unread: exactly as the download that wrote them sent them.

A daily download mostly brings every section exactly as it came yesterday, and reading a lakh of
records only to find each one equal to its row is most of such a run. So after a download writes,
each section's answer fingerprint (``section_answer``) is kept with the state its rows were left in:
how many rows the section holds and a sum of their content digests. The next download leaves a
section unread when

- its answer has the same fingerprint, for the same company and GSTIN, read by the same code
  (``code_identity``: the modules that turn an answer into rows and digests), and
- the section's stored rows are still in the state kept: none added, removed, or given another digest
  (an upload that recorded GSTN's new action, a write taken back, a test that cleared rows).

Then every record would compare equal to its row and the plan would write nothing, so nothing is
lost by not reading it. Anything else, a lost entry included, reads the section as before. No frappe
import: the Frappe layer keeps the entries (``download``) and this module decides.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from india_ims.gst_india.documents import Section
from india_ims.gst_india.payload.section_answer import SectionAnswer

_MASK = (1 << 64) - 1
_PACKAGE = Path(__file__).resolve().parent.parent
# What turns an answer into rows and digests: the whole pure core, the row mapping and this module.
_READING_CODE = ("gst_india", "ims/rows.py", "ims/merge.py", "ims/payload_seen.py")


@lru_cache(maxsize=1)
def code_identity() -> str:
    """A digest of the source that reads answers into rows: an upgrade that reads or digests a
    record differently never skips what the code before it read."""
    from india_ims import __version__  # where only compiled files ship, the release still counts

    digest = hashlib.blake2b(__version__.encode(), digest_size=16)
    for part in _READING_CODE:
        path = _PACKAGE / part
        files = sorted(path.rglob("*.py")) if path.is_dir() else [path]
        for file in (f for f in files if f.is_file()):
            digest.update(str(file.relative_to(_PACKAGE)).encode())
            digest.update(file.read_bytes())
    return digest.hexdigest()


def _weight(digest: str) -> int:
    """A row's share of its section's state: the leading 64 bits of its content digest (hex), which
    names the row too (the digest covers the document's identity)."""
    try:
        return int(digest[:16], 16)
    except ValueError:
        return int.from_bytes(hashlib.blake2b(digest.encode(), digest_size=8).digest(), "big")


def _sum(digests: Iterable[str]) -> int:
    return sum(map(_weight, digests)) & _MASK


@dataclass
class SectionState:
    """How many rows a section holds and the sum of their digests' weights (modulo 2**64)."""

    rows: int = 0
    total: int = 0

    def as_list(self) -> list[int]:
        return [self.rows, self.total]


def states_of(rows: Iterable[tuple[str, str]]) -> dict[str, SectionState]:
    """The state of each section (its value, as stored) from (section, content digest) pairs."""
    digests: dict[str, list[str]] = {}
    for section, digest in rows:
        digests.setdefault(section, []).append(digest or "")
    states = {}
    for section, found in digests.items():
        states[section] = SectionState(len(found), _sum(found))
    return states


@dataclass(frozen=True)
class Skipped:
    """A section left unread: what its last reading found, counted again in the outcome."""

    received: int
    distinct: int


def _same_answer(entry: dict | None, answer: SectionAnswer, company: str) -> bool:
    """Whether ``entry`` was kept for this very answer, company and reading code."""
    return bool(
        entry
        and answer.fingerprint is not None
        and entry.get("fingerprint") == answer.fingerprint
        and entry.get("company") == company
        and entry.get("code") == code_identity()
    )


def skippable(
    entries: Mapping[str, dict] | None,
    answers: Mapping[Section, SectionAnswer],
    states: Mapping[str, SectionState],
    *,
    company: str,
) -> dict[Section, Skipped]:
    """The sections of ``answers`` that need not be read, from the kept ``entries`` (``entries_after``)."""
    skipped: dict[Section, Skipped] = {}
    for section, answer in answers.items():
        entry = (entries or {}).get(section.value)
        state = states.get(section.value, SectionState())
        if _same_answer(entry, answer, company) and entry.get("state") == state.as_list():
            skipped[section] = Skipped(int(entry["received"]), int(entry["distinct"]))
    return skipped


def entries_after(
    entries: Mapping[str, dict] | None,
    answers: Mapping[Section, SectionAnswer],
    states: Mapping[str, SectionState],
    *,
    company: str,
    written: Iterable[tuple[dict, str | None]],
    unchanged_in: Mapping[Section, int],
) -> dict[str, dict]:
    """The entries to keep once a download's writes are done.

    ``states``: the sections' states as read before the writes; ``written``: each row written, with
    the digest its stored row had before (None for a new row), so the states after are known without
    reading the rows again; ``unchanged_in``: the plan's unchanged records by section. A section read
    now gets a new entry; a section skipped keeps its entry, and so does one not downloaded this time
    (its rows' state still has to match for it to be skipped)."""
    after = {section: SectionState(state.rows, state.total) for section, state in states.items()}
    added: dict[str, list[str]] = {}
    removed: dict[str, list[str]] = {}
    for row, old_digest in written:
        section = row["section"]
        added.setdefault(section, []).append(row["content_digest"])
        if old_digest is not None:
            removed.setdefault(section, []).append(old_digest)
    written_in = {section: len(digests) for section, digests in added.items()}
    for section, digests in added.items():
        state = after.setdefault(section, SectionState())
        gone = removed.get(section, ())
        state.rows += len(digests) - len(gone)
        state.total = (state.total + _sum(digests) - _sum(gone)) & _MASK
    kept = dict(entries or {})
    for section, answer in answers.items():
        if answer.fingerprint is None:
            kept.pop(section.value, None)
            continue
        if not answer.is_read:  # skipped: its entry stands as it was
            continue
        kept[section.value] = {
            "fingerprint": answer.fingerprint,
            "company": company,
            "code": code_identity(),
            "state": after.get(section.value, SectionState()).as_list(),
            "received": len(answer),
            "distinct": unchanged_in.get(section, 0) + written_in.get(section.value, 0),
        }
    return kept


@dataclass
class Reading:
    """A download's answers by section, the entries kept from before, and the sections left unread."""

    answers: dict[Section, SectionAnswer]
    entries: dict | None
    skipped: dict[Section, Skipped] = field(default_factory=dict)

    def worth_holding(self, section: Section, company: str) -> bool:
        """Whether ``section``'s answer may turn out unread, once the rows' state is known: the same
        fingerprint as kept. Any other answer is read at once (while the server reads ahead)."""
        return _same_answer((self.entries or {}).get(section.value), self.answers[section], company)

    def judge(self, states: Mapping[str, SectionState], company: str) -> None:
        self.skipped = skippable(self.entries, self.answers, states, company=company)

    def records(self) -> list:
        """The records of every section read (each read now if it was not yet)."""
        out: list = []
        for section, answer in self.answers.items():
            if section not in self.skipped:
                out.extend(answer)
        return out

    @property
    def received(self) -> int:
        return sum(skipped.received for skipped in self.skipped.values())

    @property
    def distinct(self) -> int:
        return sum(skipped.distinct for skipped in self.skipped.values())

    def words(self) -> str:
        """The outcome's note of the sections left unread ("" when none was)."""
        if not self.skipped:
            return ""
        labels = [section.label for section in self.skipped]
        names = labels[0] if len(labels) == 1 else f"{', '.join(labels[:-1])} and {labels[-1]}"
        sections = "section" if len(labels) == 1 else "sections"
        return (
            f"; the {names} {sections} came exactly as the last download sent them, with their rows as "
            f"it left them, so their {self.received} records were counted unchanged without being read again"
        )
