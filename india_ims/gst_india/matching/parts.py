"""One bill booked in parts, or several bills booked as one: groups whose sum is the other side's document.

Clerks book a bill of goods and services, or of two cost centres, as two or
three entries: under the bill's own number twice, or numbered ``INV/1234-A``
and ``INV/1234-B``, ``1234/1`` and ``1234/2``, ``1234(1)``; and two bills of
one day as one entry, under the first number or numbered ``INV/1234-35``,
``1234 & 1235``, ``INV/1234, INV/1235``. GSTN has one document per bill,
so a one-to-one pairing leaves the parts unpaired or pairs one of them on an
amount that differs. What an accountant expects, and what happens here after
the one-to-one assignment, on documents it left unpaired or paired as a
Mismatch:

- the parts, all of the supplier's GSTIN and side, dated within the window of
  the bill, summing to its amounts (each head within the rounding tolerance
  once per part), and numbered as the bill or as the bill with part suffixes
  counted from A or 1, are the bill: the part under the bill's own number, or
  else the largest, pairs with it (a Mismatch: its amounts are not the
  bill's) and the reason names every part;
  the other parts stay Missing in IMS, their reason naming the bill and the
  part it was paired through;
- an entry numbered with two bills' numbers (the second one up to 50 after the
  first, written in full or by its last digits), summing to both, pairs with
  the first (a Mismatch); the second bill stays Missing in PI with a reason
  naming the entry. An entry under the first bill's number alone whose amounts
  are exactly that bill's and another of the day's together only gets the
  reason: without a number it is not proof enough to pair. Under that number
  with a prefix on one side only (``NAVYUGAGRO/2627/000001`` for the
  ``2627/000001`` GSTN holds, the printed number cut to 16 characters), which
  the assignment leaves apart for amounts far from the bill's, the entry
  summing to two open bills of the window pairs with the first;
- a bill booked for its amounts less a credit note of the supplier's that the
  books do not hold (a rate difference or discount taken off the bill, no
  return booked) keeps its Mismatch and the reason names the note; the note
  stays Missing in PI, its reason naming the bill.

Never Exact or Suggested: the books hold two documents for one (or one for
two), which an accountant corrects or accepts knowingly. Each rule is data
with its example (``RULES``), tested one by one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations

import numpy as np

from ..documents import Amounts, DocumentType, ImsRecord, PurchaseDocument
from .explain import books_amounts
from .features import is_credit
from .identity import clean_gstin

MAX_PARTS = 4  # a bill booked in more parts than this is a register's own scheme, not a habit
MAX_CANDIDATES = 8  # documents of one number and GSTIN within the window weighed as parts of one bill
JOINED_GAP = 50  # two bills booked together are of one day: their serials are close
NETTED_DAYS = 60  # a credit note taken off a bill in the books comes within weeks of it

# "INV/1234-A", "INV/1234 B", "1234A", "1234(A)": a letter after the serial (a part counted from A)
_LETTER_PART = re.compile(r"^(.*\d)\s*(?:[-/_.]\s*)?(?:\(\s*([A-H])\s*\)|([A-H]))$")
# "1234/1", "1234-2", "1234_1", "1234(2)": a digit after a separator (never glued: 12345 is a serial)
_DIGIT_PART = re.compile(r"^(.*\d)\s*(?:[-/_]\s*(?:\(\s*([1-9])\s*\)|([1-9]))|\(\s*([1-9])\s*\))$")
# "INV/1234-1235", "1234 & 1235", "INV/1234, INV/1235", "1234 TO 1235": a joint between two numbers
_JOIN = re.compile(r"\s*(?:&|,|\+|-|/|\bAND\b|\bTO\b)\s*")
# "INV/1234-35": the second bill by its serial's last digits
_JOINED = re.compile(r"^(.*?)(\d+)\s*(?:&|,|\+|-|/|\bAND\b|\bTO\b)\s*(\d+)$")
_RUNS = re.compile(r"\d+|\D+").findall
_SQUASH = re.compile(r"[^0-9A-Z]")
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # a prefix's, squashed
_PART_END = frozenset("ABCDEFGHabcdefgh)")  # how a number with a part suffix may end
_PART_JOINT = frozenset("-/_ (")  # or the character before its last


@dataclass(frozen=True)
class PartsRule:
    name: str
    description: str
    example: tuple[str, tuple[str, ...]]  # (IMS numbers..., books numbers...) as the test builds them
    decides: str


RULES: tuple[PartsRule, ...] = (
    PartsRule("booked in parts under the bill's number",
              "two entries under the bill's own number summing to it: the larger pairs, a Mismatch",
              ("279", ("279", "279")), "pair the larger part"),
    PartsRule("booked in parts with suffixes",
              "INV/1234-A and INV/1234-B (or 1234/1 and 1234/2) summing to INV/1234: the larger pairs",
              ("INV/1234", ("INV/1234-A", "INV/1234-B")), "pair the larger part"),
    PartsRule("two bills booked as one, both numbers written",
              "INV/1234-35 summing to INV/1234 and INV/1235: pairs with INV/1234, a Mismatch",
              ("INV/1234 INV/1235", ("INV/1234-35",)), "pair the first bill"),
    PartsRule("two bills booked as one under the first number",
              "1234 summing to 1234 and 1235 of the same day: the reason says so, no new pair",
              ("1234 1235", ("1234",)), "reason only"),
    PartsRule("two bills booked as one under the first number, its prefix on one side only",
              "NAVYUGAGRO/2627/000001 summing to 2627/000001 and 2627/000002 of the day (the printed "
              "number cut to GSTN's 16 characters): pairs with the first bill, a Mismatch; the number "
              "and the sum to the paisa are the proof the prefix alone cannot give",
              ("2627/000001 2627/000002", ("NAVYUGAGRO/2627/000001",)), "pair the first bill"),
    PartsRule("a credit note taken off the bill",
              "INV/45 booked for its amounts less credit note CN/12: the reason names the note",
              ("INV/45 CN/12", ("INV/45",)), "reason only"),
)


@dataclass
class Groups:
    """What the pass decided, by input position."""

    pairs: dict[int, int] = field(default_factory=dict)  # new pairs: IMS -> books (a Mismatch)
    unpaired: list[int] = field(default_factory=list)  # IMS records whose pair moved to another bill
    freed_books: list[int] = field(default_factory=list)  # books documents whose pair moved to another part
    ims_reasons: dict[int, str] = field(default_factory=dict)  # said before the pair's own reason
    books_reasons: dict[int, str] = field(default_factory=dict)  # parts left Missing in IMS
    missing_reasons: dict[int, str] = field(default_factory=dict)  # bills left Missing in PI


def squash(number: str | None) -> str:
    """The number's letters and digits alone, upper-cased: how two clerks' spellings are compared here."""
    return _SQUASH.sub("", number.upper()) if number else ""


def part_of(number: str | None) -> tuple[str, str]:
    """(squashed number of the bill, part suffix) of a books number; the suffix is '' when none."""
    text = (number or "").strip().upper()
    for pattern in (_LETTER_PART, _DIGIT_PART):
        found = pattern.match(text)
        if found:
            suffix = next(group for group in found.groups()[1:] if group)
            return squash(found.group(1)), suffix
    return squash(text), ""


def joined_numbers(number: str | None) -> tuple[str, str] | None:
    """The two bills' numbers (squashed) an entry numbered with both names, or None: both written in
    full (INV/0541/25-26-INV/0542/25-26, 1234 & 1235), or the second by its serial's last digits
    (INV/1234-35)."""
    text = (number or "").strip().upper()
    for found in _JOIN.finditer(text):
        left, right = text[:found.start()].replace(" ", ""), text[found.end():].replace(" ", "")
        if _one_serial_apart(left, right):
            return squash(left), squash(right)
    found = _JOINED.match(text)
    if not found:
        return None
    prefix, first, second = found.groups()
    if len(second) > len(first):
        return None  # KA/25-26/0045: a year and a serial, not two serials
    tail = len(second)
    second = first[:len(first) - tail] + second
    if tail < len(first) and int(second) <= int(first):  # 1499-00: the hundred rolled over, 1500
        second = str(int(second) + 10 ** tail).zfill(len(first))
    if not 0 < int(second) - int(first) <= JOINED_GAP:
        return None
    return squash(prefix + first), squash(prefix + second)


def _one_serial_apart(left: str, right: str) -> bool:
    """Two numbers alike but for one run of digits, the second up to ``JOINED_GAP`` after the first."""
    if len(left) != len(right) or not left or left == right:
        return False
    first, second = _RUNS(left), _RUNS(right)
    if len(first) != len(second):
        return False
    differing = [(a, b) for a, b in zip(first, second) if a != b]
    if len(differing) != 1 or not (differing[0][0].isdigit() and differing[0][1].isdigit()):
        return False
    return 0 < int(differing[0][1]) - int(differing[0][0]) <= JOINED_GAP


def _counted(suffixes: list[str]) -> bool:
    """Part suffixes counted from the start: every part under the bill's own number, or A, B, C / 1, 2,
    3, or the bill's own number first and then B, C / 2, 3 (or A, B / 1, 2)."""
    named = sorted(s for s in suffixes if s)
    plain = len(suffixes) - len(named)
    if not named:
        return True
    if plain > 1 or len(set(named)) != len(named) or len({s.isalpha() for s in named}) != 1:
        return False
    first = "A" if named[0].isalpha() else "1"
    starts = (ord(first), ord(first) + 1) if plain else (ord(first),)
    return any(named == [chr(start + k) for k in range(len(named))] for start in starts)


