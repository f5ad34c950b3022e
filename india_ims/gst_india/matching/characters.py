"""Document numbers as systems and people really write them, brought to plain ASCII before keys are made.

A number copied from a PDF, a web portal or a scan carries characters no
clerk typed on purpose: compatibility forms (full-width digits), a dozen
kinds of dash and slash, invisible characters (zero-width space, soft
hyphen, byte-order mark, no-break space), letters of another script that
look like Latin ones, digits of an Indian script. ``plain`` removes all of
that; the exact key never uses it (GST numbers are equal only when equal
once trimmed and upper-cased), every coarser key does.

``read_as_digits`` reads letters a scan or a tired eye takes for digits
(O/0, I/1/l, S/5, B/8, Z/2), only where a letter touches a digit: INV/1O45,
114S, GT00265O, CN24IA (CN241A typed). Never a digit for another digit (3/8, 1/7):
those are the near twins of a sequential series and must stay apart.

``rule46_cut``: Rule 46(b) allows a document number of at most 16 characters;
a supplier whose billing system prints a longer one files 16 of them (the
first, the last, or the last 16 letters and digits), the clerk books what the
paper says.
"""

from __future__ import annotations

import re
import unicodedata

from .year_tokens import consecutive

GSTN_MAX_LENGTH = 16

_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad\u180e\u200e\u200f"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u02d7"
_SLASHES = "\u2044\u2215\u29f8\u29f5\\\uff0f\u2571"
_SPACES = "\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008\u2009\u200a\u3000"
# Capital letters of Cyrillic and Greek that print exactly like Latin ones (a number pasted from a
# document typed on another keyboard layout).
_LOOK_ALIKE_SCRIPTS = {
    "А": "A", "В": "B", "Е": "E", "К": "K", "М": "M", "Н": "H", "О": "O", "Р": "P", "С": "C", "Т": "T",
    "Х": "X", "І": "I", "Ѕ": "S", "Ј": "J",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N", "Ο": "O",
    "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
}
_TABLE = str.maketrans({
    **dict.fromkeys(_INVISIBLE, None), **dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SLASHES, "/"),
    **dict.fromkeys(_SPACES, " "), **_LOOK_ALIKE_SCRIPTS,
})
_EDGES = " .,;:#'\"`()[]{}<>-_/|*~"


def plain(exact: str) -> str:
    """Upper-case ASCII letters, digits and separators; punctuation around the number dropped."""
    text = exact
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text).translate(_TABLE)
        if not text.isascii():  # digits of an Indian script (०१२, ௧௨) are digits; accents go
            text = "".join(str(unicodedata.digit(c, c)) if c.isdigit() else c
                           for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
        text = text.upper()
    stripped = text.strip(_EDGES)
    return stripped or text


# D, Q and G also resemble digits but read as letters more often than not in Indian series.
_SCANNED = {"O": "0", "I": "1", "L": "1", "S": "5", "B": "8", "Z": "2"}
# A look-alike letter touching a digit: alone (INV/1O45, 114S), or between a digit and letters, where
# a digit typed as a letter lands beside a suffix or a prefix (CN24IA for CN241A, GTO00126 for
# GT000126). A letter touching only letters is a word's (SI/25-26, BLR).
_TOUCHING = re.compile(r"(?<=[0-9])[OILSBZ]|[OILSBZ](?=[0-9])")


def read_as_digits(text: str) -> str:
    """``text`` (already ``plain``) with look-alike letters touching a digit read as digits; ''
    when there is none (most numbers)."""
    if not _TOUCHING.search(text):
        return ""
    return _TOUCHING.sub(lambda match: _SCANNED[match.group()], text)


def last_letter_as_digit(separators: str) -> str:
    """A number (its ``separators`` key) whose last token is one look-alike letter, read as the
    digit: TI/2025-2026/B for TI/2025-2026/8, a one-digit serial typed as a letter."""
    return separators[:-1] + _SCANNED[separators[-1]]


# A lone look-alike letter as the last token before a financial year and nothing else: B/25-26,
# INV/B/2025-26. Without it the number would hold no serial at all.
_LETTER_BEFORE_YEAR = re.compile(r"((?:[A-Z]+[/-])*)([OILSBZ])[/-](\d{2}|\d{4})[-/]?(\d{2}|\d{4})", re.ASCII)


def letter_serial_before_year(work: str, separators: str) -> str:
    """A number (``plain``, and its ``separators`` key) whose serial is one look-alike letter between
    its prefix and a financial year, as that key with the letter read as the digit: B/25-26 for
    8/25-26; '' for any other. The year must be one (25-26, 2025-26, 2025-2026), or a code like
    B/10-40 would read."""
    match = _LETTER_BEFORE_YEAR.fullmatch(work)
    if match is None or not consecutive(match.group(3), match.group(4)):
        return ""
    at = len(letters_and_digits(match.group(1)))
    return separators[:at] + _SCANNED[match.group(2)] + separators[at + 1:]


def letter_as_digit(code: str) -> str:
    """A short code without a digit (letters only, ``plain`` and without separators) whose one
    look-alike letter reads as a digit: TXBK booked for TX8K, RMLE for RM1E; '' for any other. A
    serial of one digit between letters has no digit left once it is typed as a letter, so
    ``read_as_digits`` (letters touching a digit) cannot see it. Two or more such letters are a
    word's (SOLO, BILLS), never one slip."""
    if len(code) > 8:
        return ""
    found = [position for position, letter in enumerate(code) if letter in _SCANNED]
    if len(found) != 1:
        return ""
    position = found[0]
    return code[:position] + _SCANNED[code[position]] + code[position + 1:]


# A number split at its last run of digits: head, serial, tail (INV/25-26/, 0412, A).
split_serial = re.compile(r"(.*?)([0-9]+)([^0-9]*)").fullmatch


def letters_and_digits(text: str) -> str:
    return "".join(c for c in text if c.isalnum())


def _cut(kept: str, full: str) -> bool:
    """``kept`` is the first or last part of ``full``, cut between two characters that are not both
    digits: INV/183 of INV/1835 is a near twin (another bill), not a number cut short."""
    n = len(kept)
    if full.startswith(kept) and not (kept[-1].isdigit() and full[n].isdigit()):
        return True
    return full.endswith(kept) and not (kept[0].isdigit() and full[-n - 1].isdigit())


def rule46_cut(gstn: str, printed: str) -> bool:
    """Whether ``gstn`` (16 characters) is what GSTN kept of the longer ``printed`` number."""
    kept, full = gstn.strip().upper(), plain(printed.strip().upper())
    if len(kept) != GSTN_MAX_LENGTH or len(full) <= GSTN_MAX_LENGTH or not any(c.isdigit() for c in kept):
        return False  # (16 characters without a digit hold no serial: MUMBAI/WEST/INV/ of any bill)
    if _cut(kept, full):
        return True
    squeezed, kept_alnum = letters_and_digits(full), letters_and_digits(kept)
    return len(kept_alnum) >= GSTN_MAX_LENGTH - 2 and len(squeezed) > len(kept_alnum) \
        and _cut(kept_alnum, squeezed)
