"""Each IMS record's contribution to its period's GSTR-2B and to ITC at stake, kept on the record.

The GSTR-2B & 3B Preview, its charts, the reports and the IMS Tool's ITC at stake are grouped sums
of these ``fig_*`` columns over an index, so the first view after a change answers without loading
records into Python. The core decides each part (``gst_india.returns.contribution``); this module
only loads the records, asks the core and writes what changed, in one ``UPDATE ... JOIN``.

No write path computes a part. Each record keeps the ``modified`` its part was computed from
(``fig_modified``); the generated column ``fig_stale`` says when they differ, and its index lists a
GSTIN's stale records at once. A write path calls ``after_write``, which queues one background
refresh per GSTIN after its commit (``jobs.enqueue_figures_refresh``); every view calls
``ensure_fresh`` first, which refreshes in the request whatever the job has not reached yet.
A refresh also takes the amendments whose original (or earlier amendment) changed: their
difference and scenario follow the original. What is not frozen in a part: Section 16(4) (the
part keeps the deadline; the query compares it with today) and the replacement of an original by
an amendment of the same period (the query looks it up). The stake of a record held Pending does
end with 16(4) (FAQ 21): ``expire_past_section_16_4`` marks those parts stale once the day passes.
Filed periods are in a part (a pending record's period and deemed acceptance): closing or reopening
refreshes the pending records.
"""

from __future__ import annotations

import hashlib
import time
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import frappe

from india_ims.gst_india.documents import Action, DocumentType, Section
from india_ims.gst_india.returns.contribution import Contribution, contribution, section_16_4_cutoff
from india_ims.gst_india.rules import RecordState

from . import figure_sums, sqlread, sqlwrite
from .constants import INWARD_SUPPLY
from .originals import number_key
from .state_index import STATE_INDEX

HEADS = ("igst", "cgst", "sgst", "cess")
AMOUNTS = ("taxable_value", *HEADS)
AMENDMENT_SECTIONS = tuple(s.value for s in Section if s.is_amendment)
AMOUNT_COLUMNS = (
    *(f"fig_{h}" for h in AMOUNTS),
    *(f"fig_doc_{h}" for h in AMOUNTS),
    "fig_net_tax",
    *(f"fig_accepted_{h}" for h in HEADS),
    *(f"fig_current_{h}" for h in HEADS),
    "fig_moved_tax",
)
COLUMNS = (
    "fig_period",
    "fig_block",
    "fig_part",
    "fig_section",
    "fig_deadline",
    "fig_stake_action",
    *AMOUNT_COLUMNS,
    "fig_unsent",  # upload_pending as of the part: the period sums count the actions not uploaded
    # the action as of the part: the charts group by it, so the figures' indexes carry no live
    # column a user's action moves (that write touches only the tool's own indexes)
    "fig_action",
)
CHUNK = 10_000
# what tells which amendments depend on a record (``_dependent_amendments``)
_KEY_COLUMNS = (
    "name", "company_gstin", "section", "supplier_gstin", "document_number", "original_document_number"
)


def preview_state(state: RecordState, row: Mapping) -> RecordState:
    """The state the local preview counts: the user's declared reduction, else GSTN's when both
    sides say Accepted (what the next upload leaves standing)."""
    from .rows import declaration_of

    reduction = declaration_of(row)
    if reduction is None and state.action is Action.ACCEPT and state.gstn_action is Action.ACCEPT:
        reduction = state.record.itc_reduction
    return replace(state, itc_reduction=reduction)


