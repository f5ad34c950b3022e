"""Speed of every view of the GSTR-2B & 3B Preview at scale, and a month to look at.

    bench --site ims.localhost execute india_ims.ims.returns.benchmark.run --kwargs "{'records': 100000}"
    bench --site ims.localhost execute india_ims.ims.returns.benchmark.seed --kwargs "{'records': 2000}"

Both build the same fixture (not timed beyond what is printed): a synthetic month for one GSTIN in
the latest period, eleven earlier periods with their GSTR-3B filed, GSTN's GSTR-2B of the month built
by the core from GSTN's actions, paged into GET2B files and stored by the real download body, and
then the two known kinds of disagreement: rejections uploaded after GSTN built its 2B (a stale
recompute) and rejections decided but not uploaded. ``run`` then times each view several times and
prints the median and the slowest; it asserts nothing.
"""

from __future__ import annotations

import os
import random
import statistics
import time
from datetime import date

import frappe
from frappe.utils import add_months

from india_ims.gst_india.payload.gstr2b_api import build_gstr2b_pages
from india_ims.gst_india.periods import ReturnPeriod
from india_ims.gst_india.returns import compute_gstr2b
from india_ims.gst_india.rules import RecordState, RuleContext

from .. import download, figures_store
from ..actions import write_action_logs
from ..benchmark import _company, _register_gstin
from ..constants import ACTION_LOG, GSTR2B, GSTR2B_DOCUMENT, INWARD_SUPPLY, RETURN_PERIOD, SOURCE_USER
from . import api, gstr2b_download, reports
from .scope import today_date

BENCH_GSTIN = "24AAACB7403R1Z5"  # the benchmark's own recipient: its rows are replaced on every run


class _StoredPages:
    """Stands in for the GSTN client: GET2B answers the pages the core built."""

    def __init__(self, pages: list[dict]):
        self.pages = pages

    def get_2b_pages(self, period: str) -> list[dict]:
        return self.pages


def _latest_period() -> str:
    """The latest period whose draft GSTR-2B is out (the 14th of the next month has come)."""
    period = ReturnPeriod.of(add_months(today_date().replace(day=1), -1))
    if today_date() < period.gstr2b_generation_date():
        period = period.previous()
    return str(period)


def _clear(gstin: str) -> None:
    names = frappe.get_all(GSTR2B, filters={"company_gstin": gstin}, pluck="name")
    if names:
        frappe.db.delete(GSTR2B_DOCUMENT, {"gstr2b": ("in", names)})
        frappe.db.delete("IMS GSTR-2B Summary", {"parent": ("in", names)})
        frappe.db.delete(GSTR2B, {"name": ("in", names)})
    periods = frappe.get_all(RETURN_PERIOD, filters={"company_gstin": gstin}, pluck="name")
    if periods:
        frappe.db.delete("IMS Return Period Event", {"parent": ("in", periods)})
    frappe.db.delete(RETURN_PERIOD, {"company_gstin": gstin})
    frappe.db.sql(f"delete from `tab{ACTION_LOG}` where company_gstin = %s", gstin)
    frappe.db.sql(f"delete from `tab{INWARD_SUPPLY}` where company_gstin = %s", gstin)


def _decide(gstin: str, period: str, rng: random.Random, rejected: float, pending: float) -> None:
    """GSTN's actions for a period's records, as if taken and uploaded earlier."""
    names = frappe.db.sql_list(
        f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %s and gstr2b_period = %s "
        "order by name",
        (gstin, period),
    )
    rng.shuffle(names)
    cut_r, cut_p = int(len(names) * rejected), int(len(names) * (rejected + pending))
    for label, chosen in (("Rejected", names[:cut_r]), ("Pending", names[cut_r:cut_p])):
        if chosen:
            frappe.db.sql(
                f"update `tab{INWARD_SUPPLY}` set action = %s, gstn_action = %s, upload_pending = 0 "
                "where name in %s",
                (label, label, chosen),
            )
            figures_store.refresh(chosen)


