"""Download job body: every IMS section through the client, upserted in bulk.

GSTN may queue a large section (token + minutes to wait). The job does not
sleep on it: the token goes into the Sync Log, the log stays Queued with the
stage "waiting for GSTN", and the scheduled ``follow_up_queued`` collects the
files when they are due. Re-running after a crash is safe: rows are named by
their identity and a row whose content digest is unchanged is not written.
What a download reads before it writes (the sections, what is stored, the
sections it may leave unread) is ``download_read``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from operator import itemgetter

import frappe
from frappe.utils import add_to_date, get_datetime, now_datetime

from india_ims.gst_india.documents import ImsRecord, Section
from india_ims.gst_india.memory import cyclic_gc_paused

from . import (
    download_counts,
    download_read,
    figures_store,
    first_match,
    first_write,
    gstn_link,
    infile,
    match_plan,
    originals,
    payload_seen,
    reconcile,
    sqlwrite,
    synclog,
)
from .actions import write_action_logs
from .constants import INWARD_SUPPLY, SOURCE_PORTAL
from .context import derived_columns, rule_context
from .merge import (
    StoredRow,
    SupplierEdit,
    periods_to_match_first,
    plan_download,
    reset_supplier_edits,
    supplier_edits_text,
)
from .rows import GSTN_COLUMNS, MATCH_COLUMNS, declaration_columns, row_to_record

WAITING = "waiting for GSTN"
# Rows per progress step, each several INSERT statements: the first of a step's statements is made
# before it runs, the others while the one before runs (sqlwrite.Ahead), so few steps make few waits.
UPSERT_CHUNK = 20_000
WRITE_COLUMNS = (
    *GSTN_COLUMNS,
    "content_digest",
    "pending_allowed",
    "gstr2b_period",
    "gstr2b_period_basis",
    "earlier_versions",
    "action",
    "upload_pending",
    "downloaded_on",
)
# Evaluated before gstn_action changes: a row without a pending local decision follows GSTN.
ACTION_EXPRESSIONS = (
    "`action` = IF(`action` = `gstn_action`, VALUES(`gstn_action`), `action`)",
    "`gstn_action` = VALUES(`gstn_action`)",
    # a declared ITC reduction waiting to go with Accept keeps the row pending (see upload.py)
    "`upload_pending` = IF(`action` = `gstn_action` AND NOT (`action` = 'Accepted' "
    "AND IFNULL(`upload_itc_reduction`, '') != ''), 0, 1)",
)
UPDATED_COLUMNS = tuple(c for c in WRITE_COLUMNS if c not in ("action", "gstn_action", "upload_pending"))
# New rows matched before their first write (first_match) carry their match columns and the paired
# invoice's figures (``match_plan.BOOKS_COLUMNS``), as a reconciliation writes them.
MATCHED_COLUMNS = (*WRITE_COLUMNS, *MATCH_COLUMNS, *match_plan.BOOKS_COLUMNS)
MATCHED_UPDATED = (*UPDATED_COLUMNS, *MATCH_COLUMNS, *match_plan.BOOKS_COLUMNS)


def carry_earlier_versions(updates: list[dict]) -> None:
    """A later amendment of a document lands on the earlier amendment's row: keep that one's action
    and values, the value last counted that the new one is measured against (spec 1.8)."""
    names = [row["name"] for row in updates if Section(row["section"]).is_amendment]
    old = {}
    if names:
        columns = ", ".join(f"`{c}`" for c in (*originals.VERSION_COLUMNS, "earlier_versions"))
        old = {
            row["name"]: row
            for row in frappe.db.sql(
                f"select {columns} from `tab{INWARD_SUPPLY}` where name in %(names)s",
                {"names": names},
                as_dict=True,
            )
        }
    for row in updates:
        row["earlier_versions"] = originals.carried_versions(row, old.get(row["name"]))


def stored_records(names: list[str]) -> dict[str, ImsRecord]:
    """The records stored under ``names``, as GSTN last sent them (one statement)."""
    columns = ", ".join(f"`{c}`" for c in ("name", *GSTN_COLUMNS))
    rows = frappe.db.sql(
        f"select {columns} from `tab{INWARD_SUPPLY}` where name in %(names)s", {"names": names}, as_dict=True
    )
    return {row["name"]: row_to_record(row) for row in rows}


def write_supplier_edits(edits: list[SupplierEdit]) -> None:
    """Reset the actions of ``edits`` to GSTN's, after the upsert (whose expressions keep a pending
    local action): only where the action is still the one the plan saw, so a decision the user took
    while the download ran stands. A declared ITC reduction went with the reset Accept."""
    if not edits:
        return
    cleared = declaration_columns(None)
    assignments = ", ".join(f"`{c}` = %s" for c in cleared)
    pairs = ", ".join(["(%s, %s)"] * len(edits))
    frappe.db.sql(
        f"update `tab{INWARD_SUPPLY}` set `action` = `gstn_action`, `upload_pending` = 0, {assignments} "
        f"where (`name`, `action`) in ({pairs})",
        (*cleared.values(), *(v for e in edits for v in (e.name, e.old_action))),
    )


@cyclic_gc_paused()
def apply_records(
    company: str,
    company_gstin: str,
    records: Sequence[ImsRecord],
    progress=None,
    *,
    reconcile_with: Iterable[str] | None = None,
    timings: dict | None = None,
    stored: dict[str, StoredRow] | None = None,
    books: first_match.BooksAhead | None = None,
    reading: payload_seen.Reading | None = None,
) -> tuple[synclog.Outcome, set[str]]:
    """Upsert downloaded records; returns the outcome and the supplier periods that changed.

    ``reconcile_with``: the caller reconciles the changed periods and these afterwards, so the
    periods whose rows are all new are matched here, before their rows are written (first_match).
    ``stored``: ``stored_rows`` of the GSTIN, if the caller read them already (read ahead).
    ``books``: the invoices of the period likeliest to be matched first, read already (used if it is).
    ``reading``: the download's answers by section (``payload_seen``): ``records`` are those of the
    sections read, the others are counted unchanged, and what each section left is kept.
    """
    clock = reconcile.Clock(timings)
    if stored is None:
        stored = download_read.stored_rows(company_gstin)
    context = rule_context(company_gstin)
    reconciled = {p for p in reconcile_with or () if p}
    with_rows = ahead = settings = None
    if reconcile_with is not None:
        periods = {record.supplier_return_period for record in records}
        with_rows = download_read.periods_with_rows(company_gstin, periods | reconciled)
        # The first period to match, if nothing the plan finds changes it: its invoices are read while
        # the plan is made (Python), so the server works meanwhile.
        likely = periods_to_match_first(periods, (), with_rows, reconciled)
        if likely and books is not None and books.period == likely[0]:
            ahead, settings = books, books.settings
        elif likely:
            settings = reconcile.match_settings()
            ahead = first_match.BooksAhead(company_gstin, likely[0], settings)
    try:
        # No database access here while ``ahead`` reads (plan_download and the rules are pure).
        plan = plan_download(
            records,
            stored,
            company=company,
            company_gstin=company_gstin,
            derived=derived_columns(context, stored, context.today),
            # a new row's columns are made while the rows before it are written (Saved.write)
            defer_new=True,
        )
    finally:
        if ahead is not None:
            ahead.wait()
    edits = reset_supplier_edits(plan, stored, stored_records)
    clock.lap("plan")
    now = now_datetime()
    # In name (primary key) order: jobs of other GSTINs writing at the same time take their row
    # locks in the same order, which keeps them from deadlocking on the primary key's gaps.
    changed = sorted([*plan.inserts, *plan.updates], key=itemgetter("name"))
    for row in changed:
        row["downloaded_on"] = now
    for row in plan.inserts:
        row["earlier_versions"] = ""
    carry_earlier_versions(plan.updates)
    first = []
    if reconcile_with is not None:
        inserted = {row["supplier_return_period"] for row in plan.inserts}
        updated = {row["supplier_return_period"] for row in plan.updates}
        first = periods_to_match_first(inserted, updated, with_rows, reconciled)
    if ahead is not None and first[:1] != [ahead.period]:
        ahead = None  # the plan moved a row into that period: it is saved first after all
    clock.lap("plan")
    # a first write committed early is taken back if anything after it fails (first_write)
    with first_write.taken_back_on_failure() as undo:
        saved = _Saved(len(changed), progress, plan)
        matched_first = []
        settings = settings or (reconcile.match_settings() if first else None)
        for period in first:
            rows = [row for row in changed if row["supplier_return_period"] == period]
            if progress:
                progress(saved.done, saved.total, f"matching {period}")
            writes = first_match.match_new_rows(
                company_gstin,
                period,
                rows,
                [plan.records[row["name"]] for row in rows],
                settings,
                clock,
                ahead=ahead if ahead is not None and ahead.period == period else None,
            )
            before = saved.done
            books_parts = first_write.write_period(
                rows,
                writes,
                company_gstin=company_gstin,
                period=period,
                settings=settings,
                write_rows=lambda part: saved.write(part, MATCHED_COLUMNS, MATCHED_UPDATED),
                statements=lambda part: saved.statements(part, MATCHED_COLUMNS, MATCHED_UPDATED),
                loads=lambda part: saved.loads(part, MATCHED_COLUMNS),
                undo=undo,
                clock=clock,
            )
            saved.done = before + len(rows)  # rows the side wrote, or written twice when it gave way
            done = writes.outcome(period, len(rows))
            reconcile.remember(company_gstin, period, settings, done, by="download", books=books_parts)
            clock.lap("digest")
            matched_first.append(f"{done.message} (matched before saving)")
        matched = set(first)
        saved.write([row for row in changed if row["supplier_return_period"] not in matched])
        write_supplier_edits(edits)
        clock.lap("write_ims")
        if changed:
            figures_store.after_write([company_gstin])
        write_action_logs(
            [
                {"inward_supply": c.name, "old_action": c.old_action, "new_action": c.new_action}
                for c in plan.portal_changes
            ],
            company=company,
            company_gstin=company_gstin,
            source=SOURCE_PORTAL,
            remark="Action changed on the GST portal",
        )
        write_action_logs(
            [
                {
                    "inward_supply": e.name,
                    "old_action": e.old_action,
                    "new_action": e.new_action,
                    "remark": e.reason,
                }
                for e in edits
            ],
            company=company,
            company_gstin=company_gstin,
            source=SOURCE_PORTAL,
        )
        received, unchanged = len(records), plan.unchanged
        if reading is not None:
            download_read.keep_reading(company, company_gstin, reading, stored, plan)
            received, unchanged = received + reading.received, unchanged + reading.distinct
        outcome = synclog.Outcome(
            counts={
                "records_received": received,
                "records_inserted": len(plan.inserts),
                "records_updated": len(plan.updates),
                "records_unchanged": unchanged,
            }
        )
        outcome.message = (
            f"{received} received: {len(plan.inserts)} new, {len(plan.updates)} changed, "
            f"{unchanged} unchanged, {len(plan.portal_changes)} actions taken on the portal"
        )
        if reading is not None:
            outcome.message += reading.words()
        if edits:
            outcome.message += "; " + supplier_edits_text(edits)
        if matched_first:
            outcome.message += "; " + "; ".join(matched_first)
        periods = {row["supplier_return_period"] for row in changed}
        clock.lap("logs")
        return outcome, periods


class _Saved:
    """Upserts in chunks with progress over the whole download."""

    def __init__(self, total: int, progress, plan):
        self.total, self.done, self.progress, self.plan = total, 0, progress, plan

    def write(self, rows: list[dict], columns=WRITE_COLUMNS, update=UPDATED_COLUMNS) -> None:
        for start in range(0, len(rows), UPSERT_CHUNK):
            chunk = rows[start : start + UPSERT_CHUNK]
            sqlwrite.upsert(INWARD_SUPPLY, chunk, columns, **self._options(update))
            self.done += len(chunk)
            if self.progress:
                self.progress(self.done, self.total, "saving records")

    def statements(self, rows: list[dict], columns=WRITE_COLUMNS, update=UPDATED_COLUMNS):
        """``write``'s statements, for another connection (``first_write``); no progress."""
        return sqlwrite.upsert_statements(INWARD_SUPPLY, rows, columns, **self._options(update))

    def loads(self, rows: list[dict], columns=WRITE_COLUMNS):
        """``write``'s rows as files to load, for another connection; only for rows all new."""
        return infile.Files(*sqlwrite.new_rows(INWARD_SUPPLY, rows, columns, complete=self.plan.complete))

    def _options(self, update) -> dict:
        return {"update": update, "update_expressions": ACTION_EXPRESSIONS, "complete": self.plan.complete}


