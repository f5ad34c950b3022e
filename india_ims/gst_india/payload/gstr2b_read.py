"""GET2B JSON -> ``Gstr2bDownload`` (spec 3.2-3.4): every document section read, or the file refused.

Read: invoices (``inv[]``) and notes (``nt[]``) with their amounts at the top or, in older files,
summed from ``items[]``; ISD documents (``doclist[]``); bills of entry (``impg``, ``impgsez`` with
``boe[]``); Rule 37A reversals (``itcrev``, a list of objects holding b2b/b2ba/cdnr/cdnra). A
section, code or schema version this reader does not know is an error that names it; a supplier
GSTIN failing its check character is a warning on that document (GSTN's own test data has them).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

from ..documents import ZERO, Action, Amounts
from ..errors import GstError, PayloadError
from ..gstin import validate_gstin
from ..money import to_paise
from ..periods import ReturnPeriod
from ..returns.layout import Block, Part
from . import codes
from .dates import parse_date
from .envelope import error_parts, node_error
from .getinv import MAX_RUPEES, too_large

_TAX_KEYS = ("igst", "cgst", "sgst", "cess")
_MAX_PAISE = MAX_RUPEES * 100

BLOCK_BY_KEY = {"itcavl": Block.AVAILABLE, "itcunavl": Block.NOT_AVAILABLE, "itcrev": Block.REVERSAL,
                "itcRejected": Block.REJECTED}
PART_BY_KEY = {"nonrevsup": Part.ALL_OTHER, "isdsup": Part.ISD, "revsup": Part.REVERSE_CHARGE,
               "imports": Part.IMPORTS, "othersup": Part.CREDIT_NOTES}

# Document sections by shape: (list key under a supplier, number key, date key); None: no suppliers.
_SHAPES = {
    **dict.fromkeys(("b2b", "b2ba", "ecom", "ecoma"), ("inv", "inum", "dt")),
    **dict.fromkeys(("cdnr", "cdnra", "cdnrrev", "cdnrarev"), ("nt", "ntnum", "dt")),
    **dict.fromkeys(("isd", "isda"), ("doclist", "docnum", "docdt")),
    **dict.fromkeys(("impgsez", "impgasez"), ("boe", "boenum", "boedt")),
    **dict.fromkeys(("impg", "impga"), (None, "boenum", "boedt")),
}
_REVERSAL_SECTIONS = ("b2b", "b2ba", "cdnr", "cdnra")
_REVERSE_CHARGE_KEYS = ("rev", "rchrg", "rc")


@dataclass(frozen=True, slots=True)
class Gstr2bDocument:
    section: str  # the 2B section key: b2b, cdnr, isd, impg, ...
    supplier_gstin: str  # "" for a bill of entry of an import from abroad
    document_number: str
    document_date: date
    amounts: Amounts
    rejected: bool
    itc_available: bool
    ims_action: Action | None = None
    note_type: str | None = None  # C or D for notes and ISD credit/debit notes
    reversal: bool = False  # a Rule 37A reversal (itcrev)
    reverse_charge: bool = False  # rev "Y": the recipient pays the tax; such a document never enters IMS


@dataclass(frozen=True)
class Gstr2bDownload:
    gstin: str
    period: str
    generated_on: date
    totals: Mapping[tuple[Block, Part], Amounts]
    documents: tuple[Gstr2bDocument, ...] = field(default_factory=tuple)
    version: str = ""
    warnings: tuple[str, ...] = ()

    def net(self, block: Block) -> Amounts:
        """A block's worth of ITC: Part A minus Part B (credit notes)."""
        total = ZERO
        for (b, part), amounts in self.totals.items():
            if b is block:
                total = total + (amounts.negated() if part is Part.CREDIT_NOTES else amounts)
        return total


