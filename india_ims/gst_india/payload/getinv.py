"""GETINV records -> ``ImsRecord`` (spec 1.5): a flat path for well-formed rows, a precise one for errors.

A 100,000-record download is mostly the same few dates, periods and codes over and over. The flat
path reads a row with dictionary look-ups and caches (dates, periods), and hands any row it is not
sure of to ``parse_record``, which checks every field and raises a ``PayloadError`` naming section,
record, document and field. Both paths build the same record; the flat one never accepts a row the
precise one would refuse (a test feeds both the same rows).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import MISSING, dataclass, field, fields
from datetime import date
from itertools import chain
from operator import itemgetter

import numpy as np

from ..documents import FULL_REDUCTION, Action, Amounts, ImsRecord, ItcReduction, Section
from ..errors import GstError, PayloadError
from ..gstin import validate_gstin
from ..memory import cyclic_gc_paused
from ..money import to_paise
from ..periods import ReturnPeriod
from . import codes
from .dates import parse_date
from .envelope import find_sections
from .repeats import drop_repeats

AMOUNT_KEYS = (
    ("txval", "taxable_value"),
    ("iamt", "igst"),
    ("camt", "cgst"),
    ("samt", "sgst"),
    ("cess", "cess"),
)
_DECLARED_KEYS = ("declIgst", "declCgst", "declSgst", "declCess")
_REQUIRED_MONEY = frozenset({"val", "txval"})
# Spellings of one field met in providers' rows; the first is GSTN's.
_SOURCE_FORM_KEYS = ("srcform", "srcfrm")
_PENDING_ALLOWED = ("ispendactnallwd", "ispendactallwd")

# No document is worth a lakh crore rupees; beyond it a value is a corrupt file (1e308, 10**30),
# and would overflow the matcher's 64-bit arrays.
MAX_RUPEES = 10**12
_MAX_PAISE = MAX_RUPEES * 100


def too_large(value: object) -> bool:
    """A JSON number no document carries (1e308, 10**30); checked before Decimal sees it."""
    return type(value) in (int, float) and not -MAX_RUPEES < value < MAX_RUPEES and value == value


def number_keys(section: Section) -> tuple[str, str]:
    return ("nt_num", "nt_dt") if section.document_type.value.endswith("Note") else ("inum", "idt")


def original_keys(section: Section) -> tuple[str, str]:
    return ("ont_num", "ont_dt") if section.document_type.value.endswith("Note") else ("oinum", "oidt")


@dataclass
class GetinvRead:
    """What a GETINV payload held: the records, the sections passed over (with counts), the
    wrapper the records sat in, and warnings per record (a GSTIN failing its check character)."""

    records: list[ImsRecord] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    path: str = ""
    no_data_code: str | None = None
    warnings: list[str] = field(default_factory=list)


def read_getinv(payload: object, *, sections: Iterable[Section] | None = None,
                allow_empty: bool = True) -> GetinvRead:
    with cyclic_gc_paused():
        return _read_getinv(payload, sections, allow_empty)


def _read_getinv(payload: object, sections: Iterable[Section] | None, allow_empty: bool) -> GetinvRead:
    found = find_sections(payload, allow_empty=allow_empty)
    wanted = set(sections) if sections is not None else set(Section)
    out = GetinvRead(skipped=found.skipped, path=found.path, no_data_code=found.no_data_code)
    caches: tuple[dict, dict] = ({}, {})
    for section in Section:
        rows = found.rows.get(section)
        if rows is None or section not in wanted:
            continue
        flat = _flat_section(section, rows, caches)
        for position, (row, record) in enumerate(zip(rows, flat), start=1):
            out.records.append(record or parse_record(section, row, position=position))
    out.records, repeats = drop_repeats(out.records)
    out.warnings = gstin_warnings(out.records) + repeats
    return out


def parse_getinv(payload: object, *, sections: Iterable[Section] | None = None) -> list[ImsRecord]:
    """The records of a GETINV response (bare or in an envelope, see ``envelope``); every record of
    a known section is read or the call fails with a ``PayloadError``."""
    return read_getinv(payload, sections=sections).records


def gstin_warnings(records: Iterable[ImsRecord]) -> list[str]:
    """One warning per record whose supplier GSTIN fails its check: GSTN's own test data has such
    GSTINs, so the record is kept and the user told."""
    records = list(records)
    problems: dict[str, str] = {}
    for gstin in {record.supplier_gstin for record in records}:
        try:
            validate_gstin(gstin)
        except GstError as error:
            problems[gstin] = str(error)
    if not problems:
        return []
    positions: dict[Section, int] = {}
    warnings = []
    for record in records:
        position = positions[record.section] = positions.get(record.section, 0) + 1
        problem = problems.get(record.supplier_gstin)
        if problem:
            warnings.append(f"section {record.section.value}, record {position}, document "
                            f"{record.document_number!r}, field 'stin': {problem} (record kept)")
    return warnings


# ---------------------------------------------------------------- the flat path

def _spellings(*phrases: str) -> set[str]:
    """The exact spellings a provider writes a word in (Accepted, ACCEPTED, accepted, no_action)."""
    out = set()
    for phrase in phrases:
        for text in (phrase, phrase.replace(" ", "_"), phrase.replace(" ", "")):
            out.update((text, text.upper(), text.lower(), text.title()))
    return out


# Codes and the providers' words the flat path reads directly, each mapped as the precise path maps
# it (so the two cannot differ); any other spelling goes to the precise path.
_ACTIONS = {None: Action.NO_ACTION, "": Action.NO_ACTION, **{a.value: a for a in Action},
            **{a.value.lower(): a for a in Action},
            **{word: Action(codes.action_code(word))
               for word in _spellings("Accepted", "Accept", "Rejected", "Reject", "Pending", "No Action",
                                      "No Action Taken")}}
_FLAGS = {None: None, "Y": True, "N": False}
_FILED = {None: True, **{word: codes.supplier_filed(word) for word in _spellings("Filed", "Not Filed")}}
_FORMS = {None: "R1", **{form: form for form in codes.SOURCE_FORMS}}
_MONEY_KEYS = (*(key for key, _ in AMOUNT_KEYS), "val")
_money_of = itemgetter(*_MONEY_KEYS)


def slot_builder(cls: type, names: tuple[str, ...]):
    """A function taking ``names`` positionally that builds a ``cls`` (a frozen, slotted dataclass
    without ``__post_init__``) by setting its slots directly, every other field at its default.

    The dataclass ``__init__`` of a frozen class sets each field through ``object.__setattr__``; the
    flat path builds a lakh of records, and setting the slots is over twice as fast. The call names
    its fields here, so a field added to the class can never shift the values.
    """
    if hasattr(cls, "__post_init__") or not hasattr(cls, "__slots__"):
        raise TypeError(f"{cls.__name__} must be a slotted dataclass without __post_init__")
    every = {item.name: item for item in fields(cls)}
    unknown = set(names) - set(every)
    if unknown:
        raise TypeError(f"{cls.__name__} has no field {', '.join(sorted(unknown))}")
    scope: dict = {"new": object.__new__, "cls": cls}
    lines = []
    for name, item in every.items():
        scope[f"set_{name}"] = getattr(cls, name).__set__
        if name in names:
            lines.append(f"    set_{name}(self, {name})")
        elif item.default is not MISSING:
            scope[f"default_{name}"] = item.default
            lines.append(f"    set_{name}(self, default_{name})")
        else:
            raise TypeError(f"{cls.__name__}.{name} has no plain default and is not built")
    head = f"def build({', '.join(names)}):\n    self = new(cls)\n"
    exec(head + "\n".join(lines) + "\n    return self\n", scope)  # the class's own field names only
    return scope["build"]


_flat_record = slot_builder(ImsRecord, (
    "section", "supplier_gstin", "document_number", "document_date", "supplier_return_period",
    "document_value", "amounts", "place_of_supply", "action", "invoice_type", "source_form",
    "supplier_filed", "pending_blocked", "original_number", "original_date", "checksum", "remarks",
    "remarks_blocked", "itc_reduction_blocked",
))
_flat_amounts = slot_builder(Amounts, ("taxable_value", "igst", "cgst", "sgst", "cess"))


def _flat_section(section: Section, rows: list, caches: tuple[dict, dict]) -> list[ImsRecord | None]:
    """Records of the plain, well-formed rows of one section; None where a row needs the precise path."""
    paise = _bulk_paise(rows)
    num_key, date_key = number_keys(section)
    o_num, o_date = original_keys(section) if section.is_amendment else (None, None)
    ecommerce = section.is_ecommerce
    dates, periods = caches
    actions, flags, filed_codes, forms = _ACTIONS, _FLAGS, _FILED, _FORMS
    invoice_types = codes.INVOICE_TYPES
    build, amounts = _flat_record, _flat_amounts
    out: list[ImsRecord | None] = []
    append = out.append
    for row, money in zip(rows, paise):
        if money is None or row.get("itcRedReq") is not None:
            append(None)
            continue
        get = row.get
        supplier, number, period = get("stin"), get(num_key), get("rtnprd")
        text = get(date_key)
        day = dates.get(text, False) if type(text) is str else None
        if day is False:
            day = _cached_date(dates, text)
        if type(period) is str:
            valid_period = periods.get(period)
            if valid_period is None:
                valid_period = periods[period] = _valid_period(period)
        else:
            valid_period = False
        pos = get("pos", "")
        invoice_type, checksum, remarks = get("inv_typ"), get("hash"), get("remarks")
        try:
            action = actions[get("action")]
            blocked = flags[get("ispendactblocked")]
            if blocked is None:
                allowed = flags[get("ispendactnallwd") or get("ispendactallwd")]
                if allowed is not None:
                    blocked = not allowed
            filed = filed_codes[get("srcfilstatus")]
            if get("srcfrm") is not None:  # the other spelling: the precise path reads and compares both
                raise KeyError("srcfrm")
            form = forms[get("srcform")]
            remarks_blocked = flags[get("isRemarksBlocked")]
            red_blocked = flags[get("isItcRedReqBlocked")]
            if red_blocked is None:
                red_blocked = flags[get("itcRedReqBlocked")]
        except (KeyError, TypeError):
            append(None)
            continue
        if not (day and valid_period and type(supplier) is str and len(supplier) == 15
                and supplier.isalnum() and supplier.isupper() and type(number) is str and number
                and not number[0].isspace() and not number[-1].isspace()
                and type(pos) is str and (not pos or (len(pos) == 2 and pos.isdigit()))
                and (ecommerce or invoice_type is None
                     or (type(invoice_type) is str and invoice_type in invoice_types))
                and (checksum is None or type(checksum) is str)
                and (remarks is None or type(remarks) is str)):
            append(None)
            continue
        original_number = original_date = None
        if o_num is not None:
            original_number = get(o_num)
            original_date = _cached_date(dates, get(o_date))
            if not (type(original_number) is str and original_number and original_date
                    and original_number.strip() == original_number):
                append(None)
                continue
        append(build(
            section, supplier, number, day, period, money[5], amounts(*money[:5]), pos, action,
            None if ecommerce or not invoice_type else invoice_type, form, filed, blocked,
            original_number, original_date, checksum and checksum.strip() or None,
            remarks and remarks.strip() or None, remarks_blocked, red_blocked,
        ))
    return out


def _bulk_paise(rows: list) -> list:
    """Per row, its six amounts in paise (taxable, IGST, CGST, SGST, cess, value), or None where a row
    is not a plain object of JSON numbers within range (or plain decimal text); numpy converts a
    whole section of numbers at once."""
    try:  # every row complete: one pass in C
        money: list = list(map(_money_of, rows))
        plain = money
    except (KeyError, TypeError, AttributeError):
        money = []
        for row in rows:
            try:
                money.append(_money_of(row))
            except (KeyError, TypeError):
                money.append(None)
        plain = [values for values in money if values is not None]
    if not plain:
        return money
    kinds = set(map(type, chain.from_iterable(plain)))
    if not kinds <= {int, float}:
        return [_row_paise(values) for values in money]
    try:
        flat = np.fromiter(chain.from_iterable(plain), dtype=np.float64, count=6 * len(plain))
        rupees = flat.reshape(-1, 6)
    except OverflowError:  # an integer beyond any float (10**400): each row words its own error
        return [_row_paise(values) for values in money]
    in_range = (rupees >= 0) & (rupees < MAX_RUPEES)  # NaN compares False too; negatives are refused
    rupees[~in_range] = 0
    scaled = rupees * 100
    nearest = np.rint(scaled)
    cells = (np.abs(scaled - nearest) < 1e-6) & in_range
    nearest[~cells] = 0  # out of range (1e308, inf): the precise path words it; no cast of it here
    whole = cells.all(axis=1)
    converted = nearest.astype(np.int64).tolist()
    if not whole.all():
        converted = [paise if ok else None for paise, ok in zip(converted, whole.tolist())]
    if len(converted) == len(money):
        return converted
    rest = iter(converted)
    return [None if values is None else next(rest) for values in money]


def _row_paise(values) -> list | None:
    if values is None:
        return None
    out = []
    for value in values:
        kind = type(value)
        if kind is int and 0 <= value < MAX_RUPEES:
            out.append(value * 100)
        elif kind is float and 0 <= value < MAX_RUPEES:
            scaled = value * 100
            nearest = round(scaled)
            if not -1e-6 < scaled - nearest < 1e-6:
                return None
            out.append(nearest)
        elif kind is str:
            # Providers that send amounts as text ("1180.50"): plain ASCII digits with at most two
            # decimals are read here; anything else (commas, spaces, signs, "NA") takes the precise path.
            whole, dot, fraction = value.partition(".")
            if not (whole.isascii() and whole.isdigit() and len(whole) <= 12 and (not dot or (
                    fraction.isascii() and fraction.isdigit() and len(fraction) <= 2))):
                return None
            out.append(int(whole) * 100 + (int(fraction.ljust(2, "0")) if dot else 0))
        else:
            return None
    return out


def _valid_period(period: str) -> bool:
    try:
        ReturnPeriod.parse(period)
    except GstError:
        return False
    return period.strip() == period


def _cached_date(dates: dict, text) -> date | None:
    if type(text) is not str:
        return None
    day = dates.get(text, False)
    if day is False:
        try:
            day = parse_date(text) if text.strip() == text else None
        except GstError:
            day = None
        dates[text] = day
    return day


# ---------------------------------------------------------------- the precise path


def parse_record(section: Section, row: object, *, position: int | None = None) -> ImsRecord:
    num_key, date_key = number_keys(section)
    raw_number = row.get(num_key) if isinstance(row, Mapping) else None
    number = raw_number if isinstance(raw_number, (str, int)) and not isinstance(raw_number, bool) else None
    raw_supplier = row.get("stin") if isinstance(row, Mapping) else None
    # The supplier named as sent (trimmed, cut short): a reader finds the record by it in the file.
    shown_supplier = raw_supplier.strip()[:20] if isinstance(raw_supplier, str) else None

    def fail(message: str, key: str) -> PayloadError:
        return PayloadError(
            message, section=section.value, position=position, supplier=shown_supplier or None,
            document_number=str(number)[:60] if number is not None else None, field=key,
        )

    if not isinstance(row, Mapping):
        raise fail("record is not a JSON object", "")

    def text(key: str, *, required: bool = True) -> str | None:
        value = row.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                raise fail("is missing", key)
            return None
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise fail(f"{codes._show(value)} is not text", key)
        return str(value).strip()

    def amount(key: str) -> int:
        if key in _REQUIRED_MONEY and (row.get(key) is None or (isinstance(row.get(key), str)
                                                                and not row.get(key).strip())):
            # A nil tax head may be left out (GSTN's convention, 0), but a document's value and
            # taxable value are never nil: read as 0 they would mismatch every purchase and be
            # echoed back to GSTN as 0 on SAVE.
            raise fail("is missing", key)
        if too_large(row.get(key)):
            raise fail(f"{codes._show(row.get(key))} is beyond any real document (over ₹1,00,000 crore)", key)
        try:
            paise = to_paise(row.get(key, 0), field=key, strict=True)
        except GstError as error:
            raise fail(str(error).split(": ", 1)[-1], key) from None
        if not -_MAX_PAISE < paise < _MAX_PAISE:
            raise fail(f"{codes._show(row.get(key))} is beyond any real document (over ₹1,00,000 crore)", key)
        if paise < 0:
            raise fail(f"{codes._show(row.get(key))} is negative; GSTN sends every amount positive, credit "
                       "notes included (the section gives the sign)", key)
        return paise

    def day(key: str) -> date:
        value = text(key)
        try:
            return parse_date(value)
        except GstError as error:
            raise fail(str(error), key) from None

    def coded(key: str, reader, *args):
        try:
            return reader(row.get(key), *args)
        except GstError as error:
            raise fail(str(error), key) from None

    supplier = text("stin").upper()
    if len(supplier) != 15 or not supplier.isalnum():
        raise fail(f"{supplier[:40]!r} is not a 15-character GSTIN", "stin")
    number = text(num_key)
    period = text("rtnprd")
    if type(row.get("rtnprd")) is int and len(period) == 5:
        period = period.zfill(6)  # a number loses MMYYYY's leading zero: 92026 is 092026
    try:
        ReturnPeriod.parse(period)
    except GstError as error:
        raise fail(str(error), "rtnprd") from None
    action_code = (text("action", required=False) or "N").upper()
    try:
        action = Action(codes.action_code(action_code))
    except ValueError:
        raise fail(f"{action_code[:40]!r} is not an action (A, R, P, N)", "action") from None

    # ispendactblocked=Y means blocked; the older ispendactnallwd ("pending
    # allowed", also spelt ispendactallwd) means the opposite. The newer flag wins when both are sent.
    pending_blocked = coded("ispendactblocked", codes.flag)
    if pending_blocked is None:
        allowed_key = next((key for key in _PENDING_ALLOWED if row.get(key) not in (None, "")), None)
        allowed = coded(allowed_key, codes.flag) if allowed_key else None
        pending_blocked = None if allowed is None else not allowed

    original_number = original_date = None
    if section.is_amendment:
        o_num, o_date = original_keys(section)
        original_number = text(o_num)
        original_date = day(o_date)

    amounts = Amounts(**{name: amount(key) for key, name in AMOUNT_KEYS})
    itc_reduction = read_itc_reduction(row, section, amounts, fail)
    red_blocked = coded("isItcRedReqBlocked", codes.flag)
    if red_blocked is None:
        red_blocked = coded("itcRedReqBlocked", codes.flag)

    pos = text("pos", required=False) or ""
    if len(pos) == 1 and pos.isdigit() and type(row.get("pos")) is int:
        pos = "0" + pos  # a number loses the state code's leading zero: 7 is Delhi, 07
    code, dash, name = pos.partition("-")
    if dash and len(code.strip()) == 2 and code.strip().isdigit() and name.strip().replace(" ", "").isalpha():
        pos = code.strip()  # ERPNext's and GSTR-1 tools' "27-Maharashtra": the code is what GSTN sends
    if pos and (len(pos) != 2 or not pos.isdigit()):
        raise fail(f"{pos[:40]!r} is not a 2-digit state code", "pos")
    invoice_type = None
    if not section.is_ecommerce and text("inv_typ", required=False):  # ECO documents carry none (1.5)
        invoice_type = coded("inv_typ", codes.one_of, codes.INVOICE_TYPES, "an invoice type")

    return ImsRecord(
        section=section,
        supplier_gstin=supplier,
        document_number=number,
        document_date=day(date_key),
        supplier_return_period=period,
        document_value=amount("val"),
        amounts=amounts,
        place_of_supply=pos,
        action=action,
        invoice_type=invoice_type,
        source_form=_source_form(row, fail),
        supplier_filed=coded("srcfilstatus", codes.supplier_filed),
        pending_blocked=pending_blocked,
        original_number=original_number,
        original_date=original_date,
        checksum=text("hash", required=False),
        remarks=text("remarks", required=False),
        remarks_blocked=coded("isRemarksBlocked", codes.flag),
        itc_reduction_blocked=red_blocked,
        itc_reduction=itc_reduction,
    )


def _source_form(row: Mapping, fail) -> str:
    """srcform, or its shorter spelling srcfrm; absent: R1 (GSTR-1). The form is echoed on SAVE, so
    two spellings that disagree are refused rather than one picked."""
    given = {key: row.get(key) for key in _SOURCE_FORM_KEYS
             if row.get(key) is not None and not (isinstance(row.get(key), str) and not row.get(key).strip())}
    forms = {}
    for key, value in given.items():
        try:
            forms[key] = codes.one_of(value, codes.SOURCE_FORMS, "a source form")
        except GstError as error:
            raise fail(str(error), key) from None
    if len(set(forms.values())) > 1:
        raise fail(f"{forms['srcform']!r} but srcfrm says {forms['srcfrm']!r}", "srcform")
    return next(iter(forms.values()), "R1")


def read_itc_reduction(row: Mapping, section: Section, amounts: Amounts, fail) -> ItcReduction | None:
    """itcRedReq and the declared amounts (spec 1.8). ``Y`` without any declared amount is India
    Compliance's "absence means full": on an original document, its whole tax. On an amendment the
    full reduction is the change from the earlier version, which the row does not carry, so it is
    read as ``FULL_REDUCTION`` (amounts not declared) for the returns to work out from the earlier
    version where it is known; refusing it refused the whole month's download."""
    try:
        required = codes.flag(row.get("itcRedReq"))
    except GstError as error:
        raise fail(str(error), "itcRedReq") from None
    if required is None:
        return None
    if not required:
        return ItcReduction(required=False)
    declared = [key for key in _DECLARED_KEYS if row.get(key) not in (None, "")]
    if not declared:
        if section.is_amendment:
            return FULL_REDUCTION
        return ItcReduction(True, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)
    heads = []
    for key in _DECLARED_KEYS:
        try:
            paise = to_paise(row.get(key, 0), field=key, strict=True)
        except GstError as error:
            raise fail(str(error).split(": ", 1)[-1], key) from None
        if not 0 <= paise < _MAX_PAISE:
            raise fail(f"{codes._show(row.get(key))} is not a declared reduction", key)
        heads.append(paise)
    return ItcReduction(True, *heads)
