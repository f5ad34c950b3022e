"""The one module that enqueues. Every job: queue "long", a job id per kind + company GSTIN + period,
deduplicated, an IMS Sync Log from the moment it is queued.

Job bodies live in ``download``, ``reconcile`` and ``upload``; the functions
here are what the worker calls. They take an optional ``gstn`` client so
tests and the benchmark can run them in-process against the sandbox.
"""

from __future__ import annotations

import hashlib
import random
import time
from contextlib import contextmanager

import frappe
from frappe import _
from frappe.utils.background_jobs import is_job_enqueued

from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gstn.provider_settings import offers_supplier_view

from . import clock, gstn_link, synclog
from . import download as download_body
from . import reconcile as reconcile_body
from . import regenerate as regenerate_body
from . import upload as upload_body
from .constants import (
    FAILED,
    JOB_LOST,
    KIND_DOWNLOAD,
    KIND_FOLLOW_UP,
    KIND_GSTR2B_DOWNLOAD,
    KIND_RECONCILE,
    KIND_REGENERATE,
    KIND_SUPPLIER_VIEW,
    KIND_UPLOAD,
    QUEUED,
    RUNNING,
    SETTINGS,
    SYNC_LOG,
)
from .job_watch import follow_up_id, mark_lost_jobs
from .permissions import company_of_gstin
from .returns import gstr2b_download

QUEUE = "long"
TIMEOUT = 60 * 60
_METHODS = {
    KIND_DOWNLOAD: "india_ims.ims.jobs.run_download",
    KIND_RECONCILE: "india_ims.ims.jobs.run_reconcile",
    KIND_UPLOAD: "india_ims.ims.jobs.run_upload",
    KIND_REGENERATE: "india_ims.ims.jobs.run_regenerate",
    KIND_GSTR2B_DOWNLOAD: "india_ims.ims.jobs.run_download_gstr2b",
    KIND_SUPPLIER_VIEW: "india_ims.ims.jobs.run_supplier_view",
    KIND_FOLLOW_UP: "india_ims.ims.jobs.run_follow_up_emails",
}
_SLUG = {
    KIND_DOWNLOAD: "download",
    KIND_RECONCILE: "reconcile",
    KIND_UPLOAD: "upload",
    KIND_REGENERATE: "regenerate",
    KIND_GSTR2B_DOWNLOAD: "gstr2b",
    KIND_SUPPLIER_VIEW: "supplier-view",
    KIND_FOLLOW_UP: "follow-up-emails",
}


def job_id(kind: str, company_gstin: str, period: str | None, side: str | None = None) -> str:
    """kind (+ side) + GSTIN + period: follow-ups to customers and to suppliers of one GSTIN and period
    are separate jobs, so queuing one never makes the other look already queued."""
    kind_part = f"{_SLUG[kind]}::{side}" if side else _SLUG[kind]
    return f"india_ims::{kind_part}::{company_gstin}::{period or 'all'}"


@contextmanager
def _job_lock(jid: str, timeout: int = 15):
    """One check-and-enqueue at a time per job id, across every web worker and job: a named
    database lock (session-level, so it outlives the commit that makes the Sync Log visible)."""
    name = "india_ims:" + hashlib.sha1(jid.encode()).hexdigest()[:40]
    if frappe.db.db_type == "postgres":
        key = int(hashlib.sha1(jid.encode()).hexdigest()[:15], 16)
        frappe.db.sql("select pg_advisory_lock(%s)", (key,))
        release = ("select pg_advisory_unlock(%s)", (key,))
    else:
        if not frappe.db.sql("select get_lock(%s, %s)", (name, timeout))[0][0]:
            frappe.throw(_("Another request is starting the same job; try again in a moment"))
        release = ("select release_lock(%s)", (name,))
    try:
        yield
    finally:
        frappe.db.sql(*release)


def _latest_log(jid: str) -> str | None:
    return frappe.db.get_value(SYNC_LOG, {"job_id": jid}, "name", order_by="creation desc")


