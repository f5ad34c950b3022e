"""Document-number schemes of Indian billing software, and the ways a clerk rewrites them.

A number is never edited as a string: it is rendered from its parts (a template with literal
text, a financial-year token and a padded serial). A rewrite changes the template or the rendering
of one part, so "drop the year" can never eat a digit of the serial.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

FY_STYLES = {
    "yy-yy": "{a:02d}-{b:02d}",  # 25-26 (Tally's favourite)
    "yyyy-yy": "{A}-{b:02d}",  # 2025-26
    "yyyy": "{a:02d}{b:02d}",  # 2526
    "yyyy/yy": "{A}/{b:02d}",  # never used by a supplier; a clerk's restyling only
}
LOOKALIKE = {"0": "O", "1": "I", "5": "S", "8": "B"}


@dataclass(frozen=True)
class Scheme:
    """``template`` holds {fy} and {serial}; everything else is literal text."""

    name: str
    template: str
    pad: int = 0
    fy_style: str = "yy-yy"

    def render(self, serial: int, fy_start: int = 2025, serial_text: str | None = None) -> str:
        fy = FY_STYLES[self.fy_style].format(
            a=fy_start % 100, b=(fy_start + 1) % 100, A=fy_start
        )
        text = serial_text if serial_text is not None else str(serial).zfill(self.pad)
        return self.template.replace("{fy}", fy).replace("{serial}", text)

    @property
    def has_fy(self) -> bool:
        return "{fy}" in self.template

    @property
    def prefix(self) -> str:
        """Literal text before the first placeholder."""
        return self.template.split("{", 1)[0]


# Supplier schemes by billing system: (invoice, credit note, debit note). All render <= 16.
SCHEMES: dict[str, tuple[Scheme, Scheme, Scheme]] = {
    "tally_inv": (
        Scheme("tally_inv", "INV/{fy}/{serial}", 4),
        Scheme("tally_cn", "CN/{fy}/{serial}", 3),
        Scheme("tally_dn", "DN/{fy}/{serial}", 3),
    ),
    "tally_gst": (
        Scheme("tally_gst", "GST/{fy}/{serial}", 0),
        Scheme("tally_gst_cn", "CR/{fy}/{serial}", 0),
        Scheme("tally_gst_dn", "DR/{fy}/{serial}", 0),
    ),
    "state_series": (
        Scheme("state", "TN/{fy}/{serial}", 4),
        Scheme("state_cn", "TN/CN/{fy}/{serial}", 3),
        Scheme("state_dn", "TN/DN/{fy}/{serial}", 3),
    ),
    "busy": (
        Scheme("busy", "SI-{serial}/{fy}", 4),
        Scheme("busy_cn", "SR-{serial}/{fy}", 4),
        Scheme("busy_dn", "SD-{serial}/{fy}", 4),
    ),
    "branch_fy_first": (
        Scheme("branch", "{fy}/MUM/{serial}", 4, "yyyy-yy"),
        Scheme("branch_cn", "{fy}/MCN/{serial}", 4, "yyyy-yy"),
        Scheme("branch_dn", "{fy}/MDN/{serial}", 4, "yyyy-yy"),
    ),
    "zoho": (
        Scheme("zoho", "INV-{serial}", 6),
        Scheme("zoho_cn", "CN-{serial}", 5),
        Scheme("zoho_dn", "DN-{serial}", 5),
    ),
    "marg": (
        Scheme("marg", "A/{serial}", 0),
        Scheme("marg_cn", "C/{serial}", 0),
        Scheme("marg_dn", "D/{serial}", 0),
    ),
    "sap": (  # SAP billing documents: a bare 10-digit number per number range
        Scheme("sap", "{serial}", 10),
        Scheme("sap_cn", "{serial}", 10),
        Scheme("sap_dn", "{serial}", 10),
    ),
    "plain": (  # a small trader's bill book: 123, and the same serials for credit notes
        Scheme("plain", "{serial}", 0),
        Scheme("plain_cn", "{serial}", 0),
        Scheme("plain_dn", "{serial}", 0),
    ),
    "compact_fy": (
        Scheme("compact", "GST{fy}{serial}", 5, "yyyy"),
        Scheme("compact_cn", "CRN{fy}{serial}", 4, "yyyy"),
        Scheme("compact_dn", "DBN{fy}{serial}", 4, "yyyy"),
    ),
}
# First serial of a scheme's number range (SAP ranges start high).
RANGE_START = {"sap": 9100000000, "sap_cn": 9200000000, "sap_dn": 9300000000}

# Printed numbers longer than 16 characters; the supplier's GSTR-1 carries a fitted version.
LONG_PRINTED = Scheme("long", "INV/KA/{fy}/{serial}", 6, "yyyy-yy")  # INV/KA/2025-26/000123 (21)
LONG_REPORTED = Scheme("long_fit", "KA/{fy}/{serial}", 6, "yy-yy")  # KA/25-26/000123 (15)


def digits_core(number: str) -> str:
    """Serial digits as a clerk would compare them (for collision checks only)."""
    runs = re.findall(r"\d+", number)
    return runs[-1].lstrip("0") if runs else number


# ---- clerk rewrites: each returns a Scheme (or a rendered string) for the same serial ----


def change_separators(scheme: Scheme, style: str) -> Scheme:
    """'-' for '/', no separators at all, or spaces (Excel-typed registers)."""
    swap = {"dash": lambda t: t.replace("/", "-"), "none": lambda t: t.replace("/", "").replace("-", ""),
            "space": lambda t: t.replace("/", " ").replace("-", " ")}[style]
    parts = re.split(r"(\{fy\}|\{serial\})", scheme.template)
    template = "".join(p if p.startswith("{") else swap(p) for p in parts)
    fy_style = scheme.fy_style
    if style == "none" and fy_style in ("yy-yy", "yyyy-yy"):
        fy_style = "yyyy"  # INV25260042: the clerk drops the dash inside the year too
    return replace(scheme, template=template, fy_style=fy_style)


def drop_fy(scheme: Scheme) -> Scheme:
    """Remove the year token and one separator next to it; the serial is untouched."""
    template = re.sub(r"[/-]?\{fy\}", "", scheme.template, count=1)
    if template.startswith(("/", "-")):
        template = template[1:]
    return replace(scheme, template=template)


def restyle_fy(scheme: Scheme, style: str) -> Scheme:
    return replace(scheme, fy_style=style)


def drop_prefix(scheme: Scheme) -> Scheme:
    """Keep the serial only (the prefix and the year go)."""
    return replace(scheme, template="{serial}")


def add_prefix(scheme: Scheme, own: str) -> Scheme:
    return replace(scheme, template=own + scheme.template)


def unpad(scheme: Scheme) -> Scheme:
    return replace(scheme, pad=0)


def lookalike(serial_text: str, position: int) -> str | None:
    """Type the digit at ``position`` as its look-alike letter (0->O, 1->I, 5->S, 8->B)."""
    char = serial_text[position]
    if char not in LOOKALIKE:
        return None
    return serial_text[:position] + LOOKALIKE[char] + serial_text[position + 1 :]


def transpose(serial_text: str, position: int) -> str | None:
    """Swap two adjacent, different digits."""
    a, b = serial_text[position], serial_text[position + 1]
    if a == b:
        return None
    return serial_text[:position] + b + a + serial_text[position + 2 :]
