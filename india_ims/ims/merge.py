"""Plan a download's writes against what is stored (no frappe import: tested in CI).

Two actions live on a row: ``gstn_action`` (what GSTN holds, owned by the
download) and ``action`` (the local decision). A local decision not yet
uploaded differs from ``gstn_action`` and is never overwritten. A row whose
local action equals the old GSTN action has no pending decision, so it follows
GSTN: a decision taken directly on the portal is picked up, and the next
upload has nothing to revert.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from india_ims.gst_india.documents import ImsRecord
from india_ims.gst_india.payload.gstr2b_summary import ims_section_of
from india_ims.gst_india.rules import RecordState, RuleContext, pending_allowed
from india_ims.gst_india.rules.lifecycle import decide_gstr2b_period, settled_basis, supplier_edited

from .rows import record_digest, record_name, record_to_row


@dataclass(frozen=True, slots=True)
class StoredRow:
    name: str
    digest: str
    action: str
    gstn_action: str
    filed: bool | None = None  # the supplier had filed it when last downloaded
    gstr2b_period: str = ""
    basis: str = ""  # how gstr2b_period was decided, in words


@dataclass(frozen=True, slots=True)
class PortalChange:
    """A local action that moves because GSTN's changed and no local decision was pending."""

    name: str
    old_action: str
    new_action: str


@dataclass(frozen=True, slots=True)
class SupplierEdit:
    """FAQ 16: a local action not yet uploaded, reset to GSTN's because the supplier edited the
    document (before filing) after it was taken: the user never saw the new values."""

    name: str
    old_action: str
    new_action: str

    @property
    def reason(self) -> str:
        return (
            f"the supplier edited the document (FAQ 16): your {self.old_action}, not yet uploaded, was reset"
        )


@dataclass
class DownloadPlan:
    inserts: list[dict] = field(default_factory=list)
    updates: list[dict] = field(default_factory=list)
    unchanged: int = 0
    unchanged_in: Counter = field(default_factory=Counter)  # by section: a repeated download's words
    repeated: int = 0  # the same document twice in one download: the last one wins
    portal_changes: list[PortalChange] = field(default_factory=list)
    records: dict[str, ImsRecord] = field(default_factory=dict)  # each written row's record, by name
    # Inserts whose columns are made as they are written (``plan_download(defer_new=True)``): by name,
    # what makes them. Their rows hold ``name`` and ``supplier_return_period`` until ``complete``.
    deferred: dict[str, Callable[[], dict]] = field(default_factory=dict)

    @property
    def writes(self) -> int:
        return len(self.inserts) + len(self.updates)

    def complete(self, row: dict) -> dict:
        """``row``, given its columns if it is a deferred insert (in place). Pure Python: it may run
        in the thread that makes the write's statements while earlier ones run."""
        make = self.deferred.pop(row["name"], None)
        if make is not None:
            row.update(make())
        return row