def parse_gstr2b_pages(pages: object) -> Gstr2bDownload:
    """The files of one GET2B answer (``file_num`` 1..fc), bare or in GSTN's or a provider's envelope."""
    if not isinstance(pages, list) or not pages:
        raise PayloadError("GET2B returned no file")
    documents: list[Gstr2bDocument] = []
    repeats: list[str] = []
    first = None
    for number, page in enumerate(pages, start=1):
        data = _unwrap(page, number)
        if first is None:
            first = data
        else:
            _same_return(first, data, number)
        earlier = frozenset(documents)
        for key, rejected in (("docdata", False), ("docRejdata", True)):
            block = data.get(key)
            if block is None:
                continue
            if not isinstance(block, Mapping):
                raise PayloadError(f"file {number}: is not an object", field=key)
            for section, content in block.items():
                # Section keys are lower case at GSTN; a provider's converter may upper-case them.
                section = section.strip().lower() if isinstance(section, str) else section
                for document in _read_section(section, content, rejected, where=key):
                    if document in earlier:  # a file fetched twice, or a page boundary replayed
                        repeats.append(f"file {number}, section {section}, document "
                                       f"{document.document_number!r}: in an earlier file too (read once)")
                        continue
                    documents.append(document)
    version = _version(first)
    try:
        generated_on = parse_date(first.get("gendt"))
    except GstError as error:
        raise PayloadError(str(error), field="gendt") from None
    return Gstr2bDownload(
        gstin=_text(first.get("gstin"), "gstin", required=False),
        period=_period(first.get("rtnprd")),
        generated_on=generated_on,
        totals=_totals(first.get("itcsumm")),
        documents=tuple(documents),
        version=version,
        warnings=tuple(_gstin_warnings(documents) + repeats),
    )


def _period(value: object) -> str:
    """The 2B's MMYYYY; a provider that wrote it as a JSON number lost the leading zero (32020)."""
    text = _text(value, "rtnprd")
    if type(value) is int and len(text) == 5:
        text = text.zfill(6)
    try:
        ReturnPeriod.parse(text)
    except GstError as error:
        raise PayloadError(str(error), field="rtnprd") from None
    return text


def _same_return(first: Mapping, data: Mapping, number: int) -> None:
    """Every file of one GET2B is of one GSTIN and one period: a file of another is refused, not added."""
    for key in ("rtnprd", "gstin"):
        mine, theirs = data.get(key), first.get(key)
        if mine is None or theirs is None:
            continue
        if str(mine).strip().upper() != str(theirs).strip().upper():
            raise PayloadError(f"file {number}: {codes._show(mine)} is not the {theirs!r} of file 1; "
                               "the files are of different GSTR-2Bs", field=key)


def _unwrap(page: object, number: int) -> Mapping:
    node = page
    for _ in range(4):
        if not isinstance(node, Mapping):
            break
        if "rtnprd" in node:
            return node
        error = node_error(node)
        if str(node.get("status_cd", "")).strip() == "0" or isinstance(error, Mapping):
            # Some gateways send the error as plain text, or a list, instead of GSTN's object.
            code, message = error_parts(error)
            raise PayloadError(f"GET2B file {number} holds GSTN's error {code or '(no code)'}: "
                               f"{message or str(node.get('message') or '')[:200]}")
        node = node.get("data")
    keys = ", ".join(sorted(map(str, page)))[:300] if isinstance(page, Mapping) else type(page).__name__
    raise PayloadError(f"GET2B file {number} is not a GSTR-2B (no rtnprd found); top-level keys: {keys}",
                       field="rtnprd")


def _version(data: Mapping) -> str:
    version = data.get("version")
    if version is None:
        return ""
    text = str(version).strip().lstrip("vV")
    if text.isdigit():
        text += ".0"  # "4" and 4 name the schema 4.0 as well
    if text not in codes.GSTR2B_VERSIONS:
        raise PayloadError(f"{codes._show(version)} is not a GSTR-2B schema version this app reads "
                           f"({', '.join(sorted(codes.GSTR2B_VERSIONS))})", field="version")
    return text


