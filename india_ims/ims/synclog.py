"""IMS Sync Log bookkeeping for every job: queued, running, done or failed, and why.

A job body runs inside ``run_logged``: the log turns Running (committed, so
the screen sees it even if the worker dies), the body's writes happen in one
transaction, and on any error the transaction is rolled back and the log
says Failed with the error before the exception goes back to the worker.
"""

from __future__ import annotations

import json
import time
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import frappe
from frappe.utils import now_datetime, time_diff_in_seconds

from india_ims.gstn.errors import GstnAuthError

from . import bulk
from .constants import (
    CANCELLED,
    COMPLETED,
    FAILED,
    LOGIN_REQUIRED,
    PARTLY_FAILED,
    QUEUED,
    RUNNING,
    SYNC_LOG,
    SYNC_LOG_ERROR,
)

PROGRESS_EVENT = "ims_sync_progress"
PROGRESS_EVERY_SECONDS = 1.5
# What a caller is shown of a run: its state and its counts.
STATUS_FIELDS = (
    "name",
    "kind",
    "status",
    "stage",
    "message",
    "error_code",
    "records_received",
    "records_inserted",
    "records_updated",
    "records_unchanged",
    "records_processed",
    "records_failed",
    "queued_on",
    "started_on",
    "finished_on",
)
_ERROR_COLUMNS = ("section", "supplier_gstin", "document_number", "inward_supply", "error_code", "message")


def create(
    kind: str, company: str, company_gstin: str, period: str | None, job_id: str, user: str | None = None
) -> str:
    doc = frappe.get_doc(
        {
            "doctype": SYNC_LOG,
            "kind": kind,
            "status": QUEUED,
            "company": company,
            "company_gstin": company_gstin,
            "return_period": period or "",
            "requested_by": user or frappe.session.user,
            "queued_on": now_datetime(),
            "job_id": job_id,
        }
    )
    doc.insert(ignore_permissions=True)
    return doc.name


def open_log(job_id: str) -> str | None:
    """The Queued or Running log of a job id, if any (a deduplicated enqueue reuses it)."""
    return frappe.db.get_value(
        SYNC_LOG, {"job_id": job_id, "status": ("in", (QUEUED, RUNNING))}, "name", order_by="creation desc"
    )


@dataclass
class Outcome:
    """What a job body reports back; counts land on the log's fields of the same name."""

    counts: dict[str, int] = field(default_factory=dict)
    record_errors: list[dict] = field(default_factory=list)
    message: str = ""
    partly_failed: bool = False
    waiting: bool = False  # GSTN queued part of the work: the log stays Queued until collected
    accumulate: bool = False  # add the counts to the log's (a follow-up of the same job)
    recompute: list[str] = field(default_factory=list)  # GSTR-2B periods to regenerate next


