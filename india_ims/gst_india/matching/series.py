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
