"""The Action Summary's own row for the originals an amendment of the same period replaces (FAQ 13).

When a supplier amends a document in the period the original counts in (a GSTR-1A, or an amendment
in the same return), GSTR-2B carries the amendment and leaves the original out: the amendment
prevails. ITC at stake and the GSTR-3B preview leave such an original out (``returns.scope``); the
Action Summary counted it under its action as well, so its Accepted or No Action row held the tax
twice, once for the original and once for the amendment, and did not tie to GSTR-2B. It is now
counted in a row of its own, after the actions, and the drill of each row lists what that row counts
(filter ``replaced``: 1 only these, 0 every other record).

The originals are one join over the GSTIN's amendments (``scope.replaced_where``): an amendment
whose stored part counts in the same period as its original's. An original that has left IMS
(FAQ 21) stays in the "Left IMS" row: it is out of IMS whatever its amendment did.
"""

from __future__ import annotations

import frappe

from .args import REPLACED_FILTER, as_flag
from .constants import INWARD_SUPPLY
from .returns.scope import replaced_where
from .summary_left import fresh_left

# The action key of the row, and its words (the tool's, in the export; the screen translates them).
REPLACED = "Replaced"
REPLACED_WORDS = "Replaced by its amendment (FAQ 13)"
# The values key the statements below read the names from.
NAMES = "replaced_originals"


def replaced_names(company_gstin: str) -> list[str]:
    """The GSTIN's originals replaced by an amendment counting in the same period, but for those that
    have left IMS (their own row): a few (amendments are), so the statements take them as a list,
    which every index entry can be judged by (each holds the name)."""
    return list(
        replaced_where(
            "a.company_gstin = %(gstin)s and a.fig_period != ''",
            f"o.fig_period = a.fig_period and not ({fresh_left('o')})",
            {"gstin": company_gstin},
        )
    )


def with_names(company_gstin: str, values: dict) -> dict:
    """``values`` with the replaced originals under ``NAMES`` (read once per request's values)."""
    if NAMES not in values:
        values[NAMES] = replaced_names(company_gstin) or [""]
    return values


def replaced_filter(only) -> str:
    """The tool's filter ``replaced`` (``queries._where``, whose values must hold ``NAMES``): 1 the
    originals the row counts, 0 every other record. By name only, so the covering indexes still
    serve the page."""
    if as_flag(only, f"filters.{REPLACED_FILTER}"):
        return f"name in %({NAMES})s"
    return f"name not in %({NAMES})s"


def group_sql(left_group: str) -> str:
    """The Action Summary's group of a record read whole (the recount): ``left_group`` (the
    records that have left IMS, else the action), with the replaced originals in ``REPLACED``."""
    return f"(case when name in %({NAMES})s then '{REPLACED}' else {left_group} end)"


def moved_to_replaced_sql(where: str, moved_sums: str, table: str) -> str:
    """For the kept summary (``queries._kept_action_rows``): each replaced original out of the group
    the parts before it left it in (its action as of the refresh, or, written since, its action now)
    and into ``REPLACED``; the same columns as the other parts of that union."""
    return (
        "select section, "
        f"if(m.m < 0, if(fig_stale, action, nullif(fig_action, '')), '{REPLACED}') as action, "
        "ifnull(gstr2b_period, '') != '' as filed, document_type, "
        "sum(m.m * if(m.m < 0 and not fig_stale, fig_unsent, upload_pending)) as upload_pending, "
        f"sum(m.m) as count, {moved_sums} from {table} "
        "straight_join (select -1 as m union all select 1) m "
        f"where {where} and name in %({NAMES})s group by 1, 2, 3, 4"
    )


def replacing_amendments(names: list[str]) -> dict[str, str]:
    """Of the records ``names`` (a page of the Document View, one record's detail), the originals an
    amendment of the same period replaces, each with that amendment's number. The same pairs as
    ``replaced_names``, looked up from the originals' side: each one's amendments are a range of the
    unique key (its supplier and the amendment section), so a page costs a few index reads, not a
    pass over the GSTIN's amendments."""
    if not names:
        return {}
    return dict(
        frappe.db.sql(
            f"select o.name, max(a.document_number) from `tab{INWARD_SUPPLY}` o "
            f"straight_join `tab{INWARD_SUPPLY}` a force index (unique_ims_document) "
            "on a.company_gstin = o.company_gstin and a.section = concat(o.section, 'a') "
            "and a.supplier_gstin = o.supplier_gstin "
            "and trim(a.original_document_number) = o.document_number "
            "and a.fig_period = o.fig_period and a.supplier_filing_status = 'Filed' "
            f"where o.name in %(names)s and o.fig_period != '' and not o.is_reverse_charge "
            f"and not ({fresh_left('o')}) group by o.name",
            {"names": list(names)},
        )
    )


def mark_replaced(rows: list) -> None:
    """Each row of a Document View page gets ``replaced``: the number of the amendment that replaces
    it, else None (the list says so beside its section)."""
    found = replacing_amendments([row["name"] for row in rows])
    for row in rows:
        row["replaced"] = found.get(row["name"])
