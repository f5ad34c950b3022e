"""One bill as IMS shows it and as the clerk booked it, and the month's shared state.

An ``Item`` is one line of truth: an IMS record, a purchase document, or both, with the category the
README's definitions give and the habits that shaped it. Purchase names are given at the end
(``month.assemble``), so a habit builds documents with a placeholder name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from india_ims.gst_india.documents import Amounts, DocumentType, ImsRecord, PurchaseDocument, Section

from .world import Supplier

PERIOD = "122026"
MONTH_START = date(2026, 12, 1)


@dataclass
class Item:
    ims: ImsRecord | None
    book: PurchaseDocument | None
    category: str
    tags: tuple[str, ...] = ()


def tax_heads(taxable: int, rate_tenths: int, intra: bool, cess: int = 0) -> Amounts:
    """Amounts in paise; ``rate_tenths`` is the rate in tenths of a percent (180 = 18 %, 1 = 0.1 %)."""
    if intra:
        half = round(taxable * rate_tenths / 2000)
        return Amounts(taxable, 0, half, half, cess)
    return Amounts(taxable, round(taxable * rate_tenths / 1000), 0, 0, cess)


def total(amounts: Amounts) -> int:
    return amounts.taxable_value + amounts.total_tax


class Ctx:
    """The month being built: recipient, suppliers, random source."""

    def __init__(self, rng: random.Random, recipient: str, suppliers: list[Supplier]):
        self.rng = rng
        self.recipient = recipient
        self.state = recipient[:2]
        self.suppliers = suppliers

    def pick(self, *kinds: str) -> Supplier:
        pool = [s for s in self.suppliers if not kinds or s.kind in kinds]
        return self.rng.choice(pool or self.suppliers)

    def day(self, last: int = 31) -> date:
        return MONTH_START + timedelta(days=self.rng.randint(0, last - 1))

    def taxable(self, low: int = 800, high: int = 250_000) -> int:
        """A taxable value in paise, rupees drawn log-uniformly, paise sometimes non-zero."""
        rupees = int(round(low * (high / low) ** self.rng.random()))
        return rupees * 100 + (self.rng.choice((0, 0, 0, 25, 50, self.rng.randint(1, 99))))

    def amounts(self, supplier: Supplier, taxable: int | None = None, rate: int | None = None) -> Amounts:
        rate_tenths = 10 * (rate if rate is not None else self.rng.choice(supplier.rates))
        return tax_heads(taxable if taxable is not None else self.taxable(), rate_tenths,
                         supplier.state == self.state)

    def ims(self, supplier: Supplier, number: str, day: date, amounts: Amounts,
            section: Section = Section.B2B, pos: str | None = None) -> ImsRecord:
        return ImsRecord(section=section, supplier_gstin=supplier.gstin, document_number=number,
                         document_date=day, supplier_return_period=PERIOD, document_value=total(amounts),
                         amounts=amounts, place_of_supply=pos or self.state,
                         invoice_type=None if section.is_ecommerce else "R",
                         source_form=self.rng.choice(("R1", "R1", "IFF")))

    def book(self, supplier: Supplier, number: str, day: date | None, amounts: Amounts,
             doc_type: DocumentType = DocumentType.INVOICE, pos: str | None = None,
             posting: date | None = None, reverse_charge: bool = False) -> PurchaseDocument:
        signed = amounts.negated() if doc_type is DocumentType.CREDIT_NOTE else amounts
        if posting is None:
            base = day if day and day.year == 2026 and day.month == 12 else MONTH_START
            posting = min(base + timedelta(days=self.rng.choice((0, 0, 1, 2, 3))), date(2026, 12, 31))
        return PurchaseDocument(name="?", supplier_gstin=supplier.gstin, document_type=doc_type,
                                bill_no=number, bill_date=day, amounts=signed,
                                place_of_supply=pos or self.state, company_gstin=self.recipient,
                                supplier_name=supplier.name, posting_date=posting,
                                reverse_charge=reverse_charge, grand_total=total(signed))

    def pair(self, supplier: Supplier, section: Section = Section.B2B, amounts: Amounts | None = None,
             number: str | None = None, day: date | None = None) -> tuple[ImsRecord, PurchaseDocument]:
        """A clean bill: the clerk booked exactly what the supplier reported."""
        number = number or supplier.next_number()
        day = day or self.day()
        amounts = amounts or self.amounts(supplier)
        record = self.ims(supplier, number, day, amounts, section)
        return record, self.book(supplier, number, day, amounts, section.document_type)


def rebook(book: PurchaseDocument, **changes) -> PurchaseDocument:
    """The booked document with some fields changed; ``amounts`` given with IMS's sign."""
    if "amounts" in changes and book.document_type is DocumentType.CREDIT_NOTE:
        changes["amounts"] = changes["amounts"].negated()
    out = replace(book, **changes)
    if "amounts" in changes and "grand_total" not in changes:
        out = replace(out, grand_total=total(out.amounts))
    return out