def download(
    log_name: str,
    company: str,
    company_gstin: str,
    *,
    sections: Iterable[Section] = tuple(Section),
    gstn=None,
    progress=None,
    reconcile_with: Iterable[str] | None = None,
) -> tuple[synclog.Outcome, set[str]]:
    """Body of the download job (runs inside ``synclog.run_logged``). ``reconcile_with``: see
    ``apply_records``; ignored when GSTN queues a section (nothing is reconciled until it comes)."""
    gstn = gstn or gstn_link.client(company_gstin)
    sections = list(sections)
    fetched = download_read.fetch(company, company_gstin, gstn, sections, progress, reconcile_with)
    gstn_link.keep_session(company_gstin, gstn)
    queued = fetched.queued
    outcome, periods = apply_records(
        company,
        company_gstin,
        fetched.records,
        progress,
        reconcile_with=None if queued else reconcile_with,
        stored=fetched.stored,
        books=fetched.books,
        reading=fetched.reading,
    )
    outcome.message += download_counts.warning_text(
        fetched.records, fetched.counted, sections, queued, unread=fetched.reading.skipped
    )
    if queued:
        download_counts.note_counted(queued, fetched.counted)
        synclog.add_references(log_name, queued)
        outcome.waiting = True
        outcome.message += f"; GSTN queued {', '.join(q['section'] for q in queued)}: collected later"
    return outcome, periods


