"""IMS payloads <-> core dataclasses (spec section 1)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from ..documents import ITC_REDUCTION_SECTIONS, Action, Amounts, ImsRecord, ItcReduction, Section
from ..errors import GstError, PayloadError
from ..money import to_json_number, to_paise
from ..periods import ReturnPeriod

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

_AMOUNT_KEYS = (
    ("txval", "taxable_value"),
    ("iamt", "igst"),
    ("camt", "cgst"),
    ("samt", "sgst"),
    ("cess", "cess"),
)


def number_keys(section: Section) -> tuple[str, str]:
    return ("nt_num", "nt_dt") if section.document_type.value.endswith("Note") else ("inum", "idt")


def original_keys(section: Section) -> tuple[str, str]:
    return ("ont_num", "ont_dt") if section.document_type.value.endswith("Note") else ("oinum", "oidt")


def parse_date(text: object) -> date:
    value = str(text).strip()
    # GSTN's own DD-MM-YYYY without strptime, which costs most of a 100k-record download.
    day, month, year = value[:2], value[3:5], value[6:]
    if len(value) == 10 and value[2] == value[5] == "-" and (day + month + year).isdigit():
        try:
            return date(int(year), int(month), int(day))
        except ValueError:
            pass  # an impossible date: strptime below words the error
    for fmt in ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise GstError(f"{value!r} is not a date (DD-MM-YYYY)")


def format_date(day: date) -> str:
    return day.strftime("%d-%m-%Y")


def _flag(value: object) -> bool | None:
    if value is None or value == "":
        return None
    text = str(value).strip().upper()
    if text in ("Y", "YES", "TRUE", "1"):
        return True
    if text in ("N", "NO", "FALSE", "0"):
        return False
    raise GstError(f"{value!r} is not Y or N")


def _yn(value: bool) -> str:
    return "Y" if value else "N"


# ---------------------------------------------------------------- GETINV


def parse_getinv(payload: Mapping, *, sections: Iterable[Section] | None = None) -> list[ImsRecord]:
    """Parse a GETINV response (one or many section keys) into records.

    Unknown top-level keys are ignored only when they are not sections of IMS;
    every record of a known section is parsed or the whole call fails with a
    ``PayloadError`` naming section, position, number and field.
    """
    if not isinstance(payload, Mapping):
        raise PayloadError("a GETINV response must be a JSON object")
    wanted = set(sections) if sections is not None else set(Section)
    records: list[ImsRecord] = []
    for section in Section:
        if section not in wanted or section.value not in payload:
            continue
        rows = payload[section.value]
        if rows is None:
            continue
        if not isinstance(rows, list):
            raise PayloadError("expected a list of records", section=section.value)
        for position, row in enumerate(rows, start=1):
            records.append(parse_record(section, row, position=position))
    return records


def parse_record(section: Section, row: Mapping, *, position: int | None = None) -> ImsRecord:
    num_key, date_key = number_keys(section)
    number = row.get(num_key) if isinstance(row, Mapping) else None

    def fail(message: str, key: str) -> PayloadError:
        return PayloadError(
            message, section=section.value, position=position, document_number=number, field=key
        )

    if not isinstance(row, Mapping):
        raise fail("record is not a JSON object", "")

    def required(key: str):
        value = row.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise fail("is missing", key)
        return value

    def amount(key: str) -> int:
        try:
            return to_paise(row.get(key, 0), field=key, strict=True)
        except GstError as error:
            raise fail(str(error).split(": ", 1)[-1], key) from None

    def day(key: str) -> date:
        try:
            return parse_date(required(key))
        except GstError as error:
            raise fail(str(error), key) from None

    def flag(key: str) -> bool | None:
        try:
            return _flag(row.get(key))
        except GstError as error:
            raise fail(str(error), key) from None

    supplier = str(required("stin")).strip().upper()
    if len(supplier) != 15:
        raise fail(f"{supplier!r} is not a 15-character GSTIN", "stin")
    number = str(required(num_key)).strip()
    period = str(required("rtnprd")).strip()
    try:
        ReturnPeriod.parse(period)
    except GstError as error:
        raise fail(str(error), "rtnprd") from None
    action_code = str(row.get("action") or "N").strip().upper()
    try:
        action = Action(action_code)
    except ValueError:
        raise fail(f"{action_code!r} is not an action (A, R, P, N)", "action") from None

    # ispendactblocked=Y means blocked; the older ispendactnallwd ("pending
    # allowed") means the opposite. The newer flag wins when both are sent.
    pending_blocked = flag("ispendactblocked")
    if pending_blocked is None:
        allowed = flag("ispendactnallwd")
        pending_blocked = None if allowed is None else not allowed

    original_number = original_date = None
    if section.is_amendment:
        o_num, o_date = original_keys(section)
        original_number = str(required(o_num)).strip()
        original_date = day(o_date)

    itc_reduction = None
    red = flag("itcRedReq")
    if red is not None:
        itc_reduction = ItcReduction(
            required=red,
            igst=amount("declIgst"),
            cgst=amount("declCgst"),
            sgst=amount("declSgst"),
            cess=amount("declCess"),
        )
    red_blocked = flag("isItcRedReqBlocked")
    if red_blocked is None:
        red_blocked = flag("itcRedReqBlocked")

    pos = str(row.get("pos") or "").strip()
    if pos and (len(pos) != 2 or not pos.isdigit()):
        raise fail(f"{pos!r} is not a 2-digit state code", "pos")

    status = str(row.get("srcfilstatus") or "Filed").replace(" ", "").upper()

    return ImsRecord(
        section=section,
        supplier_gstin=supplier,
        document_number=number,
        document_date=day(date_key),
        supplier_return_period=period,
        document_value=amount("val"),
        amounts=Amounts(**{name: amount(key) for key, name in _AMOUNT_KEYS}),
        place_of_supply=pos,
        action=action,
        # ECO documents carry no invoice type (spec 1.5).
        invoice_type=(str(row["inv_typ"]).strip()
                      if row.get("inv_typ") and not section.is_ecommerce else None),
        source_form=str(row.get("srcform") or "R1").strip().upper(),
        supplier_filed=status != "NOTFILED",
        pending_blocked=pending_blocked,
        original_number=original_number,
        original_date=original_date,
        checksum=row.get("hash"),
        remarks=row.get("remarks") or None,
        remarks_blocked=flag("isRemarksBlocked"),
        itc_reduction_blocked=red_blocked,
        itc_reduction=itc_reduction,
    )


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
    for key, name in _AMOUNT_KEYS:
        row[key] = to_json_number(getattr(record.amounts, name))
    return row


def _itc_reduction_block(reduction: ItcReduction) -> dict:
    # Full values are always sent with itcRedReq: "absence means full" is one
    # client's reading, explicit values are safe with every GSP (spec 1.8).
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


def parse_save_request(body: Mapping) -> tuple[str, str, list[SaveRequestRow]]:
    """Read a SAVE or RESET body: (recipient GSTIN, SAVE|RESET, rows)."""
    if not isinstance(body, Mapping):
        raise PayloadError("a SAVE/RESET body must be a JSON object")
    request_type = str(body.get("reqtyp") or "").upper()
    if request_type not in ("SAVE", "RESET"):
        raise PayloadError(f"reqtyp {body.get('reqtyp')!r} is not SAVE or RESET", field="reqtyp")
    recipient = str(body.get("rtin") or "").strip().upper()
    if not recipient:
        raise PayloadError("is missing", field="rtin")
    invdata = body.get("invdata")
    if not isinstance(invdata, Mapping):
        raise PayloadError("is missing or not an object", field="invdata")
    rows: list[SaveRequestRow] = []
    for key, items in invdata.items():
        try:
            section = Section(key)
        except ValueError:
            raise PayloadError(f"{key!r} is not an IMS section", field="invdata") from None
        num_key, _ = number_keys(section)
        for position, item in enumerate(items or [], start=1):
            number = str(item.get(num_key) or "").strip()

            def fail(message: str, field_name: str, _p=position, _n=number, _s=section) -> PayloadError:
                return PayloadError(
                    message, section=_s.value, position=_p, document_number=_n, field=field_name
                )

            if not number:
                raise fail("is missing", num_key)
            supplier = str(item.get("stin") or "").strip().upper()
            if not supplier:
                raise fail("is missing", "stin")
            period = str(item.get("rtnprd") or "").strip()
            if not period:
                raise fail("is missing", "rtnprd")
            if request_type == "SAVE":
                code = str(item.get("action") or "").upper()
                if code not in ("A", "R", "P"):
                    raise fail(f"{item.get('action')!r} is not A, R or P", "action")
                action = Action(code)
            else:
                if "action" in item:
                    raise fail("RESET records carry no action", "action")
                action = Action.NO_ACTION
            prev = item.get("prev_status")
            try:
                previous = Action(str(prev).upper()) if prev else None
            except ValueError:
                raise fail(f"{prev!r} is not an action", "prev_status") from None
            reduction = None
            try:
                red = _flag(item.get("itcRedReq"))
                if red is not None:
                    reduction = ItcReduction(
                        required=red,
                        igst=to_paise(item.get("declIgst", 0), field="declIgst", strict=True),
                        cgst=to_paise(item.get("declCgst", 0), field="declCgst", strict=True),
                        sgst=to_paise(item.get("declSgst", 0), field="declSgst", strict=True),
                        cess=to_paise(item.get("declCess", 0), field="declCess", strict=True),
                    )
            except GstError as error:
                raise fail(str(error), "itcRedReq") from None
            rows.append(
                SaveRequestRow(
                    section=section,
                    key=(section.value, supplier, number.upper(), period),
                    supplier_gstin=supplier,
                    document_number=number,
                    supplier_return_period=period,
                    action=action,
                    previous_action=previous,
                    remarks=item.get("remarks") or None,
                    itc_reduction=reduction,
                )
            )
    return recipient, request_type, rows