def plan_download(
    records: Iterable[ImsRecord],
    stored: Mapping[str, StoredRow],
    *,
    company: str,
    company_gstin: str,
    derived: Callable[[ImsRecord], dict] | None = None,
    defer_new: bool = False,
) -> DownloadPlan:
    """Sort downloaded records into inserts, updates and unchanged rows.

    ``derived(record, name)`` adds columns computed from the record (pending
    allowed, GSTR-2B period and how it was decided); they are written with the
    row but kept out of the digest, which covers only what GSTN sent, so they
    are computed only for rows that are written: a repeated download no longer
    runs the rules on every unchanged row.

    ``defer_new``: a new record's row (its columns, digest and derived columns) is made when it is
    written (``DownloadPlan.complete``), so a first download makes it while the server writes the
    rows before it; its name and supplier period are there at once (matching needs nothing else).
    """
    plan = DownloadPlan()
    gstin = company_gstin.strip().upper()
    latest: dict[str, ImsRecord] = {}
    for record in records:
        name = record_name(record, gstin)
        if name in latest:
            plan.repeated += 1
        latest[name] = record

    def new_row(record: ImsRecord, name: str) -> dict:
        row = record_to_row(record, company=company, company_gstin=company_gstin)
        row["name"] = name
        row["content_digest"] = record_digest(record, company=company, company_gstin=gstin)
        if derived is not None:
            row.update(derived(record, name))
        row["action"] = row["gstn_action"]
        row["upload_pending"] = 0
        return row

    for name, record in latest.items():
        old = stored.get(name)
        if old is None:
            plan.records[name] = record
            if defer_new:
                plan.deferred[name] = functools.partial(new_row, record, name)
                plan.inserts.append({"name": name, "supplier_return_period": record.supplier_return_period})
            else:
                plan.inserts.append(new_row(record, name))
            continue
        digest = record_digest(record, company=company, company_gstin=gstin)
        if old.digest == digest:
            plan.unchanged += 1
            plan.unchanged_in[record.section] += 1
            continue
        # Only rows to write are built: a repeated download compares digests and nothing else.
        row = record_to_row(record, company=company, company_gstin=company_gstin)
        row["name"] = name
        row["content_digest"] = digest
        if derived is not None:
            row.update(derived(record, name))
        plan.records[name] = record
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


def reset_supplier_edits(
    plan: DownloadPlan,
    stored: Mapping[str, StoredRow],
    read_records: Callable[[list[str]], Mapping[str, ImsRecord]],
) -> list[SupplierEdit]:
    """FAQ 16: an update whose stored row holds a local action not yet uploaded keeps that action
    (``plan_download``) unless the supplier edited the document's values: then the action on the old
    values is reset to GSTN's, in the plan's row, and returned. GSTN's status fields alone (its
    action, flags, checksum) moving is not an edit, so the document's fingerprint is compared, not
    the digest. ``read_records(names)`` reads the stored records of just those rows, in one go: a
    download with no pending local decision among its updates reads nothing."""
    pending = {}
    for row in plan.updates:
        old = stored.get(row["name"])
        if old is not None and old.action != old.gstn_action:
            pending[row["name"]] = row
    if not pending:
        return []
    before = read_records(list(pending))
    edits = []
    for name, row in pending.items():
        old_record = before.get(name)
        if old_record is None or not supplier_edited(old_record, plan.records[name]):
            continue
        edits.append(SupplierEdit(name, stored[name].action, row["gstn_action"]))
        row["action"] = row["gstn_action"]
        row["upload_pending"] = 0
    return edits


def supplier_edits_text(edits: list[SupplierEdit]) -> str:
    """The Sync Log's words for ``edits``, e.g. "the supplier edited 2 documents (FAQ 16): your
    actions on them not yet uploaded (Accepted 2) were reset to GSTN's"."""
    counts: dict[str, int] = {}
    for edit in edits:
        counts[edit.old_action] = counts.get(edit.old_action, 0) + 1
    each = ", ".join(f"{action} {n}" for action, n in sorted(counts.items()))
    what, it = ("the document", "it") if len(edits) == 1 else (f"{len(edits)} documents", "them")
    return (
        f"the supplier edited {what} (FAQ 16): your actions on {it} not yet uploaded ({each}) "
        "were reset to GSTN's"
    )


def periods_to_match_first(
    inserted: Iterable[str], updated: Iterable[str], stored: Iterable[str], reconciled: Iterable[str]
) -> list[str]:
    """The supplier periods a download matches before writing their rows, in the order a worker
    would reconcile them after it (sorted): ``inserted`` and ``updated`` are the periods of the rows
    it inserts and updates, ``stored`` the periods that already have rows, ``reconciled`` every period
    the job reconciles afterwards. A period qualifies when all its rows are new (nothing of it stored
    or updated: no earlier match, no manual match to keep); the walk stops at the first period that
    does not, since reconciling that one first could change what the later ones may match."""
    fresh = set(inserted) - set(updated) - set(stored)
    out = []
    for period in sorted({*inserted, *updated, *reconciled} - {""}):
        if period not in fresh:
            break
        out.append(period)
    return out