def follow_up(
    log_name: str,
    company: str,
    company_gstin: str,
    *,
    gstn=None,
    now_due: bool = False,
    reconcile_with: Iterable[str] | None = None,
) -> tuple[synclog.Outcome, set[str]]:
    """Collect the queued sections of a download whose wait is over; the rest keep waiting. A
    section whose files and rows are as the last download left them is not read (``payload_seen``)."""
    entries = synclog.references(log_name)
    gstn = gstn or gstn_link.client(company_gstin)
    collected: list[tuple[dict, Section]] = []
    reading = download_read.kept_reading(company_gstin, {})
    now = now_datetime()
    for entry in entries:
        if entry.get("kind") != "queued download" or entry.get("collected"):
            continue
        if not now_due and get_datetime(entry["due"]) > now:
            continue
        queued = gstn_link.QueuedSection(Section(entry["section"]), entry["token"], 0)
        result = gstn_link.fetch_queued(gstn, queued)
        if isinstance(result, gstn_link.QueuedSection):
            entry["due"] = str(add_to_date(now, minutes=result.wait_minutes))
            continue
        reading.answers[queued.section] = result
        collected.append((entry, queued.section))
    gstn_link.keep_session(company_gstin, gstn)
    stored = download_read.stored_rows(company_gstin)
    reading.judge(stored.states, company)
    records = reading.records()
    warnings: list[str] = []
    for entry, section in collected:
        skipped = reading.skipped.get(section)
        received = skipped.received if skipped else len(reading.answers[section])
        entry["collected"] = str(now)
        entry["records"] = received
        warnings.append(download_counts.collected_warning(entry, received))
    waiting = any(e.get("kind") == "queued download" and not e.get("collected") for e in entries)
    outcome, periods = apply_records(
        company,
        company_gstin,
        records,
        reconcile_with=None if waiting else reconcile_with,
        stored=stored,
        reading=reading,
    )
    outcome.message += "".join(warnings)
    frappe.db.set_value(
        "IMS Sync Log", log_name, "gstn_references", frappe.as_json(entries), update_modified=False
    )
    outcome.waiting = waiting
    return outcome, periods
