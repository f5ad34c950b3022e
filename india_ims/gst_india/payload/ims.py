"""IMS payloads <-> core dataclasses (spec section 1): GETINV (read in ``getinv``), SAVE, RESET."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..documents import ITC_REDUCTION_SECTIONS, Action, Amounts, ImsRecord, ItcReduction, Section
from ..errors import GstError, PayloadError
from ..money import to_json_number, to_paise
from . import codes
from .dates import format_date, parse_date  # noqa: F401  (re-exported: callers import them from here)
from .getinv import (  # noqa: F401  (re-exported)
    AMOUNT_KEYS,
    GetinvRead,
    gstin_warnings,
    number_keys,
    original_keys,
    parse_getinv,
    parse_record,
    read_getinv,
    read_itc_reduction,
)

# GETINV takes its own spelling of the section.
SECTION_PARAM = {
    Section.B2B: "B2B",
    Section.B2BA: "B2BA",
    Section.B2BDN: "DN",
    Section.B2BDNA: "DNA",
    Section.B2BCN: "CN",
    Section.B2BCNA: "CNA",
    Section.ECOM: "ECOM",
    Section.ECOMA: "ECOMA",
}
SECTION_BY_PARAM = {param: section for section, param in SECTION_PARAM.items()}

def _yn(value: bool) -> str:
    return "Y" if value else "N"


def record_to_getinv(record: ImsRecord) -> dict:
    """The GETINV form of a record (the sandbox serves this)."""
    row = _identity_and_values(record)
    row["action"] = record.action.value
    if record.pending_blocked is not None:
        row["ispendactblocked"] = _yn(record.pending_blocked)
    row["srcfilstatus"] = "Filed" if record.supplier_filed else "Not Filed"
    if record.checksum:
        row["hash"] = record.checksum
    if record.remarks:
        row["remarks"] = record.remarks
    if record.remarks_blocked is not None:
        row["isRemarksBlocked"] = _yn(record.remarks_blocked)
    if record.itc_reduction_blocked is not None:
        row["isItcRedReqBlocked"] = _yn(record.itc_reduction_blocked)
    if record.itc_reduction is not None:
        row.update(_itc_reduction_block(record.itc_reduction))
    return row


def build_getinv(records: Iterable[ImsRecord]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = {}
    for record in records:
        out.setdefault(record.section.value, []).append(record_to_getinv(record))
    return out


def _identity_and_values(record: ImsRecord) -> dict:
    num_key, date_key = number_keys(record.section)
    row: dict = {
        "stin": record.supplier_gstin,
        num_key: record.document_number,
        date_key: format_date(record.document_date),
    }
    if record.section.is_amendment:
        o_num, o_date = original_keys(record.section)
        row[o_num] = record.original_number
        row[o_date] = format_date(record.original_date) if record.original_date else None
    if record.invoice_type and not record.section.is_ecommerce:
        row["inv_typ"] = record.invoice_type
    row["srcform"] = record.source_form
    row["rtnprd"] = record.supplier_return_period
    row["val"] = to_json_number(record.document_value)
    row["pos"] = record.place_of_supply
    for key, name in AMOUNT_KEYS:
        row[key] = to_json_number(getattr(record.amounts, name))
    return row


def _itc_reduction_block(reduction: ItcReduction) -> dict:
    # Full values are always sent with itcRedReq: "absence means full" is one
    # client's reading, explicit values are safe with every GSP (spec 1.8).
    if reduction.full_undeclared:
        # Only GETINV (the sandbox) shows it so: the shape GSTN sent. SAVE refuses it (build_save).
        return {"itcRedReq": "Y"}
    return {
        "itcRedReq": _yn(reduction.required),
        "declIgst": to_json_number(reduction.igst if reduction.required else 0),
        "declCgst": to_json_number(reduction.cgst if reduction.required else 0),
        "declSgst": to_json_number(reduction.sgst if reduction.required else 0),
        "declCess": to_json_number(reduction.cess if reduction.required else 0),
    }


# ---------------------------------------------------------------- SAVE / RESET


@dataclass(frozen=True, slots=True)
class Upload:
    """One record to send: its new action (N means RESET) and GSTN's current one."""

    record: ImsRecord
    action: Action
    previous_action: Action
    remarks: str | None = None
    itc_reduction: ItcReduction | None = None


def build_save(recipient_gstin: str, uploads: Iterable[Upload]) -> dict:
    """SAVE body: records whose new action is A, R or P, grouped by section."""
    invdata: dict[str, list[dict]] = {}
    for upload in uploads:
        if upload.action is Action.NO_ACTION:
            raise PayloadError(
                "No Action is sent through RESET, not SAVE",
                section=upload.record.section.value,
                document_number=upload.record.document_number,
                field="action",
            )
        row = _identity_and_values(upload.record)
        row["prev_status"] = upload.previous_action.value
        row["action"] = upload.action.value
        if upload.remarks and not upload.record.remarks_blocked:
            row["remarks"] = upload.remarks
        if (
            upload.itc_reduction is not None
            and upload.action is Action.ACCEPT
            and upload.record.section in ITC_REDUCTION_SECTIONS
            and not upload.record.itc_reduction_blocked
        ):
            if upload.itc_reduction.full_undeclared:
                # Our uploads carry the amounts (above); "full" on an amendment is a difference this
                # body does not know, so it is refused rather than sent as 0 or guessed.
                raise PayloadError(
                    "Y without declared amounts cannot be uploaded: declare the amounts to reduce",
                    section=upload.record.section.value,
                    document_number=upload.record.document_number,
                    field="itcRedReq",
                )
            row.update(_itc_reduction_block(upload.itc_reduction))
        invdata.setdefault(upload.record.section.value, []).append(row)
    return {"rtin": recipient_gstin, "reqtyp": "SAVE", "invdata": invdata}


