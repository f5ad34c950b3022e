"""Reconcile job body: one company GSTIN and supplier return period, loaded and written in bulk.

Scope: the IMS records GSTN reported for the period, and the submitted
Purchase Invoices of the GSTIN billed from ``date window`` days before the
period to its end or posted in it, plus the ones already linked to these
records. Invoices matched to records of other periods stay out, and so do
Manual Matches, which a reconciliation never undoes. An invoice left unpaired
is Missing in IMS of the month it is dated in (``match_plan.claiming_period``), whichever
period's window reached it.

"Nothing changed" is decided before loading anything: a digest of everything
the job reads (the period's rows, links from other periods, the invoices in
scope, the settings) is compared with the one taken after the last run's
writes. Equal digests mean the same inputs, hence the same answer, so the job
returns the last outcome without loading or matching 100,000 rows.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import asdict, dataclass, field
from datetime import timedelta

import frappe

from india_ims import __version__
from india_ims.gst_india.documents import MatchStatus
from india_ims.gst_india.matching import MatchSettings
from india_ims.gst_india.matching import reconcile as match
from india_ims.gst_india.memory import cyclic_gc_paused
from india_ims.gst_india.money import to_paise
from india_ims.gst_india.periods import ReturnPeriod

from . import digest_beside, figures_store, match_plan, pi_links, purchases, sqlread, sqlwrite, synclog
from .constants import INWARD_SUPPLY, PI_LINK, PI_MATCH_REASON, PI_MATCH_STATUS, PI_PERIOD, SETTINGS
from .match_plan import BOOKS_COLUMNS
from .rows import GSTN_COLUMNS, MATCH_COLUMNS, row_to_record

IMS_WRITE_COLUMNS = (*MATCH_COLUMNS, *BOOKS_COLUMNS)
_LOAD = tuple(dict.fromkeys(("name", *GSTN_COLUMNS, *MATCH_COLUMNS, *BOOKS_COLUMNS)))
# Bump when the job starts reading something the digest below does not cover.
_DIGEST_VERSION = 1
_DIGEST_KEY = "india_ims:reconcile-digest:{}:{}"


class Clock:
    """Optional phase timings (the benchmark prints them)."""

    def __init__(self, timings: dict | None):
        self.timings, self.last = timings, time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        if self.timings is not None:
            self.timings[phase] = self.timings.get(phase, 0.0) + now - self.last
        self.last = now


def match_settings() -> MatchSettings:
    settings = frappe.get_cached_doc(SETTINGS)
    tolerance = settings.amount_tolerance if settings.amount_tolerance is not None else 1
    window = settings.date_window_days if settings.date_window_days is not None else 7
    return MatchSettings(amount_tolerance=to_paise(tolerance), date_window_days=int(window))


def _hashing(sql: str, columns: str) -> str:
    """``sql`` (``{hashed}`` in it) asking for (count, sum of a 60-bit hash per row) of its rows:
    order-free, exact (DECIMAL), no sort."""
    return sql.format(hashed=f"cast(conv(left(md5(concat_ws('|', {columns})), 15), 16, 10) as unsigned)")


def _sums(result) -> tuple:
    count, total = result[0]
    return int(count or 0), str(total or 0)


def _row_hashes(sql: str, values: dict, columns: str) -> tuple:
    return _sums(frappe.db.sql(_hashing(sql, columns), values))


def state_digest(company_gstin: str, period: str, settings: MatchSettings, books: dict | None = None) -> str:
    """A digest of every input of ``reconcile``: equal digests, same result.

    Rows are identified by name and ``modified`` (every app write sets it, except the match
    columns of Purchase Invoices, which are hashed themselves), plus GSTN's content digest.
    ``books``: ``books_digest_parts`` taken already (see ``remember``).
    """
    ims = _records_part(company_gstin, period, settings)
    return _digest_of(settings, books or books_digest_parts(company_gstin, period, settings), ims)


def _records_part(company_gstin: str, period: str, settings: MatchSettings) -> tuple:
    return _row_hashes(
        f"select count(*), sum({{hashed}}) from `tab{INWARD_SUPPLY}` "
        "where company_gstin = %(gstin)s and supplier_return_period = %(period)s",
        _digest_values(company_gstin, period, settings),
        "name, modified, ifnull(content_digest, ''), ifnull(match_status, ''), ifnull(purchase_invoice, '')",
    )


def _digest_of(settings: MatchSettings, parts: dict, ims: tuple) -> str:
    text = json.dumps(
        [
            _DIGEST_VERSION,
            __version__,
            asdict(settings),
            parts["field"],
            ims,
            parts["elsewhere"],
            parts["books"],
        ],
        default=str,
        sort_keys=True,
    )
    return hashlib.sha256(text.encode()).hexdigest()


def books_digest_parts(company_gstin: str, period: str, settings: MatchSettings) -> dict:
    """The digest's parts other than the period's own records: links from other periods and the
    invoices in scope. They read nothing of the period's records but the invoices they name, each
    of which also carries the period (``PI_PERIOD`` in ``pi_links``) once linked, so a first write
    taken on two connections (``first_write``) takes them on its own before the two commit."""
    field, statements = _books_statements(company_gstin, period, settings)
    return _books_parts(field, [frappe.db.sql(sql, values) for sql, values in statements])


def _books_parts(field: str, results: list) -> dict:
    elsewhere, books = (_sums(result) for result in results)
    return {"field": field, "elsewhere": list(elsewhere), "books": list(books)}


def _books_statements(company_gstin: str, period: str, settings: MatchSettings) -> tuple[str, list]:
    """``books_digest_parts``' two statements with their values, built here (they read the site's
    settings) so that another thread may run them."""
    values = _digest_values(company_gstin, period, settings)
    gstin_field = purchases.field_map()["company_gstin"]
    elsewhere = _hashing(
        f"select count(*), sum({{hashed}}) from `tab{INWARD_SUPPLY}` where company_gstin = %(gstin)s "
        "and supplier_return_period != %(period)s and ifnull(purchase_invoice, '') != ''",
        "name, purchase_invoice",
    )
    books = _hashing(
        f"""{_one_lookup_each()}select count(*), sum({{hashed}})
            from `tabPurchase Invoice` pi {pi_links.join()}
            where pi.`{gstin_field}` = %(gstin)s and (
                pi.bill_date between %(from)s and %(to)s or pi.posting_date between %(from)s and %(to)s
                or lk.`{PI_PERIOD}` = %(period)s
                or pi.name in (select purchase_invoice from `tab{INWARD_SUPPLY}` {_by_invoice()}
                    where company_gstin = %(gstin)s and supplier_return_period = %(period)s))""",
        f"pi.name, pi.docstatus, pi.modified, ifnull(lk.`{PI_LINK}`, ''), "
        f"ifnull(lk.`{PI_MATCH_STATUS}`, ''), ifnull(lk.`{PI_PERIOD}`, '')",
    )
    return gstin_field, [(elsewhere, values), (books, values)]


def _digest_values(company_gstin: str, period: str, settings: MatchSettings) -> dict:
    parsed = ReturnPeriod.parse(period)
    return {
        "gstin": company_gstin,
        "period": period,
        "from": parsed.first_day - timedelta(days=settings.date_window_days),
        "to": parsed.last_day,
    }


def _by_invoice() -> str:
    return "force index (purchase_invoice)" if frappe.db.db_type == "mariadb" else ""


def _one_lookup_each() -> str:
    """The invoices a period's records name, each found on the records' ``purchase_invoice`` index
    (``_by_invoice``: with no statistics to go by, MariaDB took the GSTIN's ``gstin_upload``).
    Right after a first download of a lakh, before InnoDB recalculated its statistics (in the
    background, seconds later), MariaDB chose to materialise every record of every GSTIN for the
    invoices' ``IN (...)``: 0.74 s against 0.15 s for the invoices' part of the digest, worse the
    larger the table. This plan does not hang on the statistics."""
    if frappe.db.db_type != "mariadb":
        return ""
    return "set statement optimizer_switch='semijoin=off,materialization=off' for "


def quick_fingerprint(company_gstin: str, period: str) -> list:
    """How many of the period's records there are and their latest ``modified``: a function of what
    ``state_digest`` hashes, so when it differs the digest differs too; one cheap query."""
    count, latest = frappe.db.sql(
        f"select count(*), max(modified) from `tab{INWARD_SUPPLY}` "
        "where company_gstin = %s and supplier_return_period = %s",
        (company_gstin, period),
    )[0]
    return [int(count or 0), str(latest or "")]


def _unchanged_since(last: dict, company_gstin: str, period: str, settings: MatchSettings) -> bool:
    """Whether the period's inputs are as ``remember`` left them. The quick look settles most
    changed cases without hashing every row and invoice; on a large period the invoices are hashed
    on another connection while this one hashes the records (``digest_beside``)."""
    quick = quick_fingerprint(company_gstin, period)
    if last.get("quick") != quick:
        return False
    field, statements = _books_statements(company_gstin, period, settings)
    beside = digest_beside.start(statements, records=quick[0])
    try:
        ims = _records_part(company_gstin, period, settings)
    finally:
        # joined and its connection closed whatever happened here
        results = beside.results() if beside is not None else None
    if results is None:
        results = [frappe.db.sql(sql, values) for sql, values in statements]
    return last.get("digest") == _digest_of(settings, _books_parts(field, results), ims)


@cyclic_gc_paused()
def reconcile(
    company: str, company_gstin: str, period: str, progress=None, timings: dict | None = None
) -> synclog.Outcome:
    clock = Clock(timings)
    settings = match_settings()
    key = _DIGEST_KEY.format(company_gstin, period)
    last = frappe.cache.get_value(key)
    if last and _unchanged_since(last, company_gstin, period, settings):
        clock.lap("digest")
        processed = last["counts"]["records_processed"]
        why = _UNCHANGED.get(last.get("by"), _UNCHANGED[None])
        return synclog.Outcome(
            counts={**last["counts"], "records_updated": 0, "records_unchanged": processed},
            message=f"{last['message']} ({why}: nothing written)",
        )
    clock.lap("digest")
    texts = sqlread.dict_texts(
        _LOAD,
        f"from `tab{INWARD_SUPPLY}` where company_gstin = %s and supplier_return_period = %s",
        (company_gstin, period),
    )
    clock.lap("load_ims")
    # The invoices are read on this connection in a thread while the records are made in Python, as
    # a first download reads them (``BooksAhead``): the server builds their rows on its own core
    # meanwhile (1.8-2.1 s of a lakh's 3.2 s read).
    from .first_match import BooksAhead  # it builds on this module

    ahead = BooksAhead(company_gstin, period, settings)
    try:
        rows = sqlread.parsed_dicts(_LOAD, texts)
        pinned = [row for row in rows if row.match_status == MatchStatus.MANUAL.value]
        free = [row for row in rows if row.match_status != MatchStatus.MANUAL.value]
        records = [row_to_record(row) for row in free]
    finally:
        ahead.wait()  # the connection is the job's again, whatever happened
    clock.lap("to_records")
    books, current = ahead.result()
    clock.lap("load_purchases")
    if progress:
        progress(0, len(free), "matching")
    results = match(records, books, settings=settings)
    clock.lap("match")
    plan = plan_writes(company_gstin, period, free, pinned, books, results, current)
    clock.lap("compare")
    sqlwrite.update_by_name(INWARD_SUPPLY, plan.ims_updates, IMS_WRITE_COLUMNS)
    if plan.ims_updates:
        figures_store.after_write([company_gstin])
    clock.lap("write_ims")
    write_purchase_links(plan.pi_updates)
    clock.lap("write_purchases")
    outcome = plan.outcome(period, len(rows))
    remember(company_gstin, period, settings, outcome)
    clock.lap("digest")
    return outcome


# What the "nothing changed" outcome says, by who took the digest it compared with.
_UNCHANGED = {
    None: "nothing changed since the last reconciliation",
    "download": "matched by the download that saved these records; nothing changed since",
}


def books_query(company_gstin: str, period: str, settings: MatchSettings) -> purchases.Query:
    """The invoices in scope: by date, plus those linked to this period's records; less those
    linked to other periods' records or matched by hand (subqueries in purchases.Query)."""
    parsed = ReturnPeriod.parse(period)
    return purchases.Query(
        company_gstin,
        date_from=parsed.first_day - timedelta(days=settings.date_window_days),
        date_to=parsed.last_day,
        period=period,
    )


def load_books(company_gstin: str, period: str, settings: MatchSettings, current: dict) -> list:
    """The invoices in scope (``books_query``); ``current`` receives their link columns as stored."""
    query = books_query(company_gstin, period, settings)
    return query.documents(sqlread.json_rows(query.expressions, query.rest, query.values), current)


@dataclass
class WritePlan:
    """A reconciliation's writes: match columns of IMS rows, link columns of Purchase Invoices."""

    ims_updates: list[dict]
    pi_updates: list[dict]
    counts: dict[str, int]
    processed: int
    pinned: int
    # every invoice's link columns as read with the books (``load_books``' ``current``): what
    # ``first_write`` puts back if the job fails after its early commit
    links_read: dict = field(default_factory=dict)

    def outcome(self, period: str, received: int) -> synclog.Outcome:
        summary = ", ".join(f"{count} {status}" for status, count in sorted(self.counts.items()))
        return synclog.Outcome(
            counts={
                "records_received": received,
                "records_processed": self.processed,
                "records_updated": len(self.ims_updates),
                "records_unchanged": self.processed - len(self.ims_updates),
            },
            # Named as a CA reads it: the job goes through a supplier filing period, whose records may
            # count in several GSTR-3B periods (the Match Summary's).
            message=(
                f"Supplier's filing period {ReturnPeriod.parse(period).label}, all {received} records "
                f"whichever GSTR-3B period they count in: {summary or 'nothing to match'}; "
                f"{self.pinned} manual matches kept"
            ),
        )


def plan_writes(
    company_gstin: str,
    period: str,
    free: list,
    pinned: list,
    books: list,
    results,
    current: dict,
    *,
    new_rows: bool = False,
) -> WritePlan:
    """What changes (``match_plan.plan``), and the invoices that claim ``period`` but were not paired
    in it this time, whose link columns are cleared. ``new_rows``: as in ``match_plan.plan``."""
    planned = match_plan.plan(period, free, pinned, books, results, new_rows=new_rows)
    pi_updates = planned.pi_updates
    in_scope = {update["name"] for update in pi_updates}
    stale = [name for name in _claiming(company_gstin, period, current) if name not in in_scope]
    pi_updates += [
        {"name": name, PI_LINK: None, PI_MATCH_STATUS: "", PI_PERIOD: "", PI_MATCH_REASON: None}
        for name in stale
    ]
    return WritePlan(
        planned.ims_updates,
        match_plan.changed_links(pi_updates, current),
        planned.counts,
        len(free),
        len(pinned),
        current,
    )


def _claiming(company_gstin: str, period: str, current: dict) -> set[str] | list[str]:
    """Every invoice whose link columns claim ``period``. The books' scope takes in every invoice
    that claims it, so ``current`` (their link columns, read in this transaction) names them all as
    a rule: one count checks that, where reading a linked lakh's names took 0.6-0.8 s. They are
    read only when the count differs (an invoice the scope leaves out, say one linked by hand)."""
    claimed = {name for name, columns in current.items() if columns[2] == period}
    gstin_field = purchases.field_map()["company_gstin"]
    if pi_links.claiming(gstin_field, company_gstin, period, count=True) == len(claimed):
        return claimed
    return pi_links.claiming(gstin_field, company_gstin, period)


def write_purchase_links(pi_updates: list[dict]) -> None:
    pi_links.write(pi_updates)


def forget(company_gstin: str, period: str) -> None:
    """The state ``remember`` took no longer holds (its writes were taken back)."""
    frappe.cache.delete_value(_DIGEST_KEY.format(company_gstin, period))


def remember(
    company_gstin: str,
    period: str,
    settings: MatchSettings,
    outcome: synclog.Outcome,
    by: str | None = None,
    books: dict | None = None,
) -> None:
    """After the writes: the state the next run will find if nothing else changes it. ``books``:
    the digest's other parts, taken in the transaction that read the invoices matched, when the
    writes have been committed since (``first_write``): an invoice saved meanwhile must still
    count as a change."""
    after = {
        "quick": quick_fingerprint(company_gstin, period),
        "digest": state_digest(company_gstin, period, settings, books),
    }
    frappe.cache.set_value(
        _DIGEST_KEY.format(company_gstin, period),
        {**after, "counts": outcome.counts, "message": outcome.message, "by": by},
    )
