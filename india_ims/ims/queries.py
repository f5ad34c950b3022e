"""Server-side paging, filtering and summaries for the IMS tool: the browser never gets the whole month.

Callers check access first (``permissions.check_gstin``); every query here is
also bound to that one company GSTIN.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping

import frappe
from frappe import _

from india_ims.gst_india.periods import ReturnPeriod

from .args import LEFT_FILTER, REPLACED_FILTER, as_flag, like_pattern
from .constants import INWARD_SUPPLY, MAX_PAGE
from .context import is_quarterly
from .missing_in_ims import missing_in_ims_summary
from .returns.indexes import has_index
from .state_index import STATE_INDEX
from .summary_left import LEFT_IMS, action_or_left, left_filter, moved_to_left_sql
from .summary_replaced import REPLACED, group_sql, moved_to_replaced_sql, replaced_filter, with_names
from .suppliers import fill_names

LIST_FIELDS = (
    "name",
    "section",
    "document_type",
    "supplier_gstin",
    "supplier_name",
    "document_number",
    "document_date",
    "original_document_number",
    "place_of_supply",
    "is_reverse_charge",
    "document_value",
    "taxable_value",
    "igst",
    "cgst",
    "sgst",
    "cess",
    "supplier_return_period",
    "supplier_filing_status",
    "gstr2b_period",
    "action",
    "gstn_action",
    "upload_pending",
    "pending_allowed",
    "match_status",
    "purchase_invoice",
    "match_reason",
    "upload_error",
)
# Filters the tool may send, and the column each one binds to.
EQUALS = (
    "section",
    "document_type",
    "supplier_gstin",
    "match_status",
    "action",
    "gstn_action",
    "upload_pending",
    "pending_allowed",
    "supplier_filing_status",
    "is_reverse_charge",
    "source_form",
    "purchase_invoice",
    "supplier_return_period",
)
PERIOD_FIELDS = ("supplier_return_period", "gstr2b_period")
SORTABLE = (
    "document_date",
    "document_number",
    "supplier_gstin",
    "supplier_name",
    "taxable_value",
    "document_value",
    "match_status",
    "action",
    "modified",
    "section",
)

# Indexes a Document View page and its count can be read from alone (see index_hint): their columns.
SEARCH_INDEXES = {
    # The name after the date: the Document View's default order, (date, name), is this index's own
    "gstin_period_search": (
        "company_gstin", "supplier_return_period", "document_date", "name", "document_number",
        "supplier_gstin", "supplier_name",
    ),
    # The action last: a user's action moves each record's entry, and placed last the new entry
    # lands beside the old one instead of in another part of the index (no read ranges on it: the
    # supplier's period before it is never fixed when the GSTR-3B period is read).
    "gstin_2b_view": (
        "company_gstin", "gstr2b_period", "supplier_return_period", "match_status", "document_date",
        "taxable_value", "document_number", "supplier_gstin", "supplier_name", "action",
    ),
}
_SEARCH_COLUMNS = {"search": ("document_number", "supplier_gstin", "supplier_name")}
_DATES = {"date_from": ("document_date",), "date_to": ("document_date",)}


def used_filters(filters: Mapping | None) -> dict:
    """The filters that select something (a blank value or an empty list selects everything)."""
    return {key: value for key, value in (filters or {}).items() if value not in (None, "", [])}


def index_hint(period_field: str, filters: Mapping | None, order_by: str | None) -> str:
    """``force index (...)`` where one of ``SEARCH_INDEXES`` holds every column the page reads.

    MariaDB costs a LIKE '%...%' as if it matched anything, so it walks the (GSTIN, period, date)
    index reading every row (0.7 s for a number at a lakh of records), and for the GSTR-3B period
    (three GSTR-2B values, then sorted) it picks the narrower (GSTIN, 2B period, action) index and
    reads every row to sort. Within a covering index neither reads a row that is not on the page.
    A searched supplier's-period view and every GSTR-3B period view whose filters and order the
    index holds are sent to it (``order_by`` None: a read in no particular order, such as the names a
    bulk action selects); anything else is left to the optimizer."""
    used = used_filters(filters)
    if period_field == "gstr2b_period":
        index = "gstin_2b_view"
    elif "search" in used:
        index = "gstin_period_search"
    else:
        return ""
    held = set(SEARCH_INDEXES[index])
    for key in used:
        if (key == LEFT_FILTER and not as_flag(filters[key], key)) or key == REPLACED_FILTER:
            continue  # names left out or listed (summary_left, summary_replaced): every entry holds the name
        if not set(_SEARCH_COLUMNS.get(key) or _DATES.get(key) or (key,)) <= held:
            return ""
    return f"force index (`{index}`)" if order_by is None or order_by in held else ""


def _where(
    company_gstin: str, period: str | None, period_field: str, filters: Mapping | None
) -> tuple[str, dict]:
    if period_field not in PERIOD_FIELDS:
        frappe.throw(_("Period field must be one of {0}").format(", ".join(PERIOD_FIELDS)))
    conditions = ["company_gstin = %(gstin)s"]
    values: dict = {"gstin": company_gstin}
    if period and period_field == "gstr2b_period":
        conditions.append(_gstr2b_condition(company_gstin, period, values))
    elif period:
        conditions.append(f"`{period_field}` = %(period)s")
        values["period"] = period
    for key, value in (filters or {}).items():
        if value in (None, "", []):
            continue
        if key in EQUALS:
            if isinstance(value, (list, tuple)):
                conditions.append(f"`{key}` in %({key})s")
            else:
                conditions.append(f"`{key}` = %({key})s")
            values[key] = value
        elif key == "date_from":
            conditions.append("document_date >= %(date_from)s")
            values[key] = value
        elif key == "date_to":
            conditions.append("document_date <= %(date_to)s")
            values[key] = value
        elif key == "search":
            conditions.append(
                "(document_number like %(search)s or supplier_gstin like %(search)s"
                " or supplier_name like %(search)s)"
            )
            values[key] = like_pattern(str(value))
        elif key == LEFT_FILTER:
            conditions.append(left_filter(value))
        elif key == REPLACED_FILTER:
            conditions.append(replaced_filter(value))
            with_names(company_gstin, values)
        else:
            frappe.throw(_("Unknown filter {0}").format(key))
    return " and ".join(conditions), values


def _gstr2b_condition(company_gstin: str, period: str, values: dict) -> str:
    """The GSTR-3B period a CA files by: records whose action counts in that period's GSTR-2B, and
    records the supplier saved but has not filed yet (no GSTR-2B period) whose filing period would put
    them there, so a record is never in no period at all."""
    months = [period]
    if is_quarterly(company_gstin):
        end = ReturnPeriod.parse(period).gstr2b_period(quarterly=True)
        months = [str(month) for month in end.quarter_months()]
    values["period"] = period
    values["period_or_blank"] = [period, ""]
    values["unfiled_months"] = months
    # "in the period, or blank and filed in one of its months", distributed so its first half is a
    # range on the (company GSTIN, GSTR-2B period) index: an OR across two columns scans every row.
    return (
        "(gstr2b_period in %(period_or_blank)s or gstr2b_period is null) "
        "and (gstr2b_period = %(period)s or supplier_return_period in %(unfiled_months)s)"
    )


def documents(
    company_gstin: str,
    *,
    period: str | None,
    period_field: str = "supplier_return_period",
    filters: Mapping | None = None,
    page: int = 1,
    page_length: int = 50,
    order_by: str = "document_date",
    descending: bool = False,
) -> dict:
    where, values = _where(company_gstin, period, period_field, filters)
    if order_by not in SORTABLE:
        frappe.throw(_("Cannot sort by {0}").format(order_by))
    page_length = max(1, min(int(page_length), MAX_PAGE))
    page = max(1, int(page))
    hint = index_hint(period_field, filters, order_by)
    total = frappe.db.sql(f"select count(*) from `tab{INWARD_SUPPLY}` {hint} where {where}", values)[0][0]
    limit, offset, backwards = page_window(total, page, page_length)
    direction = "desc" if descending != backwards else "asc"
    # A deferred join: the page's names come off an index (company GSTIN + period + the sort column
    # hold the name too), and only those 50 rows are read whole, not every row up to a deep offset.
    rows = frappe.db.sql(
        f"select {', '.join(f't.`{f}`' for f in LIST_FIELDS)} from `tab{INWARD_SUPPLY}` t join ("
        f"select name from `tab{INWARD_SUPPLY}` {hint} where {where} "
        f"order by `{order_by}` {direction}, name {direction} limit %(limit)s offset %(offset)s) page "
        f"on t.name = page.name order by t.`{order_by}` {direction}, t.name {direction}",
        {**values, "limit": limit, "offset": offset},
        as_dict=True,
    )
    if backwards:
        rows.reverse()
    fill_names(rows)
    return {"rows": rows, "total": total, "page": page, "page_length": page_length}


def page_window(total: int, page: int, page_length: int) -> tuple[int, int, bool]:
    """(limit, offset, backwards) of a page: a page past the middle is read from the other end, in
    the opposite order, and turned round. An OFFSET walks (and for the GSTR-3B period, whose three
    GSTR-2B values are sorted, sorts) every entry before the page: the last page of 70,000 kept
    70,000 in the sort, read backwards it keeps 50 (MariaDB's top-N sort). The order is total
    (the name breaks ties), so the page is the same rows either way."""
    offset = (page - 1) * page_length
    if offset >= total or offset + page_length <= total - offset:
        return page_length, offset, False
    back = max(0, total - offset - page_length)
    return min(page_length, total - offset), back, True


_AMOUNTS = (
    "count(*) as count, sum(taxable_value) as taxable_value, sum(igst) as igst, sum(cgst) as cgst, "
    "sum(sgst) as sgst, sum(cess) as cess, sum(igst + cgst + sgst + cess) as total_tax"
)
# The Action Summary nets credit notes against invoices, as GSTR-2B and GSTR-3B do: summed positive,
# its columns did not agree with the ITC cards above them (a CA adds the column, gets another figure).
_SIGN = "(case when document_type = 'Credit Note' then -1 else 1 end)"
_NET_AMOUNTS = (
    f"count(*) as count, sum({_SIGN} * taxable_value) as taxable_value, sum({_SIGN} * igst) as igst, "
    f"sum({_SIGN} * cgst) as cgst, sum({_SIGN} * sgst) as sgst, sum({_SIGN} * cess) as cess, "
    f"sum({_SIGN} * (igst + cgst + sgst + cess)) as total_tax"
)


# (company GSTIN, supplier's period, match status, then what the Match Summary sums): a period's
# summary is read from this index alone. Any write (a user's action included) makes its first call
# group the period again: reading the rows took 0.49-0.52 s at a lakh, the index 0.14-0.18 s.
MATCH_INDEX = "gstin_period_match"
MATCH_INDEX_COLUMNS = (
    "company_gstin", "supplier_return_period", "match_status", "taxable_value", "igst", "cgst", "sgst",
    "cess",
)


def match_summary(
    company_gstin: str,
    *,
    period: str | None,
    period_field: str = "supplier_return_period",
    filters: Mapping | None = None,
    missing: bool = True,
) -> dict:
    where, values = _where(company_gstin, period, period_field, filters)
    rows = frappe.db.sql(match_summary_sql(where), values, as_dict=True)
    missing_rows = missing_in_ims_summary(company_gstin, period) if period and missing else None
    return {"by_status": rows, "missing_in_ims": missing_rows}


def match_summary_sql(where: str) -> str:
    return (
        f"select ifnull(match_status, '') as match_status, {_AMOUNTS} from `tab{INWARD_SUPPLY}` "
        f"where {where} group by match_status order by match_status"
    )


def kept(company_gstin: str, period: str | None, args: tuple, compute):
    """A summary kept per data version of the GSTIN (``returns.cache``: any write to its records,
    any action, a filed period or a new day changes it) and per arguments; grouping a lakh of rows
    takes half a second and the screen asks on every tab switch."""
    if not period:
        return compute()
    from .returns.cache import cached
    from .returns.scope import build

    key = hashlib.sha1(frappe.as_json([period, *args]).encode()).hexdigest()[:12]
    return cached(build(company_gstin, period, fresh=False), f"tool_summary:{key}", compute)


def action_summary(
    company_gstin: str,
    *,
    period: str | None,
    period_field: str = "gstr2b_period",
    filters: Mapping | None = None,
) -> dict:
    where, values = _where(company_gstin, period, period_field, filters)
    with_names(company_gstin, values)
    rows = None
    if period and not used_filters(filters):
        rows = _kept_action_rows(period_field, where, values)
    if rows is None:
        rows = recounted_action_rows(where, values)
    by_action = _left_last(_folded((row for row in rows if row.filed), ("action",)))
    # Saved by the supplier, not filed: in no GSTR-2B (no ITC) until filed, but acted on all the same.
    not_filed = _left_last(_folded((row for row in rows if not row.filed), ("action",)))
    by_section = _folded(rows, ("section", "action"), pending=False)
    return {"by_action": by_action, "not_filed": not_filed, "by_section": by_section}


def recounted_action_rows(where: str, values: Mapping) -> list:
    """The Action Summary's groups from the records themselves: one grouped pass over every row the
    scope selects (the three tables are folded from its few rows). A record that has left IMS
    (FAQ 21) is in the group ``summary_left.LEFT_IMS``, an original its amendment of the same period
    replaces (FAQ 13) in ``summary_replaced.REPLACED``, whatever its action."""
    values = with_names(values["gstin"], dict(values))
    return frappe.db.sql(
        f"select section, {group_sql(action_or_left())} as action, ifnull(gstr2b_period, '') != '' as filed, "
        f"sum(upload_pending) as upload_pending, {_NET_AMOUNTS} from `tab{INWARD_SUPPLY}` "
        f"where {where} group by 1, 2, 3",
        values,
        as_dict=True,
    )


# (company GSTIN, GSTR-2B period, supplier's period, then what the Action Summary groups and sums):
# the action and "not uploaded" as of each record's last figures refresh (``fig_action``,
# ``fig_unsent``), which a user's action does not write, so this index costs the bulk action nothing.
ACTION_INDEX = "gstin_2b_actions"
ACTION_INDEX_COLUMNS = (
    "company_gstin", "gstr2b_period", "supplier_return_period", "section", "fig_action", "document_type",
    "fig_unsent", "taxable_value", "igst", "cgst", "sgst", "cess",
)


# Past this many records written since their refresh (a download, before its refresh job), the
# correction reads more than the recount: each stale row is read for two groups.
MOST_STALE = 30_000


def has_action_index() -> bool:
    return has_index(ACTION_INDEX, ACTION_INDEX_COLUMNS)


def _gstr2b_periods(company_gstin: str, most: int = 120) -> list[str] | None:
    """The GSTIN's distinct GSTR-2B periods (blank included, NULL not), one index lookup each
    (MariaDB reads every entry of the GSTIN for a ``distinct`` on the index's second column);
    None when there are more than ``most``."""
    found: list[str] = []
    after = None
    table = f"`tab{INWARD_SUPPLY}` force index (`{ACTION_INDEX}`)"
    while len(found) <= most:
        if after is None:
            # not "is not null": that walked the NULL entries; every text sorts at or after ''
            condition, args = "gstr2b_period >= ''", (company_gstin,)
        else:
            condition, args = "gstr2b_period > %s", (company_gstin, after)
        after = frappe.db.sql(
            f"select min(gstr2b_period) from {table} where company_gstin = %s and {condition}", args
        )[0][0]
        if after is None:
            return found
        found.append(after)
    return None


def _kept_action_rows(period_field: str, where: str, values: Mapping) -> list | None:
    """``recounted_action_rows`` without reading the period's rows: the groups summed from
    ``ACTION_INDEX`` alone, with each record's action and "not uploaded" as of its last figures
    refresh, then corrected exactly by the records written since (``fig_stale``, their own index):
    each moves its group as of that refresh out and its group now in. A record that is not stale has
    not been written since its refresh read it, so its ``fig_action`` and ``fig_unsent`` are its
    action and ``upload_pending``; those that have left IMS (``summary_left``, their own index too)
    move from that group into the "Left IMS" row, and the replaced originals (``summary_replaced``,
    a few names) into theirs. One statement, so one snapshot (and the GSTR-2B
    periods listed before it, in the same transaction: a request reads one snapshot throughout).

    Right after a bulk action of 10,000 records the first call read the month's 100,000 rows while
    the figures refresh ran beside it: 0.3-0.4 s; this reads the index and the 10,000 rows."""
    if not has_action_index():
        return None
    table, values = f"`tab{INWARD_SUPPLY}`", with_names(values["gstin"], dict(values))
    stale = frappe.db.sql(
        f"select count(*) from {table} force index (`{STATE_INDEX}`) where company_gstin = %(gstin)s "
        "and fig_stale = 1",
        values,
    )[0][0]
    if stale > MOST_STALE:
        return None  # a month just downloaded, not refreshed yet: each row read once is cheaper
    scope = where
    if period_field == "supplier_return_period":
        known = _gstr2b_periods(values["gstin"])
        if known is None:
            return None
        # the index leads with the GSTR-2B period: the GSTIN's few values make the supplier's
        # period a range in each, not a scan of every month's entries
        values["known_2b"] = known or [""]
        scope = f"{where} and (gstr2b_period in %(known_2b)s or gstr2b_period is null)"
    # The stale records twice over (one row each of the pair ``m``): their group as of the refresh
    # out (-1), their group now in (+1). Summed in SQL, exactly, as the recount sums; the sign of a
    # credit note and the total tax are applied to the few grouped rows, not to each record (the
    # decimal arithmetic on a lakh of rows is this query's cost).
    heads = ("taxable_value", "igst", "cgst", "sgst", "cess")
    kept_sums = ", ".join(f"sum({head}) as {head}" for head in heads)
    moved_sums = ", ".join(f"sum(m.m * {head}) as {head}" for head in heads)
    signed = ", ".join(f"sum({_SIGN} * {head}) as {head}" for head in heads)
    return frappe.db.sql(
        "select section, action, filed, sum(upload_pending) as upload_pending, "
        f"cast(sum(count) as signed) as count, {signed}, "
        f"sum({_SIGN} * (igst + cgst + sgst + cess)) as total_tax from ("
        "select section, nullif(fig_action, '') as action, ifnull(gstr2b_period, '') != '' as filed, "
        f"document_type, sum(fig_unsent) as upload_pending, count(*) as count, {kept_sums} "
        f"from {table} force index (`{ACTION_INDEX}`) "
        f"where {scope} group by gstr2b_period, section, fig_action, document_type "
        "union all "
        "select section, if(m.m < 0, nullif(fig_action, ''), action) as action, "
        "ifnull(gstr2b_period, '') != '' as filed, document_type, "
        "sum(m.m * if(m.m < 0, fig_unsent, upload_pending)) as upload_pending, sum(m.m) as count, "
        f"{moved_sums} from {table} force index (`{STATE_INDEX}`) "
        "straight_join (select -1 as m union all select 1) m "
        f"where {where} and fig_stale = 1 group by 1, 2, 3, 4 "
        f"union all {moved_to_left_sql(where, moved_sums)} "
        f"union all {moved_to_replaced_sql(where, moved_sums, table)}"
        ") parts group by section, action, filed having sum(count) != 0",
        values,
        as_dict=True,
    )


_SUMS = ("count", "taxable_value", "igst", "cgst", "sgst", "cess", "total_tax")


def _folded(rows, keys: tuple[str, ...], *, pending: bool = True) -> list[dict]:
    """Grouped rows summed again by fewer keys, in the key order (None first, as SQL sorts)."""
    sums = (*_SUMS, "upload_pending") if pending else _SUMS
    out: dict[tuple, frappe._dict] = {}
    for row in rows:
        key = tuple(row[k] for k in keys)
        into = out.get(key)
        if into is None:
            out[key] = frappe._dict({k: row[k] for k in keys} | {k: row[k] for k in sums})
        else:
            for k in sums:
                if row[k] is not None:
                    into[k] = row[k] if into[k] is None else into[k] + row[k]
    return [out[key] for key in sorted(out, key=lambda key: tuple((v is not None, v or "") for v in key))]


def _left_last(rows: list[dict]) -> list[dict]:
    """The replaced originals and then the records that have left IMS after the actions: neither
    counts in GSTR-2B under its action."""
    return sorted(rows, key=lambda row: (row["action"] == LEFT_IMS, row["action"] == REPLACED))


def matching_names(
    company_gstin: str,
    *,
    period: str | None,
    period_field: str = "supplier_return_period",
    filters: Mapping | None = None,
    limit: int = 200_000,
) -> list[str]:
    """Names of every record the tool's filters select (a bulk action on "all filtered")."""
    where, values = _where(company_gstin, period, period_field, filters)
    hint = index_hint(period_field, filters, None)
    return frappe.db.sql_list(
        f"select name from `tab{INWARD_SUPPLY}` {hint} where {where} order by name limit %(limit)s",
        {**values, "limit": limit},
    )