def build_reset(recipient_gstin: str, uploads: Iterable[Upload]) -> dict:
    """RESET body: records going back to No Action, without an action key."""
    invdata: dict[str, list[dict]] = {}
    for upload in uploads:
        row = _identity_and_values(upload.record)
        row["prev_status"] = upload.previous_action.value
        invdata.setdefault(upload.record.section.value, []).append(row)
    return {"rtin": recipient_gstin, "reqtyp": "RESET", "invdata": invdata}


@dataclass(frozen=True, slots=True)
class SaveRequestRow:
    """A SAVE/RESET row as the server side (the sandbox) reads it."""

    section: Section
    key: tuple[str, str, str, str]
    supplier_gstin: str
    document_number: str
    supplier_return_period: str
    action: Action  # NO_ACTION for RESET rows
    previous_action: Action | None
    remarks: str | None
    itc_reduction: ItcReduction | None


def parse_save_request(body: object) -> tuple[str, str, list[SaveRequestRow]]:
    """Read a SAVE or RESET body: (recipient GSTIN, SAVE|RESET, rows)."""
    if not isinstance(body, Mapping):
        raise PayloadError("a SAVE/RESET body must be a JSON object")
    request_type = str(body.get("reqtyp") or "").upper()
    if request_type not in ("SAVE", "RESET"):
        raise PayloadError(f"reqtyp {codes._show(body.get('reqtyp'))} is not SAVE or RESET", field="reqtyp")
    recipient = body.get("rtin")
    if not isinstance(recipient, str) or not recipient.strip():
        raise PayloadError("is missing", field="rtin")
    invdata = body.get("invdata")
    if not isinstance(invdata, Mapping):
        raise PayloadError("is missing or not an object", field="invdata")
    rows: list[SaveRequestRow] = []
    for key, items in invdata.items():
        try:
            section = Section(key)
        except ValueError:
            raise PayloadError(f"{codes._show(key)} is not an IMS section", field="invdata") from None
        if items is not None and not isinstance(items, list):
            raise PayloadError("expected a list of records", section=section.value)
        for position, item in enumerate(items or [], start=1):
            rows.append(_save_row(section, request_type, item, position))
    return recipient.strip().upper(), request_type, rows


def _save_row(section: Section, request_type: str, item: object, position: int) -> SaveRequestRow:
    num_key, _ = number_keys(section)
    raw = item.get(num_key) if isinstance(item, Mapping) else None
    number = str(raw).strip() if isinstance(raw, (str, int)) and not isinstance(raw, bool) else ""

    def fail(message: str, field_name: str) -> PayloadError:
        return PayloadError(message, section=section.value, position=position, document_number=number[:60],
                            field=field_name)

    if not isinstance(item, Mapping):
        raise fail("record is not a JSON object", "")

    def text(key: str) -> str:
        value = item.get(key)
        if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
            raise fail("is missing" if value in (None, "") else f"{codes._show(value)} is not text", key)
        return str(value).strip()

    number = text(num_key)
    supplier = text("stin").upper()
    period = text("rtnprd")
    if request_type == "SAVE":
        code = item.get("action")
        if code not in ("A", "R", "P", "a", "r", "p"):
            raise fail(f"{codes._show(code)} is not A, R or P", "action")
        action = Action(code.upper())
    else:
        if "action" in item:
            raise fail("RESET records carry no action", "action")
        action = Action.NO_ACTION
    prev = item.get("prev_status")
    try:
        previous = Action(prev.upper()) if isinstance(prev, str) and prev else None
    except ValueError:
        previous = None
    if prev not in (None, "") and previous is None:
        raise fail(f"{codes._show(prev)} is not an action", "prev_status")
    heads = {}
    for key, name in AMOUNT_KEYS:
        try:
            heads[name] = to_paise(item.get(key, 0), field=key, strict=True)
        except GstError as error:
            raise fail(str(error).split(": ", 1)[-1], key) from None
    reduction = read_itc_reduction(item, section, Amounts(**heads), fail)
    remarks = item.get("remarks")
    if remarks is not None and not isinstance(remarks, str):
        raise fail(f"{codes._show(remarks)} is not text", "remarks")
    return SaveRequestRow(
        section=section,
        key=(section.value, supplier, number.upper(), period),
        supplier_gstin=supplier,
        document_number=number,
        supplier_return_period=period,
        action=action,
        previous_action=previous,
        remarks=remarks or None,
        itc_reduction=reduction,
    )
