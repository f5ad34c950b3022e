"""The period's figures, kept in the cache under a version of the data they were computed from.

A month of a lakh of records takes seconds to sum and pair; the screens ask for the same figures
again and again (the page, its charts, each drill-down page, the reports). The version changes with
anything the figures depend on: every write to a GSTIN's IMS records moves its latest ``modified``
(read from ``state_index``'s entries, so at once), every action change is in the Action
Log, and the stored GSTR-2B, the period's rows, the filed periods and today are part of it. The app
never deletes IMS records; removing all of a GSTIN's (as tests do) empties the range and so changes
the version too. A hand deletion of one record is seen with the next write, or in six hours.

The latest ``modified`` and log time move with a write only while the clock moves forward. When the
site's clock has gone back (its time zone changed, say from India's to one behind it, or a summer
time ended), a write stamped earlier than the latest stamp moves neither, and a kept figure would
outlive the data it was computed from. So while any stamp of the GSTIN is later than now, nothing is
kept: each request computes its figures, until the clock passes the stamps again.
"""

from __future__ import annotations

import hashlib

import frappe
from frappe.utils import now_datetime

from .. import state_index
from ..constants import ACTION_LOG, GSTR2B, RETURN_PERIOD
from .scope import Scope

TTL_SECONDS = 6 * 60 * 60


def version(scope: Scope) -> str | None:
    """The data version of the scope's figures; None while a stamp is later than now (see above)."""
    gstin = scope.company_gstin
    rows = state_index.first_and_latest_write(gstin)
    logged = frappe.db.sql(f"select max(logged_at) from `tab{ACTION_LOG}` where company_gstin = %s", gstin)[
        0
    ][0]
    now = now_datetime()
    if (rows[1] and rows[1] > now) or (logged and logged > now):
        return None
    statement = frappe.db.get_value(
        GSTR2B,
        {"company_gstin": gstin, "return_period": scope.period, "is_latest": 1},
        ["name", "downloaded_on"],
    )
    periods = frappe.db.sql(
        f"select max(modified), count(*) from `tab{RETURN_PERIOD}` where company_gstin = %s", gstin
    )[0]
    parts = (
        gstin,
        scope.period,
        scope.context.today,
        tuple(sorted(scope.context.filed_3b_periods)),
        scope.quarterly,
        rows,
        logged,
        statement,
        periods,
    )
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:20]


def cached(scope: Scope, kind: str, compute):
    """``compute()`` once per data version; the result must pickle. Figures computed while the
    background refresh is behind are not kept: the refresh moves no version."""
    if scope.behind:
        return compute()
    data_version = version(scope)
    if data_version is None:
        return compute()
    key = f"india_ims:returns:{kind}:{scope.company_gstin}:{scope.period}:{data_version}"
    # expires=True: read Redis only; the request-local cache would remember a miss for the whole process.
    value = frappe.cache.get_value(key, expires=True)
    if value is None:
        value = compute()
        frappe.cache.set_value(key, value, expires_in_sec=TTL_SECONDS)
    return value
