"""The recipient and its suppliers for January 2027: four profiles, each a business none of the earlier
blind generators centred on.

* ``quick_commerce``: a cloud-kitchen / dark-store operator in Bengaluru. Packaging and groceries
  on B2B bills, and staff cabs, housekeeping, meals and hotel stays bought through e-commerce
  operators that pay the tax under section 9(5) (IMS ``ecom``), plus the operators' own platform-fee
  invoices (``b2b``), and SaaS billed in dollars.
* ``logistics_3pl``: a 3PL in Gurugram. Goods transport agencies that opted for forward charge at
  12 %, warehouse rent, tyres and spares, toll-management services, diesel-surcharge debit notes.
* ``tower_fm``: a telecom-tower and facility-management company in Mumbai. Many individual landlords
  (one site each, the same rent every month, numbers coded by the month), FM and security vendors on
  SAP, SLA-penalty credit notes.
* ``nbfc_branches``: an NBFC's Tamil Nadu registration (its Karnataka registration is another
  GSTIN of the same PAN), many small service bills from branch vendors.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from india_ims.gst_india.gstin import check_character

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
OTHER_STATES = ["07", "09", "24", "27", "29", "32", "33", "36", "19", "06", "30"]


def make_gstin(rng: random.Random, state: str, holder: str = "C", pan: str | None = None,
               entity: str = "1") -> str:
    """A GSTIN with a valid check character; ``pan`` reuses a PAN (a sister registration)."""
    if pan is None:
        pan = ("".join(rng.choice(LETTERS) for _ in range(3)) + holder + rng.choice(LETTERS)
               + f"{rng.randrange(1, 10_000):04d}" + rng.choice(LETTERS))
    first = f"{state}{pan}{entity}Z"
    return first + check_character(first)


@dataclass
class Supplier:
    gstin: str
    name: str
    kind: str  # what it supplies; decides rate, section and number style
    style: str  # number style, see ``numbers``
    rate: int  # GST rate in percent
    recurring: bool = False  # the same bill every month
    monthly: int = 0  # the recurring taxable value, paise
    serial: int = 0  # next serial of its series
    code: str = ""  # the recipient's vendor code for it (SAP / vendor portal)

    @property
    def state(self) -> str:
        return self.gstin[:2]

    @property
    def pan(self) -> str:
        return self.gstin[2:12]


@dataclass(frozen=True)
class Profile:
    name: str
    state: str
    kinds: dict[str, float]  # kind -> weight among ordinary bills
    sap: bool  # the recipient books through SAP MIRO or a vendor portal (vendor codes)


# kind -> (rate, number style, recurring, holder letter of the PAN, share of suppliers out of state)
KINDS = {
    "packaging": (18, "inv", False, "C", 0.3),
    "groceries": (5, "tally", False, "F", 0.0),
    "eco_housekeeping": (18, "eco", False, "C", 0.0),
    "eco_cab": (5, "eco", False, "C", 0.0),
    "eco_meal": (5, "eco", False, "C", 0.0),
    "eco_hotel": (18, "eco", False, "C", 1.0),
    "saas_usd": (18, "sap", False, "C", 1.0),
    "dark_store_rent": (18, "landlord", True, "P", 0.0),
    "gta_fcm": (12, "gta", False, "F", 0.5),
    "warehouse_rent": (18, "landlord", True, "C", 0.0),
    "tyres": (28, "inv", False, "C", 0.5),
    "toll_services": (18, "sap", False, "C", 0.5),
    "tower_landlord": (18, "landlord", True, "P", 0.0),
    "fm_vendor": (18, "sap", True, "C", 0.2),
    "security": (18, "tally", True, "F", 0.0),
    "stationery": (12, "tally", False, "F", 0.0),
    "courier": (18, "inv", False, "C", 0.4),
    "valuation": (18, "tally", False, "P", 0.0),
    "branch_rent": (18, "landlord", True, "P", 0.0),
}

PROFILES_TABLE = {
    "quick_commerce": Profile("quick_commerce", "29", {
        "packaging": 3, "groceries": 4, "eco_housekeeping": 2, "eco_cab": 2, "eco_meal": 1,
        "eco_hotel": 1, "saas_usd": 1, "dark_store_rent": 2}, sap=False),
    "logistics_3pl": Profile("logistics_3pl", "06", {
        "gta_fcm": 6, "warehouse_rent": 2, "tyres": 2, "toll_services": 1, "saas_usd": 1,
        "eco_cab": 1}, sap=True),
    "tower_fm": Profile("tower_fm", "27", {
        "tower_landlord": 6, "fm_vendor": 3, "security": 2, "saas_usd": 1}, sap=True),
    "nbfc_branches": Profile("nbfc_branches", "33", {
        "stationery": 3, "courier": 2, "valuation": 3, "branch_rent": 3, "security": 1, "eco_cab": 1,
        "saas_usd": 1}, sap=False),
}
PROFILES = tuple(PROFILES_TABLE)
NBFC_OTHER_STATE = "29"  # the NBFC's other registration
ECO_OPERATORS = {"eco_housekeeping": "UC", "eco_cab": "RD", "eco_meal": "ZF", "eco_hotel": "MT"}


@dataclass
class World:
    profile: Profile
    recipient_gstin: str
    suppliers: dict[str, list[Supplier]] = field(default_factory=dict)  # kind -> suppliers

    def pick(self, rng: random.Random, kind: str) -> Supplier:
        return rng.choice(self.suppliers[kind])


def _supplier(rng: random.Random, profile: Profile, kind: str, n: int) -> Supplier:
    rate, style, recurring, holder, out = KINDS[kind]
    state = rng.choice(OTHER_STATES[:-1]) if rng.random() < out else profile.state
    if state == profile.state and out == 1.0:
        state = "30"
    gstin = make_gstin(rng, state, holder)
    monthly = rng.randrange(800_00, 2_50_000_00) if recurring else 0
    return Supplier(gstin, f"{kind.replace('_', ' ').title()} {n}", kind, style, rate, recurring,
                    monthly, rng.randrange(3, 900), code=f"V{rng.randrange(1_000, 10_000)}")


def build_world(rng: random.Random, profile: Profile, size: int) -> World:
    recipient = make_gstin(rng, profile.state, "C")
    world = World(profile, recipient)
    count = max(8, size // 8)
    total = sum(profile.kinds.values())
    for kind, weight in profile.kinds.items():
        world.suppliers[kind] = [_supplier(rng, profile, kind, n) for n in
                                 range(max(2, round(count * weight / total)))]
    return world
