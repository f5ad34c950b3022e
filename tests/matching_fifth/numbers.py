"""Document numbers: how suppliers print them, how clerks retype them, and when two are one.

``relation(a, b)`` is the only place that decides whether two numbers can name the same document:

* ``"E"``: equal once trimmed and upper-cased (README: that is what exact requires);
* ``"C"``: the same number written differently, one of the README's clerical kinds: separators
  (``/`` ``-`` space or none), leading zeros, a financial-year token changed or dropped, a prefix
  dropped or added (never swapped for another prefix), O/0 and I/1 read for each other;
* ``"T"``: the serial with two adjacent digits swapped (the README's "slip of two digits"). A
  swap changes the value by at least 9, so consecutive serials (the near-number trap) are never T;
* ``None``: different numbers (e.g. INV/101 and INV/102, or a Tally voucher number).
"""

from __future__ import annotations

import random
import re
from datetime import date

_SEPARATORS = re.compile(r"[\s/\-_.\\,]+")
_RUNS = re.compile(r"[A-Z]+|[0-9]+")
_OCR = re.compile(r"(?<=[0-9])[OI]|[OI](?=[0-9])")


def fy_start(day: date) -> int:
    """Calendar year in which the financial year of ``day`` starts (FY 2026-27 -> 2026)."""
    return day.year if day.month >= 4 else day.year - 1


def fy_token(start: int, fmt: str) -> str:
    yy, nn = start % 100, (start + 1) % 100
    return {"yy-yy": f"{yy:02d}-{nn:02d}", "yyyy-yy": f"{start}-{nn:02d}", "yyyy": f"{yy:02d}{nn:02d}"}[fmt]


def format_number(style: str, prefix: str, fmt: str, pad: int, kind: str, serial: int, day: date,
                  token_year: int | None = None) -> str:
    """The number a supplier prints. ``kind`` is INV, CN or DN; ``token_year`` overrides the FY
    token (a supplier who forgot to change it on 1 April prints last year's)."""
    token = fy_token(token_year if token_year is not None else fy_start(day), fmt)
    head = prefix if kind == "INV" else kind
    digits = f"{serial:0{pad}d}" if pad else str(serial)
    if style == "plain_reset":
        return str(serial) if kind == "INV" else f"{kind}{serial}"
    if style == "prefix_reset":
        return f"{head}/{serial}" if prefix[0] in "AEIOUGS" else f"{head}-{serial}"
    if style == "fy_token":
        return f"{head}/{token}/{digits}" if fmt != "yyyy" else f"{head}-{token}-{digits}"
    if style == "continuous":
        return f"{head[0]}{serial:05d}" if kind == "INV" else f"{kind}{serial:05d}"
    if style == "calendar":
        return f"{head}/{day.year}/{serial:05d}"
    if style == "long":
        return f"{head}/{token}/{serial:06d}" if kind == "INV" else f"{kind}/{token}/{serial:04d}"
    raise ValueError(style)


def reported_copy(printed: str) -> str:
    """What the supplier's GSTR-1 carries: Rule 46 allows 16 characters, so a longer printed number
    loses its alphabetic prefix (``SHRIRAMTEX/26-27/000123`` -> ``26-27/000123``)."""
    if len(printed) <= 16:
        return printed
    parts = printed.split("/", 1)
    return parts[1] if len(parts) == 2 and len(parts[1]) <= 16 else printed[-16:]


# --- relation ---------------------------------------------------------------------------------


def _upper(text: str) -> str:
    return _OCR.sub(lambda m: "0" if m.group() == "O" else "1", text.strip().upper())


def _runs(text: str) -> list[str]:
    return _RUNS.findall(_upper(text))


def _is_fy_pair(a: str, b: str) -> bool:
    if not (a.isdigit() and b.isdigit()):
        return False
    if len(a) == 2 and len(b) == 2:
        return 20 <= int(a) <= 40 and int(b) == int(a) + 1
    if len(a) == 4 and len(b) in (2, 4):
        return a.startswith("20") and 20 <= int(a[2:]) <= 40 and int(b[-2:]) == int(a[2:]) + 1
    return False


def _drop_fy(runs: list[str]) -> list[str]:
    """Remove a FY token (``25-26``, ``2025-26``, ``2526``) that is not the serial itself."""
    last_digit = max((i for i, r in enumerate(runs) if r.isdigit()), default=-1)
    out, i = [], 0
    while i < len(runs):
        run = runs[i]
        if i + 1 < last_digit and _is_fy_pair(run, runs[i + 1]):
            i += 2
            continue
        if run.isdigit() and len(run) == 4 and i < last_digit and _is_fy_pair(run[:2], run[2:]):
            i += 1
            continue
        out.append(run)
        i += 1
    return out