def enqueue_job(
    kind: str, company_gstin: str, period: str | None = None, *, user: str | None = None, **job_kwargs
) -> dict:
    """Queue a job unless the same one is queued or running; returns its Sync Log either way.

    Two clicks at the same instant get one job: the check, the Sync Log and the enqueue happen
    under one lock per job id, and the log is committed before the job exists, so neither a
    second request nor the worker can miss it. A log is never left without its job.
    """
    company = company_of_gstin(company_gstin)
    jid = job_id(kind, company_gstin, period, job_kwargs.get("side"))
    with _job_lock(jid):
        # A fresh snapshot: under REPEATABLE READ this transaction would not see a log another
        # request committed while this one waited for the lock.
        frappe.db.commit()
        open_log = synclog.open_log(jid)
        if is_job_enqueued(jid):
            running = open_log or _latest_log(jid)
            if running:
                return {"sync_log": running, "job_id": jid, "already_queued": True}
        if open_log:
            # The log says Queued/Running but no worker has the job: it died. Say so, then start over.
            status = frappe.db.get_value(SYNC_LOG, open_log, ["status", "stage"], as_dict=True)
            if not (status.status == QUEUED and status.stage == download_body.WAITING):
                frappe.db.set_value(
                    SYNC_LOG,
                    open_log,
                    {
                        "status": FAILED,
                        "error_code": JOB_LOST,
                        "message": f"Interrupted while {status.status.lower()} (the worker stopped); "
                        "queued again",
                    },
                    update_modified=False,
                )
        log = synclog.create(kind, company, company_gstin, period, jid, user)
        frappe.db.commit()
        job = frappe.enqueue(
            _METHODS[kind],
            queue=QUEUE,
            timeout=TIMEOUT,
            job_id=jid,
            deduplicate=True,
            sync_log=log,
            company_gstin=company_gstin,
            period=period,
            **job_kwargs,
        )
        if job is None:
            # Deduplicated by RQ after all (a job of this id appeared outside this lock): no orphan log.
            frappe.db.delete(SYNC_LOG, {"name": log})
            frappe.db.commit()
            return {"sync_log": _latest_log(jid), "job_id": jid, "already_queued": True}
    return {"sync_log": log, "job_id": jid, "already_queued": False}


# ---------------------------------------------------------------- job bodies (what the worker runs)

DEADLOCK_RETRIES = 2


def _retrying_deadlocks(body):
    """Run ``body`` again when MariaDB chose its transaction as a deadlock victim.

    Jobs of different GSTINs run on parallel workers and write the same tables. InnoDB rolls a
    victim's whole transaction back, and a body is safe to repeat (rows are named by identity and
    unchanged ones are not written), so repeating it is the documented answer; the outcome says it
    happened. Any other error, or a third deadlock, fails the job as before.
    """

    def run(progress):
        for attempt in range(DEADLOCK_RETRIES + 1):
            try:
                outcome = body(progress)
            except frappe.QueryDeadlockError:
                if attempt == DEADLOCK_RETRIES:
                    raise
                frappe.db.rollback()
                time.sleep(random.uniform(0.2, 1.0) * (attempt + 1))  # the two jobs must not meet again
                continue
            if attempt:
                outcome.message += f" (run again after {attempt} deadlock(s) with another job)"
            return outcome

    return run


def run_download(
    sync_log: str, company_gstin: str, period: str | None = None, *, gstn=None, reconcile_after: bool = True
) -> synclog.Outcome:
    company = company_of_gstin(company_gstin)
    touched: set[str] = set()

    # Periods reconciled after the download: the ones whose rows are all new are matched before
    # they are saved (first_match), and their reconcile jobs below find nothing changed.
    after = ({period} if period else set()) if reconcile_after else None

    def body(progress):
        outcome, periods = download_body.download(
            sync_log, company, company_gstin, gstn=gstn, progress=progress, reconcile_with=after
        )
        touched.update(periods)
        return outcome

    outcome = synclog.run_logged(sync_log, _figures_before_done(_retrying_deadlocks(body), company_gstin))
    if reconcile_after and not outcome.waiting:
        _reconcile_periods(company_gstin, touched | ({period} if period else set()))
    return outcome


def refresh_figures_of_download(company_gstin: str) -> None:
    """The stored figures of the records a download wrote, computed by the download job itself
    before it reports done (it is in the background already): the first view after it finds nothing
    stale, where it refreshed some hundreds of records in its request. Only as many as a view would
    refresh in its request (``figures_store.IN_REQUEST``): a first download of a lakh of records
    (26.5 s of figures, measured) reports done without them, the figures job it queued computes them, and
    the views say they are behind meanwhile. The download's own writes are committed first; a
    failure here never fails the download (the figures job and the views refresh whatever is left)."""
    from . import figures_store

    frappe.db.commit()
    try:
        names = figures_store.stale_names(company_gstin)
        if not names or len(names) > figures_store.IN_REQUEST:
            return
        figures_store.refresh(names)
        frappe.db.commit()
    except Exception:
        frappe.db.rollback()
        frappe.log_error(title=f"IMS figures of {company_gstin} not refreshed after its download")


def _figures_before_done(body, company_gstin: str):
    def run(progress):
        outcome = body(progress)
        if not outcome.waiting:
            refresh_figures_of_download(company_gstin)
        return outcome

    return run


