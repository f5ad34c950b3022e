"""The recipient, its suppliers and the bookkeeping helpers the habits use.

The truth of a pair is never asserted by a habit: ``World.pair`` works it out from the two records
with the definitions of /work/shared/datasets/README.md, and refuses (``Retry``) a pair whose
computed category is not the one the habit meant, so an unlucky draw (a rounding that changed
nothing, an amount near the tolerance) is redrawn instead of mislabelled.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field
from datetime import date, timedelta

from india_ims.gst_india.documents import (
    Action,
    Amounts,
    DocumentType,
    ImsRecord,
    PurchaseDocument,
    Section,
)
from india_ims.gst_india.gstin import check_character, is_valid_gstin

from .numbers import LONG_PRINTED, LONG_REPORTED, RANGE_START, SCHEMES, Scheme

COMPANY_STATE = "29"  # Karnataka
YEAR, MONTH = 2025, 8  # August 2025: month 2 of quarter Jul-Sep (QRMP suppliers file quarterly)
PERIOD = "082025"
MONTH_START, MONTH_END = date(2025, 8, 1), date(2025, 8, 31)
OTHER_STATES = ["27", "33", "24", "07", "36", "32", "06", "09", "19"]
SECTION_OF = {
    (DocumentType.INVOICE, False): Section.B2B,
    (DocumentType.INVOICE, True): Section.B2BA,
    (DocumentType.CREDIT_NOTE, False): Section.B2BCN,
    (DocumentType.CREDIT_NOTE, True): Section.B2BCNA,
    (DocumentType.DEBIT_NOTE, False): Section.B2BDN,
    (DocumentType.DEBIT_NOTE, True): Section.B2BDNA,
}
HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")


class Retry(Exception):
    """The draw does not show the habit; the month builder rolls back and draws again."""


def make_gstin(rng: random.Random, state: str, pan: str | None = None, kind: str = "C",
               entity: str = "1") -> str:
    if pan is None:
        letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(5))
        digits = f"{rng.randint(1000, 9999)}"
        pan = letters[:3] + kind + letters[4] + digits + rng.choice(string.ascii_uppercase)
    first = f"{state}{pan}{entity}Z"
    gstin = first + check_character(first)
    assert is_valid_gstin(gstin), gstin
    return gstin


@dataclass
class Supplier:
    gstin: str
    name: str
    kind: str  # scheme key, or "long" (prints > 16 characters)
    trade: str  # goods, service, cess_goods, vehicle, airline, rent, gta
    rate: int
    weight: float
    branch: Supplier | None = None  # another GSTIN of the same PAN (another state)
    counters: dict = field(default_factory=dict)

    @property
    def state(self) -> str:
        return self.gstin[:2]

    @property
    def intra(self) -> bool:
        return self.state == COMPANY_STATE

    def scheme(self, doc_type: DocumentType) -> Scheme:
        if self.kind == "long":
            return LONG_REPORTED
        return SCHEMES[self.kind][[DocumentType.INVOICE, DocumentType.CREDIT_NOTE,
                                   DocumentType.DEBIT_NOTE].index(doc_type)]


@dataclass
class Doc:
    """A document as the supplier issued it."""

    supplier: Supplier
    doc_type: DocumentType
    scheme: Scheme
    serial: int
    date: date
    amounts: Amounts
    fy_start: int = 2025

    @property
    def number(self) -> str:  # as reported in GSTR-1 (<= 16 characters)
        return self.scheme.render(self.serial, self.fy_start)

    @property
    def printed(self) -> str:  # as printed on the paper the clerk books from
        if self.supplier.kind == "long" and self.scheme is LONG_REPORTED:
            return LONG_PRINTED.render(self.serial, self.fy_start)
        return self.number


def tax(rng_taxable: int, rate: int, intra: bool, cess_rate: int = 0) -> Amounts:
    def pct(value: int, numerator: int, denominator: int) -> int:
        return (value * numerator * 2 + denominator) // (denominator * 2)  # half up, in paise

    cess = pct(rng_taxable, cess_rate, 100)
    if intra:
        half = pct(rng_taxable, rate, 200)
        return Amounts(rng_taxable, 0, half, half, cess)
    return Amounts(rng_taxable, pct(rng_taxable, rate, 100), 0, 0, cess)


def total(amounts: Amounts) -> int:
    return amounts.taxable_value + amounts.total_tax


class World:
    def __init__(self, rng: random.Random, kinds: dict[str, float], n_suppliers: int):
        self.rng = rng
        self.company = make_gstin(rng, COMPANY_STATE)
        self.ims: list[ImsRecord] = []
        self.pis: list[PurchaseDocument] = []
        self.truth: list[dict] = []
        self.habits: dict[str, str] = {}
        self.rows: list[tuple] = []  # (ims or None, pi or None, category, habit)
        self.suppliers = [self._supplier(kinds) for _ in range(n_suppliers)]
        self._serial_used: set = set()
        self._amount_used: set = set()

    # ---- suppliers ----
    def _supplier(self, kinds: dict[str, float], trade: str | None = None) -> Supplier:
        rng = self.rng
        state = COMPANY_STATE if rng.random() < 0.55 else rng.choice(OTHER_STATES)
        gstin = make_gstin(rng, state, kind=rng.choice("CCCCFFP"))
        kind = rng.choices(list(kinds), weights=list(kinds.values()))[0]
        trade = trade or rng.choices(["goods", "service", "cess_goods"], weights=[70, 27, 3])[0]
        rate = {"cess_goods": 28}.get(trade) or rng.choices([18, 12, 5, 28], weights=[60, 20, 12, 8])[0]
        name = "".join(rng.choice(string.ascii_uppercase) for _ in range(5)).title()
        sup = Supplier(gstin, f"{name} {rng.choice(['Pvt Ltd', 'Traders', 'Enterprises', 'LLP'])}",
                       kind, trade, rate, rng.paretovariate(1.2))
        if rng.random() < 0.12:  # a branch in another state, same PAN, same billing software
            other = rng.choice([s for s in OTHER_STATES + [COMPANY_STATE] if s != state])
            sup.branch = Supplier(make_gstin(rng, other, pan=gstin[2:12]), sup.name + " (branch)",
                                  kind, trade, rate, 0.0)
        return sup

    def special(self, trade: str, kind: str, rate: int, state: str | None = None) -> Supplier:
        """A supplier made for one habit (an airline, a landlord, a transporter, a car dealer)."""
        sup = self._supplier({kind: 1.0}, trade)
        sup.rate = rate
        if state is not None:
            sup.gstin = make_gstin(self.rng, state, pan=sup.gstin[2:12])
        return sup

    def supplier(self, want=None) -> Supplier:
        pool = [s for s in self.suppliers if want is None or want(s)]
        if not pool:
            raise Retry("no supplier fits")
        return self.rng.choices(pool, weights=[s.weight for s in pool])[0]

    # ---- documents ----
    def day(self, first: date = MONTH_START, last: date = MONTH_END) -> date:
        return first + timedelta(days=self.rng.randint(0, (last - first).days))

    def serial(self, sup: Supplier, scheme: Scheme) -> int:
        key = (sup.gstin, scheme.name)
        if key not in sup.counters:
            start = RANGE_START.get(scheme.name, 0)
            sup.counters[key] = start + self.rng.randint(40, 900 if scheme.pad < 4 else 4000)
        sup.counters[key] += self.rng.randint(1, 9)
        return sup.counters[key]

    def taxable(self, low: float = 600.0, high: float = 600000.0) -> int:
        rupees = low * (high / low) ** self.rng.random()
        return int(rupees) * 100 + self.rng.randint(0, 99)

    def doc(self, sup: Supplier, doc_type: DocumentType = DocumentType.INVOICE, *,
            when: date | None = None, taxable: int | None = None, amounts: Amounts | None = None,
            serial: int | None = None, fy_start: int = 2025, scheme: Scheme | None = None) -> Doc:
        scheme = scheme or sup.scheme(doc_type)
        if serial is None:
            serial = self.serial(sup, scheme)
        else:  # a chosen serial: later bills of the series come after it
            key = (sup.gstin, scheme.name)
            sup.counters[key] = max(sup.counters.get(key, 0), serial)
        explicit = amounts is not None
        if amounts is None:
            base = taxable if taxable is not None else self.taxable(
                300.0 if doc_type != DocumentType.INVOICE else 600.0,
                60000.0 if doc_type != DocumentType.INVOICE else 600000.0)
            cess_rate = {"cess_goods": 12, "vehicle": 22}.get(sup.trade, 0)
            amounts = tax(base, sup.rate, sup.intra, cess_rate)
        doc = Doc(sup, doc_type, scheme, serial, when or self.day(), amounts, fy_start)
        number_key = (sup.gstin, doc_type, doc.number.upper(), fy_start)
        bucket = amounts.taxable_value // 500  # taxable values within Rs 5 of each other: too alike
        near = {(sup.gstin[2:12], b) for b in (bucket - 1, bucket, bucket + 1)}
        if number_key in self._serial_used or (not explicit and near & self._amount_used):
            raise Retry("collision")
        self._serial_used.add(number_key)
        self._amount_used.add((sup.gstin[2:12], bucket))
        return doc

    # ---- the two sides ----
    def ims_record(self, doc: Doc, *, amended_from: str | None = None, amended_date: date | None = None,
                   number: str | None = None, amounts: Amounts | None = None, period: str = PERIOD,
                   round_value: bool | None = None) -> ImsRecord:
        rng = self.rng
        amounts = amounts or doc.amounts
        value = total(amounts)
        if round_value if round_value is not None else rng.random() < 0.4:
            value = (value + 50) // 100 * 100  # suppliers round the invoice value to the rupee
        section = SECTION_OF[(doc.doc_type, amended_from is not None)]
        action = rng.choices([Action.NO_ACTION, Action.ACCEPT, Action.PENDING], weights=[85, 12, 3])[0]
        if section == Section.B2BCN and action == Action.PENDING:
            action = Action.NO_ACTION
        record = ImsRecord(
            section=section, supplier_gstin=doc.supplier.gstin, document_number=number or doc.number,
            document_date=doc.date, supplier_return_period=period, document_value=value,
            amounts=amounts, place_of_supply=COMPANY_STATE, action=action, invoice_type="R",
            source_form="R1A" if amended_from and rng.random() < 0.5 else "R1",
            supplier_filed=rng.random() < 0.9, pending_blocked=section == Section.B2BCN,
            original_number=amended_from, original_date=amended_date if amended_from else None,
        )
        self.ims.append(record)
        return record

    def purchase(self, doc: Doc, *, bill_no: str | None = None, bill_date: date | None = None,
                 amounts: Amounts | None = None, gstin: str | None = None, pos: str = COMPANY_STATE,
                 reverse_charge: bool = False, posting: date | None = None,
                 round_total: bool | None = None) -> PurchaseDocument:
        rng = self.rng
        amounts = amounts or doc.amounts
        if doc.doc_type == DocumentType.CREDIT_NOTE:
            amounts = amounts.negated()  # ERPNext holds a purchase return negative
        bill_date = bill_date or doc.date
        grand = total(amounts)
        if round_total if round_total is not None else rng.random() < 0.5:
            grand = (grand + 50) // 100 * 100 if grand >= 0 else -((-grand + 50) // 100 * 100)
        if posting is None:  # posted in the month of the register
            lag = timedelta(days=rng.choice([0, 0, 0, 1, 2, 3, 5]))
            posting = max(bill_date, doc.date, MONTH_START) + lag
        pi = PurchaseDocument(
            name=f"tmp-{len(self.pis):05d}", supplier_gstin=gstin or doc.supplier.gstin,
            document_type=doc.doc_type, bill_no=doc.printed if bill_no is None else bill_no,
            bill_date=bill_date, amounts=amounts, place_of_supply=pos, company_gstin=self.company,
            supplier_name=doc.supplier.name, posting_date=posting, reverse_charge=reverse_charge,
            grand_total=grand,
        )
        self.pis.append(pi)
        return pi

    # ---- truth ----
    def pair(self, ims: ImsRecord, pi: PurchaseDocument, habit: str, meant: str) -> None:
        got = classify(ims, pi)
        if got != meant:
            raise Retry(f"{habit}: meant {meant}, the records say {got}")
        self.rows.append((ims, pi, got, habit))

    def lone_ims(self, ims: ImsRecord, habit: str) -> None:
        self.rows.append((ims, None, "missing_in_pi", habit))

    def lone_pi(self, pi: PurchaseDocument, habit: str) -> None:
        self.rows.append((None, pi, "missing_in_ims", habit))


def classify(ims: ImsRecord, pi: PurchaseDocument) -> str:
    """The README's categories for a pair already known to be the same document."""
    if ims.document_type != pi.document_type:
        raise AssertionError("a pair across document types")
    books = pi.amounts.negated() if pi.document_type == DocumentType.CREDIT_NOTE else pi.amounts
    gaps = [abs(getattr(ims.amounts, h) - getattr(books, h)) for h in HEADS]
    if pi.supplier_gstin != ims.supplier_gstin:
        assert pi.supplier_gstin[2:12] == ims.supplier_gstin[2:12]
        return "mismatch"  # booked against another GSTIN of the same PAN
    if pi.place_of_supply != ims.place_of_supply or max(gaps) > 100:
        return "mismatch"
    if 96 <= max(gaps) <= 104 or 1 <= max(gaps) < 5:
        raise Retry("amount too near a tolerance to be a fair test")
    same_number = pi.bill_no.strip().upper() == ims.document_number.strip().upper()
    if not same_number or max(gaps) > 1 or pi.bill_date != ims.document_date:
        return "suggested"
    return "exact"
