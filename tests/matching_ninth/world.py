"""The ninth generator's recipients and suppliers: four profiles no earlier generator centred on.

Rates are those after GST 2.0 (22 September 2025): 5 %, 18 % and 40 %; compensation cess has ended by
March 2027, so every cess head is 0. Every GSTIN carries its Luhn mod 36 check character.
"""

from __future__ import annotations

import random
import string
from dataclasses import dataclass, field

from india_ims.gst_india.gstin import check_character

FY = "2627"  # FY 2026-27; March 2027 is its last month
LAST_FY = "2526"
NEXT_FY = "2728"

# flags a supplier kind may carry
STAY = "stay"  # an out-of-state hotel or venue: CGST+SGST of its own state, place of supply there
DEPOT = "depot"  # holds a second GSTIN (same PAN) in the recipient's state
DAILY = "daily"  # bills one amount every day (milk, coal lorries, water cans)
PARALLEL = "parallel"  # also bills non-GST or nil-rated goods from a parallel series
OEM = "oem"  # issues runs of price-revision debit notes and scheme credit notes at year end
MONTHLY = "monthly"  # a monthly contract bill on the 31st (AMC, housekeeping, rent)


@dataclass(frozen=True)
class Kind:
    trade: str
    states: tuple[str, ...]  # "" stands for the recipient's own state
    rates: tuple[int, ...]
    styles: tuple[str, ...]
    flags: frozenset[str] = frozenset()
    weight: int = 3
    size: tuple[int, int] = (2_000, 60_000)  # taxable value in rupees


@dataclass(frozen=True)
class Profile:
    name: str
    state: str
    kinds: tuple[Kind, ...]
    old_rate: dict[int, int]  # rate in an item master not updated for GST 2.0 -> the old rate


def _k(trade, states, rates, styles, flags=(), weight=3, size=(2_000, 60_000)) -> Kind:
    return Kind(trade, tuple(states), tuple(rates), tuple(styles), frozenset(flags), weight, size)


PROFILE_TABLE = {
    "hotel_chain": Profile("hotel_chain", "30", (
        _k("dairy", [""], [5], ["plain", "dash"], [DAILY], 2, (1_500, 6_000)),
        _k("seafood and meat", [""], [5], ["plain", "tally_fy"], weight=3),
        _k("beverages and liquor distributor", ["", "27"], [40, 18], ["tally_fy", "long_fy"], [PARALLEL]),
        _k("linen and amenities", ["27", "29"], [5, 18], ["erp_compact", "tally_fy"], weight=4),
        _k("kitchen equipment", ["29", "33"], [18], ["sap", "erp_compact"], [DEPOT], 2, (20_000, 400_000)),
        _k("housekeeping and laundry", [""], [18], ["tally_fy", "dash"], [MONTHLY]),
        _k("online travel agent commission", ["07", "06"], [18], ["erp_compact"], weight=2),
        _k("hotel stays for staff", ["27", "29", "32"], [5, 18], ["long_fy", "dash"], [STAY], 2,
           (4_000, 40_000)),
        _k("spices and provisions", ["32", ""], [5], ["plain", "tally_fy"], weight=3),
    ), {40: 28, 5: 12}),
    "auto_dealer": Profile("auto_dealer", "27", (
        _k("vehicle OEM", ["06", "33"], [18, 40], ["sap"], [OEM, DEPOT], 4, (40_000, 900_000)),
        _k("tyres and batteries", ["33", "24"], [18], ["sap", "erp_compact"], [DEPOT, OEM], 3),
        _k("lubricants", ["", "24"], [18], ["tally_fy", "erp_compact"], weight=3),
        _k("local spares vendor", [""], [18, 5], ["plain", "dash", "tally_fy"], weight=4, size=(800, 25_000)),
        _k("workshop equipment", ["29", "07"], [18], ["long_fy", "erp_compact"], weight=2),
        _k("showroom housekeeping", [""], [18], ["tally_fy"], [MONTHLY], 1),
        _k("dealer conference venue", ["30", "29"], [18], ["long_fy"], [STAY], 1, (30_000, 300_000)),
    ), {18: 28, 40: 28}),
    "education": Profile("education", "29", (
        _k("housekeeping manpower", [""], [18], ["tally_fy", "dash"], [MONTHLY], 2, (50_000, 300_000)),
        _k("canteen and water", [""], [5, 18], ["plain"], [DAILY], 2, (600, 3_000)),
        _k("lab equipment", ["07", "06", "27"], [18], ["erp_compact", "long_fy"], [DEPOT], 3),
        _k("IT hardware", ["33", "36"], [18], ["sap", "erp_compact"], [DEPOT], 3, (20_000, 500_000)),
        _k("booksellers and stationery", ["", "33"], [18, 5], ["tally_fy", "plain"], [PARALLEL], 3),
        _k("printing and events", [""], [18], ["dash", "tally_fy"], weight=3),
        _k("conference venue", ["30", "32", "33"], [18, 5], ["long_fy"], [STAY], 1, (20_000, 200_000)),
    ), {5: 12, 18: 12}),
    "textile_jobworker": Profile("textile_jobworker", "24", (
        _k("coal and lignite", ["", "08"], [18], ["plain", "dash"], [DAILY], 2, (30_000, 90_000)),
        _k("dyes and chemicals", ["27", ""], [18], ["erp_compact", "tally_fy"], [DEPOT], 4),
        _k("sub job worker (embroidery, printing)", [""], [5], ["plain", "tally_fy"], weight=4),
        _k("machinery spares", ["33", "03"], [18], ["sap", "long_fy"], weight=2),
        _k("packing material", ["", "27"], [18, 5], ["tally_fy", "dash"], weight=2),
        _k("factory housekeeping", [""], [18], ["tally_fy"], [MONTHLY], 1),
    ), {5: 12}),
}
PROFILES = tuple(PROFILE_TABLE)


