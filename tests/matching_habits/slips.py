"""How the books get a document wrong: supplier names, GSTINs and numbers as clerks and systems write them."""

from __future__ import annotations

import random
import unicodedata

from india_ims.gst_india.gstin import check_character

UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def name_variant(name: str, rng: random.Random) -> str:
    """The supplier's name as another clerk types it."""
    out = name
    if "Pvt Ltd" in out and rng.random() < 0.5:
        out = out.replace("Pvt Ltd", rng.choice(["Private Limited", "Pvt. Ltd.", "PVT LTD"]))
    elif "Private Limited" in out and rng.random() < 0.5:
        out = out.replace("Private Limited", rng.choice(["Pvt Ltd", "Pvt. Ltd", "P Ltd"]))
    if "&" in out and rng.random() < 0.5:
        out = out.replace("&", "and")
    elif " and " in out and rng.random() < 0.5:
        out = out.replace(" and ", " & ")
    if rng.random() < 0.3:
        out = rng.choice(["M/s ", "M/s. ", "M/S "]) + out
    if rng.random() < 0.3:
        out = out.upper()
    if rng.random() < 0.2:
        out = out.replace(" ", "  ", 1) + rng.choice([".", ",", ""])
    return out


def mistyped_gstin(gstin: str, rng: random.Random, how: str) -> str:
    """A GSTIN typed wrong. 'one'/'two'/'transposed' land on another valid GSTIN (the check
    character recomputed, as a supplier master validated on entry would); 'check' keeps the
    typed body with a wrong check character."""
    body = list(gstin[:14])
    if how == "check":
        wrong = rng.choice([c for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ" if c != gstin[14]])
        return gstin[:14] + wrong
    pan_positions = list(range(2, 12))
    if how == "transposed":
        while True:
            at = rng.randrange(2, 11)
            if body[at] != body[at + 1] and body[at].isdigit() == body[at + 1].isdigit():
                body[at], body[at + 1] = body[at + 1], body[at]
                break
    else:
        for at in rng.sample(pan_positions, {"one": 1, "two": 2, "three": 3}[how]):
            pool = "0123456789" if body[at].isdigit() else UPPER
            body[at] = rng.choice([c for c in pool if c != body[at]])
    text = "".join(body)
    return text + check_character(text)


INVISIBLE = ("\u200b", "\u00ad", "\ufeff", "\u2060", "\u200c")
DASHES = ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212", "\ufe63", "\uff0d")
SLASHES = ("\u2044", "\u2215", "\uff0f", "\\")
SCANNED = {"0": "O", "1": "I", "5": "S", "8": "B", "2": "Z"}
LOOK_ALIKE_DIGITS = {"3": "8", "8": "3", "1": "7", "7": "1", "6": "8"}


def printed(number: str, rng: random.Random, how: str) -> str:
    """The number as the clerk's screen, a PDF or a scan gave it."""
    if how == "invisible":
        at = rng.randrange(1, len(number)) if len(number) > 1 else 0
        mark = rng.choice(INVISIBLE)
        return rng.choice([number[:at] + mark + number[at:], mark + number, number + "\u200b"])
    if how == "dash_slash":
        out = "".join(rng.choice(DASHES) if c == "-" else rng.choice(SLASHES) if c == "/" else c
                      for c in number)
        if out == number:  # no separator to vary: a dash where the digits begin
            at = next((k for k, c in enumerate(number) if c.isdigit()), 0)
            out = number[:at] + rng.choice(DASHES) + number[at:] if at else number + rng.choice(DASHES)
        return out
    if how == "fullwidth":
        return "".join(unicodedata.lookup(f"FULLWIDTH DIGIT {unicodedata.name(c).split()[-1]}")
                       if c.isdigit() and rng.random() < 0.7 else c for c in number)
    if how == "scanned":
        # scanned or read aloud: a digit taken for the letter it resembles (anywhere in the number)
        spots = [k for k, c in enumerate(number) if c in SCANNED]
        if not spots:
            return number + "\u00a0"  # nothing to misread: the PDF's no-break space
        at = rng.choice(spots)
        letter = SCANNED[number[at]]
        if letter == "I" and rng.random() < 0.4:
            letter = "l"
        return number[:at] + letter + number[at + 1:]
    if how == "nbsp_edges":
        return rng.choice(["\u00a0", " "]) + number + rng.choice(["\u00a0", "\u00a0 ", ""])
    raise ValueError(how)


def clerk_number(number: str, serial: int, supplier, rng: random.Random, how: str) -> str:
    if how == "branch_prefix":  # the supplier's branch code is on the bill, the clerk drops it or adds it
        return rng.choice(["MUM/", "DEL-", "BR2/", "WH1-"]) + number
    if how == "year_suffix":
        return number + rng.choice(["/25-26", "/2025-26", "-2526", "/FY26", " (25-26)"])
    if how == "leading_letters_dropped":
        stripped = number.lstrip(UPPER + "/-")
        return stripped if stripped != number else str(serial)
    if how == "serial_only":
        return str(serial)
    raise ValueError(how)


def long_printed(serial: int, rng: random.Random) -> tuple[str, str]:
    """(what the supplier's system prints, what GSTN keeps): Rule 46(b) allows 16 characters, so
    the supplier's filing tool cut the number: its last 16 characters, its first 16 (when the
    serial comes first), or the separators dropped."""
    kind = rng.choice(["tail", "head", "squeeze"])
    if kind == "tail":
        full = f"MUMBAI/TAX/2025-26/{serial:06d}"
        return full, full[-16:]
    if kind == "head":
        full = f"INV{serial:06d}/MUMBAI/WEST/2025-26"
        return full, full[:16]
    full = f"MH/SALES/2025-26/{serial:06d}"
    return full, "".join(c for c in full if c.isalnum())[-16:]
