"""What a download reads before it writes: GSTN's counts and every section's answer, what is stored,
read on the job's connection while GSTN answers, and the invoices likeliest to be matched first.

A section whose answer and rows are as the last download left them is not read (``payload_seen``);
its entries are kept here, per GSTIN, in the cache (they check themselves against the rows, so a lost
or stale entry only means a section is read).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import timedelta

import frappe
from frappe.utils import add_to_date, now_datetime

from india_ims.gst_india.documents import ImsRecord, Section
from india_ims.gst_india.payload.section_answer import SectionAnswer

from . import download_counts, first_match, gstn_link, payload_seen, reconcile, sqlread
from .constants import INWARD_SUPPLY
from .merge import StoredRow

_STORED_COLUMNS = (
    "name",
    "content_digest",
    "action",
    "gstn_action",
    "supplier_filing_status",
    "gstr2b_period",
    "gstr2b_period_basis",
    "section",
)
# Per GSTIN: what each section's answer was and the state its rows were left in (``payload_seen``).
_SEEN_KEY = "india_ims:payload_seen:{}"
_SEEN_DAYS = 40


class StoredRows(dict):
    """``StoredRow`` by name, and each section's state (``payload_seen.states_of``)."""

    states: dict[str, payload_seen.SectionState]


def _stored_query(company_gstin: str) -> tuple:
    return _STORED_COLUMNS, f"from `tab{INWARD_SUPPLY}` where company_gstin = %s", (company_gstin,)


def _stored_by_name(rows: list[list]) -> StoredRows:
    stored = StoredRows(
        (name, StoredRow(name, digest or "", action, gstn_action, (status or "Filed") == "Filed",
                         period or "", basis or ""))
        for name, digest, action, gstn_action, status, period, basis, _section in rows
    )
    stored.states = payload_seen.states_of((row[7] or "", row[1] or "") for row in rows)
    return stored


def stored_rows(company_gstin: str) -> StoredRows:
    return _stored_by_name(sqlread.json_rows(*_stored_query(company_gstin)))


def stored_rows_ahead(company_gstin: str) -> sqlread.ReadAhead:
    """``stored_rows`` read in a thread while GSTN answers (see ``sqlread.ReadAhead``)."""
    columns, rest, values = _stored_query(company_gstin)
    return sqlread.ReadAhead(columns, rest, values, _stored_by_name)


def periods_with_rows(company_gstin: str, periods: Iterable[str]) -> set[str]:
    periods = sorted(set(periods))
    if not periods:
        return set()
    return set(
        frappe.db.sql_list(
            f"select distinct supplier_return_period from `tab{INWARD_SUPPLY}` "
            "where company_gstin = %(gstin)s and supplier_return_period in %(periods)s",
            {"gstin": company_gstin, "periods": periods},
        )
    )


def books_to_read_first(
    company_gstin: str, reconcile_with: Iterable[str] | None
) -> first_match.BooksAhead | None:
    """The invoices of the period a download that reconciles ``reconcile_with`` afterwards will most
    likely match before saving (``periods_to_match_first``): the earliest of them, if none of its rows
    is stored; records of an earlier period would come first, and then it is read again. Not started:
    the caller reads them while GSTN answers (``BooksAhead.start``)."""
    periods = sorted(p for p in reconcile_with or () if p)
    if not periods or periods_with_rows(company_gstin, periods[:1]):
        return None
    return first_match.BooksAhead(company_gstin, periods[0], reconcile.match_settings(), start=False)