def _parts_summing(total: Amounts, near: list[tuple[int, str]], own: int, booked, tolerance: int):
    """The most parts among ``near`` (books position, suffix), ``own`` among them when paired, counted
    as parts are and summing to ``total``; None when none do."""
    for size in range(min(len(near), MAX_PARTS), 1, -1):
        for group in combinations(near, size):
            if own >= 0 and own not in {j for j, _ in group}:
                continue
            if _counted([s for _, s in group]) and _sums_to(total, [booked(j) for j, _ in group], tolerance):
                return list(group)
    return None


def _sums_to(total: Amounts, parts: list[Amounts], tolerance: int) -> bool:
    allowed = tolerance * len(parts)
    return all(abs(getattr(total, head) - sum(getattr(p, head) for p in parts)) <= allowed
               for head in ("taxable_value", "igst", "cgst", "sgst", "cess"))


def _day(document: PurchaseDocument):
    return document.bill_date or document.posting_date


def find_groups(ims: Sequence[ImsRecord], purchases: Sequence[PurchaseDocument], partner: np.ndarray,
                mismatch: np.ndarray, paired_books: np.ndarray, tolerance: int, window: int) -> Groups:
    """``partner``: books position per IMS record (-1: unpaired); ``mismatch``: mask of IMS records
    paired as a Mismatch (the only paired ones a group may explain); ``paired_books``: mask of books
    documents paired."""
    out = Groups()
    open_ims = np.flatnonzero((partner < 0) | mismatch).tolist()
    if not open_ims:
        return out
    mismatched = np.flatnonzero(mismatch).tolist()
    paired_with = dict(zip(partner[mismatched].tolist(), mismatched))
    partner = partner.tolist()
    # Documents meet on their numbers first (a dictionary lookup each); GSTIN, side, date and amounts
    # are read only for the few that meet.
    ims_by_key = defaultdict(list)
    for i, key in zip(open_ims, map(squash, [ims[i].document_number for i in open_ims])):
        ims_by_key[key].append(i)
    lengths = sorted({len(key) for key in ims_by_key if key})
    parts = defaultdict(list)  # an open IMS number -> books documents that may be its parts
    joined = []  # books documents whose number begins with an open IMS number and goes on
    books_open = [*np.flatnonzero(~paired_books).tolist(), *paired_with]
    for j, text in zip(books_open, [purchases[j].bill_no for j in books_open]):
        own_key = squash(text)
        if not own_key:
            continue
        end = text.rstrip()[-2:]
        if end and (end[-1] in _PART_END or end[0] in _PART_JOINT):
            key, suffix = part_of(text)
            if suffix and key in ims_by_key:
                parts[key].append((j, suffix))
        if own_key in ims_by_key:
            parts[own_key].append((j, ""))
            continue  # a bill's own number, not two bills' (under the first number alone: below)
        length = len(own_key)
        for size in lengths:
            if size >= length:
                break
            if own_key[:size] in ims_by_key:
                joined.append(j)
                break

    amounts_of: dict[int, Amounts] = {}

    def booked(j: int) -> Amounts:
        value = amounts_of.get(j)
        if value is None:
            value = amounts_of[j] = books_amounts(purchases[j])
        return value

    def where_ims(i: int) -> tuple[str, bool]:
        record = ims[i]
        return record.supplier_gstin.upper(), record.document_type == DocumentType.CREDIT_NOTE

    def where_books(j: int) -> tuple[str, bool]:
        return clean_gstin(purchases[j].supplier_gstin), is_credit(purchases[j])

    used_books: set[int] = set()
    used_ims: set[int] = set()

    # one bill booked in parts
    for key, found in parts.items():
        if len(found) < 2:
            continue
        for i in ims_by_key[key]:
            _in_parts(out, i, ims[i], found, partner[i], where_ims(i), where_books, paired_with, used_books,
                      booked, purchases, tolerance, window)
            if i in out.ims_reasons:
                used_ims.add(i)

    # several bills booked as one
    for j in joined:
        if j in used_books:
            continue
        document = purchases[j]
        numbers = joined_numbers(document.bill_no)
        if numbers is None:
            continue
        where = where_books(j)
        own = paired_with.get(j, -1)
        bills = []
        for number in numbers:
            candidates = [i for i in ims_by_key.get(number, ()) if i not in used_ims
                          and (i == own or partner[i] < 0) and where_ims(i) == where]
            if len(candidates) != 1:
                break
            bills.append(candidates[0])
        if len(bills) != 2 or (own >= 0 and own not in bills) or bills[0] == bills[1]:
            continue
        day = _day(document)
        if day is None or any(abs((ims[i].document_date - day).days) > window for i in bills):
            continue
        total = booked(j)
        if not _sums_to(total, [ims[i].amounts for i in bills], tolerance):
            continue
        # the entry pairs with the bill written first: the assignment may have taken the second, whose
        # serial the entry's number ends with
        first = bills[0]
        if own != first:
            out.pairs[first] = j
            if own >= 0:
                out.unpaired.append(own)
        _together(out, ims, document, first, [i for i in bills if i != first])
        used_books.add(j)
        used_ims.update(bills)

    # under the first bill's number alone, or a credit note taken off the bill: a reason, never a pair
    by_amount = defaultdict(list)
    for i in open_ims:
        if partner[i] < 0 and i not in used_ims:
            by_amount[ims[i].amounts.taxable_value].append(i)
    for j, i in paired_with.items():
        if j in used_books or i in used_ims:
            continue
        record = ims[i]
        # (a return is booked negative: the taxable value's size is compared)
        gap = abs(purchases[j].amounts.taxable_value) - record.amounts.taxable_value
        found = by_amount.get(abs(gap))
        if not found:
            continue
        total, day, where = booked(j), _day(purchases[j]), where_ims(i)
        if day is None:
            continue
        if gap > 0:
            candidates = [k for k in found if k not in used_ims and where_ims(k) == where
                          and abs((ims[k].document_date - day).days) <= window
                          and _sums_to(total, [record.amounts, ims[k].amounts], tolerance)]
            if len(candidates) == 1:
                _together(out, ims, purchases[j], i, candidates)
        else:
            candidates = [k for k in found if k not in used_ims and _netted(record, ims[k], total, tolerance)]
            if len(candidates) == 1:
                note = ims[candidates[0]]
                out.ims_reasons[i] = (f"credit note {note.document_number!r} of "
                                      f"{note.document_date.isoformat()} taken off the bill in the books")
                out.missing_reasons[candidates[0]] = (f"taken off {record.document_number!r} in the books, "
                                                      f"{purchases[j].bill_no!r} ({purchases[j].name})")
        if len(candidates) == 1:
            used_ims.update((i, candidates[0]))
            used_books.add(j)

    # under the first bill's number with a prefix on one side only (a printed number cut to GSTN's 16
    # characters), which the assignment leaves apart for amounts far from the bill's: paired only on
    # two open bills of the window summing to the entry
    cut_ims = defaultdict(list)  # an open IMS number without its prefix -> (record, its number)
    for key, found in ims_by_key.items():
        cut_ims[key.lstrip(_LETTERS)].extend((i, key) for i in found)
    for j in np.flatnonzero(~paired_books).tolist():
        key = squash(purchases[j].bill_no)
        if j in used_books or not key:
            continue
        day, where = _day(purchases[j]), where_books(j)
        # the supplier's own bill (serials restarting each year, many suppliers share 2627/000001), and
        # one side's prefix only: two prefixes (INV/321, SRV/321) are two series
        firsts = [i for i, own in cut_ims.get(key.lstrip(_LETTERS), ()) if partner[i] < 0
                  and i not in used_ims and own != key and (key[0].isdigit() or own[0].isdigit())
                  and where_ims(i) == where]
        if len(firsts) != 1 or day is None:
            continue
        first = firsts[0]
        gap = abs(purchases[j].amounts.taxable_value) - ims[first].amounts.taxable_value
        if gap <= 0 or abs((ims[first].document_date - day).days) > window:
            continue
        total = booked(j)
        seconds = [k for k in by_amount.get(gap, ()) if k != first and k not in used_ims
                   and where_ims(k) == where and abs((ims[k].document_date - day).days) <= window
                   and _sums_to(total, [ims[first].amounts, ims[k].amounts], tolerance)]
        if len(seconds) == 1:
            out.pairs[first] = j
            _together(out, ims, purchases[j], first, seconds)
            used_ims.update((first, seconds[0]))
            used_books.add(j)
    return out


