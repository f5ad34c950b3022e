"""Money as integer paise.

Amounts are held as ``int`` paise from parsing to output: exact, hashable,
fast to compare in bulk (numpy int64 arrays in the matcher) and free of float
drift. Rupee values are only produced at the edges (payloads, reports).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from .errors import InvalidAmount

Paise = int

_HUNDRED = Decimal(100)


def to_paise(value: object, *, field: str = "amount", strict: bool = False) -> Paise:
    """Convert a rupee amount (str, int, float, Decimal) to integer paise.

    ``strict`` refuses more than two decimals (GSTN payloads carry at most
    two); otherwise extra precision, as in an ERPNext register, is rounded
    half-up the way ERPNext rounds currency.
    """
    if type(value) is float and -1e12 < value < 1e12:
        # Fast path for JSON numbers, tested first: amounts read back from the
        # database as JSON arrive as floats by the lakh (a period's records, the
        # books' invoices). A value with at most two decimals lands within float
        # noise of a whole number of paise; anything else (a third decimal, NaN,
        # infinity) takes the exact Decimal path below.
        scaled = value * 100
        nearest = round(scaled)
        if -1e-6 < scaled - nearest < 1e-6:
            return nearest
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        raise InvalidAmount(f"{field}: {value!r} is not an amount")
    if isinstance(value, int):
        return value * 100
    try:
        if isinstance(value, float):
            # repr gives the shortest string that round-trips, so 5399.39
            # stays 5399.39 instead of becoming 5399.38999...
            number = Decimal(repr(value))
        elif isinstance(value, Decimal):
            number = value
        else:
            text = str(value).strip().replace(",", "")
            number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise InvalidAmount(f"{field}: {value!r} is not an amount") from None
    if not number.is_finite():
        raise InvalidAmount(f"{field}: {value!r} is not a finite amount")
    scaled = number * _HUNDRED
    if strict and scaled != scaled.to_integral_value():
        raise InvalidAmount(f"{field}: {value!r} has more than two decimals")
    try:
        return int(scaled.quantize(Decimal(1), rounding=ROUND_HALF_UP))
    except InvalidOperation:  # beyond Decimal's 28 digits (1e30): no amount, a corrupt value
        raise InvalidAmount(f"{field}: {value!r} is too large to be an amount") from None


def to_rupees(paise: Paise) -> Decimal:
    return (Decimal(paise) / _HUNDRED).quantize(Decimal("0.01"))


def to_json_number(paise: Paise) -> int | float:
    """Rupees as a JSON number with at most two decimals (GSTN's form)."""
    if paise % 100 == 0:
        return paise // 100
    # Two-decimal values survive float repr exactly (shortest round trip).
    return float(to_rupees(paise))


def format_inr(paise: Paise, *, symbol: bool = True) -> str:
    """Indian digit grouping: 12,34,567.89."""
    sign = "-" if paise < 0 else ""
    rupees, fraction = divmod(abs(paise), 100)
    digits = str(rupees)
    if len(digits) > 3:
        head, tail = digits[:-3], digits[-3:]
        groups = []
        while len(head) > 2:
            groups.insert(0, head[-2:])
            head = head[:-2]
        if head:
            groups.insert(0, head)
        digits = ",".join(groups) + "," + tail
    return f"{sign}{'₹' if symbol else ''}{digits}.{fraction:02d}"
