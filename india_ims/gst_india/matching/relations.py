"""How two document numbers relate where their keys differ (``normalize.NumberKeys.level``, ``compare``):
the same runs once padding goes, two digits swapped, one serial ending the other under the same
words, a prefix in front."""

from __future__ import annotations

import re
import string

from .characters import letters_and_digits, plain, split_serial
from .year_tokens import GLUED_YEARS, fy4, is_year, unglued

_TOKEN = re.compile(r"[A-Z]+|[0-9]+")


def _written(number: str) -> str:
    """The number as written, compared: upper-case ASCII, no spaces or punctuation around it."""
    return plain(number.strip().upper())


def _leading_word(number: str) -> str:
    """The first run of letters or of digits of the number as written ("" for none)."""
    found = _TOKEN.search(_written(number))
    return found.group() if found is not None else ""


def same_runs(first: str, second: str) -> bool:
    """Whether two numbers are the same words and digit runs once each run's leading zeros go:
    MH/2025/01617A and MH/2025/1617A, whichever of their runs is read as a year; and the zero
    padding after a year glued before the serial: GST2425000015 typed GST242515."""
    return _runs(first) == _runs(second)


def _runs(text: str) -> list[str]:
    return [_unpadded(token) if token[0].isdigit() else token
            for token in _TOKEN.findall(_written(text))]


def _unpadded(run: str) -> str:
    """A digit run without its leading zeros, nor the padding between a glued year and the serial."""
    run = run.lstrip("0") or "0"
    serial = unglued(run)
    if len(serial) == len(run):
        return run
    return run[: len(run) - len(serial)] + (serial.lstrip("0") or "0")


def two_swapped(first: str, second: str) -> bool:
    """The same digits with exactly two of them swapped (12436 / 12634), not any anagram (12436 / 16234)."""
    if len(first) != len(second):
        return False
    apart = [i for i, (a, b) in enumerate(zip(first, second)) if a != b]
    return len(apart) == 2 and first[apart[0]] == second[apart[1]] and first[apart[1]] == second[apart[0]]


def one_digit_mistyped(first: str, second: str) -> bool:
    """Numbers as written alike but for one digit of the serial, not its last: a keypad's
    neighbouring key (GJ003256 typed GJ002256). The last digit other is the supplier's next bill, and
    a serial of under three digits leaves too few bills apart to tell."""
    a, b = split_serial(_written(first)), split_serial(_written(second))
    if a is None or b is None or a.group(1) != b.group(1) or a.group(3) != b.group(3):
        return False
    x, y = a.group(2), b.group(2)
    if len(x) != len(y) or len(x.lstrip("0")) < 3:
        return False
    apart = [k for k, (p, q) in enumerate(zip(x, y)) if p != q]
    return len(apart) == 1 and apart[0] < len(x) - 1


def digits_swapped(first: str, second: str) -> bool:
    """Two numbers as written, alike but for two of their digits swapped, letters and separators
    ignored (9100000765 / 1900000765, SAP-91/00765 / SAP-19/00765)."""
    a, b = letters_and_digits(plain(first.upper())), letters_and_digits(plain(second.upper()))
    return two_swapped(a, b) and all(x.isdigit() for x, y in zip(a, b) if x != y)


def tail_related(first: str, second: str) -> bool:
    """One serial ends with the other, as when a year is glued before it (TXN25000496 / TXN000496).

    A serial of one or two digits ends too many numbers (a challan DC42529 ends with bill 9; '7'
    and '17' are two bills): it is related only to itself with a year or zeros glued before it.
    Nor is a serial glued behind more than six other digits, unless they are a year or a series
    digit and zeros: an e-invoice's acknowledgement number (112514438052228, 15 digits) booked for
    bill 228 ends with it by chance.
    """
    if not first or not second or first == second:
        return False
    short, long = sorted((first, second), key=len)
    if not (short[0].isdigit() and long.endswith(short)):
        return False
    glued = long[: len(long) - len(short)]
    if not glued.isdigit():
        return False
    return (len(short) >= 3 and len(glued) <= 6) or not glued.strip("0") or glued in GLUED_YEARS \
        or (len(glued) == 4 and (fy4(glued) or is_year(glued))) \
        or (len(glued) >= 3 and len(glued.rstrip("0")) == 1)  # a series digit and padding: 9000000058


