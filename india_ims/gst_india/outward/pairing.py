"""Pair our reported sales with our Sales Invoices through the purchase-side matching engine.

The engine pairs a counterparty's document (an ``ImsRecord``) with one in our books (a
``PurchaseDocument``), blocking on the counterparty's PAN and comparing number, date and amounts.
On the sales side the counterparty is the customer, so the mapping is one to one: the customer's
GSTIN stands in the engine's supplier GSTIN, the Sales Invoice in the purchase document. Only the
words of the reasons change (a sale missing from the books is not "missing in the purchase register").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..documents import ImsRecord, MatchStatus, PurchaseDocument
from ..matching import MatchResult, MatchSettings, reconcile
from ..matching.model import Difference
from .model import OutwardRecord, SalesDocument

# Sales-side names of the engine's statuses: the purchase words would mislead on a sale.
NOT_IN_BOOKS = "Not in Sales Register"
NOT_REPORTED = "Not in GSTR-1"
STATUS_WORDS = {
    MatchStatus.EXACT: MatchStatus.EXACT.value,
    MatchStatus.SUGGESTED: MatchStatus.SUGGESTED.value,
    MatchStatus.MISMATCH: MatchStatus.MISMATCH.value,
    MatchStatus.MANUAL: MatchStatus.MANUAL.value,
    MatchStatus.MISSING_IN_PI: NOT_IN_BOOKS,
    MatchStatus.MISSING_IN_IMS: NOT_REPORTED,
}
# Phrases of the engine's reasons said the sales way, applied in order (unknown text is kept as is).
REASON_WORDS = (
    ("not reported by the supplier in IMS", "not in our GSTR-1 supplier view for the period"),
    ("not in the purchase register", "no Sales Invoice in the books"),
    ("no bill date in the books", "no posting date in the books"),
    ("booked against", "invoiced to"),
    ("reported by", "reported for"),
)


@dataclass(frozen=True, slots=True)
class SalesMatch:
    sale_index: int | None  # position in the sales input, None when only a Sales Invoice is left
    book_index: int | None  # position in the Sales Invoice input, None when not in the books
    status: str
    reason: str
    differences: tuple[Difference, ...] = ()
    score: float = 0.0


def sales_words(reason: str) -> str:
    for purchase_side, sales_side in REASON_WORDS:
        reason = reason.replace(purchase_side, sales_side)
    return reason


def as_engine_record(sale: OutwardRecord) -> ImsRecord:
    return ImsRecord(
        section=sale.section,
        supplier_gstin=sale.recipient_gstin,
        document_number=sale.document_number,
        document_date=sale.document_date,
        supplier_return_period=sale.return_period,
        document_value=sale.document_value,
        amounts=sale.amounts,
        place_of_supply=sale.place_of_supply,
        action=sale.recipient_action,
        source_form="R1A" if sale.return_type == "GSTR1A" else "R1",
        # An amendment is often booked under its original's number: the engine pairs through it.
        original_number=sale.original_number if sale.section.is_amendment else None,
        original_date=sale.original_date if sale.section.is_amendment else None,
    )


def as_engine_document(document: SalesDocument) -> PurchaseDocument:
    return PurchaseDocument(
        name=document.name,
        supplier_gstin=document.customer_gstin,
        document_type=document.document_type,
        bill_no=document.number,
        bill_date=document.posting_date,
        amounts=document.amounts,
        place_of_supply=document.place_of_supply,
        company_gstin=document.company_gstin,
        supplier_name=document.customer_name,
        posting_date=document.posting_date,
        grand_total=document.grand_total,
    )


def pair_sales(
    sales: Sequence[OutwardRecord],
    books: Sequence[SalesDocument],
    settings: MatchSettings = MatchSettings(),  # noqa: B008 - frozen, shared safely
) -> list[SalesMatch]:
    """One result per reported sale and one per Sales Invoice left unpaired, with reasons in words."""
    results = reconcile(
        [as_engine_record(s) for s in sales], [as_engine_document(d) for d in books], settings
    )
    return [_sales_match(result) for result in results]


def _sales_match(result: MatchResult) -> SalesMatch:
    return SalesMatch(
        result.ims_index,
        result.purchase_index,
        STATUS_WORDS.get(result.status, str(result.status.value)),
        sales_words(result.reason),
        tuple(result.differences),
        result.score,
    )