def run_follow_up(
    sync_log: str, company_gstin: str, period: str | None = None, *, gstn=None, now_due: bool = False
) -> synclog.Outcome:
    company = company_of_gstin(company_gstin)
    touched: set[str] = set()

    def body(progress):
        outcome, periods = download_body.follow_up(
            sync_log,
            company,
            company_gstin,
            gstn=gstn,
            now_due=now_due,
            reconcile_with={period} if period else set(),
        )
        touched.update(periods)
        outcome.accumulate = True
        return outcome

    outcome = synclog.run_logged(sync_log, _figures_before_done(body, company_gstin))
    if not outcome.waiting:
        _reconcile_periods(company_gstin, touched | ({period} if period else set()))
    return outcome


def _reconcile_periods(company_gstin: str, periods: set[str]) -> None:
    for period in sorted(p for p in periods if p):
        enqueue_job(KIND_RECONCILE, company_gstin, period)


def run_reconcile(sync_log: str, company_gstin: str, period: str | None = None) -> synclog.Outcome:
    company = company_of_gstin(company_gstin)
    if not period:
        frappe.throw("Reconciliation needs a return period (MMYYYY)")
    return synclog.run_logged(
        sync_log,
        _retrying_deadlocks(
            lambda progress: reconcile_body.reconcile(company, company_gstin, period, progress)
        ),
    )


def run_upload(sync_log: str, company_gstin: str, period: str | None = None, *, gstn=None) -> synclog.Outcome:
    company = company_of_gstin(company_gstin)
    outcome = synclog.run_logged(
        sync_log,
        lambda progress: upload_body.upload(sync_log, company, company_gstin, gstn=gstn, progress=progress),
    )
    for recompute in outcome.recompute:
        enqueue_job(KIND_REGENERATE, company_gstin, recompute)
    return outcome


def run_regenerate(
    sync_log: str, company_gstin: str, period: str | None = None, *, gstn=None
) -> synclog.Outcome:
    company = company_of_gstin(company_gstin)
    if not period:
        frappe.throw("GSTR-2B regeneration needs a return period (MMYYYY)")
    outcome = synclog.run_logged(
        sync_log, lambda progress: regenerate_body.regenerate(company, company_gstin, period, gstn=gstn)
    )
    if not outcome.partly_failed:
        # Each recompute is a new statement: keep it beside the local preview.
        enqueue_job(KIND_GSTR2B_DOWNLOAD, company_gstin, period)
    return outcome


def run_download_gstr2b(
    sync_log: str, company_gstin: str, period: str | None = None, *, gstn=None
) -> synclog.Outcome:
    company = company_of_gstin(company_gstin)
    if not period:
        frappe.throw("GSTR-2B download needs a return period (MMYYYY)")
    return synclog.run_logged(
        sync_log,
        lambda progress: gstr2b_download.download(
            company, company_gstin, period, gstn=gstn, progress=progress
        ),
    )


def run_supplier_view(sync_log: str, company_gstin: str, period: str | None = None, *, gstn=None):
    """Our sales of the period with the recipients' actions, added-back liabilities, pairing."""
    from .outward import download as outward_download

    company = company_of_gstin(company_gstin)
    if not period:
        frappe.throw("The supplier view needs a return period (MMYYYY)")
    return synclog.run_logged(
        sync_log,
        lambda progress: outward_download.download(
            company, company_gstin, period, gstn=gstn, progress=progress
        ),
    )


def run_follow_up_emails(
    sync_log: str,
    company_gstin: str,
    period: str | None = None,
    *,
    side: str = "",
    parties=None,
    send_again: bool = False,
):
    """Follow-up e-mails a manager confirmed after the preview, one per party, through the Email Queue."""
    from .outward import followup

    return synclog.run_logged(
        sync_log,
        lambda progress: followup.send(
            company_gstin, period, side, parties or [], progress=progress, send_again=send_again
        ),
    )


# ---------------------------------------------------------------- scheduled


def daily_download() -> None:
    """Scheduler (daily): download and reconcile every enabled GSTIN."""
    settings = frappe.get_cached_doc(SETTINGS)
    if not settings.get("daily_download"):
        return
    # The supplier view of the period recipients are acting on now (the month before today's).
    supplier_period = str(ReturnPeriod.of(clock.today()).add(-1))
    for row in settings.company_gstins:
        if row.enabled:
            enqueue_job(KIND_DOWNLOAD, row.gstin, None, user="Administrator")
            if offers_supplier_view(row.provider):
                enqueue_job(KIND_SUPPLIER_VIEW, row.gstin, supplier_period, user="Administrator")


