"""Wire keys of the supplier view: our sales with recipients' IMS actions, and added-back liabilities.

Shapes from Sandbox's published schemas (providers.md 1.5, SB-sales, SB-abl): sales are GSTR-1-shaped
(``ctin`` with ``inv`` or ``nt`` lists, items under ``itms[].itm_det``) plus ``imsactn``, under
``gstr1`` or ``gstr1a``; added-back liabilities are flat rows under ``rejInvAddBackLiab``. GSTN's own
supplier view is not published (providers.md 3); Sandbox wraps GSTN, so the same shape is read for the
pass-through adapter. Every build has its parse, so the local sandbox and the adapters agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from ...gst_india.documents import Action, Amounts, Section
from ...gst_india.errors import GstError, PayloadError
from ...gst_india.money import to_json_number, to_paise
from ...gst_india.payload import codes
from ...gst_india.payload.ims import format_date, parse_date
from ..adapter import AddedBackLiability, SupplierSale

# GSTR-1 section -> IMS sections it feeds (notes split by ntty C/D).
SECTION_PARAMS = ("B2B", "B2BA", "CDNR", "CDNRA", "ECOM", "ECOMA")
_INVOICE_SECTIONS = {"b2b": Section.B2B, "b2ba": Section.B2BA, "ecom": Section.ECOM, "ecoma": Section.ECOMA}
_NOTE_SECTIONS = {"cdnr": (Section.B2BCN, Section.B2BDN), "cdnra": (Section.B2BCNA, Section.B2BDNA)}
_GSTR1_KEY = {section: key for key, section in _INVOICE_SECTIONS.items()} | {
    Section.B2BCN: "cdnr",
    Section.B2BDN: "cdnr",
    Section.B2BCNA: "cdnra",
    Section.B2BDNA: "cdnra",
}
RETURN_KEYS = {"GSTR1": "gstr1", "GSTR1A": "gstr1a"}
_ACTIONS = {"A": Action.ACCEPT, "R": Action.REJECT, "P": Action.PENDING, "N": Action.NO_ACTION}
ADDED_BACK_KEY = "rejInvAddBackLiab"


def _is_note(section: Section) -> bool:
    return section.document_type.value.endswith("Note")


def _numbers(section: Section) -> tuple[str, str]:
    return ("nt_num", "nt_dt") if _is_note(section) else ("inum", "idt")


def _original_keys(section: Section) -> tuple[str, str]:
    """GSTR-1's keys for the document an amendment amends (b2ba/ecoma: oinum/oidt; cdnra: ont_num/ont_dt)."""
    return ("ont_num", "ont_dt") if _is_note(section) else ("oinum", "oidt")


def section_param(section: Section) -> str:
    return _GSTR1_KEY[section].upper()


def sections_of_param(param: str | None) -> set[Section]:
    """The IMS sections one GSTR-1 section parameter covers (all for none)."""
    if not param:
        return set(Section)
    key = str(param).lower()
    if key in _INVOICE_SECTIONS:
        return {_INVOICE_SECTIONS[key]}
    if key in _NOTE_SECTIONS:
        return set(_NOTE_SECTIONS[key])
    raise PayloadError(f"{param!r} is not a GSTR-1 section of the supplier view", field="section")


# ---------------------------------------------------------------- sales


def _item(amounts: Amounts) -> dict:
    return {
        "num": 1,
        "itm_det": {
            "txval": to_json_number(amounts.taxable_value),
            "iamt": to_json_number(amounts.igst),
            "camt": to_json_number(amounts.cgst),
            "samt": to_json_number(amounts.sgst),
            "csamt": to_json_number(amounts.cess),
        },
    }


def build_sales(gstin: str, period: str, return_type: str, sales: Iterable[SupplierSale]) -> dict:
    sections: dict[str, dict[str, list]] = {}
    for sale in sales:
        number_key, date_key = _numbers(sale.section)
        row = {
            number_key: sale.document_number,
            date_key: format_date(sale.document_date),
            "val": to_json_number(sale.document_value),
            "inv_typ": "R",
            "itms": [_item(sale.amounts)],
            "imsactn": sale.recipient_action.value,
        }
        if sale.section.is_amendment and sale.original_number:
            original_number_key, original_date_key = _original_keys(sale.section)
            row[original_number_key] = sale.original_number
            if sale.original_date:
                row[original_date_key] = format_date(sale.original_date)
        if _is_note(sale.section):
            row["ntty"] = "C" if sale.section.document_type.value == "Credit Note" else "D"
        by_recipient = sections.setdefault(_GSTR1_KEY[sale.section], {})
        by_recipient.setdefault(sale.recipient_gstin, []).append(row)
    body = {
        key: [
            {"ctin": ctin, ("nt" if key.startswith("cdn") else "inv"): rows}
            for ctin, rows in recipients.items()
        ]
        for key, recipients in sections.items()
    }
    return {"gstin": gstin, "rtnprd": period, RETURN_KEYS[return_type]: body}


