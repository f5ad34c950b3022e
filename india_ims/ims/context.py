"""The rules engine's inputs built from stored rows: ``RuleContext`` and ``RecordState``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

import frappe

from india_ims.gst_india.documents import Action, Section
from india_ims.gst_india.rules import RecordState, RuleContext

from . import clock, judging, originals
from .constants import ANNUAL_RETURN, INWARD_SUPPLY, RETURN_PERIOD, SETTINGS
from .merge import derive_columns
from .originals import number_key
from .rows import ACTION_BY_LABEL, MATCH_BY_LABEL, row_to_record

# Columns a RecordState needs beyond the GSTN-owned ones.
STATE_COLUMNS = (
    "name",
    "action",
    "gstn_action",
    "match_status",
    "purchase_invoice",
    "gstr2b_period",
    "carried_to",
    "remarks",
    "earlier_versions",
)


def is_quarterly(company_gstin: str) -> bool:
    return bool(
        frappe.db.get_value(
            "IMS Settings GSTIN", {"parenttype": SETTINGS, "gstin": company_gstin}, "quarterly_filer"
        )
    )


def rule_context(company_gstin: str) -> RuleContext:
    filed = frappe.get_all(
        RETURN_PERIOD, filters={"company_gstin": company_gstin, "gstr3b_filed": 1}, pluck="return_period"
    )
    return RuleContext(
        today=clock.today(),
        filed_3b_periods=frozenset(filed),
        quarterly=is_quarterly(company_gstin),
        annual_returns_filed=annual_returns_filed(company_gstin),
    )


def annual_returns_filed(company_gstin: str) -> dict:
    """Financial year ("2025-26") -> the day its annual return was filed (IMS Annual Return)."""
    if not frappe.db.table_exists(ANNUAL_RETURN):  # a patch run before the DocType is synced
        return {}
    return dict(
        frappe.get_all(
            ANNUAL_RETURN,
            filters={"company_gstin": company_gstin},
            fields=["financial_year", "filed_on"],
            as_list=True,
        )
    )


def record_state(row: Mapping) -> RecordState:
    record = row_to_record(row)
    local = ACTION_BY_LABEL.get(row.get("action") or "No Action", Action.NO_ACTION)
    return RecordState(
        record=record,
        gstn_action=record.action,
        local_action=local,
        match_status=MATCH_BY_LABEL.get(row.get("match_status") or ""),
        purchase_invoice=row.get("purchase_invoice") or None,
        gstr2b_period=row.get("gstr2b_period") or None,
        carried_to=row.get("carried_to") or None,
        remarks=row.get("remarks") or None,
    )


def record_states(rows: Sequence[Mapping]) -> list[RecordState]:
    """States for stored rows, each amendment with its original found among the stored records
    (spec 1.8, 4.3: it counts the difference from the value last counted).

    The earlier versions are found by name first: the originals by number in their own section,
    the earlier amendments of the same original in the amendment's section, each a range on the
    unique document index (company GSTIN, section, supplier, number) read from the index alone;
    then only those rows whole. Reading every row of the amendments' suppliers to compare numbers
    took 0.4-1 s for the 250 amendments of a bulk action, and 0.3 s of every 10,000 records a
    figures refresh recomputes; the bulk action, the refresh and the screens now share this one."""
    states = [record_state(row) for row in rows]
    amendments = [
        row for row in rows
        if row["section"] in judging.AMENDMENT_VALUES and number_key(row.get("original_document_number"))
    ]
    if not amendments:
        return states
    names = _version_names(amendments)
    columns = ("company_gstin", *originals.VERSION_COLUMNS)
    candidates = (
        frappe.db.sql(
            f"select {', '.join(f'`{c}`' for c in columns)} from `tab{INWARD_SUPPLY}` "
            "where name in %(names)s order by name",
            {"names": names},
            as_dict=True,
        )
        if names
        else []
    )
    # An earlier version has the amendment's GSTIN and supplier and, as its number or its original's,
    # the original's number (``originals.earlier_versions`` skips every other): each amendment looks
    # among those alone, not among every amendment's candidates.
    by_key: dict[tuple, list] = defaultdict(list)
    for candidate in candidates:
        own, original = candidate["document_number"], candidate.get("original_document_number")
        for number in {number_key(own), number_key(original)}:
            by_key[(candidate["company_gstin"], candidate["supplier_gstin"], number)].append(candidate)
    return [
        originals.with_original(state, row, by_key.get(_original_key(row), ()))
        for state, row in zip(states, rows)
    ]


def _version_names(amendments: Sequence[Mapping]) -> list[str]:
    """Names of the stored rows that may be earlier versions of ``amendments``: their originals,
    then the other amendments of the same originals.

    On MariaDB the originals are one range each on the unique document index: (GSTIN, original
    section, supplier, number) as rows of an ``IN``. Asked as separate lists of suppliers and numbers,
    the optimizer read every entry of the GSTIN instead (94,782 for the 254 amendments of a bulk
    action: 0.055 s, and 496 rows of other suppliers' like numbers loaded whole only to be dropped);
    the pairs read 762 entries in 0.005 s. The site's collation compares numbers without case and
    trailing spaces, and stored numbers are trimmed (``payload.ims``), so the plain column finds what
    ``upper(trim())`` of it did; Python keeps only true versions (``originals.earlier_versions``)."""
    suppliers = sorted({row["supplier_gstin"] for row in amendments})
    numbers = sorted({number_key(row["original_document_number"]) for row in amendments})
    sections = {Section(row["section"]) for row in amendments}
    values = {
        "gstins": sorted({row["company_gstin"] for row in amendments}),
        "suppliers": suppliers,
        "numbers": numbers,
        "originals": sorted(section.original.value for section in sections),
        "amendments": sorted(section.value for section in sections),
    }
    mariadb = frappe.db.db_type == "mariadb"
    table = f"`tab{INWARD_SUPPLY}`" + (" force index (unique_ims_document)" if mariadb else "")
    later = (
        f"select name from {table} where company_gstin in %(gstins)s and section in %(amendments)s "
        "and supplier_gstin in %(suppliers)s and upper(trim(original_document_number)) in %(numbers)s"
    )
    if not mariadb:
        return frappe.db.sql_list(
            f"select name from {table} where company_gstin in %(gstins)s and section in %(originals)s "
            "and supplier_gstin in %(suppliers)s and upper(trim(document_number)) in %(numbers)s "
            f"union {later}",
            values,
        )
    keys = sorted(
        {
            (row["company_gstin"], Section(row["section"]).original.value, row["supplier_gstin"],
             number_key(row["original_document_number"]))
            for row in amendments
        }
    )
    for at, key in enumerate(keys):
        values.update({f"k{at}_{part}": value for part, value in enumerate(key)})
    listed = ", ".join(f"(%(k{at}_0)s, %(k{at}_1)s, %(k{at}_2)s, %(k{at}_3)s)" for at in range(len(keys)))
    return frappe.db.sql_list(
        f"select name from {table} where (company_gstin, section, supplier_gstin, document_number) "
        f"in ({listed}) union {later}",
        values,
    )


def _original_key(row: Mapping) -> tuple:
    """The candidates an amendment looks among: same GSTIN and supplier, its original's number."""
    return (row["company_gstin"], row["supplier_gstin"], number_key(row.get("original_document_number")))



def derived_columns(context: RuleContext, stored=None, today=None):
    """Columns computed from a downloaded record: whether Pending is allowed, its GSTR-2B period and
    how that period was decided (``merge.derive_columns``, pure: its tests need no site)."""
    return derive_columns(context, stored, today)
