"""Jobs that vanished or are cancelled: a Queued or Running log whose RQ job is gone says so, and a
job that has not started can be cancelled with who did it. Enqueuing stays in ``jobs``."""

from __future__ import annotations

import frappe
from frappe import _
from frappe.utils import add_to_date, now_datetime
from frappe.utils.background_jobs import get_job, is_job_enqueued

from . import download as download_body
from . import synclog
from .constants import CANCELLED, FAILED, JOB_CANCELLED, JOB_LOST, QUEUED, RUNNING, SYNC_LOG


def follow_up_id(log_name: str) -> str:
    return f"india_ims::follow-up::{log_name}"


def _has_job(log) -> bool:
    return bool(log.job_id and is_job_enqueued(log.job_id)) or is_job_enqueued(follow_up_id(log.name))


LOST_AFTER_MINUTES = 10


def mark_lost_jobs() -> list[str]:
    """Queued or Running logs whose job is gone (a worker killed, Redis flushed) say so, instead of
    showing "Queued" for ever and greying out the GSTIN's buttons. A download waiting for GSTN's
    queued files has no job on purpose (the follow-up collects it) and is left alone."""
    cutoff = add_to_date(now_datetime(), minutes=-LOST_AFTER_MINUTES)
    logs = frappe.get_all(
        SYNC_LOG,
        filters={"status": ("in", (QUEUED, RUNNING)), "queued_on": ("<", cutoff)},
        fields=["name", "status", "stage", "job_id"],
    )
    lost = []
    for log in logs:
        if log.status == QUEUED and log.stage == download_body.WAITING:
            continue
        if _has_job(log):
            continue
        frappe.db.set_value(
            SYNC_LOG,
            log.name,
            {
                "status": FAILED,
                "error_code": JOB_LOST,
                "finished_on": now_datetime(),
                "message": f"Its job is gone (the worker stopped or the queue was cleared while "
                f"{log.status.lower()}); start it again",
            },
            update_modified=False,
        )
        lost.append(log.name)
    frappe.db.commit()
    return lost


def cancel(sync_log: str) -> dict:
    """Cancel a job that has not started (or whose job is gone): its log says Cancelled, by whom."""
    log = frappe.db.get_value(
        SYNC_LOG, sync_log, ["name", "status", "stage", "job_id", "kind", "company_gstin"], as_dict=True
    )
    if log.status not in (QUEUED, RUNNING):
        frappe.throw(_("{0} is {1}: only a queued job can be cancelled").format(sync_log, log.status))
    job = get_job(log.job_id) if log.job_id else None
    waiting = log.status == QUEUED and log.stage == download_body.WAITING
    if is_job_enqueued(follow_up_id(log.name)) or (
        not waiting and job is not None and job.get_status() == "started"
    ):
        frappe.throw(_("{0} is running now; it cannot be cancelled halfway").format(sync_log))
    if not waiting and job is not None and job.get_status() == "queued":
        job.cancel()
    frappe.db.set_value(
        SYNC_LOG,
        sync_log,
        {
            "status": CANCELLED,
            "error_code": JOB_CANCELLED,
            "finished_on": now_datetime(),
            "message": f"Cancelled by {frappe.session.user}",
        },
        update_modified=False,
    )
    return frappe.db.get_value(SYNC_LOG, sync_log, list(synclog.STATUS_FIELDS), as_dict=True)