def columns_of(part: Contribution, state: RecordState) -> dict:
    placement, stake = part.placement, part.stake
    record = state.record
    sign = -1 if record.document_type is DocumentType.CREDIT_NOTE else 1
    out = {
        "fig_period": str(part.period) if part.period else "",
        "fig_block": placement.block.value if placement else "",
        "fig_part": placement.part.name if placement else "",
        "fig_section": placement.section.name if placement else "",
        "fig_deadline": part.deadline,
        "fig_stake_action": stake.action.label if stake else "",
        "fig_moved_tax": stake.moved.total_tax / 100 if stake else 0,
        # the document's own tax, credit notes negative: what the charts' ITC by action sums
        "fig_net_tax": sign * record.amounts.total_tax / 100,
    }
    for head in AMOUNTS:
        out[f"fig_{head}"] = getattr(part.value, head) / 100
        out[f"fig_doc_{head}"] = getattr(part.document_value, head) / 100
    for head in HEADS:
        out[f"fig_accepted_{head}"] = getattr(stake.all_accepted, head) / 100 if stake else 0
        out[f"fig_current_{head}"] = getattr(stake.current, head) / 100 if stake else 0
    return out


def digest(columns: Mapping) -> str:
    """Of the computed columns: a row is written only when its part changed."""
    text = "|".join(str(columns[c]) if columns[c] is not None else "" for c in COLUMNS)
    return hashlib.blake2b(text.encode(), digest_size=10).hexdigest()



def _dependent_amendments(names: Sequence[str], held: Mapping) -> list[str]:
    """Amendments whose original or earlier amendment is among ``names`` (one query per GSTIN, on
    the unique index's leading columns: a GSTIN's amendments are few)."""
    rows = [held[name] for name in names if name in held]
    missing = [name for name in names if name not in held]
    where = f"from `tab{INWARD_SUPPLY}` where name in %(names)s"
    for start in range(0, len(missing), CHUNK):
        # text columns only: read as JSON arrays (``sqlread``), a refresh of a lakh reads them all
        rows += sqlread.dict_rows(_KEY_COLUMNS, where, {"names": missing[start : start + CHUNK]})
    keys: dict[str, set] = defaultdict(set)
    for row in rows:
        section = Section(row["section"])
        number = row["original_document_number"] if section.is_amendment else row["document_number"]
        keys[row["company_gstin"]].add((row["supplier_gstin"], section.original.value, number_key(number)))
    found = []
    for gstin, wanted in keys.items():
        # only the amendments of the suppliers of the records asked about, from the unique key
        # (company GSTIN, section, supplier): without it MariaDB took ``gstin_supplier`` and read every
        # record of those suppliers, 3.5 s of a 6.5 s refresh of 2,000 records spread over a lakh
        suppliers = sorted({key[0] for key in wanted})
        force = "force index (unique_ims_document) " if frappe.db.db_type == "mariadb" else ""
        for row in frappe.db.sql(
            f"select name, section, supplier_gstin, original_document_number from `tab{INWARD_SUPPLY}` "
            f"{force}where company_gstin = %(gstin)s and supplier_gstin in %(suppliers)s "
            "and section in %(sections)s",
            {"gstin": gstin, "suppliers": suppliers, "sections": AMENDMENT_SECTIONS},
            as_dict=True,
        ):
            original = Section(row.section).original.value
            if (row.supplier_gstin, original, number_key(row.original_document_number)) in wanted:
                found.append(row.name)
    return found


def refresh(names: Iterable[str], *, dependants: bool = True) -> dict:
    """Recompute the parts of ``names`` (and of the amendments that depend on them) and write the
    ones that changed or are stale. Returns counts and seconds, for the benchmarks."""
    return _refresh(sorted(set(names)), dependants)


def stale(names: Iterable[str]) -> list[str]:
    """The records whose stored part is not what the core says now (nothing written): a check for
    tests and for a hand repair (``refresh_all``)."""
    return _refresh(sorted(set(names)), False, write=False)["stale"]


def _load(names: Sequence[str]) -> list[dict]:
    """One flat read per chunk: the columns the core's part depends on and, in the same statement
    (so the same snapshot), the ``modified`` they were read at and what is stored. Read as one JSON
    array a row (``sqlread``, as the bulk action reads the same columns): pymysql decoding 45 fields
    a row was most of the Python of the read. ``modified`` and ``fig_modified`` both come as the
    server's text of a DATETIME(6), so they compare as the columns do and write back exactly."""
    from .actions import LOAD_COLUMNS

    read = (*dict.fromkeys((*LOAD_COLUMNS, "upload_pending")), "modified", "fig_digest", "fig_modified")
    where = f"from `tab{INWARD_SUPPLY}` where name in %(names)s"
    return sqlread.dict_rows(read, where, {"names": list(names)})


