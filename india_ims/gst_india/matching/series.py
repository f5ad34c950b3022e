"""A number written the way another of the supplier's series is written belongs to that series.

A supplier who bills rent as ``LEASE/67`` and goods as ``067/2024-25`` reports both kinds in IMS.
The books' ``067/2024-25`` of the 1st is then that goods series' bill 67, not the lease bill with its
prefix dropped and the year added, however near the day and the order of the amounts: the clerk's
rewrite of a number does not land, by chance, on the form of the supplier's other series. Told by
the supplier's own IMS records, so a supplier with one series, or a register with no such pattern,
is judged as before."""

from __future__ import annotations

import re

import numpy as np

_DIGITS = re.compile(r"\d+")


def shape(number: str) -> str:
    """The number with each run of digits as one ``9``: ``067/2024-25`` -> ``9/9-9``."""
    return _DIGITS.sub("9", number.strip().upper())


def another_series(asked: np.ndarray, ims, books, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    """For the positions ``asked`` (indices into the pairs ``i``, ``j``): whether the books' number is
    shaped unlike the IMS record's and like another document of its type the same supplier reports
    (a credit note booked ``157`` for ``CN157`` is not the supplier's invoice series, ``157``)."""
    found = np.zeros(len(asked), dtype=bool)
    if not len(asked):
        return found
    suppliers = np.unique(ims.gstin[i[asked]])
    reported: set[tuple[int, int, str]] = set()
    for row in np.flatnonzero(np.isin(ims.gstin, suppliers)).tolist():
        reported.add((int(ims.gstin[row]), int(ims.document_type[row]), shape(ims.numbers[row])))
    for k, position in enumerate(asked.tolist()):
        supplier, kind = int(ims.gstin[i[position]]), int(books.document_type[j[position]])
        booked = shape(books.numbers[j[position]])
        found[k] = booked != shape(ims.numbers[i[position]]) and (supplier, kind, booked) in reported
    return found


# Serials this close under the same words are bills of one series, not one bill's serial mistyped.
NEIGHBOURS = 100


def neighbours(first_tokens: str, second_tokens: str) -> bool:
    """Tokens keys (``INV.1459``) of one series, the same words in the same places, whose one
    differing run is a serial within ``NEIGHBOURS`` of the other's: INV.1459 and INV.1460, INV.832
    and INV.836; also with one side's leading words dropped (``2627/000005`` reported for a bill
    printed ``NAVYUGAGRO/2627/000005``, booked beside its neighbour ``NAVYUGAGRO/2627/000004``). Not a
    challan's or an order's number (other words), nor a long reference. (Two digits swapped, 375
    typed 357, never get here: they share a key, ``levels._unkeyed_levels``.)"""
    first, second = first_tokens.split("."), second_tokens.split(".")
    if len(first) != len(second):
        longer, shorter = (first, second) if len(first) > len(second) else (second, first)
        cut = len(longer) - len(shorter)
        if not all(word.isalpha() for word in longer[:cut]):
            return False
        first, second = longer[cut:], shorter
    apart = [(a, b) for a, b in zip(first, second, strict=True) if a != b]
    if len(apart) != 1:
        return False
    a, b = apart[0]
    return a.isdigit() and b.isdigit() and abs(int(a) - int(b)) <= NEIGHBOURS


def series_neighbours(asked: np.ndarray, ims, books, i: np.ndarray, j: np.ndarray,
                      via_original: np.ndarray) -> np.ndarray:
    """``neighbours`` for the positions ``asked`` (indices into the pairs ``i``, ``j``), reading an
    amendment's original number where the pair was made through it."""
    found = np.zeros(len(asked), dtype=bool)
    for k, position in enumerate(asked.tolist()):
        tokens = ims.original_tokens if via_original[position] else ims.tokens
        found[k] = neighbours(tokens[i[position]], books.tokens[j[position]])
    return found
