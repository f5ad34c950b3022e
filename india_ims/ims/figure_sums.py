"""A period's local GSTR-2B preview as a few dozen stored sums (``IMS Figure Sum``), not a month.

Each IMS record keeps its own part (``figures_store``); this keeps, per GSTIN, GSTR-2B period,
block, part, section and Section 16(4) deadline, the count and the sums of those parts. The refresh
that writes a record's part moves its group's sums by the difference in the same transaction: it
reads the parts it replaces under a row lock (``locked_parts``), so two refreshes of the same record
(the job and a view) can never both subtract the same old part, and the sums always equal what the
records hold at every commit. Nothing else writes a part.

What a part does not freeze is decided when read, as before: Section 16(4) against today (the
deadline is in the key) and originals replaced by an amendment of the same period (subtracted by
the caller). A record deleted by hand (the app never deletes IMS records; tests do) would leave its
part in the sums: each read compares the period's count with the records' (``period_sums``) and
rebuilds the period from the records when they differ.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import frappe
from frappe.utils import now_datetime

from india_ims.gst_india.money import to_paise

from . import sqlread
from .constants import INWARD_SUPPLY

FIGURE_SUM = "IMS Figure Sum"
KEYS = ("fig_period", "fig_block", "fig_part", "fig_section", "fig_deadline")
AMOUNTS = ("taxable_value", "igst", "cgst", "sgst", "cess")
# (column on the record, column here); ``unsent`` counts the records not uploaded (0 or 1 each,
# carried through the same paise arithmetic as the amounts: 1 is 100 paise both ways)
SUMS = (
    *((f"fig_{h}", h) for h in AMOUNTS),
    *((f"fig_doc_{h}", f"doc_{h}") for h in AMOUNTS),
    ("fig_unsent", "unsent"),
)
PART_COLUMNS = (*KEYS, *(record for record, _ in SUMS))
Key = tuple[str, str, str, str, str, str]  # company GSTIN, then KEYS as text


def key_of(company_gstin: str, part: Mapping) -> Key | None:
    """The group a record's part counts in; None while it counts in no GSTR-2B period."""
    if not part.get("fig_period"):
        return None
    deadline = part.get("fig_deadline")
    return (company_gstin, *(str(part.get(k) or "") for k in KEYS[:-1]), str(deadline or ""))


def name_of(key: Key) -> str:
    return hashlib.blake2b("|".join(key).encode(), digest_size=10).hexdigest()


def locked_parts(names: Sequence[str]) -> list[dict]:
    """The parts the caller is about to replace, read and locked until its commit. Read as JSON
    arrays (``sqlread``: a refresh of a lakh replaces a lakh of parts): amounts come as floats, which
    ``to_paise`` reads exactly, and the deadline as ISO text, which ``key_of`` writes as it writes a
    date."""
    if not names:
        return []
    return sqlread.dict_rows(
        ("name", "company_gstin", *PART_COLUMNS),
        f"from `tab{INWARD_SUPPLY}` where name in %(names)s for update",
        {"names": list(names)},
    )


def delta(old: Iterable[Mapping], new: Iterable[Mapping]) -> dict[Key, list[int]]:
    """What replacing the ``old`` parts by the ``new`` ones (each with its ``company_gstin``) moves:
    per group, the record count and each sum in paise."""
    out: dict[Key, list[int]] = {}
    for sign, parts in ((-1, old), (1, new)):
        for part in parts:
            key = key_of(part["company_gstin"], part)
            if key is None:
                continue
            moved = out.setdefault(key, [0] * (1 + len(SUMS)))
            moved[0] += sign
            for i, (record, _own) in enumerate(SUMS, start=1):
                moved[i] += sign * to_paise(part.get(record) or 0)
    return {key: moved for key, moved in out.items() if any(moved)}


