"""Document numbers the ways Indian registers write them, reduced to comparable keys.

Each rule is data (name, level, an example pair it makes equal) so tests can
check one rule at a time and the engine can say which rule joined two
numbers. Keys get coarser with the level:

0 ``exact``: trimmed and upper-cased (GST document numbers are case-insensitive)
1 ``separators``: only letters and digits kept (``GST-2526-00481`` = ``GST252600481``)
2 ``tokens``: financial-year and year tokens dropped, leading zeros dropped
  (``INV/25-26/0045`` = ``INV/45``, ``MH/2025/00169`` = ``MH/00169``)
3 ``serial``: the serial and its suffix only, prefix dropped (``INV/25-26/0045`` = ``45``)
4 ``slip``: the serial's digits in another order (a transposition) or without
  zeros: a slip of the pen, never enough on its own to pair two documents.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .characters import (
    last_letter_as_digit,
    letter_as_digit,
    letter_serial_before_year,
    plain,
    read_as_digits,
    rule46_cut,
    split_serial,
)
from .relations import same_runs, tail_related, two_swapped, words_agree
from .year_tokens import GLUED_YEARS as _GLUED_YEARS
from .year_tokens import consecutive as _consecutive
from .year_tokens import fy4 as _fy4
from .year_tokens import is_year as _year
from .year_tokens import serial_like_year as _serial_like_year
from .year_tokens import unglued
from .year_tokens import year_then_serial as _year_then_serial
from .year_tokens import years_of as _years_of


@dataclass(frozen=True)
class NumberRule:
    name: str
    level: int
    description: str
    example: tuple[str, str]


RULES: tuple[NumberRule, ...] = (
    NumberRule("case", 0, "letters compared without case", ("txn25000890a", "TXN25000890A")),
    NumberRule("surrounding spaces", 0, "spaces around the number ignored", (" A0474 ", "A0474")),
    NumberRule("separators", 1, "separators and spaces ignored", ("GST-2526-00481", "GST252600481")),
    NumberRule("separator kind", 1, "slash, dash, dot are the same", ("MH/2025/00161", "MH-2025-00161")),
    NumberRule("leading zeros", 2, "leading zeros of a number ignored", ("INV/25-26/0815", "INV/25-26/815")),
    NumberRule("short financial year", 2, "a 25-26 token ignored", ("INV/25-26/0327A", "INV/0327A")),
    NumberRule("compact financial year", 2, "a 2526 token ignored", ("GST-2526-00495", "GST-00495")),
    NumberRule("long financial year", 2, "a 2025-26 token ignored", ("INV/2025-26/0045", "INV/25-26/45")),
    NumberRule("calendar year", 2, "a 2025 token ignored", ("MH/2025/00169", "MH/00169")),
    NumberRule("financial year after the serial", 2, "a 25-26 after the serial ignored",
               ("INV/0045/25-26", "INV/45")),
    NumberRule("year after the serial", 2, "a 2025 after the serial ignored", ("045-2025", "45")),
    NumberRule("glued financial year", 2, "a 2526 glued to the serial ignored",
               ("GST252600481", "GST/481")),
    NumberRule("glued year", 2, "a 25 glued before the serial's zero padding ignored",
               ("TXN25000496", "TXN000496")),
    NumberRule("glued calendar year", 2, "a 2025 glued before the serial's zero padding ignored",
               ("MH202500516", "MH/516")),
    NumberRule("financial-year tag", 2, "an FY25 or FY 2024-25 tag ignored, before or after the serial",
               ("FY25/INV/45", "INV/45/FY2024-25")),
    NumberRule("number words", 2, "No., Bill No typed before the number ignored",
               ("Bill No. INV/45", "INV/45")),
    NumberRule("invoice word", 2, "Invoice No. typed before the number ignored", ("Invoice No. 279", "279")),
    NumberRule("date typed after the number", 2, "a 'dt 14.10.2025' after the number ignored",
               ("279 dt 14.10.2025", "279")),
    NumberRule("day and month typed after the number", 2, "a 'dt.13/12' after the number ignored",
               ("1389 dt.13/12", "1389")),
    NumberRule("date in brackets after the number", 2, "a '(22-12-2026)' after the number ignored",
               ("KA-1377 (22-12-2026)", "KA/1377")),
    NumberRule("year between the serial and a word", 2, "a year between the serial and a branch word ignored",
               ("INV/279/24-25/BLR", "INV/279/BLR")),
    NumberRule("no-break spaces around", 0, "no-break spaces around the number ignored",
               ("\u00a0A0474\u00a0", "A0474")),
    NumberRule("compatibility forms", 1, "full-width and other compatibility forms read as ASCII (NFKC)",
               ("ＩＮＶ／２５-２６／１０", "INV/25-26/10")),
    NumberRule("invisible characters", 1, "zero-width space, soft hyphen, byte-order mark ignored",
               ("\ufeffINV/10\u00ad45\u200b", "INV/1045")),
    NumberRule("letters of another script", 1, "Cyrillic and Greek capitals that print as Latin ones",
               ("ТАХ/45", "TAX/45")),
    NumberRule("digits of an Indian script", 1, "Devanagari and other Indian digits read as digits",
               ("INV/१२३", "INV/123")),
    NumberRule("dash and slash variants", 2, "en dash, minus sign, fraction slash are a dash or a slash",
               ("INV/0045/25\u201326", "INV/45")),
    NumberRule("brackets around a year", 2, "a year in brackets after the number ignored",
               ("INV/45 (25-26)", "INV/45")),
    NumberRule("two-digit year after the serial", 2, "a 25 after a serial of three digits or more ignored",
               ("279/25", "279")),
    NumberRule("year typed twice", 2, "the financial year written twice after the serial ignored",
               ("1731/25-26/25-26", "1731/25-26")),
    NumberRule("Excel decimal", 2, "a numeric number Excel saved as a decimal: the .0 ignored",
               ("1045", "1045.0")),
    NumberRule("Excel scientific notation", 5, "a number Excel showed as 9.00E+9 has lost its digits: "
               "no key of the bill it was", ("9000000009", "9.00E+9")),
    NumberRule("first 16 characters kept", 2,
               "Rule 46: GSTN holds the first 16 characters of a longer number",
               ("INV001103/MUMBAI", "INV001103/MUMBAI/WEST/2025-26")),
    NumberRule("last 16 characters kept", 2,
               "Rule 46: GSTN holds the last 16 characters of a longer number",
               ("X/2025-26/000123", "MUMBAI/TAX/2025-26/000123")),
    NumberRule("last 16 letters and digits kept", 2,
               "Rule 46: GSTN holds the last 16 letters and digits of a longer number",
               ("ALES202526000438", "MH/SALES/2025-26/000438")),
    NumberRule("serial after a year", 2,
               "the digits after a year are the serial, however like a year they look",
               ("MH/2025/01617A", "MH/2025/1617A")),
    NumberRule("look-alike letter for a code's only digit", 3, "a short code's one digit typed as the "
               "letter it looks like (B for 8, Z for 2, l for 1) read as that digit", ("TX8K", "TXBK")),
    NumberRule("zeros dropped after a year", 2, "leading zeros dropped from a serial after a year, however "
               "the serial reads", ("MH/2025/01920A", "MH-2025-1920A")),
    NumberRule("prefix", 3, "a prefix before the serial ignored", ("INV/25-26/0045", "45")),
    NumberRule("letter O for zero", 3, "an O standing next to a digit read as 0 (scan, reading aloud)",
               ("INV/1O45", "INV/1045")),
    NumberRule("letter I or l for one", 3, "an I or l standing next to a digit read as 1",
               ("INV/l045", "INV/1045")),
    NumberRule("letter S for five", 3, "an S standing next to a digit read as 5", ("114S", "1145")),
    NumberRule("letter B for eight", 3, "a B standing next to a digit read as 8", ("GT00126B", "GT001268")),
    NumberRule("letter for a digit before a suffix", 3,
               "a look-alike letter between a digit and letters read as a digit (CN241A typed CN24IA)",
               ("CN241A", "CN24IA")),
    NumberRule("look-alike letter in a serial without its prefix", 3, "a look-alike letter touching a digit "
               "of the serial read as that digit where the prefix was dropped too",
               ("2627/000501", "SHRIRAMTEX/2627/00050I")),
    NumberRule("look-alike letter for a one-digit serial", 3, "a serial of one digit after the year typed as "
               "the letter it looks like", ("TI/2025-2026/8", "TI/2025-2026/B")),
    NumberRule("look-alike letter for a one-digit serial before the year", 3, "a serial of one digit "
               "before the financial year typed as the letter it looks like", ("8/25-26", "B/25-26")),
    NumberRule("letter Z for two", 3, "a Z standing next to a digit read as 2", ("2752/Z5-26", "2752/25-26")),
    NumberRule("revision mark after the serial", 3, "a revision mark's digit is no serial: the serial "
               "is the number before it (2017-R1 is bill 2017 revised)", ("INV/25-26/2017-R1", "2017/R1")),
    NumberRule("amendment suffix kept", 3, "a suffix after the serial stays significant",
               ("SI-000729A", "729A")),
    NumberRule("word after the serial", 3, "a branch or series word after the serial ignored",
               ("1107/MUM/25-26", "1107/25-26")),
    NumberRule("word glued to the serial", 3, "a branch word typed onto the serial ignored",
               ("1045", "1045MUM")),
    NumberRule("office tag glued to the serial", 3,
               "WH, HO, BO or RO (warehouse, head, branch, regional office) typed onto the serial ignored",
               ("INV-000989", "INV-000989WH")),
    NumberRule("transposed digits", 4, "two digits of the serial swapped", ("A0265", "A0256")),
    NumberRule("swapped digits", 4, "two digits of the serial swapped, not side by side",
               ("INV-12436", "INV-16432")),
    NumberRule("padding after a glued year left out", 2, "the zeros between a year glued before the serial "
               "and the serial left out, as leading zeros", ("TXN25000875", "TXN25875")),
    NumberRule("zeros left out", 4, "zeros inside the number left out", ("INV10045", "INV1045")),
    NumberRule("serial ending with the other", 4, "a serial ending with the other's serial",
               ("A/1000496", "A/496")),
)

_NOT_ALNUM = re.compile(r"[^0-9A-Z]+")
_TOKEN = re.compile(r"[A-Z]+|[0-9]+")


@dataclass(frozen=True, slots=True)
class NumberKeys:
    exact: str
    separators: str
    tokens: str
    serial: str
    transposed: str
    zeroless: str
    lookalike: str = ""  # letters and digits with look-alike letters read as digits; "" when none

    def level(self, other: NumberKeys) -> int:
        """The finest level at which two numbers agree (5: they do not)."""
        if not self.exact or not other.exact:
            return 5
        if self.exact == other.exact:
            return 0
        if self.separators == other.separators:
            return 1
        if self.tokens == other.tokens:
            return 2
        if rule46_cut(self.exact, other.exact) or rule46_cut(other.exact, self.exact):
            return 2
        if self.zeroless == other.zeroless and same_runs(self.exact, other.exact):
            return 2
        if self.serial == other.serial:
            return 3
        if (self.lookalike or other.lookalike) \
                and (self.lookalike or self.separators) == (other.lookalike or other.separators):
            return 3
        if (self.lookalike or other.lookalike) and serials_read_alike(self.exact, self.serial,
                                                                      other.exact, other.serial):
            return 3
        if self.zeroless == other.zeroless \
                or (tail_related(self.serial, other.serial) and words_agree(self.tokens, other.tokens)) \
                or (self.transposed == other.transposed and two_swapped(self.serial, other.serial)):
            return 4
        return 5


@lru_cache(maxsize=8192)
def serial_read_as_digits(number: str, serial: str) -> str:
    """The serial key of ``number`` (``serial`` as written) with look-alike letters touching a digit
    read as digits; '' when none stands in the serial (SHRIRAMTEX/2627/00050I: 501; INV/1O45: 1045;
    BLR/45: '')."""
    exact = number.strip().upper()
    read = read_as_digits(exact if exact.isascii() else plain(exact))
    keys = key_tuple(read) if read else None
    return keys[3] if keys is not None and keys[3] != serial else ""


def serials_read_alike(a: str, a_serial: str, b: str, b_serial: str) -> bool:
    """Two numbers (as written, with their serial keys) whose serials agree once a look-alike letter
    is read as a digit in either: 2627/000501 filed, SHRIRAMTEX/2627/00050I booked (a prefix dropped
    and a scan's I for 1, two slips the whole-number keys each see alone but not together)."""
    read_a, read_b = serial_read_as_digits(a, a_serial), serial_read_as_digits(b, b_serial)
    return bool(read_a or read_b) and (read_a or a_serial) == (read_b or b_serial)


def financial_years(text: str) -> frozenset[int]:
    """Start years of the financial years a number names (INV/24-25/12 -> 2024; FY25 -> 2024; a
    calendar year could be either of two); empty when it names none."""
    tokens = _TOKEN.findall(text.upper())
    years: set[int] = set()
    # a number of two digit runs holds its serial in one of them: KA/2025/2026 is bill 2026 of 2025,
    # not a year 2025-26 without a serial
    runs = sum(1 for token in tokens if token[0].isdigit())
    for position, token in enumerate(tokens):
        if not token[0].isdigit():
            continue
        after = tokens[position + 1] if position + 1 < len(tokens) else ""
        before = tokens[position - 1] if position else ""
        if after[:1].isdigit() and runs != 2 and _consecutive(token, after):
            years.add(2000 + int(token[-2:]))
        elif before == "FY" and len(token) == 2 and token in _GLUED_YEARS:
            years.add(2000 + int(token) - 1)
        elif before == "FY" and _fy4(token):
            years.add(2000 + int(token[:2]))  # INV/39/FY2425: the tag says the digits are its year
        elif before == "FY" and _year(token):
            years.update((int(token) - 1, int(token)))  # INV/39/FY2025: a year, not serial 2025 of 39
        elif (_fy4(token) or _year(token)) and _serial_like_year(tokens, position):
            continue
        elif _fy4(token):
            years.add(2000 + int(token[:2]))
        elif _year(token):
            years.update((int(token) - 1, int(token)))
    return frozenset(years)


def number_keys(text: str | None) -> NumberKeys:
    keys = key_tuple(text)
    if keys is None:
        return NumberKeys("", "", "", "", "", "", "")
    return NumberKeys(*keys)


def key_tuple(text: str | None) -> tuple[str, str, str, str, str, str, str] | None:
    """(exact, separators, tokens, serial, transposed, zeroless, lookalike); None for an empty number.

    The hot path of the engine (one call per document). A number is split
    into head, serial (its last digits) and tail; a supplier's heads repeat
    (``INV/25-26/``), so what a head contributes is worked out once and cached.
    """
    exact = (text or "").strip().upper()
    if not exact:
        return None
    # the exact key is the number as written; every coarser key reads it as plain ASCII
    work = exact if exact.isascii() and exact[-1].isalnum() and exact[0].isalnum() else plain(exact)
    separators = _NOT_ALNUM.sub("", work)
    if not separators:
        return None  # only punctuation or invisible characters: no number at all
    if work[-1] == "0" and "." in work and _EXCEL_DECIMAL(work):
        work = work[:work.index(".")]  # 1045.0: a numeric bill number Excel saved as a decimal
    if "E+" in work and _EXCEL_SCIENTIFIC(work):
        # 9.00E+9: a long numeric bill number Excel showed in scientific notation, its digits lost;
        # only the same text is the same number (no serial, no slip of 9000000009)
        return exact, separators, separators, separators, separators, separators, ""
    if "DT" in work or "DATE" in work:  # a substring test spares most numbers a regex
        dated = _TRAILING_DATE(work)
        if dated is not None:
            work = dated.group(1)  # 279 dt 14.10.2025, 1389 dt.13/12: the bill's date after its number
    elif "(" in work or "[" in work:
        dated = _BRACKETED_DATE(work)
        if dated is not None:
            work = dated.group(1)  # KA-1377 (22-12-2026): the bill's line copied whole from its PDF
    if work[-1].isdigit() and ("R" in work or "V" in work):  # a substring test spares most a regex
        revised = _REVISION_MARK(work)
        if revised is not None:
            keys = _revised_keys(revised, exact, separators)
            if keys is not None:
                return keys
    core = work
    tagged = _TRAILING_FY(work) if "FY" in work else None  # a substring test spares most a regex
    if tagged is not None and _fy_tag_year(tagged.group(2), tagged.group(3)):
        core = tagged.group(1)  # INV/45/FY25, 45 FY 2024-25: the tag says it is a year
        if core[-1].isdigit() or core[-1].isalpha():
            core = _strip_trailing_years(core, _TRAILING_YEAR(core))  # 1114/25-26/FY26: year, then tag
    elif work[-1].isdigit() or work[-1].isalpha():
        trailing = _TRAILING_YEAR(work)
        if trailing is not None:
            core = _strip_trailing_years(work, trailing)
        if core is work and len(work) > 5 and work[-1].isdigit() and not work[-3].isalnum():
            core = _strip_trailing_years(work, _TRAILING_YEAR_AFTER_WORD(work))  # rare: 1107/MUM/25-26
        if core is work and len(work) > 6 and work[-1].isalpha() and work[-2].isalpha():
            core = _year_before_word(work)  # rare: INV/279/24-25/BLR
    match = split_serial(core)
    if match is None:  # no digits at all (so no letter next to one), but a code's digit typed as one
        return exact, separators, separators, separators, separators, separators, letter_as_digit(separators)
    head, digits, tail = match.groups()
    cached = _HEADS.get(head)
    if cached is None:
        tokens_of_head = _head(head)
        cached = _HEADS[head] = (tokens_of_head, bool(read_as_digits(head + "0")),
                                 any(token in _SCANNED_LETTERS for token in tokens_of_head))
    head_tokens, head_scanned, lone_letter = cached
    lookalike = ""
    if head_scanned or (tail and tail[0] in _SCANNED_LETTERS):
        lookalike = _NOT_ALNUM.sub("", read_as_digits(work))
    elif len(tail) >= 2 and tail[-1] in _SCANNED_LETTERS and not tail[-2].isalnum():
        lookalike = last_letter_as_digit(separators)  # TI/2025-2026/B: serial 8 typed as a B
    elif lone_letter and not tail:
        lookalike = letter_serial_before_year(work, separators)  # B/25-26: serial 8 typed as a B
    serial = (unglued(digits) if len(digits) >= 7 else digits).lstrip("0") or "0"
    if tail:
        suffix_tokens = _LETTERS.findall(tail)
        suffix = "".join(suffix_tokens)
        tokens = ".".join((*head_tokens, serial, *suffix_tokens))
        if len(suffix) >= 2 and not tail[0].isalnum() or len(tail) >= 3 and tail.isalpha() \
                or tail in _OFFICE_TAGS:
            # 1107/MUM, 1107MUM, 1107WH: a branch or series word after the serial, not an amendment's
            # or a part's letters (1107A, 1107CN stay)
            suffix = ""
    else:
        suffix = ""
        tokens = ".".join((*head_tokens, serial))
    return (exact, separators, tokens, serial + suffix,
            ".".join(head_tokens) + "|" + "".join(sorted(serial)) + suffix, separators.replace("0", ""),
            lookalike)


def _revised_keys(revised, exact: str, separators: str) -> tuple | None:
    """2017-R1, INV-000181/REV2: the bill's number, then a revision mark. The mark's digit is no serial
    (2017-R1 and 2026/R1 are two bills, not bill 1 of two years): the keys are the number's, with the
    mark after its serial, as an amendment's letter is. None where the number before the mark ends in
    letters (181A-R1), which reads as before."""
    keys = key_tuple(revised.group(1))
    if keys is None or not keys[3][-1:].isdigit():
        return None
    letters, digit = revised.group(2), revised.group(3).lstrip("0") or "0"
    mark = letters + digit
    lookalike = keys[6] + mark if keys[6] else ""
    return (exact, separators, f"{keys[2]}.{letters}.{digit}", keys[3] + mark, keys[4] + mark,
            separators.replace("0", ""), lookalike)


def _year_before_word(work: str) -> str:
    """INV/279/24-25/BLR -> INV/279/BLR: a year between the serial and a branch word after it."""
    match = _YEAR_BEFORE_WORD(work)
    if match is None:
        return work
    number, word = match.group(1), match.group(2)
    stripped = _strip_trailing_years(number, _TRAILING_YEAR(number))
    return work if stripped == number else f"{stripped}/{word}"


def _strip_trailing_years(work: str, trailing) -> str:
    """INV/0045/25-26 -> INV/0045; a year typed twice (17/25-26/2025-26, 0298/25-26-2526) goes too.
    ``trailing``: ``_TRAILING_YEAR`` of ``work``, already run by the caller."""
    core = work
    for attempt in range(2):
        if attempt:
            trailing = _TRAILING_YEAR(core)
        # a two-digit year after the serial only at the very end: S474-25/25-26 is code 474, serial 25
        stripped = _without_trailing_year(trailing, attempt == 0) if trailing is not None else None
        if stripped is None and len(core) > 5 and not core[-5].isalnum() and core[-4:].isdigit() \
                and (_fy4(core[-4:]) or _year(core[-4:])):
            last = _LAST_YEAR(core)  # SI/25-26/0298-2526: the lazy match above read 0298-2526 as a pair
            if last is not None and _trailing_year_repeated_or_alone(last.group(1), last.group(2)):
                stripped = last.group(1)
        if stripped is None or stripped == core:
            break
        if attempt and financial_years(core) != financial_years(work):
            break  # a year typed twice is one year: BR2/2728/25-26 is bill 2728 of 2025-26
        core = stripped
    return core


def _trailing_year_repeated_or_alone(before: str, last: str) -> bool:
    """Whether the 4 digits ``last`` after ``before`` are a year to drop: 0298-2526 (a year after the
    serial) or 25-26-2526 (the same year typed twice), never INV/25-26/2027 (after a year, a serial)."""
    if not (_fy4(last) or _year(last)):
        return False
    tokens = _TOKEN.findall(before)
    if not tokens or not tokens[-1][0].isdigit():
        return True
    if _year_then_serial(tokens, last):
        return False  # SI/25-26/2526: a year, then the serial
    if _years_of(tokens[:-1]) and not _years_of(tokens):
        return True  # SI/25-26/2028-2526: after the year and the serial, the year again
    if len(tokens) > 1 and tokens[-2][0].isdigit() and _consecutive(tokens[-2], tokens[-1]):
        return _fy4(last) and int(last[:2]) == int(tokens[-2][-2:])
    return not (_fy4(tokens[-1]) or _year(tokens[-1]))


def _without_trailing_year(match, short: bool = True) -> str | None:
    """INV/0045/25-26 -> INV/0045; INV/0045A/2025 -> INV/0045A; None when the tail is no year."""
    core, first, second, letters = match.groups()
    before = _LAST_DIGITS(core)
    text = match.string
    if before is not None and _consecutive(before.group(1), first) and not (
            second is not None and _consecutive(first, second)
            and text[match.end(2):match.start(3)] == "-" != text[match.end(1):match.start(2)]):
        # MHINV/25-26/27 reads prefix, year, serial: the year comes first; but 24/25-26 is bill 24 of
        # 2025-26, the year written with its dash
        return None
    if second is not None:
        if not _consecutive(first, second):
            return None
    elif not (_fy4(first) or _year(first) or (short and not letters and before is not None
                                              and short_year_after(before.group(1), first))):
        return None
    elif len(first) == 4 and _year_then_serial(_TOKEN.findall(core), first):
        return None  # MH/2025/1617, MH/2025/2526: the year came first, so these digits are the serial
    return core + letters


def short_year_after(serial: str, last: str) -> bool:
    """Whether the two digits ``last`` after ``serial`` are a year (279/25, SI/0279/26): a serial of
    three digits or more that is no year itself (2025/17 reads year, then serial 17)."""
    return len(last) == 2 and last in _GLUED_YEARS and len(serial) >= 3 \
        and not (_fy4(serial) or _year(serial))


def _fy_tag_year(first: str, second: str | None) -> bool:
    """The digits after an FY tag: 25, 2025, 2425, 24-25, 2024-25 (not a serial)."""
    if second is not None:
        return _consecutive(first, second)
    if len(first) == 2:
        return first in _GLUED_YEARS
    return _fy4(first) or _year(first)


def _head(head: str) -> tuple[str, ...]:
    """What the part before the serial contributes: its kept tokens (financial-year and year
    tokens dropped, leading zeros dropped)."""
    tokens = _TOKEN.findall(head)
    digit_positions = [i for i, token in enumerate(tokens) if token[0].isdigit()]
    # words a clerk types before the number (No., Bill No, Inv No.) say nothing about the document
    drop: set[int] = {i for i, token in enumerate(tokens) if token in _NUMBER_WORDS}
    for position, token in enumerate(tokens):  # FY25/..., FY 2024-25/...: an FY tag and its year
        if token == "FY" and position + 1 in digit_positions:
            second = tokens[position + 2] if position + 2 in digit_positions else None
            if second is not None and _consecutive(tokens[position + 1], second):
                drop.update((position, position + 1, position + 2))
            elif _fy_tag_year(tokens[position + 1], None):
                drop.update((position, position + 1))
    for position, nxt in zip(digit_positions, digit_positions[1:]):
        if nxt == position + 1 and _consecutive(tokens[position], tokens[nxt]):
            drop.update((position, nxt))
    for position in digit_positions:
        if position not in drop and (_fy4(tokens[position]) or _year(tokens[position])):
            drop.add(position)
    kept = tuple(
        (token.lstrip("0") or "0") if token[0].isdigit() else token
        for i, token in enumerate(tokens) if i not in drop
    )
    return kept


# An FY tag after the serial: INV/45/FY25, INV-45 FY 2024-25, 45/FY2025.
_TRAILING_FY = re.compile(
    r"(.*?[0-9][A-Z]*)[^0-9A-Z]*FY[^0-9A-Z]*([0-9]{2,4})(?:[^0-9A-Z]([0-9]{2,4}))?").fullmatch
_NUMBER_WORDS = frozenset({"NO", "NUMBER", "BILL", "INVOICE"})
# A financial year or year after the serial: INV/0045/25-26, 045-2025, INV/0045A/2025-26.
_TRAILING_YEAR = re.compile(r"(.*?[0-9][A-Z]*)[^0-9A-Z]+([0-9]{2,4})(?:[-/]([0-9]{2,4}))?([A-Z]*)").fullmatch
# The same after a word that follows the serial (1107/MUM/25-26): tried only when the above fails.
_TRAILING_YEAR_AFTER_WORD = re.compile(
    r"(.*?[0-9].*?[^0-9A-Z][A-Z]{2,})[^0-9A-Z]+([0-9]{2,4})(?:[-/]([0-9]{2,4}))?([A-Z]*)").fullmatch
# A date typed after the number: 279 dt 14.10.2025, INV/279 DATED 14-10-25, 279 DTD.14/10/25, 1389 dt.13/12.
_TRAILING_DATE = re.compile(
    r"(.*?[0-9A-Z])[^0-9A-Z]*(?<![A-Z])(?:DTD|DATED|DATE|DT)(?![A-Z])[^0-9A-Z]*"
    r"[0-9]{1,2}[^0-9A-Z]{1,2}(?:[0-9]{1,2}|[A-Z]{3})(?:[^0-9A-Z]{1,2}[0-9]{2,4})?").fullmatch
# A date in brackets after the number: KA-1377 (22-12-2026). With no word, only a calendar day, month
# and year is one (INV (12-2) may be a part); plain() has dropped the closing bracket at the end.
_BRACKETED_DATE = re.compile(
    r"(.*?[0-9A-Z])[^0-9A-Z(\[]*[(\[] *(?:0?[1-9]|[12][0-9]|3[01])([-./])(?:0?[1-9]|1[0-2])\2"
    r"(?:[0-9]{2}|20[0-9]{2}) *[)\]]?").fullmatch
# A year between the serial and a word: INV/279/24-25/BLR.
_YEAR_BEFORE_WORD = re.compile(
    r"(.*?[0-9][^0-9A-Z]+[0-9]{2,4}(?:[-/][0-9]{2,4})?)[^0-9A-Z]+([A-Z]{2,})").fullmatch
_EXCEL_DECIMAL = re.compile(r"[0-9]+\.0+").fullmatch
_EXCEL_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?E\+[0-9]{1,2}").fullmatch
_LAST_YEAR = re.compile(r"(.*[0-9][A-Z]*)[^0-9A-Z]+([0-9]{4})").fullmatch
_LAST_DIGITS = re.compile(r"([0-9]+)[A-Z]*$").search
_LETTERS = re.compile(r"[A-Z]+")
# a revision mark after the whole number: 2017-R1, 181/REV2, 0321 V1, 0321REV1 (R or V alone only
# after a separator: glued to digits they may be a code's letter)
_REVISION_MARK = re.compile(r"(.*[0-9])(?:[-/. ]|(?=REV))(REV|R|V)[-. ]?([0-9]{1,2})").fullmatch
_HEADS: dict[str, tuple[tuple[str, ...], bool, bool]] = {}  # head -> its tokens, a look-alike letter
# touching a digit in it, a token that is one look-alike letter
_SCANNED_LETTERS = frozenset("OILSBZ")
# Two letters a clerk types onto the serial for where the goods went or the bill was booked: a
# place, never a document's own mark (A, B, CN, DN, R1 are: an amendment, a part, a note).
_OFFICE_TAGS = frozenset({"WH", "HO", "BO", "RO"})