def _refresh(names: list[str], dependants: bool, *, write: bool = True) -> dict:
    from .context import record_states, rule_context

    started = time.perf_counter()
    if not names:
        return {"records": 0, "written": 0, "stamped": 0, "seconds": 0.0, "stale": []}
    if dependants:
        names = sorted(set(names).union(_dependent_amendments(names, {})))
    contexts: dict = {}
    written, stamped, found = 0, 0, []
    for start in range(0, len(names), CHUNK):
        rows = _load(names[start : start + CHUNK])
        updates, stamps = [], []
        for state, row in zip(record_states(rows), rows):
            gstin = row["company_gstin"]
            if gstin not in contexts:
                contexts[gstin] = rule_context(gstin)
            state = preview_state(state, row)
            new = columns_of(contribution(state, contexts[gstin]), state)
            new["fig_unsent"] = 1 if row.get("upload_pending") else 0
            new["fig_action"] = row.get("action") or ""
            new["fig_digest"] = digest(new)
            # the write it was computed from: ``fig_stale`` clears unless the row moved since the read
            if row["fig_digest"] != new["fig_digest"]:
                updates.append({"name": row["name"], **new, "fig_modified": row["modified"]})
            elif row["fig_modified"] != row["modified"]:
                stamps.append({"name": row["name"], "fig_modified": row["modified"]})  # same part
        found += [row["name"] for row in updates]
        if write:
            # the parts these replace, locked: the period sums move by exactly what is overwritten
            old = figure_sums.locked_parts([row["name"] for row in updates])
            gstin_of = {row["name"]: row["company_gstin"] for row in old}
            # touch=False: the part follows ``modified``, it does not move it
            written += sqlwrite.update_by_name(
                INWARD_SUPPLY, updates, (*COLUMNS, "fig_digest", "fig_modified"), touch=False
            )
            new = [{**r, "company_gstin": gstin_of[r["name"]]} for r in updates if r["name"] in gstin_of]
            figure_sums.apply(figure_sums.delta(old, new))
            stamped += sqlwrite.update_by_name(INWARD_SUPPLY, stamps, ("fig_modified",), touch=False)
    seconds = round(time.perf_counter() - started, 3)
    return {"records": len(names), "written": written, "stamped": stamped, "seconds": seconds, "stale": found}


def stale_names(company_gstin: str) -> list[str]:
    """The GSTIN's records written since their part was computed: one range of ``state_index``
    (``fig_stale`` is generated from ``modified`` and ``fig_modified``; see the DocType)."""
    if frappe.db.db_type == "mariadb":
        query = (
            f"select name from `tab{INWARD_SUPPLY}` force index (`{STATE_INDEX}`) "
            "where company_gstin = %s and fig_stale = 1"
        )
    else:
        query = (
            f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %s "
            "and fig_modified is distinct from modified"
        )
    return frappe.db.sql_list(query, company_gstin)


# A view refreshes at most this many stale records in its request (150-185 ms per 1,000 measured at
# 100,000 records); more, while the background job is adding them, and a view that may say so
# answers from the last refresh instead (``behind``).
IN_REQUEST = 1_500
# a job queued this long with no worker taking it is not counted on: the view refreshes itself
QUEUED_GRACE_SECONDS = 120


def stale_count(company_gstin: str) -> tuple[int, object]:
    """How many of the GSTIN's records were written since their part was computed, and the latest
    such write (0, None where ``fig_stale`` is not a column: not MariaDB)."""
    if frappe.db.db_type != "mariadb":
        return 0, None
    count, changed_at = frappe.db.sql(
        f"select count(*), max(modified) from `tab{INWARD_SUPPLY}` force index (`{STATE_INDEX}`) "
        "where company_gstin = %s and fig_stale = 1",
        company_gstin,
    )[0]
    return int(count or 0), changed_at


