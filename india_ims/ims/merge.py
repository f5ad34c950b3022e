"""Plan a download's writes against what is stored (no frappe import: tested in CI).

Two actions live on a row: ``gstn_action`` (what GSTN holds, owned by the
download) and ``action`` (the local decision). A local decision not yet
uploaded differs from ``gstn_action`` and is never overwritten. A row whose
local action equals the old GSTN action has no pending decision, so it follows
GSTN: a decision taken directly on the portal is picked up, and the next
upload has nothing to revert.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from india_ims.gst_india.documents import ImsRecord

from .rows import content_digest, identity, record_to_row, row_name


@dataclass(frozen=True, slots=True)
class StoredRow:
    name: str
    digest: str
    action: str
    gstn_action: str


@dataclass(frozen=True, slots=True)
class PortalChange:
    """A local action that moves because GSTN's changed and no local decision was pending."""

    name: str
    old_action: str
    new_action: str


@dataclass
class DownloadPlan:
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    unchanged: int = 0
    repeated: int = 0  # the same document twice in one download: the last one wins
    portal_changes: list[PortalChange] = field(default_factory=list)

    @property
    def writes(self) -> int:
        return len(self.inserts) + len(self.updates)


def plan_download(
    records: Iterable[ImsRecord],
    stored: Mapping[str, StoredRow],
    *,
    company: str,
    company_gstin: str,
    derived: Callable[[ImsRecord], dict] | None = None,
) -> DownloadPlan:
    """Sort downloaded records into inserts, updates and unchanged rows.

    ``derived`` adds columns computed from the record (pending allowed,
    GSTR-2B period); they are written with the row but kept out of the digest,
    which covers only what GSTN sent, so they are computed only for rows that
    are written: a repeated download no longer runs the rules on every
    unchanged row.
    """
    plan = DownloadPlan()
    latest: dict[str, dict] = {}
    sources: dict[str, ImsRecord] = {}
    for record in records:
        row = record_to_row(record, company=company, company_gstin=company_gstin)
        name = row_name(identity(company_gstin, record))
        if name in latest:
            plan.repeated += 1
        row["name"] = name
        row["content_digest"] = content_digest(row)
        latest[name] = row
        sources[name] = record
    for name, row in latest.items():
        old = stored.get(name)
        if old is not None and old.digest == row["content_digest"]:
            plan.unchanged += 1
            continue
        if derived is not None:
            row.update(derived(sources[name]))
        if old is None:
            row["action"] = row["gstn_action"]
            row["upload_pending"] = 0
            plan.inserts.append(row)
            continue
        new_gstn = row["gstn_action"]
        if old.action == old.gstn_action:
            row["action"] = new_gstn
            if new_gstn != old.action:
                plan.portal_changes.append(PortalChange(name, old.action, new_gstn))
        else:
            row["action"] = old.action
        row["upload_pending"] = int(row["action"] != new_gstn)
        plan.updates.append(row)
    return plan
