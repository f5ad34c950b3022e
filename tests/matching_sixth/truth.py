"""Truth: the category of a known pair, and whether a careful accountant could defend the pairing.

``category`` reads the two documents and applies the definitions of shared/datasets/README.md to
the letter; it never looks at which habit was applied:

- exact: same supplier GSTIN and document type; numbers equal once trimmed and upper-cased; same
  date and place of supply; every head (taxable, IGST, CGST, SGST, cess) within ₹0.01.
- mismatch: a difference that changes tax: a head beyond the ₹1 rounding tolerance (tax under the
  wrong heads, a cess left out), another place of supply, another GSTIN of the same PAN.
- suggested: anything else between two documents we know are the same bill; the generator only
  lets clerical differences through (number written differently, date a few days off, heads within
  ₹1, the type a clerk filed it under).

``conflicts`` is the defensibility check. It uses its own crude notion of resemblance (not the
engine's) and flags a labelled pair when some other document resembles either side at least as
well, and two unpaired documents that resemble each other enough that pairing them would be a fair
reading. The month generator then drops the habit or the document that caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from india_ims.gst_india.documents import DocumentType, ImsRecord, PurchaseDocument

EXACT_TOLERANCE = 1  # paise: "within ₹0.01"
ROUNDING_TOLERANCE = 100  # paise: "within the rounding tolerance (₹1 a head)"
FEW_DAYS = 5  # the most a clerical date slip is allowed to move a bill here


def _heads(amounts) -> tuple[int, ...]:
    return (amounts.taxable_value, amounts.igst, amounts.cgst, amounts.sgst, amounts.cess)


def books_magnitudes(record: ImsRecord, document: PurchaseDocument) -> tuple[int, ...]:
    """The books' heads on IMS's positive scale: a credit note is negative in ERPNext."""
    sign = -1 if record.document_type == DocumentType.CREDIT_NOTE else 1
    return tuple(sign * v for v in _heads(document.amounts))


def head_gap(record: ImsRecord, document: PurchaseDocument) -> int:
    return max(abs(a - b) for a, b in zip(_heads(record.amounts), books_magnitudes(record, document)))


def books_day(document: PurchaseDocument):
    return document.bill_date or document.posting_date


def day_gap(record: ImsRecord, document: PurchaseDocument) -> int:
    day = books_day(document)
    return abs((day - record.document_date).days) if day else 999


def category(record: ImsRecord, document: PurchaseDocument) -> str:
    gap = head_gap(record, document)
    if (document.supplier_gstin != record.supplier_gstin or gap > ROUNDING_TOLERANCE
            or document.place_of_supply != record.place_of_supply):
        return "mismatch"
    if (document.document_type == record.document_type
            and document.bill_no.strip().upper() == record.document_number.strip().upper()
            and document.bill_date == record.document_date and gap <= EXACT_TOLERANCE):
        return "exact"
    if day_gap(record, document) > FEW_DAYS:
        raise ValueError(f"{record.document_number}: date moved beyond a clerical slip")
    return "suggested"


# ---- resemblance, for the defensibility check only -------------------------------------------

_FY = re.compile(r"(?<![0-9])(?:20)?26\s*[-/\u2013\u2212]?\s*(?:20)?27(?![0-9])")
_LOOKALIKE = str.maketrans("OISBZ", "01582")


def _alnum(text: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", text.upper())


def _unpad(text: str) -> str:
    return re.sub(r"(?<![0-9])0+(?=[0-9])", "", text)


def _squeeze(text: str) -> str:
    """Leading zeros off every digit run, then separators out ("5/00987" and "5/987" give "5987")."""
    return "".join(_unpad(part) for part in re.split(r"[^0-9A-Z]+", text))


def _forms(text: str) -> set[str]:
    upper = text.upper()
    forms = {_squeeze(upper), _squeeze(_FY.sub("", upper)), _unpad(_alnum(upper))}
    forms.discard("")
    return forms


def _distance(a: str, b: str) -> int:
    """Edit distance with adjacent transpositions (optimal string alignment)."""
    if abs(len(a) - len(b)) > 2:
        return 3
    rows = [list(range(len(b) + 1))]
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            row[j] = min(rows[-1][j] + 1, row[j - 1] + 1, rows[-1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], rows[-2][j - 2] + 1)
        rows.append(row)
    return rows[-1][-1]


@lru_cache(maxsize=200_000)
def number_class(a: str, b: str) -> int:
    """0 identical, 1 the same number written differently, 2 a slip away, 3 another number."""
    if a.strip().upper() == b.strip().upper():
        return 0
    fa, fb = _forms(a), _forms(b)
    if fa & fb:
        return 1
    for x in fa:
        for y in fb:
            short, long_ = sorted((x, y), key=len)
            if any(c.isdigit() for c in short) and (long_.endswith(short) or long_.startswith(short)):
                return 1
    if any(_distance(x, y) <= 2 for x in fa for y in fb):
        return 2
    folded = {_squeeze(a.upper().translate(_LOOKALIKE))} & {_squeeze(b.upper().translate(_LOOKALIKE))}
    return 2 if folded else 3


def amount_class(record: ImsRecord, document: PurchaseDocument) -> int:
    gap = head_gap(record, document)
    if gap <= EXACT_TOLERANCE:
        return 0
    if gap <= ROUNDING_TOLERANCE:
        return 1
    books = books_magnitudes(record, document)
    ims_total, books_total = sum(_heads(record.amounts)), sum(books)
    return 2 if abs(ims_total - books_total) <= 0.1 * max(ims_total, 1) else 3


@dataclass(frozen=True)
class Resemblance:
    number: int
    amount: int
    gstin: int
    type: int
    place: int
    days: int  # 0 same day, 1 a few days, 2 more

    def plausible(self, raw_days: int) -> bool:
        """Would a careful reader consider pairing these two at all?"""
        return (self.number <= 1 or (self.number == 2 and self.amount <= 2 and raw_days <= 7)
                or (self.amount == 0 and raw_days <= FEW_DAYS))

    def beats(self, rival: Resemblance) -> bool:
        """Is this pairing clearly better than a plausible rival? The number and the amounts are the
        evidence a reader weighs first; GSTIN, type, place and date only break a tie."""
        if rival.number < self.number:
            return False
        if rival.amount == 0 and self.amount >= 2:
            return False  # the rival has the bill's very amounts where ours is off by a lot
        mine, theirs = self.as_tuple()[2:], rival.as_tuple()[2:]
        if rival.number == self.number + 1 and (
                rival.amount < self.amount or any(r < m for r, m in zip(theirs, mine))):
            return False  # nearly as good a number and better elsewhere: a fair reader could hesitate
        if rival.number == self.number and rival.amount <= self.amount:
            if rival.amount < self.amount:
                return False
            return all(a <= b for a, b in zip(mine, theirs)) and mine != theirs
        return True

    def as_tuple(self):
        return (self.number, self.amount, self.gstin, self.type, self.place, self.days)


def resemblance(record: ImsRecord, document: PurchaseDocument) -> tuple[Resemblance, int]:
    days = day_gap(record, document)
    return Resemblance(
        number_class(record.document_number, document.bill_no), amount_class(record, document),
        int(document.supplier_gstin != record.supplier_gstin),
        int(document.document_type != record.document_type),
        int(document.place_of_supply != record.place_of_supply),
        0 if days == 0 else 1 if days <= FEW_DAYS else 2), days


def _family(record: ImsRecord | None, document: PurchaseDocument | None) -> str:
    if record is not None:
        return "cn" if record.document_type == DocumentType.CREDIT_NOTE else "dr"
    return "cn" if document.amounts.taxable_value < 0 else "dr"


def conflicts(ims: list[ImsRecord], purchases: list[PurchaseDocument],
              pairs: dict[int, int]) -> tuple[set[int], set[int]]:
    """Indices (IMS, books) whose labelling a careful accountant could argue with.

    ``pairs`` maps IMS index to books index for the true pairs. Returns the IMS indices of pairs to
    simplify and the books indices of unpaired documents to drop.
    """
    paired_books = {b: i for i, b in pairs.items()}
    by_group: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for i, r in enumerate(ims):
        by_group.setdefault((r.supplier_gstin[2:12], _family(r, None)), ([], []))[0].append(i)
    for b, p in enumerate(purchases):
        if p.supplier_gstin:
            by_group.setdefault((p.supplier_gstin[2:12], _family(None, p)), ([], []))[1].append(b)
    bad_pairs: set[int] = set()
    bad_books: set[int] = set()
    for records, documents in by_group.values():
        memo: dict = {}

        def look(i, b, memo=memo):
            if (i, b) not in memo:
                memo[(i, b)] = resemblance(ims[i], purchases[b])
            return memo[(i, b)]

        for i in records:
            b = pairs.get(i)
            if b is None:
                # An unpaired IMS record must not look like any unpaired books entry.
                for other in documents:
                    if other not in paired_books and look(i, other)[0].plausible(look(i, other)[1]):
                        bad_books.add(other)
                continue
            true, raw = look(i, b)
            if not true.plausible(raw):
                bad_pairs.add(i)
                continue
            rivals = ((i, o) for o in documents if o != b)
            others = ((o, b) for o in records if o != i)
            for x, y in (*rivals, *others):
                rival, days = look(x, y)
                if rival.plausible(days) and not true.beats(rival):
                    bad_pairs.add(i)
                    break
    return bad_pairs, bad_books