def follow_up_queued() -> None:
    """Scheduler (every 5 minutes): collect downloads GSTN queued, once their wait is over, and
    resolve upload requests GSTN was still processing when their job ended, and mark logs whose
    job is gone."""
    mark_lost_jobs()
    follow_up_uploads()
    waiting = frappe.get_all(
        SYNC_LOG,
        filters={"kind": KIND_DOWNLOAD, "status": QUEUED, "stage": download_body.WAITING},
        fields=["name", "company_gstin", "return_period"],
    )
    for log in waiting:
        jid = follow_up_id(log.name)
        frappe.enqueue(
            "india_ims.ims.jobs.run_follow_up",
            queue=QUEUE,
            timeout=TIMEOUT,
            job_id=jid,
            deduplicate=True,
            sync_log=log.name,
            company_gstin=log.company_gstin,
            period=log.return_period or None,
        )


__all__ = ["enqueue_job", "job_id", "RUNNING"]


def follow_up_uploads() -> None:
    """Queue a resolver per GSTIN with upload requests left "sent" (never for a job still running)."""
    logs = frappe.get_all(
        SYNC_LOG,
        filters={"kind": KIND_UPLOAD, "gstn_references": ("like", '%"state": "sent"%')},
        fields=["company_gstin", "status", "job_id"],
    )
    gstins = {
        log.company_gstin
        for log in logs
        if log.status not in (QUEUED, RUNNING) or not is_job_enqueued(log.job_id or "")
    }
    for gstin in sorted(gstins):
        if is_job_enqueued(job_id(KIND_UPLOAD, gstin, None)):
            continue  # the upload itself resolves them first
        frappe.enqueue(
            "india_ims.ims.jobs.run_resolve_uploads",
            queue=QUEUE,
            timeout=TIMEOUT,
            job_id=f"india_ims::resolve-uploads::{gstin}",
            deduplicate=True,
            company_gstin=gstin,
        )


def run_resolve_uploads(company_gstin: str, *, gstn=None) -> dict:
    """Poll and apply earlier upload requests; sends nothing new. GSTR-2B recompute follows if needed."""
    gstn = gstn or gstn_link.client(company_gstin)
    totals = upload_body.resume_in_flight(company_gstin, gstn)
    gstn_link.keep_session(company_gstin, gstn)
    flagged = upload_body.flag_recompute(company_of_gstin(company_gstin), company_gstin, totals["periods"])
    frappe.db.commit()
    for period in sorted(flagged):
        enqueue_job(KIND_REGENERATE, company_gstin, period)
    return {
        "processed": totals["counts"]["processed"],
        "failed": totals["counts"]["failed"],
        "recompute": sorted(flagged),
    }


# --- Stored contributions (figures_store): refreshed in the background after a write -------------
FIGURES_JOB = "india_ims.ims.jobs.run_figures_refresh"


def figures_job_id(company_gstin: str) -> str:
    return f"india_ims::figures::{company_gstin}"


def enqueue_figures_refresh(company_gstin: str) -> None:
    """Queue the refresh of a GSTIN's stale stored parts once the caller's write commits: once per
    transaction, and not again while one is queued (it reads what is stale when it runs). A write
    never waits for it nor fails for want of it: the views refresh what it has not reached."""
    queued = frappe.flags.setdefault("ims_figures_queued", set())
    if company_gstin in queued:
        return
    queued.add(company_gstin)

    def send():
        queued.discard(company_gstin)
        try:
            frappe.enqueue(
                FIGURES_JOB,
                queue=QUEUE,
                timeout=TIMEOUT,
                job_id=figures_job_id(company_gstin),
                deduplicate=True,
                company_gstin=company_gstin,
            )
        except Exception:
            frappe.log_error(title=f"IMS figures refresh of {company_gstin} not queued")

    frappe.db.after_commit.add(send)
    frappe.db.after_rollback.add(lambda: queued.discard(company_gstin))


def run_figures_refresh(company_gstin: str) -> dict:
    from . import figures_store

    return figures_store.refresh_stale(company_gstin)


# --- Section 16(4), FAQ 21: a date, not a write, takes Pending records out of IMS ------------------


def daily_section_16_4() -> None:
    """Scheduler (daily): one job per GSTIN with records marks the parts Section 16(4) has made
    stale overnight (``figures_store.expire_when_the_cutoff_moves``: on most days nothing to do); the
    figures refresh recomputes them."""
    from . import figures_store

    day = clock.today().isoformat()
    for gstin in figures_store.stored_gstins():
        frappe.enqueue(
            "india_ims.ims.jobs.run_section_16_4_expiry",
            queue=QUEUE,
            timeout=TIMEOUT,
            job_id=f"india_ims::section-16-4::{gstin}::{day}",
            deduplicate=True,
            company_gstin=gstin,
        )


def run_section_16_4_expiry(company_gstin: str) -> int:
    from . import figures_store

    # a no-op until the cut-off moves (once a year): the view that came first may have marked them
    marked = figures_store.expire_when_the_cutoff_moves(company_gstin)
    if marked:
        figures_store.after_write([company_gstin])  # queued when this commits
    frappe.db.commit()
    return marked
