"""How suppliers' billing systems number documents, and how an accounts clerk rewrites the numbers."""

from __future__ import annotations

import random
import re

# Numbering styles of billing systems: serial -> printed number. Month: March 2025 (FY 2024-25).
STYLES = {
    "fy_short": lambda n: f"INV/24-25/{n:04d}",
    "fy_long": lambda n: f"SI/2024-25/{n:05d}",
    "fy_full": lambda n: f"TI-2024-2025-{n}",
    "fy_compact": lambda n: f"GST2425{n:06d}",
    "fy_tag": lambda n: f"FY25/INV/{n}",
    "fy_suffix": lambda n: f"{n:03d}/2024-25",
    "year_mid": lambda n: f"KA/25/{n:05d}",
    "plain": lambda n: f"{n}",
    "padded": lambda n: f"{n:06d}",
    "branch": lambda n: f"BLR-02/INV/{n:04d}",
    "letters": lambda n: f"TAX{n:05d}",
    "rent": lambda n: f"RENT/{n:02d}",
}
CREDIT_STYLES = {
    "fy_short": lambda n: f"CN/24-25/{n:04d}",
    "plain": lambda n: f"CN{n}",
    "fy_compact": lambda n: f"CRN2425{n:05d}",
}
DEBIT_STYLES = {
    "fy_short": lambda n: f"DN/24-25/{n:04d}",
    "plain": lambda n: f"DN{n}",
}


# Clerk rewrites of a number: the same document written another way (suggested when alone).
def rewrite(number: str, serial: int, rng: random.Random) -> str:
    kind = rng.choice([
        "dash", "dot", "space", "underscore", "unicode_dash", "no_separators", "hash", "no_prefix_word",
        "unpad", "pad", "fy_long", "fy_drop", "prefix_dropped", "apostrophe", "trailing_dot",
        "fy_tag_prefix", "fy_tag_suffix", "inv_no", "clerk_prefix", "lower_dash",
    ])
    if kind == "dash":
        out = number.replace("/", "-")
    elif kind == "dot":
        out = number.replace("/", ".").replace("-", ".")
    elif kind == "space":
        out = number.replace("/", " / ")
    elif kind == "underscore":
        out = number.replace("/", "_").replace("-", "_")
    elif kind == "unicode_dash":
        out = number.replace("/", "\u2013").replace("-", "\u2014")
    elif kind == "no_separators":
        out = "".join(c for c in number if c.isalnum())
    elif kind == "hash":
        out = "#" + number
    elif kind == "no_prefix_word":
        out = "No. " + number
    elif kind == "unpad":
        out = number
        for width in (6, 5, 4, 3, 2):
            padded = f"{serial:0{width}d}"
            if len(padded) == width and padded != str(serial) and padded in number:
                at = number.rindex(padded)
                out = number[:at] + str(serial) + number[at + width:]
                break
    elif kind == "pad":
        out = number[::-1].replace(str(serial)[::-1], f"{serial:05d}"[::-1], 1)[::-1]
    elif kind == "fy_long":
        if "2024-2025" in number:
            out = number.replace("2024-2025", "24-25")
        elif "2024-25" in number:
            out = number.replace("2024-25", "2024-2025")
        elif "24-25" in number:
            out = number.replace("24-25", "2024-25")
        else:
            out = _COMPACT_YEAR.sub("/2024-25/", number, count=1)
    elif kind == "fy_drop":
        out = number.replace("/24-25", "").replace("/2024-25", "").replace("-2024-2025", "")
    elif kind == "prefix_dropped":
        out = str(serial)
    elif kind == "apostrophe":
        out = "'" + number  # Excel's text marker typed into the cell
    elif kind == "fy_tag_prefix":
        out = "FY24-25/" + without_year(number)
    elif kind == "fy_tag_suffix":
        out = without_year(number) + rng.choice(["/FY25", " FY 2024-25", "/FY2025"])
    elif kind == "inv_no":
        out = rng.choice(["Inv No. ", "Bill No ", "NO "]) + number
    elif kind == "clerk_prefix":
        out = "SUP/" + number  # the clerk's own supplier code in front
    elif kind == "lower_dash":
        out = number.lower().replace("/", "-") + " "
    else:
        out = number + "."
    if out.strip().upper() == number.strip().upper():
        out = "No." + number
    return out


# The compact year 2425 only where the styles print it, between their prefix and the serial
# (GST2425000042, CRN242500012): a serial such as 112425, 2425 or TAX's 24250 carries those digits
# too, and taking them out of it made another document's number (RENT/11 for RENT/112425), not the
# same one rewritten.
_COMPACT_YEAR = re.compile(r"(?<=GST|CRN)2425(?=\d)")


def without_year(number: str) -> str:
    for token in ("/2024-25", "-2024-2025", "/24-25", "FY25/", "/25/"):
        if token in number:
            return number.replace(token, "/" if token.startswith("/") and token.endswith("/") else "", 1)
    return _COMPACT_YEAR.sub("", number, count=1)


def near_twin(serial: int, rng: random.Random) -> int:
    """7 -> 17, 12 -> 123, 45 -> 54, 45 -> 46: a number one slip away."""
    text = str(serial)
    choices = [int("1" + text), int(text + rng.choice("0123456789")), serial + 1, serial + 10]
    if len(text) >= 2 and text[-1] != text[-2] and text[-1] != "0":
        choices.append(int(text[:-2] + text[-1] + text[-2]))
    return rng.choice(choices)