@dataclass
class Supplier:
    gstin: str
    name: str
    state: str  # the supplier's state (its GSTIN's first two digits)
    kind: Kind
    style: str
    prefix: str
    depot_gstin: str = ""  # the same PAN's registration in the recipient's state
    serials: dict[str, int] = field(default_factory=dict)  # next serial per series (inv, cn, dn, alt)

    def take(self, series: str, count: int = 1) -> int:
        first = self.serials[series]
        self.serials[series] = first + count
        return first

    def has(self, flag: str) -> bool:
        return flag in self.kind.flags


@dataclass
class World:
    profile: Profile
    recipient_gstin: str
    suppliers: list[Supplier]
    used: set[str]

    @property
    def state(self) -> str:
        return self.profile.state


def make_gstin(rng: random.Random, state: str, used: set[str], pan: str | None = None) -> str:
    for _ in range(1000):
        if pan is None:
            letters = "".join(rng.choice(string.ascii_uppercase) for _ in range(3))
            candidate = (letters + rng.choice("CFP") + rng.choice(string.ascii_uppercase)
                         + f"{rng.randrange(10_000):04d}" + rng.choice(string.ascii_uppercase))
        else:
            candidate = pan
        body = f"{state}{candidate}{rng.choice('12') if pan else '1'}Z"
        gstin = body + check_character(body)
        if gstin not in used:
            used.add(gstin)
            return gstin
    raise RuntimeError("no free GSTIN")


_SYLLABLES = ("Shri", "Sai", "Ganesh", "Konkan", "Deccan", "Sahyadri", "Kaveri", "Narmada", "Vijay", "Laxmi",
              "Om", "Tapi", "Malabar", "Mandovi", "Surya", "Annapurna", "Bharat", "Nilgiri")
_ENDINGS = ("Traders", "Enterprises", "Agencies", "Industries", "Services", "& Co", "Pvt Ltd", "LLP")


def build_world(rng: random.Random, profile: Profile, size: int) -> World:
    used: set[str] = set()
    recipient = make_gstin(rng, profile.state, used)
    suppliers = []
    weights = [k.weight for k in profile.kinds]
    count = max(len(profile.kinds), size // 10)
    kinds = list(profile.kinds) + rng.choices(profile.kinds, weights, k=count - len(profile.kinds))
    for n, kind in enumerate(kinds):
        state = rng.choice(kind.states) or profile.state
        if STAY in kind.flags and state == profile.state:
            state = next(s for s in kind.states if s and s != profile.state)
        gstin = make_gstin(rng, state, used)
        style = rng.choice(kind.styles)
        prefix = "".join(rng.choice(string.ascii_uppercase) for _ in range(rng.randrange(2, 4)))
        if style == "sap":
            prefix = rng.choice(("90", "91", "52", "18"))
        name = f"{rng.choice(_SYLLABLES)} {rng.choice(_SYLLABLES)} {rng.choice(_ENDINGS)} {n}"
        depot = ""
        if DEPOT in kind.flags and state != profile.state:
            depot = make_gstin(rng, profile.state, used, pan=gstin[2:12])
        serials = {s: rng.randrange(150, 4_000) for s in ("inv", "cn", "dn", "alt")}
        suppliers.append(Supplier(gstin, name, state, kind, style, prefix, depot, serials))
    return World(profile, recipient, suppliers, used)
