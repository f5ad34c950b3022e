"""Upload job body: SAVE and RESET through the client, REQSTS polled here, outcomes applied per record.

Safe to re-run after a crash at any point, because nothing is assumed:

1. Requests of earlier runs that got a reference id but no outcome are polled
   and applied first (their ids are in the Sync Logs, committed right after
   each submit).
2. IMS is downloaded again before anything is sent (spec 2.1): a request that
   reached GSTN but whose reference id was lost shows up as GSTN's action,
   so the record is no longer pending and is not sent twice.
3. Only rows whose local action differs from GSTN's, or that carry a declared
   ITC reduction with Accept, are sent; a row's GSTN action changes only on
   GSTN's word (P: all sent, PE: all but the errors).
4. A declared ITC reduction is cleared locally only once GSTN confirms the
   request that carried it, and only if the user has not declared anything
   else since (the request's entry keeps what was sent). A declaration whose
   request's outcome was lost is cleared when the refresh download shows GSTN
   holding exactly it; otherwise it is sent again (re-accepting is harmless).
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import replace

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.documents import Action
from india_ims.gst_india.errors import PayloadError
from india_ims.gst_india.payload.ims import Upload
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.rules import RecordState, RuleContext
from india_ims.gst_india.rules.declaration import default_declaration, needs_declaration
from india_ims.gstn.batching import make_batches
from india_ims.gstn.errors import GstnApiError, GstnAuthError, GstnTransportError, user_message
from india_ims.gstn.verdict import request_verdict

from . import clock, download, figures_store, gstn_link, sqlwrite, synclog
from .actions import LOAD_COLUMNS
from .constants import INWARD_SUPPLY, KIND_UPLOAD, RETURN_PERIOD, SYNC_LOG
from .rows import (
    ACTION_BY_LABEL,
    DECLARATION_COLUMNS,
    content_digest,
    declaration_columns,
    declaration_of,
    gstn_holds_declaration,
    row_to_record,
)

_LOAD = tuple(dict.fromkeys((*LOAD_COLUMNS, "upload_remarks")))
_DECLARED = "(action = 'Accepted' and ifnull(upload_itc_reduction, '') != '')"


def _pending_rows(company_gstin: str) -> list[dict]:
    return frappe.db.sql(
        f"select {', '.join(f'`{c}`' for c in _LOAD)} from `tab{INWARD_SUPPLY}` "
        f"where company_gstin = %s and (action != gstn_action or {_DECLARED})",
        company_gstin,
        as_dict=True,
    )


def _upload_pending_sql() -> str:
    return f"upload_pending = (action != gstn_action or {_DECLARED})"


def drop_held_declarations(company_gstin: str) -> int:
    """Clear declarations GSTN already holds with Accept (their request's outcome was lost)."""
    rows = frappe.db.sql(
        f"select {', '.join(f'`{c}`' for c in _LOAD)} from `tab{INWARD_SUPPLY}` "
        f"where company_gstin = %s and gstn_action = 'Accepted' and {_DECLARED}",
        company_gstin,
        as_dict=True,
    )
    held = [row["name"] for row in rows if gstn_holds_declaration(row)]
    _clear_declarations(held, company_gstin)
    return len(held)


def _clear_declarations(names: list[str], company_gstin: str) -> None:
    if not names:
        return
    cleared = declaration_columns(None)
    sqlwrite.update_by_name(INWARD_SUPPLY, [{"name": n, **cleared} for n in names], DECLARATION_COLUMNS)
    frappe.db.sql(
        f"update `tab{INWARD_SUPPLY}` set {_upload_pending_sql()} where name in %(names)s", {"names": names}
    )
    figures_store.after_write([company_gstin])


def _save_entries(log_name: str, entries: list[dict]) -> None:
    frappe.db.set_value(SYNC_LOG, log_name, "gstn_references", json.dumps(entries), update_modified=False)
    frappe.db.commit()


def _declared(item: Upload, settings, row: dict, errors: list[dict]) -> Upload | None:
    """A credit note's Accept carries a declaration: the row's, else the default, else it is not sent.

    Rows accepted before a default existed, or by a path that sets no declaration, land here.
    """
    if item.action is not Action.ACCEPT or item.itc_reduction is not None:
        return item
    if not needs_declaration(RecordState(item.record), RuleContext(today=clock.today())):
        return item
    found = default_declaration(item.record, settings.default_itc_declaration, settings.default_itc_remarks)
    if found is not None:
        return replace(item, itc_reduction=found[0], remarks=item.remarks or found[1])
    errors.append(
        {
            "section": row["section"],
            "supplier_gstin": row["supplier_gstin"],
            "document_number": row["document_number"],
            "inward_supply": row["name"],
            "error_code": "ITC_DECLARATION_REQUIRED",
            "message": user_message("IMSSAV0054"),
        }
    )
    return None


def upload(log_name: str, company: str, company_gstin: str, *, gstn=None, progress=None) -> synclog.Outcome:
    gstn = gstn or gstn_link.client(company_gstin)
    errors: list[dict] = []
    counts = defaultdict(int)
    periods: set[str] = set()

    resumed = resume_in_flight(company_gstin, gstn, exclude=log_name)
    resumed_count = sum(resumed["counts"].values())
    for key, value in resumed["counts"].items():
        counts[key] += value
    errors += resumed["errors"]
    periods |= resumed["periods"]

    refreshed, _ = download.download(log_name, company, company_gstin, gstn=gstn)
    drop_held_declarations(company_gstin)
    frappe.db.commit()

    rows = _pending_rows(company_gstin)
    by_key = {}
    uploads = []
    for row in rows:
        record = row_to_record(row)
        action = ACTION_BY_LABEL[row["action"]]
        upload_item = Upload(
            record=record,
            action=action,
            previous_action=record.action,
            remarks=row.get("upload_remarks") or None,
            itc_reduction=declaration_of(row) if action is Action.ACCEPT else None,
        )
        upload_item = _declared(upload_item, gstn.settings, row, errors)
        if upload_item is None:
            continue  # GSTN would refuse it (IMSSAV0054): never sent
        uploads.append(upload_item)
        by_key[record.key] = row
    settings = gstn.settings
    batches = make_batches(
        company_gstin,
        uploads,
        chunk_records=settings.chunk_records,
        max_body_bytes=settings.max_body_bytes,
        encrypted=settings.encrypt,
    )
    entries = synclog.references(log_name)
    for number, batch in enumerate(batches, start=1):
        entry = {
            "kind": "request",
            "request_type": batch.request_type,
            "section": batch.section.value,
            "items": [[by_key[u.record.key]["name"], u.action.label] for u in batch.uploads],
            # what each row declared, so only a confirmed, still-current declaration is cleared
            "declarations": {
                by_key[u.record.key]["name"]: _as_json(declaration_columns(u.itc_reduction))
                for u in batch.uploads
                if u.itc_reduction is not None
            },
            "state": "sending",
            "reference_id": None,
        }
        entries.append(entry)
        _save_entries(log_name, entries)  # committed before the PUT: a crash leaves a trace
        try:
            entry["reference_id"] = gstn.submit(batch.request_type, batch.body)
            entry["state"] = "sent"
            if _reference_known(company_gstin, entry, entries):
                # An id GSTN gave an earlier request (a gateway replaying its answer): its status is
                # that request's, never this one's; the next run's refresh download settles it.
                entry["state"] = "uncertain"
                entry["error"] = f"reference id {entry['reference_id']} was given to an earlier request"
        except GstnTransportError as error:
            if not error.outcome_unknown:
                raise
            entry["state"] = "uncertain"  # the next run's refresh download settles it
            entry["error"] = str(error)
        _save_entries(log_name, entries)
        if entry["state"] == "sent":
            # GSTN takes one request per GSTIN at a time: resolve this one before sending the next.
            result = _resolve(entry, company_gstin, gstn)
            for key, value in result["counts"].items():
                counts[key] += value
            errors += result["errors"]
            periods |= result["periods"]
            _save_entries(log_name, entries)
            if entry["state"] == "sent":
                break  # still processing at GSTN after the whole polling schedule: the rest waits
        if progress:
            progress(number, len(batches), "uploading")
    gstn_link.keep_session(company_gstin, gstn)
    flagged = flag_recompute(company, company_gstin, periods)
    sent = [e for e in entries if e.get("kind") == "request" and e.get("state") == "sent"]
    unanswered = sum(1 for e in sent if e.get("error"))
    waiting = len(sent) - unanswered
    unclear = sum(1 for e in entries if e.get("kind") == "request" and e.get("state") == "uncertain")
    unresolved = waiting + unanswered + unclear
    outcome = synclog.Outcome(
        counts={
            "records_received": refreshed.counts.get("records_received", 0),
            "records_processed": counts["processed"],
            "records_failed": counts["failed"],
        },
        record_errors=errors,
        partly_failed=bool(errors) or bool(unresolved),
        message=(
            (f"{_many(resumed_count, 'record')} of an interrupted upload resolved; " if resumed_count else "")
            + f"{len(uploads)} to send in {_many(len(batches), 'request')}; {counts['processed']} saved at "
            f"GSTN, {counts['failed']} refused"
            + (f"; {_many(waiting, 'request')} still processing at GSTN" if waiting else "")
            + (
                f"; {_many(unanswered, 'request')} GSTN gave no answer about: the next upload asks again"
                if unanswered
                else ""
            )
            + (
                f"; {_many(unclear, 'request')} whose outcome GSTN left unclear: the next upload's "
                "download settles them"
                if unclear
                else ""
            )
            + (f"; GSTR-2B to recompute for {', '.join(sorted(flagged))}" if flagged else "")
        ),
        recompute=sorted(flagged),
    )
    return outcome


def resume_in_flight(company_gstin: str, gstn, *, exclude: str | None = None) -> dict:
    """Poll and apply requests other Upload runs sent but never resolved (a crash, a timeout)."""
    totals = {"counts": defaultdict(int), "errors": [], "periods": set()}
    logs = frappe.get_all(
        SYNC_LOG,
        filters={"kind": KIND_UPLOAD, "company_gstin": company_gstin, "name": ("!=", exclude or "")},
        fields=["name", "status", "message", "gstn_references"],
        order_by="creation asc",
    )
    for log in logs:
        entries = json.loads(log.gstn_references or "[]")
        if not any(e.get("kind") == "request" and e.get("state") == "sent" for e in entries):
            continue
        saved = refused = 0
        for entry in entries:
            if entry.get("kind") == "request" and entry.get("state") == "sent":
                result = _resolve(entry, company_gstin, gstn)
                for key, value in result["counts"].items():
                    totals["counts"][key] += value
                saved += result["counts"]["processed"]
                refused += result["counts"]["failed"]
                totals["errors"] += result["errors"]
                totals["periods"] |= result["periods"]
        _save_entries(log.name, entries)
        note = f"resolved later ({now_datetime():%Y-%m-%d %H:%M}): {saved} saved at GSTN, {refused} refused"
        if log.status in ("Running", "Queued"):
            values = {"status": "Failed", "message": f"Interrupted; its GSTN requests were {note}"}
        else:
            values = {"message": f"{log.message or ''}; requests {note}"[:1000]}
        frappe.db.set_value(SYNC_LOG, log.name, values, update_modified=False)
        frappe.db.commit()
    return totals


def _reference_known(company_gstin: str, entry: dict, entries: list[dict]) -> bool:
    """Whether ``entry``'s reference id was given to another request of this GSTIN before."""
    reference_id = entry["reference_id"]
    if any(e is not entry and e.get("reference_id") == reference_id for e in entries):
        return True
    # the entries are stored as JSON text (``synclog.add_references``); an id is letters and digits
    quoted = json.dumps({"reference_id": str(reference_id)})[1:-1]
    pattern = "%" + quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return bool(
        frappe.db.sql(
            f"select name from `tab{SYNC_LOG}` where company_gstin = %s and kind = %s "
            "and gstn_references like %s limit 1",
            (company_gstin, KIND_UPLOAD, pattern),
        )
    )


def _resolve(entry: dict, company_gstin: str, gstn) -> dict:
    """Poll one request; apply GSTN's verdict to the rows it carried (idempotent).

    A record counts as saved only when GSTN's answer places every failure it reports
    (``request_verdict``); when it does not, or when the answer cannot be read or GSTN will not
    give it, the request is left "uncertain": nothing of it is believed either way, and the next
    upload's download (spec 2.1) shows what GSTN holds, so nothing is lost or sent twice."""
    result = {"counts": defaultdict(int), "errors": [], "periods": set()}
    try:
        status = gstn.wait_for_request(entry["reference_id"])
    except GstnAuthError:
        raise  # the request stays "sent": the next run, logged in again, asks after it
    except (PayloadError, GstnApiError) as error:
        entry["state"], entry["error"] = "uncertain", str(error)
        return result
    except GstnTransportError as error:
        # No answer about it (timeouts, 5xx past the retries): it stays "sent" and the next run asks
        # again. Raised, it failed the job and its message lost what the requests before it saved.
        entry["error"] = f"no answer from GSTN about it: {error}"
        return result
    entry.pop("error", None)
    if status.in_progress:
        return result
    names = [name for name, _ in entry["items"]]
    sent = dict(entry["items"])
    rows = {row["name"]: row for row in _rows(names)}
    keys = {row_to_record(row).key: name for name, row in rows.items()}
    verdict = request_verdict(list(keys), status)
    failed = {keys[key]: (e.code, user_message(e.code, e.message)) for key, e in verdict.failed.items()}
    accepted = [keys[key] for key in verdict.confirmed]
    if status.status == "ER" and not failed:
        message = user_message(status.error_code, status.error_message)
        failed = dict.fromkeys(names, (status.error_code or "ER", message))
    updates = []
    for name in accepted:
        row = dict(rows[name])
        row["gstn_action"] = sent[name]
        updates.append(
            {
                "name": name,
                "gstn_action": sent[name],
                "upload_error": "",
                "last_upload_reference": entry["reference_id"],
                "content_digest": content_digest(row),
            }
        )
        if row.get("gstr2b_period"):
            result["periods"].add(row["gstr2b_period"])
    for name, (code, message) in failed.items():
        row = rows.get(name)
        updates.append(
            {
                "name": name,
                "gstn_action": row["gstn_action"] if row else None,
                "upload_error": f"{code}: {message}",
                "last_upload_reference": entry["reference_id"],
                "content_digest": row["content_digest"] if row else None,
            }
        )
        if row:
            result["errors"].append(
                {
                    "section": row["section"],
                    "supplier_gstin": row["supplier_gstin"],
                    "document_number": row["document_number"],
                    "inward_supply": name,
                    "error_code": code,
                    "message": message,
                }
            )
    sqlwrite.update_by_name(
        INWARD_SUPPLY,
        [u for u in updates if u["gstn_action"]],
        ("gstn_action", "upload_error", "last_upload_reference", "content_digest"),
    )
    if any(u["gstn_action"] for u in updates):
        figures_store.after_write([company_gstin])
    sent_declarations = entry.get("declarations") or {}
    _clear_declarations(
        [
            name
            for name in accepted
            if name in sent_declarations
            and rows[name]["action"] == sent[name]
            and _as_json(declaration_columns(declaration_of(rows[name]))) == sent_declarations[name]
        ],
        company_gstin,
    )
    if names:
        frappe.db.sql(
            f"update `tab{INWARD_SUPPLY}` set {_upload_pending_sql()} where name in %(names)s",
            {"names": names},
        )
    entry["state"] = "uncertain" if verdict.unsure else "resolved"
    if verdict.unsure:
        entry["error"] = (
            f"GSTN reported {status.failed or 'some'} failure(s) its error report does not place: "
            "none of the rest is taken as saved until the next download shows what GSTN holds"
        )
    entry["status"] = status.status
    entry["resolved_on"] = str(now_datetime())
    result["counts"]["processed"] += len(accepted)
    result["counts"]["failed"] += len(failed)
    return result


def _as_json(columns: dict) -> dict:
    return {key: str(value) for key, value in columns.items()}


def _rows(names: list[str]) -> list[dict]:
    from .actions import load_rows

    rows = load_rows(names)
    digests = (
        dict(
            frappe.db.sql(
                f"select name, content_digest from `tab{INWARD_SUPPLY}` where name in %(n)s", {"n": names}
            )
        )
        if names
        else {}
    )
    for row in rows:
        row["content_digest"] = digests.get(row["name"])
    return rows


def flag_recompute(company: str, company_gstin: str, periods: set[str]) -> set[str]:
    """Periods whose GSTR-2B is already generated and whose GSTR-3B is not filed need a recompute."""
    flagged = set()
    day = clock.today()
    for period in periods:
        generation = ReturnPeriod.parse(period).gstr2b_generation_date()
        if day < generation:
            continue
        name = ensure_return_period(company, company_gstin, period)
        if frappe.db.get_value(RETURN_PERIOD, name, "gstr3b_filed"):
            continue
        frappe.db.set_value(RETURN_PERIOD, name, "recompute_needed", 1)
        flagged.add(period)
    return flagged


def ensure_return_period(company: str, company_gstin: str, period: str) -> str:
    name = f"{company_gstin}-{period}"
    if not frappe.db.exists(RETURN_PERIOD, name):
        frappe.get_doc(
            {
                "doctype": RETURN_PERIOD,
                "company": company,
                "company_gstin": company_gstin,
                "return_period": period,
            }
        ).insert(ignore_permissions=True)
    return name


__all__ = ["upload", "resume_in_flight", "flag_recompute", "ensure_return_period", "Action"]


def _many(count: int, noun: str) -> str:
    """"1 request", "3 requests": a receipt a user reads says it right."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
