"""The Action Summary's own row for the records that have left IMS (FAQ 21).

GSTN removes a record it holds Pending once Section 16(4) has run out on it; every action on it is
refused (NOT_IN_IMS) and none can claim its ITC. Listed under Pending, an accountant read them as
records still to act on. The core decides it (``pending_past_section_16_4``) when the figures
refresh computes each record's part, and the part keeps the answer: no stake
(``fig_stake_action`` blank) on a record GSTN holds Pending that is not reverse charge (those have
no stake either, never having been in IMS). So the summary groups by what is stored and judges no
record per request. A record written since its refresh (``fig_stale``) keeps its action's row
until the refresh, as the rest of the summary reads it as of the refresh too.
"""

from __future__ import annotations

from collections.abc import Mapping

import frappe

from .args import LEFT_FILTER, as_flag
from .constants import INWARD_SUPPLY
from .returns.indexes import has_index

# The action key of the row, and its words (the tool's, in the export; the screen translates them).
LEFT_IMS = "Left IMS"
LEFT_IMS_WORDS = "Left IMS (Section 16(4), FAQ 21)"
# A record whose stored part says it has left IMS (read after a refresh: ``stake_sums.left_ims``).
_LEFT_PART = "{0}gstn_action = 'Pending' and {0}fig_stake_action = '' and {0}is_reverse_charge = 0"
LEFT_PART = _LEFT_PART.format("")
# The records that can be such a part, one range of the GSTIN's entries: a Pending record still in
# IMS has its stake's action here, so the range holds the records that left (and parts not computed
# yet, which ``fig_stale`` leaves out). None of these columns is written by a user's action.
LEFT_INDEX = "gstin_left_ims"
LEFT_INDEX_COLUMNS = ("company_gstin", "gstn_action", "fig_stake_action", "is_reverse_charge")


def fresh_left(alias: str = "") -> str:
    """``LEFT_PART`` on a part computed from the record as it is now (of the table ``alias``)."""
    of = f"{alias}." if alias else ""
    fresh = f"{of}fig_stale = 0" if frappe.db.db_type == "mariadb" else f"{of}fig_modified = {of}modified"
    return f"{_LEFT_PART.format(of)} and {fresh}"


def left_filter(only) -> str:
    """The tool's filter ``left_ims`` (``queries._where``, whose values hold ``gstin``): 1 the records
    the "Left IMS" row counts, 0 every other record, so the drill of each row lists what the row
    counts; the row's own condition. 0 leaves out by name the GSTIN's few records that have left,
    found on their index: the list and its count are still read off a covering index (each entry
    holds the name), where the condition itself read every row of the period (0.44 s at 60,000
    records, against 0.05 s)."""
    if as_flag(only, f"filters.{LEFT_FILTER}"):
        return f"({fresh_left()})"
    hint = f"force index (`{LEFT_INDEX}`) " if has_left_index() else ""
    return (
        f"name not in (select name from `tab{INWARD_SUPPLY}` {hint}"
        f"where company_gstin = %(gstin)s and {fresh_left()})"
    )


def action_or_left() -> str:
    """The Action Summary's group of a record read whole (the recount)."""
    return f"(case when {fresh_left()} then '{LEFT_IMS}' else action end)"


def has_left_index() -> bool:
    return has_index(LEFT_INDEX, LEFT_INDEX_COLUMNS)


def moved_to_left_sql(where: str, moved_sums: str) -> str:
    """For the kept summary (``queries._kept_action_rows``): each record that has left, out of the
    group the index counted it in (its action as of the refresh, which is its action: it is not
    stale) and into ``LEFT_IMS``; the same columns as the other parts of that union."""
    hint = f"force index (`{LEFT_INDEX}`) " if has_left_index() else ""
    return (
        f"select section, if(m.m < 0, nullif(fig_action, ''), '{LEFT_IMS}') as action, "
        "ifnull(gstr2b_period, '') != '' as filed, document_type, "
        "sum(m.m * fig_unsent) as upload_pending, sum(m.m) as count, "
        f"{moved_sums} from `tab{INWARD_SUPPLY}` {hint}"
        "straight_join (select -1 as m union all select 1) m "
        f"where {where} and {fresh_left()} group by 1, 2, 3, 4"
    )


def kept_action_summary(
    company_gstin: str, period: str | None, period_field: str, filters: Mapping | None
) -> dict:
    """``queries.action_summary`` as ``queries.kept``: the screen's and the export's (same key).
    Its "Left IMS" row is read from the stored parts, which a date moves (FAQ 21: 30 November
    passing) and the refresh rewrites without a new data version; so the parts the cut-off moved
    are marked first (one cached key on other days), and how many wait for the refresh is in the key."""
    from . import queries
    from .figures_store import expire_when_the_cutoff_moves, stale_count

    expire_when_the_cutoff_moves(company_gstin)
    # the refresh that moves a record into (or out of) the row moves no data version: how many
    # records wait for it is part of the key
    return queries.kept(
        company_gstin, period, ("action", period_field, filters, stale_count(company_gstin)[0]),
        lambda: queries.action_summary(
            company_gstin, period=period, period_field=period_field, filters=filters
        ),
    )