def behind(company_gstin: str) -> dict | None:
    """``{"records", "changed_at"}`` when more than ``IN_REQUEST`` records are stale and the
    background refresh is running or was queued moments ago; None when a view must refresh in its
    request (few stale records, or no job on its way: a figure is never left stale for want of one)."""
    if frappe.db.db_type != "mariadb":
        return None
    count, changed_at = stale_count(company_gstin)
    if count <= IN_REQUEST or not _job_on_its_way(company_gstin):
        return None
    return {"records": int(count), "changed_at": changed_at}


def _job_on_its_way(company_gstin: str) -> bool:
    from datetime import datetime

    from frappe.utils.background_jobs import get_job

    from . import jobs

    try:
        job = get_job(jobs.figures_job_id(company_gstin))
        status = job.get_status() if job else None
    except Exception:  # no queue to ask: refresh in the request
        return False
    if status == "started":
        return True
    if status == "queued" and job.enqueued_at:
        waited = datetime.utcnow() - job.enqueued_at.replace(tzinfo=None)  # RQ keeps UTC
        return waited.total_seconds() < QUEUED_GRACE_SECONDS
    return False


def ensure_fresh(company_gstin: str, *, may_lag: bool = False) -> dict:
    """What every view calls first: the records written since the background refresh ran (usually
    none) are refreshed here, so a view is never summed from a stale part. ``may_lag``: a view that
    tells the user so (the GSTR-2B & 3B Preview) gets ``behind`` instead of refreshing thousands of
    records in its request while the job is adding them."""
    expire_when_the_cutoff_moves(company_gstin)
    if may_lag:
        lag = behind(company_gstin)
        if lag:
            return {"records": 0, "written": 0, "stamped": 0, "seconds": 0.0, "stale": [], "behind": lag}
    names = stale_names(company_gstin)
    if not names:
        return {"records": 0, "written": 0, "stamped": 0, "seconds": 0.0, "stale": []}
    try:
        result = refresh(names)
    except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
        # the background refresh wrote the same rows at the same moment: the view has written
        # nothing else, so after the rollback it asks again what is still stale
        frappe.db.rollback()
        expire_when_the_cutoff_moves(company_gstin)  # its marks went with the rollback (not done)
        result = refresh(stale_names(company_gstin))
    frappe.local.flags.commit = True  # a GET view keeps what it refreshed (the job need not redo it)
    return result


def refresh_stale(company_gstin: str, rounds: int = 5) -> dict:
    """The background job's body: refresh until nothing of the GSTIN is stale, committing every
    ``CHUNK`` records (a view refreshing the same rows waits for one chunk, not for all of them);
    writes committed while it runs are picked up by the next round."""
    total = {"records": 0, "written": 0, "stamped": 0, "seconds": 0.0, "rounds": 0}
    for _round in range(rounds):
        names = stale_names(company_gstin)
        if not names:
            break
        for start in range(0, len(names), CHUNK):
            result = refresh(names[start : start + CHUNK])
            frappe.db.commit()
            for key in ("records", "written", "stamped"):
                total[key] += result[key]
            total["seconds"] = round(total["seconds"] + result["seconds"], 3)
        total["rounds"] += 1
    return total


def after_write(company_gstins: Iterable[str]) -> None:
    """What a write path calls instead of refreshing: queue the background refresh of each GSTIN
    once the write commits (``jobs.enqueue_figures_refresh``). Nothing is computed here."""
    from . import jobs

    for gstin in sorted(set(company_gstins)):
        jobs.enqueue_figures_refresh(gstin)


PAIR_COLUMNS = ("fig_g_gstr2b", "fig_g_name", "fig_g_block", "fig_g_action", *(f"fig_g_{h}" for h in HEADS))