def words_agree(first_tokens: str, second_tokens: str) -> bool:
    """The letters of two numbers' tokens keys (``INV.925``) are the same, one begins with the
    other's, or one has none: a serial ending with another (``tail_related``) is one number only
    under one series (TXN25000496 / TXN000496, A/1000496 / A/496, 496 / A/1000496, and GT002760 typed
    G7002760, its T read as a 7); INV-00925 and a challan DC-83925 are two, and so are 2443/25-26 and
    the purchase order PO/52443 booked for it. Nor is a number with a mark and a number after the
    other whole one (INV-000181/R1, PUN/0321-REV2): a revision of bill 181, whose serial 1 only
    happens to end 181."""
    if _mark_after(first_tokens, second_tokens) or _mark_after(second_tokens, first_tokens):
        return False
    first = "".join(part for part in first_tokens.split(".") if part.isalpha())
    second = "".join(part for part in second_tokens.split(".") if part.isalpha())
    if first != second and (first in _OTHER_DOCUMENTS or second in _OTHER_DOCUMENTS):
        return False  # a challan, order or receipt number booked for the bill ends with it by chance
    return not first or not second or first.startswith(second) or second.startswith(first)


# Letters that name a document other than the supplier's bill: delivery challan, purchase or sales
# order, goods or material receipt note. The clerk typed that document's number (PO/52443 for bill
# 2443/25-26, GRN-99964 for 2526-00964); its digits ending like the bill's are chance, no slip.
_OTHER_DOCUMENTS = frozenset({"DC", "CH", "CHALLAN", "DCNO", "PO", "PONO", "SO", "ORDER", "GRN", "GRNNO",
                              "MRN"})


def _mark_after(whole: str, marked: str) -> bool:
    """Tokens keys where ``marked`` is ``whole`` then letters and digits (INV.181 / INV.181.R.1)."""
    if not (whole and marked.startswith(whole + ".")):
        return False
    rest = marked[len(whole) + 1:].split(".")
    return len(rest) == 2 and rest[0].isalpha() and rest[1].isdigit()


def other_document_booked(reported: str, booked: str) -> bool:
    """Tokens keys of one serial where the booked number leads with a word naming another document
    and the reported one does not (PUN.2489 / PO.2489, 1647 / DC.1647): the clerk typed the order's
    or challan's number, which shares the bill's serial by chance or by the supplier's habit. Written
    that way it is not the bill's number written differently. Nor is a revision of the bill whose
    number happens to equal the serial (INV.1 / INV.1.R.1: INV-000001-R1). A supplier whose own series
    leads with such a word (CH/26-27/2327) reported it as the bill's: its serial booked alone is the
    number written short, another word booked for it is not."""
    if _mark_after(reported, booked) or _mark_after(booked, reported):
        return True
    reported_word, booked_word = reported.partition(".")[0], booked.partition(".")[0]
    if reported_word == booked_word:
        return False
    return booked_word in _OTHER_DOCUMENTS \
        or (reported_word in _OTHER_DOCUMENTS and not booked_word.isdigit())


# What a clerk types after the supplier's number when ERPNext refuses a bill number it holds already
# for the supplier (Check Supplier Invoice Number Uniqueness): a separator and a digit or two,
# 9000612182-1, 3205/2. Not a letter (3205A, 181-A, 181/R): an amendment's or a revision's mark as
# often as a clerk's (the accountants' generator reissues bills as -A, -R, /R1), so the number
# differs, as ``normalize`` keeps an amendment's letter; nor a revision mark with its digit (181/R1).
_SUFFIX = re.compile(r"[-/ .][0-9]{1,2}")
# A letter or two after the serial, maybe after a separator, maybe with a revision's digit: 3205A,
# 181-A, 181/R, 181-R1 (``mark_added``).
_MARK = re.compile(r"[-/ .]?[A-Z]{1,2}[0-9]?")
_ADDED_AT_END = re.compile(r"(?<=[0-9])(?:[-/ .][0-9]{1,2}|[-/ .]?[A-Z]{1,2}[0-9]?)$")