class Progress:
    """Realtime progress for the requesting user, at most every 1.5 s. Each event names its
    GSTIN and kind, so a page shows only the jobs of the GSTIN it has selected."""

    def __init__(self, log_name: str, user: str | None, company_gstin: str | None = None, kind: str = ""):
        self.log_name, self.user = log_name, user
        self.company_gstin, self.kind = company_gstin, kind
        self._last = 0.0

    def __call__(self, done: int, total: int, stage: str, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < PROGRESS_EVERY_SECONDS:
            return
        self._last = now
        frappe.publish_realtime(
            PROGRESS_EVENT,
            {
                "sync_log": self.log_name,
                "company_gstin": self.company_gstin,
                "kind": self.kind,
                "done": done,
                "total": total,
                "stage": stage,
            },
            user=self.user,
            after_commit=False,
        )


def add_references(log_name: str, entries: Sequence[dict]) -> None:
    current = json.loads(frappe.db.get_value(SYNC_LOG, log_name, "gstn_references") or "[]")
    current.extend(entries)
    frappe.db.set_value(
        SYNC_LOG, log_name, "gstn_references", json.dumps(current, default=str), update_modified=False
    )


def references(log_name: str) -> list[dict]:
    return json.loads(frappe.db.get_value(SYNC_LOG, log_name, "gstn_references") or "[]")


def run_logged(log_name: str, body: Callable[[Progress], Outcome]) -> Outcome:
    log = frappe.db.get_value(
        SYNC_LOG, log_name, ["requested_by", "kind", "company_gstin", "status"], as_dict=True
    )
    if log is None:
        # The log was deleted while the job waited in the queue: nobody is waiting for this run.
        frappe.logger("india_ims").warning(f"IMS Sync Log {log_name} no longer exists; job skipped")
        return Outcome(message="skipped: its Sync Log was deleted")
    if log.status == CANCELLED:
        return Outcome(message="skipped: its Sync Log was cancelled")
    started = now_datetime()
    frappe.db.set_value(
        SYNC_LOG,
        log_name,
        {"status": RUNNING, "started_on": started, "error": "", "error_code": ""},
        update_modified=False,
    )
    frappe.db.commit()
    progress = Progress(log_name, log.requested_by, log.company_gstin, log.kind)
    try:
        outcome = body(progress)
    except Exception as error:
        frappe.db.rollback()
        finished = now_datetime()
        code, message = "", str(error)
        if isinstance(error, GstnAuthError):
            # GSTN refused the session: keeping it would fail every job for hours. Forget it so the
            # tool asks for an OTP, and say so in words and in a code the tool acts on.
            from . import gstn_link

            gstn_link.forget_session(log.company_gstin)
            code, message = LOGIN_REQUIRED, f"Log in to GSTN again (OTP), then retry: {error}"
        frappe.db.set_value(
            SYNC_LOG,
            log_name,
            {
                "status": FAILED,
                "finished_on": finished,
                "duration_seconds": time_diff_in_seconds(finished, started),
                "message": message[:1000],
                "error_code": code,
                "error": traceback.format_exc(),
            },
            update_modified=False,
        )
        frappe.db.commit()
        progress(0, 0, "failed", force=True)
        notify(log_name, log, FAILED, message)
        frappe.db.commit()
        raise
    finished = now_datetime()
    status = PARTLY_FAILED if outcome.partly_failed or outcome.record_errors else COMPLETED
    counts = {key: value for key, value in outcome.counts.items() if key.startswith("records_")}
    if outcome.accumulate and counts:
        before = frappe.db.get_value(SYNC_LOG, log_name, list(counts), as_dict=True)
        counts = {key: (before.get(key) or 0) + value for key, value in counts.items()}
    values = {
        "status": QUEUED if outcome.waiting else status,
        "stage": "waiting for GSTN" if outcome.waiting else "done",
        "finished_on": None if outcome.waiting else finished,
        "duration_seconds": time_diff_in_seconds(finished, started),
        "message": outcome.message[:1000],
        **counts,
    }
    frappe.db.set_value(SYNC_LOG, log_name, values, update_modified=False)
    bulk.insert_children(
        SYNC_LOG_ERROR, SYNC_LOG, log_name, "record_errors", outcome.record_errors, _ERROR_COLUMNS
    )
    frappe.db.commit()
    if outcome.waiting:
        progress(0, 0, "waiting for GSTN", force=True)
        return outcome
    progress(1, 1, "done", force=True)
    notify(log_name, log, status, outcome.message)
    frappe.db.commit()
    return outcome


def notify(log_name: str, log, status: str, message: str) -> None:
    """An in-app notification for whoever asked for the job."""
    user = log.requested_by
    if not user or user in ("Guest",):
        return
    subject = f"IMS {log.kind} for {log.company_gstin}: {status}"
    if message:
        subject += f" ({message[:120]})"
    frappe.get_doc(
        {
            "doctype": "Notification Log",
            "for_user": user,
            "type": "Alert",
            "document_type": SYNC_LOG,
            "document_name": log_name,
            "subject": frappe.utils.escape_html(subject),
        }
    ).insert(ignore_permissions=True)