def pair_with_gstr2b(company_gstin: str, period: str, gstr2b: str) -> int:
    """Copy each document of GSTN's latest GSTR-2B onto the record it is linked to (its block, action
    and net values), so the comparison pairs a month from one index; earlier generations' copies of
    the period are cleared first on the records the latest one leaves out. Two statements; returns
    the records paired."""
    from .constants import GSTR2B, GSTR2B_DOCUMENT

    earlier = frappe.get_all(
        GSTR2B, filters={"company_gstin": company_gstin, "return_period": period}, pluck="name"
    )
    _clear_copies(company_gstin, [name for name in earlier if name != gstr2b], gstr2b)
    sign = "(case when d.credit_note then -1 else 1 end)"
    sets = ", ".join(f"t.fig_g_{h} = {sign} * d.{h}" for h in HEADS)
    frappe.db.sql(
        f"update `tab{INWARD_SUPPLY}` t join `tab{GSTR2B_DOCUMENT}` d on d.inward_supply = t.name "
        "set t.fig_g_gstr2b = d.gstr2b, t.fig_g_name = d.name, t.fig_g_block = d.block, "
        f"t.fig_g_action = ifnull(d.ims_action, ''), {sets} where d.gstr2b = %(gstr2b)s",
        {"gstr2b": gstr2b},
    )
    return frappe.db.sql(
        f"select count(*) from `tab{INWARD_SUPPLY}` where company_gstin = %s and fig_g_gstr2b = %s",
        (company_gstin, gstr2b),
    )[0][0]


def _clear_copies(company_gstin: str, earlier: list[str], gstr2b: str) -> int:
    """Blank the copies of ``earlier`` generations on the records ``gstr2b`` does not hold; returns
    how many. The records it holds are written once, by the pairing that follows: blanking them
    first wrote each row and its pairing indexes twice on every regeneration (most of a month)."""
    from .constants import GSTR2B_DOCUMENT

    if not earlier:
        return 0
    blank = ", ".join(
        [*(f"t.`{c}` = ''" for c in PAIR_COLUMNS[:4]), *(f"t.`{c}` = 0" for c in PAIR_COLUMNS[4:])]
    )
    frappe.db.sql(
        f"update `tab{INWARD_SUPPLY}` t set {blank} where t.company_gstin = %(gstin)s "
        "and t.fig_g_gstr2b in %(earlier)s and not exists (select 1 from "
        f"`tab{GSTR2B_DOCUMENT}` d where d.gstr2b = %(gstr2b)s and d.inward_supply = t.name)",
        {"gstin": company_gstin, "earlier": earlier, "gstr2b": gstr2b},
    )
    return frappe.db._cursor.rowcount


def mark_stale(company_gstin: str, only_pending: bool = False) -> None:
    """For a change that moves parts without a write to the records (a period filed or reopened,
    the GSTIN's filing frequency): one statement clears their stamp (``modified`` stays, it is the
    record's), and the background refresh or the next view recomputes them."""
    pending = " and (gstn_action = 'Pending' or action = 'Pending')" if only_pending else ""
    frappe.db.sql(
        f"update `tab{INWARD_SUPPLY}` set fig_modified = null where company_gstin = %s{pending}",
        company_gstin,
    )
    after_write([company_gstin])


def expire_past_section_16_4(
    company_gstin: str | None = None, lock_wait: int | None = None
) -> dict[str, int]:
    """FAQ 21 comes with a date, not a write: once 30 November (or an earlier annual return) passes,
    a record GSTN holds Pending leaves IMS and has nothing at stake, yet nothing writes it, so its
    stored part still counts it. One statement per GSTIN clears the stamp (``modified`` stays) of the
    records whose part still holds a stake and that may have left: GSTN holds them Pending (a local
    action does not bring them back), not credit notes (no deadline), dated (the original's date,
    for an amendment) on or before the newest financial year past its deadline. A downward amendment
    is marked and keeps its stake: a few rows recomputed, never one missed. Returns rows marked.
    ``lock_wait``: seconds each statement waits for a row lock, instead of the server's default."""
    marked = {}
    for gstin in [company_gstin] if company_gstin else stored_gstins():
        query, values = expiry_statement(gstin)
        if lock_wait is not None and frappe.db.db_type == "mariadb":
            query = f"set statement innodb_lock_wait_timeout = {int(lock_wait)} for {query}"
        frappe.db.sql(query, values)
        marked[gstin] = max(frappe.db._cursor.rowcount, 0)
    return marked


