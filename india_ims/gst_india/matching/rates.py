"""Which GST rate a bill's tax is of its taxable value, when it is one of the rates GST charges."""

from __future__ import annotations

import numpy as np

# The total rates GST charges (IGST, or CGST and SGST together), in percent: 0.25 on rough diamonds,
# 1.5 and 3 on gold and jewellery, 6 and 7.5 on some job work and services, 40 from 22 September 2025.
GST_RATES = np.array([0.1, 0.25, 1.0, 1.5, 3.0, 5.0, 6.0, 7.5, 12.0, 18.0, 28.0, 40.0]) / 100
# Each head is rounded to the paisa, or the bill's tax to the rupee: a tax within 1/1000 of the rate's
# (2 paise at least) is that rate's.
_RELATIVE, _PAISE = 0.001, 2


def standard_rates(taxable: np.ndarray, tax: np.ndarray) -> np.ndarray:
    """Per row, the index in ``GST_RATES`` of the rate ``tax`` is of ``taxable`` (amounts in paise),
    -1 when it is none of them, or no tax is charged."""
    taxable, tax = np.abs(np.asarray(taxable, np.float64)), np.abs(np.asarray(tax, np.float64))
    if not len(tax):
        return np.zeros(0, np.int64)
    off = np.abs(taxable[:, None] * GST_RATES[None, :] - tax[:, None])
    best = off.argmin(axis=1)
    fits = off[np.arange(len(tax)), best] <= np.maximum(_PAISE, _RELATIVE * tax)
    return np.where(fits & (tax > 0), best, -1)


def two_rates(reported: np.ndarray, booked: np.ndarray) -> np.ndarray:
    """Pairs of amounts rows (taxable value, IGST, CGST, SGST, ...) whose tax is of each side's taxable
    value at two different rates GST charges: the tax agreeing is chance, two bills at two rates. Freight
    folded into the taxable value leaves the books' tax at no rate of it, and a bill is one rate (or its
    heads' mix)."""
    first = standard_rates(reported[:, 0], reported[:, 1:4].sum(axis=1))
    second = standard_rates(booked[:, 0], booked[:, 1:4].sum(axis=1))
    return (first >= 0) & (second >= 0) & (first != second)