def suffix_dropped(number: str) -> str | None:
    """``number`` as written (``plain``) without what a clerk or a revision adds at its end, after a
    digit (a suffix, ``_SUFFIX``: 9000612182-1 -> 9000612182; a mark, ``_MARK``: 3205A -> 3205), or
    None when it ends with neither: what ``suffix_added`` and ``mark_added`` relate it to."""
    text = _written(number)
    found = _ADDED_AT_END.search(text)
    return text[: found.start()] if found is not None else None


def mark_added(first: str, second: str) -> bool:
    """The second number as written (``plain``) is the first, ending with a digit, then a letter
    mark (``_MARK``): an amendment's, a revision's or a clerk's, so another number, but the same
    bill's on the same amounts."""
    a, b = _written(first), _written(second)
    return bool(a) and a[-1].isdigit() and b.startswith(a) and _MARK.fullmatch(b[len(a):]) is not None


def suffix_added(first: str, second: str) -> bool:
    """One number as written (``plain``) is the other, ending with a digit, then a suffix
    (``_SUFFIX``): never digits glued on (3205 and 32051 are two serials)."""
    a, b = _written(first), _written(second)
    short, long = sorted((a, b), key=len)
    return bool(short) and short[-1].isdigit() and long.startswith(short) \
        and _SUFFIX.fullmatch(long[len(short):]) is not None


# Words a supplier's debit note series begins with (DN-278, DR000178, DBN/26-27/0031): no invoice's.
_DEBIT_NOTE_WORDS = frozenset({"DN", "DR", "DBN", "DRN", "DEBIT", "DEBITNOTE", "DNOTE"})


def names_a_debit_note(number: str) -> bool:
    """The number as written begins with a debit note's word (``_DEBIT_NOTE_WORDS``)."""
    return _leading_word(number) in _DEBIT_NOTE_WORDS


_PART_IN_BRACKETS = re.compile(r"\d\s*\(\s*\d{1,2}\s*\)\s*$").search


def part_read_as_serial(first: str, second: str) -> bool:
    """One number as written ends with a part in brackets after its serial (``9 (2)``, ``INV/9(2)``:
    bill 9's second part, as clerks number a bill booked in parts) and the other is that part's
    digit alone: its serial is 9, not 2, so ``2`` is another bill (``parts`` pairs the parts)."""
    return (_PART_IN_BRACKETS(first) is None) != (_PART_IN_BRACKETS(second) is None)


def series_digit_dropped(first: str, second: str) -> bool:
    """One number as written (letters and digits, any case) is the other with a series digit and
    its padding in front, after any letters (2954 of 9000002954 or of INV/9000002954, an ERP's
    number range): characters dropped at its head, not one changed inside (GST2425000164 and
    GST2425001164 are two bills) nor one digit glued on (195 and 1195: bills a thousand apart)."""
    short, long = sorted((letters_and_digits(first.upper()), letters_and_digits(second.upper())), key=len)
    series = long[: len(long) - len(short)].lstrip(string.ascii_uppercase)  # INV9000002954 booked 2954 too
    return bool(short) and long.endswith(short) and series.isdigit() and len(series) >= 3 \
        and len(series.rstrip("0")) == 1


def one_ends_the_other(first: str, second: str) -> bool:
    """Tokens keys where one number is the other with a prefix in front (INV.45 / 45, SUP.INV.45 / INV.45)."""
    short, long = sorted((first, second), key=len)
    return bool(short) and (long == short or long.endswith("." + short))


def reference_booked(reported: str, booked: str) -> bool:
    """The number booked is another document's for the bill, not a bill number: a long reference, 12
    to 16 digits alone (an e-way bill's 12, an e-invoice acknowledgement's 15), or a number that
    leads with a word naming another document (DC-33695: the delivery challan's), where the
    supplier's number is neither."""
    return (_reference(booked) and not _reference(reported)) \
        or (_other_document(booked) and not _other_document(reported))


def _other_document(number: str) -> bool:
    return _leading_word(number) in _OTHER_DOCUMENTS


def _reference(number: str) -> bool:
    digits = _written(number)
    return digits.isdigit() and 12 <= len(digits) <= 16