def _totals(summary: object) -> dict[tuple[Block, Part], Amounts]:
    totals: dict[tuple[Block, Part], Amounts] = {}
    if summary is None:
        return totals
    if not isinstance(summary, Mapping):
        raise PayloadError("is not an object", field="itcsumm")
    for block_key, block_obj in summary.items():
        block = BLOCK_BY_KEY.get(block_key)
        if block is None:
            raise PayloadError(f"{codes._show(block_key)} is not an ITC block this app reads "
                               f"({', '.join(BLOCK_BY_KEY)})", field="itcsumm")
        if not isinstance(block_obj, Mapping):
            raise PayloadError("is not an object", field=f"itcsumm.{block_key}")
        for part_key, part_obj in block_obj.items():
            part = PART_BY_KEY.get(part_key)
            if part is None or not isinstance(part_obj, Mapping):
                raise PayloadError(f"{codes._show(part_key)} is not a GSTR-2B part "
                                   f"({', '.join(PART_BY_KEY)})", field=f"itcsumm.{block_key}")
            totals[(block, part)] = _amounts(part_obj, lambda m, k, w=f"itcsumm.{block_key}.{part_key}":
                                             PayloadError(m, section=w, field=k), taxable=False)
    return totals


def _read_section(section: str, content: object, rejected: bool, *, where: str) -> list[Gstr2bDocument]:
    if section == "itcrev":
        out = []
        for group in _list(content, where, section):
            if not isinstance(group, Mapping):
                raise PayloadError("is not an object", section=f"{where}.itcrev")
            for inner, suppliers in group.items():
                if inner not in _REVERSAL_SECTIONS:
                    raise PayloadError(f"{codes._show(inner)} is not a reversal section "
                                       f"({', '.join(_REVERSAL_SECTIONS)})", section=f"{where}.itcrev")
                out.extend(_read_suppliers(inner, suppliers, rejected, reversal=True, where=where))
        return out
    if section not in _SHAPES:
        raise PayloadError(f"{codes._show(section)} is not a GSTR-2B document section this app reads "
                           f"({', '.join(sorted(_SHAPES))}, itcrev)", section=where)
    return _read_suppliers(section, content, rejected, reversal=False, where=where)


def _read_suppliers(section: str, content: object, rejected: bool, *, reversal: bool,
                    where: str) -> list[Gstr2bDocument]:
    list_key, num_key, date_key = _SHAPES[section]
    out = []
    position = 0
    for supplier in _list(content, where, section):
        if list_key is None:  # impg: bills of entry straight in the list, no supplier
            groups = [("", [supplier])]
        else:
            if not isinstance(supplier, Mapping):
                raise PayloadError("a supplier entry is not an object", section=section)
            # A document of a supplier section is that supplier's: without its GSTIN it matches nothing.
            gstin = _text(supplier.get("ctin"), "ctin", section=section).upper()
            groups = [(gstin, _list(supplier.get(list_key) or [], section, list_key))]
        for gstin, docs in groups:
            for doc in docs:
                position += 1
                out.append(_document(section, gstin, doc, position, num_key, date_key, rejected, reversal))
    return out


