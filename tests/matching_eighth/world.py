"""The world of an eighth-generator month: a recipient, its suppliers, their numbering.

Four business profiles, none the centre of an earlier generator: a hospital with a pharmacy
buying from pharma distributors, a construction contractor buying works and RA bills per site,
an e-commerce seller buying packaging and courier services, and a merchant exporter buying
inputs. Every GSTIN carries a valid check character.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from india_ims.gst_india.gstin import check_character

PROFILES = ("hospital", "contractor", "ecommerce", "exporter")
RECIPIENT_STATES = {"hospital": "29", "contractor": "29", "ecommerce": "24", "exporter": "24"}
OTHER_STATES = ("27", "33", "07", "36", "06")

# Supplier kinds each profile buys from, with weights; "general" (rent, telecom, stationery) everywhere.
KINDS = {
    "hospital": {"pharma": 6, "surgical": 2, "general": 2},
    "contractor": {"subcontractor": 4, "material": 4, "general": 2},
    "ecommerce": {"packaging": 4, "courier": 4, "gta": 1, "general": 2},
    "exporter": {"merchant_input": 4, "material": 3, "general": 2},
}
# Numbering styles a kind's suppliers use (see ``format_number``).
STYLES = {
    "pharma": ("marg", "fy", "plain"),
    "surgical": ("fy", "dash"),
    "subcontractor": ("ra",),
    "material": ("fy", "dash", "plain"),
    "packaging": ("fy", "dash", "marg"),
    "courier": ("long",),
    "gta": ("dual",),
    "merchant_input": ("fy", "dash"),
    "general": ("fy", "plain", "dash"),
}
RATES = {
    "pharma": (5, 12, 12, 18), "surgical": (12, 18), "subcontractor": (12, 18), "material": (18, 28, 18),
    "packaging": (18, 12), "courier": (18,), "gta": (12,), "merchant_input": (18, 12), "general": (18,),
}


def make_gstin(state: str, pan: str, entity: str = "1") -> str:
    first = f"{state}{pan}{entity}Z"
    return first + check_character(first)


def random_pan(rng: random.Random, holder: str = "C") -> str:
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    fifth, last = rng.choice(string.ascii_uppercase), rng.choice(string.ascii_uppercase)
    return f"{letters}{holder}{fifth}{rng.randint(1000, 9999)}{last}"


@dataclass
class Supplier:
    gstin: str
    name: str
    kind: str
    style: str
    prefix: str
    rates: tuple[int, ...]
    counter: int = 0
    series: dict[str, int] = field(default_factory=dict)

    @property
    def state(self) -> str:
        return self.gstin[:2]

    def next_number(self, series: str | None = None) -> str:
        """The supplier's next document number (a separate running count per series)."""
        key = series or self.prefix
        self.series[key] = self.series.get(key, self.counter) + 1
        return format_number(self.style, series or self.prefix, self.series[key])


    def next_note(self, kind: str) -> str:
        """A debit or credit note number: its own series, whatever the invoice style."""
        self.series[kind] = self.series.get(kind, self.counter // 10) + 1
        return f"{kind}/{self.series[kind]:04d}"


def format_number(style: str, prefix: str, n: int) -> str:
    if style == "marg":
        return f"{prefix}{n:06d}"
    if style == "fy":
        return f"{prefix}/26-27/{n:04d}"
    if style == "plain":
        return str(n)
    if style == "dash":
        return f"{prefix}-{n}"
    if style == "ra":  # prefix is the site code: BLR2/RA-07
        return f"{prefix}/RA-{n:02d}"
    if style == "long":
        return f"{prefix}2627{n:08d}"
    if style == "dual":  # a logistics firm: WH (warehousing, forward charge) and GT (freight, RCM)
        return f"{prefix}/{n:05d}"
    raise ValueError(style)


def make_suppliers(rng: random.Random, profile: str, recipient_state: str, count: int) -> list[Supplier]:
    kinds = KINDS[profile]
    names = list(kinds)
    weights = [kinds[k] for k in names]
    suppliers = []
    seen = set()
    for i in range(count):
        kind = names[i] if i < len(names) else rng.choices(names, weights)[0]
        state = recipient_state if rng.random() < 0.7 else rng.choice(OTHER_STATES)
        pan = random_pan(rng, rng.choice("CFP"))
        while pan in seen:
            pan = random_pan(rng)
        seen.add(pan)
        style = rng.choice(STYLES[kind])
        if style == "ra":
            prefix = rng.choice(("BLR", "MYS", "HBL")) + str(rng.randint(1, 4))
        elif style == "long":
            prefix = rng.choice(("DL", "BD", "XB", "EK"))
        elif style == "dual":
            prefix = "WH"
        else:
            prefix = rng.choice(("A", "B", "GST", "INV", "SI", "TI", "KA", "GJ", "S"))
        counter = rng.randint(0, 40) if style == "ra" else rng.randint(100, 4000)
        suppliers.append(Supplier(make_gstin(state, pan), f"{kind.title()} {pan[:5].title()} Pvt Ltd", kind,
                                  style, prefix, RATES[kind], counter))
    return suppliers