def _money(row: Mapping, key: str, where: dict) -> int:
    """An amount in paise; a bad one is refused naming section, record, document and field."""
    try:
        return to_paise(row.get(key), field=key, strict=True)
    except GstError as error:
        raise PayloadError(str(error).split(": ", 1)[-1], field=key, **where) from None


def _gstin(value: object) -> str:
    # Providers' converters lower-case and pad GSTINs; the customer master keys them upper-cased.
    return str(value or "").strip().upper()


def _amounts(row: Mapping, where: dict) -> Amounts:
    items = row.get("itms")
    if not isinstance(items, list) or not items:
        raise PayloadError("has no items (itms)", field="itms", **where)
    totals = Amounts()
    for item in items:
        detail = item.get("itm_det") if isinstance(item, Mapping) else None
        if not isinstance(detail, Mapping):
            raise PayloadError("an item has no itm_det object", field="itms", **where)
        totals = totals + Amounts(
            *(_money(detail, key, where) for key in ("txval", "iamt", "camt", "samt", "csamt"))
        )
    return totals


def parse_sales(data: object, *, period: str) -> list[SupplierSale]:
    """Every sale in a supplier-view answer; an unknown ``imsactn`` or section is an error naming it."""
    if not isinstance(data, Mapping):
        raise PayloadError("supplier view is not a JSON object")
    sales: list[SupplierSale] = []
    for return_type, key in RETURN_KEYS.items():
        body = data.get(key)
        if body is None:
            continue
        if not isinstance(body, Mapping):
            raise PayloadError(f"{key} is not an object", field=key)
        answer_period = _period(data.get("rtnprd"), period)
        for section_key, groups in body.items():
            sales.extend(_parse_section(section_key, groups, return_type, answer_period))
    return sales


def _period(value: object, default: str) -> str:
    """The answer's MMYYYY; sent as a number it lost its leading zero (92025 is 092025)."""
    if value is None or value == "":
        return default
    text = str(value).strip()
    return text.zfill(6) if type(value) is int and len(text) == 5 else text


def _parse_section(section_key: str, groups: object, return_type: str, period: str) -> list[SupplierSale]:
    key = str(section_key).lower()
    if key not in _INVOICE_SECTIONS and key not in _NOTE_SECTIONS:
        raise PayloadError(f"unknown supplier-view section {section_key!r}", section=section_key)
    if not isinstance(groups, list):
        raise PayloadError("is not a list", section=key)
    out = []
    for group in groups:
        if not isinstance(group, Mapping) or not _gstin(group.get("ctin")):
            raise PayloadError("an entry has no recipient GSTIN (ctin)", section=key, field="ctin")
        rows = group.get("nt" if key in _NOTE_SECTIONS else "inv") or []
        for position, row in enumerate(rows, start=1):
            out.append(_parse_sale(key, _gstin(group["ctin"]), row, position, return_type, period))
    return out


def _parse_sale(
    key: str, ctin: str, row: object, position: int, return_type: str, period: str
) -> SupplierSale:
    where = {"section": key, "position": position}
    if not isinstance(row, Mapping):
        raise PayloadError("is not an object", **where)
    if key in _NOTE_SECTIONS:
        credit, debit = _NOTE_SECTIONS[key]
        kind = str(row.get("ntty") or "").upper()
        if kind not in ("C", "D"):
            raise PayloadError(f"note type {row.get('ntty')!r} is not C or D", field="ntty", **where)
        section = credit if kind == "C" else debit
    else:
        section = _INVOICE_SECTIONS[key]
    number_key, date_key = _numbers(section)
    number = str(row.get(number_key) or "").strip()
    if not number:
        raise PayloadError("is missing", field=number_key, **where)
    where["document_number"] = number
    action_code = str(row.get("imsactn") or "N").strip().upper()
    action_code = codes.action_code(action_code)
    if action_code not in _ACTIONS:
        raise PayloadError(
            f"recipient action {row.get('imsactn')!r} is not A, R, P or N", field="imsactn", **where
        )
    try:
        day = parse_date(row.get(date_key))
    except GstError as error:
        raise PayloadError(str(error), field=date_key, **where) from None
    original_number, original_date = _original(section, row, where)
    return SupplierSale(
        section,
        ctin,
        number,
        day,
        _money(row, "val", where),
        _amounts(row, where),
        _ACTIONS[action_code],
        return_type,
        period,
        original_number,
        original_date,
    )


