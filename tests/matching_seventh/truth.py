"""Truth: the category of a known pair read off the definitions, and a defensibility check.

``category`` applies shared/datasets/README.md to the two documents, never the habit's name:
exact needs same GSTIN, type, number (trimmed, upper-cased), date, place of supply and every head
within ₹0.01; a head beyond ₹1, another place of supply or another GSTIN of the PAN is a mismatch;
anything else between two documents known to be one bill is suggested, provided the number is at
most "written differently" and the date at most a few days off (else it raises: not defensible).

``conflicts`` is a crude resemblance of my own (not the engine's): a labelled pair is arguable when
another document of the same PAN resembles one side at least as well, and two unpaired documents
are arguable when they resemble each other enough that pairing them would be a fair reading.
"""

from __future__ import annotations

import re
from functools import lru_cache

from india_ims.gst_india.documents import DocumentType, ImsRecord, PurchaseDocument

FEW_DAYS = 5


def heads(a) -> tuple[int, ...]:
    return (a.taxable_value, a.igst, a.cgst, a.sgst, a.cess)


def books_heads(record: ImsRecord, document: PurchaseDocument) -> tuple[int, ...]:
    sign = -1 if document.document_type == DocumentType.CREDIT_NOTE else 1
    return tuple(sign * v for v in heads(document.amounts))


def gap(record: ImsRecord, document: PurchaseDocument) -> int:
    return max(abs(x - y) for x, y in zip(heads(record.amounts), books_heads(record, document)))


def days_apart(record: ImsRecord, document: PurchaseDocument) -> int:
    day = document.bill_date or document.posting_date
    return abs((day - record.document_date).days) if day else 999


def category(record: ImsRecord, document: PurchaseDocument) -> str:
    number = number_class(record.document_number, document.bill_no)
    if number > 1 or days_apart(record, document) > FEW_DAYS:
        raise ValueError(f"{record.document_number} / {document.bill_no}: not one bill beyond doubt")
    if (document.supplier_gstin != record.supplier_gstin or gap(record, document) > 100
            or document.place_of_supply != record.place_of_supply):
        return "mismatch"
    if (document.document_type == record.document_type and number == 0
            and document.bill_date == record.document_date and gap(record, document) <= 1):
        return "exact"
    return "suggested"


_YEAR = re.compile(r"(?<![0-9])(20)?2[67](-|/)?(20)?2[78](?![0-9])")


def _forms(text: str) -> set[str]:
    upper = text.upper()
    out = set()
    for version in (upper, _YEAR.sub(" ", upper)):
        parts = [p.lstrip("0") or "0" if p.isdigit() else p for p in re.split(r"[^0-9A-Z]+", version) if p]
        out.add("".join(parts))
        squeezed = re.sub(r"[^0-9A-Z]", "", version)  # separators out, zeros kept (1,00,234)
        out.update({squeezed, squeezed.lstrip("0")})
        out.add("".join(sorted(parts)))  # the same tokens in another order
    return out - {""}


def _osa(a: str, b: str) -> int:
    if abs(len(a) - len(b)) > 2:
        return 3
    prev2, prev = None, list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        row = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            row[j] = min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1]))
            if prev2 and i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                row[j] = min(row[j], prev2[j - 2] + 1)
        prev2, prev = prev, row
    return prev[-1]


def _prefixed(long: str, short: str) -> bool:
    """``long`` is ``short`` behind a prefix: letters (INV357), or a digit code and padding zeros
    (9000000357 for 357); a bare digit in front (1357) is another serial."""
    if len(short) < 3 or len(long) <= len(short) or not long.endswith(short) or short[0] == "0":
        return False
    head = long[: -len(short)]
    return head.isalpha() or (head.endswith("0") and len(head.rstrip("0")) <= 3)


@lru_cache(maxsize=100_000)
def number_class(a: str, b: str) -> int:
    """0 the same, 1 written differently, 2 two characters or fewer apart, 3 another number."""
    if a.strip().upper() == b.strip().upper():
        return 0
    fa, fb = _forms(a), _forms(b)
    if fa & fb or any(_prefixed(x, y) or _prefixed(y, x) for x in fa for y in fb):
        return 1
    return 2 if min(_osa(x, y) for x in fa for y in fb) <= 2 else 3


def amount_class(record: ImsRecord, document: PurchaseDocument) -> int:
    g = gap(record, document)
    if g <= 1:
        return 0
    if g <= 100:
        return 1
    total, books = sum(heads(record.amounts)), sum(books_heads(record, document))
    return 2 if abs(total - books) <= 0.1 * max(total, 1) else 3


def look(record: ImsRecord, document: PurchaseDocument) -> tuple[tuple[int, ...], int]:
    days = days_apart(record, document)
    return (number_class(record.document_number, document.bill_no), amount_class(record, document),
            int(document.supplier_gstin != record.supplier_gstin),
            int(document.document_type != record.document_type),
            int(document.place_of_supply != record.place_of_supply),
            0 if days == 0 else 1 if days <= FEW_DAYS else 2), days


def plausible(r: tuple[int, ...], days: int) -> bool:
    number, amount = r[0], r[1]
    return number <= 1 or (number == 2 and amount <= 2 and days <= 10) or (amount <= 1 and days <= FEW_DAYS)


def clearly_better(mine: tuple[int, ...], rival: tuple[int, ...]) -> bool:
    """Number first, then amounts; the rest only breaks ties. A rival with the bill's very amounts
    against ours far off, or a nearly-as-good number that is better elsewhere, leaves doubt."""
    if rival[0] < mine[0] or (rival[1] == 0 and mine[1] >= 2):
        return False
    if rival[0] == mine[0] + 1 and any(r < m for r, m in zip(rival[1:], mine[1:])):
        return False
    return mine < rival


def _family(type_: DocumentType) -> str:
    return "cn" if type_ == DocumentType.CREDIT_NOTE else "dr"


def conflicts(ims: list[ImsRecord], purchases: list[PurchaseDocument],
              pairs: dict[int, int]) -> tuple[set[int], set[int]]:
    """(IMS indices of arguable pairs, books indices of arguable unpaired entries)."""
    paired_books = set(pairs.values())
    groups: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for i, r in enumerate(ims):
        groups.setdefault((r.supplier_gstin[2:12], _family(r.document_type)), ([], []))[0].append(i)
    for b, p in enumerate(purchases):
        groups.setdefault((p.supplier_gstin[2:12], _family(p.document_type)), ([], []))[1].append(b)
    bad_pairs, bad_books = set(), set()
    for records, documents in groups.values():
        for i in records:
            b = pairs.get(i)
            if b is None:
                for o in documents:
                    if o not in paired_books and plausible(*look(ims[i], purchases[o])):
                        bad_books.add(o)
                continue
            mine, days = look(ims[i], purchases[b])
            if not plausible(mine, days):
                bad_pairs.add(i)
                continue
            rivals = [look(ims[i], purchases[o]) for o in documents if o != b]
            rivals += [look(ims[o], purchases[b]) for o in records if o != i]
            if any(plausible(r, d) and not clearly_better(mine, r) for r, d in rivals):
                bad_pairs.add(i)
    return bad_pairs, bad_books