def _shape(text: str) -> tuple[str, tuple[str, ...]]:
    """(alphabetic prefix, the rest with FY token dropped and digit runs without leading zeros)."""
    runs = _drop_fy(_runs(text))
    prefix = ""
    while runs and runs[0].isalpha():
        prefix += runs.pop(0)
    return prefix, tuple(str(int(r)) if r.isdigit() else r for r in runs)


def _skeleton(text: str) -> str:
    return "".join(_runs(text))


def _swap_of(a: str, b: str) -> bool:
    if len(a) != len(b) or a == b:
        return False
    diff = [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def relation(a: str, b: str) -> str | None:
    if a.strip().upper() == b.strip().upper():
        return "E"
    if _skeleton(a) == _skeleton(b):
        return "C"
    (pa, ra), (pb, rb) = _shape(a), _shape(b)
    prefixes_fit = pa == pb or not pa or not pb
    if prefixes_fit and ra == rb and ra:
        return "C"
    runs_a, runs_b = _drop_fy(_runs(a)), _drop_fy(_runs(b))
    if len(runs_a) == len(runs_b) and runs_a:
        diffs = [i for i in range(len(runs_a)) if runs_a[i] != runs_b[i]]
        if len(diffs) == 1 and runs_a[diffs[0]].isdigit() and _swap_of(runs_a[diffs[0]], runs_b[diffs[0]]):
            return "T"
    return None


# --- clerks' retyping -------------------------------------------------------------------------


def _serial_span(number: str) -> tuple[int, int] | None:
    found = list(re.finditer(r"[0-9]+", number))
    return (found[-1].start(), found[-1].end()) if found else None


def separators(number: str, rng: random.Random) -> str | None:
    if re.search(r"[/\-]", number):
        choice = rng.choice(["swap", "none", "space"])
        if choice == "swap":
            return number.translate(str.maketrans({"/": "-", "-": "/"}))
        if choice == "space":
            return re.sub(r"[/\-]", " ", number)
        return re.sub(r"[/\-]", "", number)
    span = _serial_span(number)
    if not span or span[0] == 0:
        return None
    return number[: span[0]] + "-" + number[span[0]:]


def leading_zeros(number: str, rng: random.Random) -> str | None:
    span = _serial_span(number)
    if not span:
        return None
    digits = number[span[0]: span[1]]
    new = digits.lstrip("0") or "0"
    if new == digits:
        if span[0] > 0 and number[span[0] - 1].isalpha():
            return None  # "A668" -> "A0668" is fine but keep it simple
        new = "0" * rng.randint(1, 3) + digits
    return number[: span[0]] + new + number[span[1]:]


def case_and_spaces(number: str, rng: random.Random) -> str | None:
    if not re.search(r"[A-Z]", number):
        return f" {number} "
    return number.lower() if rng.random() < 0.6 else f"{number} "


def drop_prefix(number: str, rng: random.Random) -> str | None:
    match = re.match(r"^([A-Z]+)[/\- ]?(?=[0-9])", number)
    if not match:
        return None
    return number[match.end():]


def add_prefix(number: str, rng: random.Random) -> str | None:
    if not number[0].isdigit():
        return None
    return rng.choice(["INV-", "BILL/", "No."]) + number if rng.random() < 0.5 else "INV" + number


def ocr(number: str, rng: random.Random) -> str | None:
    span = _serial_span(number)
    if not span:
        return None
    digits = number[span[0]: span[1]]
    spots = [i for i, c in enumerate(digits) if c in "01"]
    if not spots:
        return None
    i = rng.choice(spots)
    new = digits[:i] + ("O" if digits[i] == "0" else "I") + digits[i + 1:]
    return number[: span[0]] + new + number[span[1]:]


def transpose(number: str, rng: random.Random) -> str | None:
    span = _serial_span(number)
    if not span:
        return None
    digits = number[span[0]: span[1]]
    spots = [i for i in range(len(digits) - 1) if digits[i] != digits[i + 1]]
    if not spots:
        return None
    i = rng.choice(spots)
    new = digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:]
    return number[: span[0]] + new + number[span[1]:]


def change_fy(number: str, start: int, fmt: str, new_start: int | None) -> str | None:
    """Replace the ``start`` FY token by ``new_start``'s (None: drop it with its separator)."""
    token = fy_token(start, fmt)
    if token not in number:
        return None
    if new_start is None:
        return re.sub(re.escape(token) + r"[/\-]?", "", number, count=1)
    return number.replace(token, fy_token(new_start, fmt), 1)


NUMBER_SLIPS = {
    "separators": separators,
    "leading_zeros": leading_zeros,
    "drop_prefix": drop_prefix,
    "add_prefix": add_prefix,
    "ocr_O0_I1": ocr,
    "transpose": transpose,
}