def _original(section: Section, row: Mapping, where: dict) -> tuple[str | None, date | None]:
    """The amended document's number and date, where the provider sends them (absent: None)."""
    if not section.is_amendment:
        return None, None
    number_key, date_key = _original_keys(section)
    number = str(row.get(number_key) or "").strip() or None
    if not row.get(date_key):
        return number, None
    try:
        return number, parse_date(row.get(date_key))
    except GstError as error:
        raise PayloadError(str(error), field=date_key, **where) from None


# ---------------------------------------------------------------- added-back liabilities


def build_added_back(gstin: str, period: str, rows: Iterable[AddedBackLiability]) -> dict:
    sections: dict[str, list] = {}
    for item in rows:
        number_key, date_key = _numbers(item.section)
        row = {
            "ctin": item.recipient_gstin,
            number_key: item.document_number,
            date_key: format_date(item.document_date),
            "inv_typ": "R",
            "val": to_json_number(item.document_value),
            "txval": to_json_number(item.amounts.taxable_value),
            "iamt": to_json_number(item.amounts.igst),
            "camt": to_json_number(item.amounts.cgst),
            "samt": to_json_number(item.amounts.sgst),
            "csamt": to_json_number(item.amounts.cess),
            "supPrd": item.supplier_period,
            "form": item.form,
        }
        if _is_note(item.section):
            row["ntty"] = "C" if item.section.document_type.value == "Credit Note" else "D"
        if item.remarks:
            row["remarks"] = item.remarks
        sections.setdefault(_GSTR1_KEY[item.section], []).append(row)
    return {"gstin": gstin, "rtnprd": period, ADDED_BACK_KEY: sections}


def parse_added_back(data: object, *, period: str) -> list[AddedBackLiability]:
    if not isinstance(data, Mapping):
        raise PayloadError("added-back liabilities reply is not a JSON object")
    body = data.get(ADDED_BACK_KEY)
    if body is None:
        raise PayloadError(
            f"no {ADDED_BACK_KEY} found; top-level keys: {', '.join(sorted(map(str, data))) or 'none'}"
        )
    if not isinstance(body, Mapping):
        raise PayloadError("is not an object", field=ADDED_BACK_KEY)
    out = []
    for section_key, rows in body.items():
        key = str(section_key).lower()
        if key not in _INVOICE_SECTIONS and key not in _NOTE_SECTIONS:
            raise PayloadError(f"unknown added-back section {section_key!r}", section=section_key)
        if not isinstance(rows, list):
            raise PayloadError("is not a list", section=key)
        for position, row in enumerate(rows, start=1):
            out.append(_parse_added(key, row, position))
    return out


def _parse_added(key: str, row: object, position: int) -> AddedBackLiability:
    where = {"section": key, "position": position}
    if not isinstance(row, Mapping):
        raise PayloadError("is not an object", **where)
    if key in _NOTE_SECTIONS:
        # A debit note read as a credit note would move the liability the wrong way: only C or D.
        credit, debit = _NOTE_SECTIONS[key]
        kind = str(row.get("ntty") or "").strip().upper()
        if kind not in ("C", "D"):
            raise PayloadError(f"note type {row.get('ntty')!r} is not C or D", field="ntty", **where)
        section = credit if kind == "C" else debit
    else:
        section = _INVOICE_SECTIONS[key]
    number_key, date_key = _numbers(section)
    number = str(row.get(number_key) or "").strip()
    if not number:
        raise PayloadError("is missing", field=number_key, **where)
    where["document_number"] = number
    form = row.get("form")
    if form not in (None, "") and str(form).strip().upper() not in ("R1", "R1A"):
        raise PayloadError(f"form {form!r} is not R1 or R1A", field="form", **where)
    # ECO rows name the recipient rtin (and the supplier stin) instead of ctin (SB-abl).
    recipient = _gstin(row.get("ctin") or row.get("rtin"))
    if not recipient:
        raise PayloadError("has no recipient GSTIN (ctin or rtin)", field="ctin", **where)
    try:
        day = parse_date(row.get(date_key))
    except GstError as error:
        raise PayloadError(str(error), field=date_key, **where) from None
    amounts = Amounts(*(_money(row, k, where) for k in ("txval", "iamt", "camt", "samt", "csamt")))
    return AddedBackLiability(
        section,
        recipient,
        number,
        day,
        _money(row, "val", where),
        amounts,
        _period(row.get("supPrd"), ""),
        str(form or "R1").strip().upper(),
        row.get("remarks") or None,
    )
