"""REPORT.xlsx: a summary sheet (counts and amounts by status) and a document sheet with IMS and
books values side by side, the fields that differ highlighted.

Streamed row by row (``stream_xlsx``): a month of 100,000 documents is never held in memory, and
the file takes seconds, not the 20+ s of openpyxl's write-only or XlsxWriter's constant-memory mode
(``benchmarks/bench_payload.py`` prints all three). Text is always a string cell: a supplier's
"=HYPERLINK(...)" stays text, never a formula.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from ..gst_india.documents import ImsRecord, MatchStatus, PurchaseDocument
from ..gst_india.matching import MatchResult
from ..gst_india.matching.explain import books_amounts, books_document_type
from .stream_xlsx import StreamingWorkbook

HEADS = ("taxable_value", "igst", "cgst", "sgst", "cess")
SIDE_FIELDS = ("supplier_gstin", "document_type", "document_number", "document_date", "place_of_supply",
               *HEADS)
SIDE_TITLES = ("Supplier GSTIN", "Type", "Number", "Date", "POS", "Taxable", "IGST", "CGST", "SGST", "Cess")
DIFFERENT = "FFE699"
STATUS_FILL = {
    MatchStatus.EXACT: "C6EFCE",
    MatchStatus.SUGGESTED: "DDEBF7",
    MatchStatus.MISMATCH: "F8CBAD",
    MatchStatus.MISSING_IN_PI: "FCE4D6",
    MatchStatus.MISSING_IN_IMS: "EDEDED",
}
_DATE_COLUMNS = (3 + SIDE_FIELDS.index("document_date"),
                 3 + len(SIDE_FIELDS) + 1 + SIDE_FIELDS.index("document_date"))


def _ims_values(record: ImsRecord | None) -> list:
    if record is None:
        return [None] * len(SIDE_FIELDS)
    amounts = record.amounts
    return [record.supplier_gstin, record.document_type.value, record.document_number, record.document_date,
            record.place_of_supply, *(getattr(amounts, head) / 100 for head in HEADS)]


def _books_values(document: PurchaseDocument | None) -> list:
    if document is None:
        return [None] * len(SIDE_FIELDS)
    amounts = books_amounts(document)
    return [document.supplier_gstin, books_document_type(document).value, document.bill_no,
            document.bill_date or document.posting_date, document.place_of_supply,
            *(getattr(amounts, head) / 100 for head in HEADS)]


def write_report(path: str | Path, results: Sequence[MatchResult], ims: Sequence[ImsRecord],
                 purchases: Sequence[PurchaseDocument]) -> None:
    """Write the report; on any error the half-written file is removed."""
    try:
        with StreamingWorkbook(path) as workbook:
            styles = _Styles(workbook)
            workbook.write_sheet("Summary", _summary_rows(styles, results, ims, purchases), columns=6,
                                 widths=[18] * 6)
            titles = ["Status", "Reason", "Section", *(f"IMS {t}" for t in SIDE_TITLES), "Purchase Invoice",
                      *(f"Books {t}" for t in SIDE_TITLES)]
            widths = [16, 60, 8, *([16] * len(SIDE_TITLES)), 22, *([16] * len(SIDE_TITLES))]
            workbook.write_sheet("Documents", _document_rows(styles, titles, results, ims, purchases),
                                 columns=len(titles), widths=widths, freeze=(1, 3))
    except BaseException:
        Path(path).unlink(missing_ok=True)
        raise


class _Styles:
    def __init__(self, workbook: StreamingWorkbook):
        self.bold = workbook.style(bold=True)
        self.money = workbook.style(number_format=",##,##0.00")
        self.date = workbook.style(number_format="dd-mm-yyyy")
        self.different = workbook.style(fill=DIFFERENT)
        self.different_date = workbook.style(fill=DIFFERENT, number_format="dd-mm-yyyy")
        self.status = {status: workbook.style(fill=color) for status, color in STATUS_FILL.items()}


def _summary_rows(styles: _Styles, results, ims, purchases):
    counts: dict = defaultdict(int)
    totals: dict = defaultdict(lambda: [0, 0, 0, 0])
    for result in results:
        counts[result.status] += 1
        total = totals[result.status]
        if result.ims_index is not None:
            amounts = ims[result.ims_index].amounts
            total[0] += amounts.taxable_value
            total[1] += amounts.total_tax
        if result.purchase_index is not None:
            amounts = books_amounts(purchases[result.purchase_index])
            total[2] += amounts.taxable_value
            total[3] += amounts.total_tax
    header = ["Status", "Documents", "IMS taxable", "IMS tax", "Books taxable", "Books tax"]
    yield header, [styles.bold] * len(header)
    money = [None, None, *([styles.money] * 4)]
    for status in MatchStatus:
        if status == MatchStatus.MANUAL and not counts[status]:
            continue
        row = [status.value, counts[status], *(value / 100 for value in totals[status])]
        yield row, [styles.status.get(status, styles.different), *money[1:]]
    grand = [sum(totals[s][k] for s in totals) / 100 for k in range(4)]
    yield ["Total", len(results), *grand], [styles.bold, *money[1:]]
    yield [], None
    yield [f"{len(ims)} IMS records, {len(purchases)} purchase documents"], None


def _document_rows(styles: _Styles, titles, results, ims, purchases):
    yield titles, [styles.bold] * len(titles)
    width = len(titles)
    plain = [None] * width
    for column in _DATE_COLUMNS:
        plain[column] = styles.date
    books_offset = 3 + len(SIDE_FIELDS) + 1
    positions = {field: offset for offset, field in enumerate(SIDE_FIELDS)}
    status_styles = styles.status
    exact = MatchStatus.EXACT
    for result in results:
        record = ims[result.ims_index] if result.ims_index is not None else None
        document = purchases[result.purchase_index] if result.purchase_index is not None else None
        row = [result.status.value, result.reason, record.section.value if record else None]
        row.extend(_ims_values(record))
        row.append(document.name if document else None)
        row.extend(_books_values(document))
        if result.status is exact and not result.differences:
            yield row, plain
            continue
        cell_styles = list(plain)
        if result.status is not exact:
            cell_styles[0] = status_styles.get(result.status, styles.different)
        for difference in result.differences:
            offset = positions.get(difference.field)
            if offset is not None:
                for column in (3 + offset, books_offset + offset):
                    dated = column in _DATE_COLUMNS
                    cell_styles[column] = styles.different_date if dated else styles.different
        yield row, cell_styles
