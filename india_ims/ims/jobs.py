"""The one module that enqueues. Every job: queue "long", a job id per kind + company GSTIN + period,
deduplicated, an IMS Sync Log from the moment it is queued.

Job bodies live in ``download``, ``reconcile`` and ``upload``; the functions
here are what the worker calls. They take an optional ``gstn`` client so
tests and the benchmark can run them in-process against the sandbox.
"""

from __future__ import annotations

import frappe
from frappe.utils.background_jobs import is_job_enqueued

from . import download as download_body
from . import gstn_link, synclog
from . import reconcile as reconcile_body
from . import upload as upload_body
from .constants import (
    FAILED,
    KIND_DOWNLOAD,
    KIND_GSTR2B_DOWNLOAD,
    KIND_RECONCILE,
    KIND_REGENERATE,
    KIND_UPLOAD,
    QUEUED,
    RUNNING,
    SETTINGS,
    SYNC_LOG,
)
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
}
_SLUG = {
    KIND_DOWNLOAD: "download",
    KIND_RECONCILE: "reconcile",
    KIND_UPLOAD: "upload",
    KIND_REGENERATE: "regenerate",
    KIND_GSTR2B_DOWNLOAD: "gstr2b",
}


def job_id(kind: str, company_gstin: str, period: str | None) -> str:
    return f"india_ims::{_SLUG[kind]}::{company_gstin}::{period or 'all'}"


def enqueue_job(kind: str, company_gstin: str, period: str | None = None, *, user: str | None = None) -> dict:
    """Queue a job unless the same one is queued or running; returns its Sync Log either way."""
    company = company_of_gstin(company_gstin)
    jid = job_id(kind, company_gstin, period)
    open_log = synclog.open_log(jid)
    if open_log and is_job_enqueued(jid):
        return {"sync_log": open_log, "job_id": jid, "already_queued": True}
    if open_log:
        # The log says Queued/Running but no worker has the job: it died. Say so, then start over.
        status = frappe.db.get_value(SYNC_LOG, open_log, ["status", "stage"], as_dict=True)
        if not (status.status == QUEUED and status.stage == download_body.WAITING):
            frappe.db.set_value(
                SYNC_LOG,
                open_log,
                {
                    "status": FAILED,
                    "message": f"Interrupted while {status.status.lower()} (the worker stopped); "
                    "queued again",
                },
                update_modified=False,
            )
    log = synclog.create(kind, company, company_gstin, period, jid, user)
    frappe.enqueue(
        _METHODS[kind],
        queue=QUEUE,
        timeout=TIMEOUT,
        job_id=jid,
        deduplicate=True,
        enqueue_after_commit=True,
        sync_log=log,
        company_gstin=company_gstin,
        period=period,
    )
    return {"sync_log": log, "job_id": jid, "already_queued": False}


# ---------------------------------------------------------------- job bodies (what the worker runs)


def run_download(
    sync_log: str, company_gstin: str, period: str | None = None, *, gstn=None, reconcile_after: bool = True
) -> synclog.Outcome:
    company = company_of_gstin(company_gstin)
    touched: set[str] = set()

    def body(progress):
        outcome, periods = download_body.download(
            sync_log, company, company_gstin, gstn=gstn, progress=progress
        )
        touched.update(periods)
        return outcome

    outcome = synclog.run_logged(sync_log, body)
    if reconcile_after and not outcome.waiting:
        _reconcile_periods(company_gstin, touched | ({period} if period else set()))
    return outcome


def run_follow_up(
    sync_log: str, company_gstin: str, period: str | None = None, *, gstn=None, now_due: bool = False
) -> synclog.Outcome:
    company = company_of_gstin(company_gstin)
    touched: set[str] = set()

    def body(progress):
        outcome, periods = download_body.follow_up(
            sync_log, company, company_gstin, gstn=gstn, now_due=now_due
        )
        touched.update(periods)
        outcome.accumulate = True
        return outcome

    outcome = synclog.run_logged(sync_log, body)
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
        sync_log, lambda progress: reconcile_body.reconcile(company, company_gstin, period, progress)
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
        sync_log, lambda progress: upload_body.regenerate(company, company_gstin, period, gstn=gstn)
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


# ---------------------------------------------------------------- scheduled


def daily_download() -> None:
    """Scheduler (daily): download and reconcile every enabled GSTIN."""
    settings = frappe.get_cached_doc(SETTINGS)
    if not settings.get("daily_download"):
        return
    for row in settings.company_gstins:
        if row.enabled:
            enqueue_job(KIND_DOWNLOAD, row.gstin, None, user="Administrator")


def follow_up_queued() -> None:
    """Scheduler (every 5 minutes): collect downloads GSTN queued, once their wait is over, and
    resolve upload requests GSTN was still processing when their job ended."""
    follow_up_uploads()
    waiting = frappe.get_all(
        SYNC_LOG,
        filters={"kind": KIND_DOWNLOAD, "status": QUEUED, "stage": download_body.WAITING},
        fields=["name", "company_gstin", "return_period"],
    )
    for log in waiting:
        jid = f"india_ims::follow-up::{log.name}"
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