def expiry_statement(company_gstin: str, cutoff=None) -> tuple[str, dict]:
    """The statement and its values (a test EXPLAINs it); ``cutoff``: ``section_16_4_cutoff`` of
    today's rule context when not given."""
    if cutoff is None:
        cutoff = _cutoff(company_gstin)
    # gstin_close leads with the GSTIN and carries gstn_action, so only this GSTIN's Pending rows are
    # read; left to itself MariaDB took the stale flag's index, one the statement itself rewrites
    force = "force index (gstin_close) " if frappe.db.db_type == "mariadb" else ""
    return (
        f"update `tab{INWARD_SUPPLY}` {force}set fig_modified = null "
        "where company_gstin = %(gstin)s and gstn_action = 'Pending' and fig_stake_action != '' "
        "and document_type != 'Credit Note' "
        "and coalesce(original_document_date, document_date) <= %(cutoff)s",
        {"gstin": company_gstin, "cutoff": cutoff},
    )


def _cutoff(company_gstin: str, day=None):
    from .context import rule_context

    context = rule_context(company_gstin)
    return section_16_4_cutoff(context if day is None else replace(context, today=day))


def expiry_key(company_gstin: str, day) -> str:
    """Done for the cut-off in force on ``day``: it moves once a year (30 November, or an annual
    return filed before it), and a part computed after it moved already leaves such records out."""
    return f"india_ims:figures:section-16-4:{company_gstin}:{_cutoff(company_gstin, day).isoformat()}"


# Seconds a view's expiry waits for a row lock (the server's default is 50) before leaving the
# marking to the next view.
VIEW_LOCK_WAIT = 2


def expire_when_the_cutoff_moves(company_gstin: str) -> int:
    """``expire_past_section_16_4`` from the first view after the cut-off moved, so a view opened on
    1 December is right without waiting for the daily job; on other days one cached key says it is
    done (the statement reads the GSTIN's whole ``gstin_close`` range: 0.5 s at 150,000 records).
    The cut-off counts as done once the marks are committed (the view refreshing them commits);
    with nothing marked, at once."""
    from . import clock

    key = expiry_key(company_gstin, clock.today())
    if frappe.cache.get_value(key, expires=True):  # expires: never from (or into) the request's copy
        return 0
    try:
        marked = expire_past_section_16_4(company_gstin, lock_wait=VIEW_LOCK_WAIT)[company_gstin]
    except (frappe.QueryDeadlockError, frappe.QueryTimeoutError):
        # The figures refresh after a download rewrites these rows: a view neither waits for it nor
        # fails (a deadlock made this request's HTTP 500 while a lakh was refreshed). Nothing is
        # marked and the day is not done: the next view, or the daily job, marks them.
        frappe.db.rollback()
        return 0

    def done():
        frappe.cache.set_value(key, 1, expires_in_sec=400 * 86400)

    if marked:
        frappe.local.flags.commit = True  # a GET view keeps the marks with what it refreshes
        frappe.db.after_commit.add(done)
    else:
        done()
    return marked


def refresh_after_filing(company_gstin: str, changed: Iterable[str] = ()) -> None:
    """After a period is closed or reopened: every pending record changes the period it counts in,
    or is deemed accepted (``pending_window_closed``), without a write of its own; the rows the
    close changed moved ``modified`` already."""
    mark_stale(company_gstin, only_pending=True)


def refresh_all(company_gstin: str | None = None) -> dict:
    """Every record (of one GSTIN): the patch that fills the columns, and a repair."""
    filters = {"company_gstin": company_gstin} if company_gstin else {}
    result = refresh(frappe.get_all(INWARD_SUPPLY, filters=filters, pluck="name"), dependants=False)
    gstins = [company_gstin] if company_gstin else stored_gstins()
    for gstin in gstins:  # and the period sums, from the parts now stored
        figure_sums.rebuild(gstin)
    return result


def stored_gstins() -> list[str]:
    return frappe.db.sql_list(f"select distinct company_gstin from `tab{INWARD_SUPPLY}`")
