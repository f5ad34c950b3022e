"""How suppliers number their documents, and how clerks rewrite those numbers.

A ``Series`` renders a serial the supplier's way (``INV/25-26/0045``,
``GST-2526-00656``, ``A0265``, ``TXN25000875``...). Clerks' habits are
variations of the same rendering (no separators, no leading zeros, the
financial-year token dropped or spelled long, the prefix dropped), so a
habit is data: a name and the render options it changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..gst_india.documents import DocumentType

# (invoice prefix, credit-note prefix, debit-note prefix, fy style, separator, padding,
#  where the fy token goes: False after the prefix, True first, "last" after the serial)
SERIES_STYLES: dict[str, tuple[str, str, str, str | None, str, int, bool | str]] = {
    "inv_fy": ("INV", "CN", "DN", "short", "/", 4, False),
    "gst_fy_compact": ("GST", "CN", "DN", "compact", "-", 5, False),
    "state_year": ("{st}", "CN{yy}", "DN{yy}", "year", "/", 5, False),
    "alpha": ("A", "CNA", "DNA", None, "", 4, False),
    "plain": ("", "CN", "DN", None, "", 0, False),
    "si": ("SI", "CNI", "DNI", None, "-", 6, False),
    "txn": ("TXN", "CN", "DN", "yy", "", 6, False),
    "fy_first": ("", "CN", "DN", "short", "/", 0, True),
    "fy_long_first": ("INV", "CRN", "DBN", "long", "/", 5, True),
    "spaced": ("BILL", "CN", "DN", None, " ", 5, False),
    "slash_code": ("{st}INV", "{st}CN", "{st}DN", "short", "/", 3, False),
    "fy_last": ("INV", "CN", "DN", "short", "/", 4, "last"),
    "year_last": ("", "CR", "DR", "year", "-", 3, "last"),
    "fy_tag_first": ("{st}", "CN{st}", "DN{st}", "tagged", "/", 5, True),  # FY25-26/MH/00279
}


@dataclass(frozen=True)
class Series:
    """One GSTIN's numbering of one document type."""

    prefix: str
    fy_style: str | None  # short 25-26, compact 2526, long 2025-26, year 2025, yy 25, tagged FY25-26
    separator: str
    padding: int
    fy_first: bool
    fy_start: int  # calendar year the financial year starts in
    fy_last: bool = False

    @classmethod
    def of(cls, style: str, document_type: DocumentType, fy_start: int, state_abbr: str) -> Series:
        inv, cn, dn, fy, sep, pad, first = SERIES_STYLES[style]
        prefix = {DocumentType.INVOICE: inv, DocumentType.CREDIT_NOTE: cn, DocumentType.DEBIT_NOTE: dn}[
            document_type
        ]
        prefix = prefix.format(st=state_abbr, yy=f"{fy_start % 100:02d}")
        return cls(prefix, fy, sep, pad, first is True, fy_start, first == "last")

    def fy_token(self, style: str | None = None) -> str:
        style = style or self.fy_style
        start, end = self.fy_start % 100, (self.fy_start + 1) % 100
        return {
            "short": f"{start:02d}-{end:02d}",
            "compact": f"{start:02d}{end:02d}",
            "long": f"{self.fy_start}-{end:02d}",
            "year": f"{self.fy_start}",
            "yy": f"{start:02d}",
            "tagged": f"FY{start:02d}-{end:02d}",
        }[style]

    def render(self, serial: int, *, suffix: str = "", **options) -> str:
        """The number as written; ``options`` are a habit's overrides (see ``HABITS``)."""
        prefix = "" if options.get("drop_prefix") else self.prefix
        sep = options.get("separator", self.separator)
        pad = options.get("padding", self.padding)
        fy_style = self.fy_style
        if options.get("drop_fy"):
            fy_style = None
        elif options.get("fy_style") and fy_style in ("short", "compact", "long"):
            fy_style = options["fy_style"]
        digits = f"{serial:0{pad}d}" if pad else str(serial)
        fy = [self.fy_token(fy_style)] if fy_style else []
        if self.fy_last:
            return sep.join([*([prefix] if prefix else []), digits + suffix, *fy])
        parts = fy
        if prefix:
            parts = parts + [prefix] if self.fy_first else [prefix, *parts]
        parts.append(digits)
        return sep.join(parts) + suffix


@dataclass(frozen=True)
class Habit:
    """A clerk's way of writing a number; ``level`` says what the README calls it."""

    name: str
    options: dict
    level: str  # "exact": equal once trimmed and upper-cased; "clerical": written differently

    def applies_to(self, series: Series) -> bool:
        return self.name not in _NOT_APPLICABLE or not _NOT_APPLICABLE[self.name](series)

    def apply(self, series: Series, serial: int, suffix: str = "") -> str:
        text = series.render(serial, suffix=suffix, **self.options)
        if self.name == "lowercase":
            return text.lower()
        if self.name == "padded_spaces":
            return f" {text} "
        return text


HABITS: dict[str, Habit] = {
    habit.name: habit
    for habit in (
        Habit("lowercase", {}, "exact"),
        Habit("padded_spaces", {}, "exact"),
        Habit("no_separators", {"separator": ""}, "clerical"),
        Habit("other_separator", {"separator": "-"}, "clerical"),
        Habit("no_leading_zeros", {"padding": 0}, "clerical"),
        Habit("drop_fy", {"drop_fy": True}, "clerical"),
        Habit("long_fy", {"fy_style": "long"}, "clerical"),
        Habit("compact_fy", {"fy_style": "compact"}, "clerical"),
        Habit("drop_prefix", {"drop_prefix": True}, "clerical"),
        Habit("serial_only", {"drop_prefix": True, "drop_fy": True, "padding": 0}, "clerical"),
    )
}

# A habit that would not change the number, or would glue digits so that
# no reader could find the serial again, is not offered for that series.
_NOT_APPLICABLE = {
    "no_separators": lambda s: s.separator == "" or s.fy_last
    or (s.fy_style is not None and not s.prefix and s.fy_first),
    "other_separator": lambda s: s.separator in ("-", "") or not (s.prefix or s.fy_style),
    "no_leading_zeros": lambda s: s.padding == 0 or (s.separator == "" and s.fy_style is not None),
    "drop_fy": lambda s: s.fy_style is None,
    "long_fy": lambda s: s.fy_style not in ("short", "compact"),
    "compact_fy": lambda s: s.fy_style not in ("short", "long"),
    "drop_prefix": lambda s: not s.prefix or (s.fy_style is None and s.padding == 0),
    "serial_only": lambda s: not (s.prefix or s.fy_style),
}