def _document(section: str, gstin: str, doc: object, position: int, num_key: str, date_key: str,
              rejected: bool, reversal: bool) -> Gstr2bDocument:
    number = doc.get(num_key) if isinstance(doc, Mapping) else None
    shown = str(number)[:60] if isinstance(number, (str, int)) and not isinstance(number, bool) else None

    def fail(message: str, key: str) -> PayloadError:
        return PayloadError(message, section=section, position=position, supplier=gstin or None,
                            document_number=shown, field=key)

    if not isinstance(doc, Mapping):
        raise fail("document is not a JSON object", "")
    if shown is None or not shown.strip():
        raise fail("is missing" if number in (None, "") else f"{codes._show(number)} is not text", num_key)
    try:
        day = parse_date(doc.get(date_key))
    except GstError as error:
        raise fail(str(error) if doc.get(date_key) is not None else "is missing", date_key) from None

    def coded(key: str, reader, *args):
        try:
            return reader(doc.get(key), *args)
        except GstError as error:
            raise fail(str(error), key) from None

    note_type = None
    if num_key == "ntnum" and doc.get("typ") not in (None, ""):
        note_type = coded("typ", codes.one_of, codes.NOTE_TYPES, "a note type")
    elif num_key == "docnum":
        doctype = coded("doctyp", codes.one_of, frozenset(codes.ISD_DOCUMENT_TYPES), "an ISD document type")
        note_type = codes.ISD_DOCUMENT_TYPES[doctype]
    if num_key == "docnum":
        eligible = coded("itcelg", codes.flag)
        available = True if eligible is None else eligible
    elif num_key == "boenum":
        available = True  # imports carry no itcavl: IGST on imports is creditable
    else:
        code = doc.get("itcavl")
        available = True if code in (None, "") else codes.ITC_AVAILABILITY[
            coded("itcavl", codes.one_of, frozenset(codes.ITC_AVAILABILITY), "an ITC availability (Y, N, T)")]
    # rev is the 2B's spelling; rchrg (GSTR-1's) and rc are met in converted files. Y/N, true/false.
    charge_key = next((key for key in _REVERSE_CHARGE_KEYS if doc.get(key) not in (None, "")), None)
    reverse_charge = bool(coded(charge_key, codes.flag)) if charge_key else False
    status = doc.get("imsStatus")
    action = None
    if status not in (None, ""):
        # A code (A) or a provider's word for it (Accepted, No Action), as GETINV's action is read.
        code = codes.action_code(status) if isinstance(status, str) else status
        action = Action(coded("imsStatus", lambda _: codes.one_of(code, frozenset(a.value for a in Action),
                                                                 "an IMS action")))
    return Gstr2bDocument(
        section=section, supplier_gstin=gstin, document_number=shown.strip(), document_date=day,
        amounts=_document_amounts(doc, fail), rejected=rejected, itc_available=available,
        ims_action=action, note_type=note_type, reversal=reversal, reverse_charge=reverse_charge,
    )


def _document_amounts(doc: Mapping, fail) -> Amounts:
    """A document's amounts: its own keys, or (older schema) the sum of its ``items[]``."""
    items = doc.get("items")
    if items is None or any(key in doc for key in ("txval", *_TAX_KEYS)):
        return _amounts(doc, fail, taxable=True)
    if not isinstance(items, list):
        raise fail("is not a list", "items")
    total = ZERO
    for index, item in enumerate(items, start=1):
        if not isinstance(item, Mapping):
            raise fail(f"item {index} is not an object", "items")
        total = total + _amounts(item, lambda m, k, i=index: fail(m, f"items[{i}].{k}"), taxable=True)
    return total


def _amounts(row: Mapping, fail, *, taxable: bool) -> Amounts:
    values = {}
    for key in (("txval",) if taxable else ()) + _TAX_KEYS:
        if too_large(row.get(key)):
            raise fail(f"{codes._show(row.get(key))} is beyond any real document (over ₹1,00,000 crore)", key)
        try:
            paise = to_paise(row.get(key, 0), field=key)
        except GstError as error:
            raise fail(str(error).split(": ", 1)[-1], key) from None
        if not -_MAX_PAISE < paise < _MAX_PAISE:
            raise fail(f"{codes._show(row.get(key))} is beyond any real document (over ₹1,00,000 crore)", key)
        values["taxable_value" if key == "txval" else key] = paise
    return Amounts(**values)


def _list(value: object, section: str, key: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PayloadError("expected a list", section=section, field=key)
    return value


def _text(value: object, key: str, *, section: str | None = None, required: bool = True) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise PayloadError("is missing", section=section, field=key)
        return ""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise PayloadError(f"{codes._show(value)} is not text", section=section, field=key)
    return str(value).strip()


def _gstin_warnings(documents: list[Gstr2bDocument]) -> list[str]:
    checked: dict[str, str | None] = {}
    warnings = []
    for document in documents:
        gstin = document.supplier_gstin
        if not gstin:
            continue
        if gstin not in checked:
            try:
                validate_gstin(gstin)
                checked[gstin] = None
            except GstError as error:
                checked[gstin] = str(error)
        if checked[gstin]:
            warnings.append(f"section {document.section}, document {document.document_number!r}, "
                            f"field 'ctin': {checked[gstin]} (document kept)")
    return warnings
