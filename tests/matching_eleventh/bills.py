"""Building the two sides of a bill, and ``classify``: a pair's category read off the two documents by
the definitions in shared/datasets/README.md, never by asking the engine."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts, DocumentType, ImsRecord, PurchaseDocument, Section

from .world import PERIOD

SECTION = {DocumentType.INVOICE: Section.B2B, DocumentType.DEBIT_NOTE: Section.B2BDN,
           DocumentType.CREDIT_NOTE: Section.B2BCN}
HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
FEW_DAYS = 5  # "a date a few days off": the generator never goes further on a pair


class Undefined(ValueError):
    """The definitions do not settle this pair: it must not be in a month."""


@dataclass
class Case:
    """One habit's or trap's documents: (IMS record or None, books document or None, category)."""

    tag: str
    rows: list[tuple[ImsRecord | None, PurchaseDocument | None, str]] = field(default_factory=list)


def ims_record(gstin: str, kind: DocumentType, number: str, day: date, value: Amounts, pos: str) -> ImsRecord:
    total = value.taxable_value + value.total_tax
    return ImsRecord(SECTION[kind], gstin, number, day, PERIOD, total, value, pos, invoice_type="R")


def books_doc(rng: random.Random, gstin: str, kind: DocumentType, number: str, day: date, value: Amounts,
              pos: str, company: str, posting: date | None = None) -> PurchaseDocument:
    """The purchase as ERPNext keeps it; the name is given later, by posting order."""
    if kind is DocumentType.CREDIT_NOTE:
        value = value.negated()
    posting = posting or day + timedelta(days=rng.randrange(0, 4))
    return PurchaseDocument("", gstin, kind, number, day, value, pos, company, "", posting, False,
                            value.taxable_value + value.total_tax)


def alnum(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", number.strip().upper())


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(c in it for c in short)


def clerical_number(a: str, b: str) -> bool:
    """Written differently, not another number: one's letters and digits are the other's with some
    left out (separators, leading zeros, a year token, a prefix or a branch code), and the serial's
    last three digits stand in both."""
    x, y = sorted((alnum(a), alnum(b)), key=len)
    return len(x) >= 4 and x[-3:] == y[-3:] and x[-3:].isdigit() and _subsequence(x, y)


def classify(record: ImsRecord, purchase: PurchaseDocument) -> str:
    if record.document_type is not purchase.document_type:
        raise Undefined("document types differ")
    same_pan = record.supplier_gstin[2:12] == purchase.supplier_gstin[2:12]
    if not same_pan:
        raise Undefined("another PAN")
    same = record.document_number.strip().upper() == purchase.bill_no.strip().upper()
    if not same and not clerical_number(record.document_number, purchase.bill_no):
        raise Undefined(f"{record.document_number!r} / {purchase.bill_no!r}")
    days = abs((record.document_date - purchase.bill_date).days)
    if days > FEW_DAYS:
        raise Undefined("dates too far apart")
    sign = -1 if purchase.document_type is DocumentType.CREDIT_NOTE else 1
    gaps = [abs(getattr(record.amounts, h) - sign * getattr(purchase.amounts, h)) for h in HEADS]
    if (record.supplier_gstin != purchase.supplier_gstin or max(gaps) > 100
            or record.place_of_supply != purchase.place_of_supply):
        return "mismatch"
    if same and days == 0 and max(gaps) <= 1:
        return "exact"
    return "suggested"