def _download_sections(gstn, sections, reading, company: str, queued: list, progress, started) -> None:
    """GETINV of each section (HTTP only: no database), collecting answers and GSTN's tokens. An
    answer that cannot turn out unread is read at once, while the server reads ahead.
    ``started``: the time before (reading the clock may read the site's time zone)."""
    ticks = time.monotonic()
    # One thread reads the answers (pure Python, no frappe) while this one waits for GSTN's next: a
    # lakh's answers took 1.4 s to read, and GSTN took 2.0 s to send them.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="india_ims-getinv-read") as reader:
        for number, section in enumerate(sections, start=1):
            result = gstn_link.read_section(gstn, section)
            if progress:
                progress(number, len(sections), f"downloaded {section.label}")
            if isinstance(result, gstn_link.QueuedSection):
                now = started + timedelta(seconds=time.monotonic() - ticks)
                queued.append(
                    {
                        "kind": "queued download",
                        "section": section.value,
                        "token": result.token,
                        "due": str(add_to_date(now, minutes=result.wait_minutes)),
                    }
                )
            else:
                reading.answers[section] = result
                if not reading.worth_holding(section, company):
                    reader.submit(_read_now, result)  # while the server reads ahead too


def _read_now(answer: SectionAnswer) -> None:
    """``answer``'s records read now. An answer that cannot be read stays unread, so the error is
    raised in the job's thread where its records are first wanted, in the adapter's words."""
    with suppress(Exception):  # raised again by the same read, where it is reported
        answer.records  # noqa: B018 - reading is the point


def keep_reading(
    company: str, company_gstin: str, reading: payload_seen.Reading, stored: StoredRows, plan
) -> None:
    """After the writes: each section's answer and the state its rows are left in, for the next
    download (``payload_seen``). A write taken back after this leaves rows whose state no entry
    holds, so nothing is skipped on their account."""
    states = getattr(stored, "states", None)
    if states is None:
        return
    written = [(plan.complete(row), None) for row in plan.inserts]
    written += [(row, stored[row["name"]].digest) for row in plan.updates]
    entries = payload_seen.entries_after(
        reading.entries,
        reading.answers,
        states,
        company=company,
        written=written,
        unchanged_in=plan.unchanged_in,
    )
    frappe.cache.set_value(_SEEN_KEY.format(company_gstin), entries, expires_in_sec=_SEEN_DAYS * 86400)


def kept_reading(company_gstin: str, answers: dict[Section, SectionAnswer]) -> payload_seen.Reading:
    """The answers of a download with the entries its last download left (``payload_seen``)."""
    # expires: kept with an expiry, so never from (or into) the process's own copy, which would hold
    # the first answer read for the rest of a long-running process
    entries = frappe.cache.get_value(_SEEN_KEY.format(company_gstin), expires=True)
    return payload_seen.Reading(answers, entries)


@dataclass
class Fetched:
    """What a download brought, before anything is written: ``apply_records``' arguments."""

    records: list[ImsRecord]
    queued: list[dict]
    counted: download_counts.Counted
    stored: StoredRows
    books: first_match.BooksAhead | None
    reading: payload_seen.Reading


def fetch(
    company: str,
    company_gstin: str,
    gstn,
    sections: Iterable[Section] = tuple(Section),
    progress=None,
    reconcile_with: Iterable[str] | None = None,
) -> Fetched:
    """GETCNT and every section's GETINV, with what is stored read meanwhile; the sections whose
    answers and rows are as the last download left them are not read (``payload_seen``)."""
    sections = list(sections)
    queued: list[dict] = []
    started = now_datetime()
    reading = kept_reading(company_gstin, {})
    with read_ahead(company_gstin, reconcile_with) as (ahead, books):
        counted = download_counts.read(gstn)
        _download_sections(gstn, sections, reading, company, queued, progress, started)
    stored = ahead.result()
    reading.judge(stored.states, company)
    return Fetched(reading.records(), queued, counted, stored, books, reading)


@contextmanager
def read_ahead(company_gstin: str, reconcile_with: Iterable[str] | None):
    """What is stored and the invoices likeliest to be matched first, read on the job's connection
    while GSTN answers: the body must not touch the database; both reads are in when it ends."""
    books = books_to_read_first(company_gstin, reconcile_with)  # before the read ahead takes the connection
    ahead = stored_rows_ahead(company_gstin)
    if books is not None:
        books.start(after=ahead)
    try:
        yield ahead, books
    finally:
        ahead.wait()
        if books is not None:
            books.wait()