def _file_period(company: str, gstin: str, period: str) -> None:
    doc = frappe.get_doc(
        {
            "doctype": RETURN_PERIOD,
            "company": company,
            "company_gstin": gstin,
            "return_period": period,
            "gstr2b_status": "Generated",
            "gstr3b_filed": 1,
            "gstr3b_filed_on": ReturnPeriod.parse(period).next().first_day.replace(day=20),
            "gstr3b_filed_by": "Administrator",
        }
    )
    frappe.flags.in_ims_period_close = True
    try:
        doc.insert(ignore_permissions=True)
    finally:
        frappe.flags.in_ims_period_close = False
    figures_store.refresh_after_filing(gstin)


def build(records: int = 2000, seed: int = 7, profile: str = "sample", history: int = 11) -> dict:
    """The fixture both entry points share; returns what it made."""
    from india_ims.synthetic import generate_month

    frappe.set_user("Administrator")
    rng = random.Random(seed)
    company = _company()
    gstin = BENCH_GSTIN
    _register_gstin(company, gstin)
    _clear(gstin)
    period = _latest_period()
    started = time.perf_counter()
    for back in range(history, 0, -1):
        earlier = str(ReturnPeriod.parse(period).add(-back))
        month = generate_month(seed + back, max(50, records // 20), "sample", period=earlier)
        download.apply_records(company, gstin, [r for r in month.ims_records if r.supplier_filed])
        _decide(gstin, earlier, rng, rejected=rng.uniform(0.03, 0.12), pending=rng.uniform(0.02, 0.1))
        _file_period(company, gstin, earlier)
    month = generate_month(seed, records, profile, period=period)
    download.apply_records(company, gstin, month.ims_records)
    _decide(gstin, period, rng, rejected=0.04, pending=0.03)
    frappe.db.commit()
    loaded = time.perf_counter() - started

    # GSTN's 2B of the month, generated on the 14th from the actions GSTN holds.
    from ..actions import load_rows
    from ..context import record_state, rule_context

    names = frappe.get_all(INWARD_SUPPLY, filters={"company_gstin": gstin}, pluck="name")
    states: list[RecordState] = [record_state(row) for row in load_rows(names)]
    context = rule_context(gstin)
    context = RuleContext(today=today_date(), filed_3b_periods=context.filed_3b_periods)
    parsed = ReturnPeriod.parse(period)
    generated_on = parsed.gstr2b_generation_date()
    gstn_2b = compute_gstr2b(
        states,
        period,
        context,
        use_local_actions=False,
        generated_on=generated_on,
        enforce_generation_rules=False,
    )
    pages = build_gstr2b_pages(gstn_2b, gstin, page_records=10_000)
    t0 = time.perf_counter()
    stored = gstr2b_download.download(company, gstin, period, gstn=_StoredPages(pages))
    frappe.db.commit()
    stored_seconds = time.perf_counter() - t0

    # The two known disagreements: uploaded after the 14th (stale 2B), and decided but not uploaded.
    open_invoices = frappe.db.sql_list(
        f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %s and gstr2b_period = %s "
        "and section = 'b2b' and action = 'No Action' order by name",
        (gstin, period),
    )
    rng.shuffle(open_invoices)
    count = max(2, len(open_invoices) // 50)
    stale, unsent = open_invoices[:count], open_invoices[count : 2 * count]
    frappe.db.sql(
        f"update `tab{INWARD_SUPPLY}` set action = 'Rejected', gstn_action = 'Rejected', upload_pending = 0 "
        "where name in %s",
        [stale],
    )
    frappe.db.sql(
        f"update `tab{INWARD_SUPPLY}` set action = 'Rejected', upload_pending = 1 where name in %s", [unsent]
    )
    figures_store.refresh(stale + unsent)
    changes = [
        {"inward_supply": n, "old_action": "No Action", "new_action": "Rejected"} for n in stale + unsent
    ]
    write_action_logs(
        changes,
        company=company,
        company_gstin=gstin,
        source=SOURCE_USER,
        remark="benchmark: decided after the draft GSTR-2B",
    )
    frappe.db.set_value(RETURN_PERIOD, f"{gstin}-{period}", "recompute_needed", 1)
    frappe.db.commit()
    figures_store.refresh_stale(gstin)  # what the background job does after the writes above
    return {
        "gstin": gstin,
        "period": period,
        "records": len(month.ims_records),
        "history_periods": history,
        "load_seconds": round(loaded, 1),
        "gstr2b_files": len(pages),
        "gstr2b_documents": stored.counts.get("records_inserted", 0),
        "gstr2b_store_seconds": round(stored_seconds, 2),
        "stale": len(stale),
        "not_uploaded": len(unsent),
    }


def seed(records: int = 2000, seed: int = 7) -> dict:
    """A month to look at in the Desk (GSTR-2B & 3B Preview, the reports, the workspace)."""
    made = build(records, seed)
    print(made)
    return made


def _time(call, repeat: int) -> tuple[float, float, float]:
    """The first answer after the data changed (the figures computed), then answers from the cache."""
    frappe.cache.delete_keys("india_ims:returns:")
    t0 = time.perf_counter()
    call()
    cold = (time.perf_counter() - t0) * 1000
    laps = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        laps.append((time.perf_counter() - t0) * 1000)
    return cold, statistics.median(laps), max(laps)


def run(
    records: int = 100_000, seed: int = 7, profile: str = "enterprise", repeat: int = 5, reuse: bool = False
) -> dict:
    """``reuse=True`` times the fixture a previous run left (same GSTIN) instead of building it again."""
    if reuse:
        period = _latest_period()
        made = {
            "gstin": BENCH_GSTIN,
            "period": period,
            "records": frappe.db.count(
                INWARD_SUPPLY, {"company_gstin": BENCH_GSTIN, "gstr2b_period": period}
            ),
            "history_periods": 11,
            "load_seconds": 0,
            "gstr2b_files": 0,
            "gstr2b_documents": 0,
            "gstr2b_store_seconds": 0,
            "stale": 0,
            "not_uploaded": 0,
        }
    else:
        made = build(records, seed, profile)
    print(
        f"fixture: {made['records']} records in {made['period']} for {made['gstin']} plus "
        f"{made['history_periods']} filed periods, loaded in {made['load_seconds']} s; GSTN's GSTR-2B: "
        f"{made['gstr2b_files']} files, {made['gstr2b_documents']} documents stored in "
        f"{made['gstr2b_store_seconds']} s; {made['stale']} stale, {made['not_uploaded']} not uploaded"
    )
    gstin, period = made["gstin"], made["period"]
    views = {
        "comparison + Table 4 (get_comparison)": lambda: api.get_comparison(gstin, period),
        "drill-down page (get_difference_documents)": lambda: api.get_difference_documents(gstin, period),
        "charts (get_charts)": lambda: api.get_charts(gstin, period),
        "supplier ITC at stake report": lambda: reports.supplier_stake(
            {"company_gstin": gstin, "period": period}
        ),
        "close preview (get_close_preview)": lambda: api.get_close_preview(gstin, period),
        "IMS register report, whole month": lambda: reports.register(
            {"company_gstin": gstin, "period": period}
        ),
    }
    timings = {}
    for label, call in views.items():
        cold, median, worst = _time(call, repeat)
        timings[label] = {"first_ms": round(cold), "median_ms": round(median), "max_ms": round(worst)}
        print(
            f"{label:44s} first {cold:7.0f} ms   then median {median:6.0f} ms, slowest {worst:6.0f} ms "
            f"({repeat} runs)"
        )
    load = "?"
    if os.path.exists("/proc/loadavg"):
        with open("/proc/loadavg") as handle:
            load = handle.read().split()[0]
    print(f"load average during the run: {load} (2 cores, shared)")
    first = first_views(gstin, period, repeat=repeat)
    return {"fixture": made, "views": timings, "first_views": first, "today": str(date.today())}


def _views(gstin: str, period: str) -> dict:
    from .. import tool_api

    return {
        "comparison + Table 4": lambda: api.get_comparison(gstin, period),
        "drill-down page": lambda: api.get_difference_documents(gstin, period),
        "charts": lambda: api.get_charts(gstin, period),
        "supplier ITC at stake report": lambda: reports.supplier_stake(
            {"company_gstin": gstin, "period": period}
        ),
        "IMS Tool ITC at stake": lambda: tool_api.get_itc_at_stake(gstin, period),
    }


def _changes(gstin: str, period: str, rng: random.Random) -> tuple[dict, dict]:
    """The three changes a user makes before looking again; each call makes a real change."""
    from .. import jobs
    from ..actions import set_actions

    invoices = frappe.db.sql_list(
        f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %s and gstr2b_period = %s "
        "and section = 'b2b' and supplier_filing_status = 'Filed' and action in ('No Action', 'Accepted') "
        "order by name",
        (gstin, period),
    )
    rng.shuffle(invoices)
    one, many = invoices[:1], invoices[1:10_001]
    toggle = {"one": 0, "many": 0}

    def act(kind: str, names: list[str]) -> None:
        toggle[kind] += 1
        label = "Rejected" if toggle[kind] % 2 else "Accepted"
        set_actions(names, label, source=SOURCE_USER, mode="valid_only")

    def redownload() -> None:
        """GSTN's answer again, a hundredth of it changed by the suppliers (values amended), written
        as the download job writes it: the records, then their figures before it reports done."""
        from dataclasses import replace

        from india_ims.ims.actions import load_rows
        from india_ims.ims.rows import row_to_record

        names = frappe.db.sql_list(
            f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %s and gstr2b_period = %s",
            (gstin, period),
        )
        company = frappe.db.get_value(INWARD_SUPPLY, names[0], "company")
        records = [row_to_record(row) for row in load_rows(names)]
        changed = set(rng.sample(range(len(records)), max(1, len(records) // 100)))
        records = [
            replace(r, document_value=r.document_value + 100, checksum=f"{rng.getrandbits(128):032x}")
            if i in changed
            else r
            for i, r in enumerate(records)
        ]
        download.apply_records(company, gstin, records)
        jobs.refresh_figures_of_download(gstin)

    return toggle, {
        "(a) one action changed": lambda: act("one", one),
        f"(b) bulk action on {len(many)} records": lambda: act("many", many),
        "(c) re-download (1% changed)": redownload,
    }


def first_views(gstin: str, period: str, repeat: int = 3, seed: int = 11) -> dict:
    """After each kind of change: what the write path spent on stored parts (nothing is computed
    there), the first comparison before the background refresh ran (it refreshes in the request),
    the background refresh itself, and each view's first answer after it (the figures' cache
    emptied before each view, so none rides on another's); medians of ``repeat``."""
    from unittest.mock import patch

    from .. import jobs

    rng = random.Random(seed)
    refreshes: list[dict] = []
    real = figures_store._refresh

    def timed(*args, **kwargs):
        result = real(*args, **kwargs)
        refreshes.append(result)
        return result

    def ms(call) -> float:
        t0 = time.perf_counter()
        call()
        return (time.perf_counter() - t0) * 1000

    out = {}
    toggled, changes = _changes(gstin, period, rng)
    with patch.object(figures_store, "_refresh", timed):
        for change, call in changes.items():
            laps: dict[str, list[float]] = {}
            took, in_write, before_job, job_ms, job_rows, lagged = [], [], [], [], [], []
            for _ in range(repeat):
                refreshes.clear()
                took.append(ms(lambda: (call(), frappe.db.commit())))  # noqa: B023
                in_write.append(sum(r["records"] for r in refreshes))
                frappe.cache.delete_keys("india_ims:returns:")
                answer: dict = {}
                before_job.append(ms(lambda: answer.update(api.get_comparison(gstin, period))))  # noqa: B023
                lagged.append(bool(answer.get("behind")))
                frappe.db.commit()
                call()  # the change again (an action toggles back), then the job, then the views
                frappe.db.commit()
                done: dict = {}
                job_ms.append(ms(lambda: done.update(jobs.run_figures_refresh(gstin))))  # noqa: B023
                job_rows.append(done["records"])
                for label, view in _views(gstin, period).items():
                    frappe.cache.delete_keys("india_ims:returns:")
                    laps.setdefault(label, []).append(ms(view))
            while toggled["one" if change.startswith("(a)") else "many"] % 2 and not change.startswith("(c)"):
                call()
            frappe.db.commit()
            med = statistics.median
            print(
                f"{change}: the change took {med(took) / 1000:.2f} s; records whose part the write path "
                f"computed: {max(in_write)}; first comparison before the background refresh "
                f"{med(before_job):.0f} ms ({sum(lagged)} of {len(lagged)} answered from the last "
                f"refresh, saying so); the background refresh {med(job_ms):.0f} ms "
                f"({med(job_rows):.0f} records)"
            )
            for label, values in laps.items():
                print(
                    f"    after it: first {label:32s} median {med(values):6.0f} ms, "
                    f"slowest {max(values):6.0f} ms"
                )
            out[change] = {
                "change_s": round(med(took) / 1000, 3),
                "computed_in_write": max(in_write),
                "comparison_before_job_ms": round(med(before_job)),
                "comparison_before_job_lagged": sum(lagged),
                "job_ms": round(med(job_ms)),
                "views_ms": {label: round(med(values)) for label, values in laps.items()},
            }
    return out


def refresh_cost(sizes: tuple = (1_000, 10_000, 100_000), gstin: str = BENCH_GSTIN) -> dict:
    """What the background refresh costs per 1,000 records, on the benchmark's rows: when the parts
    are unchanged (a write that did not move them: only the stamp is written) and when every part
    changed (all columns written)."""
    from .. import jobs

    names = frappe.db.sql_list(f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %s", gstin)
    out = {}
    for size in sizes:
        if size > len(names):
            continue
        chosen = random.Random(size).sample(names, size)
        cases = (
            ("stamp only", "fig_modified = null"),
            ("part changed", "fig_modified = null, fig_digest = ''"),
        )
        for case, sets in cases:
            frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set {sets} where name in %s", [chosen])
            frappe.db.commit()
            t0 = time.perf_counter()
            jobs.run_figures_refresh(gstin)
            seconds = time.perf_counter() - t0
            per_thousand = seconds / size * 1000 * 1000
            out[f"{size} {case}"] = round(per_thousand)
            print(f"refresh of {size:7d} records, {case:12s}: {seconds:6.2f} s, {per_thousand:4.0f} ms/1,000")
    return out


def stale_flag_cost(size: int = 10_000, gstin: str = BENCH_GSTIN, repeat: int = 3) -> dict:
    """What ``fig_stale`` adds to a write: the same ``UPDATE ... JOIN`` moving ``modified`` on
    ``size`` records whose flag flips (fresh before: its index entry moves) and on ``size`` records
    already stale (the flag stays 1: no index entry moves). Rolled back each time."""
    from .. import sqlwrite

    names = frappe.db.sql_list(
        f"select name from `tab{INWARD_SUPPLY}` where company_gstin = %s limit %s", (gstin, size * 2)
    )
    fresh, stale = names[:size], names[size:]
    frappe.db.sql(f"update `tab{INWARD_SUPPLY}` set fig_modified = null where name in %s", [stale])
    frappe.db.commit()
    laps: dict[str, list[float]] = {"flag flips": [], "flag stays": []}
    for _ in range(repeat):
        for label, chosen in (("flag flips", fresh), ("flag stays", stale)):
            t0 = time.perf_counter()
            sqlwrite.update_by_name(INWARD_SUPPLY, [{"name": n, "upload_remarks": "x"} for n in chosen],
                                ("upload_remarks",))
            laps[label].append(time.perf_counter() - t0)
            frappe.db.rollback()
    figures_store.refresh_stale(gstin)
    frappe.db.commit()
    out = {label: round(statistics.median(values), 3) for label, values in laps.items()}
    print(f"a {size}-record write moving modified: {out} s (median of {repeat})")
    return out
