"""The world of one April-2026 month: our two registrations, ~60 suppliers, their branches.

Every GSTIN is built with ``india_ims.gst_india.gstin.check_character`` so its check character is
valid. Suppliers carry a numbering style, which is where the financial-year boundary bites (Rule
46(b): a serial "unique for a financial year", not exceeding sixteen characters; many suppliers
restart at 1 on 1 April, some put a FY token such as ``25-26`` in the number and some forget to
change it in the first days of April).
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from india_ims.gst_india.gstin import check_character, validate_gstin

OUR_PAN_SEED = "fifth-recipient"
UP, DELHI = "09", "07"
# States our suppliers sit in, weighted towards the recipient's neighbourhood.
SUPPLIER_STATES = ["09"] * 8 + ["07"] * 4 + ["06"] * 3 + ["08", "05", "27", "24", "19", "29", "33", "03"]

# Numbering styles (the number a supplier prints; ``fy`` is the financial year of the date).
#   plain_reset : 1, 2, 3 ... restarted every 1 April (small traders, hand-written bill books)
#   prefix_reset: INV/1, SB-12 ... restarted every 1 April
#   fy_token    : INV/25-26/0001, GST-2526-00012, 2025-26/45 ... token changes every 1 April
#   continuous  : A0668, TXN25000857 ... never restarted
#   calendar    : MH/2026/00148 ... calendar year (unchanged on 1 April)
#   long        : SHRIRAMTEX/26-27/000123: longer than 16; the GSTR-1 copy drops the prefix
STYLES = ("plain_reset", "prefix_reset", "fy_token", "continuous", "calendar", "long")


def make_gstin(rng: random.Random, state: str, pan: str | None = None, entity: str = "1") -> str:
    pan = pan or make_pan(rng)
    first = f"{state}{pan}{entity}Z"
    value = first + check_character(first)
    validate_gstin(value)
    return value


def make_pan(rng: random.Random, kind: str = "C") -> str:
    letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
    upper = string.ascii_uppercase
    middle, digits, last = rng.choice(upper), rng.randint(1000, 9999), rng.choice(upper)
    return f"{letters}{kind}{middle}{digits}{last}"


@dataclass
class Supplier:
    name: str
    gstins: list[str]  # first is the main registration; others are branches (same PAN)
    style: str
    prefix: str
    fy_format: str  # "yy-yy", "yyyy-yy", "yyyy"(2526), used by fy_token and long
    pad: int
    services: bool = False
    cess: bool = False
    forgets_fy_token: bool = False  # prints last year's token on 1-10 April
    serial: dict = field(default_factory=dict)  # (gstin, doc kind, fy) -> next serial

    @property
    def pan(self) -> str:
        return self.gstins[0][2:12]

    def next_serial(self, gstin: str, kind: str, fy: str, start: int = 1) -> int:
        key = (gstin, kind, fy if self.style not in ("continuous", "calendar") else "*")
        value = self.serial.get(key, start)
        self.serial[key] = value + 1
        return value


@dataclass
class World:
    ours: str  # UP registration, whose month is reconciled
    ours_delhi: str  # second registration, same PAN
    suppliers: list[Supplier]

    def by_style(self, *styles: str) -> list[Supplier]:
        return [s for s in self.suppliers if s.style in styles]

    def with_branches(self) -> list[Supplier]:
        return [s for s in self.suppliers if len(s.gstins) > 1]


def make_world(rng: random.Random, suppliers: int = 60, profile: str = "fy_boundary") -> World:
    our_pan = make_pan(rng)
    ours, ours_delhi = make_gstin(rng, UP, our_pan), make_gstin(rng, DELHI, our_pan, "2")
    style_weights = {
        "fy_boundary": [2, 2, 4, 1, 1, 1],
        "branches": [1, 2, 2, 2, 1, 1],
        "small_traders": [5, 3, 1, 1, 1, 0.5],
        "services": [1, 2, 2, 3, 1, 1],
    }[profile]
    branch_share = 0.45 if profile == "branches" else 0.15
    used_pans: set[str] = {our_pan}
    result = []
    for index in range(suppliers):
        pan = make_pan(rng)
        while pan in used_pans:
            pan = make_pan(rng)
        used_pans.add(pan)
        home = rng.choice(SUPPLIER_STATES)
        gstins = [make_gstin(rng, home, pan)]
        if rng.random() < branch_share:
            other = rng.choice([s for s in ("07", "06", "09", "27", "08") if s != home])
            gstins.append(make_gstin(rng, other, pan, "1"))
        style = rng.choices(STYLES, weights=style_weights)[0]
        prefix = rng.choice(["INV", "SB", "GST", "TI", "BL", "SI", "RSI", "DL", "KT"])
        if style == "long":
            prefix = rng.choice(["SHRIRAMTEX", "GANGAPOLYMER", "BHARATSTEEL", "NAVYUGAGRO"])
        result.append(Supplier(
            name=f"{pan[:3].title()} {rng.choice(['Traders', 'Industries', 'Enterprises', 'Agencies'])}",
            gstins=gstins,
            style=style,
            prefix=prefix,
            fy_format=rng.choice(["yy-yy", "yyyy-yy", "yyyy"]),
            pad=rng.choice([0, 3, 4, 5]) if style != "plain_reset" else 0,
            services=(profile == "services" and rng.random() < 0.6) or rng.random() < 0.15,
            cess=rng.random() < 0.06,
            forgets_fy_token=style in ("fy_token", "long") and rng.random() < 0.35,
        ))
        del index
    return World(ours, ours_delhi, result)
