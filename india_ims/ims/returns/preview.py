"""The local GSTR-2B preview, GSTN's stored GSTR-2B, their reconciliation and GSTR-3B Table 4.

Sums happen in the database (``scope``); the core turns them into ``Gstr2bSummary``, Table 4 and a
``Reconciliation`` whose explanations hold only the documents that count differently.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from types import MappingProxyType

import frappe

from india_ims.gst_india.documents import ZERO, Action, Amounts
from india_ims.gst_india.money import to_paise
from india_ims.gst_india.periods import ReturnPeriod, day_label
from india_ims.gst_india.returns import Gstr2b, compute_table4
from india_ims.gst_india.returns.compare import BLOCKS, GstnDoc, LocalDoc, Reconciliation, reconcile
from india_ims.gst_india.returns.contribution import placement_on
from india_ims.gst_india.returns.gstr2b import Gstr2bSummary
from india_ims.gst_india.returns.layout import Block, Gstr2bSection, Part, Placement

from .. import figure_sums
from ..constants import ACTION_LOG, GSTR2B, GSTR2B_DOCUMENT, INWARD_SUPPLY, RETURN_PERIOD
from ..rows import ACTION_BY_LABEL
from ..sqlread import json_rows
from . import scope as scopes
from .scope import HEADS, Scope

ALL_HEADS = ("taxable_value", *HEADS)
_BLOCK = {block.value: block for block in Block}


def _paise(value) -> int:
    return to_paise(value or 0)


def _amounts(row, prefix: str = "") -> Amounts:
    return Amounts(*(_paise(row.get(prefix + head)) for head in ALL_HEADS))


# ---------------------------------------------------------------- the two summaries


def local_summary(scope: Scope) -> tuple[Gstr2bSummary, dict]:
    """The preview's itcsumm, and counts per block (and of records left out as Pending).

    The period's stored sums of the records' contributions (``figure_sums``: a few dozen rows kept
    by the records' refresh); Section 16(4) is applied to each
    group's deadline here (``contribution.placement_on``), and originals an amendment of the period
    replaces (FAQ 13) are taken out. ``counts["document_nets"]`` holds each block's net with every
    document at its own values, as GSTR-2B files list them; the summary counts an amendment whose
    original counted earlier at the difference, as the core does (spec 4.3; rules.amendments).
    """
    sums = ", ".join(
        f"sum(t.fig_{head}) as `{head}`, sum(t.fig_doc_{head}) as `doc_{head}`" for head in ALL_HEADS
    )
    columns = "t.fig_block, t.fig_part, t.fig_section, t.fig_deadline"
    rows = figure_sums.period_sums(scope.company_gstin, scope.period)
    counts: dict = {"unsent": sum(int(row.unsent or 0) for row in rows)}  # actions not uploaded
    replaced = []
    if scope.replaced:  # a few records, by name
        replaced = frappe.db.sql(
            f"select {columns}, count(*) as records, {sums} from `tab{INWARD_SUPPLY}` t "
            f"where t.name in %(replaced)s and {scope.where()} group by {columns}",
            scope.block_values(),
            as_dict=True,
        )
    totals: dict[tuple[Block, Part, Gstr2bSection], Amounts] = {}
    documents: dict[tuple[Block, Part, Gstr2bSection], Amounts] = {}
    today = scope.context.today
    for sign, group in ((1, rows), (-1, replaced)):
        for row in group:
            if not row.fig_block:
                counts["left out"] = counts.get("left out", 0) + sign * row.records
                continue
            stored = Placement(_BLOCK[row.fig_block], Part[row.fig_part], Gstr2bSection[row.fig_section])
            placement = placement_on(stored, row.fig_deadline, today)
            key = (placement.block, placement.part, placement.section)
            value, listed = _amounts(row), _amounts(row, "doc_")
            if sign < 0:
                value, listed = value.negated(), listed.negated()
            totals[key] = totals.get(key, ZERO) + value
            documents[key] = documents.get(key, ZERO) + listed
            counts[key[0].value] = counts.get(key[0].value, 0) + sign * row.records
    if replaced:  # a replaced original is left out of the period, like a pending record
        counts["left out"] = counts.get("left out", 0) + sum(row.records for row in replaced if row.fig_block)
    totals = {key: value for key, value in totals.items() if value != ZERO}
    listed_summary = Gstr2bSummary(MappingProxyType(documents))
    counts["document_nets"] = {block: listed_summary.net(block) for block in BLOCKS}
    return Gstr2bSummary(MappingProxyType(totals)), counts


def latest_gstr2b(company_gstin: str, period: str) -> dict | None:
    return frappe.db.get_value(
        GSTR2B,
        {"company_gstin": company_gstin, "return_period": period, "is_latest": 1},
        [
            "name",
            "generation",
            "status",
            "generated_on",
            "downloaded_on",
            "file_count",
            "document_count",
            "linked_count",
        ],
        as_dict=True,
    )


def gstn_summary(gstr2b: str) -> Gstr2bSummary:
    rows = frappe.get_all(
        "IMS GSTR-2B Summary",
        filters={"parent": gstr2b, "parenttype": GSTR2B},
        fields=["block", "part", "gstr2b_section", *HEADS],
    )
    parts = {part.value: part for part in Part}
    sections = {section.value: section for section in Gstr2bSection}
    totals = {
        (_BLOCK[row.block], parts[row.part], sections[row.gstr2b_section]): Amounts(
            0, *(_paise(row[head]) for head in HEADS)
        )
        for row in rows
    }
    return Gstr2bSummary(MappingProxyType(totals))


def table4_of(summary: Gstr2bSummary, period: str, quarterly: bool):
    """Table 4 needs only the summary; the 2B around it is a shell."""
    shell = Gstr2b(ReturnPeriod.parse(period), quarterly, scopes.today_date(), (), summary)
    return compute_table4(shell)


# ---------------------------------------------------------------- documents that differ


def _in_paise(expression: str) -> str:
    """A rupee amount as whole paise, rounded in the database half away from zero as ``to_paise``
    rounds (ROUND_HALF_UP): thousands of differing documents reach Python as plain integers."""
    return f"cast(round(({expression}) * 100) as signed)"


def _gstn_net(alias: str = "d") -> dict[str, str]:
    sign = f"(case when {alias}.credit_note then -1 else 1 end)"
    return {head: f"{sign} * {alias}.{head}" for head in HEADS}


def _candidate_filters(scope: Scope) -> list[tuple[str, str]] | None:
    """Every record of the period that may count differently at GSTN, from indexes alone (an index
    hint and a filter each): those whose stored part differs from their copy of this GSTR-2B's
    document (``fig_same``, generated), those with a block but no copy of this GSTR-2B, those
    Section 16(4) moves today, and the originals an amendment replaces. A superset:
    ``_differing_local`` applies the exact test to these only. None where ``fig_same`` does not
    exist (not MariaDB): the caller tests the month."""
    if frappe.db.db_type != "mariadb":
        return None
    filters = [
        ("force index (gstin_fig_differs)", "t.fig_g_gstr2b = %(gstr2b)s and t.fig_same = 0"),
        (
            "force index (gstin_fig_differs)",
            "(t.fig_g_gstr2b < %(gstr2b)s or t.fig_g_gstr2b > %(gstr2b)s or t.fig_g_gstr2b is null) "
            "and t.fig_block != ''",
        ),
        (
            "force index (gstin_fig_pair)",
            "t.fig_block = 'ITC Available' and t.fig_deadline < %(on)s",
        ),
    ]
    if scope.replaced:  # a few records, by name
        filters.append(("", "t.name in %(replaced)s"))
    return filters


def _candidates(scope: Scope, gstr2b: str) -> list[str] | None:
    """The names ``_candidate_filters`` picks (for tests and EXPLAIN)."""
    filters = _candidate_filters(scope)
    if filters is None:
        return None
    values = {**scope.block_values(), "gstr2b": gstr2b}
    names: set[str] = set()
    for hint, condition in filters:
        names.update(
            frappe.db.sql_list(
                f"select t.name from `tab{INWARD_SUPPLY}` t {hint} where {scope.where()} and {condition}",
                values,
            )
        )
    return sorted(names)


# What a differing record's row holds, in the order ``_differing_local`` reads it.
_ROW_KEYS = (
    "name", "l_block", "supplier_gstin", "supplier_name", "document_number", "action", "gstn_action",
    *(f"l_{h}" for h in HEADS), "paired", "d_name", "g_block", "g_action", *(f"g_{h}" for h in HEADS),
)  # fmt: skip


_GSTN_KEYS = ("d_name", "g_block", "g_action", *(f"g_{h}" for h in HEADS))


def _same(row) -> bool:
    """The record counts in GSTN's document exactly as in the preview (amounts in paise)."""
    return row.g_block == row.l_block and all(row["l_" + h] == row["g_" + h] for h in HEADS)


def _differing_local(scope: Scope, gstr2b: str) -> list[dict]:
    """Records in the preview's scope that count differently at GSTN (or are not in its 2B).

    Each record carries a copy of its document in GSTN's latest GSTR-2B
    (``figures_store.pair_with_gstr2b``), so the test is on the record alone; it is applied to the
    candidates the indexes name (``_candidate_filters``), in the same statements, read as one JSON
    array a row (``sqlread``: 10,000 rows of a bulk action parse in C). A record whose copy is of
    another period's GSTR-2B is looked up in this one before it counts as differing.
    """
    sign = "(case when t.fig_part = 'CREDIT_NOTES' then -1 else 1 end)"
    local = {head: f"{sign} * t.fig_doc_{head}" for head in HEADS}
    block = scope.block()
    paired = "t.fig_g_gstr2b = %(gstr2b)s"
    gstn_block = f"if({paired}, nullif(t.fig_g_block, ''), null)"
    same_values = " and ".join(f"({local[h]}) = t.fig_g_{h}" for h in HEADS)
    differs = f"not (({block}) <=> {gstn_block} and (t.fig_g_gstr2b != %(gstr2b)s or ({same_values})))"
    expressions = [
        "t.name", block, "t.supplier_gstin", "t.supplier_name", "t.document_number", "t.action",
        "t.gstn_action", *map(_in_paise, local.values()), f"ifnull({paired}, 0)", "t.fig_g_name",
        "nullif(t.fig_g_block, '')", "nullif(t.fig_g_action, '')",
        *(_in_paise(f"t.fig_g_{h}") for h in HEADS),
    ]  # fmt: skip
    values = {**scope.block_values(), "gstr2b": gstr2b}
    filters = _candidate_filters(scope)
    found: dict[str, list] = {}
    for hint, condition in filters if filters is not None else [("", "")]:
        condition = f" and {condition}" if condition else ""
        for data in json_rows(
            expressions,
            f"from `tab{INWARD_SUPPLY}` t {hint} where {scope.where()}{condition} and {differs}",
            values,
        ):
            found[data[0]] = data
    if not found:
        return []
    # Not paired with this GSTR-2B (unlinked, or taken over by another period's): its document, if
    # any, is looked up in this one.
    at = _ROW_KEYS.index("paired")
    unpaired = sorted(name for name, data in found.items() if not data[at])
    docs = {}
    gstn = _gstn_net()
    for start in range(0, len(unpaired), 5000):
        for doc in json_rows(
            ["d.inward_supply", "d.name", "d.block", "d.ims_action", *map(_in_paise, gstn.values())],
            f"from `tab{GSTR2B_DOCUMENT}` d where d.gstr2b = %(gstr2b)s and d.inward_supply in %(names)s",
            {"gstr2b": gstr2b, "names": unpaired[start : start + 5000]},
        ):
            docs[doc[0]] = doc[1:]
    out = []
    no_document = dict.fromkeys(_GSTN_KEYS)
    for name in sorted(found):
        row = frappe._dict(zip(_ROW_KEYS, found[name], strict=True))
        paired = row.pop("paired")
        if not paired:
            doc = docs.get(name)
            row.update(zip(_GSTN_KEYS, doc, strict=True) if doc is not None else no_document)
        if (paired or doc is not None) and _same(row):
            continue  # paired with another period's GSTR-2B, but the same in this one
        out.append(row)
    return out


def _paired(scope: Scope, gstr2b: str) -> int:
    """How many records still carry their copy of ``gstr2b``'s document: ``gstin_fig_linked``
    alone, the narrowest index that has them (the GSTR-2B's linked documents are all read)."""
    force = "force index (gstin_fig_linked) " if frappe.db.db_type == "mariadb" else ""
    return frappe.db.sql(
        f"select count(*) from `tab{INWARD_SUPPLY}` t {force}"
        "where t.company_gstin = %(gstin)s and t.fig_g_gstr2b = %(gstr2b)s",
        {"gstin": scope.company_gstin, "gstr2b": gstr2b},
    )[0][0]


def _gstn_outside(scope: Scope, gstr2b: str) -> list[dict]:
    """GSTN's documents with no record in the preview's scope: unknown locally (ISD, imports, records
    not downloaded), or whose record counts in another period. From the records' copies of their
    documents (one index), unless some copies were taken over by another period's GSTR-2B: then
    from GSTN's documents themselves."""
    linked = frappe.db.get_value(GSTR2B, gstr2b, "linked_count") or 0
    paired = _paired(scope, gstr2b)
    if paired == linked:
        names = frappe.db.sql_list(
            f"select d.name from `tab{GSTR2B_DOCUMENT}` d force index (gstr2b_compare) "
            "where d.gstr2b = %(gstr2b)s and d.inward_supply is null",
            {"gstr2b": gstr2b},
        ) + frappe.db.sql_list(
            f"select t.fig_g_name from `tab{INWARD_SUPPLY}` t force index (gstin_fig_linked) "
            "where t.company_gstin = %(gstin)s and t.fig_g_gstr2b = %(gstr2b)s "
            "and t.fig_period != %(period)s",
            {**scope.values(), "gstr2b": gstr2b},
        )
        where, values = "d.name in %(names)s", {"names": names or [""]}
    else:
        where = (
            "d.gstr2b = %(gstr2b)s and (t.name is null or not (t.company_gstin = %(gstin)s "
            "and t.fig_period = %(period)s))"
        )
        values = {**scope.values(), "gstr2b": gstr2b}
    gstn_cols = ", ".join(f"{_in_paise(expr)} as `g_{head}`" for head, expr in _gstn_net().items())
    return frappe.db.sql(
        f"select d.name as d_name, d.block as g_block, d.ims_action as g_action, d.supplier_gstin, "
        f"d.document_number, d.gstr2b_section, {gstn_cols}, t.name, t.action, t.gstn_action, "
        f"t.supplier_name from `tab{GSTR2B_DOCUMENT}` d "
        f"left join `tab{INWARD_SUPPLY}` t on t.name = d.inward_supply where {where}",
        values,
        as_dict=True,
    )


def _gstn_doc_totals(gstr2b: str) -> dict[Block, Amounts]:
    """A stored GSTR-2B never changes: its documents' totals are summed once (at its download) and kept
    under its name."""
    made = frappe.db.get_value(GSTR2B, gstr2b, ["creation", "checksum"])  # a name is reused after a delete
    key = f"india_ims:gstr2b_doc_totals:{gstr2b}:{made}"
    totals = frappe.cache.get_value(key, expires=True)
    if totals is None:
        totals = _sum_gstn_docs(gstr2b)
        frappe.cache.set_value(key, totals, expires_in_sec=30 * 24 * 3600)
    return totals


def _sum_gstn_docs(gstr2b: str) -> dict[Block, Amounts]:
    gstn = _gstn_net()
    rows = frappe.db.sql(
        f"select d.block, {', '.join(f'sum({expr}) as `{head}`' for head, expr in gstn.items())} "
        f"from `tab{GSTR2B_DOCUMENT}` d force index (gstr2b_compare) where d.gstr2b = %s group by d.block",
        gstr2b,
        as_dict=True,
    )
    return {_BLOCK[row.block]: Amounts(0, *(_paise(row[head]) for head in HEADS)) for row in rows}


def _changed_after(names: list[str], since: datetime) -> set[str]:
    """Records whose action changed after GSTN generated its GSTR-2B (from the Action Log)."""
    if not names:
        return set()
    out: set[str] = set()
    for start in range(0, len(names), 5000):
        out.update(frappe.db.sql_list(CHANGED_AFTER, {"names": names[start : start + 5000], "since": since}))
    return out


# One range of the (inward_supply, logged_at) index per record, read from the index alone.
CHANGED_AFTER = (
    f"select distinct inward_supply from `tab{ACTION_LOG}` where inward_supply in %(names)s "
    "and logged_at > %(since)s"
)


def _generated_at(company_gstin: str, period: str, latest: dict) -> datetime:
    """When GSTN built the statement: the app's own GEN2B time on that day, else the day's end."""
    day = latest.generated_on
    ours = frappe.db.get_value(
        RETURN_PERIOD, {"company_gstin": company_gstin, "return_period": period}, "gstr2b_generated_on"
    )
    if ours and ours.date() == day:
        return ours
    return datetime.combine(day, time.max) - timedelta(microseconds=1)


def _action(label: str | None) -> Action | None:
    return ACTION_BY_LABEL.get(label) if label else None


def _uploaded(row) -> bool:
    """GSTN holds the record's action: ``LocalDoc.local_action`` is its ``gstn_action``."""
    return (_action(row.action) or Action.NO_ACTION) is (_action(row.gstn_action) or Action.NO_ACTION)


def _label(row) -> str:
    return f"{row.document_number} of {row.supplier_gstin}"


def reconciliation(
    scope: Scope, local: Gstr2bSummary, latest: dict | None, document_nets: dict | None = None
) -> tuple[Reconciliation, dict]:
    """The two 2Bs side by side and each differing document explained; ``rows`` keyed as the
    explanations, for the drill-down."""
    if latest is None:
        return reconcile(local, None), {}
    differing = _differing_local(scope, latest.name)
    outside = _gstn_outside(scope, latest.name)
    # Asked only of records whose action is uploaded: the core explains any other as not uploaded
    # before it looks at the Action Log (``compare._classify``), and a bulk action is mostly those.
    changed = _changed_after(
        [row.name for row in (*differing, *outside) if row.name and _uploaded(row)],
        _generated_at(scope.company_gstin, scope.period, latest),
    )
    local_docs, gstn_docs, details = [], [], {}
    for row in differing:
        key = row.name
        local_docs.append(
            LocalDoc(
                key,
                _label(row),
                _BLOCK.get(row.l_block),
                Amounts(0, *(row["l_" + head] for head in HEADS)),
                _action(row.action) or Action.NO_ACTION,
                _action(row.gstn_action) or Action.NO_ACTION,
                changed_after_generation=key in changed,
            )
        )
        if row.d_name:
            gstn_docs.append(_gstn_doc(key, row))
        details[key] = row
    for row in outside:
        key = row.name or row.d_name
        if row.name:
            local_docs.append(
                LocalDoc(
                    key,
                    _label(row),
                    None,
                    ZERO,
                    _action(row.action) or Action.NO_ACTION,
                    _action(row.gstn_action) or Action.NO_ACTION,
                    changed_after_generation=key in changed,
                )
            )
        gstn_docs.append(_gstn_doc(key, row))
        details[key] = row
    result = reconcile(
        local,
        gstn_summary(latest.name),
        local_docs,
        gstn_docs,
        local_doc_totals=document_nets or {block: local.net(block) for block in BLOCKS},
        gstn_doc_totals=_gstn_doc_totals(latest.name),
    )
    return result, details


def _gstn_doc(key: str, row) -> GstnDoc:
    return GstnDoc(
        key,
        _label(row),
        _BLOCK[row.g_block],
        Amounts(0, *(row["g_" + head] for head in HEADS)),
        _action(row.g_action),
        Gstr2bSection.__members__.get(row.get("gstr2b_section") or ""),
    )


# ---------------------------------------------------------------- words


def recompute_words(scope: Scope, stale: int, latest: dict | None, pending_uploads: int) -> list[str]:
    """Says "recompute needed" in words, with the reason (FAQ 24, 29); ``stale`` counts the records
    GSTN's action on changed after its GSTR-2B was built."""
    period = ReturnPeriod.parse(scope.period)
    if scope.filed:
        return [f"The GSTR-3B of {period.label} is marked filed: its actions are frozen (FAQ 12)."]
    generation_day = period.gstr2b_generation_date(quarterly=scope.quarterly)
    words = []
    flag = frappe.db.get_value(
        RETURN_PERIOD,
        {"company_gstin": scope.company_gstin, "return_period": scope.period},
        "recompute_needed",
    )
    if stale or flag:
        what = f"{stale} record(s) changed at GSTN" if stale else "actions were uploaded"
        words.append(
            f"Recompute needed: {what} after the GSTR-2B of {period.label} was generated; recompute it "
            "before filing GSTR-3B, or the return will not take the change (FAQ 24, 29)."
        )
    if pending_uploads and scope.context.today >= generation_day:
        words.append(
            f"{pending_uploads} action(s) changed after the {day_label(generation_day)} draft are not "
            "uploaded yet: "
            "upload them, then recompute GSTR-2B (FAQ 24, 29)."
        )
    if latest is None and scope.context.today >= generation_day:
        words.append(f"GSTN's GSTR-2B of {period.label} is not downloaded yet: download it to compare.")
    if scope.context.today < generation_day:
        words.append(
            f"The draft GSTR-2B of {period.label} is generated on {day_label(generation_day)} (FAQ 23); "
            "the figures here are a preview."
        )
    return words


def supplier_add_back(scope: Scope) -> Amounts:
    """Tax on credit notes rejected here: added back to the suppliers' liability (FAQ 34).

    A rejected record's document line is its own values (no reduction applies to a rejection), and
    Part B holds the credit notes: summed from the ``gstin_fig_summary`` index alone.
    """
    sums = ", ".join(f"sum(t.fig_doc_{head}) as `{head}`" for head in ALL_HEADS)
    row = frappe.db.sql(
        f"select {sums} from `tab{INWARD_SUPPLY}` t force index (gstin_fig_summary) "
        f"where {scope.where()} and t.fig_block = 'ITC Rejected' and t.fig_part = 'CREDIT_NOTES'",
        scope.values(),
        as_dict=True,
    )[0]
    return _amounts(row)