def apply(moved: Mapping[Key, Sequence[int]]) -> None:
    """Add ``moved`` to the stored sums, in name order (two refreshes lock these rows alike)."""
    if not moved:
        return
    now, user = now_datetime(), frappe.session.user
    own = [column for _record, column in SUMS]
    columns = (
        *("name", "creation", "modified", "modified_by", "owner", "company_gstin"),
        *KEYS,
        "records",
        *own,
    )
    rows = []
    for key in sorted(moved, key=name_of):
        values = moved[key]
        gstin, period, block, part, section, deadline = key
        rows.append(
            (
                name_of(key),
                now,
                now,
                user,
                user,
                gstin,
                period,
                block,
                part,
                section,
                deadline or None,
                values[0],
                *(Decimal(paise) / 100 for paise in values[1:]),
            )
        )
    placeholders = ", ".join(["%s"] * len(columns))
    updates = ", ".join(
        [f"`{c}` = `{c}` + values(`{c}`)" for c in ("records", *own)] + ["`modified` = values(`modified`)"]
    )
    for row in rows:
        frappe.db.sql(
            f"insert into `tab{FIGURE_SUM}` ({', '.join(f'`{c}`' for c in columns)}) "
            f"values ({placeholders}) on duplicate key update {updates}",
            row,
        )
    frappe.db.sql(
        f"delete from `tab{FIGURE_SUM}` where name in %(names)s and records = 0",
        {"names": [row[0] for row in rows]},
    )


def period_sums(company_gstin: str, period: str) -> list[dict]:
    """The period's groups: ``KEYS``, ``records`` and the sums (``igst``, ``doc_igst``, ...). Rebuilt
    from the records first if their count differs."""
    rows = _read(company_gstin, period)
    counted = frappe.db.sql(
        f"select count(*) from `tab{INWARD_SUPPLY}` force index (gstin_fig_action) "
        "where company_gstin = %s and fig_period = %s",
        (company_gstin, period),
    )[0][0]
    if sum(int(row.records) for row in rows) != counted:
        rebuild(company_gstin, period)
        rows = _read(company_gstin, period)
    return rows


def _read(company_gstin: str, period: str) -> list[dict]:
    sums = ", ".join(f"`{own}`" for _record, own in SUMS)
    return frappe.db.sql(
        f"select {', '.join(KEYS)}, records, {sums} from `tab{FIGURE_SUM}` "
        "where company_gstin = %s and fig_period = %s",
        (company_gstin, period),
        as_dict=True,
    )


def rebuild(company_gstin: str, period: str | None = None) -> int:
    """The sums of a GSTIN's period (or of all its periods) from its records' parts. The records are
    read with a shared lock over their index range, so no refresh moves a part in or out of the
    range until this commits. Returns the groups written."""
    where = "company_gstin = %(gstin)s and fig_period " + ("= %(period)s" if period else "!= ''")
    values = {"gstin": company_gstin, "period": period}
    sums = ", ".join(f"sum(`{record}`) as `{record}`" for record, _own in SUMS)
    groups = frappe.db.sql(
        f"select {', '.join(KEYS)}, count(*) as records, {sums} "
        f"from `tab{INWARD_SUPPLY}` force index (gstin_fig_summary) where {where} "
        f"group by {', '.join(KEYS)} lock in share mode",
        values,
        as_dict=True,
    )
    frappe.db.sql(f"delete from `tab{FIGURE_SUM}` where {where}", values)
    moved: dict[Key, list[int]] = {}
    for group in groups:
        key = key_of(company_gstin, group)
        moved[key] = [int(group.records), *(to_paise(group[record] or 0) for record, _own in SUMS)]
    apply(moved)
    frappe.local.flags.commit = True  # a GET view keeps what it rebuilt
    return len(moved)


def stored(company_gstin: str) -> dict[Key, list[int]]:
    """Every stored group of a GSTIN, in paise: what a test compares with ``rebuilt``."""
    sums = ", ".join(f"`{own}`" for _record, own in SUMS)
    rows = frappe.db.sql(
        f"select {', '.join(KEYS)}, records, {sums} from `tab{FIGURE_SUM}` where company_gstin = %s",
        company_gstin,
        as_dict=True,
    )
    return {
        key_of(company_gstin, row): [int(row.records), *(to_paise(row[own] or 0) for _r, own in SUMS)]
        for row in rows
        if int(row.records) or any(row[own] for _r, own in SUMS)
    }


def rebuilt(company_gstin: str) -> dict[Key, list[int]]:
    """What a full rebuild from the records would store, in paise (nothing written)."""
    sums = ", ".join(f"sum(`{record}`) as `{record}`" for record, _own in SUMS)
    groups = frappe.db.sql(
        f"select {', '.join(KEYS)}, count(*) as records, {sums} from `tab{INWARD_SUPPLY}` "
        f"where company_gstin = %s and fig_period != '' group by {', '.join(KEYS)}",
        company_gstin,
        as_dict=True,
    )
    return {
        key_of(company_gstin, g): [int(g.records), *(to_paise(g[record] or 0) for record, _own in SUMS)]
        for g in groups
    }
