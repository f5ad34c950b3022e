"""Text written to CSV stays text: a value a spreadsheet would run as a formula is quoted.

A supplier controls its invoice numbers and a clerk the bill numbers; "=HYPERLINK(...)",
"+cmd|...", "-2+3" or "@SUM(...)" opened from a CSV by Excel or LibreOffice is a formula (OWASP
"CSV injection"). The leading apostrophe makes the spreadsheet show the value as text. Tab and
carriage return count too: some spreadsheets strip them and then read what follows.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(value: str) -> str:
    """``value`` as a CSV cell that a spreadsheet shows as text."""
    return "'" + value if value and value.startswith(FORMULA_STARTS) else value


def from_csv_text(value: str) -> str:
    """The value ``csv_text`` wrote: its quoting apostrophe removed, anything else untouched."""
    if value and value.startswith("'") and value[1:].startswith(FORMULA_STARTS):
        return value[1:]
    return value