def _netted(bill: ImsRecord, note: ImsRecord, booked: Amounts, tolerance: int) -> bool:
    """``note`` is the supplier's credit note on ``bill`` taken off it: a credit note of the bill's
    GSTIN, dated on or after the bill (within ``NETTED_DAYS``), the bill less the note as booked."""
    if note.document_type != DocumentType.CREDIT_NOTE or bill.document_type == DocumentType.CREDIT_NOTE \
            or note.supplier_gstin.upper() != bill.supplier_gstin.upper():
        return False
    if not 0 <= (note.document_date - bill.document_date).days <= NETTED_DAYS:
        return False
    a, b = bill.amounts, note.amounts
    net = Amounts(a.taxable_value - b.taxable_value, a.igst - b.igst, a.cgst - b.cgst, a.sgst - b.sgst,
                  a.cess - b.cess)
    return _sums_to(booked, [net], tolerance)


def _in_parts(out: Groups, i: int, record: ImsRecord, found, own: int, where, where_books, paired_with,
              used_books: set[int], booked, purchases, tolerance: int, window: int) -> None:
    """Pair ``record`` through its parts among ``found`` (books position, suffix) when they are it."""
    near = [(j, s) for j, s in found if (j == own or (j not in paired_with and j not in used_books))
            and where_books(j) == where and _day(purchases[j]) is not None
            and abs((_day(purchases[j]) - record.document_date).days) <= window]
    if len(near) < 2 or len(near) > MAX_CANDIDATES or (own >= 0 and own not in {j for j, _ in near}):
        return
    group = _parts_summing(record.amounts, near, own, booked, tolerance)
    if group is None:
        return
    # the part under the bill's own number is the bill as the clerk meant it; else the largest
    group.sort(key=lambda part: (part[1] != "", -booked(part[0]).taxable_value, part[1],
                                 purchases[part[0]].name))
    chosen = group[0][0]
    if own != chosen:
        out.pairs[i] = chosen
        if own >= 0:
            out.freed_books.append(own)
    names = " + ".join(f"{purchases[j].bill_no!r} ({purchases[j].name})" for j, _ in group)
    out.ims_reasons[i] = f"booked in {len(group)} parts: {names}, together the bill's amounts"
    through = purchases[chosen]
    for j, _ in group:
        used_books.add(j)
        if j != chosen:
            out.books_reasons[j] = (f"part of {record.document_number!r} booked in {len(group)} parts, "
                                    f"paired through {through.bill_no!r} ({through.name})")


def _together(out: Groups, ims, document: PurchaseDocument, first: int, others: list[int]) -> None:
    numbers = " + ".join(repr(ims[k].document_number) for k in (first, *others))
    out.ims_reasons[first] = f"one entry in the books for {1 + len(others)} bills: {numbers}"
    for k in others:
        out.missing_reasons[k] = (f"booked together with {ims[first].document_number!r} in one entry, "
                                  f"{document.bill_no!r} ({document.name})")
