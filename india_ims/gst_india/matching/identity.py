"""Who the supplier of a purchase document is, from evidence, when the GSTIN typed in the books is not it.

A register row may carry no supplier GSTIN, a GSTIN that fails its check
character, or a GSTIN mistyped into another valid one (a character changed,
two swapped). Such a row is *suspect*: its GSTIN names no supplier IMS
knows. It may still pair with an IMS record of another PAN when the number,
the date and the amounts agree and the supplier name booked on the row does
not contradict the names booked for that supplier elsewhere in the books;
the pair is always a Mismatch, with the GSTIN difference said in words.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

import numpy as np

from ..errors import InvalidGstin
from ..gstin import check_character, is_valid_gstin

_VALID: dict[str, bool] = {}
MISTYPED_CHARACTERS = 3


_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")


def clean_gstin(text: str | None) -> str:
    """A GSTIN as typed, without the spaces, dots, dashes and invisible characters a copy brings."""
    value = (text or "").strip().upper()
    if value.isalnum() and value.isascii():
        return value
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", value).upper())


def gstin_invalid(gstins: list[str], ids: np.ndarray) -> np.ndarray:
    """True where a non-blank GSTIN fails its structure or check character; ``ids``: the GSTINs
    interned (a register names a few thousand GSTINs a hundred thousand times)."""
    if not len(ids):
        return np.zeros(0, dtype=bool)
    unique, first, inverse = np.unique(ids, return_index=True, return_inverse=True)
    invalid = np.array([bool(gstins[k]) and not _valid(gstins[k]) for k in first.tolist()], dtype=bool)
    return invalid[inverse.ravel()]


def _valid(gstin: str) -> bool:
    valid = _VALID.get(gstin)
    if valid is None:
        valid = _VALID[gstin] = is_valid_gstin(gstin)
    return valid


def suspect_rows(books_pan: np.ndarray, books_gstin_invalid: np.ndarray, blank_pan: int,
                 ims_pan: np.ndarray) -> np.ndarray:
    """Rows whose GSTIN is blank, invalid, or of a PAN no IMS record carries."""
    return (books_pan == blank_pan) | books_gstin_invalid | ~np.isin(books_pan, ims_pan)


def mistyped(booked: str, reported: str) -> bool:
    """A valid GSTIN that is the supplier's with up to three characters changed or two neighbours
    swapped (the check character, recomputed by a validating form, aside); not another supplier's,
    which differs in nearly all of its 14 (two random PANs share about one character in ten)."""
    if len(booked) != len(reported):
        return False
    apart = [k for k in range(14) if booked[k] != reported[k]]
    return 0 < len(apart) <= MISTYPED_CHARACTERS


# ---------------------------------------------------------------- supplier names

_FORMS = (
    (re.compile(r"\bPRIVATE\b|\bPVT\b|\bPVT\.|\bP\.?\s(?=LTD|LIMITED)"), " PVT "),
    (re.compile(r"\bLIMITED\b|\bLTD\b"), " LTD "),
    (re.compile(r"\bCOMPANY\b|\bCOMP\b"), " CO "),
    (re.compile(r"\bAND\b|&"), " AND "),
    (re.compile(r"^\s*M\s*/\s*S\.?\s*|^\s*MESSRS\.?\s*"), " "),
)
_LEGAL = frozenset({"PVT", "LTD", "CO", "LLP", "AND", "THE", "SONS", "INDIA"})
_NOT_WORD = re.compile(r"[^A-Z0-9 ]+")


def name_key(name: str) -> str:
    """A supplier name compared sensibly: case, punctuation, M/s, Pvt Ltd / Private Limited, & / and,
    and the legal form itself left out (Apex Steel Pvt Ltd = M/S APEX STEEL PRIVATE LIMITED)."""
    text = name.upper()
    for pattern, replacement in _FORMS:
        text = pattern.sub(replacement, text)
    words = _NOT_WORD.sub("", text.replace(".", " ").replace(",", " ")).split()
    core = [w for w in words if w not in _LEGAL]
    return " ".join(core or words)


def same_name(key: str, known: set[str]) -> bool:
    """The name booked is one the books hold for the supplier, spaces aside (Shree Ganesh / Shreeganesh)."""
    return key.replace(" ", "") in {k.replace(" ", "") for k in known}


def contradicts(key: str, known: set[str]) -> bool:
    """The name booked is clearly another supplier's: no word in common with any name the books hold
    for this one, and not a misspelling of one (Apex Stel is Apex Steel; Sunrise Polymers is not)."""
    words = {w for w in key.split() if len(w) >= 3}
    for other in known:
        if words & {w for w in other.split() if len(w) >= 3}:
            return False
        if SequenceMatcher(None, key.replace(" ", ""), other.replace(" ", "")).ratio() >= 0.75:
            return False
        if _initials(key) == other.replace(" ", "") or _initials(other) == key.replace(" ", ""):
            return False  # SGT for Shree Ganesh Traders
    return True


def _initials(key: str) -> str:
    words = key.split()
    return "".join(w[0] for w in words) if len(words) > 1 else ""


def names_by_pan(books_pan: np.ndarray, names: list[str], order: np.ndarray, trusted: np.ndarray,
                 pans: set[int]) -> dict:
    """Name keys booked, on rows whose GSTIN is trusted, for each PAN of ``pans`` (``names`` in input
    order, the other columns canonical)."""
    out: dict[int, set[str]] = {pan: set() for pan in pans}
    memo: dict[str, str] = {}
    for row in np.flatnonzero(trusted & np.isin(books_pan, list(pans))).tolist():
        name = names[order[row]]
        if name:
            key = memo.get(name)
            if key is None:
                key = memo[name] = name_key(name)
            if key:
                out[int(books_pan[row])].add(key)
    return out


# ---------------------------------------------------------------- reasons


def gstin_reason(booked: str, reported: str, own: str | None = None) -> str:
    """The GSTIN difference in words; ``own``: the company's GSTIN on the books row."""
    booked = clean_gstin(booked)
    if not booked:
        return f"no supplier GSTIN in the books; GSTN has {reported}"
    if own and booked == clean_gstin(own):
        return f"booked against {booked}, the company's own GSTIN; GSTN has {reported}"
    if booked[2:12] == reported[2:12] and is_valid_gstin(booked):
        return f"booked against {booked} (same PAN), reported by {reported}"
    return f"booked against {booked}; GSTN has {reported}: {typing_slip(booked, reported)}"


def typing_slip(booked: str, reported: str) -> str:
    if len(booked) != len(reported):
        return f"{len(booked)} characters typed, a GSTIN has {len(reported)}"
    body = [k for k in range(min(14, len(booked))) if booked[k] != reported[k]]
    if not body:
        return "check character wrong"
    if len(body) == 2 and body[1] == body[0] + 1 and booked[body[0]] == reported[body[1]] \
            and booked[body[1]] == reported[body[0]]:
        words = "two characters transposed"
    else:
        counted = {1: "one character differs", 2: "two characters differ", 3: "three characters differ"}
        words = counted.get(len(body), f"{len(body)} characters differ")
    try:
        wrong_check = len(booked) == 15 and check_character(booked[:14]) != booked[14]
    except InvalidGstin:
        wrong_check = False  # a character no GSTIN holds: the structure already says enough
    if wrong_check:
        words += f"; {booked} fails its check character"
    return words