def gstr2b_columns(record: ImsRecord, old: StoredRow | None, *, quarterly: bool, today: date | None) -> dict:
    """The GSTR-2B period of a downloaded record and how it was decided, in words (spec 3.5).

    A period settled from what GSTN said is kept; a record seen saved before
    and filed now was filed by ``today``, so the cut-off places it; otherwise
    its return period stands, and the words say the filing date is unknown.
    """
    if old is not None and record.supplier_filed and old.gstr2b_period and settled_basis(old.basis):
        return {"gstr2b_period": old.gstr2b_period, "gstr2b_period_basis": old.basis}
    first_seen = today if old is not None and old.filed is False and record.supplier_filed else None
    return _decided_columns(record, quarterly, first_seen)


def _decided_columns(record: ImsRecord, quarterly: bool, first_seen: date | None) -> dict:
    decision = decide_gstr2b_period(record, recipient_quarterly=quarterly, first_seen_filed=first_seen)
    return {
        "gstr2b_period": str(decision.period) if decision.period else "",
        "gstr2b_period_basis": decision.text,
    }


def derive_columns(
    context: RuleContext, stored: Mapping[str, StoredRow] | None = None, today: date | None = None
) -> Callable[[ImsRecord, str | None], dict]:
    """``derived`` for ``plan_download``: whether Pending is allowed, the GSTR-2B period and how it was
    decided (spec 3.5: by when the supplier filed, not only its return period).

    ``stored`` maps a row name to what is stored: a period settled from better information is kept,
    and a record first seen filed now, after being seen saved, was filed by today.

    A download runs these rules on 100,000 records that share a handful of answers, so each answer
    is kept per the inputs the rule reads: Pending, when GSTN flags it, reads the flag alone (its
    first rule; other records run every rule); a period decided afresh reads whether and on which
    form the supplier filed, its return period and the first sighting as filed. Tests hold the rows
    equal to those of the rules run on every record.
    """
    stored = stored or {}
    quarterly = context.quarterly
    flagged: dict[bool, int] = {}
    periods: dict[tuple, dict] = {}

    def derive(record: ImsRecord, name: str | None = None) -> dict:
        old = stored.get(name) if name else None
        blocked = record.pending_blocked
        allowed = flagged.get(blocked) if blocked is not None else None
        if allowed is None:
            allowed = int(pending_allowed(RecordState(record=record), context).allowed)
            if blocked is not None:
                flagged[blocked] = allowed
        filed = record.supplier_filed
        if old is not None and filed and old.gstr2b_period and settled_basis(old.basis):
            columns = {"gstr2b_period": old.gstr2b_period, "gstr2b_period_basis": old.basis}
        else:
            first_seen = today if old is not None and old.filed is False and filed else None
            key = (filed, record.source_form, record.supplier_return_period, first_seen)
            columns = periods.get(key)
            if columns is None:
                columns = periods[key] = _decided_columns(record, quarterly, first_seen)
        return {"pending_allowed": allowed, **columns}

    return derive


def gstr2b_listing(documents, period: str, label: str) -> dict[tuple[str, str, str], dict]:
    """(IMS section, supplier GSTIN, upper-cased number) -> the period columns of each IMS document
    a generated GSTR-2B lists: GSTN's own placement, which settles the period (spec 3.5)."""
    text = f"listed in the GSTR-2B of {label} as generated by GSTN"
    listing = {}
    for document in documents:
        section = ims_section_of(document)
        if section is None:
            continue  # not an IMS document (ISD, imports, ...)
        key = (section, document.supplier_gstin, document.document_number.strip().upper())
        listing[key] = {"gstr2b_period": period, "gstr2b_period_basis": text}
    return listing
