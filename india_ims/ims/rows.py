"""IMS Inward Supply rows <-> the core's ``ImsRecord`` (no frappe import: tested in CI).

A row is a plain dict keyed by DocType fieldnames. Amounts are stored as
rupees in Currency columns and travel as integer paise inside the core.
The row name is a digest of the record's identity, so a re-download of the
same record lands on the same row and bulk inserts are idempotent.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from hashlib import sha1

from india_ims.gst_india.documents import (
    FULL_REDUCTION,
    Action,
    Amounts,
    ImsRecord,
    ItcReduction,
    MatchStatus,
    Section,
)
from india_ims.gst_india.money import to_paise, to_rupees
from india_ims.gst_india.periods import financial_year_of

ACTION_BY_LABEL = {action.label: action for action in Action}
MATCH_BY_LABEL = {status.value: status for status in MatchStatus}

# Columns the download owns: every one of them comes from GSTN.
GSTN_COLUMNS = (
    "company",
    "company_gstin",
    "section",
    "document_type",
    "invoice_type",
    "supplier_gstin",
    "document_number",
    "document_date",
    "financial_year",
    "original_document_number",
    "original_document_date",
    "place_of_supply",
    "is_reverse_charge",
    "document_value",
    "taxable_value",
    "igst",
    "cgst",
    "sgst",
    "cess",
    "supplier_return_period",
    "source_form",
    "supplier_filing_status",
    "gstn_checksum",
    "gstn_action",
    "pending_action_blocked",
    "remarks",
    "remarks_blocked",
    "itc_reduction_required",
    "itc_reduction_blocked",
    "itc_reduction_igst",
    "itc_reduction_cgst",
    "itc_reduction_sgst",
    "itc_reduction_cess",
)

# What a reconciliation writes.
MATCH_COLUMNS = ("match_status", "purchase_invoice", "match_reason", "match_differences", "match_score")


# The user's own declared ITC reduction, waiting to travel with an Accept (spec 1.8). Local
# intent, like ``action``: never part of GSTN_COLUMNS or the digest; GSTN's copy of what it
# holds comes back with the next download in the ``itc_reduction_*`` columns.
DECLARATION_COLUMNS = (
    "upload_itc_reduction",
    "upload_declared_igst",
    "upload_declared_cgst",
    "upload_declared_sgst",
    "upload_declared_cess",
)
_HEADS = ("igst", "cgst", "sgst", "cess")


def identity(company_gstin: str, record: ImsRecord) -> tuple[str, str, str, str, str]:
    """The unique key of a row: company GSTIN, section, supplier, number, financial year."""
    return (
        company_gstin.strip().upper(),
        record.section.value,
        record.supplier_gstin.strip().upper(),
        record.document_number.strip().upper(),
        financial_year_of(record.document_date),
    )


def row_name(key: tuple[str, ...]) -> str:
    """Deterministic row name: the same document always gets the same name."""
    return "IMS-" + hashlib.sha1("|".join(key).encode()).hexdigest()[:16]


# ``itc_reduction_required`` holds GSTN's itcRedReq: "Yes" with the amounts in ``itc_reduction_*``,
# "No", or "Full": Y without declared amounts (``FULL_REDUCTION``), whose amount columns stay 0 and are
# not read, since on an amendment the full reduction is the difference from the earlier version.
HELD_FULL = "Full"


def _held_text(reduction: ItcReduction | None) -> str:
    if reduction is None:
        return ""
    if reduction.full_undeclared:
        return HELD_FULL
    return "Yes" if reduction.required else "No"


def _held_paise(reduction: ItcReduction | None, head: str) -> int:
    return 0 if reduction is None or reduction.full_undeclared else getattr(reduction, head)


def _yes_no(flag: bool | None) -> str:
    return "" if flag is None else ("Yes" if flag else "No")


def _flag(text: object) -> bool | None:
    return None if not text else str(text) == "Yes"


# Per-value lookups a download makes once per record (100,000 of them): a dict read is cheaper than
# an Enum property or the financial-year arithmetic, and the written values are the same objects.
_SECTION_TEXT = {section: (section.value, section.document_type.value) for section in Section}
_ACTION_LABEL = {action: action.label for action in Action}
_ZERO_RUPEES = to_rupees(0)


@lru_cache(maxsize=8192)
def _financial_year(day: date) -> str:
    return financial_year_of(day)


def _rupees(paise: int) -> Decimal:
    """``to_rupees(paise)`` for whole paise: the same Decimal (two places), without a division."""
    return Decimal(paise).scaleb(-2) if paise else _ZERO_RUPEES


def record_to_row(record: ImsRecord, *, company: str, company_gstin: str) -> dict:
    """The GSTN-owned columns of a row for ``record`` (rupees as Decimal)."""
    reduction = record.itc_reduction
    amounts = record.amounts
    section, document_type = _SECTION_TEXT[record.section]
    if reduction is None or reduction.full_undeclared:
        required, r_igst, r_cgst, r_sgst, r_cess = (
            _held_text(reduction), _ZERO_RUPEES, _ZERO_RUPEES, _ZERO_RUPEES, _ZERO_RUPEES
        )
    else:
        required = "Yes" if reduction.required else "No"
        r_igst, r_cgst = _rupees(reduction.igst), _rupees(reduction.cgst)
        r_sgst, r_cess = _rupees(reduction.sgst), _rupees(reduction.cess)
    blocked = record.pending_blocked
    return {
        "company": company,
        "company_gstin": company_gstin.strip().upper(),
        "section": section,
        "document_type": document_type,
        "invoice_type": record.invoice_type or "",
        "supplier_gstin": record.supplier_gstin,
        "document_number": record.document_number,
        "document_date": record.document_date,
        "financial_year": _financial_year(record.document_date),
        "original_document_number": record.original_number or "",
        "original_document_date": record.original_date,
        "place_of_supply": record.place_of_supply,
        "is_reverse_charge": int(record.reverse_charge),
        "document_value": _rupees(record.document_value),
        "taxable_value": _rupees(amounts.taxable_value),
        "igst": _rupees(amounts.igst),
        "cgst": _rupees(amounts.cgst),
        "sgst": _rupees(amounts.sgst),
        "cess": _rupees(amounts.cess),
        "supplier_return_period": record.supplier_return_period,
        "source_form": record.source_form,
        "supplier_filing_status": "Filed" if record.supplier_filed else "Not Filed",
        "gstn_checksum": record.checksum or "",
        "gstn_action": _ACTION_LABEL[record.action],
        "pending_action_blocked": "" if blocked is None else ("Yes" if blocked else "No"),
        "remarks": record.remarks or "",
        "remarks_blocked": int(bool(record.remarks_blocked)),
        "itc_reduction_required": required,
        "itc_reduction_blocked": int(bool(record.itc_reduction_blocked)),
        "itc_reduction_igst": r_igst,
        "itc_reduction_cgst": r_cgst,
        "itc_reduction_sgst": r_sgst,
        "itc_reduction_cess": r_cess,
    }


def _canonical(value: object) -> str:
    """One spelling per value, whether it came from Python or back from the database."""
    kind = type(value)
    if kind is str:
        return value
    if value is None:
        return ""
    if kind is Decimal:
        # 100.5, 100.50 and 100.500000000 (a decimal(21,9) column) all normalise to 100.5.
        return str(value.normalize())
    if kind is int:
        return str(value)
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(Decimal(repr(value)).normalize())
    return str(value)


def content_digest(row: Mapping) -> str:
    """Digest of the GSTN-owned values: equal digests mean a download has nothing to write."""
    text = "\x1f".join(_canonical(row.get(column)) for column in GSTN_COLUMNS)
    return hashlib.sha1(text.encode()).hexdigest()


def _rupee_text(paise: int) -> str:
    """``_canonical(to_rupees(paise))`` from the integer: ``Decimal.normalize`` drops trailing zeros
    (118000.50 -> 118000.5); whole rupees ending in 0 print with an exponent (1E+3): Decimal does those."""
    if not paise:
        return "0"
    rupees, cents = divmod(-paise if paise < 0 else paise, 100)
    sign = "-" if paise < 0 else ""
    if cents:
        return f"{sign}{rupees}.{cents:02d}" if cents % 10 else f"{sign}{rupees}.{cents // 10}"
    if rupees % 10:
        return f"{sign}{rupees}"
    return str(to_rupees(paise).normalize())


def name_and_digest(record: ImsRecord, *, company: str, company_gstin: str) -> tuple[str, str]:
    """``row_name(identity(...))`` and ``content_digest(record_to_row(...))``, without building the row.

    A repeated download compares every record with its stored digest; building the whole row
    first was most of that. Tests hold the two paths equal for every kind of record.
    """
    gstin = company_gstin.strip().upper()
    return record_name(record, gstin), record_digest(record, company=company, company_gstin=gstin)


def record_name(record: ImsRecord, company_gstin: str) -> str:
    """``row_name(identity(company_gstin, record))`` (``company_gstin`` stripped and upper-cased)."""
    return row_name(
        (
            company_gstin,
            _SECTION_TEXT[record.section][0],
            record.supplier_gstin.strip().upper(),
            record.document_number.strip().upper(),
            _financial_year(record.document_date),
        )
    )


def record_digest(record: ImsRecord, *, company: str, company_gstin: str) -> str:
    """``content_digest(record_to_row(...))`` in one pass (``company_gstin`` stripped and upper-cased).
    A download that inserts a record computes it while the rows before it are written."""
    section, document_type = _SECTION_TEXT[record.section]
    amounts = record.amounts
    reduction = record.itc_reduction
    blocked = record.pending_blocked
    text = "\x1f".join(
        (
            company,
            company_gstin,
            section,
            document_type,
            record.invoice_type or "",
            _canonical(record.supplier_gstin),
            _canonical(record.document_number),
            _canonical(record.document_date),
            _financial_year(record.document_date),
            record.original_number or "",
            _canonical(record.original_date),
            _canonical(record.place_of_supply),
            "1" if record.reverse_charge else "0",
            _rupee_text(record.document_value),
            _rupee_text(amounts.taxable_value),
            _rupee_text(amounts.igst),
            _rupee_text(amounts.cgst),
            _rupee_text(amounts.sgst),
            _rupee_text(amounts.cess),
            _canonical(record.supplier_return_period),
            _canonical(record.source_form),
            "Filed" if record.supplier_filed else "Not Filed",
            record.checksum or "",
            _ACTION_LABEL[record.action],
            "" if blocked is None else ("Yes" if blocked else "No"),
            record.remarks or "",
            "1" if record.remarks_blocked else "0",
            _held_text(reduction),
            "1" if record.itc_reduction_blocked else "0",
            _rupee_text(_held_paise(reduction, "igst")),
            _rupee_text(_held_paise(reduction, "cgst")),
            _rupee_text(_held_paise(reduction, "sgst")),
            _rupee_text(_held_paise(reduction, "cess")),
        )
    )
    return sha1(text.encode()).hexdigest()


def same_stored(old, new) -> bool:
    """A stored value and the one a reconciliation would write are the same: blank and None alike, and
    a number read back as text equal to its text."""
    return (old or None) == (new or None) or str(old or "") == str(new or "")


def stored_as(row: Mapping, new: Mapping) -> bool:
    """Every column of ``new`` is ``same_stored`` as the row's. Values equal as they stand are the
    same, so one tuple comparison settles a record whose result is as stored (nearly all, when a
    period is reconciled again) without judging its 14 columns one by one: a lakh's comparison went
    from 1.34-1.50 s to 1.12-1.25 s (back to back, in one process)."""
    if tuple(map(row.get, new)) == tuple(new.values()):
        return True
    return all(same_stored(row.get(k), v) for k, v in new.items())


def _day(value: object) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return _iso_day(str(value)[:10])


@lru_cache(maxsize=8192)
def _iso_day(text: str) -> date:
    # a month's lakh of records fall on a few hundred dates
    return date.fromisoformat(text)


_SECTIONS = {section.value: section for section in Section}


def row_to_record(row: Mapping) -> ImsRecord:
    """Rebuild the record GSTN sent from a stored row (for the engines)."""
    reduction = held_reduction(row)
    section = _SECTIONS.get(row["section"]) or Section(row["section"])
    return ImsRecord(
        section=section,
        supplier_gstin=row["supplier_gstin"],
        document_number=row["document_number"],
        document_date=_day(row["document_date"]),
        supplier_return_period=row["supplier_return_period"],
        document_value=to_paise(row.get("document_value")),
        amounts=Amounts(
            taxable_value=to_paise(row.get("taxable_value")), igst=to_paise(row.get("igst")),
            cgst=to_paise(row.get("cgst")), sgst=to_paise(row.get("sgst")), cess=to_paise(row.get("cess")),
        ),
        place_of_supply=row.get("place_of_supply") or "",
        action=ACTION_BY_LABEL[row.get("gstn_action") or "No Action"],
        invoice_type=row.get("invoice_type") or None,
        source_form=row.get("source_form") or "R1",
        supplier_filed=(row.get("supplier_filing_status") or "Filed") == "Filed",
        pending_blocked=_flag(row.get("pending_action_blocked")),
        original_number=row.get("original_document_number") or None,
        original_date=_day(row.get("original_document_date")),
        checksum=row.get("gstn_checksum") or None,
        remarks=row.get("remarks") or None,
        remarks_blocked=bool(row.get("remarks_blocked")),
        itc_reduction_blocked=bool(row.get("itc_reduction_blocked")),
        itc_reduction=reduction,
        reverse_charge=bool(row.get("is_reverse_charge")),
    )


def held_reduction(row: Mapping) -> ItcReduction | None:
    """The ITC reduction GSTN holds on a stored row (``itc_reduction_*``), or None."""
    text = row.get("itc_reduction_required")
    if text == HELD_FULL:
        return FULL_REDUCTION
    required = _flag(text)
    if required is None:
        return None
    return ItcReduction(required, **{h: to_paise(row.get(f"itc_reduction_{h}")) for h in _HEADS})


def declaration_columns(reduction: ItcReduction | None) -> dict:
    """The declaration columns for ``reduction`` (None clears them).

    They hold what our upload sends, and it always sends amounts: Y without amounts (GSTN's
    ``FULL_REDUCTION``) is never a declaration to upload (``ITC_REDUCTION_AMOUNTS_UNDECLARED``), so
    storing it as one is refused rather than written as amounts of 0."""
    if reduction is not None and reduction.full_undeclared:
        raise ValueError("Y without declared amounts is not a declaration to upload: declare the amounts")
    if reduction is None:
        return {"upload_itc_reduction": "", **{f"upload_declared_{h}": to_rupees(0) for h in _HEADS}}
    return {
        "upload_itc_reduction": "Y" if reduction.required else "N",
        **{f"upload_declared_{h}": to_rupees(getattr(reduction, h)) for h in _HEADS},
    }


def declaration_of(row: Mapping) -> ItcReduction | None:
    """The declared ITC reduction a row holds for upload, or None."""
    flag = row.get("upload_itc_reduction") or ""
    if flag not in ("Y", "N"):
        return None
    if flag == "N":
        return ItcReduction(required=False)
    return ItcReduction(True, **{h: to_paise(row.get(f"upload_declared_{h}")) for h in _HEADS})


def gstn_holds_declaration(row: Mapping) -> bool:
    """GSTN's downloaded reduction equals the row's declaration (nothing left to upload for it)."""
    declared, held = declaration_of(row), held_reduction(row)
    if declared is None or held is None or held.required != declared.required:
        return False
    return not held.required or held == declared  # GSTN's "Y without amounts" never equals a declaration


def upload_pending(row: Mapping) -> int:
    """Something to send: an action GSTN does not hold yet, or a declaration to send with Accept."""
    action, held = row.get("action") or "No Action", row.get("gstn_action") or "No Action"
    return int(action != held or (action == "Accepted" and (row.get("upload_itc_reduction") or "") != ""))
